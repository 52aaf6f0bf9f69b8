using System.Data.Common;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Internal;
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


    // "SM1004 beside" is SM1004's fix on a migration that also adds a column to another table; "SM1002 child schema" renames
    // a table whose foreign key belongs to a table in another schema.
    private static readonly string[] CaseIds = { "SM1002", "SM1002 child schema", "SM1004", "SM1004 beside", "SM2001", "SM2003", "SM2004", "SM2005", "SM2006", "SM2007", "SM2009", "SM4002", "SM4003", "SM2002:SetNotNullSafely", "SM2002:AddUniqueConstraintUsingIndex", "SM2002:DropIndexConcurrently" };

    public static TheoryData<string> Cases => new(CaseIds);

    // SM2009's raw index and SM1002's compatibility view are in no model (in the unfixed history either): no Designer can describe them.
    public static TheoryData<string> DesignerCases => new(CaseIds.Where(id => id != "SM2009" && !id.StartsWith("SM1002", StringComparison.Ordinal)));

    [PostgresTheory]
    [MemberData(nameof(Cases))]
    public async Task Fixed_history_matches_the_unfixed_schema_and_keeps_every_row(string id)
    {
        var (project, fix) = Case(id);
        var fixedProject = await FixHarness.FixAsync(project, TestProvider.PostgreSql, fix, id.Split(':', ' ')[0], "dotnet_diagnostic.SM3002.severity = none" + (id == "SM4002" ? "\ndotnet_diagnostic.SM4003.severity = none" : string.Empty));

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

    /// <summary>
    /// Every migration's Designer describes the schema after it: migrated one migration at a time, the database
    /// equals a fresh one that EF builds from that migration's target model alone. (SM2009's raw index is not in
    /// any model, as in the unfixed history, so it is left out.)
    /// </summary>
    [PostgresTheory]
    [MemberData(nameof(DesignerCases))]
    public async Task Every_Designer_of_the_fixed_history_describes_the_schema_after_its_migration(string id)
    {
        var (project, fix) = Case(id);
        var fixedProject = await FixHarness.FixAsync(project, TestProvider.PostgreSql, fix, id.Split(':', ' ')[0], "dotnet_diagnostic.SM3002.severity = none" + (id == "SM4002" ? "\ndotnet_diagnostic.SM4003.severity = none" : string.Empty));
        var sources = fixedProject.Sources.Where(s => s.Path != "/ShopContext.cs").Append(("/ShopContext.cs", LoadedMigrations.ConfigurableContext)).ToList();
        var (_, compilation) = Rollback.RollbackHarness.Run(Rollback.RollbackHarness.Compile(sources));
        var loadContext = new AssemblyLoadContext("designers", isCollectible: true);
        try
        {
            var assembly = LoadedMigrations.Load(compilation, loadContext);
            AssertEveryDesignerDescribesItsSchema(
                PostgresDatabase.Create,
                database => Open(assembly, database),
                database => database.Open(),
                (migrated, fromModel) =>
                {
                    var expected = Schema(fromModel);
                    return (WithoutPlaceholderDefaults(Schema(migrated), expected), expected);
                });
        }
        finally
        {
            loadContext.Unload();
        }
    }

    /// <summary>
    /// Migrates a fresh database one migration at a time and, after each, compares it with a fresh database that EF builds
    /// from that migration's target model alone (<paramref name="schemas"/> gives both schemas as text, normalized for what
    /// no model holds); then checks that the next migration would be empty.
    /// </summary>
    private static void AssertEveryDesignerDescribesItsSchema<TDatabase>(
        Func<string, TDatabase> create,
        Func<TDatabase, DbContext> open,
        Func<TDatabase, DbConnection> connect,
        Func<DbConnection, DbConnection, (string Migrated, string FromModel)> schemas)
        where TDatabase : IDisposable
    {
        using var migrated = create("migrated");
        using var db = open(migrated);
        var migrations = db.GetService<IMigrationsAssembly>();
        IModel? target = null;
        var checkedCount = 0;
        foreach (var (migrationId, type) in migrations.Migrations.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            db.GetService<IMigrator>().Migrate(migrationId);
            target = migrations.CreateMigration(type, db.Database.ProviderName!).TargetModel;
            Assert.NotNull(target);
            using var fromModel = create("designer");
            using (var empty = open(fromModel))
            {
                var model = empty.GetService<IModelRuntimeInitializer>().Initialize(target!, designTime: true);
                var operations = empty.GetService<IMigrationsModelDiffer>().GetDifferences(null, model.GetRelationalModel());
                using var connection = connect(fromModel);
                DatabaseCommands.Run(connection, empty.GetService<IMigrationsSqlGenerator>().Generate(operations, model));
            }

            using var left = connect(migrated);
            using var right = connect(fromModel);
            var (actual, expected) = schemas(left, right);
            Assert.True(actual == expected, $"{migrationId}: the database after it differs from its Designer's model\nmigrated:\n{actual}\n\nfrom the Designer:\n{expected}");
            checkedCount++;
        }

        Assert.True(checkedCount >= 3, "the fix should have added a migration to the two scaffolded ones");
        AssertNextMigrationIsEmpty(db, migrations, target!);
    }

    /// <summary>
    /// What `dotnet ef migrations add` and `has-pending-model-changes` compare: the last target model and the (unchanged)
    /// snapshot. No difference means the next migration is empty.
    /// </summary>
    private static void AssertNextMigrationIsEmpty(DbContext db, IMigrationsAssembly migrations, IModel target)
    {
        var initializer = db.GetService<IModelRuntimeInitializer>();
        var last = initializer.Initialize(target, designTime: true).GetRelationalModel();
        var snapshot = initializer.Initialize(migrations.ModelSnapshot!.Model, designTime: true).GetRelationalModel();
        Assert.Empty(db.GetService<IMigrationsModelDiffer>().GetDifferences(last, snapshot));
    }

    public static TheoryData<string> SqliteCases => new() { "SM1001", "SM1003", "SM1004", "SM1007", "SM1008" };

    /// <summary>
    /// The same on SQLite, for the fixes whose steps differ there: EF rebuilds a table from the migration's target
    /// model, so a Designer that is wrong here would also rebuild the table wrong. Sync triggers are in no model (as
    /// the compatibility view on PostgreSQL), and a placeholder default that EF's AddColumn leaves in the database
    /// is in no model either (in the unfixed history too): neither is compared.
    /// </summary>
    [Theory]
    [MemberData(nameof(SqliteCases))]
    public async Task Every_Designer_of_a_fixed_SQLite_history_describes_the_schema_after_its_migration(string id)
    {
        // SM1004: the drop beside another change, where the expand's Designer keeps the table (and, on SQLite, its key).
        var (steps, fix) = id == "SM1004"
            ? (new (string, Action<ModelBuilder>)[] { ("Initial", Models.CustomersAndOrders), ("DropOrdersAddVisits", MoveFixTests.CustomersWithVisits) }, new DropTableContractFix())
            : (ExpandContractDeploymentTests.For(id).Steps, ExpandContractDeploymentTests.For(id).Fix);
        var project = FixHarness.Scaffold(TestProvider.Sqlite, steps);
        var fixedProject = await FixHarness.FixAsync(project, TestProvider.Sqlite, fix, id, "dotnet_diagnostic.SM2008.severity = none");
        var sources = fixedProject.Sources.Where(s => s.Path != "/ShopContext.cs").Append(("/ShopContext.cs", LoadedMigrations.ConfigurableContext)).ToList();
        var (_, compilation) = Rollback.RollbackHarness.Run(Rollback.RollbackHarness.Compile(sources));
        var loadContext = new AssemblyLoadContext("sqlite-designers", isCollectible: true);
        try
        {
            var assembly = LoadedMigrations.Load(compilation, loadContext);
            DbContext Open(SqliteDatabase database) => (DbContext)Activator.CreateInstance(
                assembly.GetType("Sample.ShopContext")!,
                new DbContextOptionsBuilder().UseSqlite(database.ConnectionString)
                    .ConfigureWarnings(w => w.Ignore(Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.PendingModelChangesWarning)).Options)!;
            AssertEveryDesignerDescribesItsSchema(
                SqliteDatabase.Create,
                Open,
                database => database.Open(),
                (migrated, fromModel) =>
                {
                    var expected = DatabaseCommands.SqliteSchema(fromModel);
                    return (WithoutSqlitePlaceholderDefaults(WithoutTriggers(DatabaseCommands.SqliteSchema(migrated)), expected), expected);
                });
        }
        finally
        {
            loadContext.Unload();
        }
    }

    private static string WithoutTriggers(string schema) =>
        string.Join("\n", schema.Split('\n').Where(l => !l.StartsWith("trigger | ", StringComparison.Ordinal)));

    /// <summary>A column default in the database (<c>name | type | notnull | default | pk</c>) that the model's schema does not have.</summary>
    private static string WithoutSqlitePlaceholderDefaults(string migrated, string fromModel)
    {
        static IEnumerable<(string Table, string Line)> Columns(string schema)
        {
            var table = string.Empty;
            foreach (var line in schema.Split('\n'))
            {
                table = line.StartsWith("table ", StringComparison.Ordinal) ? line : table;
                yield return (table, line);
            }
        }

        var modelDefaults = Columns(fromModel).Select(c => (c.Table, Fields: c.Line.Split(" | "))).Where(c => c.Fields.Length == 5).ToDictionary(c => c.Table + c.Fields[0], c => c.Fields[3]);
        return string.Join("\n", Columns(migrated).Select(c =>
        {
            var fields = c.Line.Split(" | ");
            if (fields.Length == 5 && modelDefaults.TryGetValue(c.Table + fields[0], out var modelDefault) && modelDefault == "NULL")
            {
                fields[3] = "NULL";
            }

            return string.Join(" | ", fields);
        }));
    }

    /// <summary>The schema without what a Designer cannot say: whether a constraint has been validated yet.</summary>
    private static string Schema(DbConnection connection) => Rollback.RollbackDatabaseTests.PostgresSchema(connection).Replace(" NOT VALID", string.Empty);

    /// <summary>
    /// EF's AddColumn of a NOT NULL column leaves its placeholder default (0, '') in the database, never in the
    /// model (the same in the unfixed history): a column default the model has no default for is not compared.
    /// </summary>
    private static string WithoutPlaceholderDefaults(string migrated, string fromModel)
    {
        var modelDefaults = fromModel.Split('\n').Select(l => l.Split(" | ")).Where(f => f.Length == 11).ToDictionary(f => string.Join("|", f.Take(3)), f => f[8]);
        return string.Join("\n", migrated.Split('\n').Select(line =>
        {
            var fields = line.Split(" | ");
            if (fields.Length == 11 && modelDefaults.TryGetValue(string.Join("|", fields.Take(3)), out var modelDefault) && modelDefault == "NULL")
            {
                fields[8] = "NULL";
            }

            return string.Join(" | ", fields);
        }));
    }

    private static DbContext Open(System.Reflection.Assembly assembly, PostgresDatabase database) =>
        (DbContext)Activator.CreateInstance(
            assembly.GetType("Sample.ShopContext")!,
            new DbContextOptionsBuilder().UseNpgsql(database.ConnectionString)
                .ConfigureWarnings(w => w.Ignore(Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.PendingModelChangesWarning)).Options)!;

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
            case "SM1002":
                return (FixHarness.Scaffold(TestProvider.PostgreSql, ("Initial", Models.CustomersAndOrders), ("RenameCustomers", ExpandContractFixTests.ClientsAndOrders)), new RenameTableExpandContractFix());
            case "SM1002 child schema":
                return (FixHarness.Scaffold(TestProvider.PostgreSql, ("Initial", m => CustomersAndLinesInAppSchema(m, "Customers")), ("RenameCustomers", m => CustomersAndLinesInAppSchema(m, "Clients"))), new RenameTableExpandContractFix());
            case "SM1004":
                return (FixHarness.Scaffold(TestProvider.PostgreSql, ("Initial", Models.CustomersAndOrders), ("DropOrders", Models.Customers)), new DropTableContractFix());
            case "SM1004 beside":
                return (FixHarness.Scaffold(TestProvider.PostgreSql, ("Initial", Models.CustomersAndOrders), ("DropOrdersAddVisits", MoveFixTests.CustomersWithVisits)), new DropTableContractFix());
            case "SM2006":
                return (BackfillFixTests.UniquePoints(withOtherChange: true), new AddUniqueConstraintUsingIndexFix());
            case "SM2007":
                return (BackfillFixTests.AddToken(TestProvider.PostgreSql, "gen_random_uuid()"), new AddColumnWithoutRewriteFix());
            case "SM4002":
                return (MoveFixTests.WithStatementAfterAddColumn(TestProvider.PostgreSql, "migrationBuilder.Sql(\"UPDATE \\\"Customers\\\" SET \\\"Visits\\\" = 1;\");"), new BackfillInBatchesFix());
            case "SM2002:SetNotNullSafely" or "SM2002:AddUniqueConstraintUsingIndex" or "SM2002:DropIndexConcurrently":
                return (MoveFixTests.WithModelHelper(id.Split(':')[1]), new MoveToOwnMigrationFix());
            case "SM2009":
                return (MoveFixTests.WithStatementAfterAddColumn(TestProvider.PostgreSql, "migrationBuilder.Sql(\"CREATE INDEX CONCURRENTLY \\\"IX_Customers_Points\\\" ON \\\"Customers\\\" (\\\"Points\\\");\");"), new MoveToOwnMigrationFix());
            default:
                return (MoveFixTests.WithStatementAfterAddColumn(TestProvider.PostgreSql, "migrationBuilder.Sql(\"UPDATE \\\"Customers\\\" SET \\\"Visits\\\" = \\\"Points\\\" + 1;\");"), new MoveToOwnMigrationFix());
        }
    }

    /// <summary>Migrates a project's history over seeded rows; returns the final schema and the rows' digest.</summary>
    /// <returns>The final digest, and the tables whose file changed while migrating forward (a rewrite).</returns>
    /// <summary>Customers under <paramref name="customers"/>, and orders (with their key onto customers) in the app schema.</summary>
    private static void CustomersAndLinesInAppSchema(ModelBuilder model, string customers)
    {
        model.Entity<Customer>(b => b.ToTable(customers));
        model.Entity<Order>(b => b.ToTable("OrderLines", "app"));
    }

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
        if (Exists(connection, "Customers") && !Exists(connection, "Clients"))
        {
            Assert.Equal((long)Rows, Convert.ToInt64(Scalar(connection, "SELECT COUNT(*) FROM \"Customers\"")));
            digest += "\nCustomers:\n" + DatabaseCommands.Rows(connection, "SELECT * FROM \"Customers\" ORDER BY \"Id\"");
        }

        if (Exists(connection, "Clients"))
        {
            digest += "\nClients:\n" + DatabaseCommands.Rows(connection, "SELECT * FROM \"Clients\" ORDER BY \"Id\"");
        }

        if (Exists(connection, "Clients"))
        {
            digest += "\nClients:\n" + DatabaseCommands.Rows(connection, "SELECT * FROM \"Clients\" ORDER BY \"Id\"");
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
