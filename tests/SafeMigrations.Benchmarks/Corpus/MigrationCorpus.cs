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
/// <summary>Which history: the uniform 1,000-migration one of a small model, or the large-model one.</summary>
internal enum CorpusKind
{
    Uniform,
    Large,
}

internal sealed class MigrationCorpus
{
    /// <summary>Bump when <see cref="HistoryPlan"/> changes, so cached corpora are regenerated.</summary>
    private const int PlanVersion = 2;

    /// <summary>Bump when <see cref="LargeModelPlan"/> changes (the cache key also hashes it in).</summary>
    private const int LargePlanVersion = 1;

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

    /// <summary>A real project's migrations folder with the stubs it needs (<see cref="RealHistory"/>; <c>--history-dir</c>).</summary>
    public static MigrationCorpus FromDirectory(string directory, string? extraStubs, TextWriter log) =>
        new(Path.GetFullPath(directory), RealHistory.Load(directory, extraStubs, files => ProjectCompiler.Create(files), log));

    public static MigrationCorpus Load(int migrations, TextWriter log) => Load(CorpusKind.Uniform, TestProvider.PostgreSql, migrations, log);

    /// <summary>
    /// The corpus of <paramref name="kind"/>, scaffolded for <paramref name="provider"/> on first use and cached in a
    /// directory named by a hash of everything that shapes it (plan, plan version, provider, size, EF Core version),
    /// so reruns do not scaffold again and a changed plan never reads a stale cache.
    /// </summary>
    public static MigrationCorpus Load(CorpusKind kind, TestProvider provider, int migrations, TextWriter log)
    {
        var efVersion = typeof(DbContext).Assembly.GetName().Version;
        var key = $"{kind}|{provider}|{migrations}|plan{(kind == CorpusKind.Uniform ? PlanVersion : LargePlanVersion)}|ef{efVersion}";
        var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..12].ToLowerInvariant();
        var directory = kind == CorpusKind.Uniform && provider == TestProvider.PostgreSql
            ? Path.Combine(CacheRoot(), $"postgresql-{migrations}-plan{PlanVersion}-ef{efVersion}")
            : Path.Combine(CacheRoot(), $"{kind.ToString().ToLowerInvariant()}-{provider.ToString().ToLowerInvariant()}-{migrations}-{hash}");
        if (!File.Exists(Path.Combine(directory, CompleteMarker)))
        {
            Generate(directory, kind, provider, migrations, log);
        }

        var files = System.IO.Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(path => (Path.GetRelativePath(directory, path).Replace('\\', '/'), File.ReadAllText(path)))
            .Select(file => BenchmarkSettings.RawSql ? (file.Item1, WithRawSql(file.Item2)) : file)
            .ToArray();
        return new MigrationCorpus(directory, files);
    }

    /// <summary>
    /// The same files with <c>[GenerateRollback]</c> on every migration and its scaffolded <c>Down</c> removed, so
    /// the rollback generator writes every <c>Down</c>; plus the attribute's declaration (the runtime package's).
    /// </summary>
    public IReadOnlyList<(string Path, string Source)> WithGenerateRollback()
    {
        const string attribute = """
            namespace EFCore.SafeMigrations
            {
                [System.AttributeUsage(System.AttributeTargets.Class, Inherited = false)]
                public sealed class GenerateRollbackAttribute : System.Attribute
                {
                }
            }

            """;
        return Files.Select(f => f.Path.StartsWith("Migrations/2", StringComparison.Ordinal) && !f.Path.EndsWith(".Designer.cs", StringComparison.Ordinal)
                ? (f.Path, WithoutDown(f.Source))
                : f)
            .Append(("GenerateRollbackAttribute.cs", attribute))
            .ToArray();
    }

    /// <summary>
    /// The migration without its <c>Down</c> and with <c>[GenerateRollback]</c>, edited through the syntax tree so that any
    /// layout works (CRLF, file-scoped namespaces, the older scaffolders' output of the real histories).
    /// </summary>
    private static string WithoutDown(string source)
    {
        var root = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(source).GetRoot();
        var down = root.DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax>().FirstOrDefault(m => m.Identifier.ValueText == "Down");
        if (down?.Parent is not Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax migration)
        {
            return source;
        }

        // Text edits, back to front: the class keeps its layout, the attribute goes on a line of its own before it.
        var classStart = migration.AttributeLists.Count > 0 ? migration.AttributeLists[0].SpanStart : migration.Modifiers.Count > 0 ? migration.Modifiers[0].SpanStart : migration.Keyword.SpanStart;
        var lineStart = source.LastIndexOf('\n', Math.Max(0, classStart - 1)) + 1;
        var indent = source[lineStart..classStart];
        var newline = source.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        return source[..lineStart] + indent + "[EFCore.SafeMigrations.GenerateRollback]" + newline
            + source[lineStart..down.FullSpan.Start] + source[down.FullSpan.End..];
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

    private static void Generate(string directory, CorpusKind kind, TestProvider provider, int migrations, TextWriter log)
    {
        log.WriteLine($"// Scaffolding {migrations} migrations ({kind}, {provider}) with EF Core's scaffolder into {directory} (once; cached) ...");
        var watch = Stopwatch.StartNew();
        var history = kind == CorpusKind.Uniform
            ? Scaffolder.ScaffoldHistory(provider, HistoryPlan.Steps(migrations))
            // Real histories are hours or days apart.
            : Scaffolder.ScaffoldHistory(provider, ScaffoldOptions.Default with { Spacing = TimeSpan.FromHours(7) }, LargeModelPlan.Steps(migrations));
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
