using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using SafeMigrations.Analyzers.Infrastructure;
using SafeMigrations.Analyzers.Reading;

namespace SafeMigrations.Analyzers.Rollback;

/// <summary>
/// Finds the migrations' Designers for the rollback generator without binding anything: a type qualifies when the
/// declaration table says it has a <c>BuildTargetModel</c> member, and its id and DbContext come from the attribute
/// syntax (<see cref="MigrationDeclaration"/>). The generator runs on a compilation of its own, so every attribute it
/// bound (as <c>ForAttributeWithMetadataName</c> on <c>[Migration]</c> did) was work the build paid twice.
/// </summary>
internal static class DesignerFinder
{
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
            else if (member is INamedTypeSymbol type)
            {
                if (type.MemberNames.Contains("BuildTargetModel")
                    && MigrationDeclaration.Read(type, readIdSemantically: null, cancellationToken) is { BuildTargetModel: { } method } declaration)
                {
                    found.Add(new RollbackGenerator.DesignerMethod(declaration.Id, declaration.DbContext, method));
                }

                if (type.GetTypeMembers().Length > 0)
                {
                    Collect(type, found, cancellationToken);
                }
            }
        }
    }
}
