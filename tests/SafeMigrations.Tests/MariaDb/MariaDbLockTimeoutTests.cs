using System.Data.Common;
using EFCore.SafeMigrations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging;
using MySqlConnector;
using SafeMigrations.Tests.Infrastructure;
using SafeMigrations.Tests.Scenarios.MariaDbLockTimeout;
using SafeMigrations.TestKit.Databases;
using Xunit.Abstractions;

namespace SafeMigrations.Tests.MariaDb;

/// <summary>
/// UseSafeMigrations() on MariaDB: <c>SET SESSION lock_wait_timeout</c> around each migration's DDL, and a retry when
/// the migration that gave up ran nothing (MySQL has no transactional DDL). Real migrations, run by EF Core's migrator
/// (SafeMigrator) through Oracle's EF Core 10 MySQL provider (Pomelo 9 needs EF Core 9), against a long open
/// transaction that holds a metadata lock on the table and a reader that must not queue behind the waiting ALTER TABLE.
/// </summary>
public sealed class MariaDbLockTimeoutTests(ITestOutputHelper output)
{
    private const int HoldMilliseconds = 3_000;

    [MySqlFact]
    public void A_migration_blocked_by_a_metadata_lock_times_out_retries_without_stalling_readers_and_succeeds()
    {
        using var db = MySqlDatabase.Create("sm_my_lockto");
        var log = new List<string>();
        void Configure(SafeMigrationsOptions o)
        {
            o.LockTimeout = TimeSpan.FromSeconds(1);
            o.LockTimeoutRetries = 10;
            o.LockTimeoutRetryDelay = TimeSpan.FromMilliseconds(200);
        }

        using (var context = Context<MyLockContext>(db, log, Configure))
        {
            context.GetService<IMigrator>().Migrate("20260402000001_Initial");
        }

        Seed(db);
        var commands = new List<string>();
        var (migration, readerMax, retries) = RunBlocked(db, log, () =>
        {
            using var context = Context<MyLockContext>(db, log, Configure, commands);
            context.GetService<IMigrator>().Migrate();
        });

        output.WriteLine($"lock_wait_timeout 1 s: migration {migration} ms, {retries} retries, reader's longest query {readerMax} ms (lock held {HoldMilliseconds} ms)");
        using var connection = db.Open();
        Assert.Equal(1L, Count(connection, "SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'Items' AND COLUMN_NAME = 'Price'"));
        Assert.Equal(1L, Count(connection, "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'Other'"));
        Assert.Equal(3L, Count(connection, "SELECT COUNT(*) FROM `__EFMigrationsHistory`"));
        Assert.Equal(1_000L, Count(connection, "SELECT COUNT(*) FROM `Items`"));

        // Each attempt at AddPrice set the timeout before its ALTER and, when it got through, put the session's back.
        Assert.Contains("SET SESSION lock_wait_timeout = 1;", commands);
        Assert.Contains("SET SESSION lock_wait_timeout = DEFAULT;", commands);
        var alter = commands.FindLastIndex(c => c.Contains("ALTER TABLE `Items` ADD `Price`", StringComparison.Ordinal));
        Assert.True(alter > 0 && commands[alter - 1] == "SET SESSION lock_wait_timeout = 1;", string.Join(" | ", commands));

        // AddOther applied once, before the first timeout: the retries start at AddPrice.
        Assert.Single(commands, c => c.Contains("CREATE TABLE `Other`", StringComparison.Ordinal));
        Assert.InRange(retries, 1, 10);
        Assert.Contains(log, m => m.Contains("SafeMigrations.LockTimeoutRetry", StringComparison.Ordinal) && m.Contains("20260402000003_AddPrice", StringComparison.Ordinal) && m.Contains("lock_wait_timeout 1 s", StringComparison.Ordinal));
        Assert.True(migration >= HoldMilliseconds - 300, $"the migration finished in {migration} ms, before the lock was released");
        Assert.True(readerMax < 1_800, $"a reader waited {readerMax} ms behind the migration");
    }

    [MySqlFact]
    public void Without_a_lock_timeout_the_waiting_ALTER_stalls_readers_for_as_long_as_the_transaction_holds_the_lock()
    {
        using var db = MySqlDatabase.Create("sm_my_nolockto");
        var log = new List<string>();
        using (var context = Context<MyLockContext>(db, log, o => o.LockTimeout = null))
        {
            context.GetService<IMigrator>().Migrate("20260402000001_Initial");
        }

        Seed(db);
        var commands = new List<string>();
        var (migration, readerMax, retries) = RunBlocked(db, log, () =>
        {
            using var context = Context<MyLockContext>(db, log, o => o.LockTimeout = null, commands);
            context.GetService<IMigrator>().Migrate();
        });

        output.WriteLine($"no lock_wait_timeout: migration {migration} ms, reader's longest query {readerMax} ms (lock held {HoldMilliseconds} ms)");
        Assert.Equal(0, retries);
        Assert.DoesNotContain(commands, c => c.Contains("lock_wait_timeout", StringComparison.Ordinal));
        Assert.True(readerMax > 2_000, $"the reader's longest wait was only {readerMax} ms");
    }

    [MySqlFact]
    public void A_migration_that_committed_a_statement_before_it_timed_out_is_not_retried_and_says_so()
    {
        using var db = MySqlDatabase.Create("sm_my_locknort");
        var log = new List<string>();
        void Configure(SafeMigrationsOptions o)
        {
            o.LockTimeout = TimeSpan.FromSeconds(1);
            o.LockTimeoutRetryDelay = TimeSpan.FromMilliseconds(100);
        }

        using (var context = Context<MyCommittedLockContext>(db, log, Configure))
        {
            context.GetService<IMigrator>().Migrate("20260402000001_Initial");
        }

        using var blocker = db.Open();
        using var transaction = blocker.BeginTransaction();
        using (var command = new MySqlCommand("SELECT COUNT(*) FROM `Items`", blocker, transaction))
        {
            command.ExecuteScalar();
        }

        using (var context = Context<MyCommittedLockContext>(db, log, Configure))
        {
            var e = Assert.Throws<InvalidOperationException>(() => context.GetService<IMigrator>().Migrate());
            output.WriteLine(e.Message);
            Assert.Contains("after some of its statements had run", e.Message);
            Assert.Contains("20260402000002_CreateThenAddPrice", e.Message);
            Assert.Contains("lock_wait_timeout 1 s", e.Message);
            Assert.Equal(1205, Assert.IsAssignableFrom<DbException>(e.InnerException!.GetBaseException()).GetType().GetProperty("Number")!.GetValue(e.InnerException!.GetBaseException()));
        }

        transaction.Rollback();
        Assert.DoesNotContain(log, m => m.Contains("SafeMigrations.LockTimeoutRetry", StringComparison.Ordinal));
        using var connection = db.Open();
        Assert.Equal(0L, Count(connection, "SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'Items' AND COLUMN_NAME = 'Price'"));
        Assert.Equal(1L, Count(connection, "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'CommittedBefore'"));
        Assert.Equal(1L, Count(connection, "SELECT COUNT(*) FROM `__EFMigrationsHistory`"));

        // The session the migrator used kept no timeout: the pool hands out sessions with the server's default.
        Assert.Equal(Count(connection, "SELECT @@GLOBAL.lock_wait_timeout"), Count(connection, "SELECT @@SESSION.lock_wait_timeout"));
    }

    [MySqlFact]
    public void A_command_of_several_statements_that_timed_out_after_the_first_committed_is_not_retried()
    {
        var names = RunMarkThenAddPrice<MyOneCommandContext>("sm_my_lockmulti", o =>
        {
            o.LockTimeout = TimeSpan.FromSeconds(1);
            o.LockTimeoutRetryDelay = TimeSpan.FromMilliseconds(100);
        });

        // One mark each: the UPDATE committed once, and the migration was not run again.
        Assert.All(names, n => Assert.Matches("^n[0-9]+\\+$", n));
    }

    [MySqlFact]
    public void With_LockTimeout_off_a_lock_wait_timeout_of_the_server_is_not_retried()
    {
        var names = RunMarkThenAddPrice<MyServerTimeoutContext>("sm_my_locknone", o => o.LockTimeout = null);
        Assert.All(names, n => Assert.Matches("^n[0-9]+\\+$", n));
    }

    /// <summary>
    /// Applies Initial and seeds Items, then runs the migration that marks every name and adds Price while a transaction
    /// holds Items: it must fail with 1205, log no retry, and leave each name marked once. Returns the names.
    /// </summary>
    private List<string> RunMarkThenAddPrice<TContext>(string prefix, Action<SafeMigrationsOptions> configure)
        where TContext : DbContext
    {
        using var db = MySqlDatabase.Create(prefix);
        var log = new List<string>();
        using (var context = Context<TContext>(db, log, configure))
        {
            context.GetService<IMigrator>().Migrate("20260402000001_Initial");
        }

        Seed(db);
        using (var blocker = db.Open())
        using (var transaction = blocker.BeginTransaction())
        {
            using (var command = new MySqlCommand("SELECT COUNT(*) FROM `Items`", blocker, transaction))
            {
                command.ExecuteScalar();
            }

            using var context = Context<TContext>(db, log, configure);
            var e = Assert.ThrowsAny<Exception>(() => context.GetService<IMigrator>().Migrate());
            output.WriteLine(e.Message);
            var failure = e.GetBaseException();
            Assert.Equal(1205, failure.GetType().GetProperty("Number")?.GetValue(failure));
            transaction.Rollback();
        }

        MySqlConnection.ClearAllPools(); // The migration's own SET SESSION stays with its pooled session.
        Assert.DoesNotContain(log, m => m.Contains("SafeMigrations.LockTimeoutRetry", StringComparison.Ordinal));
        using var connection = db.Open();
        using var read = new MySqlCommand("SELECT `Name` FROM `Items`", connection);
        using var reader = read.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        Assert.Equal(1_000, names.Count);
        return names;
    }

    private static void Seed(MySqlDatabase db)
    {
        using var connection = db.Open();
        using var command = new MySqlCommand("INSERT INTO `Items` (`Name`) SELECT CONCAT('n', seq) FROM seq_1_to_1000", connection);
        command.ExecuteNonQuery();
    }

    private static long Count(MySqlConnection connection, string sql)
    {
        using var command = new MySqlCommand(sql, connection);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Holds a metadata lock on Items (an open transaction that read it) for <see cref="HoldMilliseconds"/>, runs the
    /// migration meanwhile, and reads Items in a loop; returns the migration's duration, the reader's longest query and
    /// the retries.
    /// </summary>
    private static (long Migration, long ReaderMax, int Retries) RunBlocked(MySqlDatabase db, List<string> log, Action migrate) =>
        BlockedMigration.Run(db.Open, "SELECT COUNT(*) FROM `Items`", HoldMilliseconds, log, migrate);

    private static TContext Context<TContext>(MySqlDatabase db, List<string> log, Action<SafeMigrationsOptions> configure, List<string>? commands = null)
        where TContext : DbContext
    {
        var options = new DbContextOptionsBuilder<TContext>()
            .UseMySQL(db.ConnectionString)
            .UseSafeMigrations(configure)
            .AddInterceptors(new OracleProviderOnMariaDb(commands))
            .LogTo(m => { lock (log) { log.Add(m); } }, [DbLoggerCategory.Migrations.Name], LogLevel.Information)
            .ConfigureWarnings(w => w.Ignore(CoreEventId.ManyServiceProvidersCreatedWarning, RelationalEventId.PendingModelChangesWarning))
            .Options;
        return (TContext)Activator.CreateInstance(typeof(TContext), options)!;
    }

    /// <summary>
    /// Two differences between MySQL and MariaDB that break Oracle's provider's migrations lock on MariaDB, fixed on the
    /// wire: MariaDB's <c>GET_LOCK</c> returns NULL for a negative (infinite) timeout, and an <c>int</c> where the
    /// provider casts to <c>long</c>. Also records every command text the migrator sends, when asked to.
    /// </summary>
    private sealed class OracleProviderOnMariaDb(List<string>? commands) : DbCommandInterceptor
    {
        public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
        {
            command.CommandText = command.CommandText.Replace("GET_LOCK('__EFMigrationsLock',-1)", "GET_LOCK('__EFMigrationsLock',31536000)", StringComparison.Ordinal);
            return result;
        }

        public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
            => result is int value && command.CommandText.Contains("_LOCK('__EFMigrationsLock'", StringComparison.Ordinal) ? (long)value : result;

        public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
        {
            if (commands is not null)
            {
                lock (commands)
                {
                    commands.Add(command.CommandText.Trim());
                }
            }

            return result;
        }
    }
}
