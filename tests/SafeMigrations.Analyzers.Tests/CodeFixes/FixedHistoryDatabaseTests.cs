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
    private const int Rows = 2_000;


    public static TheoryData<string> Cases => new() { "SM2001", "SM2003", "SM2004", "SM2005", "SM2006", "SM2007", "SM2009", "SM4002", "SM4003" };

    [PostgresTheory]
    [MemberData(nameof(Cases))]
    public async Task Fixed_history_matches_the_unfixed_schema_and_keeps_every_row(string id)
    {
        var (project, fix) = Case(id);
        var fixedProject = await FixHarness.FixAsync(project, TestProvider.PostgreSql, fix, id, "dotnet_diagnostic.SM3002.severity = none" + (id == "SM4002" ? "\ndotnet_diagnostic.SM4003.severity = none" : string.Empty));

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

        (string Digest, List<string> Rewritten) expected;
        using (var plain = PostgresDatabase.Create("unfixed"))
        {
            expected = Run(unfixed, plain, roundTrip: false);
        }

        using var database = PostgresDatabase.Create("fixed");
        var (actual, rewritten) = Run(fixedProject.Sources, database, roundTrip: true);
        Assert.Equal(expected.Digest, actual);
        if (id == "SM2007")
        {
            // The proof of the fix: EF's AddColumn rewrote Members; the fixed steps never did.
            Assert.Equal(new[] { "Members" }, expected.Rewritten);
            Assert.Empty(rewritten);
        }
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
            case "SM2006":
                return (BackfillFixTests.UniquePoints(withOtherChange: true), new AddUniqueConstraintUsingIndexFix());
            case "SM2007":
                return (BackfillFixTests.AddToken(TestProvider.PostgreSql, "gen_random_uuid()"), new AddColumnWithoutRewriteFix());
            case "SM4002":
                return (MoveFixTests.WithStatementAfterAddColumn(TestProvider.PostgreSql, "migrationBuilder.Sql(\"UPDATE \\\"Customers\\\" SET \\\"Visits\\\" = 1;\");"), new BackfillInBatchesFix());
            case "SM2009":
                return (MoveFixTests.WithStatementAfterAddColumn(TestProvider.PostgreSql, "migrationBuilder.Sql(\"CREATE INDEX CONCURRENTLY \\\"IX_Customers_Points\\\" ON \\\"Customers\\\" (\\\"Points\\\");\");"), new MoveToOwnMigrationFix());
            default:
                return (MoveFixTests.WithStatementAfterAddColumn(TestProvider.PostgreSql, "migrationBuilder.Sql(\"UPDATE \\\"Customers\\\" SET \\\"Visits\\\" = \\\"Points\\\" + 1;\");"), new MoveToOwnMigrationFix());
        }
    }

    /// <summary>Migrates a project's history over seeded rows; returns the final schema and the rows' digest.</summary>
    /// <returns>The final digest, and the tables whose file changed while migrating forward (a rewrite).</returns>
    private static (string Digest, List<string> Rewritten) Run(List<(string Path, string Source)> sources, PostgresDatabase database, bool roundTrip)
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
                if (Exists(connection, "Customers"))
                {
                    Execute(connection, $"INSERT INTO \"Customers\" (\"Name\", \"Email\", \"Points\") SELECT 'c' || i, 'c' || i || '@example.com', i FROM generate_series(1, {Rows}) AS i");
                }

                if (Exists(connection, "Orders"))
                {
                    Execute(connection, $"INSERT INTO \"Orders\" (\"CustomerId\", \"Total\") SELECT c.\"Id\", 10 FROM \"Customers\" c");
                }

                if (Exists(connection, "Members"))
                {
                    Execute(connection, $"INSERT INTO \"Members\" (\"Name\") SELECT 'm' || i FROM generate_series(1, {Rows}) AS i");
                }
            }

            // Tables the migrations only alter keep their files: a rewrite would give them a new one.
            var files = TableFiles(database);
            migrator.Migrate(ids[^1]);
            var rewritten = TableFiles(database).Where(f => files.TryGetValue(f.Key, out var before) && before != f.Value).Select(f => f.Key).ToList();
            if (roundTrip)
            {
                var up = Digest(database);
                migrator.Migrate(ids[0]);
                migrator.Migrate(ids[^1]);
                Assert.Equal(up, Digest(database));
            }

            return (Digest(database), rewritten);
        }
        finally
        {
            loadContext.Unload();
        }
    }

    /// <summary>The schema and every row; a per-row random default counts as its number of distinct values.</summary>
    private static string Digest(PostgresDatabase database)
    {
        using var connection = database.Open();
        var digest = Rollback.RollbackDatabaseTests.PostgresSchema(connection);
        if (Exists(connection, "Customers"))
        {
            Assert.Equal((long)Rows, Convert.ToInt64(Scalar(connection, "SELECT COUNT(*) FROM \"Customers\"")));
            digest += "\nCustomers:\n" + DatabaseCommands.Rows(connection, "SELECT * FROM \"Customers\" ORDER BY \"Id\"");
        }

        if (Exists(connection, "Members"))
        {
            Assert.Equal((long)Rows, Convert.ToInt64(Scalar(connection, "SELECT COUNT(*) FROM \"Members\"")));
            digest += "\nMembers:\n" + DatabaseCommands.Rows(connection, "SELECT \"Id\", \"Name\" FROM \"Members\" ORDER BY \"Id\"")
                + "\ndistinct tokens: " + Scalar(connection, "SELECT COUNT(DISTINCT \"Token\") FROM \"Members\"");
        }

        return digest;
    }

    private static bool Exists(DbConnection connection, string table) =>
        Scalar(connection, $"SELECT to_regclass('\"{table}\"') IS NOT NULL") is true;

    private static Dictionary<string, long> TableFiles(PostgresDatabase database)
    {
        using var connection = database.Open();
        return DatabaseCommands.Rows(connection, "SELECT relname || '=' || relfilenode FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Trim().Split('='))
            .Where(p => p.Length == 2 && long.TryParse(p[1], out _))
            .ToDictionary(p => p[0], p => long.Parse(p[1]));
    }
}
