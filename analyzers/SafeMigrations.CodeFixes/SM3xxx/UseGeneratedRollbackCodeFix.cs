using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SafeMigrations.Analyzers.Rollback;

namespace SafeMigrations.CodeFixes;

/// <summary>
/// SM3001/SM3002 fix "Use the generated rollback": marks the migration <c>[GenerateRollback]</c> and deletes
/// the hand-written <c>Down</c>. Offered only when the analyzer says the generator can invert every operation.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseGeneratedRollbackCodeFix))]
public sealed class UseGeneratedRollbackCodeFix : CodeFixProvider
{
    public const string EquivalenceKey = "SafeMigrations.UseGeneratedRollback";

    private const string AttributeNamespace = "EFCore.SafeMigrations";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("SM3001", "SM3002");

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.ContainsKey(RollbackFix.CanGenerateProperty)
                || root?.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<ClassDeclarationSyntax>() is not { } declaration)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Use the generated rollback",
                    cancellationToken => UseGeneratedRollbackAsync(context.Document, declaration.SpanStart, cancellationToken),
                    EquivalenceKey),
                diagnostic);
        }
    }

    private static async Task<Document> UseGeneratedRollbackAsync(Document document, int classStart, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is not CompilationUnitSyntax unit
            || unit.FindToken(classStart).Parent?.FirstAncestorOrSelf<ClassDeclarationSyntax>() is not { } declaration)
        {
            return document;
        }

        var updated = declaration;
        var down = updated.Members.OfType<MethodDeclarationSyntax>().FirstOrDefault(m => m.Identifier.ValueText == "Down" && m.ParameterList.Parameters.Count == 1);
        if (down is not null)
        {
            updated = updated.RemoveNode(down, SyntaxRemoveOptions.KeepNoTrivia)!;
        }

        if (!HasGenerateRollback(updated))
        {
            // The attribute takes the class's leading trivia (doc comment, indentation); the class keeps its indentation.
            var leading = updated.GetLeadingTrivia();
            var indentation = leading.LastOrDefault(t => t.IsKind(SyntaxKind.WhitespaceTrivia));
            var attribute = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Attribute(SyntaxFactory.IdentifierName("GenerateRollback"))))
                .WithLeadingTrivia(leading)
                .WithTrailingTrivia(SyntaxFactory.EndOfLine("\n"));
            updated = updated.WithoutLeadingTrivia().WithLeadingTrivia(indentation == default ? SyntaxTriviaList.Empty : SyntaxFactory.TriviaList(indentation));
            updated = updated.WithAttributeLists(updated.AttributeLists.Insert(0, attribute));
        }

        if (!updated.Modifiers.Any(SyntaxKind.PartialKeyword))
        {
            updated = updated.AddModifiers(SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space));
        }

        var newUnit = unit.ReplaceNode(declaration, updated);
        if (!newUnit.Usings.Any(u => u.Name?.ToString() == AttributeNamespace))
        {
            newUnit = newUnit.AddUsings(SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(AttributeNamespace)).WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed));
        }

        return document.WithSyntaxRoot(newUnit);
    }

    private static bool HasGenerateRollback(ClassDeclarationSyntax declaration) =>
        declaration.AttributeLists.SelectMany(l => l.Attributes).Any(a => a.Name.ToString() is "GenerateRollback" or "GenerateRollbackAttribute"
            or "EFCore.SafeMigrations.GenerateRollback" or "EFCore.SafeMigrations.GenerateRollbackAttribute");
}
