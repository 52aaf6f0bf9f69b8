using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace SafeMigrations.Benchmarks;

/// <summary>
/// What stops a fresh csc process's threads, from an EventPipe trace of the runtime's GC, lock-contention and thread-pool events
/// (<c>profile/stalls.sh</c> writes one per build): the longest pauses of the runtime for collections, the longest waits for a
/// managed lock, and the thread pool's injections of threads for starvation. One fresh build in four to six charges our
/// callbacks 1.0-1.4 s more wall time than their CPU (see the README's forty-sixth round): this says whether those builds
/// paused for a collection, queued on a lock, or starved the thread pool.
/// </summary>
internal static class Stalls
{
    public const string Flag = "--stalls";

    public static void Report(string trace, TextWriter output)
    {
        using var source = new EventPipeEventSource(trace);
        var clr = new ClrTraceEventParser(source);
        var suspended = new Dictionary<int, double>();
        var pauses = new List<(double At, double Milliseconds, string Collection)>();
        var collection = "no collection";
        var contentionStarts = new Dictionary<int, double>();
        var waits = new List<(double At, double Milliseconds, int Thread)>();
        var injections = new List<(double At, double Threads, string Reason)>();
        var isCsc = false;
        clr.LoaderModuleLoad += e => isCsc |= e.ModuleILPath.EndsWith("csc.dll", StringComparison.OrdinalIgnoreCase);

        clr.GCStart += e => collection = $"gen {e.Depth} {e.Type} ({e.Reason})";
        clr.GCSuspendEEStart += e => suspended[e.ThreadID] = e.TimeStampRelativeMSec;
        clr.GCRestartEEStop += e =>
        {
            // The pause: from the suspension's start to the restart's end, on the thread that ran the collection.
            if (suspended.Count > 0)
            {
                var start = suspended.Values.Min();
                pauses.Add((start, e.TimeStampRelativeMSec - start, collection));
                suspended.Clear();
            }

            collection = "no collection";
        };
        clr.ContentionStart += e => contentionStarts[e.ThreadID] = e.TimeStampRelativeMSec;
        clr.ContentionStop += e =>
        {
            if (contentionStarts.Remove(e.ThreadID, out var start))
            {
                waits.Add((start, e.TimeStampRelativeMSec - start, e.ThreadID));
            }
        };
        clr.ThreadPoolWorkerThreadAdjustmentAdjustment += e => injections.Add((e.TimeStampRelativeMSec, e.NewWorkerThreadCount, e.Reason.ToString()));
        source.Process();

        if (!isCsc)
        {
            output.WriteLine($"// {trace}: not a csc process");
            return;
        }

        output.WriteLine($"// {trace}: {pauses.Count} pauses for collections, {pauses.Sum(p => p.Milliseconds):F0} ms in all, the longest {Longest(pauses.Select(p => p.Milliseconds))} ms; "
            + $"{waits.Count} waits for a lock, {waits.Sum(w => w.Milliseconds):F0} ms in all; {injections.Count(i => i.Reason == "Starvation")} threads injected for starvation");
        foreach (var (at, milliseconds, what) in pauses.OrderByDescending(p => p.Milliseconds).Take(5))
        {
            output.WriteLine($"  pause {milliseconds,7:F1} ms at {at / 1000,7:F2} s: {what}");
        }

        foreach (var (at, milliseconds, thread) in waits.OrderByDescending(w => w.Milliseconds).Take(5))
        {
            output.WriteLine($"  lock wait {milliseconds,7:F1} ms at {at / 1000,7:F2} s on thread {thread}");
        }

        foreach (var (at, threads, reason) in injections.Where(i => i.Reason == "Starvation").Take(5))
        {
            output.WriteLine($"  thread pool at {at / 1000,7:F2} s: {threads} threads ({reason})");
        }
    }

    private static string Longest(IEnumerable<double> milliseconds) => milliseconds.DefaultIfEmpty(0).Max().ToString("F1", System.Globalization.CultureInfo.InvariantCulture);
}
