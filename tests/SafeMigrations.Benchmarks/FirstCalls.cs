using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;

namespace SafeMigrations.Benchmarks;

/// <summary>
/// Every method a process called for the first time, from an EventPipe trace of the runtime (<c>profile/first-calls.sh</c>
/// writes one for a real build's csc with the analyzer and one without): a precompiled method's entry point looked up
/// (<c>r2r</c>), or a method compiled by the JIT (<c>jit</c>, with its tier). Sorted and one a line, so the two builds' lists
/// can be compared: the methods only the build with the analyzer called are what a fresh process prepares for it, ours and
/// the Roslyn and framework methods our code reaches before (or instead of) the compiler. Each line ends with a tab and the
/// milliseconds the JIT took (from its start event to the method's load, on the same thread; 0 for a precompiled method).
/// </summary>
internal static class FirstCalls
{
    public const string Flag = "--first-calls";

    public static void Report(string trace, TextWriter output)
    {
        using var source = new EventPipeEventSource(trace);
        var clr = new ClrTraceEventParser(source);
        var methods = new Dictionary<string, double>(StringComparer.Ordinal);
        var jitting = new Dictionary<(int Thread, long Method), double>();
        clr.MethodR2RGetEntryPoint += e => methods.TryAdd($"r2r {e.MethodNamespace}::{e.MethodName}", 0);
        clr.MethodJittingStarted += e => jitting[(e.ThreadID, e.MethodID)] = e.TimeStampRelativeMSec;
        clr.MethodLoadVerbose += e =>
        {
            if (e.IsJitted)
            {
                var milliseconds = jitting.Remove((e.ThreadID, e.MethodID), out var start) ? e.TimeStampRelativeMSec - start : 0;
                methods.TryAdd($"jit {e.MethodNamespace}::{e.MethodName} {e.OptimizationTier}", milliseconds);
            }
        };
        source.Process();
        foreach (var (method, milliseconds) in methods.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"{method}\t{milliseconds:F3}");
        }
    }
}
