using System;
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
/// bound would be work the build paid twice.
/// </summary>
internal static class DesignerFinder
{
    /// <summary>Every Designer in the compilation's own source, sorted by id.</summary>
    public static EquatableArray<RollbackGenerator.DesignerMethod> Find(Compilation compilation, CancellationToken cancellationToken) =>
        Designers(MigrationDeclaration.SourceTypes(compilation, cancellationToken).Where(IsDesignerShaped), cancellationToken);

    /// <summary>Whether the declaration table says the type has a <c>BuildTargetModel</c> member.</summary>
    public static bool IsDesignerShaped(INamedTypeSymbol type) => type.MemberNames.Contains("BuildTargetModel");

    /// <summary>The Designers among <paramref name="types"/> (those with a <c>[Migration]</c> id literal), sorted by id.</summary>
    public static EquatableArray<RollbackGenerator.DesignerMethod> Designers(IEnumerable<INamedTypeSymbol> types, CancellationToken cancellationToken) =>
        types
            .Select(type => MigrationDeclaration.Read(type, readIdSemantically: null, withBuildTargetModel: true, cancellationToken))
            .Where(declaration => declaration?.BuildTargetModel is not null)
            .OrderBy(declaration => declaration!.Id, StringComparer.Ordinal)
            .Select(declaration => new RollbackGenerator.DesignerMethod(declaration!.Id, declaration.DbContext, declaration.BuildTargetModel!))
            .ToEquatableArray();
}
