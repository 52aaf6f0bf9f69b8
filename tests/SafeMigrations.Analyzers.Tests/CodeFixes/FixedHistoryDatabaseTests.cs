using System.Data.Common;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis.CodeFixes;
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
/// Fixed histories run by EF's own migrator on a real PostgreSQL database holding rows: they migrate up, all
/// the way down and up again, end in exactly the schema of the unfixed history, and lose no row.
/// </summary>
public class FixedHistoryDatabaseTests
{
    private const int Customers = 2_000;

    public static TheoryData<string> Cases => new() { "SM2001", "SM2003", "SM2004", "SM2005", "SM2009", "SM4003" };

    [PostgresTheory]
    [MemberData(nameof(Cases))]
    public async Task Fixed_history_matches_the_unfixed_schema_and_keeps_every_row(string id)
    {
        var (project, fix) = Case(id);
        var fixedProject = await FixHarness.FixAsync(project, TestProvider.PostgreSql, fix, id, "dotnet_diagnostic.SM3002.severity = none");

        var unfixed = project.Sources;
        if (id == "SM2009")
        {
            // Unfixed, it never deploys (25001); its intended schema is that of the statement outside a transaction.
            using (var failing = PostgresDatabase.Create("unfixed"))
            {
                Assert.Equal("25001", Assert.ThrowsAny<Npgsql.PostgresException>(() => Run(unfixed, failing, roundTrip: false)).SqlState);
            }

            unfixed = unfixed.Select(s => (s.Path, s.Source.Replace("(\\\"Points\\\");\");", "(\\\"Points\\\");\", suppressTransaction: true);"))).ToList();
        }

        string expected;
        using (var plain = PostgresDatabase.Create("unfixed"))
        {
            expected = Run(unfixed, plain, roundTrip: false);
        }

        using var database = PostgresDatabase.Create("fixed");
        Assert.Equal(expected, Run(fixedProject.Sources, database, roundTrip: true));
    }

    private static (MigrationProject Project, CodeFixProvider Fix) Case(string id)
    {
        switch (id)
        {
            case "SM2001":
                return (FixHarness.Scaffold(TestProvider.PostgreSql, ("Initial", Models.Customers), ("AddVisitsAndEmailIndex", m => { MoveFixTests.CustomersWithVisits(m); m.Entity<Customer>(b => b.HasIndex(c => c.Email)); })), new CreateIndexConcurrentlyFix());
            case "SM2003":
                return (FixHarness.Scaffold(TestProvider.PostgreSql, ("Initial", Models.CustomersWithEmailIndex), ("DropEmailIndexAddVisits", MoveFixTests.CustomersWithVisits)), new DropIndexConcurrentlyFix());
            case "SM2004":
                return (FixHarness.Scaffold(TestProvider.PostgreSql, ("Initial", LockModels.CustomersAndUnrelatedOrders), ("AddOrderCustomer", Models.CustomersAndOrders)), new AddConstraintNotValidFix());
            case "SM2005":
                return (FixHarness.Scaffold(TestProvider.PostgreSql, ("Initial", Models.Customers), ("AddPointsCheck", LockModels.CustomersWithPointsCheck)), new AddConstraintNotValidFix());
            case "SM2009":
                return (MoveFixTests.WithStatementAfterAddColumn(TestProvider.PostgreSql, "migrationBuilder.Sql(\"CREATE INDEX CONCURRENTLY \\\"IX_Customers_Points\\\" ON \\\"Customers\\\" (\\\"Points\\\");\");"), new MoveToOwnMigrationFix());
            default:
                return (MoveFixTests.WithStatementAfterAddColumn(TestProvider.PostgreSql, "migrationBuilder.Sql(\"UPDATE \\\"Customers\\\" SET \\\"Visits\\\" = \\\"Points\\\" + 1;\");"), new MoveToOwnMigrationFix());
        }
    }

    /// <summary>Migrates a project's history over seeded rows; returns the final schema and the rows' digest.</summary>
    private static string Run(List<(string Path, string Source)> sources, PostgresDatabase database, bool roundTrip)
    {
        sources = sources.Where(s => s.Path != "/ShopContext.cs").Append(("/ShopContext.cs", LoadedMigrations.ConfigurableContext)).ToList();
        var (_, compilation) = Rollback.RollbackHarness.Run(Rollback.RollbackHarness.Compile(sources));
        var loadContext = new AssemblyLoadContext("fixed-history", isCollectible: true);
        try
        {
            var assembly = LoadedMigrations.Load(compilation, loadContext);
            using var db = (DbContext)Activator.CreateInstance(assembly.GetType("Sample.ShopContext")!, new DbContextOptionsBuilder().UseNpgsql(database.ConnectionString)
                // The test context has no entities: its model is the migrations', not the snapshot's.
                .ConfigureWarnings(w => w.Ignore(Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.PendingModelChangesWarning)).Options)!;
            var migrator = db.GetService<IMigrator>();
            var ids = db.GetService<IMigrationsAssembly>().Migrations.Keys.OrderBy(i => i, StringComparer.Ordinal).ToList();
            migrator.Migrate(ids[0]);
            using (var connection = database.Open())
            {
                Execute(connection, $"INSERT INTO \"Customers\" (\"Name\", \"Email\", \"Points\") SELECT 'c' || i, 'c' || i || '@example.com', i % 50 FROM generate_series(1, {Customers}) AS i");
                if (Scalar(connection, "SELECT to_regclass('\"Orders\"') IS NOT NULL") is true)
                {
                    Execute(connection, $"INSERT INTO \"Orders\" (\"CustomerId\", \"Total\") SELECT c.\"Id\", 10 FROM \"Customers\" c");
                }
            }

            migrator.Migrate(ids[^1]);
            if (roundTrip)
            {
                var up = Digest(database);
                migrator.Migrate(ids[0]);
                migrator.Migrate(ids[^1]);
                Assert.Equal(up, Digest(database));
            }

            return Digest(database);
        }
        finally
        {
            loadContext.Unload();
        }
    }

    private static string Digest(PostgresDatabase database)
    {
        using var connection = database.Open();
        var rows = Rows(connection, "SELECT * FROM \"Customers\" ORDER BY \"Id\"");
        Assert.Equal((long)Customers, Convert.ToInt64(Scalar(connection, "SELECT COUNT(*) FROM \"Customers\"")));
        return Rollback.RollbackDatabaseTests.PostgresSchema(connection) + "\nrows:\n" + rows;
    }
}
