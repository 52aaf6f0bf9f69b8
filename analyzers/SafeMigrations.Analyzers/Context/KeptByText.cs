using System;
using System.Collections.Concurrent;
using System.Threading;

namespace SafeMigrations.Analyzers.Context;

/// <summary>
/// Values kept by a method's text across compilations (<see cref="MethodInText"/>), for the builds after the first: each cache
/// of the analyzer's that outlives a compilation is one of these. Bounded: past <see cref="Bound"/> values it starts over, so
/// a long-lived compiler server holds a few projects' values at most.
/// </summary>
internal sealed class KeptByText<TValue>
    where TValue : class
{
    private readonly ConcurrentDictionary<MethodInText, TValue> byText = new();
    private int added;

    public KeptByText(int bound) => Bound = bound;

    public int Bound { get; }

    /// <summary>Off for the benchmark's measures of the reading itself, which compile the same sources many times in one process.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How many values are kept (for the tests and the benchmark).</summary>
    public int Count => byText.Count;

    public void Clear()
    {
        byText.Clear();
        Interlocked.Exchange(ref added, 0);
    }

    public bool TryGet(MethodInText key, out TValue value) => byText.TryGetValue(key, out value!);

    /// <summary>The value kept for <paramref name="key"/>, or a new one from <paramref name="create"/> kept for it; only an addition counts toward the bound.</summary>
    public TValue GetOrAdd(MethodInText key, Func<TValue> create)
    {
        if (byText.TryGetValue(key, out var kept))
        {
            return kept;
        }

        StartOverPastBound();
        return byText.GetOrAdd(key, create());
    }

    /// <summary>Keeps <paramref name="value"/> for <paramref name="key"/>, in place of any value kept for it.</summary>
    public void Set(MethodInText key, TValue value)
    {
        StartOverPastBound();
        byText[key] = value;
    }

    private void StartOverPastBound()
    {
        if (Interlocked.Increment(ref added) > Bound)
        {
            Clear();
        }
    }
}
