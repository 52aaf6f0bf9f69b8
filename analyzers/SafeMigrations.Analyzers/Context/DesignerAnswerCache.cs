using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SafeMigrations.Analyzers.Model;

namespace SafeMigrations.Analyzers.Context;

/// <summary>
/// What a previous Designer answered, kept by the Designer's text across compilations. The compiler server (every
/// <c>dotnet build</c> after the first) parses each file again for each build, so a per-tree cache is empty in every
/// build; but a Designer is generated once and seldom touched again, and its answers are a function of its text alone: the
/// reader reads syntax, nothing bound (an edited Designer is another text, and is read). So a build whose Designers are
/// unchanged asks none of them again. In a fresh compiler process the cache is empty and each lookup misses.
/// </summary>
/// <remarks>
/// The key is the Designer's text with its parse options and where its method starts (<see cref="MethodInText"/>). Bounded at
/// <see cref="MaxDesigners"/> Designers.
/// </remarks>
internal static class DesignerAnswerCache
{
    /// <summary>How many Designers' answers are kept: a few histories of several hundred migrations.</summary>
    internal const int MaxDesigners = 2048;

    internal static readonly KeptByText<Answers> Designers = new(MaxDesigners);

    /// <summary>The answers kept for the Designer whose <c>BuildTargetModel</c> is <paramref name="method"/>; null when its text cannot be a key.</summary>
    public static Answers? Of(MethodDeclarationSyntax method)
    {
        if (!Designers.Enabled || MethodInText.Of(method, withPath: false) is not { } key)
        {
            return null;
        }

        return Designers.GetOrAdd(key, static () => new Answers());
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
