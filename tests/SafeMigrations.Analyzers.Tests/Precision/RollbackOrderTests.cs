using System.Runtime.Loader;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using SafeMigrations.Analyzers.Tests.Rollback;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.TestKit.Databases;
using SafeMigrations.TestKit.Scaffolding;
using static SafeMigrations.Analyzers.Tests.Verifiers.DatabaseCommands;

namespace SafeMigrations.Analyzers.Tests.Precision;

/// <summary>
/// The generated Down of a table rename with an index rename, run on real SQLite: the table is renamed back
/// first and the index after it, on the old table name, as EF's own Down does (the strict reverse order throws
/// NotSupportedException in EF's SQLite provider, which rebuilds the index from the previous model).
/// </summary>
public class RollbackOrderTests
{
    private static void ClientsWithEmailIndex(ModelBuilder model) => model.Entity<Customer>(b =>
    {
        b.ToTable("Clients");
        b.Ignore(c => c.Orders);
        b.HasIndex(c => c.Email);
    });

    [Fact]
    public void Generated_Down_of_a_table_and_index_rename_runs_on_SQLite_and_restores_the_schema()
    {
        var project = RollbackHarness.MarkForRollback(MigrationProject.Scaffold(TestProvider.Sqlite, ("Initial", Models.CustomersWithEmailIndex), ("RenameCustomers", ClientsWithEmailIndex)));
        Assert.Contains("RenameIndex", project.SourceOf(project.Last));
        project.Sources.RemoveAll(s => s.Path == "/ShopContext.cs");
        project.Sources.Add(("/ShopContext.cs", LoadedMigrations.ConfigurableContext));
        var (driver, compilation) = RollbackHarness.Run(RollbackHarness.Compile(project.Sources));
        var down = driver.GetRunResult().GeneratedTrees.Single(t => t.FilePath.Contains("RenameCustomers", StringComparison.Ordinal)).ToString();
        Assert.True(down.IndexOf("RenameTable(", StringComparison.Ordinal) < down.IndexOf("RenameIndex(", StringComparison.Ordinal), down);
        Assert.Contains("table: \"Customers\"", down[down.IndexOf("RenameIndex(", StringComparison.Ordinal)..], StringComparison.Ordinal);

        using var database = SqliteDatabase.Create("rename-order");
        var loadContext = new AssemblyLoadContext("rename-order", isCollectible: true);
        try
        {
            var assembly = LoadedMigrations.Load(compilation, loadContext);
            using var db = (DbContext)Activator.CreateInstance(assembly.GetType("Sample.ShopContext")!, new DbContextOptionsBuilder().UseSqlite(database.ConnectionString)
                .ConfigureWarnings(w => w.Ignore(Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.PendingModelChangesWarning)).Options)!;
            var migrator = db.GetService<IMigrator>();
            migrator.Migrate(project.History[0].Id);
            string before;
            using (var connection = database.Open())
            {
                Execute(connection, "INSERT INTO \"Customers\" (\"Name\", \"Email\", \"Points\") VALUES ('Ada', 'ada@example.com', 3)");
                before = SqliteSchema(connection);
            }

            migrator.Migrate(project.Last.Id);
            migrator.Migrate(project.History[0].Id);
            using (var connection = database.Open())
            {
                Assert.Equal(before, SqliteSchema(connection));
                Assert.Equal("Ada", Scalar(connection, "SELECT \"Name\" FROM \"Customers\""));
            }
        }
        finally
        {
            loadContext.Unload();
        }
    }
}
