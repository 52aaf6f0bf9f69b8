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
    /// <summary>Every migration's Designer in the compilation's own source, sorted by id (with none for a migration without one).</summary>
    public static EquatableArray<RollbackGenerator.DesignerMethod> Find(Compilation compilation, CancellationToken cancellationToken) =>
        Designers(MigrationDeclaration.SourceTypes(compilation, cancellationToken).Where(IsMigrationShaped), IdReader(compilation), cancellationToken);

    /// <summary>
    /// Reads a <c>[Migration]</c> id that is not a literal (a constant) from the attribute's symbol: the rare type the
    /// generator binds, so that it orders the migrations as the analyzer's index does.
    /// </summary>
    public static Func<INamedTypeSymbol, string?> IdReader(Compilation compilation)
    {
        var symbols = new Lazy<EfSymbols?>(() => EfSymbols.TryCreate(compilation), LazyThreadSafetyMode.None);
        return type => symbols.Value is { } ef && ef.IsMigration(type) ? MigrationModelReader.ReadMigrationId(type, ef) : null;
    }

    /// <summary>Whether the declaration table says the type has a <c>BuildTargetModel</c> or an <c>Up</c> member.</summary>
    public static bool IsMigrationShaped(INamedTypeSymbol type) => type.MemberNames.Contains("BuildTargetModel") || type.MemberNames.Contains("Up");

    /// <summary>
    /// The migrations among <paramref name="types"/> (those with a <c>[Migration]</c> id literal) with their Designers, sorted
    /// by id. A migration without a Designer is kept, with no method: the migration after it has no model before it, as for
    /// the analyzer (a Designer further back would be a guess at the model, which a generated Down must not be built on).
    /// </summary>
    public static EquatableArray<RollbackGenerator.DesignerMethod> Designers(IEnumerable<INamedTypeSymbol> types, Func<INamedTypeSymbol, string?> readIdSemantically, CancellationToken cancellationToken) =>
        types
            .Select(type => MigrationDeclaration.Read(type, readIdSemantically, withBuildTargetModel: true, cancellationToken))
            .Where(declaration => declaration is not null)
            .OrderBy(declaration => declaration!.Id, StringComparer.Ordinal)
            .Select(declaration => new RollbackGenerator.DesignerMethod(declaration!.Id, declaration.DbContext, declaration.BuildTargetModel))
            .ToEquatableArray();
}
