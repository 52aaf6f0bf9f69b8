using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.TestKit.Scaffolding;

namespace SafeMigrations.Analyzers.Tests.Rules;

/// <summary>
/// SM2004-SM2008 on hand-written shapes: positional arguments are read, and operations whose table or
/// values are not constants are skipped without a diagnostic or an exception (AD0001). Each rule reports
/// once: for the constant operations only (SQLite's rebuild once for the table).
/// </summary>
public class LockRulesRobustnessTests
{
    private const string HandWrittenUp = """
                migrationBuilder.AddForeignKey("FK_Customers_Self", "Customers", "Points", "Customers");
                migrationBuilder.AddCheckConstraint("CK_Customers_Points", "Customers", "\"Points\" >= 0");
                migrationBuilder.AddUniqueConstraint("AK_Customers_Points", "Customers", "Points");
                migrationBuilder.AddColumn<Guid>("Token", "Customers", defaultValueSql: "gen_random_uuid()");
                var table = Environment.GetEnvironmentVariable("TABLE") ?? "Customers";
                var sql = Environment.GetEnvironmentVariable("SQL") ?? "random()";
                migrationBuilder.AddForeignKey("FK_Dynamic", table, "Points", "Customers");
                migrationBuilder.AddCheckConstraint("CK_Dynamic", table, sql);
                migrationBuilder.AddPrimaryKey("PK_Dynamic", table, "Id");
                migrationBuilder.AddColumn<int>("Dynamic", "Customers", defaultValueSql: sql);
                migrationBuilder.AlterColumn<int>("Points", table);
    """;

    [Theory]
    [InlineData("postgresql", "SM2004,SM2005,SM2006,SM2007")]
    [InlineData("sqlserver", "SM2004,SM2005,SM2006")]
    [InlineData("sqlite", "SM2007,SM2008")]
    public async Task Read_positional_arguments_and_skip_non_constant_tables_and_values(string provider, string expected)
    {
        var project = MigrationProject.Scaffold(TestProvider.PostgreSql, ("Initial", Models.Customers), ("AddUniquePoints", LockModels.CustomersWithUniquePoints));
        project.WithMigrationCode(project.Last, code =>
        {
            var start = code.IndexOf("            migrationBuilder.AddUniqueConstraint(", StringComparison.Ordinal);
            var end = code.IndexOf("        }", start, StringComparison.Ordinal);
            return "using System;\n" + code.Substring(0, start) + HandWrittenUp + code.Substring(end);
        });

        var options = new Microsoft.CodeAnalysis.Diagnostics.AnalyzerOptions(
            [],
            new ConfigOptions(new Dictionary<string, string> { ["safe_migrations.provider"] = provider }));
        var compilation = CompilationHarness.Compile(project.Sources);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));

        var diagnostics = await CompilationHarness.AnalyzeAsync(compilation, new SafeMigrationsAnalyzer(), options);

        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        Assert.Equal(
            expected.Split(','),
            diagnostics.Where(d => d.Id.StartsWith("SM200", StringComparison.Ordinal) && d.Id != "SM2001").Select(d => d.Id).OrderBy(id => id, StringComparer.Ordinal));
    }

    private sealed class ConfigOptions : Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptionsProvider
    {
        private readonly Options options;

        public ConfigOptions(Dictionary<string, string> values) => options = new Options(values);

        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GlobalOptions => options;

        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GetOptions(Microsoft.CodeAnalysis.SyntaxTree tree) => options;

        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GetOptions(Microsoft.CodeAnalysis.AdditionalText textFile) => options;

        private sealed class Options(Dictionary<string, string> values) : Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
        }
    }
}
