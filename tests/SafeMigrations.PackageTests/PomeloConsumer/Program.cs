using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using MySqlConnector;

namespace PomeloConsumer;

/// <summary>
/// Migrates a MariaDB database (the connection string is the first argument) with UseSafeMigrations() on Pomelo's
/// provider, which it replaces Pomelo's migrator for: up, including a primary key dropped and added again, whose SQL
/// calls procedures Pomelo's migrator creates around the migration, and a batched backfill; down past that migration
/// and up again. Prints "POMELO OK" when each step left what it should; anything else throws (exit code not 0).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var connectionString = args[0];
        Console.WriteLine($"EF Core {typeof(DbContext).Assembly.GetName().Version}, {typeof(MySqlDbContextOptionsBuilderExtensions).Assembly.GetName().Name} {typeof(MySqlDbContextOptionsBuilderExtensions).Assembly.GetName().Version} on .NET {Environment.Version}");
        using (var db = new ShopContext(connectionString))
        {
            var script = db.GetService<IMigrator>().GenerateScript();
            Expect(script.Contains("CREATE PROCEDURE `POMELO_BEFORE_DROP_PRIMARY_KEY`", StringComparison.Ordinal).ToString(), "True", "the script creates Pomelo's procedure");
            var idempotent = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent).TrimEnd();
            Expect((idempotent.StartsWith("DROP PROCEDURE IF EXISTS `POMELO_BEFORE_DROP_PRIMARY_KEY`;", StringComparison.Ordinal) && idempotent.EndsWith("DROP PROCEDURE `POMELO_AFTER_ADD_PRIMARY_KEY`;", StringComparison.Ordinal)).ToString(), "True", "an idempotent script has Pomelo's procedures around all of it");

            db.Database.Migrate();
            Expect(string.Join(",", db.Database.GetAppliedMigrations()), "20260101000001_CreateItems,20260101000002_RekeyItems,20260101000003_BackfillCodes", "applied");
            Expect(Query(connectionString, "SELECT GROUP_CONCAT(`Code` ORDER BY `Id`) FROM `Items`"), "none,b,none,d,none", "codes after the backfill");
            Expect(Query(connectionString, "SELECT `EXTRA` FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'Items' AND COLUMN_NAME = 'Id'"), "auto_increment", "the key's AUTO_INCREMENT, which Pomelo's procedures keep");
            Expect(Query(connectionString, "SELECT COUNT(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE()"), "0", "procedures left behind");

            db.GetService<IMigrator>().Migrate("20260101000001_CreateItems");
            Expect(string.Join(",", db.Database.GetAppliedMigrations()), "20260101000001_CreateItems", "applied after rolling back");
            db.Database.Migrate();
            Expect(Query(connectionString, "INSERT INTO `Items` (`Code`) VALUES ('f'); SELECT COUNT(*) FROM `Items`"), "6", "rows after a new insert");
        }

        Console.WriteLine("POMELO OK");
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

    private static string Query(string connectionString, string sql)
    {
        using var connection = new MySqlConnection(connectionString);
        connection.Open();
        using var command = new MySqlCommand(sql, connection);
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) ?? "NULL";
    }
}
