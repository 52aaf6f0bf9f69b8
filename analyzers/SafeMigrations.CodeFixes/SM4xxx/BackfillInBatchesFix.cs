using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using SafeMigrations.Analyzers.Model;
using SafeMigrations.Analyzers.RawSql;
using SafeMigrations.Analyzers.Rollback;
using SafeMigrations.CodeFixes.Engine;

namespace SafeMigrations.CodeFixes;

/// <summary>
/// SM4002: a whole-table <c>UPDATE t SET c = literal, ...</c> becomes <c>BackfillInBatches(t, setSql, whereSql)</c>,
/// whose WHERE selects the rows the SET still changes, so every batch makes progress and a re-run resumes. Only
/// literal values are rewritten: an expression such as <c>c = c + 1</c> would never stop matching. It goes into a
/// migration of its own (before or after, as for SM4003) when the migration does anything else.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BackfillInBatchesFix))]
public sealed class BackfillInBatchesFix : MigrationCodeFix
{
    public const string EquivalenceKey = "SafeMigrations.BackfillInBatches";

    // Not UPDATE ONLY (PostgreSQL: the parent's own rows, not its inheritance children's): BackfillInBatches updates them all.
    private static readonly Regex Update = new(
        @"^\s*UPDATE\s+(?!ONLY\s)(?<table>\S+)\s+SET\s+(?<set>.+?)\s*;?\s*$",
        RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant);

    private static readonly Regex Assignment = new(
        @"^\s*(?<column>""(?:[^""]|"""")+""|\[[^\]]+\]|`[^`]+`|[A-Za-z_][A-Za-z0-9_]*)\s*=\s*(?<value>-?\d+(?:\.\d+)?|N?'(?:[^']|'')*'|TRUE|FALSE|NULL)\s*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("SM4002");

    public override string Key => EquivalenceKey;

    public override string Title => "Update in batches (BackfillInBatches)";

    internal override string NewMigrationSuffix => "Backfill";

    internal override Placement PlacementFor(FixTarget target) => MoveToOwnMigrationFix.BackfillPlacement(target) ?? Placement.After;

    internal override bool TryPlan(FixTarget target, MigrationRewrite rewrite)
    {
        // In place when the migration does nothing else; otherwise in a migration of its own, before or after it (or none).
        var operation = target.Operation;
        var inPlace = target.Migration.Up.Operations.Count == 1;
        if (operation.Kind != OperationType.Sql
            || operation.BooleanArgument("suppressTransaction") == true
            || operation.StringArgument("sql") is not { } sql
            || target.Provider is DatabaseProvider.Unknown
            || RawSqlReader.Read(operation, target.Provider, new PreviousSchema(() => null)) is not { Unchecked: null } reading
            || reading.Operations.Count != 1
            || reading.Operations[0] is not { Kind: OperationType.UpdateRows, Table: { } table } update
            || Update.Match(sql) is not { Success: true } match
            || (inPlace ? Placement.After : MoveToOwnMigrationFix.BackfillPlacement(target)) is not { } placement
            || WhereStillToDo(match.Groups["set"].Value, target.Provider, ColumnTypes(target, table, update.Schema, runsBefore: placement == Placement.Before)) is not { } where)
        {
            return false;
        }

        var call = new CallWriter("BackfillInBatches").Literal("table", table).Literal("setSql", match.Groups["set"].Value.Trim())
            .Literal("whereSql", where).Literal("schema", update.Schema).Literal("batchSize", ExpandContract.BackfillBatchSize).Write() + ";";
        if (inPlace)
        {
            rewrite.UsesRuntime = true;
            rewrite.Replace(target.Statement, call);
            return true;
        }

        rewrite.Move(target, SourceEdits.TextWithComments(target.Statement, call));
        return true;
    }

    /// <summary>
    /// The store type of each column of the table when the backfill runs, by name: as the migration leaves it (its own
    /// Designer) for a backfill in its place or after it, as the previous migration left it for one moved before it (a
    /// later step of the source, an AlterColumn, needs its data). A name is matched as the model spells it, or, on the
    /// providers whose names are not case-sensitive, by the one column that differs in case only.
    /// </summary>
    private static Func<string, string?> ColumnTypes(FixTarget target, string table, string? schema, bool runsBefore)
    {
        // Read on the first question: SQLite asks none.
        var model = new Lazy<TableDefinition?>(() => (runsBefore ? ExpandContract.PreviousModel(target) : ExpandContract.OwnModel(target))?.Table(table, schema));
        return name =>
        {
            var definition = model.Value;
            var column = definition?.Column(name);
            if (column is null && definition is not null && target.Provider != DatabaseProvider.PostgreSql)
            {
                var alike = definition.Columns.Where(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)).ToList();
                column = alike.Count == 1 ? alike[0] : null;
            }

            return column?.StoreType is { Length: > 0 } storeType ? storeType : null;
        };
    }

    /// <summary>
    /// The rows the SET list still changes: for each column, NULL or a value other than exactly what the SET stores. The
    /// batches run until no row matches, so the test must be exact both ways: a comparison under the column's collation
    /// skips rows equal to the value but for case, accents or trailing spaces (SQL Server's and MySQL's default
    /// collations), which the UPDATE it replaces would have rewritten; and a comparison in another type than the
    /// column's never stops matching (a real column is never equal to the numeric 0.1). So the value is compared as the
    /// column stores it (<paramref name="storeTypeOf"/> gives the column's type), text as text or bytes. Null when a
    /// value cannot be compared that way: then no fix.
    /// </summary>
    internal static string? WhereStillToDo(string set, DatabaseProvider provider, Func<string, string?> storeTypeOf)
    {
        var conditions = new List<string>();
        foreach (var part in SplitTopLevel(set))
        {
            if (Assignment.Match(part) is not { Success: true } assignment)
            {
                return null;
            }

            var column = assignment.Groups["column"].Value;
            var value = assignment.Groups["value"].Value;
            var condition = value.Equals("NULL", StringComparison.OrdinalIgnoreCase)
                ? $"{column} IS NOT NULL"
                : Differs(column, value, provider, provider == DatabaseProvider.Sqlite ? null : storeTypeOf(Unquote(column, provider)));
            if (condition is null)
            {
                return null;
            }

            conditions.Add(condition);
        }

        return conditions.Count == 0 ? null : string.Join(" OR ", conditions);
    }

    private static string? Differs(string column, string value, DatabaseProvider provider, string? storeType) => provider switch
    {
        // As text of the column's own type, compared byte by byte (COLLATE "C": a column's nondeterministic collation would
        // otherwise carry over to its text): exact for every type (citext and json, which has no equality, included), and a
        // value the SET stored reads back as the same text.
        DatabaseProvider.PostgreSql when storeType is not null => $"(({column})::text COLLATE \"C\") IS DISTINCT FROM (CAST({value} AS {storeType}))::text",

        // As bytes: the default *_CI_AS collations call 'john' and 'John' equal and ignore trailing spaces.
        DatabaseProvider.SqlServer when storeType is not null => SqlServerDiffers(column, value, storeType),

        // SQLite applies the column's affinity to the value; BINARY overrides a NOCASE or RTRIM column.
        DatabaseProvider.Sqlite => $"({column} IS NOT {value} COLLATE BINARY)",
        DatabaseProvider.MySql when storeType is not null => MySqlDiffers(column, value, storeType),
        _ => null,
    };

    /// <summary>
    /// SQL Server: the bytes of the column and of the value cast to the column's type. A char/varchar column's bytes are
    /// in its collation's code page, which may not be the database's (a UTF-8 collation, say), where the value would be
    /// cast: both sides are compared as their Unicode twin (nchar(n), nvarchar(n)), which keeps char(n)'s padding.
    /// </summary>
    private static string? SqlServerDiffers(string column, string value, string storeType)
    {
        var type = storeType.Trim();
        var twin = UnicodeTwin(type);
        if (twin?.Length == 0)
        {
            return null;
        }

        var stored = twin is null ? column : $"CAST({column} AS {twin})";
        var wanted = $"CAST({value} AS {twin ?? type})";

        // SQL Server calls two binary values equal when they differ only in trailing zero bytes (a string that ends in
        // U+0000): their lengths are compared too.
        return $"({column} IS NULL OR CAST({stored} AS varbinary(max)) <> CAST({wanted} AS varbinary(max)) OR DATALENGTH({stored}) <> DATALENGTH({wanted}))";
    }

    /// <summary>nchar/nvarchar for a non-Unicode text type (empty for one without a twin), or null for any other type.</summary>
    private static string? UnicodeTwin(string type)
    {
        var lower = type.ToLowerInvariant();
        var baseType = lower.Split('(')[0].Trim();
        if (baseType is "text")
        {
            return "nvarchar(max)";
        }

        if (baseType is not ("char" or "varchar" or "character" or "character varying"))
        {
            return null;
        }

        var length = lower.IndexOf('(') is var open and >= 0 ? lower.Substring(open + 1).TrimEnd(')', ' ') : "1";
        var isChar = baseType is "char" or "character";
        if (length == "max")
        {
            return isChar ? string.Empty : "nvarchar(max)";
        }

        return int.TryParse(length, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
            ? n <= 4000 ? $"{(isChar ? "nchar" : "nvarchar")}({n})" : isChar ? string.Empty : "nvarchar(max)"
            : string.Empty;
    }

    /// <summary>
    /// MySQL and MariaDB have no cast to a column's own type, so only the values whose comparison is exact get a fix: text
    /// (compared code point by code point as utf8mb4, to which any column character set converts, with the length for the
    /// trailing spaces that PAD SPACE collations ignore), integers, decimals within the column's scale, doubles, and
    /// enum members (stored as the column defines them, so compared under its collation). Not a FLOAT (single precision),
    /// an integer column given a fraction, a SET (stored sorted) or a date or time (stored at the column's precision), which
    /// store another value than the literal's.
    /// </summary>
    private static string? MySqlDiffers(string column, string value, string storeType)
    {
        var type = storeType.Trim().ToLowerInvariant();
        var baseType = type.Split('(', ' ')[0];
        var isText = value.StartsWith("'", StringComparison.Ordinal);
        var isBoolean = value.Equals("TRUE", StringComparison.OrdinalIgnoreCase) || value.Equals("FALSE", StringComparison.OrdinalIgnoreCase);
        var fraction = !isText && value.IndexOf('.') is var dot and >= 0 ? value.Length - dot - 1 : 0;
        switch (baseType)
        {
            case "varchar" or "tinytext" or "text" or "mediumtext" or "longtext" when isText:
                return $"({column} IS NULL OR {column} <> _utf8mb4{value} COLLATE utf8mb4_bin OR CHAR_LENGTH({column}) <> CHAR_LENGTH(_utf8mb4{value}))";
            case "char" when isText:
                // CHAR drops trailing spaces when read, so its length would never match a value that has them.
                return $"({column} IS NULL OR {column} <> _utf8mb4{value} COLLATE utf8mb4_bin)";
            case "enum" when isText:
            case "tinyint" or "smallint" or "mediumint" or "int" or "integer" or "bigint" or "bit" or "bool" or "boolean" when !isText && fraction == 0:
            case "double" or "real" when !isText && !isBoolean && !type.Contains("unsigned"):
            case "decimal" or "numeric" or "dec" or "fixed" when !isText && !isBoolean && fraction <= ScaleOf(type):
                return $"NOT ({column} <=> {value})";
            default:
                return null;
        }
    }

    /// <summary>The scale of <c>decimal(p,s)</c> (0 without one, as MySQL defaults it).</summary>
    private static int ScaleOf(string type) =>
        type.IndexOf(',') is var comma and >= 0 && type.IndexOf(')', comma) is var close and > 0
        && int.TryParse(type.Substring(comma + 1, close - comma - 1).Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var scale)
            ? scale
            : 0;

    /// <summary>The column's name as the model spells it: quotes removed (and a double quote's doubling), a bare PostgreSQL name folded to lower case.</summary>
    private static string Unquote(string column, DatabaseProvider provider) => column[0] switch
    {
        '"' => column.Substring(1, column.Length - 2).Replace("\"\"", "\""),
        '[' or '`' => column.Substring(1, column.Length - 2),
        _ => provider == DatabaseProvider.PostgreSql ? column.ToLowerInvariant() : column,
    };

    /// <summary>The items of a comma list, not splitting inside quotes.</summary>
    private static IEnumerable<string> SplitTopLevel(string list)
    {
        var start = 0;
        var quote = '\0';
        for (var i = 0; i < list.Length; i++)
        {
            var c = list[i];
            if (quote != '\0')
            {
                quote = c == quote ? '\0' : quote;
            }
            else if (c is '\'' or '"' or '`' or '[')
            {
                quote = c == '[' ? ']' : c;
            }
            else if (c == ',')
            {
                yield return list.Substring(start, i - start);
                start = i + 1;
            }
        }

        yield return list.Substring(start);
    }
}
