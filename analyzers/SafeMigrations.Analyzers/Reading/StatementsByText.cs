using System;
using System.Collections.Generic;
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
    /// <param name="text">The whole text of the block's tree (<see cref="SourceText.ToString()"/> of a parsed file is
    /// the string it was parsed from, not a copy).</param>
    public static IReadOnlyList<StatementSyntax> Mentioning(BlockSyntax block, string text, string[] names)
    {
        var span = block.FullSpan;
        var blockText = text.AsSpan(span.Start, span.Length);

        var hits = new List<int>();
        foreach (var name in names)
        {
            for (var offset = 0; offset < blockText.Length;)
            {
                var found = blockText.Slice(offset).IndexOf(name.AsSpan());
                if (found < 0)
                {
                    break;
                }

                hits.Add(span.Start + offset + found);
                offset += found + name.Length;
            }
        }

        var statements = new List<StatementSyntax>();
        if (hits.Count == 0)
        {
            return statements;
        }

        hits.Sort();
        var coveredUpTo = -1;
        foreach (var position in hits)
        {
            if (position < coveredUpTo)
            {
                continue; // In the statement just taken.
            }

            // Up from the token at the hit to the statement directly in the block (none for the block's own braces).
            for (var node = block.FindToken(position).Parent; node is not null && node != block; node = node.Parent)
            {
                if (node.Parent == block && node is StatementSyntax statement)
                {
                    statements.Add(statement);
                    coveredUpTo = statement.FullSpan.End;
                    break;
                }
            }
        }

        return statements;
    }
}
