using System.Data.Common;
using EFCore.SafeMigrations;
using EFCore.SafeMigrations.Internal;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using SafeMigrations.Tests.Infrastructure;
using SafeMigrations.Tests.Scenarios.SqlServerLockTimeout;

namespace SafeMigrations.Tests;

/// <summary>
/// The lock timeout statements SafeMigrator puts around a migration's commands, checked as text for SQL Server (no
/// server here; the statements parsed by SQL Server's own T-SQL parser), and the error numbers it retries on.
/// </summary>
public sealed class LockTimeoutSqlTests
{
    private static MsLockContext SqlServerContext(Action<SafeMigrationsOptions> configure)
        => SqlServerScriptContext.Create<MsLockContext>(configure);

    private static IReadOnlyList<MigrationCommand> UpCommands(DbContext context)
    {
        var migrator = Assert.IsType<SafeMigrator>(context.GetService<IMigrator>());
        var migration = new MsMixedMigration { ActiveProvider = context.Database.ProviderName! };
        return migrator.GenerateUpSqlAsInRun(migration);
    }

    [Fact]
    public void SQL_Server_sets_LOCK_TIMEOUT_before_each_transactional_part_of_a_migration_and_puts_it_back_after()
    {
        using var context = SqlServerContext(o => o.LockTimeout = TimeSpan.FromMilliseconds(2_500));
        var commands = UpCommands(context);
        var texts = commands.Select(c => c.CommandText.Trim()).ToList();

        // The timeout covers the transactional commands only: put back before the command outside the transaction
        // (a batched backfill bounds each batch's row-lock wait itself) and after the migration's last command
        // (EF Core's history row INSERT, outside the transaction too in a migration that has such a command).
        Assert.Equal(8, texts.Count);
        Assert.Equal("SET LOCK_TIMEOUT 2500;", texts[0]);
        Assert.StartsWith("ALTER TABLE [Items] ADD [Price] int NULL", texts[1]);
        Assert.Equal("SET LOCK_TIMEOUT -1;", texts[2]);
        Assert.StartsWith("UPDATE [Items] SET [Price] = 0", texts[3]);
        Assert.Equal("SET LOCK_TIMEOUT 2500;", texts[4]);
        Assert.StartsWith("ALTER TABLE [Items] ADD [Cost] int NULL", texts[5]);
        Assert.Equal("SET LOCK_TIMEOUT -1;", texts[6]);
        Assert.StartsWith("INSERT INTO [__EFMigrationsHistory]", texts[7]);
        Assert.Equal([false, false, false, true, false, false, false, true], commands.Select(c => c.TransactionSuppressed));

        foreach (var text in texts)
        {
            var fragment = SqlGenerationTests.ParseTSql(text);
            if (text.StartsWith("SET LOCK_TIMEOUT", StringComparison.Ordinal))
            {
                var statement = Assert.Single(Assert.Single(fragment.Batches).Statements);
                Assert.IsType<SetCommandStatement>(statement);
            }
        }
    }

    /// <summary>
    /// The SQL Server backfill bounds each batch's lock wait itself, so by default it runs without EF's client timeout (30 s
    /// unless the context sets one, which cancelled any backfill of a larger table); SQL Server's other commands outside the
    /// transaction keep the context's, unless the user sets OutsideTransactionCommandTimeout.
    /// </summary>
    [Fact]
    public void SQL_Server_runs_the_backfill_without_a_client_timeout_and_other_commands_outside_the_transaction_with_the_context_s()
    {
        static List<(string Text, int? Timeout)> Commands(Action<SafeMigrationsOptions> configure)
        {
            using var context = SqlServerContext(configure);
            var migrator = Assert.IsType<SafeMigrator>(context.GetService<IMigrator>());
            return migrator.GenerateUpSqlAsInRun(new MsBackfillMigration { ActiveProvider = context.Database.ProviderName! })
                .Select(c => (c.CommandText, SafeMigrator.ClientTimeoutOf(c))).ToList();
        }

        var byDefault = Commands(_ => { });
        Assert.Equal(0, Assert.Single(byDefault, c => c.Text.Contains("WHILE @rows", StringComparison.Ordinal)).Timeout);
        Assert.Null(Assert.Single(byDefault, c => c.Text.Contains("[Cost] = 0", StringComparison.Ordinal)).Timeout);

        var set = Commands(o => o.OutsideTransactionCommandTimeout = TimeSpan.FromMinutes(5));
        Assert.Equal(300, Assert.Single(set, c => c.Text.Contains("WHILE @rows", StringComparison.Ordinal)).Timeout);
        Assert.Equal(300, Assert.Single(set, c => c.Text.Contains("[Cost] = 0", StringComparison.Ordinal)).Timeout);

        var kept = Commands(o => o.OutsideTransactionCommandTimeout = null);
        Assert.All(kept, c => Assert.Null(c.Timeout));
    }

    [Fact]
    public void SQL_Server_without_a_lock_timeout_or_in_a_script_gets_no_LOCK_TIMEOUT()
    {
        using (var context = SqlServerContext(o => o.LockTimeout = null))
        {
            Assert.DoesNotContain(UpCommands(context), c => c.CommandText.Contains("LOCK_TIMEOUT", StringComparison.Ordinal));
        }

        using (var context = SqlServerContext(_ => { }))
        {
            // A script cannot know the session it runs in: no timeout, as on PostgreSQL.
            var script = context.GetService<IMigrator>().GenerateScript();
            Assert.Contains("ALTER TABLE [Items] ADD [Cost] int NULL", script);
            Assert.DoesNotContain("LOCK_TIMEOUT", script);

            // The default: 5 s.
            Assert.Equal("SET LOCK_TIMEOUT 5000;", UpCommands(context)[0].CommandText.Trim());
        }
    }

    [Theory]
    [InlineData("Pomelo.EntityFrameworkCore.MySql")]
    [InlineData("MySql.EntityFrameworkCore")]
    public void MySQL_rounds_the_timeout_up_to_whole_seconds_and_puts_the_session_default_back(string provider)
    {
        // Only the provider name matters to SafeMigrator's statements; Oracle's provider stands in for Pomelo's.
        using var context = new MsLockContext(new DbContextOptionsBuilder<MsLockContext>()
            .UseMySQL("Server=127.0.0.1;Port=1;Database=unused;User ID=unused;Password=unused")
            .UseSafeMigrations(o => o.LockTimeout = TimeSpan.FromMilliseconds(1_200))
            .ConfigureWarnings(w => w.Ignore(CoreEventId.ManyServiceProvidersCreatedWarning))
            .Options);
        var migrator = Assert.IsType<SafeMigrator>(context.GetService<IMigrator>());
        var commands = migrator.GenerateUpSqlAsInRun(new MsMixedMigration { ActiveProvider = provider });
        var texts = commands.Select(c => c.CommandText.Trim()).ToList();
        Assert.Equal("SET SESSION lock_wait_timeout = 2;", texts[0]);
        Assert.Equal("SET SESSION lock_wait_timeout = DEFAULT;", texts[2]);
        Assert.Equal("SET SESSION lock_wait_timeout = 2;", texts[4]);
        Assert.Equal("SET SESSION lock_wait_timeout = DEFAULT;", texts[6]);
        Assert.StartsWith("INSERT INTO `__EFMigrationsHistory`", texts[7]);
        Assert.Equal(8, texts.Count);
    }

    [Fact]
    public void The_error_numbers_are_read_from_SqlException_and_both_MySqlExceptions()
    {
        // SafeMigrator reads a public int Number without referencing the client libraries; these are its sources.
        Assert.Equal(typeof(int), typeof(Microsoft.Data.SqlClient.SqlException).GetProperty("Number")!.PropertyType);
        Assert.Equal(typeof(int), typeof(MySqlConnector.MySqlException).GetProperty("Number")!.PropertyType);
        Assert.Equal(typeof(int), typeof(MySql.Data.MySqlClient.MySqlException).GetProperty("Number")!.PropertyType);
        Assert.Equal(1222, SafeMigrator.ErrorNumber(new NumberedException(1222)));
        Assert.Null(SafeMigrator.ErrorNumber(new NumberlessException()));
    }

    private sealed class NumberedException(int number) : DbException("lock request time out period exceeded")
    {
        public int Number { get; } = number;
    }

    private sealed class NumberlessException() : DbException("no number");
}
