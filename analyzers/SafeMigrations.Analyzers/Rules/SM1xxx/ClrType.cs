using System;
using SafeMigrations.Analyzers.Model;

namespace SafeMigrations.Analyzers.Rules;

/// <summary>
/// The CLR types of <c>AlterColumn&lt;T&gt;</c> and <c>oldClrType: typeof(T)</c>, as the app sees a column: their
/// C# keyword names, whether one narrows another, and the store type a provider maps them to when the migration
/// names no store type (EF Core 2 migrations, hand-written calls).
/// </summary>
internal static class ClrType
{
    /// <summary>The C# keyword for a framework type name (<c>System.Int64</c> is <c>long</c>), without <c>?</c>; null for nothing.</summary>
    public static string? Normalize(string? name)
    {
        if (name is null)
        {
            return null;
        }

        var type = name.Trim().TrimEnd('?').Replace(" ", string.Empty);
        if (type.StartsWith("global::", StringComparison.Ordinal))
        {
            type = type.Substring("global::".Length);
        }

        if (type.StartsWith("System.", StringComparison.Ordinal))
        {
            type = type.Substring("System.".Length);
        }

        return type switch
        {
            "" => null,
            "String" => "string",
            "Int64" => "long",
            "Int32" => "int",
            "Int16" => "short",
            "Byte" => "byte",
            "SByte" => "sbyte",
            "UInt64" => "ulong",
            "UInt32" => "uint",
            "UInt16" => "ushort",
            "Boolean" => "bool",
            "Decimal" => "decimal",
            "Double" => "double",
            "Single" => "float",
            "Byte[]" => "byte[]",
            _ => type,
        };
    }

    /// <summary>What the app can no longer hold when its property changes from <paramref name="oldClr"/> to <paramref name="newClr"/>.</summary>
    public static NarrowingReason Narrowing(string oldClr, string newClr)
    {
        var oldRange = IntegerRange(oldClr);
        var newRange = IntegerRange(newClr);
        if (newRange is { } to)
        {
            if (oldRange is { } from)
            {
                return to.Min <= from.Min && to.Max >= from.Max ? NarrowingReason.None : NarrowingReason.IntegerRange;
            }

            return oldClr is "decimal" or "double" or "float" ? NarrowingReason.Fraction : NarrowingReason.None;
        }

        return oldClr is "double" or "decimal" && newClr == "float" ? NarrowingReason.FloatPrecision : NarrowingReason.None;
    }

    /// <summary>The range of an integer CLR type, or null for any other type.</summary>
    public static (decimal Min, decimal Max)? IntegerRange(string? clr) => clr switch
    {
        "sbyte" => (sbyte.MinValue, sbyte.MaxValue),
        "byte" => (byte.MinValue, byte.MaxValue),
        "short" => (short.MinValue, short.MaxValue),
        "ushort" => (ushort.MinValue, ushort.MaxValue),
        "int" => (int.MinValue, int.MaxValue),
        "uint" => (uint.MinValue, uint.MaxValue),
        "long" => (long.MinValue, long.MaxValue),
        "ulong" => (ulong.MinValue, ulong.MaxValue),
        _ => null,
    };

    /// <summary>The affinity of the column EF Core's SQLite provider creates for a CLR type; null when unknown.</summary>
    public static string? SqliteAffinity(string? clr) => clr switch
    {
        null => null,
        "string" or "decimal" or "DateTime" or "DateTimeOffset" or "TimeSpan" or "Guid" or "DateOnly" or "TimeOnly" or "char" => "TEXT",
        "double" or "float" => "REAL",
        "byte[]" => "BLOB",
        _ when IntegerRange(clr) is not null || clr == "bool" => "INTEGER",
        _ => null,
    };

    /// <summary>
    /// The store type EF Core's provider maps <paramref name="clr"/> to by default, with the migration's
    /// <c>maxLength</c>, <c>precision</c> and <c>scale</c>; null for types whose mapping is not known here.
    /// </summary>
    public static StoreType? DefaultStoreType(DatabaseProvider provider, string? clr, long? maxLength, long? precision, long? scale)
    {
        var text = (provider, Normalize(clr)) switch
        {
            (_, null) => null,
            (DatabaseProvider.PostgreSql, "string") => maxLength is null ? "text" : $"character varying({maxLength})",
            (DatabaseProvider.SqlServer, "string") => maxLength is null ? "nvarchar(max)" : $"nvarchar({maxLength})",
            (DatabaseProvider.MySql, "string") => maxLength is null ? "longtext" : $"varchar({maxLength})",
            (DatabaseProvider.PostgreSql, "byte[]") => "bytea",
            (DatabaseProvider.SqlServer, "byte[]") => maxLength is null ? "varbinary(max)" : $"varbinary({maxLength})",
            (DatabaseProvider.MySql, "byte[]") => maxLength is null ? "longblob" : $"varbinary({maxLength})",
            (_, "long") => "bigint",
            (_, "int") => "int",
            (_, "short") => "smallint",
            (DatabaseProvider.PostgreSql, "decimal") => precision is null ? "numeric" : $"numeric({precision},{scale ?? 0})",
            (_, "decimal") => $"decimal({precision ?? 18},{scale ?? 2})",
            (_, "double") => "double precision",
            (DatabaseProvider.MySql, "float") => "float",
            (_, "float") => "real",
            _ => null,
        };

        return StoreType.Parse(text, provider);
    }
}
