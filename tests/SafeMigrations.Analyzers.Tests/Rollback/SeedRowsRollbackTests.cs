using Microsoft.EntityFrameworkCore;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.TestKit.Databases;
using SafeMigrations.TestKit.Scaffolding;
using static SafeMigrations.Analyzers.Tests.Verifiers.DatabaseCommands;

namespace SafeMigrations.Analyzers.Tests.Rollback;

/// <summary>
/// Seed rows (<c>HasData</c>) added to a table an earlier migration created: Up inserts them, and the generated Down deletes
/// them by the table's key, which it takes from the model before the migration. Run on real databases with rows of their own.
/// </summary>
public class SeedRowsRollbackTests
{
    public sealed class Customer
    {
        public int Id { get; set; }

        public string Name { get; set; } = "";
    }

    /// <summary>A table of the same name in another schema, keyed by another column.</summary>
    public sealed class LegacyCustomer
    {
        public string Code { get; set; } = "";
    }

    /// <summary>A table keyed by two columns, in another order than the seed rows' columns.</summary>
    public sealed class Rate
    {
        public string Code { get; set; } = "";

        public int TenantId { get; set; }

        public string Name { get; set; } = "";
    }

    private static MigrationProject SeedRatesByACompositeKey() => RollbackHarness.MarkForRollback(
        MigrationProject.Scaffold(
            TestProvider.Sqlite,
            ("Initial", m => m.Entity<Rate>(b => b.ToTable("Rates").HasKey(r => new { r.TenantId, r.Code }))),
            ("SeedRates", m => m.Entity<Rate>(b =>
            {
                b.ToTable("Rates").HasKey(r => new { r.TenantId, r.Code });
                b.HasData(new Rate { TenantId = 1, Code = "a", Name = "One A" }, new Rate { TenantId = 2, Code = "a", Name = "Two A" });
            }))),
        includeFirst: false);

    private static void Customers(ModelBuilder model, bool seeded, bool legacy)
    {
        model.Entity<Customer>(b =>
        {
            b.ToTable("Customers", "shop");
            if (seeded)
            {
                b.HasData(new Customer { Id = 7, Name = "Seeded" }, new Customer { Id = 8, Name = "Also seeded" });
            }
        });
        if (legacy)
        {
            model.Entity<LegacyCustomer>(b =>
            {
                b.ToTable("Customers", "legacy");
                b.HasKey(c => c.Code);
            });
        }
    }

    private static MigrationProject SeedBesideANamesake(TestProvider provider) => MigrationProject.Scaffold(
        provider,
        ("Initial", m => Customers(m, seeded: false, legacy: false)),
        ("SeedCustomers", m => Customers(m, seeded: true, legacy: true)));

    [Fact]
    public async Task The_generated_Down_deletes_the_rows_by_the_key_of_their_own_table_not_of_a_namesake_created_beside_them()
    {
        // EF's own Up: the legacy table created, and the rows inserted into shop.Customers, in one migration.
        var project = SeedBesideANamesake(TestProvider.PostgreSql);
        var up = project.SourceOf(project.Last);
        Assert.Contains("schema: \"legacy\"", up, StringComparison.Ordinal);
        Assert.Contains("migrationBuilder.InsertData(", up, StringComparison.Ordinal);

        // EF's own Down passes SM3002.
        var scaffolded = await CompilationHarness.AnalyzeAsync(CompilationHarness.Compile(project.Sources), new SafeMigrationsAnalyzer());
        Assert.DoesNotContain(scaffolded, d => d.Id is "SM3002" or "AD0001");

        // The generated Down deletes by shop.Customers' key, Id (legacy.Customers' key, Code, is not among the inserted columns).
        var down = await GeneratedDown(RollbackHarness.MarkForRollback(project, includeFirst: false));
        Assert.Contains("DeleteData(", down, StringComparison.Ordinal);
        Assert.Contains("keyColumn: \"Id\"", down, StringComparison.Ordinal);
        Assert.Contains("schema: \"shop\"", down, StringComparison.Ordinal);
    }

    [PostgresFact]
    public void PostgreSql_Up_then_the_generated_Down_leaves_exactly_the_rows_that_were_there()
    {
        var project = RollbackHarness.MarkForRollback(SeedBesideANamesake(TestProvider.PostgreSql), includeFirst: false);
        using var database = PostgresDatabase.Create("seed-rows");
        RoundTrip(project, options => options.UseNpgsql(database.ConnectionString), database.Open, "shop.\"Customers\"");
    }

    [Fact]
    public void Sqlite_Up_then_the_generated_Down_leaves_exactly_the_rows_that_were_there()
    {
        // SQLite has no schemas: the plain case, seed rows into a table of the model before the migration.
        var project = RollbackHarness.MarkForRollback(
            MigrationProject.Scaffold(
                TestProvider.Sqlite,
                ("Initial", m => m.Entity<Customer>().ToTable("Customers")),
                ("SeedCustomers", m => m.Entity<Customer>(b => b.ToTable("Customers").HasData(new Customer { Id = 7, Name = "Seeded" })))),
            includeFirst: false);
        using var database = SqliteDatabase.Create("seed-rows");
        RoundTrip(project, options => options.UseSqlite(database.ConnectionString), database.Open, "\"Customers\"");
    }

    [Fact]
    public async Task A_composite_key_deletes_each_seeded_row_by_its_key_columns_in_the_key_order()
    {
        var down = await GeneratedDown(SeedRatesByACompositeKey());
        Assert.Contains("keyColumns: new[] { \"TenantId\", \"Code\" }", down, StringComparison.Ordinal);
        Assert.Contains("{ 1, \"a\" }", down, StringComparison.Ordinal);
        Assert.Contains("{ 2, \"a\" }", down, StringComparison.Ordinal);
    }

    [Fact]
    public void Sqlite_Up_then_the_generated_Down_of_rows_keyed_by_two_columns_leaves_exactly_the_rows_that_were_there()
    {
        using var database = SqliteDatabase.Create("seed-rates");
        RoundTrip(
            SeedRatesByACompositeKey(),
            options => options.UseSqlite(database.ConnectionString),
            database.Open,
            "INSERT INTO \"Rates\" (\"TenantId\", \"Code\", \"Name\") VALUES (1, 'b', 'One B'), (2, 'b', 'Two B'), (3, 'a', 'Three A')",
            "SELECT \"TenantId\", \"Code\", \"Name\" FROM \"Rates\" ORDER BY \"TenantId\", \"Code\"",
            "1 | a | One A");
    }

    /// <summary>The Down the generator writes for a marked project's last migration, which the analyzer finds nothing to say about.</summary>
    private static async Task<string> GeneratedDown(MigrationProject marked)
    {
        var generated = await CompilationHarness.AnalyzeAsync(RollbackHarness.Compile(marked.Sources), new SafeMigrationsAnalyzer());
        Assert.DoesNotContain(generated, d => d.Id is "SM3003" or "AD0001");
        var (driver, _) = RollbackHarness.Run(RollbackHarness.Compile(marked.Sources));
        return driver.GetRunResult().GeneratedTrees.Single().ToString();
    }

    private static void RoundTrip(MigrationProject project, Func<DbContextOptionsBuilder, DbContextOptionsBuilder> configure, Func<System.Data.Common.DbConnection> open, string table) =>
        RoundTrip(
            project,
            configure,
            open,
            $"INSERT INTO {table} (\"Id\", \"Name\") VALUES (1, 'Ada'), (6, 'Grace'), (9, 'Linus')",
            $"SELECT \"Id\", \"Name\" FROM {table} ORDER BY \"Id\"",
            "7 | Seeded");

    /// <param name="ownRows">Rows of the app's own, around the seeded keys, inserted before the migration.</param>
    /// <param name="seededRow">A seeded row as <paramref name="query"/> shows it once Up has run.</param>
    private static void RoundTrip(
        MigrationProject project, Func<DbContextOptionsBuilder, DbContextOptionsBuilder> configure, Func<System.Data.Common.DbConnection> open, string ownRows, string query, string seededRow)
    {
        using var migrations = LoadedMigrations.Open(project, options => configure(options)
            .ConfigureWarnings(w => w.Ignore(Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.PendingModelChangesWarning)));
        migrations.Migrator.Migrate(project.History[0].Id);
        string before;
        using (var connection = open())
        {
            Execute(connection, ownRows);
            before = Rows(connection, query);
        }

        migrations.Migrator.Migrate(project.Last.Id);
        using (var connection = open())
        {
            Assert.Contains(seededRow, Rows(connection, query), StringComparison.Ordinal);
        }

        migrations.Migrator.Migrate(project.History[0].Id);
        using (var connection = open())
        {
            Assert.Equal(before, Rows(connection, query));
        }
    }
}
