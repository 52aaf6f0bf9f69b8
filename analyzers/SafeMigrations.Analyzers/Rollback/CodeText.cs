using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace SafeMigrations.Analyzers.Rollback;

/// <summary>Names and layout of the code the generator and the call writer emit.</summary>
internal static class CodeText
{
    /// <summary>A name as C# spells it: a keyword with <c>@</c> (<c>event</c> is written <c>@event</c>). Models keep names unescaped.</summary>
    public static string Identifier(string name) => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    /// <summary>A dotted name (a namespace) with each part escaped as <see cref="Identifier"/> does.</summary>
    public static string DottedName(string name) => string.Join(".", name.Split('.').Select(Identifier));

    /// <summary>
    /// <paramref name="code"/> with <paramref name="indent"/> after each line break, except a line break inside a string
    /// literal: a verbatim string's SQL or data would change with it. A raw string's lines are all indented alike, which
    /// leaves its value as it was.
    /// </summary>
    /// <param name="skipBlankLines">Whether an empty line stays empty (no indentation written before its line break).</param>
    public static string Indent(string code, string indent, bool skipBlankLines = false)
    {
        if (code.IndexOf('\n') < 0)
        {
            return code;
        }

        var literals = MultiLineLiterals(code);
        if (literals.Count == 0 && !skipBlankLines)
        {
            return code.Replace("\n", "\n" + indent); // Nearly all code: the generator's every call comes through here.
        }

        var builder = new StringBuilder(code.Length + (indent.Length * 8));
        for (var i = 0; i < code.Length; i++)
        {
            builder.Append(code[i]);
            if (code[i] == '\n' && !InLiteral(literals, i) && !(skipBlankLines && i + 1 < code.Length && code[i + 1] == '\n'))
            {
                builder.Append(indent);
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// <paramref name="code"/> with <paramref name="indent"/> taken off the start of each line that has it, except a line that
    /// starts inside a string literal (its text is the literal's value).
    /// </summary>
    public static string Outdent(string code, string indent)
    {
        if (indent.Length == 0 || code.IndexOf('\n') < 0)
        {
            return code;
        }

        var literals = MultiLineLiterals(code);
        if (literals.Count == 0)
        {
            return code.Replace("\n" + indent, "\n");
        }

        var builder = new StringBuilder(code.Length);
        for (var i = 0; i < code.Length; i++)
        {
            builder.Append(code[i]);
            if (code[i] == '\n' && !InLiteral(literals, i) && string.CompareOrdinal(code, i + 1, indent, 0, indent.Length) == 0)
            {
                i += indent.Length;
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// The string literals of <paramref name="code"/> whose value holds a line break: only a verbatim string's (@"...",
    /// $@"...", @$"..."); a raw string's lines are indented alike. Most code has none, and is not tokenized: a generated
    /// Down's every call comes through here.
    /// </summary>
    private static List<TextSpan> MultiLineLiterals(string code)
    {
        var literals = new List<TextSpan>();
        if (code.IndexOf("@\"", StringComparison.Ordinal) < 0 && code.IndexOf("@$\"", StringComparison.Ordinal) < 0)
        {
            return literals;
        }

        foreach (var token in SyntaxFactory.ParseTokens(code))
        {
            if ((token.IsKind(SyntaxKind.StringLiteralToken) || token.IsKind(SyntaxKind.Utf8StringLiteralToken) || token.IsKind(SyntaxKind.InterpolatedStringToken))
                && !token.Text.TrimStart('$').StartsWith("\"\"\"", StringComparison.Ordinal)
                && token.Text.IndexOf('\n') >= 0)
            {
                literals.Add(token.Span);
            }
        }

        return literals;
    }

    private static bool InLiteral(List<TextSpan> literals, int position)
    {
        foreach (var literal in literals)
        {
            if (literal.Contains(position))
            {
                return true;
            }
        }

        return false;
    }
}
