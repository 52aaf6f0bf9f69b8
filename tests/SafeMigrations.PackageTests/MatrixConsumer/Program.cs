using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace MatrixConsumer;

/// <summary>
/// Runs the migrations as two deployments and a rollback, on a SQLite file, and prints "MATRIX OK" if each step left
/// what it should: the first Migrate() defers the contract (and logs it), the second applies it, and rolling back
/// to the expand step runs a generated Down method. Any other outcome throws (exit code not 0).
/// </summary>
public static class Program
{
    public static int Main()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "shop.db");
        File.Delete(path);
        var log = new List<string>();
        Console.WriteLine($"EF Core {typeof(DbContext).Assembly.GetName().Version} on .NET {Environment.Version}");

        // Deployment 1 (release 1, two replicas that both migrate at startup): the expand step and the rename; the
        // contract waits, also in the second replica's run.
        using (var db = new ShopContext(path, log, "release-1"))
        {
            db.Database.Migrate();
        }

        using (var db = new ShopContext(path, log, "release-1"))
        {
            db.Database.Migrate();
            Expect(string.Join(",", db.Database.GetAppliedMigrations()), $"{Ids.CreateCustomers},{Ids.AddFullName},{Ids.RenameNotes}", "applied after the first run");
            Expect(log.Count(l => l.Contains("Contract migration '" + Ids.DropName + "' deferred", StringComparison.Ordinal)).ToString(), "2", "deferral messages logged");
            Expect(log.Count(l => l.Contains("was applied by this deployment ('release-1')", StringComparison.Ordinal)).ToString(), "1", "deferrals for the same deployment");
            Expect(Columns(path), "FullName,Id,Name,Remarks", "columns after the first run");

            // The previous app version still writes Name; the sync trigger fills FullName.
            Execute(path, "INSERT INTO \"Customers\" (\"Name\") VALUES ('Ada')");
            Expect(Query(path, "SELECT \"FullName\" FROM \"Customers\""), "Ada", "FullName kept in sync");
        }

        // Deployment 2 (release 2): the contract.
        using (var db = new ShopContext(path, log, "release-2"))
        {
            db.Database.Migrate();
            Expect(db.Database.GetPendingMigrations().Count().ToString(), "0", "pending after the second run");
            Expect(Columns(path), "FullName,Id,Remarks", "columns after the second run");
        }

        // Rollback to the expand step: RenameNotes's generated Down and DropName's own run. (AddFullName's generated
        // Down drops a column, which EF Core's SQLite provider rebuilds from a model these migrations do not have.)
        using (var db = new ShopContext(path, log))
        {
            db.GetService<IMigrator>().Migrate(Ids.AddFullName);
            Expect(Columns(path), "FullName,Id,Name,Notes", "columns after the rollback");
            Expect(Query(path, "SELECT \"Name\" FROM \"Customers\""), "Ada", "Name after the rollback");
        }

        Console.WriteLine("MATRIX OK");
        return 0;
    }

    private static void Expect(string actual, string expected, string what)
    {
        if (!string.Equals(actual, expected, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{what}: expected '{expected}', got '{actual}'");
        }

        Console.WriteLine($"{what}: {actual}");
    }

    private static string Columns(string path)
        => string.Join(",", QueryAll(path, "SELECT name FROM pragma_table_info('Customers') ORDER BY name"));

    private static string Query(string path, string sql) => string.Join(",", QueryAll(path, sql));

    private static List<string> QueryAll(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    private static void Execute(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
