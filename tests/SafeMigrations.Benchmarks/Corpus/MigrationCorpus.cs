using System.Diagnostics;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SafeMigrations.TestKit.Scaffolding;

namespace SafeMigrations.Benchmarks.Corpus;

/// <summary>
/// The source files of a project with a long migration history on PostgreSQL, as <c>dotnet ef migrations
/// add</c> writes them: one migration file and one Designer file per migration, the model snapshot and the
/// DbContext. Every migration is scaffolded by EF Core's real scaffolder (no cloning). Generated once and
/// cached on disk, keyed by the size, the plan version and the EF Core version.
/// </summary>
internal sealed class MigrationCorpus
{
    /// <summary>Bump when <see cref="HistoryPlan"/> changes, so cached corpora are regenerated.</summary>
    private const int PlanVersion = 2;

    private const string CompleteMarker = ".complete";

    private MigrationCorpus(string directory, IReadOnlyList<(string Path, string Source)> files)
    {
        Directory = directory;
        Files = files;
    }

    public string Directory { get; }

    /// <summary>The files, in path order, with their paths relative to the corpus directory.</summary>
    public IReadOnlyList<(string Path, string Source)> Files { get; }

    public int Lines => Files.Sum(f => f.Source.AsSpan().Count('\n'));

    public long Characters => Files.Sum(f => (long)f.Source.Length);

    /// <summary>The files of the first <paramref name="migrations"/> migrations and every other file (a small project to warm up on).</summary>
    public IReadOnlyList<(string Path, string Source)> Prefix(int migrations) =>
        Files.Where(f => !f.Path.StartsWith("Migrations/2", StringComparison.Ordinal)).Concat(
            Files.Where(f => f.Path.StartsWith("Migrations/2", StringComparison.Ordinal)).Take(2 * migrations)).ToArray();

    public static MigrationCorpus Load(int migrations, TextWriter log)
    {
        var directory = Path.Combine(CacheRoot(), $"postgresql-{migrations}-plan{PlanVersion}-ef{typeof(DbContext).Assembly.GetName().Version}");
        if (!File.Exists(Path.Combine(directory, CompleteMarker)))
        {
            Generate(directory, migrations, log);
        }

        var files = System.IO.Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(path => (Path.GetRelativePath(directory, path).Replace('\\', '/'), File.ReadAllText(path)))
            .Select(file => BenchmarkSettings.RawSql ? (file.Item1, WithRawSql(file.Item2)) : file)
            .ToArray();
        return new MigrationCorpus(directory, files);
    }

    // What a hand-written step typically holds: a lock timeout, a targeted backfill, a NOT VALID check, a comment.
    private const string RawSql = """
                migrationBuilder.Sql(@"
                    SET lock_timeout = '5s';
                    UPDATE ""Customers"" SET ""Name"" = '' WHERE ""Name"" IS NULL;
                    ALTER TABLE ""Customers"" ADD CONSTRAINT ""CK_Customers_Name"" CHECK (""Name"" <> '') NOT VALID;
                    COMMENT ON TABLE ""Customers"" IS 'customers';");

        """;

    private static string WithRawSql(string source)
    {
        const string up = "protected override void Up(MigrationBuilder migrationBuilder)\n        {\n";
        var at = source.IndexOf(up, StringComparison.Ordinal);
        return at < 0 ? source : source.Insert(at + up.Length, RawSql);
    }

    private static void Generate(string directory, int migrations, TextWriter log)
    {
        log.WriteLine($"// Scaffolding {migrations} migrations with EF Core's scaffolder into {directory} (once; cached) ...");
        var watch = Stopwatch.StartNew();
        var history = Scaffolder.ScaffoldHistory(TestProvider.PostgreSql, HistoryPlan.Steps(migrations));
        if (System.IO.Directory.Exists(directory))
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }

        var migrationsDirectory = Path.Combine(directory, "Migrations");
        System.IO.Directory.CreateDirectory(migrationsDirectory);
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        foreach (var migration in history)
        {
            File.WriteAllText(Path.Combine(migrationsDirectory, migration.MigrationFileName), migration.MigrationCode, utf8);
            File.WriteAllText(Path.Combine(migrationsDirectory, migration.DesignerFileName), migration.DesignerCode, utf8);
        }

        File.WriteAllText(Path.Combine(migrationsDirectory, history[^1].SnapshotFileName), history[^1].SnapshotCode, utf8);
        File.WriteAllText(Path.Combine(directory, ScaffoldOptions.Default.ContextName + ".cs"), Scaffolder.DbContextSource(), utf8);
        File.WriteAllText(Path.Combine(directory, CompleteMarker), DateTime.UtcNow.ToString("O"), utf8);
        log.WriteLine($"// Scaffolded in {watch.Elapsed.TotalSeconds:F0} s.");
    }

    /// <summary><c>SAFEMIGRATIONS_BENCH_CACHE</c>, else this project's <c>obj/corpus</c>, else the temp directory.</summary>
    private static string CacheRoot()
    {
        if (Environment.GetEnvironmentVariable("SAFEMIGRATIONS_BENCH_CACHE") is { Length: > 0 } configured)
        {
            return configured;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SafeMigrations.Benchmarks.csproj")))
            {
                return Path.Combine(dir.FullName, "obj", "corpus");
            }
        }

        return Path.Combine(Path.GetTempPath(), "SafeMigrations.Benchmarks", "corpus");
    }
}
