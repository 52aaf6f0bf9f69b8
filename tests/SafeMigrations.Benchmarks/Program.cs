using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using SafeMigrations.Benchmarks;
using SafeMigrations.Benchmarks.Corpus;
using SafeMigrations.TestKit.Scaffolding;

// Usage: dotnet run -c Release -- [migrations=1000] [--iterations N=3] [--rounds N=2] [--profile-only] [--all-providers] [--raw-sql]
//        dotnet run -c Release -- [migrations=420] --history large [--provider postgresql|sqlite] [--rounds N=3] [--scaffold-only] [--edit-only]
//        dotnet run -c Release -- [...the corpus options above] --real-build [--rounds N=2]
//        dotnet run -c Release -- [...the corpus options above] --generator-first-run [--rounds N=2]
//        dotnet run -c Release -- [...] --history-profile --peer path/to/Other.Analyzers.dll: another analyzer measured beside ours
//        dotnet run -c Release -- --history-dir path/to/Project/Migrations --provider sqlite|postgresql [--all-providers] [--stubs file] [--history-profile options | --real-build]:
//        a real project's migrations folder (issue 15's ErsatzTV, bitwarden, jellyfin), with stubs for the rest of the project
//        (made from the files, plus --stubs: declarations of the project's own helpers the migrations call; see profile/real-histories.sh)
//        add --baseline K to any of them: safe_migrations.start_after leaves only the newest K migrations to analyze
//        (--by-name: start_after is the migration's bare name, not its id)
//        dotnet run -c Release -- --type-loads trace.nettrace [--names]: the types of ours a fresh process loaded (profile/type-loads.sh);
//        --names lists each one loaded to the last level
//        dotnet run -c Release -- --stalls trace.nettrace: a fresh process's pauses for collections, lock waits and thread-pool
//        starvation (profile/stalls.sh)
// The in-process measures compile the same sources many times in one process; what the analyzer keeps across compilations
// (a previous Designer's answers, the reads of Up and Down) would make every run after the first skip the reading they
// measure. The rebuild measure (HistoryProfile) turns the caches on by itself.
SafeMigrations.Benchmarks.HistoryProfile.Keep(answers: false, reads: false);

if (args.Length >= 2 && args[0] == Stalls.Flag)
{
    Stalls.Report(args[1], Console.Out);
    return;
}

if (args.Length >= 2 && args[0] == JitUnderOurs.Flag)
{
    JitUnderOurs.Report(args[1], Console.Out);
    return;
}

if (args.Length >= 2 && args[0] == FirstCalls.Flag)
{
    FirstCalls.Report(args[1], Console.Out);
    return;
}

if (args.Length >= 2 && args[0] == TypeLoads.Flag)
{
    TypeLoads.Report(args[1], Console.Out, listNames: args.Contains("--names"));
    return;
}

var positional = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
var iterations = 3;
var rounds = 2;
int? newestAnalyzed = null;
string? historyDirectory = null;
string? extraStubs = null;
for (var i = 0; i < args.Length - 1; i++)
{
    if (args[i] is "--iterations" or "--rounds")
    {
        var value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
        if (args[i] == "--iterations")
        {
            iterations = value;
        }
        else
        {
            rounds = value;
        }

        positional.Remove(args[i + 1]);
    }
    else if (args[i] == "--history")
    {
        BenchmarkSettings.History = Enum.Parse<CorpusKind>(args[i + 1], ignoreCase: true);
        positional.Remove(args[i + 1]);
    }
    else if (args[i] == "--baseline")
    {
        newestAnalyzed = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
        positional.Remove(args[i + 1]);
    }
    else if (args[i] == "--peer")
    {
        BenchmarkSettings.PeerAnalyzer = args[i + 1];
        positional.Remove(args[i + 1]);
    }
    else if (args[i] == GeneratorFirstRun.ChildFlag)
    {
        positional.Remove(args[i + 1]);
    }
    else if (args[i] == "--history-dir")
    {
        historyDirectory = args[i + 1];
        positional.Remove(args[i + 1]);
    }
    else if (args[i] == "--stubs")
    {
        extraStubs = File.ReadAllText(args[i + 1]);
        positional.Remove(args[i + 1]);
    }
    else if (args[i] == "--provider")
    {
        BenchmarkSettings.Provider = Enum.Parse<TestProvider>(args[i + 1], ignoreCase: true);
        positional.Remove(args[i + 1]);
    }
}

var large = BenchmarkSettings.History == CorpusKind.Large;
BenchmarkSettings.Migrations = positional.Count > 0 ? int.Parse(positional[0], CultureInfo.InvariantCulture) : large ? 420 : 1000;
BenchmarkSettings.AllProviders = args.Contains("--all-providers");
BenchmarkSettings.RawSql = args.Contains("--raw-sql");
var corpus = historyDirectory is null
    ? MigrationCorpus.Load(BenchmarkSettings.History, BenchmarkSettings.Provider, BenchmarkSettings.Migrations, Console.Out)
    : MigrationCorpus.FromDirectory(historyDirectory, extraStubs, Console.Out);
if (historyDirectory is not null)
{
    BenchmarkSettings.Migrations = corpus.Files.Count(f => f.Path.StartsWith("Migrations/2", StringComparison.Ordinal) && !f.Path.EndsWith(".Designer.cs", StringComparison.Ordinal));
}

Console.WriteLine($"// Corpus: {BenchmarkSettings.Migrations} migrations, {corpus.Files.Count} files, {corpus.Lines:N0} lines, {corpus.Characters / 1024.0 / 1024.0:F1} MiB ({corpus.Directory})");
if (newestAnalyzed is { } newest)
{
    var ids = corpus.Files.Select(f => f.Path)
        .Where(p => p.StartsWith("Migrations/2", StringComparison.Ordinal) && !p.EndsWith(".Designer.cs", StringComparison.Ordinal))
        .Select(p => Path.GetFileNameWithoutExtension(p)).Order(StringComparer.Ordinal).ToList();
    BenchmarkSettings.StartAfter = ids[Math.Max(0, ids.Count - newest - 1)];
    if (args.Contains("--by-name"))
    {
        // The bare name (as `dotnet ef database update AddOrders` takes it), which the analyzer resolves among every id.
        BenchmarkSettings.StartAfter = BenchmarkSettings.StartAfter.Substring(BenchmarkSettings.StartAfter.IndexOf('_', StringComparison.Ordinal) + 1);
    }

    Console.WriteLine($"// safe_migrations.start_after = {BenchmarkSettings.StartAfter}: the newest {newest} migrations are analyzed (--baseline; the phases below ignore it)");
}

if (BenchmarkSettings.RawSql)
{
    Console.WriteLine("// Every migration's Up also holds a hand-written Sql(...) of four statements (--raw-sql)");
}

Console.WriteLine($"// References: {(BenchmarkSettings.AllProviders ? "EF Core with all providers (provider not known from references)" : $"EF Core and the {BenchmarkSettings.Provider} provider")}");
Console.WriteLine($"// Machine: {Environment.ProcessorCount} logical cores, Roslyn {typeof(Microsoft.CodeAnalysis.Compilation).Assembly.GetName().Version}, .NET {Environment.Version}, load average {HistoryProfile.LoadAverage()}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
if (args.Contains("--scaffold-only"))
{
    if (historyDirectory is not null)
    {
        // What the stubs did not cover: a real history should compile as its project does, without errors.
        var errors = ProjectCompiler.CompilerDiagnostics(ProjectCompiler.Create(corpus.Files)).Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error).ToList();
        Console.WriteLine($"// compiler errors: {errors.Count}");
        foreach (var error in errors.GroupBy(e => e.Id).OrderByDescending(g => g.Count()))
        {
            Console.WriteLine($"//   {error.Key} x{error.Count()}, first: {error.First()}");
        }
    }

    return;
}

if (GeneratorFirstRun.TryRunChild(args, corpus.Files, Console.Out))
{
    return;
}

if (args.Contains("--generator-first-run"))
{
    GeneratorFirstRun.Run(args, rounds, Console.Out);
    return;
}

if (args.Contains("--real-build"))
{
    RealBuild.Run(corpus, rounds, Console.Out);
    return;
}

if (args.Contains("--history-profile") || large || historyDirectory is not null)
{
    await HistoryProfile.RunAsync(corpus, rounds, Console.Out, editOnly: args.Contains("--edit-only"));
    return;
}

if (args.Contains("--profile-only"))
{
    ProjectCompiler.WarmUp(corpus.Prefix(100));
}
else
{
    // In process (no re-build of a generated project on a 2-core machine). A compile of the corpus takes
    // tens of seconds, so no pilot, overhead, jitting or warmup stages: the benchmark warms up on a small
    // project in its GlobalSetup, then every iteration is one full compile.
    var job = Job.Default
        .WithToolchain(InProcessEmitToolchain.Instance)
        .WithStrategy(RunStrategy.ColdStart)
        .WithLaunchCount(1)
        .WithWarmupCount(0)
        .WithIterationCount(iterations)
        .WithId("Short");
    var config = DefaultConfig.Instance.AddJob(job).WithOptions(ConfigOptions.DisableLogFile);
    var summary = BenchmarkRunner.Run<CompileBenchmarks>(config);

    double? Mean(string method) => summary.Reports
        .FirstOrDefault(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method)?.ResultStatistics?.Mean;
    double? Median(string method) => summary.Reports
        .FirstOrDefault(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method)?.ResultStatistics?.Median;

    Console.WriteLine();
    if (Mean(nameof(CompileBenchmarks.Compile)) is { } baseline && Mean(nameof(CompileBenchmarks.CompileWithAnalyzer)) is { } analyzed)
    {
        var baselineMedian = Median(nameof(CompileBenchmarks.Compile))!.Value;
        var analyzedMedian = Median(nameof(CompileBenchmarks.CompileWithAnalyzer))!.Value;
        Console.WriteLine($"Compile without analyzer: mean {baseline / 1e9:F2} s, median {baselineMedian / 1e9:F2} s");
        Console.WriteLine($"Compile with analyzer:    mean {analyzed / 1e9:F2} s, median {analyzedMedian / 1e9:F2} s");
        Console.WriteLine($"Analyzer overhead (BenchmarkDotNet, wall): {(analyzed - baseline) / baseline:P1} (mean), {(analyzedMedian - baselineMedian) / baselineMedian:P1} (median)");
        Console.WriteLine("  (the iterations of one benchmark run before the other's, so on a loaded machine a change in load lands on one side: see the interleaved rounds below)");
    }
    else
    {
        Console.WriteLine("Analyzer overhead: not computed (a benchmark failed; see above).");
    }

    Console.WriteLine();
}

await AnalyzerProfile.RunAsync(corpus.Files, rounds, Console.Out);
