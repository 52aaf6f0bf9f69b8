using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.TestKit.Scaffolding;

namespace SafeMigrations.Analyzers.Tests.Robustness;

/// <summary>
/// The analyzer looks up EF Core's symbols at the first tree it is handed, not at compilation start (where the lookup
/// bound the compilation's references for the compiler). A project that does not reference EF Core Relational must still
/// get nothing from it: no finding and no exception, whatever its sources look like.
/// </summary>
public class ProjectWithoutEfTests
{
    [Fact]
    public async Task Scaffolded_migrations_compiled_without_EF_get_no_finding_and_no_exception()
    {
        var project = MigrationProject.Scaffold(TestProvider.PostgreSql, ("Initial", Models.Customers), ("DropEmail", Models.CustomersWithoutEmail));

        // With EF referenced the same sources are flagged, so the silence below is the missing reference's doing.
        var withEf = await CompilationHarness.AnalyzeAsync(CompilationHarness.Compile(project.Sources), new SafeMigrationsAnalyzer());
        Assert.Contains(withEf, d => d.Id == "SM1003");

        var withoutEf = CSharpCompilation.Create(
            "Migrations",
            project.Sources.Select(s => CSharpSyntaxTree.ParseText(s.Source, path: s.Path)),
            Basic.Reference.Assemblies.Net100.References.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        Assert.Contains(withoutEf.GetDiagnostics(), d => d.Id == "CS0246"); // Migration, MigrationBuilder... are unknown.

        var found = await CompilationHarness.AnalyzeAsync(withoutEf, new SafeMigrationsAnalyzer());
        Assert.Empty(found);
    }
}
