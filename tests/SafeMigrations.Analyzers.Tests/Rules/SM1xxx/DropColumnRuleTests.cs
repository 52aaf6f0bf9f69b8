using SafeMigrations.Analyzers.Rules;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.TestKit.Scaffolding;
using static SafeMigrations.Analyzers.Tests.Verifiers.AnalyzerVerifier;

namespace SafeMigrations.Analyzers.Tests.Rules;

public class DropColumnRuleTests
{
    // SQLite rebuilds the table for a DropColumn (SM2008); tests about SM1003 alone switch that information off.
    private const string RebuildOff = "dotnet_diagnostic.SM2008.severity = none";

    private static MigrationProject DropEmail(TestProvider provider) =>
        MigrationProject.Scaffold(provider, ("Initial", Models.Customers), ("DropEmail", Models.CustomersWithoutEmail));

    private const string ScaffoldedDrop = "migrationBuilder.DropColumn(\n                name: \"Email\",\n                table: \"Customers\");";

    [Theory]
    [InlineData(TestProvider.PostgreSql, "text")]
    [InlineData(TestProvider.SqlServer, "nvarchar(max)")]
    [InlineData(TestProvider.Sqlite, "TEXT")]
    public async Task Fires_on_a_scaffolded_drop_of_an_existing_column(TestProvider provider, string storeType)
    {
        var project = DropEmail(provider);

        Assert.Contains(ScaffoldedDrop, project.SourceOf(project.Last));
        var expected = new List<Microsoft.CodeAnalysis.Testing.DiagnosticResult>
        {
            project.Expect(Descriptors.SM1003_DropColumn, project.Last, "DropColumn").WithArguments("Email", "Customers", $"all of its {storeType} data"),
        };

        // On SQLite EF rebuilds the table for the drop: SM2008's information.
        if (provider == TestProvider.Sqlite)
        {
            expected.Add(SqliteRebuildRuleTests.Expected(project, "DropColumn", "DropColumn 'Email'"));
        }

        await VerifyAsync(project, expected.ToArray());
    }

    [Fact]
    public async Task Says_all_of_its_data_when_the_previous_model_is_unknown()
    {
        // Without the Designer of the previous migration the column's type is unknown.
        var project = DropEmail(TestProvider.PostgreSql);
        project.Sources.RemoveAll(s => s.Path.EndsWith(project.History[0].DesignerFileName, StringComparison.Ordinal));

        await VerifyAsync(project, "safe_migrations.provider = postgresql", project.Expect(Descriptors.SM1003_DropColumn, project.Last, "DropColumn")
            .WithArguments("Email", "Customers", "all of its data"));
    }

    [Theory]
    [InlineData(TestProvider.PostgreSql)]
    [InlineData(TestProvider.SqlServer)]
    [InlineData(TestProvider.Sqlite)]
    public async Task Stays_quiet_when_the_table_is_created_in_the_same_migration(TestProvider provider)
    {
        var project = DropEmail(provider);
        project.WithMigrationCode(project.Last, code => code.Replace(
            ScaffoldedDrop,
            "migrationBuilder.CreateTable(name: \"Customers2\", columns: table => new { Id = table.Column<int>(nullable: false), Email = table.Column<string>(nullable: true) });\n"
            + "            migrationBuilder.DropColumn(\n                name: \"Email\",\n                table: \"Customers2\");"));

        Assert.Contains("table: \"Customers2\");", project.SourceOf(project.Last));
        await VerifyAsync(project);
    }

    [Theory]
    [InlineData(TestProvider.PostgreSql)]
    [InlineData(TestProvider.SqlServer)]
    [InlineData(TestProvider.Sqlite)]
    public async Task Stays_quiet_for_a_column_added_earlier_in_the_same_migration(TestProvider provider)
    {
        var project = DropEmail(provider);
        project.WithMigrationCode(project.Last, code => code.Replace(
            ScaffoldedDrop,
            "migrationBuilder.AddColumn<string>(name: \"Draft\", table: \"Customers\", nullable: true);\n"
            + "            migrationBuilder.DropColumn(\n                name: \"Draft\",\n                table: \"Customers\");"));

        Assert.Contains("name: \"Draft\",\n                table: \"Customers\");", project.SourceOf(project.Last));
        await VerifyAsync(project, RebuildOff);
    }

    [Fact]
    public async Task Stays_quiet_for_the_Down_of_an_added_column()
    {
        // Adding Email back scaffolds a DropColumn in Down only; Up is analysed, Down is not.
        var project = MigrationProject.Scaffold(TestProvider.PostgreSql, ("Initial", Models.CustomersWithoutEmail), ("AddEmail", Models.Customers));

        Assert.Contains("migrationBuilder.DropColumn(", project.SourceOf(project.Last));
        await VerifyAsync(project);
    }

    [Fact]
    public async Task Still_fires_after_start_after()
    {
        var project = DropEmail(TestProvider.Sqlite);

        await VerifyAsync(
            project,
            RebuildOff + "\nsafe_migrations.start_after = " + project.History[0].Id,
            project.Expect(Descriptors.SM1003_DropColumn, project.Last, "DropColumn").WithArguments("Email", "Customers", "all of its TEXT data"));
    }
}
