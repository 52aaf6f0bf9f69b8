using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SafeMigrations.Benchmarks;

/// <summary>
/// Runs another analyzer and adds up the CPU time of the threads inside its callbacks. Roslyn's telemetry is wall time
/// inside the callbacks: on 2 cores the compiler's own threads preempt them, and the same code read 225 to 650 ms in
/// identical rounds. Thread CPU time leaves out the waits and still counts the garbage collections the callbacks' own
/// allocations trigger on their thread. It forwards what <c>MigrationAnalyzer</c> registers, and the syntax-tree actions
/// of the peer analyzer the report can measure beside it (<see cref="PeerAnalyzer"/>).
/// </summary>
#pragma warning disable RS1001, RS1012, RS1025, RS1026 // Not shipped: a measuring wrapper, created directly.
internal sealed class CpuTimedAnalyzer(DiagnosticAnalyzer inner) : DiagnosticAnalyzer
{
    private long nanoseconds;
    private long allocated;
    private long collections;
    private long callbacks;
    private long jitTicks;
    private long wallTicks;
    private long longWaitTicks;
    private long longWaits;
    private long collectionWaitTicks;
    private long voluntarySwitches;
    private long involuntarySwitches;
    private long voluntaryWaitTicks;
    private readonly System.Collections.Concurrent.ConcurrentBag<(long Ordinal, TimeSpan Wait, TimeSpan Cpu, string What)> blockedCallbacks = new();

    /// <summary>The callbacks that blocked, in no order: their place in the run, wait, CPU and tree.</summary>
    public IEnumerable<(long Ordinal, TimeSpan Wait, TimeSpan Cpu, string What)> BlockedCallbacks => blockedCallbacks;

    /// <summary>
    /// The callbacks' thread CPU, without what reading the clock costs. The clock is a system call here (1.5-2 µs on this
    /// VM, none of it in a real build): each callback's window holds about one read's worth of it, which on 2,002 trees
    /// was 3-4 ms of the 40-60 ms measured. That cost is measured once per process (<see cref="ClockReadCost"/>) and taken out.
    /// </summary>
    public TimeSpan CpuTime => TimeSpan.FromTicks(Math.Max(0, Interlocked.Read(ref nanoseconds) - (Interlocked.Read(ref callbacks) * ClockReadCost.Value)) / 100);

    /// <summary>What the clock's reads added to <see cref="CpuTime"/> before it was taken out.</summary>
    public TimeSpan ClockCost => TimeSpan.FromTicks(Interlocked.Read(ref callbacks) * ClockReadCost.Value / 100);

    /// <summary>
    /// The thread CPU one measuring window charges for the clock itself (nanoseconds): the median of many empty windows,
    /// each timed exactly as a callback is, so the allocation and collection counters read inside it count too.
    /// </summary>
    internal static readonly Lazy<long> ClockReadCost = new(() =>
    {
        var samples = new long[4001];
        for (var i = 0; i < samples.Length; i++)
        {
            var start = ThreadCpuNanoseconds();
            _ = GC.GetAllocatedBytesForCurrentThread();
            _ = GC.CollectionCount(0);
            samples[i] = ThreadCpuNanoseconds() - start;
        }

        Array.Sort(samples);
        return samples[samples.Length / 2];
    });

    /// <summary>
    /// The JIT's time on the callbacks' threads while they ran: our code's first calls at tier 0 and Roslyn's that they reach.
    /// A cold build pays it once per process; the IDE's and the compiler server's later runs do not. It is the runtime's
    /// elapsed compile time, not CPU: a thread that waits for a method another thread is compiling counts the wait, so it
    /// can exceed <see cref="CpuTime"/> (21 ms of it in a 20 ms round on jellyfin).
    /// </summary>
    public TimeSpan JitTime => TimeSpan.FromTicks(Interlocked.Read(ref jitTicks));

    /// <summary>The callbacks' wall time, as Roslyn's telemetry counts it, in the same run as <see cref="CpuTime"/>.</summary>
    public TimeSpan WallTime => TimeSpan.FromTicks(Interlocked.Read(ref wallTicks));

    /// <summary>
    /// Where wall time minus thread CPU (the waits) went: callbacks that waited 1 ms or more (a preemption of a whole
    /// scheduler slice, a lock, a collection), and the waits of the callbacks a gen 0 collection ran during.
    /// </summary>
    public (long Count, TimeSpan Total, TimeSpan DuringCollections) LongWaits =>
        (Interlocked.Read(ref longWaits), TimeSpan.FromTicks(Interlocked.Read(ref longWaitTicks)), TimeSpan.FromTicks(Interlocked.Read(ref collectionWaitTicks)));

    /// <summary>
    /// The callbacks' context switches: voluntary (the thread blocked: a lock, a wait for another thread) and involuntary
    /// (the scheduler preempted it), and the waits of the callbacks that blocked at least once.
    /// </summary>
    public (long Voluntary, long Involuntary, TimeSpan VoluntaryWaits) Switches =>
        (Interlocked.Read(ref voluntarySwitches), Interlocked.Read(ref involuntarySwitches), TimeSpan.FromTicks(Interlocked.Read(ref voluntaryWaitTicks)));

    /// <summary>Bytes the callbacks allocated on their threads: what drives the collections charged to them.</summary>
    public long AllocatedBytes => Interlocked.Read(ref allocated);

    /// <summary>Gen 0 collections (of any thread) that happened while a callback ran: their work counts in the callbacks' CPU when a callback's allocation triggered them.</summary>
    public long CollectionsDuring => Interlocked.Read(ref collections);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => inner.SupportedDiagnostics;

    public override void Initialize(AnalysisContext context) => inner.Initialize(new Context(context, this));

    private void Timed<T>(Action<T> action, T argument)
    {
        ThreadSwitches(out var voluntaryAtStart, out var involuntaryAtStart);
        var wallStart = System.Diagnostics.Stopwatch.GetTimestamp();
        var start = ThreadCpuNanoseconds();
        var allocatedAtStart = GC.GetAllocatedBytesForCurrentThread();
        var collectionsAtStart = GC.CollectionCount(0);
        var jitAtStart = System.Runtime.JitInfo.GetCompilationTime(currentThread: true);
        var windowStart = AllocationTypes.Current?.CallbackWindows is not null ? DateTime.UtcNow.Ticks : 0;
        try
        {
            action(argument);
        }
        finally
        {
            var cpu = ThreadCpuNanoseconds() - start;
            var wall = System.Diagnostics.Stopwatch.GetElapsedTime(wallStart).Ticks;
            Interlocked.Add(ref nanoseconds, cpu);
            Interlocked.Increment(ref callbacks);
            Interlocked.Add(ref wallTicks, wall);
            Interlocked.Add(ref allocated, GC.GetAllocatedBytesForCurrentThread() - allocatedAtStart);
            var collected = GC.CollectionCount(0) - collectionsAtStart;
            Interlocked.Add(ref collections, collected);
            var wait = wall - (cpu / 100);
            if (wait >= TimeSpan.TicksPerMillisecond)
            {
                Interlocked.Increment(ref longWaits);
                Interlocked.Add(ref longWaitTicks, wait);
            }

            ThreadSwitches(out var voluntaryAtEnd, out var involuntaryAtEnd);
            Interlocked.Add(ref voluntarySwitches, voluntaryAtEnd - voluntaryAtStart);
            Interlocked.Add(ref involuntarySwitches, involuntaryAtEnd - involuntaryAtStart);
            if (voluntaryAtEnd > voluntaryAtStart && wait > 0)
            {
                Interlocked.Add(ref voluntaryWaitTicks, wait);
                blockedCallbacks.Add((Interlocked.Read(ref callbacks), TimeSpan.FromTicks(wait), TimeSpan.FromTicks(cpu / 100), argument switch
                {
                    SemanticModelAnalysisContext model => model.SemanticModel.SyntaxTree.FilePath,
                    SyntaxTreeAnalysisContext tree => tree.Tree.FilePath,
                    _ => typeof(T).Name,
                }));
            }

            if (collected > 0 && wait > 0)
            {
                Interlocked.Add(ref collectionWaitTicks, wait);
            }

            Interlocked.Add(ref jitTicks, (System.Runtime.JitInfo.GetCompilationTime(currentThread: true) - jitAtStart).Ticks);
            AllocationTypes.Current?.CallbackWindows?.Add((gettid(), windowStart, DateTime.UtcNow.Ticks));
        }
    }

    private sealed class Context(AnalysisContext outer, CpuTimedAnalyzer timer) : AnalysisContext
    {
        public override void EnableConcurrentExecution() => outer.EnableConcurrentExecution();

        public override void ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags analysisMode) => outer.ConfigureGeneratedCodeAnalysis(analysisMode);

        public override void RegisterCompilationStartAction(Action<CompilationStartAnalysisContext> action) =>
            outer.RegisterCompilationStartAction(start => timer.Timed(action, new Start(start, timer)));

        public override void RegisterCompilationAction(Action<CompilationAnalysisContext> action) => throw Unused();

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => throw Unused();

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) => throw Unused();

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) => throw Unused();

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => throw Unused();

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) =>
            outer.RegisterSyntaxTreeAction(tree => timer.Timed(action, tree));

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) => throw Unused();
    }

    private sealed class Start(CompilationStartAnalysisContext outer, CpuTimedAnalyzer timer)
        : CompilationStartAnalysisContext(outer.Compilation, outer.Options, outer.CancellationToken)
    {
        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) =>
            outer.RegisterSemanticModelAction(model => timer.Timed(action, model));

        public override void RegisterCompilationEndAction(Action<CompilationAnalysisContext> action) => throw Unused();

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) => throw Unused();

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) => throw Unused();

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => throw Unused();

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) =>
            outer.RegisterSyntaxTreeAction(tree => timer.Timed(action, tree));

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) => throw Unused();
    }

    private static NotSupportedException Unused() =>
        new("CpuTimedAnalyzer forwards what MigrationAnalyzer and the measured peer register; this analyzer registered something else: forward it here too.");

    // The calling thread's CPU time (Linux): clock_gettime(CLOCK_THREAD_CPUTIME_ID).
    internal static long ThreadCpuTicks() => ThreadCpuNanoseconds() / 100;

    private static long ThreadCpuNanoseconds()
    {
        if (clock_gettime(ClockThreadCpuTime, out var time) != 0)
        {
            throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
        }

        return (time.Seconds * 1_000_000_000L) + time.Nanoseconds;
    }

    private const int ClockThreadCpuTime = 3;

    // getrusage(RUSAGE_THREAD): the thread's voluntary and involuntary context switches, read into a struct (no allocation).
    private static void ThreadSwitches(out long voluntary, out long involuntary)
    {
        if (getrusage(RusageThread, out var usage) != 0)
        {
            voluntary = involuntary = 0;
            return;
        }

        voluntary = usage.VoluntarySwitches;
        involuntary = usage.InvoluntarySwitches;
    }

    private const int RusageThread = 1;

    /// <summary>Linux's <c>struct rusage</c> on 64 bits: two timevals, then 14 longs, of which the last two are read.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct ResourceUsage
    {
        public long UserSeconds, UserMicroseconds, SystemSeconds, SystemMicroseconds;
        public long MaxResident, SharedText, UnsharedData, UnsharedStack, MinorFaults, MajorFaults, Swaps, BlocksIn, BlocksOut, MessagesSent, MessagesReceived, Signals;
        public long VoluntarySwitches;
        public long InvoluntarySwitches;
    }

    [DllImport("libc")]
    private static extern int gettid();

    [DllImport("libc", SetLastError = true)]
    private static extern int getrusage(int who, out ResourceUsage usage);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int clock_gettime(int clockId, out TimeSpec time);
}
