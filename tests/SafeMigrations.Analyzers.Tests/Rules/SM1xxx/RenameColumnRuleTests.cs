using SafeMigrations.Analyzers.Rules;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.TestKit.Scaffolding;
using static SafeMigrations.Analyzers.Tests.Verifiers.AnalyzerVerifier;

namespace SafeMigrations.Analyzers.Tests.Rules;

public class RenameColumnRuleTests
{
    [Theory]
    [InlineData(TestProvider.PostgreSql)]
    [InlineData(TestProvider.SqlServer)]
    [InlineData(TestProvider.Sqlite)]
    public async Task Fires_on_a_scaffolded_rename_of_an_existing_column(TestProvider provider)
    {
        var project = MigrationProject.Scaffold(provider, ("Initial", Models.Customers), ("RenameName", Models.CustomersWithRenamedName));

        await VerifyAsync(project, project.Expect(Descriptors.SM1001_RenameColumn, project.Last, "RenameColumn").WithArguments("Name", "FullName", "Customers"));
    }

    [Fact]
    public async Task Stays_quiet_when_the_table_is_created_in_the_same_migration()
    {
        var project = MigrationProject.Scaffold(TestProvider.PostgreSql, ("Initial", Models.Customers), ("RenameName", Models.CustomersWithRenamedName));
        project.WithMigrationCode(project.Last, code => code.Replace(
            "migrationBuilder.RenameColumn(",
            "migrationBuilder.CreateTable(name: \"Customers2\", columns: table => new { Id = table.Column<int>(nullable: false) });\n            migrationBuilder.RenameColumn(")
            .Replace("table: \"Customers\",\n                newName", "table: \"Customers2\",\n                newName"));

        Assert.Contains("table: \"Customers2\"", project.SourceOf(project.Last));
        await VerifyAsync(project);
    }

    [Fact]
    public async Task Stays_quiet_for_a_column_added_earlier_in_the_same_migration()
    {
        var project = MigrationProject.Scaffold(TestProvider.PostgreSql, ("Initial", Models.Customers), ("RenameName", Models.CustomersWithRenamedName));
        project.WithMigrationCode(project.Last, code => code
            .Replace("name: \"Name\",\n                table: \"Customers\",", "name: \"Draft\",\n                table: \"Customers\",")
            .Replace(
                "migrationBuilder.RenameColumn(",
                "migrationBuilder.AddColumn<string>(name: \"Draft\", table: \"Customers\", nullable: true);\n            migrationBuilder.RenameColumn("));

        Assert.Contains("name: \"Draft\",\n                table: \"Customers\",", project.SourceOf(project.Last));
        await VerifyAsync(project);
    }

    [Fact]
    public async Task Still_fires_after_start_after()
    {
        var project = MigrationProject.Scaffold(TestProvider.Sqlite, ("Initial", Models.Customers), ("RenameName", Models.CustomersWithRenamedName));

        await VerifyAsync(
            project,
            "safe_migrations.start_after = " + project.History[0].Id,
            project.Expect(Descriptors.SM1001_RenameColumn, project.Last, "RenameColumn").WithArguments("Name", "FullName", "Customers"));
    }
}
