using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Diagnostics.Telemetry;
using SafeMigrations.Analyzers.Context;
using SafeMigrations.Analyzers.Reading;

namespace SafeMigrations.Benchmarks;

/// <summary>
/// Measurements outside BenchmarkDotNet, for a shared, loaded machine and for finding hot spots:
/// <list type="bullet">
/// <item>interleaved rounds of compiles (without analyzers; with an empty analyzer, which is what attaching
/// Roslyn's analyzer driver costs; with a no-op analyzer of our shape; with ours), timed in wall and process
/// CPU time: BenchmarkDotNet runs all iterations of one benchmark before the other's, so a change in the
/// machine's load lands on one side only; here the fastest run of each configuration is compared;</item>
/// <item>Roslyn's analyzer execution time (<c>logAnalyzerExecutionTime</c>) and the diagnostics reported, so
/// a benchmark of an analyzer that silently bails out is noticed;</item>
/// <item>the parts of the analyzer timed on their own.</item>
/// </list>
/// </summary>
internal static class AnalyzerProfile
{
    public static async Task RunAsync(IReadOnlyList<(string Path, string Source)> files, int rounds, TextWriter output)
    {
        var analyzer = ProjectCompiler.Analyzers[0];
        var failures = new ConcurrentBag<Diagnostic>();
        var lastDiagnostics = ImmutableArray<Diagnostic>.Empty;
        string[] names = ["compile", "+ empty analyzer", "+ no-op analyzer of our shape", "+ SafeMigrationsAnalyzer", "+ no-op shape, generated code skipped"];
        ImmutableArray<DiagnosticAnalyzer>[] analyzerSets = [[], [new EmptyAnalyzer()], [new ShapeOnlyAnalyzer()], ProjectCompiler.Analyzers, [new ShapeOnlyAnalyzer(analyzeGeneratedCode: false)]];
        var runs = names.Select(_ => new List<(double Wall, double Cpu)>()).ToArray();
        for (var round = 1; round <= rounds; round++)
        {
            var line = new StringBuilder($"Round {round}:");
            for (var config = 0; config < names.Length; config++)
            {
                var analyzers = analyzerSets[config];
                var run = await MeasureAsync(async () => analyzers.IsEmpty
                    ? ProjectCompiler.CompilerDiagnostics(ProjectCompiler.Create(files))
                    : await ProjectCompiler.WithAnalyzers(ProjectCompiler.Create(files), logExecutionTime: false, (_, _, diagnostic) => failures.Add(diagnostic), analyzers).GetAllDiagnosticsAsync());
                runs[config].Add((run.Wall, run.Cpu));
                line.Append(CultureInfo.InvariantCulture, $" {names[config]} {run.Wall:F2} s wall / {run.Cpu:F2} s CPU;");
                if (analyzers == ProjectCompiler.Analyzers)
                {
                    lastDiagnostics = run.Diagnostics;
                }
            }

            output.WriteLine(line.ToString());
        }

        // Load from other processes only ever adds time, so the fastest of several runs is the best estimate
        // of each configuration's own cost.
        var fastest = runs.Select(r => (Wall: r.Min(x => x.Wall), Cpu: r.Min(x => x.Cpu))).ToArray();
        output.WriteLine($"Fastest of {rounds} round(s), and the cost over the plain compile:");
        for (var config = 0; config < names.Length; config++)
        {
            output.WriteLine(
                $"  {names[config],-38} {fastest[config].Wall,6:F2} s wall {fastest[config].Wall / fastest[0].Wall - 1,8:P1}   "
                + $"{fastest[config].Cpu,6:F2} s CPU {fastest[config].Cpu / fastest[0].Cpu - 1,8:P1}");
        }

        output.WriteLine(
            $"SafeMigrationsAnalyzer over the plain compile: {fastest[3].Wall / fastest[0].Wall - 1:P1} wall; "
            + $"over a compile that already has an analyzer attached (as every SDK build does): {fastest[3].Wall / fastest[1].Wall - 1:P1} wall");

        // Roslyn's telemetry: the time spent in the analyzer's own callbacks. GetAnalysisResultAsync keeps it
        // (GetAllDiagnosticsAsync does not); it runs the analyzer with only the binding the analysis needs.
        var instrumented = ProjectCompiler.WithAnalyzers(ProjectCompiler.Create(files), logExecutionTime: true, analyzers: ProjectCompiler.Analyzers);
        AnalysisResult? result = null;
        var analysis = await MeasureAsync(async () =>
        {
            result = await instrumented.GetAnalysisResultAsync(CancellationToken.None);
            return result.GetAllDiagnostics();
        });
        var telemetry = result!.AnalyzerTelemetryInfo.TryGetValue(analyzer, out var info) ? info : new AnalyzerTelemetryInfo();
        output.WriteLine(
            $"Its callbacks (Roslyn telemetry, summed over threads): {telemetry.ExecutionTime.TotalSeconds:F2} s = {telemetry.ExecutionTime.TotalSeconds / fastest[0].Cpu:P1} of the fastest plain compile's CPU time "
            + $"(GetAnalysisResultAsync on a fresh compilation: {analysis.Wall:F2} s wall / {analysis.Cpu:F2} s CPU)");

        var byId = lastDiagnostics.Where(d => d.Id.StartsWith("SM", StringComparison.Ordinal) || d.Id == "AD0001")
            .Concat(failures)
            .GroupBy(d => d.Id)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key} x{g.Count()}");
        output.WriteLine($"  analyzer diagnostics: {string.Join(", ", byId)}");
        var errors = lastDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        output.WriteLine($"  compiler errors: {errors.Length}{(errors.Length > 0 ? " (first: " + errors[0] + ")" : "")}");

        // The parts of the analyzer that need no binding, timed alone on a declared compilation.
        var compilation = ProjectCompiler.Create(files);
        if (EfSymbols.TryCreate(compilation) is not { } symbols)
        {
            output.WriteLine("  EF Core is not referenced: the analyzer registered nothing.");
            return;
        }

        var watch = Stopwatch.StartNew();
        var index = new MigrationIndex(compilation, symbols);
        var ids = index.Ids.ToArray();
        var indexTime = watch.Elapsed;
        var types = compilation.GetSymbolsWithName(_ => true, SymbolFilter.Type).OfType<INamedTypeSymbol>().Where(symbols.IsMigration).ToArray();
        watch.Restart();
        var models = types.Count(t => index.TargetModelOf(t, CancellationToken.None) is not null);
        var targetModelTime = watch.Elapsed;
        watch.Restart();
        var previous = ids.Count(id => index.PreviousTargetModel(id, null, CancellationToken.None) is not null);
        var previousTime = watch.Elapsed;
        // Reading Up/Down: with a semantic model (as the analyzer does; the first read binds the bodies, which
        // the compiler's own binding does not share with analyzers) and with syntax alone.
        var bodies = types.SelectMany(t => t.DeclaringSyntaxReferences)
            .Select(r => r.GetSyntax())
            .OfType<Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax>()
            .SelectMany(c => c.Members.OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax>())
            .Where(m => m.Identifier.ValueText is "Up" or "Down")
            .ToArray();
        watch.Restart();
        foreach (var body in bodies)
        {
            _ = MigrationMethodReader.Read(body, compilation.GetSemanticModel(body.SyntaxTree), symbols, CancellationToken.None);
        }

        var semanticReadTime = watch.Elapsed;
        watch.Restart();
        foreach (var body in bodies)
        {
            _ = MigrationMethodReader.Read(body, null, symbols, CancellationToken.None);
        }

        var syntaxReadTime = watch.Elapsed;
        output.WriteLine($"  Up/Down read ({bodies.Length} methods): {semanticReadTime.TotalMilliseconds:F0} ms with the semantic model (binds them), {syntaxReadTime.TotalMilliseconds:F0} ms from syntax alone");
        output.WriteLine($"  MigrationIndex build ({ids.Length} migrations; declares every type, reads attributes): {indexTime.TotalMilliseconds:F0} ms");
        output.WriteLine($"  Designer target models read ({models} of {types.Length}, syntax only): {targetModelTime.TotalMilliseconds:F0} ms");
        output.WriteLine($"  PreviousTargetModel lookups ({previous} found, models cached): {previousTime.TotalMilliseconds:F0} ms");
    }

    private static async Task<(double Wall, double Cpu, ImmutableArray<Diagnostic> Diagnostics)> MeasureAsync(
        Func<Task<ImmutableArray<Diagnostic>>> compile)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var diagnostics = await compile();
        var wall = watch.Elapsed;
        process.Refresh();
        return (wall.TotalSeconds, (process.TotalProcessorTime - cpu).TotalSeconds, diagnostics);
    }
}
