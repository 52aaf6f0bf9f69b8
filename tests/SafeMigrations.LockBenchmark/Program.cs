using System.Diagnostics;
using System.Globalization;
using EFCore.SafeMigrations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using SafeMigrations.TestKit.Databases;

// For each case, a fresh database with the table(s) seeded, a writer doing single-row UPDATEs and INSERTs every
// ~2 ms, then the migration's operations run through EF Core's own migrations SQL generator and command executor
// (transactions and suppressTransaction exactly as Migrate() runs them). The writer's latencies during the
// migration window give max and p99.
var rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
var results = new List<Result>();

foreach (var benchmark in Benchmarks.All)
{
    foreach (var helper in new[] { false, true })
    {
        Console.Error.WriteLine($"{benchmark.Name} / {(helper ? "helpers" : "plain EF")} ...");
        results.Add(Run(benchmark, helper, rows));
    }
}

Console.WriteLine($"PostgreSQL {ServerVersion()}, {rows:N0} rows, writer: one single-row UPDATE or INSERT every ~2 ms (synchronous_commit off, so latency is lock waits).");
Console.WriteLine();
Console.WriteLine("| case | migration | duration | writer max | writer p99 | writes during migration |");
Console.WriteLine("|---|---|---:|---:|---:|---:|");
foreach (var r in results)
{
    Console.WriteLine(
        $"| {r.Case} | {r.Variant} | {Ms(r.Duration)} | {Ms(r.Max)} | {Ms(r.P99)} | {r.Writes:N0} |");
}

return 0;

static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("N0", CultureInfo.InvariantCulture) + " ms";

static string ServerVersion()
{
    using var connection = new NpgsqlConnection(PostgresServer.ConnectionString);
    connection.Open();
    return connection.PostgreSqlVersion.ToString();
}

static Result Run(Benchmark benchmark, bool helper, int rows)
{
    using var db = PostgresDatabase.Create("sm_bench");
    using (var connection = db.Open())
    {
        foreach (var sql in benchmark.Setup(rows))
        {
            using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
            command.ExecuteNonQuery();
        }
    }

    var options = new DbContextOptionsBuilder<BenchContext>().UseNpgsql(db.ConnectionString).Options;
    using var context = new BenchContext(options);
    var steps = helper ? benchmark.Helper : benchmark.Plain;
    var commands = steps.Select(step =>
    {
        var builder = new MigrationBuilder(context.Database.ProviderName);
        step(builder);
        return context.GetService<IMigrationsSqlGenerator>().Generate(builder.Operations);
    }).ToList();

    using var writer = new Writer(db.ConnectionString, benchmark.Write, rows);
    writer.Start();
    Thread.Sleep(500);
    writer.BeginWindow();
    var stopwatch = Stopwatch.StartNew();
    foreach (var migration in commands)
    {
        // One migration each: EF Core runs each migration's commands in its own transaction.
        context.GetService<IMigrationCommandExecutor>().ExecuteNonQuery(migration, context.GetService<IRelationalConnection>());
    }

    stopwatch.Stop();
    writer.EndWindow();
    Thread.Sleep(200);
    var latencies = writer.StopAndCollect();

    latencies.Sort();
    var p99 = latencies.Count == 0 ? TimeSpan.Zero : latencies[(int)Math.Min(latencies.Count - 1, Math.Ceiling(latencies.Count * 0.99) - 1)];
    return new Result(
        benchmark.Name,
        helper ? benchmark.HelperLabel : benchmark.PlainLabel,
        stopwatch.Elapsed,
        latencies.Count == 0 ? TimeSpan.Zero : latencies[^1],
        p99,
        latencies.Count,
        writer.Errors);
}

internal sealed record Result(string Case, string Variant, TimeSpan Duration, TimeSpan Max, TimeSpan P99, int Writes, int Errors);

internal sealed class BenchContext(DbContextOptions<BenchContext> options) : DbContext(options);

/// <summary>
/// A writer on its own connection: single-row statements every ~2 ms, each timed. A write counts for the
/// migration window when it started inside it, so a write that the migration blocked until its commit counts
/// with its whole wait.
/// </summary>
internal sealed class Writer : IDisposable
{
    private readonly string _connectionString;
    private readonly Func<int, string> _write;
    private readonly int _rows;
    private readonly List<(long Started, TimeSpan Latency)> _samples = [];
    private long _windowStart;
    private long _windowEnd;
    private volatile bool _stop;
    private Thread? _thread;

    public Writer(string connectionString, Func<int, string> write, int rows)
    {
        _connectionString = connectionString;
        _write = write;
        _rows = rows;
    }

    public int Errors { get; private set; }

    public void Start()
    {
        _thread = new Thread(Loop) { IsBackground = true };
        _thread.Start();
    }

    public void BeginWindow() => _windowStart = Stopwatch.GetTimestamp();

    public void EndWindow() => _windowEnd = Stopwatch.GetTimestamp();

    /// <summary>Stops the writer (letting its last write finish) and returns the latencies of the window.</summary>
    public List<TimeSpan> StopAndCollect()
    {
        Stop();
        lock (_samples)
        {
            return _samples.Where(s => s.Started >= _windowStart && s.Started <= _windowEnd).Select(s => s.Latency).ToList();
        }
    }

    public void Stop()
    {
        _stop = true;
        _thread?.Join(TimeSpan.FromSeconds(60));
    }

    public void Dispose() => Stop();

    private void Loop()
    {
        using var connection = new NpgsqlConnection(_connectionString);
        connection.Open();

        // Measure lock waits, not WAL flushes: the writer does not wait for its commits to reach the disk.
        using (var setup = new NpgsqlCommand("SET synchronous_commit = off", connection))
        {
            setup.ExecuteNonQuery();
        }

        var random = new Random(42);
        var deadline = Stopwatch.StartNew();
        while (!_stop && deadline.Elapsed < TimeSpan.FromMinutes(10))
        {
            var sql = _write(random.Next(1, _rows + 1));
            var started = Stopwatch.GetTimestamp();
            try
            {
                using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
                command.ExecuteNonQuery();
            }
            catch (PostgresException)
            {
                Errors++;
            }

            var elapsed = Stopwatch.GetElapsedTime(started);
            lock (_samples)
            {
                _samples.Add((started, elapsed));
            }

            Thread.Sleep(2);
        }
    }
}

internal sealed record Benchmark(
    string Name,
    Func<int, string[]> Setup,
    Func<int, string> Write,
    string PlainLabel,
    Action<MigrationBuilder>[] Plain,
    string HelperLabel,
    Action<MigrationBuilder>[] Helper);

internal static class Benchmarks
{
    private static string[] Items(int rows) =>
    [
        "CREATE TABLE \"Items\" (\"Id\" integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, \"Code\" integer NULL, \"Note\" text NULL, \"Counter\" integer NOT NULL DEFAULT 0)",
        $"INSERT INTO \"Items\" (\"Code\", \"Note\") SELECT i, 'note ' || i FROM generate_series(1, {rows}) AS s(i)",
        "SELECT setval(pg_get_serial_sequence('\"Items\"', 'Id'), (SELECT max(\"Id\") FROM \"Items\"))",
        "VACUUM ANALYZE \"Items\"",
    ];

    // Alternate a single-row UPDATE and a single-row INSERT.
    private static string WriteItems(int id)
        => id % 2 == 0
            ? $"UPDATE \"Items\" SET \"Counter\" = \"Counter\" + 1 WHERE \"Id\" = {id}"
            : $"INSERT INTO \"Items\" (\"Note\") VALUES ('writer {id}')";

    public static Benchmark[] All =>
    [
        new(
            "index creation",
            Items,
            WriteItems,
            "CreateIndex",
            [b => b.CreateIndex("IX_Items_Code", "Items", "Code")],
            "CreateIndex + Npgsql:CreatedConcurrently",
            [b => b.CreateIndex("IX_Items_Code", "Items", "Code").Annotation("Npgsql:CreatedConcurrently", true)]),
        new(
            "FK add",
            rows =>
            [
                "CREATE TABLE \"Customers\" (\"Id\" integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, \"Name\" text NULL)",
                "INSERT INTO \"Customers\" (\"Name\") SELECT 'c' || i FROM generate_series(1, 10000) AS s(i)",
                "CREATE TABLE \"Orders\" (\"Id\" integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, \"CustomerId\" integer NOT NULL, \"Counter\" integer NOT NULL DEFAULT 0)",
                $"INSERT INTO \"Orders\" (\"CustomerId\") SELECT (i % 10000) + 1 FROM generate_series(1, {rows}) AS s(i)",
                "CREATE INDEX \"IX_Orders_CustomerId\" ON \"Orders\" (\"CustomerId\")",
                "VACUUM ANALYZE \"Orders\"",
                "VACUUM ANALYZE \"Customers\"",
            ],
            id => id % 2 == 0
                ? $"UPDATE \"Orders\" SET \"Counter\" = \"Counter\" + 1 WHERE \"Id\" = {id}"
                : $"INSERT INTO \"Orders\" (\"CustomerId\") VALUES ({(id % 10000) + 1})",
            "AddForeignKey",
            [b => b.AddForeignKey("FK_Orders_Customers_CustomerId", "Orders", "CustomerId", "Customers", principalColumn: "Id")],
            "AddForeignKeyNotValid, then ValidateConstraint",
            [
                b => b.AddForeignKeyNotValid("FK_Orders_Customers_CustomerId", "Orders", "CustomerId", "Customers", principalColumn: "Id"),
                b => b.ValidateConstraint("Orders", "FK_Orders_Customers_CustomerId"),
            ]),
        new(
            "NOT NULL enforcement",
            Items,
            WriteItems,
            "AlterColumn nullable: false",
            [
                b => b.AlterColumn<string>("Note", "Items", type: "text", nullable: false, oldClrType: typeof(string), oldType: "text", oldNullable: true),
            ],
            "SetNotNullSafely",
            [b => b.SetNotNullSafely("Items", "Note")]),
        new(
            "column rename",
            Items,
            WriteItems,
            "RenameColumn",
            [b => b.RenameColumn("Code", "Items", "ItemCode")],
            "expand (AddColumn, CreateColumnSync, CopyColumnData), then contract (DropColumnSync, DropColumn)",
            [
                b => b.AddColumn<int>("ItemCode", "Items", type: "integer", nullable: true),
                b =>
                {
                    b.CreateColumnSync("Items", "Code", "ItemCode");
                },
                b => b.CopyColumnData("Items", "Code", "ItemCode"),
                b =>
                {
                    b.DropColumnSync("Items", "Code", "ItemCode");
                    b.DropColumn("Code", "Items");
                },
            ]),
        new(
            "type change (int → bigint)",
            Items,
            WriteItems,
            "AlterColumn type: bigint",
            [b => b.AlterColumn<long>("Code", "Items", type: "bigint", nullable: true, oldClrType: typeof(int), oldType: "integer", oldNullable: true)],
            "expand (AddColumn bigint, CreateColumnSync, CopyColumnData), then contract (DropColumnSync, DropColumn)",
            [
                b => b.AddColumn<long>("CodeBig", "Items", type: "bigint", nullable: true),
                b => b.CreateColumnSync("Items", "Code", "CodeBig", oldToNewSql: "{0}::bigint", newToOldSql: "{0}::integer"),
                b => b.CopyColumnData("Items", "Code", "CodeBig", conversionSql: "{0}::bigint"),
                b =>
                {
                    b.DropColumnSync("Items", "Code", "CodeBig");
                    b.DropColumn("Code", "Items");
                },
            ]),
    ];
}
