using BenchmarkDotNet.Attributes;
using SafeMigrations.Benchmarks.Corpus;
using SafeMigrations.TestKit.Scaffolding;

namespace SafeMigrations.Benchmarks;

/// <summary>
/// Compiling a project of <see cref="Migrations"/> scaffolded migrations (parse + bind, all diagnostics),
/// without and with the SafeMigrations analyzer. Overhead = (WithAnalyzer - Compile) / Compile, the Ratio
/// column minus one. Emit is left out of both, which makes the overhead look larger than in a real build.
/// </summary>
[MemoryDiagnoser]
public class CompileBenchmarks
{
    private IReadOnlyList<(string Path, string Source)> files = [];

    [ParamsSource(nameof(MigrationCounts))]
    public int Migrations { get; set; }

    public static IEnumerable<int> MigrationCounts => [BenchmarkSettings.Migrations];

    [GlobalSetup]
    public void Setup()
    {
        var corpus = MigrationCorpus.Load(BenchmarkSettings.History, BenchmarkSettings.Provider, Migrations, Console.Out);
        files = corpus.Files;
        ProjectCompiler.WarmUp(corpus.Prefix(100));
    }

    [Benchmark(Baseline = true, Description = "Compile")]
    public int Compile() => ProjectCompiler.CompilerDiagnostics(ProjectCompiler.Create(files)).Length;

    [Benchmark(Description = "Compile + SafeMigrationsAnalyzer")]
    public async Task<int> CompileWithAnalyzer()
    {
        var diagnostics = await ProjectCompiler.WithAnalyzers(ProjectCompiler.Create(files), logExecutionTime: false).GetAllDiagnosticsAsync();
        return diagnostics.Length;
    }

    // When the rollback generator exists (ProjectCompiler.Generators), add:
    //   [Benchmark(Description = "Compile + generator")] => CompilerDiagnostics(Create(files, runGenerators: true))
    //   [Benchmark(Description = "Compile + generator + analyzer")] => WithAnalyzers(Create(files, runGenerators: true), ...)
    // and the corpus then needs [GenerateRollback] on its migrations (a HistoryPlan/MigrationCorpus option).
}

/// <summary>Settings from the command line, read by the in-process benchmark.</summary>
public static class BenchmarkSettings
{
    public static int Migrations { get; set; } = 1000;

    /// <summary>The uniform small-model history, or the large-model one (<c>--history large</c>).</summary>
    internal static CorpusKind History { get; set; } = CorpusKind.Uniform;

    /// <summary>The provider the corpus is scaffolded for and the project references (<c>--provider sqlite</c>).</summary>
    internal static TestProvider Provider { get; set; } = TestProvider.PostgreSql;

    /// <summary>Reference every provider the scaffolder has, not just Npgsql (<c>--all-providers</c>).</summary>
    public static bool AllProviders { get; set; }

    /// <summary>Give every migration a hand-written <c>Sql(...)</c> of a few statements, for the raw SQL reader's cost (<c>--raw-sql</c>).</summary>
    public static bool RawSql { get; set; }

    /// <summary>
    /// <c>safe_migrations.start_after</c>, the id that leaves only the newest K migrations to analyze (<c>--baseline K</c>),
    /// as a project that adopts the package on its history sets it; null for none (every migration analyzed).
    /// </summary>
    public static string? StartAfter { get; set; }

    /// <summary>Another analyzer's assembly, measured beside ours in the in-process report (<c>--peer path</c>); null for none.</summary>
    public static string? PeerAnalyzer { get; set; }
}
