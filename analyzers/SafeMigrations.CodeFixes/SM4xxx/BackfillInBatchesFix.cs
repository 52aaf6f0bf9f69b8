using System;
using System.Collections.Generic;
using System.Collections.Immutable;
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

    private static readonly Regex Update = new(
        @"^\s*UPDATE\s+(?:ONLY\s+)?(?<table>\S+)\s+SET\s+(?<set>.+?)\s*;?\s*$",
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
        var operation = target.Operation;
        if (operation.Kind != OperationType.Sql
            || operation.BooleanArgument("suppressTransaction") == true
            || operation.StringArgument("sql") is not { } sql
            || target.Provider is DatabaseProvider.Unknown
            || RawSqlReader.Read(operation, target.Provider, new PreviousSchema(() => null)) is not { Unchecked: null } reading
            || reading.Operations.Count != 1
            || reading.Operations[0] is not { Kind: OperationType.UpdateRows, Table: { } table } update
            || Update.Match(sql) is not { Success: true } match
            || WhereStillToDo(match.Groups["set"].Value, target.Provider, ColumnTypes(target, table, update.Schema)) is not { } where)
        {
            return false;
        }

        var call = new CallWriter("BackfillInBatches").Literal("table", table).Literal("setSql", match.Groups["set"].Value.Trim())
            .Literal("whereSql", where).Literal("schema", update.Schema).Literal("batchSize", ExpandContract.BackfillBatchSize).Write() + ";";
        if (target.Migration.Up.Operations.Count == 1)
        {
            rewrite.UsesRuntime = true;
            rewrite.Replace(target.Statement, call);
            return true;
        }

        if (MoveToOwnMigrationFix.BackfillPlacement(target) is null)
        {
            return false;
        }

        rewrite.Move(target, SourceEdits.TextWithComments(target.Statement, call));
        return true;
    }

    /// <summary>The store type of each column of the table as the migration leaves it (its own Designer), by name.</summary>
    private static Func<string, string?> ColumnTypes(FixTarget target, string table, string? schema)
    {
        var definition = ExpandContract.OwnModel(target)?.Table(table, schema);
        return column => definition?.Column(column)?.StoreType is { Length: > 0 } storeType ? storeType : null;
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
                : Differs(column, value, provider, storeTypeOf(Unquote(column, provider)));
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
        // As text of the column's own type: exact for every type (citext and nondeterministic collations included, and json,
        // which has no equality), and a value the SET stored reads back as the same text.
        DatabaseProvider.PostgreSql when storeType is not null => $"({column})::text IS DISTINCT FROM (CAST({value} AS {storeType}))::text",

        // As bytes of the column's own type: the default *_CI_AS collations call 'john' and 'John' equal and ignore trailing spaces.
        DatabaseProvider.SqlServer when storeType is not null => $"({column} IS NULL OR CAST({column} AS varbinary(max)) <> CAST(CAST({value} AS {storeType}) AS varbinary(max)))",

        // SQLite applies the column's affinity to the value; BINARY overrides a NOCASE or RTRIM column.
        DatabaseProvider.Sqlite => $"({column} IS NOT {value} COLLATE BINARY)",
        DatabaseProvider.MySql when storeType is not null => MySqlDiffers(column, value, storeType),
        _ => null,
    };

    /// <summary>
    /// MySQL and MariaDB have no cast to a column's own type, so only the values whose comparison is exact get a fix: text
    /// (compared code point by code point as utf8mb4, to which any column character set converts, with the length for the
    /// trailing spaces that PAD SPACE collations ignore), integers, decimals within the column's scale, doubles, and
    /// dates and times written as text. Not a FLOAT (single precision) or an integer column given a fraction, which
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
            case "char" or "enum" or "set" when isText:
                // CHAR drops trailing spaces when read, so its length would never match a value that has them.
                return $"({column} IS NULL OR {column} <> _utf8mb4{value} COLLATE utf8mb4_bin)";
            case "tinyint" or "smallint" or "mediumint" or "int" or "integer" or "bigint" or "bit" or "bool" or "boolean" when !isText && fraction == 0:
            case "double" or "real" when !isText && !isBoolean && !type.Contains("unsigned"):
            case "decimal" or "numeric" or "dec" or "fixed" when !isText && !isBoolean && fraction <= ScaleOf(type):
            case "date" or "datetime" or "timestamp" or "time" or "year" when isText:
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

    /// <summary>The column's name as the model spells it: quotes removed (and their doubling), a bare PostgreSQL name folded to lower case.</summary>
    private static string Unquote(string column, DatabaseProvider provider) => column[0] switch
    {
        '"' => column.Substring(1, column.Length - 2).Replace("\"\"", "\""),
        '[' => column.Substring(1, column.Length - 2).Replace("]]", "]"),
        '`' => column.Substring(1, column.Length - 2).Replace("``", "`"),
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
