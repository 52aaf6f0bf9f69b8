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
    public static string Indent(string code, string indent)
    {
        if (code.IndexOf('\n') < 0)
        {
            return code;
        }

        // Only a verbatim string (@"...", $@"...", @$"...") holds a line break of its value; a raw string's lines are indented
        // alike. Most code has none, and is not tokenized: a generated Down's every call came through here.
        if (code.IndexOf("@\"", StringComparison.Ordinal) < 0 && code.IndexOf("@$\"", StringComparison.Ordinal) < 0)
        {
            return code.Replace("\n", "\n" + indent);
        }

        var literals = new List<TextSpan>();
        foreach (var token in SyntaxFactory.ParseTokens(code))
        {
            if ((token.IsKind(SyntaxKind.StringLiteralToken) || token.IsKind(SyntaxKind.Utf8StringLiteralToken) || token.IsKind(SyntaxKind.InterpolatedStringToken))
                && !token.Text.TrimStart('$').StartsWith("\"\"\"", System.StringComparison.Ordinal)
                && token.Text.IndexOf('\n') >= 0)
            {
                literals.Add(token.Span);
            }
        }

        var builder = new StringBuilder(code.Length + (indent.Length * 8));
        var literal = 0;
        for (var i = 0; i < code.Length; i++)
        {
            builder.Append(code[i]);
            if (code[i] != '\n')
            {
                continue;
            }

            while (literal < literals.Count && literals[literal].End <= i)
            {
                literal++;
            }

            if (literal == literals.Count || !literals[literal].Contains(i))
            {
                builder.Append(indent);
            }
        }

        return builder.ToString();
    }
}
