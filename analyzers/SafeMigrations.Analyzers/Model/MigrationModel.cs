using SafeMigrations.Analyzers.Infrastructure;

namespace SafeMigrations.Analyzers.Model;

/// <summary>What a method body holds, for the rollback rules.</summary>
internal enum MethodBodyState
{
    Missing = 0,
    Empty,
    ThrowsOnly,
    HasStatements,

    /// <summary>
    /// Declared, but the reader failed on it (a shape it does not know; Release builds only, the tests' Debug builds throw).
    /// No rule may take it for a missing or empty method: SM3001 would call a written Down missing, and its fix would delete it.
    /// </summary>
    Unreadable,
}

/// <summary>The operations of one <c>Up</c> or <c>Down</c> method and what its body looks like.</summary>
internal sealed record MigrationMethod(MethodBodyState State, EquatableArray<MigrationOperation> Operations, SourceSpan Span)
{
    public static readonly MigrationMethod Missing = new(MethodBodyState.Missing, EquatableArray<MigrationOperation>.Empty, default);

    /// <summary>A method the reader could not read, at its name: no operations, and no verdict on what its body holds.</summary>
    public static MigrationMethod Unreadable(SourceSpan identifier) => new(MethodBodyState.Unreadable, EquatableArray<MigrationOperation>.Empty, identifier);

    /// <summary>The locals and local functions the body declares: an argument that names one cannot be copied into another method.</summary>
    public EquatableArray<string> Locals { get; init; } = EquatableArray<string>.Empty;

    /// <summary>Whether the body has an operation of <paramref name="kind"/>; a loop, as the analyzer asks it of every migration.</summary>
    public bool Has(OperationType kind)
    {
        foreach (var operation in Operations)
        {
            if (operation.Kind == kind)
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>
/// A migration class as data: its id, DbContext, <c>Up</c> and <c>Down</c>. Holds no symbols or syntax,
/// so it is cheap to compare and safe to cache.
/// </summary>
internal sealed record MigrationModel(
    string ClassName,
    string? Namespace,
    string? Id,
    string? DbContextType,
    MigrationMethod Up,
    MigrationMethod Down,
    bool HasGenerateRollback,
    string? ContractOf,
    SourceSpan Identifier)
{
    public string FullName => Namespace is null ? ClassName : Namespace + "." + ClassName;

    /// <summary>
    /// Whether a base class between the migration and EF's <c>Migration</c> overrides Down (a team's base that runs a
    /// script named after the migration, say): a Down missing from the class itself is then not missing.
    /// </summary>
    public bool InheritsDown { get; init; }

    /// <summary>For a <c>[GenerateRollback]</c> class, why the generated Down cannot be declared in it (not partial, nested, generic), or null.</summary>
    public string? DownNotDeclarableBecause { get; init; }

    /// <summary>
    /// Whether the generator could declare a Down in the class once it is marked: a top-level class without type parameters
    /// (the "use the generated rollback" fix makes it partial). A nested or generic one would be left with no Down at all.
    /// </summary>
    public bool CanHoldGeneratedDown { get; init; } = true;
}
