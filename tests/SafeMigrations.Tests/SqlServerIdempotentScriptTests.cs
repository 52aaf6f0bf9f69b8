using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using SafeMigrations.Tests.Infrastructure;
using SafeMigrations.Tests.Scenarios.SqlServerIdempotentScript;

namespace SafeMigrations.Tests;

/// <summary>
/// <c>dotnet ef migrations script --idempotent</c> on SQL Server, from EF Core's own script generator (no server here).
/// SQL Server compiles a batch whole, and an idempotent script puts a migration's transactional commands in one batch
/// under <c>IF NOT EXISTS (...history...)</c>: run again after the contract dropped a column, a statement of the expand
/// step that names the column in an expression fails the batch (Msg 207), although the script skips it. EF Core runs its
/// own such statements (check constraints, filtered indexes) as dynamic SQL there; the helpers must too.
/// </summary>
public sealed class SqlServerIdempotentScriptTests
{
    [Fact]
    public void An_idempotent_script_names_the_column_the_contract_drops_only_in_dynamic_SQL()
    {
        using var context = SqlServerScriptContext.Create<IdempotentContext>();
        var script = context.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
        Assert.Contains("ALTER TABLE [Users] DROP COLUMN [Email];", script);
        Assert.Contains("[CK_Users_Email] CHECK ([Email] IS NOT NULL OR [EmailAddress] <> N'''');');", script);

        var columns = new ColumnReferences();
        foreach (var batch in Regex.Split(script, @"^GO\s*$", RegexOptions.Multiline))
        {
            SqlGenerationTests.ParseTSql(batch).Accept(columns);
        }

        Assert.DoesNotContain("Email", columns.Names);
        Assert.DoesNotContain("EmailAddress", columns.Names);

        // The control: the script's own statements name columns where SQL Server compiles them, and they are seen.
        Assert.Contains("MigrationId", columns.Names);
    }

    /// <summary>Every column an expression of the parsed script names, outside the strings that dynamic SQL runs.</summary>
    private sealed class ColumnReferences : TSqlFragmentVisitor
    {
        public List<string> Names { get; } = [];

        public override void Visit(ColumnReferenceExpression node)
        {
            if (node.MultiPartIdentifier is { Identifiers.Count: > 0 } name)
            {
                Names.Add(name.Identifiers[^1].Value);
            }
        }
    }
}
