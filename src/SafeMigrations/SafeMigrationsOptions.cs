using System;

namespace EFCore.SafeMigrations;

/// <summary>Settings of <see cref="SafeMigrationsDbContextOptionsBuilderExtensions.UseSafeMigrations(Microsoft.EntityFrameworkCore.DbContextOptionsBuilder, System.Action{SafeMigrationsOptions}?)"/>.</summary>
public sealed class SafeMigrationsOptions
{
    /// <summary>
    /// Apply a contract migration (<see cref="ContractOfAttribute"/>) in the same run as its expand migration,
    /// as EF Core does without this package. Meant for local development and tests, where no old app version
    /// runs. Default <see langword="false"/>: the contract waits for the next run.
    /// </summary>
    public bool ApplyContractsImmediately { get; set; }

    /// <summary>
    /// This deployment's identity: a release number, a build or commit id, an image tag, the same for every instance and
    /// restart of one release and different for the next. With it, a contract migration waits for a run of another
    /// deployment than the one that applied its expand migration. Without it, the contract applies in the first run after
    /// the one that applied its expand migration, which, where every replica migrates at startup or an instance restarts,
    /// is a run of the same deployment, while instances of the previous app version may still be running. The expand
    /// migration's history row records a hash of it (its ProductVersion becomes, say, <c>10.0.15+sm.1a2b3c4d</c>); an
    /// expand migration applied without one (or by a script) counts as another deployment's. Every process that migrates
    /// the database (the app, a bundle, a worker) must set the same id for one release: one without it applies the
    /// contract at once; an id that stays the same across releases ("prod") defers it for good. Blank counts as unset.
    /// Default <see langword="null"/>.
    /// </summary>
    public string? DeploymentId { get; set; }

    /// <summary>
    /// The longest a migration's DDL waits for a lock, set before the migration's transactional commands: PostgreSQL
    /// <c>SET LOCAL lock_timeout</c>; SQL Server <c>SET LOCK_TIMEOUT</c> (milliseconds, put back to -1 after the
    /// migration); MySQL and MariaDB <c>SET SESSION lock_wait_timeout</c> (rounded up to whole seconds, put back to the
    /// server's default after the migration). A DDL statement that waits for its lock queues every later query on the
    /// table behind it; with a timeout it gives up instead, and the run is retried (see <see cref="LockTimeoutRetries"/>).
    /// Default 5 seconds; <see langword="null"/> or <see cref="TimeSpan.Zero"/> turns it off. Commands that run outside
    /// the transaction (<c>suppressTransaction</c>: concurrent index builds, batched backfills) get no timeout. SQLite and
    /// other providers: not applied. Not in SQL scripts.
    /// </summary>
    public TimeSpan? LockTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How many times a run that hit <see cref="LockTimeout"/> is started again, when all it did was in one transaction
    /// that rolled back whole (PostgreSQL, SQL Server). A run that had already committed work (a migration with a command
    /// outside the transaction) is not retried: it fails with an <see cref="InvalidOperationException"/> that says so.
    /// MySQL and MariaDB commit each DDL statement, so there a run is retried only when the migration that gave up had
    /// run none of its statements and the history shows every migration before it in the run as applied; it starts
    /// again at that migration. Default 3.
    /// </summary>
    public int LockTimeoutRetries { get; set; } = 3;

    /// <summary>The wait before the first retry after a lock timeout; it doubles for each further retry. Default 2 seconds.</summary>
    public TimeSpan LockTimeoutRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The client-side command timeout of the commands that run outside the migration's transaction
    /// (<c>suppressTransaction</c>: the batched backfills, concurrent index builds, <c>SetNotNullSafely</c>'s validation).
    /// They take as long as the table is big, and EF's command timeout (the context's <c>CommandTimeout</c>, 30 seconds
    /// unless set) would cancel them half way: a backfill that starts over on every run, or an index build that leaves an
    /// INVALID index behind. Default <see cref="TimeSpan.Zero"/>: no limit. <see langword="null"/> keeps the context's
    /// timeout. The transaction's commands keep the context's timeout. A server-side limit (PostgreSQL's
    /// <c>statement_timeout</c> of the role or database) still applies. Left at its default, it applies on PostgreSQL and
    /// MySQL/MariaDB, where a batch's wait for a row lock is bounded (the backfill's own lock timeout;
    /// <c>innodb_lock_wait_timeout</c>), and to SQL Server's backfill, which bounds its batches' waits itself (LOCK_TIMEOUT);
    /// SQL Server's other commands outside the transaction and SQLite's keep the context's timeout (their lock waits have no
    /// bound of their own). Set, it applies on every provider.
    /// </summary>
    public TimeSpan? OutsideTransactionCommandTimeout
    {
        get => outsideTransactionCommandTimeout;
        set
        {
            outsideTransactionCommandTimeout = value;
            IsOutsideTransactionCommandTimeoutSet = true;
        }
    }

    private TimeSpan? outsideTransactionCommandTimeout = TimeSpan.Zero;

    /// <summary>Whether <see cref="OutsideTransactionCommandTimeout"/> was set: then it applies on every provider.</summary>
    internal bool IsOutsideTransactionCommandTimeoutSet { get; private set; }

    internal SafeMigrationsOptions Clone() => (SafeMigrationsOptions)MemberwiseClone();
}
