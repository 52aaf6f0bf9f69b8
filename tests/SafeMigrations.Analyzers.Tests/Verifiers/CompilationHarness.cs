using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using SafeMigrations.Analyzers.Context;
using SafeMigrations.Analyzers.Model;
using SafeMigrations.Analyzers.Reading;
using SafeMigrations.TestKit.Scaffolding;

namespace SafeMigrations.Analyzers.Tests.Verifiers;

/// <summary>A plain Roslyn compilation of test sources against the real EF assemblies, for reading models and running the analyzer directly.</summary>
public static class CompilationHarness
{
    /// <summary>The EF Core and provider assemblies, as the verifiers and plain compilations reference them.</summary>
    public static readonly ImmutableArray<MetadataReference> EfReferences =
        Scaffolder.References.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();

    private static readonly ImmutableArray<MetadataReference> References =
        Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>().Concat(EfReferences).ToImmutableArray();

    /// <summary>How the test projects are parsed: the latest language version.</summary>
    public static readonly CSharpParseOptions ParseOptions = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);

    /// <summary>
    /// Each diagnostic as one line (id, place, message, properties), sorted: two runs that report the same things give the same
    /// lines, whatever order the driver reported them in.
    /// </summary>
    public static List<string> Described(IEnumerable<Diagnostic> diagnostics) =>
        diagnostics.Select(d => $"{d.Id} {d.Location.GetLineSpan()} {d.GetMessage()} {string.Join(";", d.Properties.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value))}")
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <param name="parseOptions"><see cref="ParseOptions"/> when none are given.</param>
    public static CSharpCompilation Compile(IEnumerable<(string Path, string Source)> sources, CSharpParseOptions? parseOptions = null) =>
        CSharpCompilation.Create(
            "Migrations",
            sources.Select(s => CSharpSyntaxTree.ParseText(s.Source, parseOptions ?? ParseOptions, s.Path)),
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)
                .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic> { ["CS1701"] = ReportDiagnostic.Suppress, ["CS1702"] = ReportDiagnostic.Suppress }));

    /// <summary>
    /// As <see cref="Compile"/>, with only <paramref name="provider"/>'s EF provider referenced, as in a real project: the
    /// analyzer then takes the provider from the references instead of the Designers.
    /// </summary>
    internal static CSharpCompilation CompileWithOneProvider(IEnumerable<(string Path, string Source)> sources, DatabaseProvider provider) =>
        Compile(sources).RemoveReferences(EfReferences.Where(reference =>
            DatabaseProviders.FromProviderName(Path.GetFileNameWithoutExtension(reference.Display)) is var referenced
            && referenced != DatabaseProvider.Unknown && referenced != provider));

    internal static MigrationModel ReadMigration(CSharpCompilation compilation, string className)
    {
        var symbols = EfSymbols.TryCreate(compilation) ?? throw new InvalidOperationException("EF Core is not referenced");
        var type = compilation.GetSymbolsWithName(className, SymbolFilter.Type).OfType<INamedTypeSymbol>().Single();
        return MigrationModelReader.Read(
            type,
            symbols,
            method => MigrationMethodReader.Read(method, compilation.GetSemanticModel(method.SyntaxTree), symbols, CancellationToken.None),
            CancellationToken.None);
    }

    internal static MigrationModel ReadMigration(IEnumerable<(string Path, string Source)> sources, string className) =>
        ReadMigration(Compile(sources), className);

    internal static TargetModel? PreviousModel(CSharpCompilation compilation, string className)
    {
        var symbols = EfSymbols.TryCreate(compilation)!;
        var type = compilation.GetSymbolsWithName(className, SymbolFilter.Type).OfType<INamedTypeSymbol>().Single();
        var index = new MigrationIndex(compilation, symbols);
        return index.PreviousTargetModel(MigrationModelReader.ReadMigrationId(type, symbols), MigrationModelReader.ReadDbContext(type, symbols), CancellationToken.None);
    }

    internal static TargetModel ReadTargetModel(string designerSource)
    {
        var method = CSharpSyntaxTree.ParseText(designerSource).GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>()
            .First(m => m.Identifier.ValueText is "BuildTargetModel" or "BuildModel");
        return TargetModelReader.Read(method, migrationId: null);
    }

    /// <summary>
    /// Runs the analyzer alone (no compiler diagnostics pass, which is most of the cost) and returns its
    /// diagnostics, plus an AD0001 diagnostic for every exception it threw.
    /// </summary>
    public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Compilation compilation, DiagnosticAnalyzer analyzer, AnalyzerOptions? options = null)
    {
        var failures = new System.Collections.Concurrent.ConcurrentBag<Diagnostic>();
        var withAnalyzers = compilation.WithAnalyzers(
            ImmutableArray.Create(analyzer),
            new CompilationWithAnalyzersOptions(
                options ?? new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                onAnalyzerException: (_, _, diagnostic) => failures.Add(diagnostic),
                concurrentAnalysis: false,
                logAnalyzerExecutionTime: false,
                reportSuppressedDiagnostics: false));
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync();
        return diagnostics.AddRange(failures);
    }
}
