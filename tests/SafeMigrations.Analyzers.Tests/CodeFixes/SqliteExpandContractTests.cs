using System.Runtime.Loader;
using EFCore.SafeMigrations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.CodeFixes;
using SafeMigrations.TestKit.Databases;
using SafeMigrations.TestKit.Scaffolding;
using static SafeMigrations.Analyzers.Tests.Verifiers.DatabaseCommands;

namespace SafeMigrations.Analyzers.Tests.CodeFixes;

/// <summary>
/// SM1003's expand/contract on a real SQLite file with rows: the first <c>Migrate()</c> keeps the column for the
/// old app version, the second drops it (a table rebuild that keeps every row), and the rollback brings it back.
/// </summary>
public class SqliteExpandContractTests
{
    [Fact]
    public async Task Drop_column_expand_contract_keeps_every_row_on_SQLite()
    {
        var project = FixHarness.Scaffold(TestProvider.Sqlite, ("Initial", Models.Customers), ("DropEmail", Models.CustomersWithoutEmail));
        var fixedProject = await FixHarness.FixAsync(project, TestProvider.Sqlite, new DropColumnContractFix(), "SM1003");
        var sources = fixedProject.Sources.Where(s => s.Path != "/ShopContext.cs").Append(("/ShopContext.cs", LoadedMigrations.ConfigurableContext)).ToList();
        var (_, compilation) = Rollback.RollbackHarness.Run(Rollback.RollbackHarness.Compile(sources));
        var loadContext = new AssemblyLoadContext("sqlite-contract", isCollectible: true);
        using var database = SqliteDatabase.Create("contract");
        try
        {
            var assembly = LoadedMigrations.Load(compilation, loadContext);
            DbContext Context() => (DbContext)Activator.CreateInstance(
                assembly.GetType("Sample.ShopContext")!,
                new DbContextOptionsBuilder().UseSqlite(database.ConnectionString).UseSafeMigrations()
                    .ConfigureWarnings(w => w.Ignore(Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.PendingModelChangesWarning)).Options)!;
            var initial = project.History[0].Id;
            using (var db = Context())
            {
                db.GetService<IMigrator>().Migrate(initial);
            }

            using (var connection = database.Open())
            {
                Execute(connection, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) INSERT INTO \"Customers\" (\"Name\", \"Email\", \"Points\") SELECT 'c' || i, 'c' || i || '@example.com', i FROM n");
            }

            // Deployment 1: the expand; the old version still writes Email.
            using (var db = Context())
            {
                db.Database.Migrate();
                Assert.Single(db.Database.GetPendingMigrations());
            }

            using (var connection = database.Open())
            {
                Execute(connection, "INSERT INTO \"Customers\" (\"Name\", \"Email\", \"Points\") VALUES ('old', 'old@example.com', 1)");
            }

            var names = Names(database);

            // Deployment 2: the contract drops Email; every row and value stays.
            using (var db = Context())
            {
                db.Database.Migrate();
                Assert.Empty(db.Database.GetPendingMigrations());
            }

            Assert.Equal(names, Names(database));
            using (var connection = database.Open())
            {
                Assert.Equal(0L, Convert.ToInt64(Scalar(connection, "SELECT COUNT(*) FROM pragma_table_info('Customers') WHERE name = 'Email'")));
            }

            // Rollback to before the drop: Email is back (empty: a dropped column's values are gone), the rest intact.
            using (var db = Context())
            {
                db.GetService<IMigrator>().Migrate(initial);
            }

            Assert.Equal(names, Names(database));
            using (var connection = database.Open())
            {
                Assert.Equal(2001L, Convert.ToInt64(Scalar(connection, "SELECT COUNT(*) FROM \"Customers\" WHERE \"Email\" IS NULL")));
            }
        }
        finally
        {
            loadContext.Unload();
        }
    }

    private static string Names(SqliteDatabase database)
    {
        using var connection = database.Open();
        var names = Rows(connection, "SELECT \"Id\", \"Name\", \"Points\" FROM \"Customers\" ORDER BY \"Id\"");
        Assert.Equal(2001, names.Split('\n').Length);
        return names;
    }
}
