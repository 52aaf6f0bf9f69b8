using EFCore.SafeMigrations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;
using SafeMigrations.Tests.Infrastructure;
using SafeMigrations.Tests.Scenarios.LockTimeout;
using SafeMigrations.TestKit.Databases;
using Xunit.Abstractions;

namespace SafeMigrations.Tests;

/// <summary>
/// UseSafeMigrations() on PostgreSQL: lock_timeout around each migration's DDL, and retries of a run that rolled back
/// whole, proven with a long open transaction that holds a lock on the table and a reader that must not queue behind
/// the waiting ALTER TABLE.
/// </summary>
public sealed class LockTimeoutTests(ITestOutputHelper output)
{
    private const int HoldMilliseconds = 3_000;

    [PostgresFact]
    public void A_migration_blocked_by_a_long_transaction_times_out_retries_without_stalling_readers_and_succeeds()
    {
        using var db = TestDatabase.Create(Db.Postgres, "sm_locktimeout");
        var log = new List<string>();
        using (var context = Context<LockContext>(db, log, o => { o.LockTimeout = TimeSpan.FromMilliseconds(500); o.LockTimeoutRetries = 10; o.LockTimeoutRetryDelay = TimeSpan.FromMilliseconds(200); }))
        {
            TestDatabase.Migrate(context, "20260401000001_Initial");
        }

        db.Exec("INSERT INTO \"Items\" (\"Name\") SELECT 'n' || i FROM generate_series(1, 1000) AS s(i)");
        var (migration, readerMax, retries) = RunBlocked(db, log, () =>
        {
            using var context = Context<LockContext>(db, log, o => { o.LockTimeout = TimeSpan.FromMilliseconds(500); o.LockTimeoutRetries = 10; o.LockTimeoutRetryDelay = TimeSpan.FromMilliseconds(200); });
            TestDatabase.Migrate(context);
        });

        output.WriteLine($"lock_timeout 500 ms: migration {migration} ms, {retries} retries, reader's longest query {readerMax} ms (lock held {HoldMilliseconds} ms)");
        Assert.True(db.ColumnExists("Items", "Price"));
        Assert.InRange(retries, 2, 10);
        Assert.Contains(log, m => m.Contains("SafeMigrations.LockTimeoutRetry", StringComparison.Ordinal) && m.Contains("20260401000002_AddPrice", StringComparison.Ordinal));
        Assert.True(migration >= HoldMilliseconds - 200, $"the migration finished in {migration} ms, before the lock was released");
        Assert.True(readerMax < 1_300, $"a reader waited {readerMax} ms behind the migration");
    }

    [PostgresFact]
    public void Without_a_lock_timeout_the_waiting_ALTER_stalls_readers_for_as_long_as_the_transaction_holds_the_lock()
    {
        using var db = TestDatabase.Create(Db.Postgres, "sm_nolocktimeout");
        var log = new List<string>();
        using (var context = Context<LockContext>(db, log, o => o.LockTimeout = null))
        {
            TestDatabase.Migrate(context, "20260401000001_Initial");
        }

        var (migration, readerMax, retries) = RunBlocked(db, log, () =>
        {
            using var context = Context<LockContext>(db, log, o => o.LockTimeout = null);
            TestDatabase.Migrate(context);
        });

        output.WriteLine($"no lock_timeout: migration {migration} ms, reader's longest query {readerMax} ms (lock held {HoldMilliseconds} ms)");
        Assert.Equal(0, retries);
        Assert.True(readerMax > 2_000, $"the reader's longest wait was only {readerMax} ms");
    }

    [PostgresFact]
    public void A_run_that_committed_work_outside_its_transaction_is_not_retried_and_says_so()
    {
        using var db = TestDatabase.Create(Db.Postgres, "sm_locknontx");
        var log = new List<string>();
        void Configure(SafeMigrationsOptions o)
        {
            o.LockTimeout = TimeSpan.FromMilliseconds(300);
            o.LockTimeoutRetryDelay = TimeSpan.FromMilliseconds(100);
        }

        using (var context = Context<NonTransactionalLockContext>(db, log, Configure))
        {
            TestDatabase.Migrate(context, "20260401000001_Initial");
        }

        using var blocker = new NpgsqlConnection(db.ConnectionString);
        blocker.Open();
        using var transaction = blocker.BeginTransaction();
        using (var command = new NpgsqlCommand("SELECT count(*) FROM \"Items\"", blocker, transaction))
        {
            command.ExecuteScalar();
        }

        using (var context = Context<NonTransactionalLockContext>(db, log, Configure))
        {
            var e = Assert.Throws<InvalidOperationException>(() => TestDatabase.Migrate(context));
            Assert.Contains("had already committed work outside its transaction", e.Message);
            Assert.Contains("20260401000002_AddPrice", e.Message);
            Assert.Equal("55P03", Assert.IsAssignableFrom<PostgresException>(e.InnerException!.GetBaseException()).SqlState);
        }

        transaction.Rollback();
        Assert.DoesNotContain(log, m => m.Contains("SafeMigrations.LockTimeoutRetry", StringComparison.Ordinal));
        Assert.False(db.ColumnExists("Items", "Price"));
        Assert.Equal(1L, db.Scalar("SELECT count(*) FROM pg_class WHERE relname = 'CommittedOutside'"));
    }

    /// <summary>
    /// The message after the last retry says what the run left applied. EF Core 8 and 10 commit each migration in a
    /// transaction of its own (the migration before the one that gave up stays applied); EF Core 9 runs them in one.
    /// </summary>
    [PostgresFact]
    public void The_failure_after_the_last_retry_says_which_migrations_stay_applied()
    {
        using var db = TestDatabase.Create(Db.Postgres, "sm_lockrunstate");
        db.Exec("CREATE TABLE \"Held\" (\"Id\" integer)");
        using var blocker = new NpgsqlConnection(db.ConnectionString);
        blocker.Open();
        using var transaction = blocker.BeginTransaction();
        using (var command = new NpgsqlCommand("SELECT count(*) FROM \"Held\"", blocker, transaction))
        {
            command.ExecuteScalar();
        }

        using (var context = Context<Scenarios.LockTimeoutRun.TwoStepContext>(db, [], o => { o.LockTimeout = TimeSpan.FromMilliseconds(300); o.LockTimeoutRetries = 0; }))
        {
            var e = Assert.Throws<InvalidOperationException>(() => TestDatabase.Migrate(context));
            transaction.Rollback();
            var applied = TestDatabase.Applied(context);
            var efMajor = typeof(DbContext).Assembly.GetName().Version!.Major;
            if (efMajor == 9)
            {
                Assert.Empty(applied);
                Assert.Contains("nothing was applied (the run rolled back whole)", e.Message);
            }
            else
            {
                Assert.Equal(["20260801000001_First"], applied);
                Assert.Contains("the migrations before it in this run stay applied", e.Message);
            }
        }
    }

    /// <summary>
    /// Holds an ACCESS SHARE lock on Items in an open transaction for <see cref="HoldMilliseconds"/>, runs the migration
    /// meanwhile, and reads Items in a loop; returns the migration's duration, the reader's longest query and the retries.
    /// </summary>
    private static (long Migration, long ReaderMax, int Retries) RunBlocked(TestDatabase db, List<string> log, Action migrate) =>
        BlockedMigration.Run(db.Open, "SELECT count(*) FROM \"Items\"", HoldMilliseconds, log, migrate);

    private static TContext Context<TContext>(TestDatabase db, List<string> log, Action<SafeMigrationsOptions> configure)
        where TContext : DbContext
    {
        var options = new DbContextOptionsBuilder<TContext>()
            .UseNpgsql(db.ConnectionString)
            .UseSafeMigrations(configure)
            .LogTo(m => { lock (log) { log.Add(m); } }, [DbLoggerCategory.Migrations.Name], LogLevel.Information)
            .ConfigureWarnings(w => w.Ignore(CoreEventId.ManyServiceProvidersCreatedWarning))
            .Options;
        return (TContext)Activator.CreateInstance(typeof(TContext), options)!;
    }
}
