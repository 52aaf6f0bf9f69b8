using Microsoft.EntityFrameworkCore;
using SafeMigrations.Analyzers.Rules;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.TestKit.Scaffolding;
using static SafeMigrations.Analyzers.Tests.Verifiers.AnalyzerVerifier;

namespace SafeMigrations.Analyzers.Tests.Rules;

public class BackfillWithSchemaChangeRuleTests
{
    /// <summary>The scaffolded AddColumn of Email, followed by a hand-written backfill of it.</summary>
    private static MigrationProject AddEmailAndBackfill(TestProvider provider, string backfill) =>
        MigrationProject.Scaffold(provider, ("Initial", Models.CustomersWithoutEmail), ("AddEmail", Models.Customers))
            .AppendToUp($"migrationBuilder.Sql(\"{backfill}\");");

    [Theory]
    [InlineData(TestProvider.PostgreSql, "UPDATE \\\"Customers\\\" SET \\\"Email\\\" = '' WHERE \\\"Email\\\" IS NULL;", "ACCESS EXCLUSIVE lock")]
    [InlineData(TestProvider.SqlServer, "UPDATE [Customers] SET [Email] = N'' WHERE [Email] IS NULL;", "schema-modification lock")]
    [InlineData(TestProvider.PostgreSql, "UPDATE public.\\\"Customers\\\" SET \\\"Email\\\" = '' WHERE \\\"Email\\\" IS NULL;", "ACCESS EXCLUSIVE lock")]
    [InlineData(TestProvider.SqlServer, "UPDATE [dbo].[Customers] SET [Email] = N'' WHERE [Email] IS NULL;", "schema-modification lock")]
    public async Task Fires_for_a_backfill_beside_a_schema_change_of_the_same_table(TestProvider provider, string backfill, string lockName)
    {
        var project = AddEmailAndBackfill(provider, backfill);

        await VerifyAsync(project, project.Expect(Descriptors.SM4003_BackfillWithSchemaChange, project.Last, "Sql").WithArguments(
            "UPDATE",
            "Customers",
            "AddColumn 'Customers.Email'",
            $"the {lockName} it takes on 'Customers' is held until the backfill ends and the migration commits: every read and write of 'Customers' waits for the whole backfill."));
    }

    [Fact]
    public async Task Also_sees_a_schema_change_in_raw_SQL()
    {
        var project = RawSqlEdits.EmptyMigration(TestProvider.PostgreSql).AppendToUp(
            "migrationBuilder.Sql(\"ALTER TABLE \\\"Orders\\\" ADD COLUMN \\\"Note\\\" text; UPDATE \\\"Orders\\\" SET \\\"Note\\\" = 'none' WHERE \\\"Total\\\" = 0;\");");

        await VerifyAsync(project, project.Expect(Descriptors.SM4003_BackfillWithSchemaChange, project.Last, "Sql").WithArguments(
            "UPDATE",
            "Orders",
            "AddColumn 'Orders.Note'",
            "the ACCESS EXCLUSIVE lock it takes on 'Orders' is held until the backfill ends and the migration commits: every read and write of 'Orders' waits for the whole backfill."));
    }

    [Fact]
    public async Task Stays_quiet_for_a_backfill_of_another_table()
    {
        var project = MigrationProject.Scaffold(TestProvider.PostgreSql, ("Initial", m => { Models.CustomersAndOrders(m); m.Entity<Customer>().Ignore(c => c.Email); }), ("AddEmail", Models.CustomersAndOrders))
            .AppendToUp("migrationBuilder.Sql(\"UPDATE \\\"Orders\\\" SET \\\"Total\\\" = 0 WHERE \\\"Total\\\" < 0;\");");

        Assert.Contains("migrationBuilder.AddColumn<string>(", project.SourceOf(project.Last));
        await VerifyAsync(project);
    }

    [Theory]
    [InlineData("mysql")]
    [InlineData("sqlite")]
    public async Task Stays_quiet_where_DDL_and_backfill_cannot_share_a_long_lock(string provider)
    {
        var project = AddEmailAndBackfill(TestProvider.Sqlite, "UPDATE Customers SET Email = '' WHERE Email IS NULL;");

        await VerifyAsync(project, "safe_migrations.provider = " + provider);
    }

    [Fact]
    public async Task Stays_quiet_when_the_backfill_runs_outside_the_transaction()
    {
        // SM2002 speaks for that one: the migration is no longer atomic.
        var project = MigrationProject.Scaffold(TestProvider.PostgreSql, ("Initial", Models.CustomersWithoutEmail), ("AddEmail", Models.Customers))
            .AppendToUp("migrationBuilder.Sql(\"UPDATE \\\"Customers\\\" SET \\\"Email\\\" = '' WHERE \\\"Email\\\" IS NULL;\", suppressTransaction: true);");

        await VerifyAsync(project, "dotnet_diagnostic.SM2002.severity = none");
    }

    [Fact]
    public async Task Stays_quiet_for_small_tables_and_with_pragma()
    {
        var project = AddEmailAndBackfill(TestProvider.PostgreSql, "UPDATE \\\"Customers\\\" SET \\\"Email\\\" = '' WHERE \\\"Email\\\" IS NULL;");
        await VerifyAsync(project, "safe_migrations.small_tables = Customers");

        project.WithMigrationCode(project.Last, code => code.Replace(
            "            migrationBuilder.Sql(",
            "#pragma warning disable SM4003 // Customers is written by a nightly job only\n            migrationBuilder.Sql("));
        await VerifyAsync(project);
    }
}
