using System.Data.Common;
using EFCore.SafeMigrations;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using SafeMigrations.Tests.Infrastructure;
using SafeMigrations.Tests.Scenarios.SqliteRebuild;

namespace SafeMigrations.Tests;

/// <summary>
/// EF rebuilds a SQLite table in two transactions: the copy commits, <c>PRAGMA foreign_keys = 0</c> runs outside any
/// transaction, and the drop and rename run in a second one. A row the app writes in between lands in the old table and
/// is dropped with it. Each test writes a row from another connection (the app, with a busy timeout of a second) at
/// each point of the rebuild: before the pragma and before the drop. Under <c>UseSafeMigrations()</c> the rebuild is one
/// transaction: a write either lands before the copy (and is copied) or waits for the commit (here it times out and is
/// retried after), and no write that succeeded is lost.
/// </summary>
public sealed class SqliteRebuildTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task No_row_written_during_a_rebuild_is_lost(bool async)
    {
        using var db = TestDatabase.Create(Db.Sqlite, "sm_rebuild");
        var app = new AppWrites(db.ConnectionString);
        using (var context = Context(db, app, safeMigrations: true))
        {
            context.GetService<IMigrator>().Migrate("20260501000001_Initial");
            Seed(db);
            if (async)
            {
                await context.Database.MigrateAsync();
            }
            else
            {
                context.Database.Migrate();
            }
        }

        Assert.Equal(2, app.Attempted.Count);
        foreach (var name in app.Attempted.Except(app.Succeeded))
        {
            db.Exec($"INSERT INTO \"Customers\" (\"Name\") VALUES ('{name}')"); // The app's retry.
        }

        Assert.Equal(52L, Convert.ToInt64(db.Scalar("SELECT count(*) FROM \"Customers\"")));
        Assert.All(app.Attempted, name => Assert.Equal(1L, Convert.ToInt64(db.Scalar($"SELECT count(*) FROM \"Customers\" WHERE \"Name\" = '{name}'"))));
        Assert.False(db.ColumnExists("Customers", "Note"));
    }

    /// <summary>The same run without <c>UseSafeMigrations()</c>: EF's own order takes the write after the copy, and the drop loses it.</summary>
    [Fact]
    public void Without_UseSafeMigrations_a_row_written_after_the_copy_is_lost()
    {
        using var db = TestDatabase.Create(Db.Sqlite, "sm_rebuild_plain");
        var app = new AppWrites(db.ConnectionString);
        using (var context = Context(db, app, safeMigrations: false))
        {
            context.GetService<IMigrator>().Migrate("20260501000001_Initial");
            Seed(db);
            context.Database.Migrate();
        }

        Assert.Contains(AppWrites.AtPragma, app.Succeeded);
        Assert.Equal(0L, Convert.ToInt64(db.Scalar($"SELECT count(*) FROM \"Customers\" WHERE \"Name\" = '{AppWrites.AtPragma}'")));
    }

    /// <summary>A script holds the same order: one transaction from the copy to the history row, between the two pragmas.</summary>
    [Fact]
    public void The_rebuild_and_its_history_row_run_in_one_transaction_between_the_pragmas()
    {
        using var db = TestDatabase.Create(Db.Sqlite, "sm_rebuild_script");
        using var context = Context(db, app: null, safeMigrations: true);
        var script = context.GetService<IMigrator>().GenerateScript("20260501000001_Initial", "20260501000002_DropNote");

        var disable = script.IndexOf("PRAGMA foreign_keys = 0", StringComparison.Ordinal);
        var begin = script.IndexOf("BEGIN TRANSACTION", StringComparison.Ordinal);
        var copy = script.IndexOf("INSERT INTO \"ef_temp_Customers\"", StringComparison.Ordinal);
        var drop = script.IndexOf("DROP TABLE \"Customers\"", StringComparison.Ordinal);
        var history = script.IndexOf("INSERT INTO \"__EFMigrationsHistory\"", StringComparison.Ordinal);
        var commit = script.IndexOf("COMMIT", StringComparison.Ordinal);
        var enable = script.IndexOf("PRAGMA foreign_keys = 1", StringComparison.Ordinal);
        Assert.True(disable >= 0 && disable < begin && begin < copy && copy < drop && drop < history && history < commit && commit < enable, script);
        Assert.Equal(1, System.Text.RegularExpressions.Regex.Count(script, "BEGIN TRANSACTION"));
    }

    /// <summary>
    /// Foreign keys are off for whatever runs between the pragmas, so a migration whose other commands change data keeps
    /// EF's order: its DELETE runs with foreign keys on, and the children cascade as they do without UseSafeMigrations().
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_migration_that_also_deletes_rows_keeps_the_cascades_foreign_keys_make(bool safeMigrations)
    {
        using var db = TestDatabase.Create(Db.Sqlite, "sm_rebuild_fk");
        var builder = new DbContextOptionsBuilder<RebuildWithDeleteContext>().UseSqlite(db.ConnectionString)
            .ConfigureWarnings(w => w.Ignore(CoreEventId.ManyServiceProvidersCreatedWarning));
        if (safeMigrations)
        {
            builder.UseSafeMigrations();
        }

        using var context = new RebuildWithDeleteContext(builder.Options);
        context.GetService<IMigrator>().Migrate("20260501000001_Initial");
        db.Exec("CREATE TABLE \"Parents\" (\"Id\" INTEGER PRIMARY KEY)");
        db.Exec("CREATE TABLE \"Children\" (\"Id\" INTEGER PRIMARY KEY, \"ParentId\" INTEGER NOT NULL REFERENCES \"Parents\" (\"Id\") ON DELETE CASCADE)");
        db.Exec("INSERT INTO \"Parents\" VALUES (1), (2)");
        db.Exec("INSERT INTO \"Children\" VALUES (10, 1), (11, 1), (20, 2)");
        Seed(db);

        context.Database.Migrate();

        Assert.False(db.ColumnExists("Customers", "Note"));
        Assert.Equal(1L, Convert.ToInt64(db.Scalar("SELECT count(*) FROM \"Children\"")));
        Assert.Equal(0L, Convert.ToInt64(db.Scalar("SELECT count(*) FROM \"Children\" WHERE \"ParentId\" NOT IN (SELECT \"Id\" FROM \"Parents\")")));
    }

    private static RebuildContext Context(TestDatabase db, AppWrites? app, bool safeMigrations)
    {
        var builder = new DbContextOptionsBuilder<RebuildContext>().UseSqlite(db.ConnectionString)
            .ConfigureWarnings(w => w.Ignore(CoreEventId.ManyServiceProvidersCreatedWarning));
        if (safeMigrations)
        {
            builder.UseSafeMigrations();
        }

        if (app is not null)
        {
            builder.AddInterceptors(app);
        }

        return new RebuildContext(builder.Options);
    }

    private static void Seed(TestDatabase db)
    {
        for (var i = 0; i < 50; i++)
        {
            db.Exec($"INSERT INTO \"Customers\" (\"Name\", \"Note\") VALUES ('c{i}', 'n{i}')");
        }
    }

    /// <summary>
    /// The app: before the migration's <c>PRAGMA foreign_keys = 0</c> and before its drop of the old table, another
    /// connection inserts a row, waiting at most a second for SQLite's write lock.
    /// </summary>
    private sealed class AppWrites(string connectionString) : DbCommandInterceptor
    {
        public const string AtPragma = "written before the pragma";
        public const string AtDrop = "written before the drop";

        public List<string> Attempted { get; } = [];

        public List<string> Succeeded { get; } = [];

        public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
        {
            Write(command);
            return result;
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Write(command);
            return ValueTask.FromResult(result);
        }

        private void Write(DbCommand command)
        {
            var name = command.CommandText.Contains("PRAGMA foreign_keys = 0", StringComparison.Ordinal) ? AtPragma
                : command.CommandText.Contains("DROP TABLE \"Customers\"", StringComparison.Ordinal) ? AtDrop
                : null;
            if (name is null || Attempted.Contains(name))
            {
                return;
            }

            Attempted.Add(name);
            using var app = new SqliteConnection(connectionString + ";Default Timeout=1");
            app.Open();
            using var insert = app.CreateCommand();
            insert.CommandText = $"INSERT INTO \"Customers\" (\"Name\") VALUES ('{name}')";
            try
            {
                insert.ExecuteNonQuery();
                Succeeded.Add(name);
            }
            catch (SqliteException exception) when (exception.SqliteErrorCode is 5 or 6)
            {
                // SQLITE_BUSY or SQLITE_LOCKED: the migration holds the write lock; the app retries later.
            }
        }
    }
}
