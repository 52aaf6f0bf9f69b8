using System.Collections.Generic;
using Microsoft.CodeAnalysis.Text;

namespace SafeMigrations.Analyzers.Reading;

/// <summary>
/// The double quotes of a span (a Designer's body), found in one pass, so a search for a quoted value (<c>"Customers"</c>)
/// compares the text between neighbouring quotes instead of passing over the whole span again. A question about one table
/// searched its Designer for the table's literal, each entity type's and each principal's, the identifier-length annotation
/// and a raw string: five to ten passes over the whole body, now one.
/// </summary>
/// <remarks>
/// Why the answers are the pass's: a value without a quote, quoted, begins at a quote and ends at the very next one, so each
/// occurrence is a pair of neighbouring quotes with the value between; and a pass takes occurrences that do not overlap, so
/// the pair that begins where a taken one ends is passed over, as the pass jumps past it.
/// </remarks>
internal sealed class QuotedLiterals
{
    private readonly SearchableText text;
    private readonly TextSpan span;
    private readonly int[] quotes;
    private readonly int count;

    private QuotedLiterals(SearchableText text, TextSpan span, int[] quotes, int count)
    {
        this.text = text;
        this.span = span;
        this.quotes = quotes;
        this.count = count;
    }

    /// <summary>The quotes of <paramref name="span"/>; null for a span longer than the text's copy (searched pass by pass then).</summary>
    public static QuotedLiterals? Of(SearchableText text, TextSpan span) =>
        text.Quotes(span, out var count) is { } quotes ? new QuotedLiterals(text, span, quotes, count) : null;

    /// <summary>Whether three quotes follow each other (<c>"""</c>, which opens a raw string), as <c>Contains(span, "\"\"\"")</c>.</summary>
    public bool HasTripleQuote()
    {
        for (var i = 2; i < count; i++)
        {
            if (quotes[i] - quotes[i - 2] == 2)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Where <c>"value"</c> begins in the span, in order and not overlapping, as <c>FindAll(span, "\"" + value + "\"")</c>
    /// finds it (which a value that holds a quote is searched with).
    /// </summary>
    public List<int> FindAll(string value)
    {
        if (value.IndexOf('"') >= 0)
        {
            return text.FindAll(span, "\"" + value + "\"");
        }

        var hits = new List<int>();
        var quotes = this.quotes; // A local: the loop's bounds checks go.
        var length = value.Length + 1;
        for (var i = 0; i + 1 < count; i++)
        {
            var open = quotes[i];
            if (quotes[i + 1] - open == length && text.StartsWith(open + 1, value))
            {
                hits.Add(open);
                i++; // The pair that begins at this one's closing quote overlaps it.
            }
        }

        return hits;
    }
}
