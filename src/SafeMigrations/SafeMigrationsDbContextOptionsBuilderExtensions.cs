using System;
using EFCore.SafeMigrations.Internal;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace EFCore.SafeMigrations;

/// <summary><c>UseSafeMigrations()</c> on <see cref="DbContextOptionsBuilder"/>.</summary>
public static class SafeMigrationsDbContextOptionsBuilderExtensions
{
    /// <summary>
    /// Holds contract migrations back until their expand step is live.
    /// </summary>
    /// <remarks>
    /// <para>
    /// A migration marked <c>[ContractOf("expand id")]</c> is applied only if its expand migration was already in
    /// the database's migrations history when the run started. In the run that applies the expand migration, the
    /// contract is skipped and logged (event <see cref="SafeMigrationsEventId.ContractMigrationDeferred"/>, category
    /// <c>Microsoft.EntityFrameworkCore.Migrations</c>, level Information); the next run applies it. Other
    /// pending migrations, including later ones, are applied as usual.
    /// </para>
    /// <para>
    /// This holds for <c>Database.Migrate()</c>, <c>Database.MigrateAsync()</c>, <c>dotnet ef database update</c> and
    /// migration bundles (<c>efbundle</c>), because they all run the context's <c>IMigrator</c>, as long as the
    /// context they build (at design time: <c>OnConfiguring</c>, <c>AddDbContext</c> or an
    /// <c>IDesignTimeDbContextFactory</c>) calls <c>UseSafeMigrations()</c>.
    /// </para>
    /// <para>
    /// SQL scripts (<c>dotnet ef migrations script</c>, <c>GenerateScript</c>) contain every migration in the range
    /// you ask for: a script cannot know when it will be run. To deploy by script, end this deployment's script at
    /// the expand migration (<c>dotnet ef migrations script &lt;from&gt; &lt;expand id&gt;</c>) and start the next
    /// one there (<c>dotnet ef migrations script &lt;expand id&gt; &lt;to&gt;</c>). An idempotent script applies
    /// everything it contains.
    /// </para>
    /// <para>
    /// On PostgreSQL it also guards against the lock queue: each migration's transactional DDL runs under
    /// <c>SET LOCAL lock_timeout</c> (<see cref="SafeMigrationsOptions.LockTimeout"/>, default 5 s), and a run that
    /// times out waiting for a lock, having done everything in one transaction that rolled back whole, is started again
    /// with backoff (<see cref="SafeMigrationsOptions.LockTimeoutRetries"/>, logged as
    /// <see cref="SafeMigrationsEventId.LockTimeoutRetry"/>). A run that had committed work is not retried: it fails
    /// with an <see cref="InvalidOperationException"/> that says so. (EF Core 8 commits each migration in a transaction of
    /// its own: there the migration that timed out rolled back, the ones before it stay applied, and the retry starts
    /// at it.)
    /// </para>
    /// <para>
    /// It replaces EF Core's <c>IMigrator</c> service with one derived from EF Core's own. On PostgreSQL it also
    /// reloads Npgsql's types after migrations that add extensions, enums or ranges, as Npgsql's migrator does.
    /// </para>
    /// </remarks>
    /// <param name="optionsBuilder">The options builder.</param>
    /// <param name="configure">Sets <see cref="SafeMigrationsOptions"/>, for example
    /// <c>o =&gt; o.ApplyContractsImmediately = env.IsDevelopment()</c>.</param>
    /// <returns>The same options builder.</returns>
    public static DbContextOptionsBuilder UseSafeMigrations(
        this DbContextOptionsBuilder optionsBuilder,
        Action<SafeMigrationsOptions>? configure = null)
    {
        if (optionsBuilder is null)
        {
            throw new ArgumentNullException(nameof(optionsBuilder));
        }

        var existing = optionsBuilder.Options.FindExtension<SafeMigrationsOptionsExtension>();
        var options = existing?.Options.Clone() ?? new SafeMigrationsOptions();
        configure?.Invoke(options);
        if (options.LockTimeout is { } timeout && timeout < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(configure), timeout, "LockTimeout cannot be negative.");
        }

        if (options.LockTimeoutRetries < 0 || options.LockTimeoutRetryDelay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(configure), "LockTimeoutRetries and LockTimeoutRetryDelay cannot be negative.");
        }

        ((IDbContextOptionsBuilderInfrastructure)optionsBuilder).AddOrUpdateExtension(new SafeMigrationsOptionsExtension(options));
        return optionsBuilder;
    }

    /// <summary>Holds contract migrations back until their expand step is live. See the non-generic overload.</summary>
    /// <typeparam name="TContext">The context type.</typeparam>
    /// <param name="optionsBuilder">The options builder.</param>
    /// <param name="configure">Sets <see cref="SafeMigrationsOptions"/>.</param>
    /// <returns>The same options builder.</returns>
    public static DbContextOptionsBuilder<TContext> UseSafeMigrations<TContext>(
        this DbContextOptionsBuilder<TContext> optionsBuilder,
        Action<SafeMigrationsOptions>? configure = null)
        where TContext : DbContext
        => (DbContextOptionsBuilder<TContext>)UseSafeMigrations((DbContextOptionsBuilder)optionsBuilder, configure);
}
