using Microsoft.CodeAnalysis.Text;

namespace SafeMigrations.Analyzers.Reading;

/// <summary>
/// The name of a fluent statement's innermost call (<c>Property</c> in <c>b.Property&lt;int&gt;("Id").IsRequired();</c>),
/// read from the source text. Walking a statement's syntax creates its nodes again after every garbage collection
/// (the compiler holds method bodies' nodes weakly): the table index of a Designer needs a handful of its hundreds of
/// statements, and skipping the others by their text halved its allocations (49 to 28 MiB over 1,000 Designers).
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
