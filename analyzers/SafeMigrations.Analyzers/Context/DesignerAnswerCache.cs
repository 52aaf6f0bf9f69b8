using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using SafeMigrations.Analyzers.Model;

namespace SafeMigrations.Analyzers.Context;

/// <summary>
/// What a previous Designer answered, kept by the Designer's text across compilations. The compiler server (every
/// <c>dotnet build</c> after the first) parses each file again for each build, so a per-tree cache is empty in every
/// build; but a Designer is generated once and seldom touched again, and its answers are a function of its text alone: the
/// reader reads syntax, nothing bound (an edited Designer is another text, and is read). So a build whose Designers are
/// unchanged asks none of them again. In a fresh
/// compiler process the cache is empty and each lookup misses.
/// </summary>
/// <remarks>
/// The key is the text's checksum (csc computes it from the file's bytes when it reads the file, for the PDB) with the parse
/// options, which decide the tree (an <c>#if</c> in a Designer), and where the method starts in the file. Only texts whose
/// checksum is of a lossless encoding are kept: an edited text in a code page re-encodes for its checksum, and two texts
/// differing in a character that code page cannot write would share one. (A text in the IDE with a lone surrogate, which
/// no Designer holds, is written with U+FFFD in its place by the lenient UTF-8, and would share a checksum with one holding
/// U+FFFD there; a text the compiler read has the checksum of its file's bytes.) The cache is bounded: past
/// <see cref="MaxDesigners"/> Designers it starts over, so a long-lived server holds a few projects' answers at most.
/// </remarks>
internal static class DesignerAnswerCache
{
    /// <summary>How many Designers' answers are kept: a few histories of several hundred migrations.</summary>
    internal const int MaxDesigners = 2048;

    private static readonly ConcurrentDictionary<DesignerText, Answers> ByText = new();
    private static int added;

    /// <summary>Off for the benchmark's measures of the reading itself, which compile the same sources many times in one process.</summary>
    internal static bool Enabled { get; set; } = true;

    /// <summary>How many Designers have answers kept (for the tests and the benchmark).</summary>
    internal static int Count => ByText.Count;

    internal static void Clear()
    {
        ByText.Clear();
        Interlocked.Exchange(ref added, 0);
    }

    /// <summary>The answers kept for the Designer whose <c>BuildTargetModel</c> is <paramref name="method"/>; null when its text cannot be a key.</summary>
    public static Answers? Of(MethodDeclarationSyntax method)
    {
        if (!Enabled || DesignerText.Of(method) is not { } key)
        {
            return null;
        }

        if (ByText.TryGetValue(key, out var answers))
        {
            return answers;
        }

        if (Interlocked.Increment(ref added) > MaxDesigners)
        {
            Clear();
        }

        return ByText.GetOrAdd(key, new Answers());
    }

    /// <summary>A Designer's text as a key: its checksum, the options it was parsed with, and where its method starts.</summary>
    private sealed class DesignerText : IEquatable<DesignerText>
    {
        private readonly ImmutableArray<byte> checksum;
        private readonly SourceHashAlgorithm algorithm;
        private readonly int length;
        private readonly int methodStart;
        private readonly ParseOptions options;
        private readonly int hash;

        private DesignerText(ImmutableArray<byte> checksum, SourceHashAlgorithm algorithm, int length, int methodStart, ParseOptions options)
        {
            this.checksum = checksum;
            this.algorithm = algorithm;
            this.length = length;
            this.methodStart = methodStart;
            this.options = options;

            // The checksum is a cryptographic hash: its first bytes are as good a hash code as any.
            hash = (checksum[0] | checksum[1] << 8 | checksum[2] << 16 | checksum[3] << 24) ^ methodStart;
        }

        public static DesignerText? Of(MethodDeclarationSyntax method)
        {
            var tree = method.SyntaxTree;
            if (!tree.TryGetText(out var text) || !IsLossless(text.Encoding))
            {
                return null;
            }

            ImmutableArray<byte> checksum;
            try
            {
                checksum = text.GetChecksum();
            }
            catch (EncoderFallbackException)
            {
                // A text made in the IDE computes its checksum by encoding itself: with the strict UTF-8 the compiler reads files
                // with, a lone surrogate typed into it cannot be encoded. Such a Designer keeps no answers.
                return null;
            }

            return checksum.IsDefault || checksum.Length < 4 ? null : new DesignerText(checksum, text.ChecksumAlgorithm, text.Length, method.SpanStart, tree.Options);
        }

        /// <summary>No encoding (the checksum is then of UTF-8), or one that writes every character.</summary>
        private static bool IsLossless(Encoding? encoding) => encoding is null or UTF8Encoding or UnicodeEncoding or UTF32Encoding;

        public bool Equals(DesignerText? other) =>
            other is not null && hash == other.hash && length == other.length && methodStart == other.methodStart && algorithm == other.algorithm
            && checksum.AsSpan().SequenceEqual(other.checksum.AsSpan()) && options.Equals(other.options);

        public override bool Equals(object? obj) => Equals(obj as DesignerText);

        public override int GetHashCode() => hash;
    }

    /// <summary>
    /// One Designer's answers, by question. A plain dictionary under a lock: a Designer is asked by one migration's analysis at a
    /// time, nearly always, and a concurrent dictionary's buckets and locks (one per core) for each of 2,048 Designers would
    /// weigh more than the answers.
    /// </summary>
    internal sealed class Answers
    {
        // Each question's key starts with its kind: 'T' a table, 'I' the tables of a name for their indexes, 'X' an index's table.
        private readonly Dictionary<string, object?> byQuestion = new(StringComparer.Ordinal);

        /// <summary>The table named <paramref name="name"/> in <paramref name="schema"/>, as <c>DesignerTables.Table</c> answered.</summary>
        public bool TryGetTable(string name, string? schema, out TableDefinition? table) => TryGet(TableKey(name, schema), out table);

        public void AddTable(string name, string? schema, TableDefinition? table) => Add(TableKey(name, schema), table);

        public bool TryGetTablesNamedForIndexes(string name, out IReadOnlyList<TableDefinition> found)
        {
            var known = TryGet("I" + name, out IReadOnlyList<TableDefinition>? tables);
            found = tables ?? Array.Empty<TableDefinition>();
            return known;
        }

        public void AddTablesNamedForIndexes(string name, IReadOnlyList<TableDefinition> found) => Add("I" + name, found);

        public bool TryGetTableOfIndex(string index, out TableDefinition? table) => TryGet("X" + index, out table);

        public void AddTableOfIndex(string index, TableDefinition? table) => Add("X" + index, table);

        private bool TryGet<T>(string key, out T? answer)
            where T : class
        {
            lock (byQuestion)
            {
                var known = byQuestion.TryGetValue(key, out var value);
                answer = value as T;
                return known;
            }
        }

        private void Add(string key, object? answer)
        {
            lock (byQuestion)
            {
                byQuestion[key] = answer;
            }
        }

        // The schema's length first, so no name and schema can spell another pair's key; a key without a schema has '|' there.
        private static string TableKey(string name, string? schema) =>
            schema is null ? "T|" + name : "T" + schema.Length.ToString(CultureInfo.InvariantCulture) + ":" + schema + name;
    }
}
