using System.Text.RegularExpressions;
using SafeMigrations.Analyzers;
using SafeMigrations.Analyzers.Rules;
using SafeMigrations.Analyzers.Tests.Rules;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.TestKit.Scaffolding;
using static SafeMigrations.Analyzers.Tests.Verifiers.AnalyzerVerifier;

namespace SafeMigrations.Analyzers.Tests.Reading;

/// <summary>
/// A project that references several providers takes the provider of a DbContext's migrations from that context's model
/// snapshot, read once per compilation: EF applies every migration of a context in an assembly to the one database the
/// context is configured for. Each migration's own Designer is asked only when the snapshot cannot tell (none, two for
/// one context, or one that names no provider). The test compilations reference all three provider packages, so the
/// finding (SM2001 on PostgreSQL only) shows which provider was detected.
/// </summary>
public class ProviderFromSnapshotTests
{
    private static MigrationProject IndexProject(TestProvider provider) =>
        MigrationProject.Scaffold(provider, ("Initial", Models.Customers), ("AddEmailIndex", Models.CustomersWithEmailIndex));

    private static bool IsSnapshot(string path) => path.EndsWith("ModelSnapshot.cs", StringComparison.Ordinal);

    private static bool IsDesigner(string path) => path.EndsWith(".Designer.cs", StringComparison.Ordinal);

    /// <summary>The source without what names its provider: the extension classes, the identifier length and the store types.</summary>
    private static string WithoutProviderHints(string source)
    {
        var stripped = ProviderUnknownRuleTests.StripProviderHints(source);
        Assert.NotEqual(source, stripped);
        return stripped;
    }

    private static MigrationProject Edited(MigrationProject project, Func<string, bool> which, Func<string, string> edit)
    {
        var edited = 0;
        for (var i = 0; i < project.Sources.Count; i++)
        {
            if (which(project.Sources[i].Path))
            {
                project.Sources[i] = (project.Sources[i].Path, edit(project.Sources[i].Source));
                edited++;
            }
        }

        Assert.True(edited > 0);
        return project;
    }

    private static string Snapshot(MigrationProject project) => project.Sources.Single(s => IsSnapshot(s.Path)).Source;

    private static Microsoft.CodeAnalysis.Testing.DiagnosticResult IndexBlocksWrites(MigrationProject project) =>
        project.Expect(Descriptors.SM2001_CreateIndexBlocksWrites, project.Last, "CreateIndex")
            .WithArguments("IX_Customers_Email", "Customers", CreateIndexRuleTests.WritesBlockedOnPostgres("Customers", unique: false));

    [Fact]
    public async Task Migrations_whose_Designers_name_no_provider_take_the_snapshot_s()
    {
        var project = Edited(IndexProject(TestProvider.PostgreSql), IsDesigner, WithoutProviderHints);
        Assert.Contains("NpgsqlModelBuilderExtensions.", Snapshot(project), StringComparison.Ordinal);

        await VerifyAsync(project, IndexBlocksWrites(project));
    }

    /// <summary>Without the snapshot, the same Designers name no provider: the finding above came from the snapshot.</summary>
    [Fact]
    public async Task Without_the_snapshot_the_same_Designers_leave_the_provider_unknown()
    {
        var project = Edited(IndexProject(TestProvider.PostgreSql), IsDesigner, WithoutProviderHints);
        project.Sources.RemoveAll(s => IsSnapshot(s.Path));

        await VerifyAsync(project, project.ExpectOnClass(Descriptors.SM9001_ProviderUnknown, project.Last).WithArguments("AddEmailIndex"));
    }

    /// <summary>
    /// The snapshot decides over a Designer that names another provider: the context's database is the snapshot's. A
    /// PostgreSQL history whose snapshot was scaffolded for SQLite is checked as SQLite's, where the index build is no finding.
    /// </summary>
    [Fact]
    public async Task The_snapshot_decides_over_Designers_that_name_another_provider()
    {
        var project = IndexProject(TestProvider.PostgreSql);
        var sqliteSnapshot = Snapshot(IndexProject(TestProvider.Sqlite));
        Assert.Contains("HasColumnType(\"INTEGER\")", sqliteSnapshot, StringComparison.Ordinal);
        Edited(project, IsSnapshot, _ => sqliteSnapshot);

        await VerifyAsync(project);
    }

    /// <summary>A snapshot that names no provider leaves each migration to its own Designer.</summary>
    [Fact]
    public async Task A_snapshot_that_names_no_provider_leaves_each_migration_to_its_Designer()
    {
        var project = Edited(IndexProject(TestProvider.PostgreSql), IsSnapshot, WithoutProviderHints);

        await VerifyAsync(project, IndexBlocksWrites(project));
    }

    /// <summary>
    /// Two snapshots of one context (a copy left behind when a folder moved): neither is the context's, so each migration is
    /// left to its own Designer, which names PostgreSQL here while the second snapshot says SQLite.
    /// </summary>
    [Fact]
    public async Task Two_snapshots_of_one_context_leave_each_migration_to_its_Designer()
    {
        var project = IndexProject(TestProvider.PostgreSql);
        var sqliteSnapshot = Snapshot(IndexProject(TestProvider.Sqlite));
        var copy = Regex.Replace(sqliteSnapshot, "partial class (\\w+)", "partial class Old$1");
        Assert.NotEqual(sqliteSnapshot, copy);
        project.Sources.Add(("/Migrations/Old/OldModelSnapshot.cs", copy));

        await VerifyAsync(project, IndexBlocksWrites(project));
    }

    /// <summary>
    /// The snapshot is found by the name EF gives it (<c>&lt;Context&gt;ModelSnapshot</c>): one renamed to end otherwise is not
    /// asked, and the migrations are left to their Designers, here without a provider, as without a snapshot.
    /// </summary>
    [Fact]
    public async Task A_snapshot_renamed_to_end_otherwise_is_not_found()
    {
        var project = Edited(IndexProject(TestProvider.PostgreSql), IsDesigner, WithoutProviderHints);
        Edited(project, IsSnapshot, source => Regex.Replace(source, "partial class (\\w+)ModelSnapshot", "partial class $1Model"));

        await VerifyAsync(project, project.ExpectOnClass(Descriptors.SM9001_ProviderUnknown, project.Last).WithArguments("AddEmailIndex"));
    }

    /// <summary>A class that merely carries [DbContext] (not a snapshot, not a migration) is not taken for the context's snapshot.</summary>
    [Fact]
    public async Task A_class_with_DbContext_that_is_no_snapshot_is_not_asked()
    {
        var project = Edited(IndexProject(TestProvider.PostgreSql), IsDesigner, WithoutProviderHints);
        var snapshot = Snapshot(project);
        Edited(project, IsSnapshot, source => Regex.Replace(source, ":\\s*ModelSnapshot", string.Empty).Replace("protected override void BuildModel", "protected void BuildModel", StringComparison.Ordinal));
        Assert.NotEqual(snapshot, Snapshot(project));

        await VerifyAsync(project, project.ExpectOnClass(Descriptors.SM9001_ProviderUnknown, project.Last).WithArguments("AddEmailIndex"));
    }

    /// <summary>
    /// Two DbContexts of one simple name (Billing.AppDbContext on PostgreSQL, Orders.AppDbContext on SQLite), each with its own
    /// snapshot and Designers that name no provider: each migration takes its own context's snapshot, so only Billing's index
    /// build is a finding.
    /// </summary>
    [Fact]
    public async Task Two_contexts_of_one_simple_name_each_take_their_own_snapshot()
    {
        static IEnumerable<(string Path, string Source)> Module(string module, TestProvider provider, int firstSecond)
        {
            var options = SharedContextNameTests.ModuleOptions(module, firstSecond);
            var history = Scaffolder.ScaffoldHistory(provider, options, ("Initial" + module, Models.Customers), ("AddEmailIndex" + module, Models.CustomersWithEmailIndex));
            foreach (var migration in history)
            {
                yield return (module + "/" + migration.MigrationFileName, migration.MigrationCode);
                yield return (module + "/" + migration.DesignerFileName, WithoutProviderHints(migration.DesignerCode));
            }

            yield return (module + "/" + history[^1].SnapshotFileName, history[^1].SnapshotCode);
            yield return (module + "/AppDbContext.cs", Scaffolder.DbContextSource(options));
        }

        var compilation = CompilationHarness.Compile(Module("Billing", TestProvider.PostgreSql, 1).Concat(Module("Orders", TestProvider.Sqlite, 2)));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));

        var found = await CompilationHarness.AnalyzeAsync(compilation, new SafeMigrationsAnalyzer());

        Assert.DoesNotContain(found, d => d.Id == "SM9001");
        var indexBuild = Assert.Single(found, d => d.Id == "SM2001");
        Assert.StartsWith("Billing/", indexBuild.Location.SourceTree!.FilePath, StringComparison.Ordinal);
    }
}
