using System;
using SafeMigrations.Analyzers.Model;

namespace SafeMigrations.Analyzers.Rules;

/// <summary>What a column type change does, as far as SM1005 and SM1006 care.</summary>
internal enum TypeChangeKind
{
    /// <summary>Too little is known to judge: stay quiet.</summary>
    Unknown = 0,

    /// <summary>The same type, spelled the same or another way (or, on SQLite, the same affinity).</summary>
    Unchanged,

    /// <summary>On the provider's list of changes that neither rewrite the table nor lose data.</summary>
    SafeWidening,

    /// <summary>Keeps every value, but rewrites or copies the table, or changes what the app reads (SM1005).</summary>
    Rewrite,

    /// <summary>Existing values may not fit: the migration fails or data is lost (SM1006).</summary>
    Narrowing,
}

/// <summary>Which values a narrowing puts at risk; more than one can apply.</summary>
[Flags]
internal enum NarrowingReason
{
    None = 0,

    /// <summary>A shorter maximum length (or a limit where there was none).</summary>
    Length = 1,

    /// <summary>Fewer digits before the decimal point.</summary>
    IntegerDigits = 2,

    /// <summary>Fewer digits after the decimal point.</summary>
    Scale = 4,

    /// <summary>An integer type with a smaller range.</summary>
    IntegerRange = 8,

    /// <summary>A number with a fraction becomes an integer.</summary>
    Fraction = 16,

    /// <summary>A double becomes a single-precision float.</summary>
    FloatPrecision = 32,

    /// <summary>Fewer fractional-second digits.</summary>
    FractionalSeconds = 64,

    /// <summary>A date and time becomes a date.</summary>
    TimeOfDay = 128,

    /// <summary>SQL Server: a Unicode string becomes a code-page string.</summary>
    Unicode = 256,

    /// <summary>SQL Server: datetime2 becomes datetime or smalldatetime, whose range starts in 1753 or 1900.</summary>
    DateRange = 512,
}

/// <summary>The verdict on one type change.</summary>
internal sealed record TypeChange(TypeChangeKind Kind, NarrowingReason Reasons, StoreType? Old, StoreType? New, bool ClrChanged, string? Note)
{
    public static readonly TypeChange Unknown = new(TypeChangeKind.Unknown, NarrowingReason.None, null, null, false, null);
}

/// <summary>
/// Judges a column type change per provider: a narrowing (SM1006), a safe widening the provider applies without
/// rewriting the table (quiet), or any other change (SM1005). Shared by the AlterColumn rules and by the raw-SQL
/// <c>ALTER COLUMN ... TYPE</c> reader. Never throws; unknown input gives <see cref="TypeChange.Unknown"/>.
/// </summary>
internal static class TypeChangeClassifier
{
    /// <param name="inIndex">SQL Server: the column is in an index, which EF drops and re-creates on any type change.</param>
    /// <param name="bytesPerChar">MySQL: the column's character set's bytes per character (utf8mb4, Pomelo's default: 4).</param>
    public static TypeChange Classify(
        DatabaseProvider provider,
        StoreType? oldType,
        StoreType? newType,
        string? oldClr,
        string? newClr,
        bool inIndex = false,
        int bytesPerChar = 4)
    {
        var oldClrType = ClrType.Normalize(oldClr);
        var newClrType = ClrType.Normalize(newClr);
        var clrChanged = oldClrType is not null && newClrType is not null && !string.Equals(oldClrType, newClrType, StringComparison.Ordinal);

        if (provider == DatabaseProvider.Sqlite)
        {
            return ClassifySqlite(oldType, newType, oldClrType, newClrType, clrChanged);
        }

        if (oldType is null || newType is null)
        {
            return TypeChange.Unknown;
        }

        if (oldType.SameAs(newType))
        {
            return new TypeChange(TypeChangeKind.Unchanged, NarrowingReason.None, oldType, newType, clrChanged, null);
        }

        var reasons = Narrowing(provider, oldType, newType);
        if (reasons != NarrowingReason.None)
        {
            return new TypeChange(TypeChangeKind.Narrowing, reasons, oldType, newType, clrChanged, null);
        }

        var kind = IsSafeWidening(provider, oldType, newType, inIndex, bytesPerChar) ? TypeChangeKind.SafeWidening : TypeChangeKind.Rewrite;
        return new TypeChange(kind, NarrowingReason.None, oldType, newType, clrChanged, RewriteNote(provider, oldType, newType, inIndex, bytesPerChar));
    }

    /// <summary>Which values of <paramref name="oldType"/> may not fit <paramref name="newType"/>; None when all fit.</summary>
    public static NarrowingReason Narrowing(DatabaseProvider provider, StoreType oldType, StoreType newType)
    {
        var reasons = NarrowingReason.None;
        switch (oldType.Family, newType.Family)
        {
            case (StoreTypeFamily.String, StoreTypeFamily.String):
            case (StoreTypeFamily.Binary, StoreTypeFamily.Binary):
                if (newType.Length is { } newLength && (oldType.Length is null || newLength < oldType.Length))
                {
                    reasons |= NarrowingReason.Length;
                }

                if (provider == DatabaseProvider.SqlServer && oldType.Family == StoreTypeFamily.String && oldType.IsUnicode && !newType.IsUnicode)
                {
                    reasons |= NarrowingReason.Unicode;
                }

                break;
            case (StoreTypeFamily.Integer, StoreTypeFamily.Integer):
                if (!Contains(IntegerRange(provider, newType), IntegerRange(provider, oldType)))
                {
                    reasons |= NarrowingReason.IntegerRange;
                }

                break;
            case (StoreTypeFamily.Decimal, StoreTypeFamily.Decimal):
                if (newType.Precision is { } precision)
                {
                    var newScale = newType.Scale ?? 0;
                    if (oldType.Precision is not { } oldPrecision || precision - newScale < oldPrecision - (oldType.Scale ?? 0))
                    {
                        reasons |= NarrowingReason.IntegerDigits;
                    }

                    if (oldType.Precision is null || newScale < (oldType.Scale ?? 0))
                    {
                        reasons |= NarrowingReason.Scale;
                    }
                }

                break;
            case (StoreTypeFamily.Integer, StoreTypeFamily.Decimal):
                if (newType.Precision is { } digits && digits - (newType.Scale ?? 0) < IntegerDigits(provider, oldType))
                {
                    reasons |= NarrowingReason.IntegerDigits;
                }

                break;
            case (StoreTypeFamily.Float, StoreTypeFamily.Decimal):
                // A double holds any magnitude and any number of fractional digits; numeric(p,s) holds neither.
                if (newType.Precision is not null)
                {
                    reasons |= NarrowingReason.IntegerDigits | NarrowingReason.Scale;
                }

                break;
            case (StoreTypeFamily.Decimal, StoreTypeFamily.Integer):
            case (StoreTypeFamily.Float, StoreTypeFamily.Integer):
                reasons |= NarrowingReason.Fraction;
                break;
            case (StoreTypeFamily.Float, StoreTypeFamily.Float):
                if (newType.ByteWidth < oldType.ByteWidth)
                {
                    reasons |= NarrowingReason.FloatPrecision;
                }

                break;
            case (StoreTypeFamily.Timestamp, StoreTypeFamily.Date):
            case (StoreTypeFamily.TimestampTz, StoreTypeFamily.Date):
                reasons |= NarrowingReason.TimeOfDay;
                break;
            case var (from, to) when from == to && from is StoreTypeFamily.Timestamp or StoreTypeFamily.TimestampTz
                or StoreTypeFamily.Time or StoreTypeFamily.TimeTz or StoreTypeFamily.Interval:
                if (newType.Precision < oldType.Precision)
                {
                    reasons |= NarrowingReason.FractionalSeconds;
                }

                if (provider == DatabaseProvider.SqlServer && oldType.Name == "datetime2" && newType.Name is "datetime" or "smalldatetime")
                {
                    reasons |= NarrowingReason.DateRange;
                }

                break;
        }

        return reasons;
    }

    /// <summary>True when the provider changes the type without rewriting or copying the table (the docs pages cite the sources).</summary>
    public static bool IsSafeWidening(DatabaseProvider provider, StoreType oldType, StoreType newType, bool inIndex = false, int bytesPerChar = 4)
    {
        if (oldType.IsArray != newType.IsArray)
        {
            return false;
        }

        switch (provider)
        {
            case DatabaseProvider.PostgreSql:
                // PostgreSQL 9.2 release notes; ALTER TABLE: no rewrite when the old type is binary coercible to the new one.
                if (oldType.Name is "varchar" or "text" && newType.Name is "varchar" or "text")
                {
                    return newType.IsUnbounded || (oldType.Length is { } n && newType.Length >= n);
                }

                if (oldType.Family == StoreTypeFamily.Decimal && oldType.Name == "numeric" && newType.Name == "numeric")
                {
                    return newType.Precision is null || (oldType.Precision is { } p && newType.Precision >= p && newType.Scale == oldType.Scale);
                }

                if (oldType.Name is "timestamp" or "timestamptz" or "time" or "interval" && oldType.Name == newType.Name)
                {
                    return newType.Precision >= oldType.Precision;
                }

                return oldType.Name == "cidr" && newType.Name == "inet";
            case DatabaseProvider.SqlServer:
                // A longer varchar/nvarchar/varbinary, and the deprecated text/ntext/image to their (max) successors,
                // change only metadata; but EF drops and re-creates every index on the column.
                return !inIndex && (IsLongerVariableLength(oldType, newType) || IsLegacyLobToMax(oldType, newType));
            case DatabaseProvider.MySql:
                // InnoDB extends a VARCHAR in place only while its length prefix keeps its size (1 byte up to 255 bytes, else 2).
                if (!IsLongerVariableLength(oldType, newType))
                {
                    return false;
                }

                var perChar = oldType.Family == StoreTypeFamily.Binary ? 1 : Math.Max(1, bytesPerChar);
                return (oldType.Length * perChar <= 255) == (newType.Length * perChar <= 255);
            default:
                return false;
        }
    }

    private static bool IsLongerVariableLength(StoreType oldType, StoreType newType) =>
        oldType.Name is "varchar" or "nvarchar" or "varbinary"
        && string.Equals(oldType.Name, newType.Name, StringComparison.Ordinal)
        && oldType.Length is { } n
        && newType.Length is { } m
        && m >= n;

    private static bool IsLegacyLobToMax(StoreType oldType, StoreType newType) =>
        newType.IsUnbounded
        && (oldType.Name, newType.Name) is ("text", "varchar") or ("ntext", "nvarchar") or ("image", "varbinary");

    /// <summary>Why a change that keeps the values still rewrites, where there is more to say than "it rewrites".</summary>
    private static string? RewriteNote(DatabaseProvider provider, StoreType oldType, StoreType newType, bool inIndex, int bytesPerChar)
    {
        if (provider == DatabaseProvider.SqlServer && inIndex && IsLongerVariableLength(oldType, newType))
        {
            return "index";
        }

        if (provider == DatabaseProvider.MySql && IsLongerVariableLength(oldType, newType))
        {
            return "length-prefix";
        }

        if (provider == DatabaseProvider.PostgreSql && oldType.Family is StoreTypeFamily.Timestamp or StoreTypeFamily.TimestampTz
            && newType.Family is StoreTypeFamily.Timestamp or StoreTypeFamily.TimestampTz && oldType.Family != newType.Family)
        {
            return "time-zone";
        }

        return null;
    }

    private static TypeChange ClassifySqlite(StoreType? oldType, StoreType? newType, string? oldClr, string? newClr, bool clrChanged)
    {
        // SQLite enforces no lengths or precisions: only the CLR type the app reads can narrow.
        if (clrChanged)
        {
            var reasons = ClrType.Narrowing(oldClr!, newClr!);
            if (reasons != NarrowingReason.None)
            {
                return new TypeChange(TypeChangeKind.Narrowing, reasons, oldType, newType, true, null);
            }
        }

        var oldAffinity = oldType is not null ? StoreType.SqliteAffinity(oldType.Text) : ClrType.SqliteAffinity(oldClr);
        var newAffinity = newType is not null ? StoreType.SqliteAffinity(newType.Text) : ClrType.SqliteAffinity(newClr);
        if (oldAffinity is null || newAffinity is null)
        {
            return TypeChange.Unknown;
        }

        return string.Equals(oldAffinity, newAffinity, StringComparison.Ordinal)
            ? new TypeChange(TypeChangeKind.Unchanged, NarrowingReason.None, oldType, newType, clrChanged, null)
            : new TypeChange(TypeChangeKind.Rewrite, NarrowingReason.None, oldType, newType, clrChanged, oldAffinity + "->" + newAffinity);
    }

    /// <summary>The range of an integer store type, as (min, max).</summary>
    public static (decimal Min, decimal Max) IntegerRange(DatabaseProvider provider, StoreType type)
    {
        var bits = 8 * Math.Max(1, type.ByteWidth);
        var unsigned = type.Name.EndsWith(" unsigned", StringComparison.Ordinal)
            || (provider == DatabaseProvider.SqlServer && type.Name == "tinyint");
        var span = Pow2(bits);
        return unsigned ? (0m, span - 1) : (-span / 2, (span / 2) - 1);
    }

    private static int IntegerDigits(DatabaseProvider provider, StoreType type)
    {
        var (min, max) = IntegerRange(provider, type);
        var largest = Math.Max(Math.Abs(min), Math.Abs(max));
        return largest.ToString(System.Globalization.CultureInfo.InvariantCulture).Length;
    }

    private static bool Contains((decimal Min, decimal Max) outer, (decimal Min, decimal Max) inner) =>
        outer.Min <= inner.Min && outer.Max >= inner.Max;

    private static decimal Pow2(int bits)
    {
        var value = 1m;
        for (var i = 0; i < bits; i++)
        {
            value *= 2;
        }

        return value;
    }
}
