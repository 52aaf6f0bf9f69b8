using System;
using System.Globalization;
using SafeMigrations.Analyzers.Model;

namespace SafeMigrations.Analyzers.Rules;

/// <summary>What kind of values a store type holds; type changes are judged within and across these.</summary>
internal enum StoreTypeFamily
{
    Other = 0,
    String,
    Binary,
    Integer,
    Decimal,
    Float,
    Timestamp,
    TimestampTz,
    Time,
    TimeTz,
    Interval,
    Date,
}

/// <summary>
/// A column's store type, parsed from the text EF writes (<c>type:</c>/<c>oldType:</c>, the Designer's
/// <c>HasColumnType</c>) or from raw DDL: one canonical name per provider alias (<c>character varying</c> is
/// <c>varchar</c>, <c>integer</c> is <c>int</c>), and its length, precision and scale with the provider's
/// defaults filled in, so that two spellings of one type compare equal.
/// </summary>
internal sealed record StoreType(
    string Text,
    string Name,
    StoreTypeFamily Family,
    int? Length,
    int? Precision,
    int? Scale,
    int ByteWidth,
    bool IsUnicode,
    bool IsFixedLength,
    bool IsArray)
{
    /// <summary>True for a string or binary type with no length limit (<c>text</c>, <c>nvarchar(max)</c>, <c>varchar</c> on PostgreSQL).</summary>
    public bool IsUnbounded => Family is StoreTypeFamily.String or StoreTypeFamily.Binary && Length is null;

    /// <summary>Same type, spelled either way: <c>character varying(100)</c> and <c>varchar(100)</c>.</summary>
    public bool SameAs(StoreType other) =>
        string.Equals(Name, other.Name, StringComparison.Ordinal)
        && Length == other.Length
        && Precision == other.Precision
        && Scale == other.Scale
        && IsArray == other.IsArray;

    /// <summary>Parses <paramref name="text"/> as a store type of <paramref name="provider"/>; null when there is nothing to parse.</summary>
    public static StoreType? Parse(string? text, DatabaseProvider provider)
    {
        if (text is null)
        {
            return null;
        }

        var normalized = Normalize(text);
        if (normalized.Length == 0)
        {
            return null;
        }

        var isArray = false;
        while (normalized.EndsWith("[]", StringComparison.Ordinal))
        {
            isArray = true;
            normalized = normalized.Substring(0, normalized.Length - 2).TrimEnd();
        }

        // "timestamp(3) with time zone": the arguments sit inside the name; lift them out.
        string? arguments = null;
        var open = normalized.IndexOf('(');
        if (open >= 0)
        {
            var close = normalized.IndexOf(')', open);
            if (close < 0)
            {
                return null;
            }

            arguments = normalized.Substring(open + 1, close - open - 1).Trim();
            normalized = (normalized.Substring(0, open).TrimEnd() + " " + normalized.Substring(close + 1).TrimStart()).Trim();
        }

        // MySQL: "varchar(100) character set utf8mb4 collate ...", "int unsigned".
        var unsigned = false;
        foreach (var tail in new[] { " character set ", " charset ", " collate " })
        {
            var at = normalized.IndexOf(tail, StringComparison.Ordinal);
            if (at > 0)
            {
                normalized = normalized.Substring(0, at).TrimEnd();
            }
        }

        if (normalized.EndsWith(" unsigned", StringComparison.Ordinal))
        {
            unsigned = true;
            normalized = normalized.Substring(0, normalized.Length - " unsigned".Length).TrimEnd();
        }

        var (first, second) = SplitArguments(arguments);
        var type = Classify(normalized, provider, first, second, unsigned);
        return type with { Text = text.Trim(), IsArray = isArray };
    }

    private static StoreType Classify(string name, DatabaseProvider provider, string? first, string? second, bool unsigned)
    {
        var firstNumber = Number(first);
        var secondNumber = Number(second);
        var isMax = string.Equals(first, "max", StringComparison.Ordinal);

        switch (name)
        {
            // Strings.
            case "character varying":
            case "varchar":
            case "varchar2":
                return Str("varchar", isMax ? null : firstNumber, unicode: provider != DatabaseProvider.SqlServer, fixedLength: false);
            case "nvarchar":
            case "national character varying":
            case "national varchar":
                return Str("nvarchar", isMax ? null : firstNumber, unicode: true, fixedLength: false);
            case "character":
            case "char":
            case "bpchar":
                // PostgreSQL's bare "character" is character(1); SQL Server's and MySQL's bare char is char(1) too.
                return Str("char", firstNumber ?? 1, unicode: provider != DatabaseProvider.SqlServer, fixedLength: true);
            case "nchar":
            case "national character":
                return Str("nchar", firstNumber ?? 1, unicode: true, fixedLength: true);
            case "text":
                // MySQL's TEXT holds 65,535 bytes; PostgreSQL's and SQLite's text has no limit; SQL Server's text is deprecated.
                return Str("text", provider == DatabaseProvider.MySql ? 65535 : null, unicode: provider != DatabaseProvider.SqlServer, fixedLength: false);
            case "ntext":
                return Str("ntext", null, unicode: true, fixedLength: false);
            case "tinytext":
                return Str("tinytext", 255, unicode: true, fixedLength: false);
            case "mediumtext":
                return Str("mediumtext", 16777215, unicode: true, fixedLength: false);
            case "longtext":
                return Str("longtext", null, unicode: true, fixedLength: false);
            case "citext":
                return Str("citext", null, unicode: true, fixedLength: false);

            // Binary.
            case "varbinary":
            case "binary varying":
                return Bin("varbinary", isMax ? null : firstNumber, fixedLength: false);
            case "binary":
                return Bin("binary", firstNumber ?? 1, fixedLength: true);
            case "bytea":
            case "blob" when provider != DatabaseProvider.MySql:
            case "image":
            case "longblob":
                return Bin(name, null, fixedLength: false);
            case "blob":
                return Bin("blob", 65535, fixedLength: false);
            case "tinyblob":
                return Bin("tinyblob", 255, fixedLength: false);
            case "mediumblob":
                return Bin("mediumblob", 16777215, fixedLength: false);

            // Integers, by byte width. SQL Server's tinyint is unsigned, MySQL's is signed unless "unsigned".
            case "tinyint":
                return Int(unsigned ? "tinyint unsigned" : "tinyint", 1);
            case "smallint":
            case "int2":
            case "smallserial":
            case "serial2":
                return Int(unsigned ? "smallint unsigned" : "smallint", 2);
            case "mediumint":
                return Int(unsigned ? "mediumint unsigned" : "mediumint", 3);
            case "int":
            case "integer" when provider != DatabaseProvider.Sqlite:
            case "int4":
            case "serial":
            case "serial4":
                return Int(unsigned ? "int unsigned" : "int", 4);
            case "bigint":
            case "int8":
            case "bigserial":
            case "serial8":
                return Int(unsigned ? "bigint unsigned" : "bigint", 8);
            case "integer":
                // SQLite's INTEGER holds up to 8 bytes.
                return Int("integer", 8);

            // Exact numerics. Defaults: SQL Server decimal(18,0), MySQL decimal(10,0), PostgreSQL unconstrained.
            case "numeric":
            case "decimal":
            case "dec":
            case "fixed":
                if (provider == DatabaseProvider.Sqlite)
                {
                    return Other("numeric");
                }

                if (firstNumber is null && provider == DatabaseProvider.PostgreSql)
                {
                    return new StoreType(string.Empty, "numeric", StoreTypeFamily.Decimal, null, null, null, 0, false, false, false);
                }

                var precision = firstNumber ?? (provider == DatabaseProvider.MySql ? 10 : 18);
                return new StoreType(string.Empty, "numeric", StoreTypeFamily.Decimal, null, precision, secondNumber ?? 0, 0, false, false, false);
            case "money":
                return new StoreType(string.Empty, "money", StoreTypeFamily.Decimal, null, 19, 4, 0, false, false, false);
            case "smallmoney":
                return new StoreType(string.Empty, "smallmoney", StoreTypeFamily.Decimal, null, 10, 4, 0, false, false, false);

            // Approximate numerics, by byte width.
            case "real":
            case "float4":
                // MySQL's REAL is DOUBLE unless REAL_AS_FLOAT is set; SQLite's REAL is 8 bytes.
                return Flt("real", provider is DatabaseProvider.MySql or DatabaseProvider.Sqlite ? 8 : 4);
            case "double precision":
            case "double":
            case "float8":
                return Flt("double", 8);
            case "float":
                if (provider == DatabaseProvider.MySql)
                {
                    return Flt(firstNumber is > 24 ? "double" : "float", firstNumber is > 24 ? 8 : 4);
                }

                return Flt(firstNumber is <= 24 ? "real" : "double", firstNumber is <= 24 ? 4 : 8);

            // Date and time, with the fractional-second precision each provider defaults to.
            case "timestamp with time zone":
            case "timestamptz":
                return Temporal("timestamptz", StoreTypeFamily.TimestampTz, firstNumber ?? 6);
            case "timestamp without time zone":
            case "timestamp" when provider != DatabaseProvider.SqlServer:
                return Temporal("timestamp", StoreTypeFamily.Timestamp, firstNumber ?? (provider == DatabaseProvider.MySql ? 0 : 6));
            case "datetime2":
                return Temporal("datetime2", StoreTypeFamily.Timestamp, firstNumber ?? 7);
            case "datetime" when provider == DatabaseProvider.MySql:
                return Temporal("datetime", StoreTypeFamily.Timestamp, firstNumber ?? 0);
            case "datetime":
                // SQL Server's datetime: 1/300 s, roughly 3 digits, and years from 1753.
                return Temporal("datetime", StoreTypeFamily.Timestamp, 3);
            case "smalldatetime":
                return Temporal("smalldatetime", StoreTypeFamily.Timestamp, 0);
            case "datetimeoffset":
                return Temporal("datetimeoffset", StoreTypeFamily.TimestampTz, firstNumber ?? 7);
            case "time without time zone":
            case "time":
                return Temporal("time", StoreTypeFamily.Time, firstNumber ?? (provider == DatabaseProvider.SqlServer ? 7 : provider == DatabaseProvider.MySql ? 0 : 6));
            case "time with time zone":
            case "timetz":
                return Temporal("timetz", StoreTypeFamily.TimeTz, firstNumber ?? 6);
            case "interval":
                return Temporal("interval", StoreTypeFamily.Interval, firstNumber ?? 6);
            case "date":
                return new StoreType(string.Empty, "date", StoreTypeFamily.Date, null, null, null, 0, false, false, false);

            case "boolean":
            case "bool":
                return Other("boolean");
            case "uuid":
            case "uniqueidentifier":
                return Other("uuid");
            default:
                // Anything else keeps its arguments in the name, so that only equal spellings compare equal.
                return Other(first is null ? name : second is null ? $"{name}({first})" : $"{name}({first},{second})");
        }
    }

    /// <summary>
    /// SQLite's type affinity, by the rules of sqlite.org/datatype3.html section 3.1: the declared type
    /// decides whether values are stored as INTEGER, TEXT, BLOB, REAL or NUMERIC.
    /// </summary>
    public static string SqliteAffinity(string declaredType)
    {
        var type = declaredType.ToUpperInvariant();
        if (type.Contains("INT"))
        {
            return "INTEGER";
        }

        if (type.Contains("CHAR") || type.Contains("CLOB") || type.Contains("TEXT"))
        {
            return "TEXT";
        }

        if (type.Contains("BLOB") || type.Trim().Length == 0)
        {
            return "BLOB";
        }

        if (type.Contains("REAL") || type.Contains("FLOA") || type.Contains("DOUB"))
        {
            return "REAL";
        }

        return "NUMERIC";
    }

    private static StoreType Str(string name, int? length, bool unicode, bool fixedLength) =>
        new(string.Empty, name, StoreTypeFamily.String, length, null, null, 0, unicode, fixedLength, false);

    private static StoreType Bin(string name, int? length, bool fixedLength) =>
        new(string.Empty, name, StoreTypeFamily.Binary, length, null, null, 0, false, fixedLength, false);

    private static StoreType Int(string name, int bytes) =>
        new(string.Empty, name, StoreTypeFamily.Integer, null, null, null, bytes, false, false, false);

    private static StoreType Flt(string name, int bytes) =>
        new(string.Empty, name, StoreTypeFamily.Float, null, null, null, bytes, false, false, false);

    private static StoreType Temporal(string name, StoreTypeFamily family, int precision) =>
        new(string.Empty, name, family, null, precision, null, 0, false, false, false);

    private static StoreType Other(string name) =>
        new(string.Empty, name, StoreTypeFamily.Other, null, null, null, 0, false, false, false);

    private static string Normalize(string text)
    {
        var builder = new System.Text.StringBuilder(text.Length);
        var space = false;
        foreach (var c in text.Trim().Trim('"', '`'))
        {
            if (char.IsWhiteSpace(c))
            {
                space = builder.Length > 0;
                continue;
            }

            if (space && c != '(' && c != ')' && c != ',' && builder[builder.Length - 1] != '(' && builder[builder.Length - 1] != ',')
            {
                builder.Append(' ');
            }

            space = false;
            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }

    private static (string? First, string? Second) SplitArguments(string? arguments)
    {
        if (string.IsNullOrEmpty(arguments))
        {
            return (null, null);
        }

        var comma = arguments!.IndexOf(',');
        return comma < 0
            ? (arguments.Trim(), null)
            : (arguments.Substring(0, comma).Trim(), arguments.Substring(comma + 1).Trim());
    }

    private static int? Number(string? text) =>
        text is not null && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0 ? value : null;
}
