using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace SafeMigrations.Benchmarks;

/// <summary>
/// What the analyzer's phases allocate, by type: the runtime's allocation ticks (one about every 100 KB allocated, with the
/// type of the object that crossed the mark), counted only between <see cref="Start"/> and <see cref="Stop"/>. The phases
/// run on one thread with the compiler done, so the ticks are theirs. <c>SAFEMIGRATIONS_BENCH_ALLOCATIONS=1</c> with
/// <c>SAFEMIGRATIONS_BENCH_PHASES_ONLY=N</c>; a sampled estimate, good for which types to look at, not for exact bytes.
/// With <c>SAFEMIGRATIONS_BENCH_ANALYZER_ONLY=N</c> the compiler allocates beside the callbacks, so only the ticks of a thread
/// while it is inside a callback count (<see cref="InCallback"/>): the real callbacks' allocations, red nodes included.
/// </summary>
internal sealed class AllocationTypes : EventListener
{
    private const int AllocationTickEventId = 10;
    private readonly ConcurrentDictionary<string, long> bytesByType = new(StringComparer.Ordinal);
    private long startTicks = long.MaxValue;
    private long stopTicks = long.MaxValue;

    public static AllocationTypes? Current { get; private set; }

    /// <summary>The callbacks' windows (OS thread, start and end ticks), when only the ticks inside them count.</summary>
    public System.Collections.Concurrent.ConcurrentBag<(long Thread, long Start, long End)>? CallbackWindows { get; private set; }

    private readonly System.Collections.Concurrent.ConcurrentBag<(long Thread, long At, string Type, long Amount)> ticks = new();

    /// <summary>Counts only the ticks inside the callbacks that <see cref="CpuTimedAnalyzer"/> times.</summary>
    public void InCallback() => CallbackWindows = new();

    public static AllocationTypes? CreateIfAsked() =>
        Environment.GetEnvironmentVariable("SAFEMIGRATIONS_BENCH_ALLOCATIONS") == "1" ? Current = new AllocationTypes() : null;

    public void Start()
    {
        Interlocked.Exchange(ref stopTicks, long.MaxValue);
        Interlocked.Exchange(ref startTicks, DateTime.UtcNow.Ticks);
    }

    public void Stop() => Interlocked.Exchange(ref stopTicks, DateTime.UtcNow.Ticks);

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1); // GC
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs data)
    {
        var at = data.TimeStamp.ToUniversalTime().Ticks;
        if (data.EventId != AllocationTickEventId || at < Interlocked.Read(ref startTicks) || at > Interlocked.Read(ref stopTicks) || data.Payload is null)
        {
            return;
        }

        var type = data.PayloadNames!.IndexOf("TypeName") is var t and >= 0 ? data.Payload[t] as string ?? "?" : "?";
        var amount = data.PayloadNames.IndexOf("AllocationAmount64") is var a and >= 0 ? Convert.ToInt64(data.Payload[a]) : 100_000;
        if (CallbackWindows is not null)
        {
            ticks.Add((data.OSThreadId, at, type, amount));
            return;
        }

        bytesByType.AddOrUpdate(type, amount, (_, sum) => sum + amount);
    }

    public void Print(TextWriter output, int top = 60)
    {
        Thread.Sleep(2000); // The last ticks are dispatched late.
        if (CallbackWindows is { } windows)
        {
            var byThread = windows.GroupBy(w => w.Thread).ToDictionary(g => g.Key, g => g.OrderBy(w => w.Start).ToArray());
            foreach (var tick in ticks)
            {
                if (byThread.TryGetValue(tick.Thread, out var spans) && spans.Any(w => w.Start <= tick.At && tick.At <= w.End))
                {
                    bytesByType.AddOrUpdate(tick.Type, tick.Amount, (_, sum) => sum + tick.Amount);
                }
            }
        }

        var total = bytesByType.Values.Sum();
        output.WriteLine($"Allocation ticks by type ({total / 1048576.0:F1} MiB sampled):");
        foreach (var (type, bytes) in bytesByType.OrderByDescending(p => p.Value).Take(top))
        {
            output.WriteLine($"  {100.0 * bytes / total,5:F1} %  {bytes / 1048576.0,6:F1} MiB  {type}");
        }
    }
}
