using SafeMigrations.Analyzers.Rules;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.TestKit.Scaffolding;
using static SafeMigrations.Analyzers.Tests.Verifiers.AnalyzerVerifier;

namespace SafeMigrations.Analyzers.Tests.Rules;

public class DropTableRuleTests
{
    // Customers stops mapping Orders, so the scaffolder drops the Orders table.
    private static MigrationProject DropOrders(TestProvider provider) =>
        MigrationProject.Scaffold(provider, ("Initial", Models.CustomersAndOrders), ("DropOrders", Models.Customers));

    private const string ScaffoldedDrop = "migrationBuilder.DropTable(\n                name: \"Orders\");";

    [Theory]
    [InlineData(TestProvider.PostgreSql)]
    [InlineData(TestProvider.SqlServer)]
    [InlineData(TestProvider.Sqlite)]
    public async Task Fires_on_a_scaffolded_drop_of_an_existing_table(TestProvider provider)
    {
        var project = DropOrders(provider);

        Assert.Contains(ScaffoldedDrop, project.SourceOf(project.Last));
        await VerifyAsync(project, project.Expect(Descriptors.SM1004_DropTable, project.Last, "DropTable").WithArguments("Orders"));
    }

    [Theory]
    [InlineData(TestProvider.PostgreSql)]
    [InlineData(TestProvider.SqlServer)]
    [InlineData(TestProvider.Sqlite)]
    public async Task Stays_quiet_when_the_table_is_created_earlier_in_the_same_migration(TestProvider provider)
    {
        var project = DropOrders(provider);
        project.WithMigrationCode(project.Last, code => code.Replace(
            ScaffoldedDrop,
            "migrationBuilder.CreateTable(name: \"OrdersStaging\", columns: table => new { Id = table.Column<int>(nullable: false) });\n"
            + "            migrationBuilder.DropTable(\n                name: \"OrdersStaging\");"));

        Assert.Contains("name: \"OrdersStaging\");", project.SourceOf(project.Last));
        await VerifyAsync(project);
    }

    [Theory]
    [InlineData(TestProvider.PostgreSql)]
    [InlineData(TestProvider.SqlServer)]
    [InlineData(TestProvider.Sqlite)]
    public async Task Stays_quiet_for_the_Down_of_a_created_table(TestProvider provider)
    {
        // The scaffolded Down of a CreateTable is a DropTable; only Up is analysed.
        var project = MigrationProject.Scaffold(provider, ("Initial", Models.CustomersAndOrders));

        Assert.Contains(ScaffoldedDrop, project.SourceOf(project.Last));
        await VerifyAsync(project);
    }

    [Fact]
    public async Task Still_fires_after_start_after()
    {
        var project = DropOrders(TestProvider.SqlServer);

        await VerifyAsync(
            project,
            "safe_migrations.start_after = " + project.History[0].Id,
            project.Expect(Descriptors.SM1004_DropTable, project.Last, "DropTable").WithArguments("Orders"));
    }

    [Fact]
    public async Task Small_tables_do_not_silence_it()
    {
        // small_tables is for lock rules; a dropped small table still breaks the running app.
        var project = DropOrders(TestProvider.PostgreSql);

        await VerifyAsync(
            project,
            "safe_migrations.small_tables = Orders",
            project.Expect(Descriptors.SM1004_DropTable, project.Last, "DropTable").WithArguments("Orders"));
    }
}
