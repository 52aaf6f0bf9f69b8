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
using SafeMigrations.CodeFixes.Engine;

namespace SafeMigrations.CodeFixes;

/// <summary>
/// SM3001/SM3002 fix "Use the generated rollback": marks the migration <c>[GenerateRollback]</c> and deletes
/// the hand-written <c>Down</c>. Offered only when the analyzer says the generator can invert every operation.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseGeneratedRollbackCodeFix))]
public sealed class UseGeneratedRollbackCodeFix : CodeFixProvider
{
    public const string EquivalenceKey = "SafeMigrations.UseGeneratedRollback";

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

        // The same syntax edits as every migration fix: formatted new code, the using in the user's order.
        var edits = new SourceRewriter { AddRuntimeUsing = true };
        if (declaration.Members.OfType<MethodDeclarationSyntax>().FirstOrDefault(m => m.Identifier.ValueText == "Down" && m.ParameterList.Parameters.Count == 1) is { } down)
        {
            edits.Remove(down);
        }

        if (!HasGenerateRollback(declaration))
        {
            edits.AddGenerateRollback(declaration, partial: true);
        }

        try
        {
            return await edits.ApplyAsync(document, unit, cancellationToken).ConfigureAwait(false) ?? document;
        }
        catch (System.Exception exception) when (exception is not System.OperationCanceledException)
        {
            return document; // Half-typed code: the document unchanged rather than a crash in the IDE.
        }
    }

    private static bool HasGenerateRollback(ClassDeclarationSyntax declaration) =>
        declaration.AttributeLists.SelectMany(l => l.Attributes).Any(a => a.Name.ToString() is "GenerateRollback" or "GenerateRollbackAttribute"
            or "EFCore.SafeMigrations.GenerateRollback" or "EFCore.SafeMigrations.GenerateRollbackAttribute");
}
