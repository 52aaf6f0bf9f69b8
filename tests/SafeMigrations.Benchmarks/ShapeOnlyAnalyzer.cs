using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SafeMigrations.Benchmarks;

/// <summary>
/// An analyzer that registers what <c>MigrationAnalyzer</c> registers (compilation start, a semantic model
/// action per tree, generated code analysed) and does nothing in them. Compiling with it measures what Roslyn's analyzer driver costs for
/// that shape alone, so the rest of the overhead is our own code.
/// </summary>
#pragma warning disable RS1001, RS1012, RS2008 // Not shipped: a measuring stick, created directly.
internal sealed class ShapeOnlyAnalyzer(bool analyzeGeneratedCode = true) : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Never = new("BENCH0001", "Never reported", "Never reported", "Benchmark", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Never];

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();

        // Not analysing generated code leaves the Designer files to the compiler alone: the variant shows what
        // handing their semantic models to the analyzer costs.
        context.ConfigureGeneratedCodeAnalysis(analyzeGeneratedCode ? GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics : GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start => start.RegisterSemanticModelAction(_ => { }));
    }
}

/// <summary>
/// An analyzer that registers one compilation start action and nothing else: what attaching Roslyn's
/// analyzer driver to the compile costs at all. Real builds always have it attached (the SDK passes its
/// own analyzers to csc), so the cost of ours in a build is the difference to this.
/// </summary>
internal sealed class EmptyAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Never = new("BENCH0002", "Never reported", "Never reported", "Benchmark", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Never];

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.RegisterCompilationStartAction(_ => { });
    }
}
