using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.EntityFrameworkCore;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.TestKit.Scaffolding;

namespace SafeMigrations.Analyzers.Tests.CodeFixes;

/// <summary>Scaffolded histories and the checks every migration fix must pass.</summary>
public static class FixHarness
{
    /// <summary>Migrations a minute apart, as a team's real history is: room for a new id on either side.</summary>
    public static readonly ScaffoldOptions Spaced = new() { Spacing = TimeSpan.FromMinutes(1) };

    public static MigrationProject Scaffold(TestProvider provider, params (string Name, Action<ModelBuilder> Model)[] steps) =>
        MigrationProject.From(Scaffolder.ScaffoldHistory(provider, Spaced, steps));

    public static string ProviderConfig(TestProvider provider, string? extra = null) =>
        "safe_migrations.provider = " + provider switch
        {
            TestProvider.PostgreSql => "postgresql",
            TestProvider.SqlServer => "sqlserver",
            _ => "sqlite",
        } + (extra is null ? string.Empty : "\n" + extra);

    /// <summary>
    /// Applies the fix to the first <paramref name="id"/> and checks what every fix owes: the output compiles
    /// (with the rollback generator), the fixed warning is gone, and no warning appears that was not there before
    /// (but the info a contract's lossy rollback gets).
    /// </summary>
    public static async Task<FixedProject> FixAsync(MigrationProject project, TestProvider provider, CodeFixProvider fix, string id, string? extraConfig = null, bool fixAll = false)
    {
        var runner = FixRunner.For(project.Sources, ProviderConfig(provider, extraConfig));
        var before = (await runner.DiagnosticsAsync()).Select(d => d.Id).ToHashSet();
        Assert.Contains(id, before);
        var fixedProject = fixAll ? await runner.FixAllAsync(fix, id) : await runner.FixAsync(fix, id);
        fixedProject.Compile();
        Assert.DoesNotContain(fixedProject.Diagnostics, d => d.Id == id);
        // A contract that drops what no twin kept says so (SM3003, info): the drop fixes write such contracts on purpose.
        var added = fixedProject.Diagnostics.Where(d => !before.Contains(d.Id) && !d.Descriptor.Equals(Analyzers.Rules.Descriptors.SM3003_ContractRollbackLosesData)).ToList();
        Assert.True(added.Count == 0, "the fix raised new warnings:\n" + string.Join("\n", added));
        return fixedProject;
    }

    /// <summary>The fix offers nothing for the first <paramref name="id"/>.</summary>
    public static async Task AssertNoFixAsync(MigrationProject project, TestProvider provider, CodeFixProvider fix, string id, string? extraConfig = null)
    {
        var runner = FixRunner.For(project.Sources, ProviderConfig(provider, extraConfig));
        Assert.Empty(await runner.ActionsAsync(fix, id));
    }

    public static string IdAfter(ScaffoldedMigration migration, string className) =>
        DateTime.ParseExact(migration.Id[..14], "yyyyMMddHHmmss", null).AddSeconds(1).ToString("yyyyMMddHHmmss") + "_" + className;

    public static string IdBefore(ScaffoldedMigration migration, string className) =>
        DateTime.ParseExact(migration.Id[..14], "yyyyMMddHHmmss", null).AddSeconds(-1).ToString("yyyyMMddHHmmss") + "_" + className;

    /// <summary>The model a Designer (or snapshot) source builds, read by the rules' reader.</summary>
    internal static Model.TargetModel ModelOf(string designer) => CompilationHarness.ReadTargetModel(designer);
}
