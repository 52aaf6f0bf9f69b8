using System.Collections.Concurrent;
using EFCore.SafeMigrations;
using MySqlConnector;
using SafeMigrations.TestKit.Databases;
using Xunit.Abstractions;

namespace SafeMigrations.Tests.MariaDb;

/// <summary>
/// The MySQL backfill's walk by primary key (Pomelo): each batch a range of the clustered index, so a table is read about
/// once, where the <c>UPDATE ... LIMIT n</c> sweep alone reads it from the start in every batch. Real MariaDB, real rows.
/// </summary>
public sealed class MariaDbBackfillWalkTests(ITestOutputHelper output)
{
    private const int Rows = 20_000;
    private const int BatchSize = 500;
    private const string OracleProvider = "MySql.EntityFrameworkCore";

    private static MariaDbDatabase WithItems(string prefix, string key = "`Id` int NOT NULL AUTO_INCREMENT PRIMARY KEY")
    {
        var db = MariaDbDatabase.Create(prefix);
        db.Exec($"CREATE TABLE `Items` ({key}, `Code` int NOT NULL, `CodeText` varchar(50) NULL, `Pad` varchar(200) NOT NULL DEFAULT 'p')");
        db.Seed("Items", "`Code`", i => i.ToString(System.Globalization.CultureInfo.InvariantCulture), Rows);
        return db;
    }

    /// <summary>
    /// The rows the backfill reads, counted by the server (Handler_read_*): with the walk about three passes over the table
    /// (the keys, the batches' ranges, the sweep's final scan); without it, Oracle's provider's sweep alone, every batch read
    /// from the start: about rows² / (2 n). Both fill every row.
    /// </summary>
    [MySqlFact]
    public void Backfill_reads_the_table_about_once_with_the_walk_and_from_the_start_in_every_batch_without()
    {
        long Read(string provider)
        {
            using var db = WithItems("sm_my_walk");
            var before = db.RowsRead();
            db.Apply(b => b.BackfillInBatches("Items", "`CodeText` = CONCAT('#', `Code`)", "`CodeText` IS NULL", batchSize: BatchSize), provider);
            var read = db.RowsRead() - before;
            Assert.Equal(Rows, db.Count("SELECT COUNT(*) FROM `Items` WHERE `CodeText` = CONCAT('#', `Code`)"));
            Assert.Equal(0, db.Routines());
            return read;
        }

        var walked = Read(MariaDbDatabase.Provider);
        var swept = Read(OracleProvider);
        output.WriteLine($"{Rows:N0} rows in batches of {BatchSize}: {walked:N0} rows read with the walk, {swept:N0} by the sweep alone");
        Assert.InRange(walked, Rows, 5L * Rows);
        Assert.True(swept > 10L * Rows, $"the sweep alone read {swept:N0} rows"); // The control: the quadratic reads the walk removes.
    }

    /// <summary>
    /// An app transaction holds a row the walk must update for longer than the session's lock wait timeout (1 s): the batch
    /// gives up (1205), runs again after a pause, and the walk goes on once the row is free, reading the table about once
    /// rather than leaving the rest to the sweep.
    /// </summary>
    [MySqlFact]
    public void Walk_runs_a_batch_again_after_a_lock_wait_timeout()
    {
        using var db = WithItems("sm_my_walkwait");
        using var app = db.OpenAnother();
        var appTransaction = app.BeginTransaction();
        using (var hold = new MySqlCommand("UPDATE `Items` SET `Pad` = 'held' WHERE `Id` = 10000", app, appTransaction))
        {
            Assert.Equal(1, hold.ExecuteNonQuery());
        }

        var release = Task.Run(() =>
        {
            Thread.Sleep(2_500);
            appTransaction.Commit();
        });
        db.Exec("SET SESSION innodb_lock_wait_timeout = 1");
        var before = db.RowsRead();
        db.Apply(b => b.BackfillInBatches("Items", "`CodeText` = CONCAT('#', `Code`)", "`CodeText` IS NULL", batchSize: BatchSize));
        var read = db.RowsRead() - before;
        release.GetAwaiter().GetResult();
        appTransaction.Dispose();

        output.WriteLine($"rows read with a batch that waited: {read:N0}");
        Assert.Equal(Rows, db.Count("SELECT COUNT(*) FROM `Items` WHERE `CodeText` = CONCAT('#', `Code`)"));
        Assert.InRange(read, Rows, 5L * Rows);
        Assert.Null(db.Scalar("SELECT @sm_lo"));
    }

    /// <summary>Keys the walk does not take (composite, text): the sweep alone, still every row.</summary>
    [MySqlTheory]
    [InlineData("`Id` int NOT NULL AUTO_INCREMENT, `Part` int NOT NULL DEFAULT 1, PRIMARY KEY (`Id`, `Part`)")]
    [InlineData("`Id` int NOT NULL AUTO_INCREMENT UNIQUE, `Name` varchar(40) NOT NULL DEFAULT (CONCAT('n', UUID())), PRIMARY KEY (`Name`)")]
    [InlineData("`Id` int NOT NULL AUTO_INCREMENT UNIQUE")]
    public void Backfill_of_a_table_the_walk_does_not_take_sweeps_every_row(string key)
    {
        using var db = WithItems("sm_my_nowalk", key);
        db.Apply(b => b.BackfillInBatches("Items", "`CodeText` = CONCAT('#', `Code`)", "`CodeText` IS NULL", batchSize: BatchSize));
        Assert.Equal(Rows, db.Count("SELECT COUNT(*) FROM `Items` WHERE `CodeText` = CONCAT('#', `Code`)"));
    }

    /// <summary>
    /// Writers update, delete and insert (the new app version, both columns) while the walk runs, as in the PostgreSQL
    /// test: every row that is left has its value, and the user variables the walk used are cleared.
    /// </summary>
    [MySqlFact]
    public void Backfill_leaves_no_row_behind_under_concurrent_writes()
    {
        using var db = WithItems("sm_my_walkconc");
        var errors = new ConcurrentQueue<Exception>();
        var writes = 0L;
        using var stop = new CancellationTokenSource();

        Task Writer(Func<Random, string> statement) => Task.Factory.StartNew(
            () =>
            {
                try
                {
                    using var connection = db.OpenAnother();
                    var random = new Random(Environment.CurrentManagedThreadId);
                    while (!stop.IsCancellationRequested)
                    {
                        using var command = new MySqlCommand(statement(random), connection);
                        command.ExecuteNonQuery();
                        Interlocked.Increment(ref writes);
                    }
                }
                catch (Exception e)
                {
                    errors.Enqueue(e);
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        var writers = new[]
        {
            Writer(r => $"UPDATE `Items` SET `Pad` = REPEAT('u', {r.Next(1, 200)}) WHERE `Id` = {r.Next(1, Rows + 1)}"),
            Writer(r => $"DELETE FROM `Items` WHERE `Id` = {r.Next(1, Rows + 1)}"),
            Writer(r => { var code = r.Next(1, 1_000_000); return $"INSERT INTO `Items` (`Code`, `CodeText`) VALUES ({code}, '#{code}')"; }),
        };

        Thread.Sleep(300);
        db.Apply(b => b.BackfillInBatches("Items", "`CodeText` = CONCAT('#', `Code`)", "`CodeText` IS NULL", batchSize: 200));
        stop.Cancel();
        Task.WaitAll(writers);
        Assert.Empty(errors);
        output.WriteLine($"{Interlocked.Read(ref writes):N0} concurrent writes");

        Assert.Equal(0, db.Count("SELECT COUNT(*) FROM `Items` WHERE `CodeText` IS NULL OR `CodeText` <> CONCAT('#', `Code`)"));
        Assert.True(db.Count("SELECT COUNT(*) FROM `Items`") > Rows / 2);
        Assert.Null(db.Scalar("SELECT @sm_lo"));
    }
}
