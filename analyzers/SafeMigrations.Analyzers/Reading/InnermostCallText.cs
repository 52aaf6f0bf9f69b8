using System.Buffers;
using System.Collections.Generic;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace SafeMigrations.Analyzers.Reading;

/// <summary>
/// The name of a fluent statement's innermost call (<c>Property</c> in <c>b.Property&lt;int&gt;("Id").IsRequired();</c>),
/// read from the source text. Walking a statement's syntax creates its nodes again after every garbage collection
/// (the compiler holds method bodies' nodes weakly): for the table index of a Designer, which needs a handful of its
/// hundreds of statements, that was most of its cost.
/// </summary>
internal static class InnermostCallText
{
    /// <summary>
    /// True when the statement at <paramref name="span"/> plainly starts with <c>a.b.Name(</c> or <c>a.Name&lt;T&gt;(</c>
    /// and <c>Name</c> is none of <paramref name="names"/>. False when its name is one of them or the text has any
    /// other shape (whitespace, comments, casts): the caller then reads its syntax.
    /// </summary>
    public static bool IsNoneOf(SourceText text, TextSpan span, string[] names)
    {
        var position = span.Start;
        var end = span.End;
        int nameStart;
        while (true)
        {
            nameStart = position;
            if (position >= end || !IsIdentifierStart(text[position]))
            {
                return false;
            }

            while (position < end && IsIdentifierPart(text[position]))
            {
                position++;
            }

            if (position >= end)
            {
                return false;
            }

            if (text[position] == '.')
            {
                position++;
                continue;
            }

            break;
        }

        var nameLength = position - nameStart;
        if (text[position] == '<' && !SkipTypeArguments(text, ref position, end))
        {
            return false;
        }

        if (position >= end || text[position] != '(')
        {
            return false;
        }

        foreach (var name in names)
        {
            if (Matches(text, nameStart, nameLength, name))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The statements of <paramref name="block"/> whose text names any of <paramref name="names"/> (as a whole word,
    /// anywhere: in a string or a nested lambda too), in order, found by searching the text and creating syntax nodes only
    /// on the way down to each hit. A statement outside the list cannot call any of them. Null when the block's text has a
    /// backslash (an identifier may be written with a Unicode escape): then read every statement.
    /// </summary>
    public static List<StatementSyntax>? StatementsNaming(BlockSyntax block, SourceText text, string[] names)
    {
        var span = block.Span;
        var buffer = ArrayPool<char>.Shared.Rent(span.Length);
        try
        {
            text.CopyTo(span.Start, buffer, 0, span.Length);
            var found = new List<StatementSyntax>();
            for (var i = 0; i < span.Length; i++)
            {
                var c = buffer[i];
                if (c == '\\')
                {
                    return null;
                }

                if ((i > 0 && IsIdentifierPart(buffer[i - 1])) || !StartsAnyOf(buffer, i, span.Length, names, out var length))
                {
                    continue;
                }

                var node = block.FindToken(span.Start + i).Parent;
                while (node is not null && node.Parent != block)
                {
                    node = node.Parent;
                }

                if (node is StatementSyntax statement && (found.Count == 0 || found[found.Count - 1] != statement))
                {
                    found.Add(statement);
                }

                i += length - 1;
            }

            return found;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    /// <summary>True when a name starts at <paramref name="at"/> as a whole word.</summary>
    private static bool StartsAnyOf(char[] buffer, int at, int end, string[] names, out int length)
    {
        foreach (var name in names)
        {
            if (at + name.Length <= end && buffer[at] == name[0] && (at + name.Length == end || !IsIdentifierPart(buffer[at + name.Length])))
            {
                var matches = true;
                for (var k = 1; k < name.Length && matches; k++)
                {
                    matches = buffer[at + k] == name[k];
                }

                if (matches)
                {
                    length = name.Length;
                    return true;
                }
            }
        }

        length = 0;
        return false;
    }

    /// <summary>Moves past <c>&lt;...&gt;</c> (nested ones included); false on anything that cannot be a type argument list.</summary>
    private static bool SkipTypeArguments(SourceText text, ref int position, int end)
    {
        var depth = 0;
        for (; position < end; position++)
        {
            switch (text[position])
            {
                case '<':
                    depth++;
                    break;
                case '>':
                    if (--depth == 0)
                    {
                        position++;
                        return true;
                    }

                    break;
                case '(' or ')' or ';' or '"' or '=':
                    return false;
            }
        }

        return false;
    }

    private static bool Matches(SourceText text, int start, int length, string name)
    {
        if (length != name.Length)
        {
            return false;
        }

        for (var i = 0; i < length; i++)
        {
            if (text[start + i] != name[i])
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsIdentifierStart(char c) => char.IsLetter(c) || c == '_';

    private static bool IsIdentifierPart(char c) => char.IsLetterOrDigit(c) || c == '_';
}
