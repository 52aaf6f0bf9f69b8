using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SafeMigrations.Analyzers.Context;
using SafeMigrations.Analyzers.Model;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.TestKit.Scaffolding;

namespace SafeMigrations.Analyzers.Tests.Rules;

/// <summary>
/// Oracle's (and Jet's) Designers write <c>Relational:MaxIdentifierLength</c> 128, as SQL Server's do. The project is on a
/// provider this package does not support: SM9001 says so, and no SQL Server rule or fix is applied to it.
/// </summary>
public class UnsupportedProviderTests
{
    // Oracle.EntityFrameworkCore is not in the package registry here: a stand-in assembly of that name declares the two
    // extension classes its Designers call, with the signatures the real ones have.
    private static readonly MetadataReference OracleProvider = StandIn("Oracle.EntityFrameworkCore", """
        using Microsoft.EntityFrameworkCore.Metadata.Builders;
        namespace Microsoft.EntityFrameworkCore
        {
            public static class OracleModelBuilderExtensions
            {
                public static ModelBuilder UseIdentityColumns(this ModelBuilder modelBuilder, long seed = 1, int increment = 1) => modelBuilder;
            }

            public static class OraclePropertyBuilderExtensions
            {
                public static PropertyBuilder UseIdentityColumn(this PropertyBuilder propertyBuilder, long seed = 1, int increment = 1) => propertyBuilder;
            }
        }
        """);

    /// <summary>The scaffolded SQL Server history with Oracle's calls and annotations in place of SQL Server's.</summary>
    private static List<(string Path, string Source)> OracleHistory(out MigrationProject project)
    {
        project = MigrationProject.Scaffold(TestProvider.SqlServer, ("Initial", Models.Customers), ("AddEmailIndex", Models.CustomersWithEmailIndex));
        return project.Sources.Select(s => (s.Path, s.Source
            .Replace("SqlServerModelBuilderExtensions", "OracleModelBuilderExtensions", StringComparison.Ordinal)
            .Replace("SqlServerPropertyBuilderExtensions", "OraclePropertyBuilderExtensions", StringComparison.Ordinal)
            .Replace("\"SqlServer:", "\"Oracle:", StringComparison.Ordinal))).ToList();
    }

    [Fact]
    public async Task An_Oracle_history_is_not_read_as_SQL_Server()
    {
        var sources = OracleHistory(out var project);
        Assert.Contains(sources, s => s.Source.Contains("OracleModelBuilderExtensions.UseIdentityColumns(modelBuilder)", StringComparison.Ordinal));

        // All three supported providers referenced (none decides), and Oracle's: only the Designers could name one.
        var compilation = CompilationHarness.Compile(sources).AddReferences(OracleProvider);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var diagnostics = await CompilationHarness.AnalyzeAsync(compilation, new SafeMigrationsAnalyzer());

        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        Assert.Contains(diagnostics, d => d.Id == "SM9001" && d.Location.SourceTree!.FilePath.EndsWith(project.Last.Name + ".cs", StringComparison.Ordinal)
            && d.GetMessage().Contains("does not check (Oracle", StringComparison.Ordinal));

        // Read as SQL Server, the column narrowed for the index was judged by SQL Server's behaviour (SM1006 names it).
        Assert.DoesNotContain(diagnostics, d => d.Id != "SM9001" && d.GetMessage().Contains("SQL Server", StringComparison.Ordinal));
    }

    [Fact]
    public void A_project_referencing_Oracle_and_SQL_Server_is_not_taken_for_SQL_Server()
    {
        var sources = OracleHistory(out _);
        var sqlServerOnly = CompilationHarness.CompileWithOneProvider(sources, DatabaseProvider.SqlServer);
        Assert.Equal(DatabaseProvider.SqlServer, ProviderDetector.FromReferences(sqlServerOnly));

        Assert.Equal(DatabaseProvider.Unknown, ProviderDetector.FromReferences(sqlServerOnly.AddReferences(OracleProvider)));
    }

    private static MetadataReference StandIn(string assemblyName, string source)
    {
        var compilation = CSharpCompilation.Create(
            assemblyName,
            new[] { CSharpSyntaxTree.ParseText(source) },
            Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>().Concat(CompilationHarness.EfReferences),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        return MetadataReference.CreateFromImage(image.ToArray());
    }
}
