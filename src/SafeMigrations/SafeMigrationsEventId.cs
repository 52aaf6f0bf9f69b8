using Microsoft.Extensions.Logging;

namespace EFCore.SafeMigrations;

/// <summary>The events that EFCore.SafeMigrations logs through EF Core's logger.</summary>
public static class SafeMigrationsEventId
{
    /// <summary>A contract migration was not applied because its expand migration is not live yet.</summary>
    public static readonly EventId ContractMigrationDeferred = new(2_069_001, "EFCore.SafeMigrations.ContractMigrationDeferred");
}
