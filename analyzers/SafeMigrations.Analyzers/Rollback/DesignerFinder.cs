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
    public static EquatableArray<RollbackGenerator.DesignerMethod> Find(Compilation compilation, CancellationToken cancellationToken) =>
        MigrationDeclaration.All(compilation, type => type.MemberNames.Contains("BuildTargetModel"), readIdSemantically: null, withBuildTargetModel: true, cancellationToken)
            .Where(found => found.Declaration.BuildTargetModel is not null)
            .Select(found => new RollbackGenerator.DesignerMethod(found.Declaration.Id, found.Declaration.DbContext, found.Declaration.BuildTargetModel!))
            .ToEquatableArray();
}
