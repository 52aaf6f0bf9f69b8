using Microsoft.EntityFrameworkCore;
using Npgsql;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.TestKit.Databases;
using SafeMigrations.TestKit.Scaffolding;
using static SafeMigrations.Analyzers.Tests.Verifiers.DatabaseCommands;

namespace SafeMigrations.Analyzers.Tests.Rules;

/// <summary>
/// The PostgreSQL facts SM2004-SM2007 rely on, checked on a real server with the SQL Npgsql generates for the
/// scaffolded migrations: which lock each statement holds (pg_locks, inside the migration's transaction), and
/// whether an added column rewrites the table (its relfilenode changes). Each rule must fire exactly where
/// the database shows the lock or the rewrite.
/// </summary>
public class PostgresLockProofTests
{
    private static MigrationProject Scaffold(Action<ModelBuilder> before, Action<ModelBuilder> after) =>
        MigrationProject.Scaffold(TestProvider.PostgreSql, ("Initial", before), ("Step", after));

    [PostgresFact]
    public async Task AddForeignKey_holds_SHARE_ROW_EXCLUSIVE_on_both_tables_and_SM2004_fires()
    {
        var project = Scaffold(LockModels.CustomersAndUnrelatedOrders, Models.CustomersAndOrders);
        var locks = LocksHeldBy(LockModels.CustomersAndUnrelatedOrders, Models.CustomersAndOrders, project, "ALTER TABLE \"Orders\" ADD CONSTRAINT");

        Assert.Contains(("Orders", "ShareRowExclusiveLock"), locks);
        Assert.Contains(("Customers", "ShareRowExclusiveLock"), locks);
        Assert.Equal(["SM2004"], await Fired(project, "SM2004"));
    }

    [PostgresFact]
    public async Task AddCheckConstraint_holds_ACCESS_EXCLUSIVE_and_SM2005_fires()
    {
        var project = Scaffold(Models.Customers, LockModels.CustomersWithPointsCheck);
        var locks = LocksHeldBy(Models.Customers, LockModels.CustomersWithPointsCheck, project, "ALTER TABLE \"Customers\" ADD CONSTRAINT");

        Assert.Contains(("Customers", "AccessExclusiveLock"), locks);
        Assert.Equal(["SM2005"], await Fired(project, "SM2005"));
    }

    [PostgresFact]
    public async Task AddUniqueConstraint_and_AddPrimaryKey_hold_ACCESS_EXCLUSIVE_and_SM2006_fires()
    {
        var unique = Scaffold(Models.Customers, LockModels.CustomersWithUniquePoints);
        Assert.Contains(("Customers", "AccessExclusiveLock"), LocksHeldBy(Models.Customers, LockModels.CustomersWithUniquePoints, unique, "ALTER TABLE \"Customers\" ADD CONSTRAINT"));
        Assert.Equal(["SM2006"], await Fired(unique, "SM2006"));

        var key = Scaffold(LockModels.KeylessCustomers, LockModels.CustomersKeyedOnId);
        Assert.Contains(("Customers", "AccessExclusiveLock"), LocksHeldBy(LockModels.KeylessCustomers, LockModels.CustomersKeyedOnId, key, "ALTER TABLE \"Customers\" ADD CONSTRAINT"));
        Assert.Equal(["SM2006"], await Fired(key, "SM2006"));
    }

    public static TheoryData<string, bool> Columns() => new()
    {
        { "default gen_random_uuid()", true },
        { "default now()", false },
        { "default CURRENT_TIMESTAMP", false },
        { "default statement_timestamp()", false },
        { "constant default", false },
        { "stored generated column", true },
        { "identity column", true },
    };

    private static Action<ModelBuilder> Step(string name) => name switch
    {
        "default gen_random_uuid()" => LockModels.Members([nameof(Member.Token)], b => b.Property(m => m.Token).HasDefaultValueSql("gen_random_uuid()")),
        "default now()" => LockModels.Members([nameof(Member.JoinedAt)], b => b.Property(m => m.JoinedAt).HasDefaultValueSql("now()")),
        "default CURRENT_TIMESTAMP" => LockModels.Members([nameof(Member.JoinedAt)], b => b.Property(m => m.JoinedAt).HasDefaultValueSql("CURRENT_TIMESTAMP")),
        "default statement_timestamp()" => LockModels.Members([nameof(Member.JoinedAt)], b => b.Property(m => m.JoinedAt).HasDefaultValueSql("statement_timestamp()")),
        "constant default" => LockModels.Members([nameof(Member.Score)], b => b.Property(m => m.Score).HasDefaultValue(10)),
        "stored generated column" => LockModels.Members([nameof(Member.DoubleScore)], b => b.Property(m => m.DoubleScore).HasComputedColumnSql("\"Id\" * 2", stored: true)),
        _ => LockModels.Members([nameof(Member.Score)], b => b.Property(m => m.Score).UseIdentityByDefaultColumn()),
    };

    [PostgresTheory]
    [MemberData(nameof(Columns))]
    public async Task SM2007_fires_exactly_when_AddColumn_rewrites_the_table(string name, bool rewrites)
    {
        var initial = LockModels.Members([]);
        var step = Step(name);
        var project = Scaffold(initial, step);

        using var database = PostgresDatabase.Create("sm2007");
        using var connection = database.Open();
        Run(connection, EfSql.Postgres(initial, project.History[0].UpOperations));
        Execute(connection, "INSERT INTO \"Members\" (\"Id\", \"Name\") OVERRIDING SYSTEM VALUE VALUES (1, 'Ada'), (2, 'Grace');");
        var before = Scalar(connection, "SELECT pg_relation_filenode('\"Members\"')");

        Run(connection, EfSql.Postgres(step, project.Last.UpOperations));

        Assert.Equal(rewrites, !Equals(before, Scalar(connection, "SELECT pg_relation_filenode('\"Members\"')")));
        Assert.Equal(rewrites ? ["SM2007"] : [], await Fired(project, "SM2007"));
    }

    /// <summary>Runs the step's SQL up to and including the statement starting with <paramref name="statement"/> in one transaction, and returns the relation locks held then.</summary>
    private static List<(string Table, string Mode)> LocksHeldBy(Action<ModelBuilder> before, Action<ModelBuilder> after, MigrationProject project, string statement)
    {
        using var database = PostgresDatabase.Create("smlocks");
        using var connection = database.Open();
        Run(connection, EfSql.Postgres(before, project.History[0].UpOperations));

        using var transaction = connection.BeginTransaction();
        foreach (var command in EfSql.Postgres(after, project.Last.UpOperations))
        {
            Execute(connection, command.CommandText, transaction);
            if (command.CommandText.TrimStart().StartsWith(statement, StringComparison.Ordinal))
            {
                break;
            }
        }

        var locks = new List<(string, string)>();
        using (var query = new NpgsqlCommand(
            "SELECT c.relname, l.mode FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE l.pid = pg_backend_pid() AND c.relkind = 'r'",
            connection,
            transaction))
        using (var reader = query.ExecuteReader())
        {
            while (reader.Read())
            {
                locks.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        transaction.Rollback();
        return locks;
    }

    private static async Task<List<string>> Fired(MigrationProject project, string id)
    {
        var diagnostics = await CompilationHarness.AnalyzeAsync(CompilationHarness.Compile(project.Sources), new SafeMigrationsAnalyzer());
        return diagnostics.Where(d => d.Id == id).Select(d => d.Id).ToList();
    }
}
