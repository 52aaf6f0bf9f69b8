using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using SafeMigrations.Analyzers.Model;
using SafeMigrations.Analyzers.Reading;

namespace SafeMigrations.CodeFixes.Engine;

/// <summary>
/// Edits a Designer's <c>BuildTargetModel</c> so it describes the schema after its migration once a fix has
/// moved an operation out of it. It finds the model statement to remove by asking the same reader the
/// rules use: the statement whose removal takes the index (key, ...) out of the model is the one that makes it,
/// whatever naming convention produced it.
/// </summary>
internal static class DesignerEditor
{
    /// <summary>Removes the entity statement that puts something in the model, or returns null when none does.</summary>
    public static SourceText? Remove(SourceText designer, Func<TargetModel, bool> present)
    {
        var root = CSharpSyntaxTree.ParseText(designer).GetRoot();
        if (FindMaker(root, present) is not { } statement)
        {
            return null;
        }

        return designer.WithChanges(SourceEdits.Remove(statement));
    }

    /// <summary>The model the Designer builds.</summary>
    public static TargetModel? Read(SyntaxNode root) =>
        BuildTargetModel(root) is { } method ? TargetModelReader.Read(method, migrationId: null) : null;

    private static MethodDeclarationSyntax? BuildTargetModel(SyntaxNode root) =>
        root.DescendantNodes().OfType<MethodDeclarationSyntax>().FirstOrDefault(m => m.Identifier.ValueText is "BuildTargetModel" or "BuildModel");

    private static StatementSyntax? FindMaker(SyntaxNode root, Func<TargetModel, bool> present)
    {
        if (Read(root) is not { } model || !present(model))
        {
            return null;
        }

        foreach (var block in EntityBlocks(root))
        {
            // Properties and the table mapping are what every other statement hangs on; never the maker.
            foreach (var statement in block.Statements.Where(s => !s.ToString().StartsWith("b.Property", StringComparison.Ordinal) && !s.ToString().StartsWith("b.ToTable", StringComparison.Ordinal)))
            {
                var without = root.RemoveNode(statement, SyntaxRemoveOptions.KeepNoTrivia);
                if (without is not null && Read(without) is { } reduced && !present(reduced))
                {
                    return statement;
                }
            }
        }

        return null;
    }

    /// <summary>The bodies of the <c>modelBuilder.Entity("Name", b => { ... })</c> lambdas.</summary>
    private static System.Collections.Generic.IEnumerable<BlockSyntax> EntityBlocks(SyntaxNode root) =>
        BuildTargetModel(root) is { } method
            ? method.DescendantNodes().OfType<InvocationExpressionSyntax>()
                .Where(i => i.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Entity" })
                .Select(i => i.ArgumentList.Arguments.LastOrDefault()?.Expression)
                .OfType<LambdaExpressionSyntax>()
                .Select(l => l.Body)
                .OfType<BlockSyntax>()
            : Enumerable.Empty<BlockSyntax>();
}
