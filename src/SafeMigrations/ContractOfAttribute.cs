using System;

namespace EFCore.SafeMigrations;

/// <summary>
/// Marks a migration as the contract step of an expand/contract pair. With
/// <c>UseSafeMigrations()</c>, a contract migration is never applied in the same run as its expand
/// migration: it waits for the next deployment, once the old app version is gone.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ContractOfAttribute : Attribute
{
    /// <param name="expandMigrationId">The id of the expand migration, as in its <c>[Migration]</c> attribute.</param>
    public ContractOfAttribute(string expandMigrationId)
    {
        ExpandMigrationId = expandMigrationId;
    }

    /// <summary>The id of the expand migration this contract step belongs to.</summary>
    public string ExpandMigrationId { get; }
}
