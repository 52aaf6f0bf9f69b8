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

    /// <summary>
    /// <see cref="EFCore.SafeMigrations.SafeMigrationsOptions.DeploymentId"/> on SQL Server (no server here: the commands of
    /// a run): the expand migration's history row carries the deployment's tag within the column's 32 characters, the
    /// contract's does not, and the insert parses.
    /// </summary>
    [Fact]
    public void SQL_Server_records_the_deployment_in_the_expand_migration_s_history_row()
    {
        using var context = SqlServerScriptContext.Create<IdempotentContext>(o => o.DeploymentId = "release-7");
        var migrator = Assert.IsType<EFCore.SafeMigrations.Internal.SafeMigrator>(context.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>());
        string History(Microsoft.EntityFrameworkCore.Migrations.Migration migration) => Assert.Single(
            migrator.GenerateUpSqlAsInRun(migration),
            c => c.CommandText.Contains("INSERT INTO [__EFMigrationsHistory]", StringComparison.Ordinal)).CommandText;

        var expand = History(new ExpandEmailAddress { ActiveProvider = context.Database.ProviderName! });
        var version = System.Text.RegularExpressions.Regex.Match(expand, @"N'20260410000001_ExpandEmailAddress', N'(?<version>[^']*)'").Groups["version"].Value;
        Assert.Matches(@"^\d+\.\d+\.\d+[^+]*\+sm\.[0-9a-f]{8}$", version);
        Assert.InRange(version.Length, 1, 32);
        SqlGenerationTests.ParseTSql(expand);
        Assert.DoesNotContain("+sm.", History(new ContractEmail { ActiveProvider = context.Database.ProviderName! }));
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
