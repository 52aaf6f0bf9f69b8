using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using SafeMigrations.Analyzers;
using SafeMigrations.TestKit.Scaffolding;

namespace SafeMigrations.Benchmarks;

/// <summary>
/// Compiles the corpus the way <c>csc</c> does for an EF Core project (net10.0 reference assemblies, EF Core
/// and Npgsql, nullable on, Release, concurrent build), with or without our analyzers and generators.
/// </summary>
internal static class ProjectCompiler
{
    /// <summary>The analyzers the package ships.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } = [new SafeMigrationsAnalyzer()];

    /// <summary>The source generators the package ships.</summary>
    public static ImmutableArray<IIncrementalGenerator> Generators { get; } = [new SafeMigrations.Analyzers.Rollback.RollbackGenerator()];

    private static readonly CSharpParseOptions ParseOptions = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);

    private static readonly CSharpCompilationOptions CompilationOptions =
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, optimizationLevel: OptimizationLevel.Release, concurrentBuild: true)
            // Npgsql's provider is built against an older EF Core patch than the one referenced.
            .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic> { ["CS1701"] = ReportDiagnostic.Suppress, ["CS1702"] = ReportDiagnostic.Suppress });

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
        Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>()
            .Concat(Scaffolder.References.Where(IsReferenced).Select(path => (MetadataReference)MetadataReference.CreateFromFile(path)))
            .ToImmutableArray());

    /// <summary>
    /// What a PostgreSQL project references: EF Core, Npgsql and their Microsoft.Extensions dependencies, not
    /// the other providers the scaffolder carries. With <see cref="BenchmarkSettings.AllProviders"/>, all of
    /// them: the analyzer can then not take the provider from the references and reads each Designer for it.
    /// </summary>
    private static bool IsReferenced(string path)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        if (BenchmarkSettings.AllProviders)
        {
            return true;
        }

        var shared = name.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal)
                     || (name.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal)
                         && !name.StartsWith("Microsoft.EntityFrameworkCore.SqlServer", StringComparison.Ordinal)
                         && !name.StartsWith("Microsoft.EntityFrameworkCore.Sqlite", StringComparison.Ordinal));
        return BenchmarkSettings.Provider == TestProvider.Sqlite
            ? shared || name.StartsWith("Microsoft.EntityFrameworkCore.Sqlite", StringComparison.Ordinal) || name.StartsWith("Microsoft.Data.Sqlite", StringComparison.Ordinal) || name.StartsWith("SQLitePCLRaw", StringComparison.Ordinal)
            : shared || name.StartsWith("Npgsql", StringComparison.Ordinal);
    }

    /// <summary>
    /// JIT, metadata references and GC heap warmed on a small project (the compiler server is warm in a real
    /// build too), rather than with whole-corpus warmup compiles that take tens of seconds each.
    /// </summary>
    public static void WarmUp(IReadOnlyList<(string Path, string Source)> files)
    {
        for (var i = 0; i < 2; i++)
        {
            _ = CompilerDiagnostics(Create(files));
            _ = WithAnalyzers(Create(files), logExecutionTime: false).GetAllDiagnosticsAsync().GetAwaiter().GetResult();
        }
    }

    /// <summary>
    /// Parses every file (in parallel, as csc does) and creates the compilation; nothing is bound yet. Each text is made from
    /// the file's UTF-8 bytes as csc reads it, which computes its checksum then (for the PDB): a text made from a string
    /// computes it when first asked, which an analyzer that keys on it would pay inside its callbacks, as csc's never does.
    /// </summary>
    public static CSharpCompilation Create(IReadOnlyList<(string Path, string Source)> files, bool runGenerators = false)
    {
        var trees = files.AsParallel().AsOrdered()
            .Select(f => CSharpSyntaxTree.ParseText(AsRead(f.Source), ParseOptions, f.Path))
            .ToArray();
        var compilation = CSharpCompilation.Create("Sample.Migrations", trees, References.Value, CompilationOptions);
        if (runGenerators && Generators.Length > 0)
        {
            NewDriver(Generators)
                .RunGeneratorsAndUpdateCompilation(compilation, out var generated, out _);
            compilation = (CSharpCompilation)generated;
        }

        return compilation;
    }

    /// <summary>A file's text as csc reads it: decoded from its UTF-8 bytes, with the SHA-256 checksum computed from them.</summary>
    private static SourceText AsRead(string source)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(source);
        return SourceText.From(bytes, bytes.Length, System.Text.Encoding.UTF8, SourceHashAlgorithm.Sha256, throwIfBinaryDetected: false, canBeEmbedded: false);
    }

    /// <summary>A generator driver as a build makes one: the project's parse options, step tracking off unless asked for.</summary>
    public static GeneratorDriver NewDriver(IEnumerable<IIncrementalGenerator> generators, bool trackSteps = false) =>
        CSharpGeneratorDriver.Create(
            generators.Select(GeneratorExtensions.AsSourceGenerator),
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>The compiler's own work: declaration and full method-body binding of every file, all diagnostics.</summary>
    public static ImmutableArray<Diagnostic> CompilerDiagnostics(Compilation compilation) => compilation.GetDiagnostics();

    /// <summary>What csc does for a build: the diagnostics, then the assembly and its portable PDB (into memory).</summary>
    public static ImmutableArray<Diagnostic> CompileAndEmit(Compilation compilation)
    {
        var diagnostics = compilation.GetDiagnostics();
        using var assembly = new MemoryStream();
        using var pdb = new MemoryStream();
        var emitted = compilation.Emit(assembly, pdb, options: new Microsoft.CodeAnalysis.Emit.EmitOptions(debugInformationFormat: Microsoft.CodeAnalysis.Emit.DebugInformationFormat.PortablePdb));
        return emitted.Success ? diagnostics : diagnostics.AddRange(emitted.Diagnostics);
    }

    /// <summary>
    /// The same compiler work with the analyzers attached, as in a build: the analyzers consume the compiler's
    /// own binding through the compilation event queue, so the difference to <see cref="CompilerDiagnostics"/>
    /// is what the analyzers cost.
    /// </summary>
    public static CompilationWithAnalyzers WithAnalyzers(
        Compilation compilation,
        bool logExecutionTime,
        Action<Exception, DiagnosticAnalyzer, Diagnostic>? onException = null,
        ImmutableArray<DiagnosticAnalyzer> analyzers = default) =>
        compilation.WithAnalyzers(
            analyzers.IsDefault ? Analyzers : analyzers,
            new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, GlobalSettings.Provider),
                onAnalyzerException: onException,
                concurrentAnalysis: true,
                logAnalyzerExecutionTime: logExecutionTime,
                reportSuppressedDiagnostics: false));

    /// <summary>
    /// Roslyn's telemetry of <paramref name="analyzers"/>' callbacks (wall time inside them, summed) over a fresh
    /// compilation of <paramref name="files"/>, and the run's result.
    /// </summary>
    public static async Task<(double Seconds, AnalysisResult Result)> CallbackTelemetryAsync(
        IReadOnlyList<(string Path, string Source)> files, ImmutableArray<DiagnosticAnalyzer> analyzers, Action<Exception, DiagnosticAnalyzer, Diagnostic>? onException = null)
    {
        var result = await WithAnalyzers(Create(files), logExecutionTime: true, onException, analyzers).GetAnalysisResultAsync(CancellationToken.None);
        return (analyzers.Sum(a => result.AnalyzerTelemetryInfo.TryGetValue(a, out var info) ? info.ExecutionTime.TotalSeconds : 0), result);
    }

    /// <summary>
    /// The thread CPU time of <paramref name="analyzers"/>' callbacks over a fresh compilation (<see cref="CpuTimedAnalyzer"/>):
    /// the telemetry's wall time also counts preemption by the compiler's threads. With the run's diagnostics.
    /// </summary>
    public static async Task<(double Seconds, ImmutableArray<Diagnostic> Diagnostics)> CallbackCpuAsync(
        IReadOnlyList<(string Path, string Source)> files, ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        var timed = analyzers.Select(a => new CpuTimedAnalyzer(a)).ToImmutableArray();
        var diagnostics = await WithAnalyzers(Create(files), logExecutionTime: false, analyzers: timed.CastArray<DiagnosticAnalyzer>()).GetAllDiagnosticsAsync();
        LastCallbackAllocations = (timed.Sum(t => t.AllocatedBytes), timed.Sum(t => t.CollectionsDuring));
        LastClockCost = timed.Sum(t => t.ClockCost.TotalSeconds);
        LastJitTime = timed.Sum(t => t.JitTime.TotalSeconds);
        LastWaits = (timed.Sum(t => t.WallTime.TotalSeconds), timed.Sum(t => t.LongWaits.Count), timed.Sum(t => t.LongWaits.Total.TotalSeconds), timed.Sum(t => t.LongWaits.DuringCollections.TotalSeconds),
            timed.Sum(t => t.Switches.Voluntary), timed.Sum(t => t.Switches.Involuntary), timed.Sum(t => t.Switches.VoluntaryWaits.TotalSeconds));
        LastBlocked = timed.SelectMany(t => t.BlockedCallbacks).OrderByDescending(b => b.Wait).Take(5).Select(b => $"#{b.Ordinal} {b.What}: waited {b.Wait.TotalMilliseconds:F1} ms, CPU {b.Cpu.TotalMilliseconds:F1} ms").ToList();
        return (timed.Sum(t => t.CpuTime.TotalSeconds), diagnostics);
    }

    /// <summary>What the callbacks of the last <see cref="CallbackCpuAsync"/> allocated, and the gen 0 collections during them.</summary>
    public static (long Bytes, long Collections) LastCallbackAllocations { get; private set; }

    /// <summary>
    /// The last <see cref="CallbackCpuAsync"/>'s wall time in the callbacks (what the telemetry counts), the callbacks that
    /// waited 1 ms or more and their waits, and the waits of callbacks a gen 0 collection ran during.
    /// </summary>
    public static (double Wall, long LongWaits, double LongWaitSeconds, double CollectionWaitSeconds, long Voluntary, long Involuntary, double VoluntaryWaitSeconds) LastWaits { get; private set; }

    /// <summary>The last <see cref="CallbackCpuAsync"/>'s callbacks that blocked longest.</summary>
    public static IReadOnlyList<string> LastBlocked { get; private set; } = Array.Empty<string>();

    /// <summary>The JIT's elapsed time on the callbacks' threads in the last <see cref="CallbackCpuAsync"/> (see <see cref="CpuTimedAnalyzer.JitTime"/>).</summary>
    public static double LastJitTime { get; private set; }

    /// <summary>The thread CPU the clock's own reads added to the last <see cref="CallbackCpuAsync"/>, taken out of its figure.</summary>
    public static double LastClockCost { get; private set; }

    /// <summary>
    /// The project's <c>safe_migrations.*</c> settings, as a .globalconfig would give them: none by default, and
    /// <c>start_after</c> with <c>--baseline K</c> (a project that adopted the package with its newest K migrations left to check).
    /// </summary>
    private static class GlobalSettings
    {
        public static readonly AnalyzerConfigOptionsProvider Provider = new SettingsProvider();

        private sealed class SettingsProvider : AnalyzerConfigOptionsProvider
        {
            private readonly Settings global = new();

            public override AnalyzerConfigOptions GlobalOptions => global;

            public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Settings.None;

            public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Settings.None;
        }

        private sealed class Settings : AnalyzerConfigOptions
        {
            public static readonly Settings None = new() { IsEmpty = true };

            private bool IsEmpty { get; init; }

            public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value)
            {
                value = !IsEmpty && key == SafeMigrations.Analyzers.Context.SafeMigrationsSettings.StartAfterKey ? BenchmarkSettings.StartAfter : null;
                return value is not null;
            }
        }
    }
}
