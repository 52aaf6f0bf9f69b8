namespace SafeMigrations.Analyzers.Infrastructure;

/// <summary>The last part of a dotted name (<c>Sample.ShopContext</c>, <c>ReferentialAction.Cascade</c>).</summary>
internal static class DottedName
{
    /// <summary>
    /// Where the part after the last dot before <paramref name="end"/> begins (0 without a dot). A loop, not
    /// <c>string.LastIndexOf(char)</c>: that is vectorized framework code which no ReadyToRun image held for this machine, and a
    /// fresh csc process JIT-compiled it for our first call (0.8 ms; the benchmark's README, fifty-first round). Names are short.
    /// </summary>
    public static int LastPartStart(string name, int end)
    {
        var start = end;
        while (start > 0 && name[start - 1] != '.')
        {
            start--;
        }

        return start;
    }

    /// <summary>The part after the last dot (<c>DeleteBehavior.Cascade</c> → <c>Cascade</c>), the whole name without one.</summary>
    public static string LastPart(string name)
    {
        var start = LastPartStart(name, name.Length);
        return start == 0 ? name : name.Substring(start);
    }
}
