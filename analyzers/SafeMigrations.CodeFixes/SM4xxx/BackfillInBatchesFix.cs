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
        @"^\s*(?<column>""(?:[^""]|"""")+""|\[[^\]]+\]|`[^`]+`|[A-Za-z_][A-Za-z0-9_]*)\s*=\s*(?<value>-?\d+(?:\.\d+)?|'(?:[^']|'')*'|TRUE|FALSE|NULL)\s*$",
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
            || WhereStillToDo(match.Groups["set"].Value) is not { } where)
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

    /// <summary>The rows the SET list still changes: for each column, a value other than its literal, or NULL.</summary>
    private static string? WhereStillToDo(string set)
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
            conditions.Add(value.Equals("NULL", System.StringComparison.OrdinalIgnoreCase)
                ? $"{column} IS NOT NULL"
                : $"({column} IS NULL OR {column} <> {value})");
        }

        return conditions.Count == 0 ? null : string.Join(" OR ", conditions);
    }

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
