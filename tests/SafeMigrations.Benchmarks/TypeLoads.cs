using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;

namespace SafeMigrations.Benchmarks;

/// <summary>
/// What a fresh process's runtime does for our code, from an EventPipe trace of the runtime's loader events
/// (<c>profile/type-loads.sh</c> writes one for a real build's csc): the types it loads that name a type of ours (our classes,
/// and the framework's and Roslyn's generics over them), the time inside those loads, and the ReadyToRun methods of ours whose
/// entry points it looks up. A fresh csc process spends about half of the analyzer's CPU in the runtime (see the README's
/// thirty-third round); perf cannot name the runtime's frames here (libcoreclr has no symbols), and these events can.
/// </summary>
internal static class TypeLoads
{
    public const string Flag = "--type-loads";

    /// <summary>Types of the generator's pipeline, told apart from the analyzer's (the generator loads them once per process).</summary>
    private static bool IsGenerators(string type) =>
        type.Contains("RollbackGenerator", StringComparison.Ordinal) || type.Contains("NodeStateTable", StringComparison.Ordinal)
        || type.Contains("TransformNode", StringComparison.Ordinal) || type.Contains("Incremental", StringComparison.Ordinal);

    public static void Report(string trace, TextWriter output, bool listNames = false)
    {
        using var source = new EventPipeEventSource(trace);
        var clr = new ClrTraceEventParser(source);
        var started = new Dictionary<(int Thread, long Id), double>();
        var loads = new List<(string Type, int Level, double Milliseconds)>();
        var entryPoints = 0;
        var entryPointMilliseconds = 0.0;
        var entryPointMillisecondsBesideLoads = 0.0;
        var lookups = new Dictionary<(int Thread, long Method), double>();
        var threads = new Dictionary<int, ThreadLoads>();
        var totalLoads = 0;
        clr.TypeLoadStart += e =>
        {
            started[(e.ThreadID, e.TypeLoadStartID)] = e.TimeStampRelativeMSec;
            LoadsOf(threads, e.ThreadID).LoadStarted(e.TimeStampRelativeMSec);
        };
        clr.TypeLoadStop += e =>
        {
            totalLoads++;
            LoadsOf(threads, e.ThreadID).LoadStopped(e.TimeStampRelativeMSec);
            var timed = started.Remove((e.ThreadID, e.TypeLoadStartID), out var start);
            if (e.TypeName.Contains("SafeMigrations", StringComparison.Ordinal))
            {
                loads.Add((e.TypeName, e.LoadLevel, timed ? e.TimeStampRelativeMSec - start : 0));
            }
        };

        // A lookup's time: from its start to its end on the same thread (the type loads and fixups it needs included).
        // Beside the loads: the lookup's time less that of the type loads it waited for (the fixups and the lookup itself).
        clr.MethodR2RGetEntryPointStart += e =>
        {
            lookups[(e.ThreadID, e.MethodID)] = e.TimeStampRelativeMSec;
            LoadsOf(threads, e.ThreadID).LoadsInLookup = 0;
        };
        clr.MethodR2RGetEntryPoint += e =>
        {
            var timed = lookups.Remove((e.ThreadID, e.MethodID), out var start);
            if (timed && e.MethodNamespace.Contains("SafeMigrations", StringComparison.Ordinal))
            {
                entryPoints++;
                entryPointMilliseconds += e.TimeStampRelativeMSec - start;
                entryPointMillisecondsBesideLoads += e.TimeStampRelativeMSec - start - LoadsOf(threads, e.ThreadID).LoadsInLookup;
            }
        };
        source.Process();

        if (loads.Count == 0)
        {
            output.WriteLine($"// {trace}: no type of ours loaded (not the csc process, or no TypeDiagnostic keyword in the trace); {totalLoads} type loads in all");
            return;
        }

        output.WriteLine($"// {trace}: {totalLoads} type loads in the process, {loads.Count} of them name a type of ours; {entryPoints} ReadyToRun entry points of ours looked up, {entryPointMilliseconds:F1} ms inside those lookups ({entryPointMillisecondsBesideLoads:F1} ms of it beside the type loads they needed)");
        foreach (var side in loads.GroupBy(l => IsGenerators(l.Type) ? "generator" : "analyzer"))
        {
            var complete = side.Where(l => l.Level >= 4).ToList();
            output.WriteLine($"{side.Key}: {side.Count()} loads ({complete.Count} to the last level), {side.Sum(l => l.Milliseconds):F1} ms inside them (wall time, a nested load counted in its outer one too)");
            foreach (var kind in complete.GroupBy(l => Kind(l.Type)).OrderByDescending(g => g.Count()).Take(15))
            {
                output.WriteLine($"  {kind.Count(),5} {kind.Sum(l => l.Milliseconds),7:F1} ms  {kind.Key}");
            }

            // The names, sorted, so two traces (before and after a change) can be compared with diff.
            if (listNames)
            {
                foreach (var name in complete.Select(l => l.Type).Distinct().Order(StringComparer.Ordinal))
                {
                    output.WriteLine($"    {side.Key} {name}");
                }
            }
        }
    }

    private static ThreadLoads LoadsOf(Dictionary<int, ThreadLoads> threads, int id) =>
        threads.TryGetValue(id, out var thread) ? thread : threads[id] = new ThreadLoads();

    /// <summary>A thread's type loads, nested as the loader nests them: the time of its outermost ones since the last lookup began.</summary>
    private sealed class ThreadLoads
    {
        private int depth;
        private double outermostStart;

        public double LoadsInLookup { get; set; }

        public void LoadStarted(double at)
        {
            if (depth++ == 0)
            {
                outermostStart = at;
            }
        }

        public void LoadStopped(double at)
        {
            if (depth > 0 && --depth == 0)
            {
                LoadsInLookup += at - outermostStart;
            }
        }
    }

    /// <summary>What a loaded type is, for grouping: an outer generic's name (List`1, Func`2), a closure, or our own type.</summary>
    private static string Kind(string type)
    {
        if (type.Contains("<>c", StringComparison.Ordinal))
        {
            return "closures and lambdas' classes of ours";
        }

        var generic = type.IndexOfAny(['<', '[']);
        var outer = generic > 0 ? type[..generic] : type;
        return outer.StartsWith("SafeMigrations.", StringComparison.Ordinal) && generic < 0 ? "a class or struct of ours" : outer;
    }
}
