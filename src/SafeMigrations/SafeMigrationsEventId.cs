using Microsoft.Extensions.Logging;

namespace EFCore.SafeMigrations;

/// <summary>
/// The events that EFCore.SafeMigrations logs through EF Core's logger. They are logged under EF Core's migrations
/// category (<c>Microsoft.EntityFrameworkCore.Migrations</c>, <c>DbLoggerCategory.Migrations.Name</c>), and their
/// names start with it, as EF Core's own events do: <c>LogTo(..., new[] { DbLoggerCategory.Migrations.Name })</c>
/// filters on that prefix. Filter on one event with its id, for example
/// <c>LogTo(..., new[] { SafeMigrationsEventId.ContractMigrationDeferred })</c> or <c>ConfigureWarnings</c>.
/// </summary>
public static class SafeMigrationsEventId
{
    /// <summary>The prefix of every event name: EF Core's migrations category.</summary>
    public const string Prefix = "Microsoft.EntityFrameworkCore.Migrations.SafeMigrations.";

    /// <summary>
    /// A contract migration was not applied because its expand migration is not live yet (Information).
    /// Id 2069001, name <c>Microsoft.EntityFrameworkCore.Migrations.SafeMigrations.ContractMigrationDeferred</c>.
    /// </summary>
    public static readonly EventId ContractMigrationDeferred = new(2_069_001, Prefix + "ContractMigrationDeferred");

    /// <summary>
    /// A migration run gave up waiting for a lock (PostgreSQL <c>lock_timeout</c>, SQL Server <c>LOCK_TIMEOUT</c>,
    /// MySQL/MariaDB <c>lock_wait_timeout</c>) having committed none of the failed migration's work, and is started
    /// again after a delay (Warning). Id 2069002.
    /// </summary>
    public static readonly EventId LockTimeoutRetry = new(2_069_002, Prefix + "LockTimeoutRetry");
}
