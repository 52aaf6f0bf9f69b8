using Microsoft.EntityFrameworkCore;
using SafeMigrations.Analyzers.Rules;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.TestKit.Scaffolding;
using static SafeMigrations.Analyzers.Tests.Verifiers.AnalyzerVerifier;

namespace SafeMigrations.Analyzers.Tests.Rules;

public class DropIndexRuleTests
{
    private static MigrationProject DropEmailIndex(TestProvider provider) =>
        MigrationProject.Scaffold(provider, ("Initial", Models.CustomersWithEmailIndex), ("DropEmailIndex", Models.Customers));

    [Fact]
    public async Task Fires_on_PostgreSQL_for_an_index_on_an_existing_table()
    {
        var project = DropEmailIndex(TestProvider.PostgreSql);

        await VerifyAsync(project, project.Expect(Descriptors.SM2003_DropIndexLocksTable, project.Last, "DropIndex").WithArguments("IX_Customers_Email", "Customers"));
    }

    [Theory]
    [InlineData(TestProvider.SqlServer)]
    [InlineData(TestProvider.Sqlite)]
    public async Task Stays_quiet_on_other_providers(TestProvider provider)
    {
        var project = DropEmailIndex(provider);

        Assert.Contains("migrationBuilder.DropIndex(", project.SourceOf(project.Last));

        // SQL Server scaffolds an AlterColumn back to nvarchar(max) after the DropIndex: a table-wide change (SM1005).
        var expected = provider == TestProvider.SqlServer
            ? new[]
            {
                project.Expect(Descriptors.SM1005_ChangeColumnType, project.Last, "AlterColumn").WithArguments(
                    "Email",
                    "Customers",
                    "nvarchar(450)",
                    "nvarchar(max)",
                    "makes SQL Server change every row of 'Customers' under a schema-modification lock, which blocks all reads and writes until it finishes."),
            }
            : Array.Empty<Microsoft.CodeAnalysis.Testing.DiagnosticResult>();
        await VerifyAsync(project, expected);
    }

    [Fact]
    public async Task Stays_quiet_for_small_tables_and_before_start_after()
    {
        var project = DropEmailIndex(TestProvider.PostgreSql);

        await VerifyAsync(project, "safe_migrations.small_tables = Customers");
        await VerifyAsync(project, "safe_migrations.start_after = " + project.Last.Id);
    }

    [Fact]
    public async Task Stays_quiet_for_the_indexes_of_a_table_dropped_in_the_same_migration()
    {
        var project = MigrationProject.Scaffold(
            TestProvider.PostgreSql,
            ("Initial", Models.CustomersAndOrders),
            Models.Step("DropOrders", m => m.Entity<Customer>(b => { b.ToTable("Customers"); b.Ignore(c => c.Orders); })));

        // EF drops the table's foreign key and table; an explicit DropIndex before the DropTable must not count.
        project.WithMigrationCode(project.Last, code => code.Replace(
            "            migrationBuilder.DropTable(",
            "            migrationBuilder.DropIndex(name: \"IX_Orders_CustomerId\", table: \"Orders\");\n            migrationBuilder.DropTable("));

        await VerifyAsync(project, "dotnet_diagnostic.SM1004.severity = none");
    }

    [Fact]
    public async Task Stays_quiet_when_DropIndexConcurrently_is_used_instead()
    {
        var project = DropEmailIndex(TestProvider.PostgreSql);
        project.WithMigrationCode(project.Last, code => "using EFCore.SafeMigrations;\n" + code.Replace(
            "migrationBuilder.DropIndex(\n                name: \"IX_Customers_Email\",\n                table: \"Customers\");",
            "migrationBuilder.DropIndexConcurrently(\"IX_Customers_Email\");"), keepsDownInStep: true);

        Assert.Contains("migrationBuilder.DropIndexConcurrently(", project.SourceOf(project.Last));
        await VerifyAsync(project);
    }
}
