using System.Diagnostics;
using System.Globalization;
using EFCore.SafeMigrations;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using SafeMigrations.CodeFixes;
using SafeMigrations.TestKit.Databases;
using SafeMigrations.TestKit.Scaffolding;

// For each case, a fresh database with the table(s) seeded, a writer doing single-row UPDATEs and INSERTs every
// ~2 ms, then the migration's operations run through EF Core's own migrations SQL generator and command executor
// (transactions and suppressTransaction exactly as Migrate() runs them). The writer's latencies during the
// migration window give max and p99. Each case runs the plain EF migration, the helpers written by hand, the
// migrations as a code fix rewrites EF's scaffolded one, and last a window of the same length without any DDL:
// the writer's own noise on this machine, which the fixed form's max is compared with. Every variant and the
// baseline run --repeat times (default 3), round after round, and the verdict compares medians: one run's max on
// a shared machine is as much the machine's noise as the migration's locks.
// Usage: [rows] [case name filter] [--repeat N]
var repeatAt = Array.IndexOf(args, "--repeat");
var repeat = repeatAt >= 0 && repeatAt + 1 < args.Length ? int.Parse(args[repeatAt + 1], CultureInfo.InvariantCulture) : 3;
var positional = args.Where((_, i) => repeatAt < 0 || (i != repeatAt && i != repeatAt + 1)).ToArray();
var rows = positional.Length > 0 ? int.Parse(positional[0], CultureInfo.InvariantCulture) : 1_000_000;
var filter = positional.Length > 1 ? positional[1] : "";
if (repeat < 1)
{
    Console.Error.WriteLine("--repeat must be at least 1");
    return 2;
}

var results = new List<Result>();

foreach (var benchmark in Benchmarks.All.Where(b => b.Name.Contains(filter, StringComparison.OrdinalIgnoreCase)))
{
    var (setup, variants) = await benchmark.PrepareAsync(rows);
    var runs = variants.Select(_ => new List<Result>()).ToList();
    var baselines = new List<Result>();
    for (var round = 1; round <= repeat; round++)
    {
        foreach (var (variant, index) in variants.Select((v, i) => (v, i)))
        {
            Console.Error.WriteLine($"{benchmark.Name} / {variant.Kind} (run {round} of {repeat}): {variant.Label} ...");
            runs[index].Add(Run(benchmark, setup, variant, rows, window: TimeSpan.Zero));
        }

        // The same window with no migration at all: how much the writer stalls on this machine anyway.
        var window = TimeSpan.FromMilliseconds(Math.Max(1000, runs.SelectMany(r => r).Max(r => r.Duration.TotalMilliseconds)));
        Console.Error.WriteLine($"{benchmark.Name} / no DDL (run {round} of {repeat}): {Ms(window)} ...");
        baselines.Add(Run(benchmark, setup, new Variant("no DDL", "none (the writer alone)", []), rows, window));
    }

    var baseline = Median(baselines);
    results.AddRange(runs.Select(r => Median(r) with { Baseline = baseline.Max }));
    results.Add(baseline with { Baseline = baseline.Max });
}

Console.WriteLine($"PostgreSQL {ServerVersion()}, {rows:N0} rows, writer: one single-row UPDATE or INSERT every ~2 ms (synchronous_commit off, so latency is lock waits); {Environment.ProcessorCount} cores.");
Console.WriteLine($"Each row: the median of {repeat} run(s) (duration, max, p99, writes); the lock wait is the longest in any run; the last column compares median maxes.");
Console.WriteLine();
Console.WriteLine("| case | variant | migration | duration | writer max | writer max, each run | writer p99 | writer's longest lock wait | writes during migration | max vs no-DDL max (bound 3x) |");
Console.WriteLine("|---|---|---|---:|---:|---:|---:|---:|---:|---|");
foreach (var r in results)
{
    // A baseline under 1 ms counts as 1 ms: below that, a stall is the writer's own round trip.
    var ratio = r.Max.TotalMilliseconds / Math.Max(1, r.Baseline.TotalMilliseconds);
    var versus = r.Kind == "no DDL"
        ? "(baseline)"
        : ratio.ToString("0.0", CultureInfo.InvariantCulture) + "x " + (ratio <= 3 ? "✓" : "✗");
    Console.WriteLine(
        $"| {r.Case} | {r.Kind} | {r.Variant} | {Ms(r.Duration)} | {Ms(r.Max)} | {string.Join(", ", r.MaxPerRun.Select(Ms))} | {Ms(r.P99)} | {Ms(r.LockWait)} | {r.Writes:N0} | {versus} |");
    if (r.LockWait > TimeSpan.FromMilliseconds(5))
    {
        Console.Error.WriteLine($"{r.Case} / {r.Kind}: longest lock wait {Ms(r.LockWait)} behind: {r.LockWaitBehind}");
    }

    if (r.Errors > 0)
    {
        Console.Error.WriteLine($"{r.Case} / {r.Kind}: {r.Errors} writer errors (all runs)");
    }
}

return 0;

static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString(t.TotalMilliseconds < 10 ? "0.0" : "N0", CultureInfo.InvariantCulture) + " ms";

// The median of each measure over a variant's runs (the upper one of an even count); errors add up, and the lock wait
// is the longest seen, with what it waited behind: a single long wait is the signal a median would hide.
static Result Median(IReadOnlyList<Result> runs)
{
    static T Mid<T>(IEnumerable<T> values) => values.Order().ElementAt(values.Count() / 2);
    var longest = runs.MaxBy(r => r.LockWait)!;
    return runs[0] with
    {
        Duration = Mid(runs.Select(r => r.Duration)),
        Max = Mid(runs.Select(r => r.Max)),
        P99 = Mid(runs.Select(r => r.P99)),
        Writes = Mid(runs.Select(r => r.Writes)),
        Errors = runs.Sum(r => r.Errors),
        LockWait = longest.LockWait,
        LockWaitBehind = longest.LockWaitBehind,
        MaxPerRun = runs.Select(r => r.Max).ToList(),
    };
}

static string ServerVersion()
{
    using var connection = new NpgsqlConnection(PostgresServer.ConnectionString);
    connection.Open();
    return connection.PostgreSqlVersion.ToString();
}

static Result Run(Benchmark benchmark, IReadOnlyList<string> setup, Variant variant, int rows, TimeSpan window)
{
    using var db = PostgresDatabase.Create("sm_bench");
    using (var connection = db.Open())
    {
        foreach (var sql in setup)
        {
            using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
            command.ExecuteNonQuery();
        }
    }

    var options = new DbContextOptionsBuilder<BenchContext>().UseNpgsql(db.ConnectionString).Options;
    using var context = new BenchContext(options);
    var commands = variant.Migrations.Select(operations => context.GetService<IMigrationsSqlGenerator>().Generate(operations)).ToList();
    if (Environment.GetEnvironmentVariable("LOCKBENCH_SQL") == "1")
    {
        Console.Error.WriteLine(string.Join("\n-- next migration\n", commands.Select(m => string.Join("\n", m.Select(c => c.CommandText)))));
    }

    using var writer = new Writer(db.ConnectionString, benchmark.Write, benchmark.NewWrite, rows);
    writer.Start();
    Thread.Sleep(500);
    writer.BeginWindow();
    var stopwatch = Stopwatch.StartNew();
    foreach (var (migration, index) in commands.Select((m, i) => (m, i)))
    {
        if (index == variant.DeployBefore)
        {
            // The next deployment: the new app version runs before its contract migration applies.
            writer.Deploy();
        }

        // One migration each: EF Core runs each migration's commands in its own transaction.
        context.GetService<IMigrationCommandExecutor>().ExecuteNonQuery(migration, context.GetService<IRelationalConnection>());
    }

    if (commands.Count == 0)
    {
        Thread.Sleep(window);
    }

    stopwatch.Stop();
    writer.EndWindow();
    Thread.Sleep(200);
    var latencies = writer.StopAndCollect();

    latencies.Sort();
    var p99 = latencies.Count == 0 ? TimeSpan.Zero : latencies[(int)Math.Min(latencies.Count - 1, Math.Ceiling(latencies.Count * 0.99) - 1)];
    return new Result(
        benchmark.Name,
        variant.Kind,
        variant.Label,
        stopwatch.Elapsed,
        latencies.Count == 0 ? TimeSpan.Zero : latencies[^1],
        p99,
        latencies.Count,
        writer.Errors)
    {
        LockWait = writer.LockWaitMax,
        LockWaitBehind = writer.LockWaitBehind,
    };
}

internal sealed record Result(string Case, string Kind, string Variant, TimeSpan Duration, TimeSpan Max, TimeSpan P99, int Writes, int Errors)
{
    /// <summary>The writer's max over the same case's window without DDL.</summary>
    public TimeSpan Baseline { get; init; }

    /// <summary>The longest lock wait of the writer seen in the window (polled, so waits under ~2 ms may be missed).</summary>
    public TimeSpan LockWait { get; init; }

    public string? LockWaitBehind { get; init; }

    /// <summary>The writer max of each run the median was taken over.</summary>
    public IReadOnlyList<TimeSpan> MaxPerRun { get; init; } = [];
}

internal sealed class BenchContext(DbContextOptions<BenchContext> options) : DbContext(options);

/// <summary>
/// A writer on its own connection: single-row statements every ~2 ms, each timed. A write counts for the
/// migration window when it overlaps it, so a write that the migration blocked until its commit counts with its
/// whole wait, even when the writer took its start time just before the window and reached the server after the
/// migration's lock (a preempted thread on a busy machine).
/// </summary>
internal sealed class Writer : IDisposable
{
    private readonly string _connectionString;
    private readonly Func<int, string> _write;
    private readonly Func<int, string>? _newWrite;
    private readonly int _rows;
    private readonly List<(long Started, TimeSpan Latency)> _samples = [];
    private long _windowStart;
    private long _windowEnd;
    private volatile bool _stop;
    private volatile int _pid;
    private volatile bool _deployed;
    private volatile bool _runningNew;
    private Thread? _thread;
    private Thread? _lockWatch;

    public Writer(string connectionString, Func<int, string> write, Func<int, string>? newWrite, int rows)
    {
        _connectionString = connectionString;
        _write = write;
        _newWrite = newWrite;
        _rows = rows;
    }

    public int Errors { get; private set; }

    /// <summary>
    /// The longest the writer was seen waiting for a lock in the window (pg_stat_activity, polled every ~2 ms), so a
    /// slow write can be told apart: a lock wait, or CPU contention (2 cores) with the migration and other work.
    /// </summary>
    public TimeSpan LockWaitMax { get; private set; }

    /// <summary>What the writer waited behind at its longest lock wait: the blocking session's statement.</summary>
    public string? LockWaitBehind { get; private set; }

    public void Start()
    {
        _thread = new Thread(Loop) { IsBackground = true };
        _thread.Start();
        _lockWatch = new Thread(WatchLocks) { IsBackground = true };
        _lockWatch.Start();
    }

    public void BeginWindow() => _windowStart = Stopwatch.GetTimestamp();

    public void EndWindow() => _windowEnd = Stopwatch.GetTimestamp();

    /// <summary>
    /// Switches to the new app version's write and returns once the writer sends it, so no old-version write is
    /// still on its way when the contract runs (one connection: the old write before it has finished).
    /// </summary>
    public void Deploy()
    {
        if (_newWrite is null)
        {
            return;
        }

        _deployed = true;
        while (!_runningNew && _thread is { IsAlive: true })
        {
            Thread.Sleep(1);
        }
    }

    /// <summary>Stops the writer (letting its last write finish) and returns the latencies of the window.</summary>
    public List<TimeSpan> StopAndCollect()
    {
        Stop();
        lock (_samples)
        {
            return _samples.Where(s => s.Started <= _windowEnd && s.Started + (long)(s.Latency.TotalSeconds * Stopwatch.Frequency) >= _windowStart).Select(s => s.Latency).ToList();
        }
    }

    public void Stop()
    {
        _stop = true;
        _thread?.Join(TimeSpan.FromSeconds(60));
        _lockWatch?.Join(TimeSpan.FromSeconds(60));
    }

    public void Dispose() => Stop();

    private void WatchLocks()
    {
        using var connection = new NpgsqlConnection(_connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(
            """
            SELECT extract(epoch FROM clock_timestamp() - a.query_start)::float8 * 1000,
                   (SELECT left(regexp_replace(b.query, '\s+', ' ', 'g'), 160) FROM pg_stat_activity b WHERE b.pid = ANY (pg_blocking_pids(a.pid)) LIMIT 1)
              FROM pg_stat_activity a
             WHERE a.pid = $1 AND a.wait_event_type = 'Lock'
            """,
            connection);
        var pid = command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
        while (!_stop)
        {
            pid.Value = _pid;
            using (var reader = command.ExecuteReader())
            {
                if (reader.Read() && _windowStart != 0 && reader.GetDouble(0) > LockWaitMax.TotalMilliseconds)
                {
                    LockWaitMax = TimeSpan.FromMilliseconds(reader.GetDouble(0));
                    LockWaitBehind = reader.IsDBNull(1) ? null : reader.GetString(1);
                }
            }

            Thread.Sleep(2);
        }
    }

    private void Loop()
    {
        using var connection = new NpgsqlConnection(_connectionString);
        connection.Open();
        _pid = connection.ProcessID;

        // Measure lock waits, not WAL flushes: the writer does not wait for its commits to reach the disk.
        using (var setup = new NpgsqlCommand("SET synchronous_commit = off", connection))
        {
            setup.ExecuteNonQuery();
        }

        var random = new Random(42);
        var deadline = Stopwatch.StartNew();
        while (!_stop && deadline.Elapsed < TimeSpan.FromMinutes(10))
        {
            var id = random.Next(1, _rows + 1);
            var deployed = _deployed && _newWrite is not null;
            var sql = deployed ? _newWrite!(id) : _write(id);
            _runningNew = deployed;
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

/// <summary>One way to run a case's change: its label and its migrations, each a list of operations.</summary>
internal sealed record Variant(string Kind, string Label, IReadOnlyList<IReadOnlyList<MigrationOperation>> Migrations)
{
    /// <summary>The migration (the contract) before which the writer becomes the new app version, if any.</summary>
    public int? DeployBefore { get; init; }
}

/// <summary>
/// The change as EF models: <see cref="Before"/> is the base migration (it creates the table), <see cref="After"/>
/// the change that EF scaffolds unsafely and that <see cref="Fix"/> rewrites for <see cref="DiagnosticId"/>.
/// </summary>
internal sealed record FixCase(Action<ModelBuilder> Before, Action<ModelBuilder> After, string DiagnosticId, CodeFixProvider Fix)
{
    /// <summary>Raw SQL the developer adds at the top of the scaffolded Up (EF scaffolds no data change).</summary>
    public string? AddedSql { get; init; }
}

/// <summary>
/// A case: its tables (created by <see cref="Setup"/>, or by the base migration of <see cref="Fixed"/> and then
/// seeded by <see cref="Seed"/>), the writer's statement, and the variants. With <see cref="Fixed"/>, the plain
/// variant is EF's scaffolded migration and a third variant is the code fix's output.
/// </summary>
internal sealed record Benchmark(string Name, Func<int, string> Write, Func<int, string[]> Seed)
{
    public Func<int, string[]>? Setup { get; init; }

    /// <summary>
    /// The new app version's write, for a change the old version's write does not survive (a rename): the writer
    /// switches to it before the contract migration (the next deployment). Without it, one writer all along.
    /// </summary>
    public Func<int, string>? NewWrite { get; init; }

    /// <summary>The index of the hand-written helpers' contract migration, for <see cref="NewWrite"/>.</summary>
    public int? HelperContract { get; init; }

    public FixCase? Fixed { get; init; }

    public (string PlainLabel, Action<MigrationBuilder>[] Steps)? Plain { get; init; }

    public (string HelperLabel, Action<MigrationBuilder>[] Steps)? Helper { get; init; }

    public async Task<(IReadOnlyList<string> Setup, List<Variant> Variants)> PrepareAsync(int rows)
    {
        var variants = new List<Variant>();
        var setup = Setup?.Invoke(rows) ?? [];
        if (Fixed is { } fix)
        {
            IReadOnlyList<ScaffoldedMigration> history = Scaffolder.ScaffoldHistory(TestProvider.PostgreSql, new ScaffoldOptions { Spacing = TimeSpan.FromMinutes(1) }, ("Initial", fix.Before), ("Change", fix.After));
            var plain = history[1].UpOperations;
            if (fix.AddedSql is { } sql)
            {
                const string Up = "protected override void Up(MigrationBuilder migrationBuilder)\n        {\n";
                var code = history[1].MigrationCode.Replace(Up, Up + "            migrationBuilder.Sql(" + SymbolDisplay.FormatLiteral(sql, quote: true) + ");\n", StringComparison.Ordinal);
                history = [history[0], history[1] with { MigrationCode = code }];
                plain = [new SqlOperation { Sql = sql }, .. plain];
            }

            setup = [.. Sql(history[0].UpOperations), .. setup];
            variants.Add(new("plain EF", FixedHistory.Calls(history[1].MigrationCode), [plain]));
            var migrations = await FixedHistory.ApplyAsync(history, fix.Fix, fix.DiagnosticId);
            var contract = migrations.Select((m, i) => (m, i)).FirstOrDefault(x => x.m.IsContract, (null!, -1)).Item2;
            variants.Add(new(
                "code fix (" + fix.DiagnosticId + ")",
                string.Join("; then ", migrations.Select(m => m.Calls.Length == 0 ? "(nothing)" : m.Calls)),
                migrations.Select(m => m.Operations).ToList())
            {
                DeployBefore = contract < 0 ? null : contract,
            });
        }
        else if (Plain is { } plain)
        {
            variants.Add(new("plain EF", plain.PlainLabel, Operations(plain.Steps)));
        }

        if (Helper is { } helper)
        {
            variants.Insert(1, new("helpers", helper.HelperLabel, Operations(helper.Steps)) { DeployBefore = HelperContract });
        }

        return ([.. setup, .. Seed(rows)], variants);
    }

    private static List<IReadOnlyList<MigrationOperation>> Operations(Action<MigrationBuilder>[] steps) => steps.Select(step =>
    {
        var builder = new MigrationBuilder(FixedHistory.Npgsql);
        step(builder);
        return (IReadOnlyList<MigrationOperation>)builder.Operations;
    }).ToList();

    /// <summary>The SQL of operations, generated without a database (the base migration's CREATE TABLE).</summary>
    private static IEnumerable<string> Sql(IReadOnlyList<MigrationOperation> operations)
    {
        using var context = new BenchContext(new DbContextOptionsBuilder<BenchContext>().UseNpgsql("Host=unused").Options);
        return context.GetService<IMigrationsSqlGenerator>().Generate(operations).Select(c => c.CommandText).ToList();
    }
}

internal static class Benchmarks
{
    private static string[] Items(int rows) =>
    [
        "CREATE TABLE \"Items\" (\"Id\" integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, \"Code\" integer NULL, \"Note\" text NULL, \"Counter\" integer NOT NULL DEFAULT 0)",
    ];

    private static string[] SeedItems(int rows) =>
    [
        $"INSERT INTO \"Items\" (\"Code\", \"Note\") SELECT i, 'note ' || i FROM generate_series(1, {rows}) AS s(i)",
        "VACUUM ANALYZE \"Items\"",
    ];

    // Alternate a single-row UPDATE and a single-row INSERT.
    private static string WriteItems(int id)
        => id % 2 == 0
            ? $"UPDATE \"Items\" SET \"Counter\" = \"Counter\" + 1 WHERE \"Id\" = {id}"
            : $"INSERT INTO \"Items\" (\"Note\") VALUES ('writer {id}')";

    // The rename's writer: the old app version writes Code (the sync triggers mirror it into ItemCode), the new one,
    // deployed before the contract, writes ItemCode (mirrored back into Code until the contract drops it).
    private static Func<int, string> WriteCodeColumn(string column) => id => id % 2 == 0
        ? $"UPDATE \"Items\" SET \"{column}\" = \"{column}\" + 1, \"Counter\" = \"Counter\" + 1 WHERE \"Id\" = {id}"
        : $"INSERT INTO \"Items\" (\"{column}\", \"Note\") VALUES ({id}, 'writer {id}')";

    public static Benchmark[] All =>
    [
        new("index creation", WriteItems, SeedItems)
        {
            Fixed = new(Models.Items(), Models.Items(b => b.HasIndex(i => i.Code)), "SM2001", new CreateIndexConcurrentlyFix()),
            Helper = ("CreateIndex + Npgsql:CreatedConcurrently", [b => b.CreateIndex("IX_Items_Code", "Items", "Code").Annotation("Npgsql:CreatedConcurrently", true)]),
        },
        new(
            "FK add",
            id => id % 2 == 0
                ? $"UPDATE \"Orders\" SET \"Counter\" = \"Counter\" + 1 WHERE \"Id\" = {id}"
                : $"INSERT INTO \"Orders\" (\"CustomerId\") VALUES ({(id % 10000) + 1})",
            rows =>
            [
                "INSERT INTO \"Customers\" (\"Name\") SELECT 'c' || i FROM generate_series(1, 10000) AS s(i)",
                $"INSERT INTO \"Orders\" (\"CustomerId\") SELECT (i % 10000) + 1 FROM generate_series(1, {rows}) AS s(i)",
                "VACUUM ANALYZE \"Orders\"",
                "VACUUM ANALYZE \"Customers\"",
            ])
        {
            Fixed = new(Models.CustomersAndOrders(foreignKey: false), Models.CustomersAndOrders(foreignKey: true), "SM2004", new AddConstraintNotValidFix()),
            Helper = ("AddForeignKeyNotValid; then ValidateConstraint",
            [
                b => b.AddForeignKeyNotValid("FK_Orders_Customers_CustomerId", "Orders", "CustomerId", "Customers", principalColumn: "Id"),
                b => b.ValidateConstraint("Orders", "FK_Orders_Customers_CustomerId"),
            ]),
        },
        new("check add", WriteItems, SeedItems)
        {
            Fixed = new(Models.Items(), Models.Items(b => b.ToTable("Items", t => t.HasCheckConstraint("CK_Items_Counter", "\"Counter\" >= 0"))), "SM2005", new AddConstraintNotValidFix()),
        },
        new("unique constraint", id => id % 2 == 0
                ? $"UPDATE \"Accounts\" SET \"Counter\" = \"Counter\" + 1 WHERE \"Id\" = {id}"
                : "INSERT INTO \"Accounts\" (\"Number\", \"Note\") VALUES ((extract(epoch FROM clock_timestamp()) * 1000000)::bigint, 'writer')",
            rows =>
            [
                $"INSERT INTO \"Accounts\" (\"Number\", \"Note\") SELECT i, 'note ' || i FROM generate_series(1, {rows}) AS s(i)",
                "VACUUM ANALYZE \"Accounts\"",
            ])
        {
            Fixed = new(Models.Accounts(uniqueNumber: false), Models.Accounts(uniqueNumber: true), "SM2006", new AddUniqueConstraintUsingIndexFix()),
        },
        new("NOT NULL column, volatile default (gen_random_uuid())", WriteItems, SeedItems)
        {
            Fixed = new(Models.Items(), Models.Items(b => b.Property(i => i.Token).HasDefaultValueSql("gen_random_uuid()"), token: true), "SM2007", new AddColumnWithoutRewriteFix()),

            // The fix's form with smaller batches: a writer waits at most for one batch's row locks.
            Helper = ("AddColumn, AlterColumn; then BackfillInBatches batchSize: 1000, SetNotNullSafely",
            [
                b =>
                {
                    b.AddColumn<Guid>("Token", "Items", type: "uuid", nullable: true);
                    b.AlterColumn<Guid>("Token", "Items", type: "uuid", nullable: true, defaultValueSql: "gen_random_uuid()", oldClrType: typeof(Guid), oldType: "uuid", oldNullable: true);
                },
                b =>
                {
                    b.BackfillInBatches("Items", "\"Token\" = gen_random_uuid()", "\"Token\" IS NULL", batchSize: 1000);
                    b.SetNotNullSafely("Items", "Token");
                },
            ]),
        },
        new(
            "whole-table UPDATE",
            // The new app version writes Code = 0 itself; the backfill sets it on the old rows.
            id => id % 2 == 0
                ? $"UPDATE \"Items\" SET \"Counter\" = \"Counter\" + 1 WHERE \"Id\" = {id}"
                : $"INSERT INTO \"Items\" (\"Code\", \"Note\") VALUES (0, 'writer {id}')",
            SeedItems)
        {
            Fixed = new(Models.Items(), Models.Items(), "SM4002", new BackfillInBatchesFix()) { AddedSql = "UPDATE \"Items\" SET \"Code\" = 0;" },

            // The fix's form with smaller batches: a writer waits at most for one batch's row locks.
            Helper = ("BackfillInBatches, batchSize: 1000", [b => b.BackfillInBatches("Items", "\"Code\" = 0", "((\"Code\")::text COLLATE \"C\") IS DISTINCT FROM (CAST(0 AS integer))::text", batchSize: 1000)]),
        },
        new(
            "NOT NULL enforcement",
            WriteItems,
            // Every 10th row's Note is NULL: what the old app version left, and what the NOT NULL has to fill first.
            rows =>
            [
                $"INSERT INTO \"Items\" (\"Code\", \"Note\") SELECT i, CASE WHEN i % 10 = 0 THEN NULL ELSE 'note ' || i END FROM generate_series(1, {rows}) AS s(i)",
                "VACUUM ANALYZE \"Items\"",
            ])
        {
            // EF scaffolds AlterColumn nullable: false with its placeholder defaultValue: "" (Npgsql: UPDATE the NULLs, then SET NOT NULL).
            Fixed = new(Models.Items(), Models.Items(b => b.Property(i => i.Note).IsRequired()), "SM1008", new EnforceNotNullInContractFix()),

            // The fix's contract with smaller batches: a writer waits at most for one batch's row locks.
            Helper = ("BackfillInBatches batchSize: 1000, SetNotNullSafely",
            [
                b =>
                {
                    b.BackfillInBatches("Items", "\"Note\" = ''", "\"Note\" IS NULL", batchSize: 1000);
                    b.SetNotNullSafely("Items", "Note");
                },
            ]),
        },
        new("add NOT NULL column (placeholder default 0)", WriteItems, SeedItems)
        {
            // EF scaffolds AddColumn<int> nullable: false, defaultValue: 0; the old version's inserts get the column default.
            Fixed = new(Models.Items(), Models.Items(priority: true), "SM1007", new EnforceNotNullInContractFix()),
        },
        new("column rename", WriteCodeColumn("Code"), SeedItems)
        {
            Fixed = new(Models.Items(), Models.Items(b => b.Property(i => i.Code).HasColumnName("ItemCode")), "SM1001", new RenameColumnExpandContractFix()),
            NewWrite = WriteCodeColumn("ItemCode"),
            HelperContract = 3,

            // The fix's form by hand, with smaller batches: a writer waits at most for one batch's row locks (and the
            // sync trigger each copied row fires).
            Helper = ("expand (AddColumn, CreateColumnSync, CopyColumnData batchSize: 1000), then contract (DropColumnSync, DropColumn)",
            [
                b => b.AddColumn<int>("ItemCode", "Items", type: "integer", nullable: true),
                b => b.CreateColumnSync("Items", "Code", "ItemCode"),
                b => b.CopyColumnData("Items", "Code", "ItemCode", batchSize: 1000),
                b =>
                {
                    b.DropColumnSync("Items", "Code", "ItemCode");
                    b.DropColumn("Code", "Items");
                },
            ]),
        },
        new("type change (int → bigint)", WriteItems, SeedItems)
        {
            Setup = Items,
            Plain = ("AlterColumn type: bigint", [b => b.AlterColumn<long>("Code", "Items", type: "bigint", nullable: true, oldClrType: typeof(int), oldType: "integer", oldNullable: true)]),
            Helper = ("expand (AddColumn bigint, CreateColumnSync, CopyColumnData), then contract (DropColumnSync, DropColumn)",
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
        },
    ];
}
