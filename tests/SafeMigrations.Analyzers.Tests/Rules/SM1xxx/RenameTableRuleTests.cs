using SafeMigrations.Analyzers.Rules;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.TestKit.Scaffolding;
using static SafeMigrations.Analyzers.Tests.Verifiers.AnalyzerVerifier;

namespace SafeMigrations.Analyzers.Tests.Rules;

public class RenameTableRuleTests
{
    private static MigrationProject RenameCustomers(TestProvider provider) =>
        MigrationProject.Scaffold(provider, ("Initial", Models.CustomersWithEmailIndex), ("RenameCustomers", Models.CustomersWithEmailIndexRenamedToClients));

    // SM2006 flags the primary key EF re-adds after the rename; these tests are about SM1002, so it is off in them.
    private const string KeyRebuildOff = "dotnet_diagnostic.SM2006.severity = none\ndotnet_diagnostic.SM2008.severity = none";

    internal static string ViewSafeWay(string oldName, string newName) =>
        $"Expand first: rename it and, in the same migration, create a view named '{oldName}' over '{newName}' so the old version keeps reading and writing through it; drop the view in a later contract migration, once no old version runs.";

    internal static string SqliteSafeWay(string oldName) =>
        $"SQLite has no compatibility view that the old version could keep writing through (its views are read-only), so keep the name: map the entity with ToTable(\"{oldName}\") instead of renaming the table.";

    [Theory]
    [InlineData(TestProvider.PostgreSql)]
    [InlineData(TestProvider.SqlServer)]
    [InlineData(TestProvider.Sqlite)]
    public void The_scaffolder_writes_a_table_rename_as_primary_key_drop_rename_index_rename_and_primary_key_add(TestProvider provider)
    {
        var up = RenameCustomers(provider).Last.MigrationCode;
        up = up.Substring(0, up.IndexOf("protected override void Down", StringComparison.Ordinal));

        var order = new[] { "DropPrimaryKey(", "RenameTable(", "RenameIndex(", "AddPrimaryKey(" }.Select(call => up.IndexOf("migrationBuilder." + call, StringComparison.Ordinal)).ToList();
        Assert.All(order, position => Assert.True(position >= 0, up));
        Assert.Equal(order.Order(), order);
    }

    [Theory]
    [InlineData(TestProvider.PostgreSql)]
    [InlineData(TestProvider.SqlServer)]
    public async Task Fires_on_a_scaffolded_rename_of_an_existing_table_and_proposes_a_view(TestProvider provider)
    {
        var project = RenameCustomers(provider);

        // The primary key EF drops and re-adds around the rename is rebuilt for real: SM2006 (AddKeyRuleTests has its message).
        await VerifyAsync(
            project,
            project.Expect(Descriptors.SM1002_RenameTable, project.Last, "RenameTable").WithArguments("Customers", "Clients", ViewSafeWay("Customers", "Clients")),
            project.Expect(Descriptors.SM2006_AddKeyBuildsIndex, project.Last, "AddPrimaryKey").WithArguments(
                "primary key", "PK_Clients", "Clients", provider == TestProvider.PostgreSql ? AddKeyRuleTests.PostgresRename : AddKeyRuleTests.SqlServerRename));
    }

    [Fact]
    public async Task Fires_on_SQLite_and_proposes_ToTable_instead_of_a_view()
    {
        var project = RenameCustomers(TestProvider.Sqlite);

        // EF rebuilds the table for the primary key it drops and re-adds around the rename: SM2008's information.
        await VerifyAsync(
            project,
            project.Expect(Descriptors.SM2008_SqliteTableRebuild, project.Last, "DropPrimaryKey").WithArguments("Customers", "DropPrimaryKey 'PK_Customers', AddPrimaryKey 'PK_Clients'"),
            project.Expect(Descriptors.SM1002_RenameTable, project.Last, "RenameTable").WithArguments("Customers", "Clients", SqliteSafeWay("Customers")));
    }

    [Fact]
    public async Task Names_the_schemas_when_the_table_moves_between_schemas()
    {
        var project = RenameCustomers(TestProvider.PostgreSql);
        project.WithMigrationCode(project.Last, code => code.Replace(
            "migrationBuilder.RenameTable(\n                name: \"Customers\",\n                newName: \"Clients\");",
            "migrationBuilder.RenameTable(\n                name: \"Customers\",\n                schema: \"sales\",\n                newName: \"Customers\",\n                newSchema: \"crm\");"));

        Assert.Contains("newSchema: \"crm\"", project.SourceOf(project.Last));
        await VerifyAsync(project, KeyRebuildOff, project.Expect(Descriptors.SM1002_RenameTable, project.Last, "RenameTable")
            .WithArguments("sales.Customers", "crm.Customers", ViewSafeWay("sales.Customers", "crm.Customers")));
    }

    [Fact]
    public async Task Uses_the_provider_of_the_ActiveProvider_branch()
    {
        // A PostgreSQL project whose migration renames the table in a SQLite-only branch: the SQLite message.
        var project = RenameCustomers(TestProvider.PostgreSql);
        project.WithMigrationCode(project.Last, code => "using Microsoft.EntityFrameworkCore;\n" + code.Replace(
            "            migrationBuilder.RenameTable(\n                name: \"Customers\",\n                newName: \"Clients\");",
            "            if (migrationBuilder.IsSqlite())\n            {\n            migrationBuilder.RenameTable(\n                name: \"Customers\",\n                newName: \"Clients\");\n            }"));

        Assert.Contains("if (migrationBuilder.IsSqlite())", project.SourceOf(project.Last));
        await VerifyAsync(project, KeyRebuildOff, project.Expect(Descriptors.SM1002_RenameTable, project.Last, "RenameTable")
            .WithArguments("Customers", "Clients", SqliteSafeWay("Customers")));
    }

    [Theory]
    [InlineData(TestProvider.PostgreSql)]
    [InlineData(TestProvider.SqlServer)]
    [InlineData(TestProvider.Sqlite)]
    public async Task Stays_quiet_when_the_table_is_created_earlier_in_the_same_migration(TestProvider provider)
    {
        var project = RenameCustomers(provider);
        project.WithMigrationCode(project.Last, code => code.Replace(
            "migrationBuilder.RenameTable(\n                name: \"Customers\",\n                newName: \"Clients\");",
            "migrationBuilder.CreateTable(name: \"ClientsStaging\", columns: table => new { Id = table.Column<int>(nullable: false) });\n"
            + "            migrationBuilder.RenameTable(\n                name: \"ClientsStaging\",\n                newName: \"Clients\");"));

        Assert.Contains("name: \"ClientsStaging\",\n                newName: \"Clients\");", project.SourceOf(project.Last));
        await VerifyAsync(project, KeyRebuildOff);
    }

    [Fact]
    public async Task Still_fires_after_start_after()
    {
        var project = RenameCustomers(TestProvider.SqlServer);

        await VerifyAsync(
            project,
            KeyRebuildOff + "\nsafe_migrations.start_after = " + project.History[0].Id,
            project.Expect(Descriptors.SM1002_RenameTable, project.Last, "RenameTable").WithArguments("Customers", "Clients", ViewSafeWay("Customers", "Clients")));
    }
}
