using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.Loader;
using EFCore.SafeMigrations;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.CodeFixes;
using SafeMigrations.TestKit.Databases;
using SafeMigrations.TestKit.Scaffolding;
using Xunit.Abstractions;
using static SafeMigrations.Analyzers.Tests.Verifiers.DatabaseCommands;

namespace SafeMigrations.Analyzers.Tests.CodeFixes;

/// <summary>
/// Each expand/contract fix lived as a deployment on real PostgreSQL (and SQLite, where the fix exists) with 2,000 rows: the old app version writes
/// continuously while the expand applies; the new version writes through the new names while the old one still
/// runs; the contract waits for the next <c>Migrate()</c> (<c>UseSafeMigrations()</c>); then the contract and the
/// expand are rolled back. At every step both versions' writes succeed until the contract, and no value is lost.
/// </summary>
public class ExpandContractDeploymentTests(ITestOutputHelper output)
{
    private const int Rows = 2_000;

    /// <summary>One breaking change: the history, the fix, what each app version writes, and what must hold after.</summary>
    public sealed record Case(
        string Id,
        (string Name, Action<ModelBuilder> Model)[] Steps,
        CodeFixProvider Fix,
        Action<DbConnection, Random, int, ConcurrentDictionary<int, string?>> OldWrite,
        Action<DbConnection, Random, int, ConcurrentDictionary<int, string?>> NewWrite,
        string AfterContract,
        string? AfterRollback);

    public static TheoryData<string> Ids => new() { "SM1001", "SM1002", "SM1003", "SM1007", "SM1008" };

    internal static Case For(string id) => id switch
    {
        // Rename Name to FullName: the old version writes Name, the new one FullName; every value ends in FullName.
        "SM1001" => new Case(id, [("Initial", Models.Customers), ("RenameName", Models.CustomersWithRenamedName)], new RenameColumnExpandContractFix(),
            (c, r, k, expected) => Upsert(c, r, k, expected, "Name"),
            (c, r, k, expected) => Upsert(c, r, k, expected, "FullName"),
            "SELECT \"Id\", \"FullName\" FROM \"Customers\" ORDER BY \"Id\"",
            "SELECT \"Id\", \"Name\" FROM \"Customers\" ORDER BY \"Id\""),

        // Rename Customers to Clients: the old version writes through the view under the old name until the contract.
        "SM1002" => new Case(id, [("Initial", Models.CustomersAndOrders), ("RenameCustomers", ExpandContractFixTests.ClientsAndOrders)], new RenameTableExpandContractFix(),
            (c, r, k, expected) => Insert(c, k, expected, "\"Name\", \"Email\", \"Points\"", $"'{Name(k)}', NULL, 1", "Customers"),
            (c, r, k, expected) => Insert(c, k, expected, "\"Name\", \"Email\", \"Points\"", $"'{Name(k)}', NULL, 1", "Clients"),
            "SELECT \"Id\", \"Name\" FROM \"Clients\" ORDER BY \"Id\"",
            "SELECT \"Id\", \"Name\" FROM \"Customers\" ORDER BY \"Id\""),

        // Drop Email: the old version keeps writing it until the contract; every row survives.
        "SM1003" => new Case(id, [("Initial", Models.Customers), ("DropEmail", Models.CustomersWithoutEmail)], new DropColumnContractFix(),
            (c, r, k, expected) => Insert(c, k, expected, "\"Name\", \"Email\", \"Points\"", $"'{Name(k)}', 'x@example.com', 1"),
            (c, r, k, expected) => Insert(c, k, expected, "\"Name\", \"Points\"", $"'{Name(k)}', 1"),
            "SELECT \"Id\", \"Name\" FROM \"Customers\" ORDER BY \"Id\"",
            "SELECT \"Id\", \"Name\" FROM \"Customers\" ORDER BY \"Id\""),

        // Add Points NOT NULL: the old version inserts without it until the contract enforces NOT NULL.
        "SM1007" => new Case(id, [("Initial", Models.CustomersWithoutPoints), ("AddPoints", Models.Customers)], new EnforceNotNullInContractFix(),
            (c, r, k, expected) => Insert(c, k, expected, "\"Name\"", $"'{Name(k)}'"),
            (c, r, k, expected) => Insert(c, k, expected, "\"Name\", \"Points\"", $"'{Name(k)}', 5"),
            "SELECT \"Id\", \"Name\" FROM \"Customers\" WHERE \"Points\" IS NOT NULL ORDER BY \"Id\"",
            "SELECT \"Id\", \"Name\" FROM \"Customers\" ORDER BY \"Id\""),

        // Email becomes NOT NULL: the old version inserts NULL Emails until the contract fills and enforces them.
        _ => new Case(id, [("Initial", Models.Customers), ("RequireEmail", ExpandContractFixTests.CustomersWithRequiredEmail)], new EnforceNotNullInContractFix(),
            (c, r, k, expected) => Insert(c, k, expected, "\"Name\", \"Email\", \"Points\"", $"'{Name(k)}', NULL, 1"),
            (c, r, k, expected) => Insert(c, k, expected, "\"Name\", \"Email\", \"Points\"", $"'{Name(k)}', 'n@example.com', 1"),
            "SELECT \"Id\", \"Name\" FROM \"Customers\" WHERE \"Email\" IS NOT NULL ORDER BY \"Id\"",
            "SELECT \"Id\", \"Name\" FROM \"Customers\" ORDER BY \"Id\""),
    };

    [PostgresTheory]
    [MemberData(nameof(Ids))]
    public async Task Deployment_through_expand_and_contract_keeps_every_value_and_both_app_versions_working(string id)
    {
        using var database = PostgresDatabase.Create("deploy");
        await DeployAsync(For(id), TestProvider.PostgreSql, database.Open, options => options.UseNpgsql(database.ConnectionString), extraConfig: null);
    }

    public static TheoryData<string> SqliteIds => new() { "SM1001", "SM1003", "SM1007", "SM1008" };

    /// <summary>
    /// The same on a SQLite file, where the fixes' steps differ (no ALTER COLUMN: EF rebuilds the table). SQLite has one
    /// writer at a time, so each app version's writes wait for the migration's (Microsoft.Data.Sqlite retries a busy
    /// database until the command timeout) and none may fail.
    /// </summary>
    [Theory]
    [MemberData(nameof(SqliteIds))]
    public async Task Deployment_on_SQLite_keeps_every_value_and_both_app_versions_working(string id)
    {
        using var database = SqliteDatabase.Create("deploy");
        await DeployAsync(For(id), TestProvider.Sqlite, database.Open, options => options.UseSqlite(database.ConnectionString), id is "SM1001" or "SM1007" ? "dotnet_diagnostic.SM2008.severity = none" : null);
    }

    private async Task DeployAsync(Case @case, TestProvider provider, Func<DbConnection> open, Action<DbContextOptionsBuilder> use, string? extraConfig)
    {
        var id = @case.Id;
        var project = FixHarness.Scaffold(provider, @case.Steps);
        var fixedProject = await FixHarness.FixAsync(project, provider, @case.Fix, id, extraConfig);
        var sources = fixedProject.Sources.Where(s => s.Path != "/ShopContext.cs").Append(("/ShopContext.cs", LoadedMigrations.ConfigurableContext)).ToList();
        var (_, compilation) = Rollback.RollbackHarness.Run(Rollback.RollbackHarness.Compile(sources));
        var loadContext = new AssemblyLoadContext("deployment", isCollectible: true);
        try
        {
            var assembly = LoadedMigrations.Load(compilation, loadContext);
            DbContext Context()
            {
                var options = new DbContextOptionsBuilder();
                use(options);
                return (DbContext)Activator.CreateInstance(
                    assembly.GetType("Sample.ShopContext")!,
                    options.UseSafeMigrations().ConfigureWarnings(w => w.Ignore(Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.PendingModelChangesWarning)).Options)!;
            }

            string[] ids, contracts;
            using (var db = Context())
            {
                var migrations = db.GetService<IMigrationsAssembly>().Migrations;
                ids = migrations.Keys.OrderBy(i => i, StringComparer.Ordinal).ToArray();

                // The contract, and on SQLite a rename's NOT NULL after it: the migrations [ContractOf] holds back.
                contracts = ids.Where(i => migrations[i].GetCustomAttributes(inherit: false).Any(a => a is ContractOfAttribute)).ToArray();
                db.GetService<IMigrator>().Migrate(ids[0]);
            }

            Assert.NotEmpty(contracts);
            var beforeContract = ids[Array.IndexOf(ids, contracts[0]) - 1];

            var expected = new ConcurrentDictionary<int, string?>();
            using (var connection = open())
            {
                for (var k = 0; k < Rows; k++)
                {
                    @case.OldWrite(connection, new Random(k), -k - 1, expected);
                }
            }

            // Deployment 1: the old version writes while the expand applies; the contract is held back.
            using (var old = new Writers(open, @case.OldWrite, expected, 1_000_000))
            {
                using (var db = Context())
                {
                    db.Database.Migrate();
                    Assert.Equal(ids.TakeWhile(i => !contracts.Contains(i)), db.Database.GetAppliedMigrations());
                }

                // Both versions run side by side until the old one is gone.
                using var next = new Writers(open, @case.NewWrite, expected, 2_000_000);
                Thread.Sleep(1_000);
                next.StopAndAssert(output, "new version beside the old one");
                old.StopAndAssert(output, "old version during the expand");
            }

            // Deployment 2: the contract, with the new version writing.
            using (var next = new Writers(open, @case.NewWrite, expected, 3_000_000))
            {
                using (var db = Context())
                {
                    db.Database.Migrate();
                    Assert.Equal(ids, db.Database.GetAppliedMigrations());
                }

                next.StopAndAssert(output, "new version during the contract");
            }

            AssertRows(open, @case.AfterContract, expected, "after the contract");

            // Rollback of the contract, then of the expand: the values are still there.
            using (var db = Context())
            {
                db.GetService<IMigrator>().Migrate(beforeContract);
                if (@case.AfterRollback is { } query)
                {
                    AssertRows(open, query, expected, "after rolling back the contract");
                }

                db.GetService<IMigrator>().Migrate(ids[0]);
                if (@case.AfterRollback is { } again)
                {
                    AssertRows(open, again, expected, "after rolling back the expand");
                }
            }
        }
        finally
        {
            loadContext.Unload();
        }
    }

    private static string Name(int k) => "c" + k.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>An insert whose row's Name is the expected value under its id.</summary>
    private static void Insert(DbConnection connection, int k, ConcurrentDictionary<int, string?> expected, string columns, string values, string table = "Customers")
    {
        var id = Convert.ToInt32(Scalar(connection, $"INSERT INTO \"{table}\" ({columns}) VALUES ({values}) RETURNING \"Id\""));
        expected[id] = Name(k);
    }

    /// <summary>Inserts a row or renames an existing one through <paramref name="column"/>, as an app version that knows only that column.</summary>
    private static void Upsert(DbConnection connection, Random random, int k, ConcurrentDictionary<int, string?> expected, string column)
    {
        if (k >= 0 && random.Next(2) == 0 && expected.Count > 0)
        {
            var id = expected.Keys.ElementAt(random.Next(expected.Count));
            var value = column + "-" + k.ToString(System.Globalization.CultureInfo.InvariantCulture);
            lock (expected)
            {
                Execute(connection, $"UPDATE \"Customers\" SET \"{column}\" = '{value}' WHERE \"Id\" = {id}");
                expected[id] = value;
            }

            return;
        }

        var inserted = Convert.ToInt32(Scalar(connection, $"INSERT INTO \"Customers\" (\"{column}\", \"Email\", \"Points\") VALUES ('{Name(k)}', NULL, 1) RETURNING \"Id\""));
        expected[inserted] = Name(k);
    }

    private static void AssertRows(Func<DbConnection> open, string query, ConcurrentDictionary<int, string?> expected, string when)
    {
        using var connection = open();
        var actual = Rows(connection, query).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(" | ")).ToDictionary(f => int.Parse(f[0], System.Globalization.CultureInfo.InvariantCulture), f => f[1] == "NULL" ? null : f[1]);
        var wrong = expected.Where(e => !actual.TryGetValue(e.Key, out var value) || value != e.Value).Take(5).ToList();
        Assert.True(
            actual.Count == expected.Count && wrong.Count == 0,
            $"{when}: {actual.Count} rows for {expected.Count} written; wrong: {string.Join(", ", wrong.Select(w => $"{w.Key}: expected {w.Value}, got {(actual.TryGetValue(w.Key, out var v) ? v : "no row")}"))}");
    }

    /// <summary>One app version's writer: a connection of its own, one write every few milliseconds, every failure kept.</summary>
    private sealed class Writers : IDisposable
    {
        private readonly CancellationTokenSource stop = new();
        private readonly Task task;
        private readonly ConcurrentBag<string> errors = new();
        private const int WritesToProveLive = 10;
        private static readonly TimeSpan WriteDeadline = TimeSpan.FromSeconds(60);
        private int writes;

        public Writers(Func<DbConnection> open, Action<DbConnection, Random, int, ConcurrentDictionary<int, string?>> write, ConcurrentDictionary<int, string?> expected, int firstKey)
        {
            task = Task.Factory.StartNew(
                () =>
                {
                    using var connection = open();
                    var random = new Random(firstKey);
                    for (var k = firstKey; !stop.IsCancellationRequested; k++)
                    {
                        try
                        {
                            write(connection, random, k, expected);
                            Interlocked.Increment(ref writes);
                        }
                        catch (Exception e)
                        {
                            errors.Add(e.Message);
                        }

                        Thread.Sleep(2);
                    }
                },
                TaskCreationOptions.LongRunning);

            // The version is writing before the migration starts. A fixed sleep was not enough on a loaded machine.
            AwaitWrites(WritesToProveLive);
        }

        /// <summary>
        /// Stops the writer once it has written <see cref="WritesToProveLive"/> more rows after the migration: the schema the
        /// migration left still takes this version's writes. A writer whose writes fail adds none, so this fails on its errors.
        /// </summary>
        public void StopAndAssert(ITestOutputHelper output, string who)
        {
            var before = Volatile.Read(ref writes);
            var enough = AwaitWrites(before + WritesToProveLive);
            stop.Cancel();
            task.Wait();
            output.WriteLine($"{who}: {writes} writes, {errors.Count} errors");
            Assert.True(errors.IsEmpty, $"{who}: {errors.Count} writes failed, e.g. {errors.FirstOrDefault()}");
            Assert.True(enough, $"{who}: {writes - before} writes after the migration in {WriteDeadline.TotalSeconds:0} s");
        }

        private bool AwaitWrites(int count) =>
            SpinWait.SpinUntil(() => Volatile.Read(ref writes) >= count || task.IsCompleted, WriteDeadline) && !task.IsCompleted;

        public void Dispose()
        {
            stop.Cancel();
            task.Wait();
        }
    }
}
