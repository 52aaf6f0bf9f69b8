using SafeMigrations.Analyzers.Rules;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.TestKit.Scaffolding;
using static SafeMigrations.Analyzers.Tests.Verifiers.AnalyzerVerifier;

namespace SafeMigrations.Analyzers.Tests.Rules;

public class ProviderUnknownRuleTests
{
    // A Designer without its provider's fingerprints: no annotations, no store types.
    internal static string StripProviderHints(string designer) => string.Join(
        "\n",
        designer.Split('\n').Where(line => !line.Contains("ModelBuilderExtensions.") && !line.Contains("PropertyBuilderExtensions."))
            .Select(line => System.Text.RegularExpressions.Regex.Replace(line, "\\.(HasColumnType\\(\"[^\"]*\"\\)|HasAnnotation\\(\"Relational:MaxIdentifierLength\", \\d+\\))", string.Empty)));

    private static MigrationProject WithoutProviderHints(TestProvider provider)
    {
        var project = MigrationProject.Scaffold(provider, ("Initial", Models.Customers), ("RenameName", Models.CustomersWithRenamedName));
        for (var i = 0; i < project.Sources.Count; i++)
        {
            if (project.Sources[i].Path.EndsWith(".Designer.cs", StringComparison.Ordinal) || project.Sources[i].Path.EndsWith("ModelSnapshot.cs", StringComparison.Ordinal))
            {
                project.Sources[i] = (project.Sources[i].Path, StripProviderHints(project.Sources[i].Source));
            }
        }

        return project;
    }

    [Fact]
    public async Task Fires_when_nothing_names_the_provider()
    {
        var project = WithoutProviderHints(TestProvider.PostgreSql);

        await VerifyAsync(
            project,
            project.ExpectOnClass(Descriptors.SM9001_ProviderUnknown, project.Last).WithArguments("RenameName"),
            project.Expect(Descriptors.SM1001_RenameColumn, project.Last, "RenameColumn").WithArguments("Name", "FullName", "Customers"));
    }

    [Theory]
    [InlineData(TestProvider.PostgreSql)]
    [InlineData(TestProvider.SqlServer)]
    [InlineData(TestProvider.Sqlite)]
    public async Task Stays_quiet_when_the_Designer_names_the_provider(TestProvider provider)
    {
        var project = MigrationProject.Scaffold(provider, ("Initial", Models.Customers), ("AddEmailIndex", Models.CustomersWithEmailIndex));

        // The SM2001 finding on PostgreSQL shows the provider was detected from the Designer alone:
        // the test compilation references all three provider packages.
        var expected = provider == TestProvider.PostgreSql
            ? new[] { project.Expect(Descriptors.SM2001_CreateIndexBlocksWrites, project.Last, "CreateIndex").WithArguments("IX_Customers_Email", "Customers", CreateIndexRuleTests.WritesBlockedOnPostgres("Customers", unique: false)) }
            : provider == TestProvider.SqlServer
                ? new[] { CreateIndexRuleTests.EmailNarrowedForTheIndex(project) }
                : Array.Empty<Microsoft.CodeAnalysis.Testing.DiagnosticResult>();
        await VerifyAsync(project, expected);
    }

    [Fact]
    public async Task Stays_quiet_when_the_setting_names_the_provider()
    {
        var project = WithoutProviderHints(TestProvider.PostgreSql);

        await VerifyAsync(
            project,
            "safe_migrations.provider = postgresql",
            project.Expect(Descriptors.SM1001_RenameColumn, project.Last, "RenameColumn").WithArguments("Name", "FullName", "Customers"));
    }

    [Fact]
    public async Task Stays_quiet_when_the_MSBuild_property_names_the_provider()
    {
        var project = WithoutProviderHints(TestProvider.PostgreSql);

        await VerifyAsync(
            project.Sources,
            editorConfig: null,
            globalConfig: "build_property.SafeMigrationsProvider = postgresql",
            project.Expect(Descriptors.SM1001_RenameColumn, project.Last, "RenameColumn").WithArguments("Name", "FullName", "Customers"));
    }

    [Fact]
    public async Task Stays_quiet_when_every_operation_is_in_a_provider_branch()
    {
        var project = WithoutProviderHints(TestProvider.PostgreSql);
        project.WithMigrationCode(project.Last, code => code.Replace(
            "            migrationBuilder.RenameColumn(",
            "            if (migrationBuilder.IsSqlite())\n            migrationBuilder.RenameColumn("));

        await VerifyAsync(
            project,
            project.Expect(Descriptors.SM1001_RenameColumn, project.Last, "RenameColumn").WithArguments("Name", "FullName", "Customers"));
    }

    [Fact]
    public async Task Stays_quiet_at_or_before_start_after()
    {
        var project = WithoutProviderHints(TestProvider.PostgreSql);

        await VerifyAsync(project, "safe_migrations.start_after = " + project.Last.Id);
    }
}
