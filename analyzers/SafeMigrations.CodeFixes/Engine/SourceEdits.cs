using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace SafeMigrations.CodeFixes.Engine;

/// <summary>
/// Text-level helpers: statements taken out as text (with their comments, at column zero) for a new migration,
/// and removals from a Designer with their comments and the blank line EF puts between statements. Edits of the
/// user's migration file itself are syntax edits (<see cref="SourceRewriter"/>).
/// </summary>
internal static class SourceEdits
{
    public const string RuntimeNamespace = "EFCore.SafeMigrations";

    /// <summary>The change that removes <paramref name="statement"/>, its comments and one blank line.</summary>
    public static TextChange Remove(StatementSyntax statement)
    {
        // The blank line above belongs to this statement's leading trivia and goes with it; the first statement has
        // none above it, so it eats the one below instead.
        var end = statement.Parent is BlockSyntax block && block.Statements.IndexOf(statement) == 0 && block.Statements.Count > 1
            ? FirstNonBlankLine(block.Statements[1])
            : statement.FullSpan.End;
        return new TextChange(TextSpan.FromBounds(statement.FullSpan.Start, end), string.Empty);
    }

    /// <summary>Removals merged where they touch or overlap (two neighbours each eating the blank line between them).</summary>
    public static System.Collections.Generic.IEnumerable<TextChange> Merge(System.Collections.Generic.IEnumerable<TextChange> removals)
    {
        TextSpan? current = null;
        foreach (var span in removals.Select(r => r.Span).OrderBy(r => r.Start))
        {
            if (current is { } open && span.Start <= open.End)
            {
                current = TextSpan.FromBounds(open.Start, Math.Max(open.End, span.End));
                continue;
            }

            if (current is { } done)
            {
                yield return new TextChange(done, string.Empty);
            }

            current = span;
        }

        if (current is { } last)
        {
            yield return new TextChange(last, string.Empty);
        }
    }

    /// <summary>The namespace a plain <c>using X;</c> imports; null for an alias or a <c>using static</c>.</summary>
    public static string? PlainUsingName(UsingDirectiveSyntax directive) =>
        directive.Alias is null && directive.StaticKeyword == default ? directive.Name?.ToString() : null;

    // The System types EF's scaffolder names in migration code (column CLR types); keywords (int, string) need no using.
    private static readonly HashSet<string> SystemTypes = new(StringComparer.Ordinal)
    {
        "DateTime", "DateTimeOffset", "TimeSpan", "Guid", "DateOnly", "TimeOnly", "Half", "Int128", "UInt128", "Uri",
    };

    /// <summary>
    /// Whether written code names a System type unqualified (<c>AddColumn&lt;DateTime&gt;</c>, <c>typeof(Guid)</c>): the file it
    /// goes into then needs <c>using System;</c>, which EF's scaffolder writes only when its own code needs it.
    /// </summary>
    public static bool NamesSystemType(IEnumerable<string> code)
    {
        foreach (var statement in code)
        {
            var afterDot = false;
            foreach (var token in SyntaxFactory.ParseTokens(statement))
            {
                if (token.IsKind(SyntaxKind.IdentifierToken) && !afterDot && SystemTypes.Contains(token.ValueText))
                {
                    return true;
                }

                afterDot = token.IsKind(SyntaxKind.DotToken);
            }
        }

        return false;
    }

    /// <summary>A statement as it stands, with the comments above it, re-indented to column zero.</summary>
    /// <param name="body">The statement's own text to use instead of the one written (a rewritten call).</param>
    public static string TextWithComments(StatementSyntax statement, string? body = null)
    {
        var leading = statement.GetLeadingTrivia().SkipWhile(t => t.IsKind(SyntaxKind.EndOfLineTrivia) || t.IsKind(SyntaxKind.WhitespaceTrivia));
        var text = string.Concat(leading.Select(t => t.ToFullString())) + (body ?? statement.ToString());
        return Outdent(text, IndentationOf(statement));
    }

    /// <summary>
    /// Indents every line after the first of a multi-line statement, blank lines and the lines of a verbatim string's value
    /// excepted: a moved <c>Sql(@"...")</c> keeps its SQL, and its data, as written.
    /// </summary>
    public static string Indent(string code, string indentation) =>
        Analyzers.Rollback.CodeText.Indent(code.Replace("\r\n", "\n"), indentation, skipBlankLines: true);

    public static string IndentationOf(SyntaxNode node)
    {
        var whitespace = node.GetLeadingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.WhitespaceTrivia));
        return whitespace == default ? string.Empty : whitespace.ToString();
    }

    private static int FirstNonBlankLine(StatementSyntax statement)
    {
        var position = statement.FullSpan.Start;
        foreach (var trivia in statement.GetLeadingTrivia())
        {
            if (!trivia.IsKind(SyntaxKind.EndOfLineTrivia) && !trivia.IsKind(SyntaxKind.WhitespaceTrivia))
            {
                break;
            }

            if (trivia.IsKind(SyntaxKind.EndOfLineTrivia))
            {
                position = trivia.FullSpan.End;
            }
        }

        return position;
    }

    /// <summary><paramref name="indentation"/> taken off each line of <paramref name="text"/>, a verbatim string's value excepted.</summary>
    public static string Outdent(string text, string indentation) =>
        indentation.Length == 0 ? text : Analyzers.Rollback.CodeText.Outdent(text.Replace("\r\n", "\n"), indentation);
}
