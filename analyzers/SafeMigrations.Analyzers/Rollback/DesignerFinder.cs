using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SafeMigrations.Analyzers.Infrastructure;
using SafeMigrations.Analyzers.Reading;

namespace SafeMigrations.Analyzers.Rollback;

/// <summary>
/// Finds the migrations' Designers for the rollback generator without binding anything: a type qualifies when the
/// declaration table says it has a <c>BuildTargetModel</c> member, and its id and DbContext are read from the
/// attribute syntax EF scaffolds (<c>[Migration("id")]</c>, <c>[DbContext(typeof(X))]</c>). The generator runs on a
/// compilation of its own, so every attribute it bound (as <c>ForAttributeWithMetadataName</c> on <c>[Migration]</c>
/// did) was work the build paid twice.
/// </summary>
internal static class DesignerFinder
{
    private const string BuildTargetModel = nameof(BuildTargetModel);

    /// <summary>Every Designer in the compilation's own source, sorted by id.</summary>
    public static EquatableArray<RollbackGenerator.DesignerMethod> Find(Compilation compilation, CancellationToken cancellationToken)
    {
        var found = new List<RollbackGenerator.DesignerMethod>();
        Collect(compilation.Assembly.GlobalNamespace, found, cancellationToken);
        found.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        return found.ToEquatableArray();
    }

    private static void Collect(INamespaceOrTypeSymbol container, List<RollbackGenerator.DesignerMethod> found, CancellationToken cancellationToken)
    {
        foreach (var member in container.GetMembers())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (member is INamespaceSymbol ns)
            {
                Collect(ns, found, cancellationToken);
            }
            else if (member is INamedTypeSymbol type && type.TypeKind == TypeKind.Class)
            {
                if (type.MemberNames.Contains(BuildTargetModel) && Read(type, cancellationToken) is { } designer)
                {
                    found.Add(designer);
                }

                if (type.GetTypeMembers().Length > 0)
                {
                    Collect(type, found, cancellationToken);
                }
            }
        }
    }

    private static RollbackGenerator.DesignerMethod? Read(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        string? id = null, dbContext = null;
        MethodDeclarationSyntax? method = null;
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is not ClassDeclarationSyntax declaration)
            {
                continue;
            }

            method ??= MigrationModelReader.FindOverride(declaration, BuildTargetModel);
            foreach (var attribute in declaration.AttributeLists.SelectMany(list => list.Attributes))
            {
                switch (SimpleName(attribute.Name))
                {
                    case "Migration" or "MigrationAttribute":
                        id ??= FirstArgument(attribute) is LiteralExpressionSyntax { Token.Value: string value } ? value : null;
                        break;
                    case "DbContext" or "DbContextAttribute":
                        dbContext ??= FirstArgument(attribute) is TypeOfExpressionSyntax typeOf ? SimpleName(typeOf.Type) : null;
                        break;
                }
            }
        }

        return id is not null && method is not null ? new RollbackGenerator.DesignerMethod(id, dbContext, method) : null;
    }

    private static ExpressionSyntax? FirstArgument(AttributeSyntax attribute) =>
        attribute.ArgumentList is { Arguments.Count: > 0 } arguments ? arguments.Arguments[0].Expression : null;

    /// <summary>The rightmost identifier of a (possibly qualified or aliased) name: <c>Sample.ShopContext</c> → <c>ShopContext</c>.</summary>
    private static string? SimpleName(SyntaxNode name) => name switch
    {
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        AliasQualifiedNameSyntax aliased => aliased.Name.Identifier.ValueText,
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        _ => null,
    };

    /// <summary>
    /// The simple name of a DbContext given as the analyzer's display string (<c>Sample.ShopContext</c>), to compare with
    /// what <see cref="Find"/> reads from syntax. Limit: two DbContexts of one simple name in different namespaces of one
    /// project would share their Designers here.
    /// </summary>
    public static string? SimpleNameOf(string? displayName)
    {
        if (displayName is null)
        {
            return null;
        }

        var generic = displayName.IndexOf('<');
        var name = generic < 0 ? displayName : displayName.Substring(0, generic);
        return name.Substring(name.LastIndexOf('.') + 1);
    }
}
