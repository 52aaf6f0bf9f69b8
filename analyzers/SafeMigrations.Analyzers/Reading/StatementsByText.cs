using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace SafeMigrations.Analyzers.Reading;

/// <summary>
/// Finds a block's statements by searching its source text, so the statements that cannot matter get no syntax nodes.
/// The compiler holds a method body's nodes weakly and creates them again for every reader after a collection: the
/// table index of a Designer needs a handful of the hundreds of statements in its entity blocks, and walking them all
/// was most of what building the index cost.
/// </summary>
internal static class StatementsByText
{
    /// <summary>
    /// The direct statements of <paramref name="block"/> whose text (comments included) contains any of
    /// <paramref name="names"/>, in order: every statement that calls one of them, and possibly a few that only mention one.
    /// </summary>
    public static IReadOnlyList<StatementSyntax> Mentioning(BlockSyntax block, SearchableText text, SearchableText.Markers names) =>
        At(block, Hits(text, block.FullSpan, names));

    /// <summary>
    /// Where any of <paramref name="names"/> occurs in <paramref name="span"/>, in order: one pass per group of names that
    /// begin alike (see <see cref="SearchableText.Markers"/>). A name that holds another (SplitToTable, ToTable) is found
    /// where the other is, so each statement that holds one has a hit.
    /// </summary>
    public static List<int> Hits(SearchableText text, TextSpan span, SearchableText.Markers names)
    {
        var hits = new List<int>();
        text.FindAll(span, names, hits);
        hits.Sort();
        return hits;
    }

    /// <summary>
    /// The direct statements of <paramref name="block"/> that hold any of the <paramref name="hits"/> (in order; those outside
    /// the block are passed over): one search of a whole Designer serves each of its entity blocks.
    /// </summary>
    public static IReadOnlyList<StatementSyntax> At(BlockSyntax block, List<int> hits)
    {
        var statements = new List<StatementSyntax>();
        var span = block.FullSpan;
        var first = hits.BinarySearch(span.Start);
        for (var i = first < 0 ? ~first : first; i < hits.Count && hits[i] < span.End; i++)
        {
            if (StatementAt(block, hits[i]) is { } statement)
            {
                statements.Add(statement);

                // The hits in the statement just taken.
                var statementEnd = statement.FullSpan.End;
                while (i + 1 < hits.Count && hits[i + 1] < statementEnd)
                {
                    i++;
                }
            }
        }

        return statements;
    }

    /// <summary>
    /// The statement directly in <paramref name="block"/> whose full span holds <paramref name="position"/>, or null: outside
    /// the block, or in its braces and their trivia.
    /// </summary>
    /// <remarks>
    /// Roslyn finds the statement from its green nodes' widths and makes a node for it alone. A binary search of the block's
    /// statements by their spans made a node for each statement it probed, and a Designer body's statements are a weak list
    /// (the compiler lets a method body's nodes go): each probe there was a new node and a new weak handle.
    /// </remarks>
    public static StatementSyntax? StatementAt(BlockSyntax block, int position) =>
        block.FullSpan.Contains(position) ? block.ChildThatContainsPosition(position).AsNode() as StatementSyntax : null;
}

/// <summary>
/// A tree's text, searched block by block without copying the file for every block. A parsed file of ordinary size is
/// a string already (<see cref="SourceText.ToString()"/> returns it), and is searched in place; a large one (a Designer
/// of a big model, which the compiler keeps in chunks) or an edited one has the searched span copied into a buffer of the
/// thread's, which the next searches inside that span read again: one buffer per thread, grown to the largest span
/// searched (at most a million characters; longer spans are copied a window at a time), so no search allocates a copy of
/// its own on the large object heap.
/// </summary>
internal sealed class SearchableText
{
    // SourceText keeps a file above 40K characters in chunks (LargeText); below that, ToString() is the parsed string.
    private const int WholeStringLimit = 40 * 1024;

    // A Designer body searched many times for one question (is it searchable, each name's literals, each entity block) is
    // copied once: each search of a chunked text used to copy every window again, and on a large model's Designer (300K
    // characters) the copies were half of a question's cost. The copy is the thread's, kept for the next search inside it.
    private const int CopyLimit = 1024 * 1024;

    [ThreadStatic]
    private static char[]? spanCopy;

    // Weak: the copy must not keep the text of a compilation that is gone (an edited Designer in the IDE) alive.
    [ThreadStatic]
    private static WeakReference<SourceText>? spanCopyOf;

    [ThreadStatic]
    private static TextSpan spanCopySpan;

    // A statement's characters when no copy holds them (see Chars): apart from spanCopy, which a search may replace.
    [ThreadStatic]
    private static char[]? statementCopy;

    private readonly SourceText text;
    private readonly string? whole;

    public SearchableText(SourceText text)
    {
        this.text = text;
        whole = text.Length <= WholeStringLimit ? text.ToString() : null;
    }

    /// <summary>
    /// Where <paramref name="needle"/> occurs in <paramref name="span"/>, in order and not overlapping, added to
    /// <paramref name="hits"/>. A chunked text is searched a window at a time, so a search of a whole Designer body copies
    /// no more than a window.
    /// </summary>
    public void FindAll(TextSpan span, string needle, List<int> hits) => Find(span, needle, hits);

    /// <summary>
    /// Where any of the <paramref name="markers"/> occurs in <paramref name="span"/>, added to <paramref name="hits"/> group by
    /// group (not in order): one pass per group, each hit of its beginning kept where a member follows.
    /// </summary>
    public void FindAll(TextSpan span, Markers markers, List<int> hits)
    {
        foreach (var (prefix, members) in markers.Groups)
        {
            if (members.Length == 1)
            {
                Find(span, prefix, hits); // The prefix is the marker.
            }
            else
            {
                Find(span, prefix, hits, members); // Each occurrence of the prefix where a member begins.
            }
        }
    }

    /// <summary>Whether the text is searched in place as one string (csc's files up to 40K characters); a larger one is copied to be searched.</summary>
    public bool IsOneString => whole is not null;

    /// <summary>Whether <paramref name="needle"/> occurs in <paramref name="span"/>; the search ends at the first occurrence.</summary>
    public bool Contains(TextSpan span, string needle) => Find(span, needle, hits: null);

    /// <summary>
    /// Which of <paramref name="needles"/> occur in <paramref name="span"/>, one pass for them all: bit <c>i</c> for the
    /// <c>i</c>-th needle, and <see cref="AnchoredNeedles.EscapeBit"/> for a backslash followed by one of its escapes (as
    /// <see cref="ContainsEscape"/>). The pass ends once every bit is set, at the first hit when <paramref name="any"/>.
    /// </summary>
    public int Seen(TextSpan span, AnchoredNeedles needles, bool any = false) => Seen(span, needles, any, collected: -1, starts: null, out _);

    /// <summary>
    /// As <see cref="Seen(TextSpan, AnchoredNeedles, bool)"/>, and where each occurrence of the needle <paramref name="collected"/>
    /// (its place in the list) begins, added to <paramref name="starts"/> in order: what a search for that needle alone would
    /// find, in the same pass. <paramref name="complete"/> is false when the pass did not read the whole span (it ended once
    /// every bit was set, or went window by window), and the starts may then miss some.
    /// </summary>
    public int Seen(TextSpan span, AnchoredNeedles needles, int collected, List<int> starts, out bool complete) =>
        Seen(span, needles, any: false, collected, starts, out complete);

    private int Seen(TextSpan span, AnchoredNeedles needles, bool any, int collected, List<int>? starts, out bool complete)
    {
        complete = false;
        if (whole is null && span.Length > CopyLimit)
        {
            return needles.SeenPassByPass(this, span, any); // A span longer than the copy: searched window by window, a pass a needle.
        }

        var chars = whole is not null ? whole.AsSpan(span.Start, span.Length) : Copied(span);
        var collectedBit = collected >= 0 ? 1 << collected : 0;
        var seen = 0;
        complete = true;
        for (var offset = 0; offset < chars.Length;)
        {
            var found = chars.Slice(offset).IndexOfAny(needles.Anchors.AsSpan());
            if (found < 0)
            {
                break;
            }

            var at = offset + found;
            var bits = needles.SeenAt(chars, at);
            if ((bits & collectedBit) != 0)
            {
                starts!.Add(span.Start + needles.StartOf(collected, at));
            }

            seen |= bits;
            if (seen != 0 && (any || seen == needles.AllBits))
            {
                complete = false;
                break;
            }

            offset = at + 1;
        }

        return seen;
    }

    /// <summary>
    /// Strings searched for in one pass (<see cref="Seen(TextSpan, AnchoredNeedles, bool)"/>), each found by one of its characters that is rare in a Designer
    /// (its anchor): the pass stops at each anchor and checks the needles around it. A pass for the needles' first characters
    /// would stop at every <c>H</c> of <c>Has...</c> and every quote; three separate passes over a Designer cost about three
    /// times one. At most five anchors, with the backslash of the escapes (the framework's vectorized search takes five).
    /// </summary>
    internal sealed class AnchoredNeedles
    {
        // Two arrays, not an array of value tuples: a fresh process loads a type for each tuple of types it meets first.
        private readonly string[] needles;
        private readonly int[] anchorAt;
        private readonly string? escapes;

        /// <param name="escapes">What may follow a backslash for <see cref="EscapeBit"/>; null to look for no escape.</param>
        /// <param name="anchors">Each needle's anchor, in order: a character it holds (its first occurrence is the one used).</param>
        public AnchoredNeedles(string? escapes, string anchors, params string[] needles)
        {
            if (anchors.Length != needles.Length)
            {
                throw new ArgumentException("One anchor a needle.", nameof(anchors));
            }

            this.escapes = escapes;
            this.needles = needles;
            anchorAt = new int[needles.Length];
            var distinct = escapes is null ? string.Empty : "\\";
            for (var i = 0; i < needles.Length; i++)
            {
                var anchor = anchors[i];
                anchorAt[i] = needles[i].IndexOf(anchor);
                if (anchorAt[i] < 0 || anchor == '\\')
                {
                    throw new ArgumentException($"'{anchor}' is not a character of \"{needles[i]}\" other than a backslash.", nameof(anchors));
                }

                if (distinct.IndexOf(anchor) < 0)
                {
                    distinct += anchor;
                }
            }

            if (distinct.Length > 5)
            {
                throw new ArgumentException("At most five anchors, the backslash of the escapes included.", nameof(anchors));
            }

            Anchors = distinct;
            EscapeBit = 1 << needles.Length;
            AllBits = (escapes is null ? 0 : EscapeBit) | (EscapeBit - 1);
        }

        /// <summary>The distinct anchors, the backslash first when escapes are looked for.</summary>
        public string Anchors { get; }

        /// <summary>The bit of an escape in <see cref="Seen(TextSpan, AnchoredNeedles, bool)"/>'s answer: the one after the needles'.</summary>
        public int EscapeBit { get; }

        /// <summary>Every bit a pass can set.</summary>
        public int AllBits { get; }

        /// <summary>The bits of what the anchor at <paramref name="at"/> of <paramref name="chars"/> is part of.</summary>
        public int SeenAt(ReadOnlySpan<char> chars, int at)
        {
            var anchor = chars[at];
            if (anchor == '\\')
            {
                // As ContainsEscape: the escape's character is inside the span.
                return escapes is not null && at + 1 < chars.Length && escapes.IndexOf(chars[at + 1]) >= 0 ? EscapeBit : 0;
            }

            var seen = 0;
            for (var i = 0; i < needles.Length; i++)
            {
                var needle = needles[i];
                var index = anchorAt[i];
                var start = at - index;
                if (needle[index] == anchor && start >= 0 && start + needle.Length <= chars.Length && chars.Slice(start, needle.Length).SequenceEqual(needle.AsSpan()))
                {
                    seen |= 1 << i;
                }
            }

            return seen;
        }

        /// <summary>Where needle <paramref name="needle"/> would begin, found at the anchor at <paramref name="at"/>.</summary>
        public int StartOf(int needle, int at) => at - anchorAt[needle];

        /// <summary>What <see cref="Seen(TextSpan, AnchoredNeedles, bool)"/> answers, a pass a needle and one for the escapes.</summary>
        public int SeenPassByPass(SearchableText text, TextSpan span, bool any)
        {
            var seen = escapes is not null && text.ContainsEscape(span, escapes) ? EscapeBit : 0;
            for (var i = 0; i < needles.Length && !(any && seen != 0); i++)
            {
                if (text.Contains(span, needles[i]))
                {
                    seen |= 1 << i;
                }
            }

            return seen;
        }
    }

    /// <summary>
    /// Strings searched for together. A pass over a Designer body costs about as much whatever it looks for, and a body is
    /// checked for several markers: markers that begin alike (ToView, ToSqlQuery, ToFunction) are found by one pass for their
    /// common beginning, and each hit is checked for the rest in place. Markers that begin with "Has" are searched alone:
    /// nearly every statement of a Designer calls a Has... method, and a pass for that beginning would stop at each.
    /// </summary>
    internal sealed class Markers
    {
        /// <remarks>
        /// Loops, not LINQ: the markers are built once per process, when the first Designer is read, and LINQ's distinct set,
        /// grouping and closures were about a millisecond of a fresh build's runtime work (jellyfin's, under perf).
        /// </remarks>
        public Markers(IReadOnlyList<string> markers)
        {
            var distinct = new List<string>(markers.Count);
            for (var i = 0; i < markers.Count; i++)
            {
                if (!distinct.Contains(markers[i]))
                {
                    distinct.Add(markers[i]);
                }
            }

            // A marker that holds another (SplitToTable holds ToTable) occurs only where that one does: a search for it adds
            // nothing. The rest are grouped by their first two characters (a Has... marker alone: grouped, their common "Has"
            // would stop the pass at nearly every statement), groups and members in the order they first occur.
            var keys = new List<string>();
            var members = new List<List<string>>();
            foreach (var marker in distinct)
            {
                if (HoldsAnother(marker, distinct))
                {
                    continue;
                }

                var key = marker.Length < 2 || marker.StartsWith("Has", StringComparison.Ordinal) ? marker : marker.Substring(0, 2);
                var group = keys.IndexOf(key);
                if (group < 0)
                {
                    keys.Add(key);
                    members.Add(new List<string>());
                    group = keys.Count - 1;
                }

                members[group].Add(marker);
            }

            var groups = new (string Prefix, string[] Members)[keys.Count];
            for (var i = 0; i < groups.Length; i++)
            {
                var groupMembers = members[i].ToArray();
                groups[i] = (CommonPrefix(groupMembers), groupMembers);
            }

            Groups = groups;
        }

        private static bool HoldsAnother(string marker, List<string> markers)
        {
            foreach (var other in markers)
            {
                if (other.Length < marker.Length && marker.IndexOf(other, StringComparison.Ordinal) >= 0)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The searched beginning of each group, and its members (an array: a search's foreach boxes no enumerator).</summary>
        public (string Prefix, string[] Members)[] Groups { get; }

        private static string CommonPrefix(string[] members)
        {
            var length = members[0].Length;
            foreach (var member in members)
            {
                length = Math.Min(length, member.Length);
                for (var i = 0; i < length; i++)
                {
                    if (member[i] != members[0][i])
                    {
                        length = i;
                        break;
                    }
                }
            }

            return members[0].Substring(0, length);
        }
    }

    private bool StartsAny(int position, int end, string[] members)
    {
        foreach (var member in members)
        {
            if (position + member.Length <= end && StartsWith(position, member))
            {
                return true;
            }
        }

        return false;
    }

    private bool StartsWith(int position, string value)
    {
        if (TryHeld(position, value.Length, out var held))
        {
            return held.SequenceEqual(value.AsSpan());
        }

        for (var i = 0; i < value.Length; i++)
        {
            if (text[position + i] != value[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether a backslash in <paramref name="span"/> is followed by one of <paramref name="escapes"/>: one pass for them all.</summary>
    public bool ContainsEscape(TextSpan span, string escapes) => Find(span, "\\", hits: null, escapes: escapes);

    /// <summary>
    /// The occurrences of <paramref name="needle"/> in <paramref name="span"/>: with no condition, each one (not overlapping)
    /// into <paramref name="hits"/>; with one, each one that meets it (where one of <paramref name="members"/> begins, or
    /// followed by one of <paramref name="escapes"/>). With no hits to fill, whether there is one.
    /// </summary>
    /// <remarks>The condition is data, not a delegate: a lambda capturing the span made a closure and a delegate for every
    /// search of every Designer a question reads.</remarks>
    private bool Find(TextSpan span, string needle, List<int>? hits, string[]? members = null, string? escapes = null)
    {
        var search = new Search(needle, hits, members, escapes, span.End);
        if (whole is not null || span.Length <= CopyLimit)
        {
            var chars = whole is not null ? whole.AsSpan(span.Start, span.Length) : Copied(span);
            return FindIn(chars, span.Start, chars.Length, search, out _);
        }

        const int Window = 16 * 1024;
        var start = span.Start;
        while (start < span.End)
        {
            // Each window but the last reaches needle.Length - 1 characters into the next, so no occurrence is cut in two;
            // an occurrence that runs into the next window is not searched again.
            var length = Math.Min(span.End - start, Window + needle.Length - 1);
            var searched = Math.Min(length, Window);
            if (FindIn(Copied(new TextSpan(start, length)), start, searched, search, out var end))
            {
                return true;
            }

            start = Math.Max(start + searched, end);
        }

        return false; // What Contains reads: no occurrence.
    }

    /// <summary>A search of <see cref="Find"/>: what it looks for, where the hits go, what counts, and where the span ends.</summary>
    private readonly record struct Search(string Needle, List<int>? Hits, string[]? Members, string? Escapes, int SpanEnd)
    {
        public bool HasCondition => Members is not null || Escapes is not null;
    }

    /// <summary>Whether the occurrence at <paramref name="position"/> meets the search's condition.</summary>
    private bool Meets(in Search search, int position) =>
        search.Members is { } members ? StartsAny(position, search.SpanEnd, members)
        : search.Escapes is not { } escapes || (position + 1 < search.SpanEnd && escapes.IndexOf(text[position + 1]) >= 0);

    /// <summary>
    /// <see cref="Find"/> over <paramref name="chars"/>, the text from <paramref name="start"/> on, for occurrences that begin
    /// in its first <paramref name="limit"/> characters; <paramref name="end"/> is where the last one added without a
    /// condition ends.
    /// </summary>
    private bool FindIn(ReadOnlySpan<char> chars, int start, int limit, in Search search, out int end)
    {
        end = start;
        var needle = search.Needle.AsSpan();
        for (var offset = 0; offset < chars.Length;)
        {
            var found = chars.Slice(offset).IndexOf(needle);
            if (found < 0 || offset + found >= limit)
            {
                break;
            }

            var position = start + offset + found;
            if (search.Hits is { } hits && !search.HasCondition)
            {
                hits.Add(position);
                offset += found + needle.Length;
                end = start + offset;
                continue;
            }

            if (Meets(search, position))
            {
                if (search.Hits is null)
                {
                    return true;
                }

                search.Hits.Add(position); // Every occurrence is met, overlapping ones too.
            }

            offset += found + 1;
        }

        return false;
    }

    /// <summary>Whether the thread's copy is of this text and holds <paramref name="span"/>.</summary>
    private bool CopyHolds(TextSpan span) =>
        spanCopyOf is not null && spanCopyOf.TryGetTarget(out var copied) && ReferenceEquals(copied, text) && spanCopySpan.Contains(span);

    /// <summary>The text of <paramref name="span"/> of a chunked text, from the thread's copy when it holds the span, or copied into it.</summary>
    private ReadOnlySpan<char> Copied(TextSpan span)
    {
        if (!CopyHolds(span))
        {
            // Grown to at least twice its size: a history's Designers grow one after the other, and a buffer grown to each new
            // largest one was a new array, zeroed by the runtime, for most of them (a fifth of the provider question's cost).
            // The first is twice the first span too: made to its length, it was outgrown by the next Designer, a few characters
            // longer (jellyfin's 55,313 and 55,418), so every thread made a copy of 110 KB on the large object heap for nothing.
            var chars = spanCopy is { } existing && existing.Length >= span.Length ? existing
                : spanCopy = new char[Math.Max(span.Length, Math.Min(CopyLimit, 2 * (spanCopy?.Length ?? Math.Max(span.Length, 2048))))];
            spanCopyOf = null; // Not valid while it is being written.
            text.CopyTo(span.Start, chars, 0, span.Length);
            spanCopyOf = new WeakReference<SourceText>(text);
            spanCopySpan = span;
        }

        return new ReadOnlySpan<char>(spanCopy, span.Start - spanCopySpan.Start, span.Length);
    }

    /// <summary>
    /// Copies <paramref name="count"/> characters from <paramref name="position"/>: from the searched copy when it holds them,
    /// as it does right after a search of a span around them. A chunked text finds the chunk again for every read of it.
    /// </summary>
    public void CopyTo(int position, char[] destination, int count)
    {
        if (TryHeld(position, count, out var held))
        {
            held.CopyTo(destination);
        }
        else
        {
            text.CopyTo(position, destination, 0, count);
        }
    }

    /// <summary>
    /// The characters of <paramref name="span"/>: where a string or the thread's copy holds them (see <see cref="TryHeld"/>), or
    /// copied into a buffer of the thread's, which the next call may overwrite; null for a span longer than
    /// <see cref="PlainChainText.LengthLimit"/> that is not held.
    /// </summary>
    public ReadOnlyMemory<char>? Chars(TextSpan span)
    {
        if (whole is not null)
        {
            return whole.AsMemory(span.Start, span.Length);
        }

        if (CopyHolds(span))
        {
            return new ReadOnlyMemory<char>(spanCopy, span.Start - spanCopySpan.Start, span.Length);
        }

        if (span.Length > PlainChainText.LengthLimit)
        {
            return null;
        }

        var buffer = statementCopy ??= new char[PlainChainText.LengthLimit];
        text.CopyTo(span.Start, buffer, 0, span.Length);
        return new ReadOnlyMemory<char>(buffer, 0, span.Length);
    }

    /// <summary>
    /// The characters of <paramref name="statement"/> without the white space around it, and where they start: its full span
    /// trimmed, which is its span when its trivia are white space alone (a comment or a directive stays in, for the caller's
    /// parser to refuse); null when longer than <paramref name="limit"/> or not held (see <see cref="Chars"/>).
    /// </summary>
    /// <remarks>
    /// A node's <c>Span</c> takes its leading trivia's width from its first token, found down the green nodes one level for each
    /// call of a fluent chain: a twelfth of a Designer question's CPU (about 6 µs a question) went there, for the characters the
    /// full span has already.
    /// </remarks>
    public ReadOnlyMemory<char>? TrimmedChars(SyntaxNode statement, int limit, out int start)
    {
        var full = statement.FullSpan;
        start = full.Start;
        if (full.Length > limit + FullSpanSlack || Chars(full) is not { } chars)
        {
            return null;
        }

        var span = chars.Span;
        var first = PlainText.Skip(span, 0);
        var end = Math.Max(first, PlainText.TrimmedEnd(span, span.Length));
        start += first;
        return end - first > limit ? null : chars.Slice(first, end - first);
    }

    // The white space a statement's full span may hold beyond its span: indentation, a blank line or two, a line's end.
    private const int FullSpanSlack = 256;

    /// <summary>
    /// The <paramref name="count"/> characters from <paramref name="position"/> as a string or an array holds them: the parsed
    /// string of a small text, or the thread's copy when it holds them. False when only the text itself does.
    /// </summary>
    private bool TryHeld(int position, int count, out ReadOnlySpan<char> held)
    {
        if (whole is not null)
        {
            held = whole.AsSpan(position, count);
            return true;
        }

        if (CopyHolds(new TextSpan(position, count)))
        {
            held = new ReadOnlySpan<char>(spanCopy, position - spanCopySpan.Start, count);
            return true;
        }

        held = default;
        return false;
    }

    /// <summary>As <see cref="FindAll(TextSpan, string, List{int})"/>, in a list of their own.</summary>
    public List<int> FindAll(TextSpan span, string needle)
    {
        var hits = new List<int>();
        FindAll(span, needle, hits);
        return hits;
    }
}
