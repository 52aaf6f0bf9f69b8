using System.Data.Common;
using System.Diagnostics;

namespace SafeMigrations.Tests.Infrastructure;

/// <summary>
/// A migration run against a table another session holds a lock on, with readers that must not queue behind it: the
/// lock-timeout tests of PostgreSQL and of MariaDB share it, each with its own lock and its own database.
/// </summary>
internal static class BlockedMigration
{
    /// <summary>
    /// Opens a transaction that runs <paramref name="lockingSql"/> (a read, which takes the lock the migration's DDL must
    /// wait for) and keeps it open for <paramref name="holdMilliseconds"/>, while <paramref name="migrate"/> runs and another
    /// session runs <paramref name="lockingSql"/> in a loop. Returns the migration's duration, the reader's longest query
    /// and how many retries <paramref name="log"/> recorded.
    /// </summary>
    public static (long Migration, long ReaderMax, int Retries) Run(Func<DbConnection> open, string lockingSql, int holdMilliseconds, List<string> log, Action migrate)
    {
        using var blocker = open();
        var transaction = blocker.BeginTransaction();
        using (var command = blocker.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = lockingSql;
            command.ExecuteScalar();
        }

        using var stop = new CancellationTokenSource();
        var readerMax = 0L;
        var reader = Task.Factory.StartNew(
            () =>
            {
                using var connection = open();
                while (!stop.IsCancellationRequested)
                {
                    var clock = Stopwatch.StartNew();
                    using (var command = connection.CreateCommand())
                    {
                        command.CommandText = lockingSql;
                        command.ExecuteScalar();
                    }

                    readerMax = Math.Max(readerMax, clock.ElapsedMilliseconds);
                    Thread.Sleep(20);
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        var release = Task.Run(async () =>
        {
            await Task.Delay(holdMilliseconds);
            transaction.Commit();
        });

        // Let the reader start first.
        Thread.Sleep(100);
        var migration = Stopwatch.StartNew();
        try
        {
            migrate();
        }
        finally
        {
            migration.Stop();
            release.GetAwaiter().GetResult();
            Thread.Sleep(200);
            stop.Cancel();
            reader.GetAwaiter().GetResult();
            transaction.Dispose();
        }

        lock (log)
        {
            return (migration.ElapsedMilliseconds, readerMax, log.Count(m => m.Contains("SafeMigrations.LockTimeoutRetry", StringComparison.Ordinal)));
        }
    }
}
