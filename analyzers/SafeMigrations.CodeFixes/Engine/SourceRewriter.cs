using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Options;
using Microsoft.CodeAnalysis.Simplification;
using Microsoft.CodeAnalysis.Text;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SafeMigrations.CodeFixes.Engine;

/// <summary>
/// The syntax edits of one migration's main file. New code is parsed into nodes that carry
/// <see cref="Formatter.Annotation"/> (and <see cref="Simplifier.Annotation"/> where a name is written qualified),
/// and only those nodes are formatted, with the document's options and the line break the file already uses; every
/// other token keeps its text and trivia, so untouched code stays byte for byte as the user wrote it.
/// </summary>
internal sealed class SourceRewriter
{
    private readonly List<StatementSyntax> removals = new();
    private readonly List<(StatementSyntax Statement, IReadOnlyList<string> Statements)> replacements = new();
    private readonly List<(ExpressionStatementSyntax Statement, string Call)> chainCalls = new();
    private readonly List<TextChange> tokenEdits = new();
    private readonly List<MemberDeclarationSyntax> removedMembers = new();
    private ClassDeclarationSyntax? generateRollbackOn;
    private bool makePartial;

    public bool AddRuntimeUsing { get; set; }

    /// <summary>Removes a statement with the comments above it and one blank line.</summary>
    public void Remove(StatementSyntax statement) => removals.Add(statement);

    /// <summary>Removes a member (a hand-written Down) with its comments.</summary>
    public void Remove(MemberDeclarationSyntax member) => removedMembers.Add(member);

    /// <summary>Replaces a statement (keeping the comments above it) with new ones, a blank line between them as EF writes.</summary>
    public void Replace(StatementSyntax statement, IReadOnlyList<string> statements) => replacements.Add((statement, statements));

    /// <summary>Appends a call such as <c>.Annotation("x", true)</c> to the statement's chain, on a line of its own.</summary>
    public void AppendToChain(ExpressionStatementSyntax statement, string call) => chainCalls.Add((statement, call));

    /// <summary>Changes text inside one token (a method renamed); null from <see cref="ApplyAsync"/> when the span crosses tokens.</summary>
    public void EditToken(TextChange change) => tokenEdits.Add(change);

    /// <summary>
    /// Puts <c>[GenerateRollback]</c> on the class, after its doc comment and before its other attributes; with
    /// <paramref name="partial"/>, also makes the class partial, which the generator needs.
    /// </summary>
    public void AddGenerateRollback(ClassDeclarationSyntax declaration, bool partial = false)
    {
        generateRollbackOn = declaration;
        makePartial = partial;
    }

    /// <summary>
    /// The document with every edit applied and the new code formatted; null when the document no longer holds the
    /// nodes the edits were planned on (an earlier rewrite of the same fix-all changed it).
    /// </summary>
    public async Task<Document?> ApplyAsync(Document document, SyntaxNode plannedOn, CancellationToken cancellationToken)
    {
        var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
        if (!text.ContentEquals(plannedOn.SyntaxTree.GetText(cancellationToken)) || plannedOn is not CompilationUnitSyntax)
        {
            return null;
        }

        // New code uses the file's own line break (a CRLF file stays CRLF whatever the machine's default is).
        OptionSet options = await document.GetOptionsAsync(cancellationToken).ConfigureAwait(false);
        var newLine = LineBreakOf(text) ?? options.GetOption(FormattingOptions.NewLine, LanguageNames.CSharp);
        options = options.WithChangedOption(FormattingOptions.NewLine, LanguageNames.CSharp, newLine);

        var tracked = removals.Cast<SyntaxNode>().Concat(replacements.Select(r => r.Statement)).Concat(chainCalls.Select(c => c.Statement)).Concat(removedMembers)
            .Concat(generateRollbackOn is null ? Array.Empty<SyntaxNode>() : new SyntaxNode[] { generateRollbackOn });
        // The statement that becomes first in its block when the first ones go: it loses the blank line above it.
        var newFirsts = removals.Select(s => s.Parent).OfType<BlockSyntax>().Distinct()
            .Select(b => b.Statements.FirstOrDefault(s => !removals.Contains(s)))
            .Where(s => s is not null && s != ((BlockSyntax)s.Parent!).Statements[0] && !replacements.Any(r => r.Statement == s))
            .Select(s => s!)
            .ToList();
        var root = plannedOn.TrackNodes(tracked.Concat(newFirsts));

        // Token edits first, from the end, so the spans of the ones before stay right.
        foreach (var change in tokenEdits.OrderByDescending(c => c.Span.Start))
        {
            var token = root.FindToken(change.Span.Start);
            if (!token.Span.Contains(change.Span))
            {
                return null;
            }

            var newText = token.Text.Substring(0, change.Span.Start - token.SpanStart) + change.NewText + token.Text.Substring(change.Span.End - token.SpanStart);
            root = root.ReplaceToken(token, ParseToken(newText).WithTriviaFrom(token));
        }

        var indentUnit = options.GetOption(FormattingOptions.UseTabs, LanguageNames.CSharp)
            ? "\t"
            : new string(' ', options.GetOption(FormattingOptions.IndentationSize, LanguageNames.CSharp));
        foreach (var (statement, call) in chainCalls)
        {
            var current = root.GetCurrentNode(statement)!;
            if (ParseExpression("x" + call) is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } invocation)
            {
                return null;
            }

            // Roslyn's formatter keeps a continuation line where it finds it (it has no rule for fluent chains), so the
            // new line starts one indentation level (the document's) in from the statement, where EF puts .Annotation(...).
            var dot = access.OperatorToken.WithLeadingTrivia(EndOfLine(newLine), Whitespace(SourceEdits.IndentationOf(current) + indentUnit));
            var appended = invocation.WithExpression(access.WithExpression(current.Expression).WithOperatorToken(dot));
            root = root.ReplaceNode(current, current.WithExpression(appended.WithAdditionalAnnotations(Formatter.Annotation)));
        }

        foreach (var (statement, statements) in replacements)
        {
            var current = root.GetCurrentNode(statement)!;
            var nodes = new List<StatementSyntax>();
            for (var i = 0; i < statements.Count; i++)
            {
                var code = statements[i].Replace("\r\n", "\n").Replace("\n", newLine);
                var node = ParseStatement(code);
                // One whole statement, or no fix: ParseStatement stops after the first one.
                if (node.ContainsDiagnostics || node.FullSpan.Length < code.TrimEnd().Length)
                {
                    return null;
                }

                // Parsed at column zero: the formatter indents the first line and shifts the others with it.
                var leading = i == 0
                    ? WithoutIndentation(current.GetLeadingTrivia())
                    : new[] { EndOfLine(newLine) }.Concat(node.GetLeadingTrivia());
                node = node.WithLeadingTrivia(leading).WithTrailingTrivia(i == statements.Count - 1 ? current.GetTrailingTrivia() : TriviaList(EndOfLine(newLine)));
                nodes.Add(node.WithAdditionalAnnotations(Formatter.Annotation));
            }

            root = root.ReplaceNode(current, nodes);
        }

        if (removals.Count + removedMembers.Count > 0)
        {
            // A #region, #if or #endif in what goes would leave its partner behind (or move it into the new migration), and
            // a statement under #if would lose its condition: no fix for code laid out with directives.
            var removed = removals.Cast<SyntaxNode>().Concat(removedMembers).ToList();
            if (removed.Any(n => n.ContainsDirectives))
            {
                return null;
            }

            root = root.RemoveNodes(removed.Select(n => root.GetCurrentNode(n)!), SyntaxRemoveOptions.KeepNoTrivia)!;
            foreach (var first in newFirsts)
            {
                var current = root.GetCurrentNode(first)!;
                root = root.ReplaceNode(current, current.WithLeadingTrivia(WithoutBlankLines(current.GetLeadingTrivia())));
            }
        }

        if (generateRollbackOn is not null)
        {
            var declaration = root.GetCurrentNode(generateRollbackOn)!;
            var firstToken = declaration.GetFirstToken();
            // Written qualified for the Simplifier, which shortens it where the using makes that safe.
            var attribute = AttributeList(SingletonSeparatedList(Attribute(ParseName(SourceEdits.RuntimeNamespace + ".GenerateRollback").WithAdditionalAnnotations(Simplifier.Annotation))))
                .WithLeadingTrivia(firstToken.LeadingTrivia)
                .WithTrailingTrivia(EndOfLine(newLine))
                .WithAdditionalAnnotations(Formatter.Annotation);
            var moved = declaration.ReplaceToken(firstToken, firstToken.WithLeadingTrivia().WithAdditionalAnnotations(Formatter.Annotation));
            moved = moved.WithAttributeLists(moved.AttributeLists.Insert(0, attribute));
            if (makePartial && !moved.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                moved = moved.AddModifiers(Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(Space).WithAdditionalAnnotations(Formatter.Annotation));
            }

            root = root.ReplaceNode(declaration, moved);
        }

        if (AddRuntimeUsing && WithUsing((CompilationUnitSyntax)root, SourceEdits.RuntimeNamespace, newLine) is { } withUsing)
        {
            root = withUsing;
        }

        if (SourceEdits.NamesSystemType(replacements.SelectMany(r => r.Statements).Concat(chainCalls.Select(c => c.Call)))
            && WithUsing((CompilationUnitSyntax)root, "System", newLine) is { } withSystem)
        {
            root = withSystem;
        }

        document = document.WithSyntaxRoot(root);
        document = await Formatter.FormatAsync(document, Formatter.Annotation, options, cancellationToken).ConfigureAwait(false);
        // Only the attribute is written qualified; the Simplifier needs a semantic model, so it runs only then.
        return generateRollbackOn is null ? document : await Simplifier.ReduceAsync(document, Simplifier.Annotation, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A new document's text formatted as a whole, with the project's options and the given line break.</summary>
    public static async Task<Document> FormatNewAsync(Document document, string newLine, CancellationToken cancellationToken)
    {
        var options = (await document.GetOptionsAsync(cancellationToken).ConfigureAwait(false)).WithChangedOption(FormattingOptions.NewLine, LanguageNames.CSharp, newLine);
        return await Formatter.FormatAsync(document, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The line break the text uses, or null when it has none.</summary>
    public static string? LineBreakOf(SourceText text) =>
        text.Lines.Count > 1 ? text.ToString(TextSpan.FromBounds(text.Lines[0].End, text.Lines[0].EndIncludingLineBreak)) : null;

    /// <summary>
    /// The unit with <c>using {<paramref name="name"/>};</c> (the runtime's namespace, or System) added where the user's
    /// order puts it (alphabetical, System first when the file puts it first, as .NET's default sort does), or null when
    /// the file has it.
    /// </summary>
    private static CompilationUnitSyntax? WithUsing(CompilationUnitSyntax unit, string name, string newLine)
    {
        var inNamespace = unit.Usings.Count == 0 ? unit.Members.OfType<BaseNamespaceDeclarationSyntax>().FirstOrDefault(n => n.Usings.Count > 0) : null;
        var usings = inNamespace?.Usings ?? unit.Usings;
        if (usings.Any(u => SourceEdits.PlainUsingName(u) == name))
        {
            return null;
        }

        var directive = UsingDirective(ParseName(name)).WithTrailingTrivia(EndOfLine(newLine)).WithAdditionalAnnotations(Formatter.Annotation);
        if (usings.Count == 0)
        {
            // No using at all: first in the file, after any leading comment such as // <auto-generated />, a blank line after it.
            var first = unit.GetFirstToken(includeZeroWidth: true);
            directive = directive.WithLeadingTrivia(first.LeadingTrivia).WithTrailingTrivia(EndOfLine(newLine), EndOfLine(newLine));
            unit = unit.ReplaceToken(first, first.WithLeadingTrivia());
            return unit.WithUsings(unit.Usings.Add(directive));
        }

        // After the last plain directive that sorts before ours; System first only when the file already does that.
        var plain = usings.Where(u => SourceEdits.PlainUsingName(u) is not null).ToList();
        var systemFirst = !plain.SkipWhile(u => IsSystem(SourceEdits.PlainUsingName(u)!)).Any(u => IsSystem(SourceEdits.PlainUsingName(u)!));
        var after = plain.LastOrDefault(u => Sorts(SourceEdits.PlainUsingName(u)!, name, systemFirst) < 0);
        var index = after is null ? 0 : usings.IndexOf(after) + 1;
        if (index == 0)
        {
            // Before the first directive: the comments above it (a licence header) stay at the top of the file.
            var before = usings[0];
            directive = directive.WithLeadingTrivia(before.GetLeadingTrivia());
            usings = usings.Replace(before, before.WithLeadingTrivia());
        }

        usings = usings.Insert(index, directive);
        return inNamespace is null ? unit.WithUsings(usings) : unit.ReplaceNode(inNamespace, inNamespace.WithUsings(usings));
    }

    /// <summary>Where <paramref name="name"/> sorts against the namespace being added.</summary>
    private static int Sorts(string name, string added, bool systemFirst) =>
        systemFirst && IsSystem(name) != IsSystem(added) ? (IsSystem(name) ? -1 : 1) : string.Compare(name, added, StringComparison.OrdinalIgnoreCase);

    private static bool IsSystem(string name) => name == "System" || name.StartsWith("System.", StringComparison.Ordinal);

    /// <summary>Leading trivia without the indentation of the token's own line, which the formatter then writes.</summary>
    private static SyntaxTriviaList WithoutIndentation(SyntaxTriviaList trivia) =>
        trivia.Count > 0 && trivia.Last().IsKind(SyntaxKind.WhitespaceTrivia) ? trivia.RemoveAt(trivia.Count - 1) : trivia;

    /// <summary>Leading trivia without the blank lines at its start (the indentation of the first non-blank line stays).</summary>
    private static SyntaxTriviaList WithoutBlankLines(SyntaxTriviaList trivia)
    {
        var lastBreak = -1;
        for (var i = 0; i < trivia.Count && (trivia[i].IsKind(SyntaxKind.EndOfLineTrivia) || trivia[i].IsKind(SyntaxKind.WhitespaceTrivia)); i++)
        {
            if (trivia[i].IsKind(SyntaxKind.EndOfLineTrivia))
            {
                lastBreak = i;
            }
        }

        return TriviaList(trivia.Skip(lastBreak + 1));
    }
}
