using System.Diagnostics;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SafeMigrations.Benchmarks.Corpus;

namespace SafeMigrations.Benchmarks;

/// <summary>
/// The generators' first run over the corpus in a fresh process, as a build in a fresh csc process pays it on every
/// build: the JIT of the incremental pipeline included. The driver's first <c>ForAttributeWithMetadataName</c> also
/// JITs the driver's own attribute search, which whichever generator runs first pays; running the rollback generator
/// alone, after <see cref="AttributeScanGenerator"/>, and the scan alone, each in its own process, tells the two apart.
/// </summary>
internal static class GeneratorFirstRun
{
    internal const string ChildFlag = "--generator-first-run-child";

    private static readonly string[] Variants = ["scan", "ours", "scan+ours"];

    /// <summary>Runs each variant <paramref name="rounds"/> times, each in a new process, and prints the driver's times.</summary>
    public static void Run(string[] args, int rounds, TextWriter output)
    {
        output.WriteLine("Generators' first run in a fresh process (the driver's own times: first run, then a second run on a new compilation):");
        for (var round = 0; round < rounds; round++)
        {
            foreach (var variant in Variants)
            {
                var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
                start.ArgumentList.Add(typeof(GeneratorFirstRun).Assembly.Location);
                foreach (var arg in args.Where(a => a != "--generator-first-run"))
                {
                    start.ArgumentList.Add(arg);
                }

                start.ArgumentList.Add(ChildFlag);
                start.ArgumentList.Add(variant);
                using var child = Process.Start(start)!;
                var line = child.StandardOutput.ReadToEnd().Split('\n').LastOrDefault(l => l.StartsWith("  ", StringComparison.Ordinal));
                child.WaitForExit();
                output.WriteLine(line ?? $"  {variant}: the child process printed nothing (exit code {child.ExitCode})");
            }
        }
    }

    /// <summary>In the child: the chosen generators over the corpus, twice, each on a fresh compilation.</summary>
    public static bool TryRunChild(string[] args, IReadOnlyList<(string Path, string Source)> files, TextWriter output)
    {
        var at = Array.IndexOf(args, ChildFlag);
        if (at < 0 || at + 1 >= args.Length)
        {
            return false;
        }

        var variant = args[at + 1];
        IIncrementalGenerator[] generators = variant switch
        {
            "scan" => [new AttributeScanGenerator()],
            "ours" => [.. ProjectCompiler.Generators],
            _ => [new AttributeScanGenerator(), .. ProjectCompiler.Generators],
        };
        var times = new List<string>();
        for (var run = 0; run < 2; run++)
        {
            var compilation = ProjectCompiler.Create(files);
            var driver = ProjectCompiler.NewDriver(generators);
            driver = driver.RunGenerators(compilation);
            times.Add(string.Join(", ", driver.GetTimingInfo().GeneratorTimes.Select(g =>
                $"{g.Generator.GetGeneratorType().Name} {g.ElapsedTime.TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture)} ms")));
        }

        output.WriteLine($"  {variant,-10} first run: {times[0]}; second run: {times[1]}");
        return true;
    }
}
