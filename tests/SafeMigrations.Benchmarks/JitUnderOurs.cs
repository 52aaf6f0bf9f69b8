using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace SafeMigrations.Benchmarks;

/// <summary>
/// Every method the JIT compiled on a thread while our code was on its stack, from an EventPipe trace with the runtime's JIT
/// events and their stacks (<c>profile/jit-under-ours.sh</c> writes one for a real build's csc): the JIT's milliseconds, the
/// tier, the method, our innermost frame and the frame it called. A method JIT-compiled at tier 0 there is time charged to our
/// callback that a precompiled path would not cost: LINQ or vectorized framework code over our types, a Roslyn generic the
/// compiler never instantiated, or our own code whose precompiled copy the runtime refused (see the fifty-first round).
/// </summary>
internal static class JitUnderOurs
{
    public const string Flag = "--jit-under-ours";

    public static void Report(string trace, TextWriter output)
    {
        using var log = new TraceLog(TraceLog.CreateFromEventPipeDataFile(trace));
        var started = new Dictionary<(int Thread, long Method), (double At, string Method, string Ours, string Called)>();
        var total = 0.0;
        var count = 0;
        foreach (var traceEvent in log.Events)
        {
            if (traceEvent is MethodJittingStartedTraceData jitting)
            {
                var frames = new List<string>();
                for (var frame = traceEvent.CallStack(); frame is not null; frame = frame.Caller)
                {
                    frames.Add(frame.CodeAddress.FullMethodName + " [" + frame.CodeAddress.ModuleName + "]");
                }

                var ours = frames.FindIndex(f => f.Contains("[SafeMigrations.Analyzers]", StringComparison.Ordinal));
                if (ours >= 0)
                {
                    started[(jitting.ThreadID, jitting.MethodID)] =
                        (jitting.TimeStampRelativeMSec, jitting.MethodNamespace + "::" + jitting.MethodName, frames[ours], ours > 0 ? frames[ours - 1] : "-");
                }
            }
            else if (traceEvent is MethodLoadUnloadVerboseTraceData loaded && started.Remove((loaded.ThreadID, loaded.MethodID), out var start))
            {
                var milliseconds = loaded.TimeStampRelativeMSec - start.At;
                total += milliseconds;
                count++;
                output.WriteLine($"{milliseconds,7:F3} ms  {loaded.OptimizationTier,-12} {start.Method}");
                output.WriteLine($"             in {start.Ours}");
                output.WriteLine($"             calling {start.Called}");
            }
        }

        output.WriteLine($"{count} methods JIT-compiled under our code, {total:F1} ms");
    }
}
