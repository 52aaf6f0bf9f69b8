using System.Data.Common;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using SafeMigrations.Analyzers.Tests.Rollback;
using SafeMigrations.Analyzers.Tests.Verifiers;
using static SafeMigrations.Analyzers.Tests.Verifiers.DatabaseCommands;
using SafeMigrations.TestKit.Databases;
using SafeMigrations.TestKit.Scaffolding;
using Xunit.Abstractions;

namespace SafeMigrations.Analyzers.Tests.Corpus;

/// <summary>
/// "In effect" equivalence on SQLite over the corpus history: for each migration, Up to it then Down to the
/// previous one, once with EF's scaffolded Down and once with the generated Down (each in its own database);
/// the schema dumps after the two Downs must be equal. Migrations with SM3003 (no generated Down) are only
/// migrated forward.
/// </summary>
[Collection("Corpus")]
public class SqliteEquivalenceTests
{
    /// <summary>Steps of the SQLite corpus history compared; the budget's limit, see the test output for time.</summary>
    public static readonly int Steps =
        int.TryParse(Environment.GetEnvironmentVariable("SAFE_MIGRATIONS_CORPUS_EQUIVALENCE_STEPS"), out var steps) && steps > 0 ? steps : CorpusGenerator.StepsPerHistory;

    private readonly ITestOutputHelper output;

    public SqliteEquivalenceTests(ITestOutputHelper output) => this.output = output;

    [Fact]
    public void Generated_Down_does_what_EFs_scaffolded_Down_does_on_Sqlite()
    {
        var clock = Stopwatch.StartNew();
        var corpus = CorpusGenerator.Projects(TestProvider.Sqlite)[0];
        var history = corpus.History.Take(Steps).ToList();

        var scaffolded = MigrationProject.From(history);
        var generated = RollbackHarness.MarkForRollback(MigrationProject.From(history));
        foreach (var project in new[] { scaffolded, generated })
        {
            project.Sources.RemoveAll(s => s.Path == "/ShopContext.cs");
            project.Sources.Add(("/ShopContext.cs", LoadedMigrations.ConfigurableContext));
        }

        var (_, generatedCompilation) = RollbackHarness.Run(RollbackHarness.Compile(generated.Sources));
        var scaffoldedCompilation = RollbackHarness.Compile(scaffolded.Sources);

        var context = new AssemblyLoadContext("corpus-equivalence-generated", isCollectible: true);
        var efContext = new AssemblyLoadContext("corpus-equivalence-scaffolded", isCollectible: true);
        try
        {
            var generatedAssembly = LoadedMigrations.Load(generatedCompilation, context);
            var scaffoldedAssembly = LoadedMigrations.Load(scaffoldedCompilation, efContext);

            // Only migrations that got a generated Down are rolled back (the others have SM3003).
            var withDown = history.Where(m => HasOwnDown(generatedAssembly, m)).Select(m => m.Id).ToHashSet();
            var efDumps = Run(scaffoldedAssembly, history, withDown);
            var generatedDumps = Run(generatedAssembly, history, withDown);

            var differences = new List<string>();
            var notRestored = 0;
            var bothFailed = efDumps.Where(d => d.Value.After.StartsWith("Down failed", StringComparison.Ordinal) && d.Value.After == generatedDumps[d.Key].After).Select(d => $"{d.Key}: {d.Value.After}").ToList();
            foreach (var id in efDumps.Keys)
            {
                var (efBefore, efAfter) = efDumps[id];
                var (_, generatedAfter) = generatedDumps[id];
                if (efAfter != generatedAfter)
                {
                    differences.Add($"{id}:\n--- EF's Down:\n{efAfter}\n--- generated Down:\n{generatedAfter}");
                }

                if (efBefore != efAfter)
                {
                    notRestored++;
                }
            }

            output.WriteLine($"{history.Count} SQLite migrations, {withDown.Count} rolled back both ways, {differences.Count} differences, "
                + $"{notRestored} where EF's own Down does not restore the schema exactly; {clock.Elapsed.TotalSeconds:0.0}s");
            output.WriteLine($"{bothFailed.Count} where EF's Down and the generated Down fail alike on SQLite:");
            foreach (var failure in bothFailed)
            {
                output.WriteLine("  " + failure);
            }

            foreach (var difference in differences.Take(5))
            {
                output.WriteLine(difference);
            }

            Assert.Empty(differences);
        }
        finally
        {
            context.Unload();
            efContext.Unload();
        }
    }

    private static bool HasOwnDown(Assembly assembly, ScaffoldedMigration migration)
    {
        var type = assembly.GetTypes().Single(t => t.GetCustomAttribute<MigrationAttribute>()?.Id == migration.Id);
        return type.GetMethod("Down", BindingFlags.Instance | BindingFlags.NonPublic, [typeof(MigrationBuilder)])!.DeclaringType == type;
    }

    /// <summary>Up through the history; after each migration in <paramref name="rollBack"/>, Down to the previous one and dump, then Up again.</summary>
    private static Dictionary<string, (string Before, string After)> Run(Assembly assembly, IReadOnlyList<ScaffoldedMigration> history, HashSet<string> rollBack)
    {
        using var database = SqliteDatabase.Create("corpus");
        var options = new DbContextOptionsBuilder().UseSqlite(database.ConnectionString).Options;
        using var db = (DbContext)Activator.CreateInstance(assembly.GetType("Sample.ShopContext")!, options)!;
        var migrator = db.GetService<IMigrator>();
        var dumps = new Dictionary<string, (string, string)>();
        var previous = Migration.InitialDatabase;
        foreach (var migration in history)
        {
            if (rollBack.Contains(migration.Id))
            {
                var before = Dump(database);
                migrator.Migrate(migration.Id);
                try
                {
                    migrator.Migrate(previous);
                    dumps[migration.Id] = (before, Dump(database));
                }
                catch (DbException e)
                {
                    // The migration's transaction is rolled back: the database stays at this migration.
                    dumps[migration.Id] = (before, "Down failed: " + e.Message);
                }
            }

            migrator.Migrate(migration.Id);
            previous = migration.Id;
        }

        return dumps;
    }

    private static string Dump(SqliteDatabase database)
    {
        using var connection = database.Open();
        return SqliteSchema(connection);
    }
}
