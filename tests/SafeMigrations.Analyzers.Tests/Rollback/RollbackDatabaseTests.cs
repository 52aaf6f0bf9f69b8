using System.Data.Common;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using SafeMigrations.Analyzers.Tests.Verifiers;
using static SafeMigrations.Analyzers.Tests.Verifiers.DatabaseCommands;
using SafeMigrations.TestKit.Databases;
using SafeMigrations.TestKit.Scaffolding;
using Xunit.Abstractions;

namespace SafeMigrations.Analyzers.Tests.Rollback;

/// <summary>
/// The generated Down, run on real databases: for each scaffolded migration (every operation kind in
/// <see cref="RollbackHarness.History"/>), Up then the generated Down returns the schema to exactly its
/// previous state, and rows in tables the migration did not touch are intact.
/// </summary>
public class RollbackDatabaseTests
{
    private readonly ITestOutputHelper output;

    public RollbackDatabaseTests(ITestOutputHelper output) => this.output = output;

    [Fact]
    public void Sqlite_Up_then_generated_Down_restores_the_schema_for_every_migration()
    {
        using var database = SqliteDatabase.Create("rollback");
        RoundTripWithCustomers(TestProvider.Sqlite, options => options.UseSqlite(database.ConnectionString), database.Open, SqliteSchema);
    }

    [PostgresFact]
    public void PostgreSql_Up_then_generated_Down_restores_the_schema_for_every_migration()
    {
        using var database = PostgresDatabase.Create("rollback");
        RoundTripWithCustomers(TestProvider.PostgreSql, options => options.UseNpgsql(database.ConnectionString), database.Open, PostgresSchema);
    }

    /// <summary><see cref="RollbackHarness.History"/>, its customers' rows kept through every migration to the renamed Clients.</summary>
    private void RoundTripWithCustomers(TestProvider provider, Action<DbContextOptionsBuilder> configure, Func<DbConnection> open, Func<DbConnection, string> dumpSchema)
    {
        RoundTrip(provider, RollbackHarness.History(provider), configure, open, dumpSchema, SeedCustomers);
        using var connection = open();
        Assert.Equal(2L, Convert.ToInt64(Scalar(connection, "SELECT COUNT(*) FROM \"Clients\"")));
    }

    /// <summary>
    /// Keys, foreign keys and indexes whose conventional names EF cut to PostgreSQL's 63 characters: the generated Down
    /// re-creates them under the names EF gave them, so the schema (names included) is the one before, and the later
    /// migrations, which drop them by those names, run after it.
    /// </summary>
    [PostgresFact]
    public void PostgreSql_generated_Down_recreates_names_EF_cut_to_the_identifier_limit()
    {
        using var database = PostgresDatabase.Create("long-names");
        RoundTrip(TestProvider.PostgreSql, LongNameModels.History(), options => options.UseNpgsql(database.ConnectionString), database.Open, PostgresSchema);
        using var connection = database.Open();
        Assert.Equal(1L, Convert.ToInt64(Scalar(connection, "SELECT COUNT(*) FROM pg_indexes WHERE indexname = 'PK_CustomerNotificationPreferenceHistoryEntriesForTheAuditTrai~'")));
    }

    [Fact]
    public void Sqlite_generated_Down_recreates_long_names()
    {
        using var database = SqliteDatabase.Create("long-names");
        RoundTrip(TestProvider.Sqlite, LongNameModels.History(), options => options.UseSqlite(database.ConnectionString), database.Open, SqliteSchema);
    }

    /// <summary>
    /// Every model shape (see <see cref="ShapeModels"/>) dropped at once: the generated Down re-creates every column with
    /// its type and nullability, every key, index, foreign key and sequence, and no constraint EF does not make; the names
    /// outside ASCII that EF cuts by characters are cut again by PostgreSQL by bytes, alike on both sides.
    /// </summary>
    [PostgresTheory]
    [MemberData(nameof(ShapeModels.All), MemberType = typeof(ShapeModels))]
    public void PostgreSql_generated_Down_recreates_model_shapes(string shape)
    {
        using var database = PostgresDatabase.Create("shapes");
        RoundTrip(TestProvider.PostgreSql, ShapeModels.DroppedAtOnce(shape, TestProvider.PostgreSql), options => options.UseNpgsql(database.ConnectionString), database.Open, PostgresSchema);
    }

    [Theory]
    [MemberData(nameof(ShapeModels.RunnableOnSqlite), MemberType = typeof(ShapeModels))]
    public void Sqlite_generated_Down_recreates_model_shapes(string shape)
    {
        using var database = SqliteDatabase.Create("shapes");
        RoundTrip(TestProvider.Sqlite, ShapeModels.DroppedAtOnce(shape, TestProvider.Sqlite), options => options.UseSqlite(database.ConnectionString), database.Open, SqliteSchema);
    }

    /// <summary>
    /// A GIN index, a covering index with an operator class and a NULLS NOT DISTINCT unique index, dropped alone and with
    /// their table: the generated Down re-creates each with its method and options (the schema dump holds each index's
    /// definition).
    /// </summary>
    [PostgresFact]
    public void PostgreSql_generated_Down_recreates_indexes_with_provider_options()
    {
        using var database = PostgresDatabase.Create("index-options");
        RoundTrip(TestProvider.PostgreSql, IndexOptionModels.Dropped(IndexOptionModels.Postgres), options => options.UseNpgsql(database.ConnectionString), database.Open, PostgresSchema);
    }

    public sealed class PostTag
    {
        public int Id { get; set; }

        public int PostId { get; set; }

        public int TagId { get; set; }
    }

    /// <summary>
    /// A surrogate key given up for a composite one (Up: drop the key, drop Id, add the key of PostId and TagId), over rows:
    /// the generated Down adds Id back as an identity, which numbers the rows, where a plain column filled them all with 0
    /// and the restored primary key failed on the duplicates.
    /// </summary>
    [PostgresFact]
    public void PostgreSql_generated_Down_recreates_a_dropped_identity_column_over_rows()
    {
        using var database = PostgresDatabase.Create("identity-column");
        RoundTrip(
            TestProvider.PostgreSql,
            [
                Models.Step("Initial", m => m.Entity<PostTag>()),
                Models.Step("CompositeKey", m => m.Entity<PostTag>(b => { b.HasKey(t => new { t.PostId, t.TagId }); b.Ignore(t => t.Id); })),
            ],
            options => options.UseNpgsql(database.ConnectionString),
            database.Open,
            PostgresSchema,
            afterFirst: connection => Execute(connection, "INSERT INTO \"PostTag\" (\"PostId\", \"TagId\") VALUES (1, 1), (1, 2), (2, 1)"));
    }

    /// <summary>Customers with data from the first migration on, so re-added NOT NULL columns must fill existing rows.</summary>
    private static void SeedCustomers(DbConnection connection) =>
        Execute(connection, "INSERT INTO \"Customers\" (\"Name\", \"Email\", \"Points\") VALUES ('Ada', 'ada@example.com', 3), ('Grace', NULL, 7)");

    /// <summary>
    /// Two tables named Customers, in the schemas archive and shop, and a dropped table whose foreign key is onto the
    /// second: the generated Down must point the re-created key at shop.Customers, where EF's own Down points it.
    /// </summary>
    [PostgresFact]
    public void PostgreSql_generated_Down_recreates_a_foreign_key_onto_its_principal_s_schema()
    {
        var project = RollbackHarness.MarkForRollback(
            MigrationProject.Scaffold(
                TestProvider.PostgreSql,
                ("Initial", m => Rules.RollbackMismatchRuleTests.TwoCustomersTables(m, notes: true)),
                ("DropNotes", m => Rules.RollbackMismatchRuleTests.TwoCustomersTables(m, notes: false))),
            includeFirst: false);
        using var database = PostgresDatabase.Create("principal-schema");
        using var migrations = LoadedMigrations.Open(project, options => options.UseNpgsql(database.ConnectionString)
            .ConfigureWarnings(w => w.Ignore(Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.PendingModelChangesWarning)));

        migrations.Migrator.Migrate(project.History[0].Id);
        string before;
        using (var connection = database.Open())
        {
            // Customer 7 is in shop only: a note of customer 7 can be kept only by a key onto shop.Customers.
            Execute(connection, "INSERT INTO shop.\"Customers\" (\"Id\") VALUES (7)");
            Execute(connection, "INSERT INTO archive.\"Customers\" (\"Id\") VALUES (8)");
            before = PostgresSchema(connection);
        }

        migrations.Migrator.Migrate(project.Last.Id);
        migrations.Migrator.Migrate(project.History[0].Id);
        using (var connection = database.Open())
        {
            Assert.Equal(before, PostgresSchema(connection));
            Execute(connection, "INSERT INTO \"Note\" (\"Id\", \"CustomerId\") VALUES (1, 7)");
            Assert.ThrowsAny<DbException>(() => Execute(connection, "INSERT INTO \"Note\" (\"Id\", \"CustomerId\") VALUES (2, 8)"));
            Assert.Equal(1L, Convert.ToInt64(Scalar(connection, "SELECT COUNT(*) FROM \"Note\"")));
        }
    }

    /// <summary>
    /// Customers in the default schema and in shop, each with its own Email and IX_Customers_Email: the generated Down of the
    /// migration that drops shop's pair re-creates shop's, though the default schema's table comes first in the Designer.
    /// </summary>
    [PostgresFact]
    public void PostgreSql_generated_Down_recreates_the_column_and_index_of_the_operation_s_schema()
    {
        using var database = PostgresDatabase.Create("schema-pairs");
        RoundTrip(
            TestProvider.PostgreSql,
            [
                ("Initial", m => Rules.RollbackMismatchRuleTests.CustomersInDefaultAndShopSchemas(m, shopEmail: true)),
                ("DropShopEmail", m => Rules.RollbackMismatchRuleTests.CustomersInDefaultAndShopSchemas(m, shopEmail: false)),
            ],
            options => options.UseNpgsql(database.ConnectionString),
            database.Open,
            PostgresSchema);
    }

    /// <summary>
    /// Each migration of the history, marked [GenerateRollback]: Up, the generated Down (the schema must be the one before,
    /// and rows outside the model intact), and Up again. <paramref name="afterFirst"/> runs once, after the first Up.
    /// </summary>
    private void RoundTrip(
        TestProvider provider,
        (string Name, Action<ModelBuilder> Model)[] steps,
        Action<DbContextOptionsBuilder> configure,
        Func<DbConnection> open,
        Func<DbConnection, string> dumpSchema,
        Action<DbConnection>? afterFirst = null)
    {
        var project = RollbackHarness.MarkForRollback(MigrationProject.Scaffold(provider, steps));
        project.Sources.RemoveAll(s => s.Path == "/ShopContext.cs");
        project.Sources.Add(("/ShopContext.cs", LoadedMigrations.ConfigurableContext));
        var (driver, compilation) = RollbackHarness.Run(RollbackHarness.Compile(project.Sources));
        Assert.Equal(project.History.Count, driver.GetRunResult().GeneratedTrees.Length);

        var context = new AssemblyLoadContext("rollback-" + provider, isCollectible: true);
        try
        {
            var assembly = LoadedMigrations.Load(compilation, context);
            var options = new DbContextOptionsBuilder();
            configure(options);
            using var db = (DbContext)Activator.CreateInstance(assembly.GetType("Sample.ShopContext")!, options.Options)!;
            var migrator = db.GetService<IMigrator>();

            // Rows outside EF's model: no migration touches this table, so its rows must survive every Up and Down.
            using (var connection = open())
            {
                Execute(connection, "CREATE TABLE audit_log (id INTEGER PRIMARY KEY, note VARCHAR(50) NOT NULL)");
                for (var i = 1; i <= 100; i++)
                {
                    Execute(connection, $"INSERT INTO audit_log (id, note) VALUES ({i}, 'entry {i}')");
                }
            }

            var previous = Migration.InitialDatabase;
            foreach (var migration in project.History)
            {
                string before;
                using (var connection = open())
                {
                    before = dumpSchema(connection);
                }

                migrator.Migrate(migration.Id);
                migrator.Migrate(previous);
                using (var connection = open())
                {
                    Assert.Equal(before, dumpSchema(connection));
                    Assert.Equal(100L, Convert.ToInt64(Scalar(connection, "SELECT COUNT(*) FROM audit_log WHERE note = 'entry ' || CAST(id AS VARCHAR(10))")));
                }

                // Forward again, to set up the next migration's starting point.
                migrator.Migrate(migration.Id);
                if (afterFirst is not null && ReferenceEquals(migration, project.History[0]))
                {
                    using var connection = open();
                    afterFirst(connection);
                }

                output.WriteLine($"{migration.Id}: Up, generated Down and Up again; schema restored");
                previous = migration.Id;
            }
        }
        finally
        {
            context.Unload();
        }
    }

    internal static string PostgresSchema(DbConnection connection) => string.Join("\n", new[]
    {
        "columns:",
        Rows(connection, """
            SELECT table_schema, table_name, column_name, data_type, character_maximum_length, numeric_precision, numeric_scale,
                   is_nullable, column_default, is_identity, identity_generation
            FROM information_schema.columns
            WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_name NOT LIKE '__EF%'
            ORDER BY table_schema, table_name, column_name
            """),
        "indexes:",
        Rows(connection, "SELECT schemaname, tablename, indexname, indexdef FROM pg_indexes WHERE schemaname NOT IN ('pg_catalog', 'information_schema') AND tablename NOT LIKE '__EF%' ORDER BY schemaname, tablename, indexname"),
        "constraints:",
        Rows(connection, """
            SELECT n.nspname, c.conrelid::regclass::text, c.conname, c.contype, pg_get_constraintdef(c.oid)
            FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
            WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND c.conrelid::regclass::text NOT LIKE '%__EF%'
            ORDER BY n.nspname, c.conrelid::regclass::text, c.conname
            """),
    });
}
