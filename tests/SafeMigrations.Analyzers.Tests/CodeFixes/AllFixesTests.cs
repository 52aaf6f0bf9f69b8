using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.EntityFrameworkCore;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.CodeFixes;
using SafeMigrations.TestKit.Scaffolding;
using static SafeMigrations.Analyzers.Tests.CodeFixes.FixHarness;

namespace SafeMigrations.Analyzers.Tests.CodeFixes;

/// <summary>What every migration fix owes, checked for all of them: fix-all over a history, and no crash on half-typed code.</summary>
public class AllFixesTests
{
    /// <summary>A history where the rule fires in two migrations, and the fix for it.</summary>
    public static TheoryData<string> Ids => new() { "SM1001", "SM1003", "SM1007", "SM2001", "SM2004", "SM2007" };

    private static (MigrationProject Project, CodeFixProvider Fix, string[] Split) TwoMigrations(string id)
    {
        // Each step adds one more breaking change of the same kind, on a table the previous steps left alone.
        static Action<ModelBuilder> Members(string[] include, Action<Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<Member>>? more = null) => LockModels.Members(include, more);
        return id switch
        {
            "SM1001" => (Scaffold(TestProvider.PostgreSql, ("Initial", Models.Customers), ("RenameName", Models.CustomersWithRenamedName),
                ("RenamePoints", m => m.Entity<Customer>(b => { b.ToTable("Customers"); b.Ignore(c => c.Orders); b.Property(c => c.Name).HasColumnName("FullName"); b.Property(c => c.Points).HasColumnName("Score"); }))), new RenameColumnExpandContractFix(), ["RenameName", "RenamePoints"]),
            "SM1003" => (Scaffold(TestProvider.Sqlite, ("Initial", Models.Customers), ("DropEmail", Models.CustomersWithoutEmail),
                ("DropPoints", m => m.Entity<Customer>(b => { b.ToTable("Customers"); b.Ignore(c => c.Orders); b.Ignore(c => c.Email); b.Ignore(c => c.Points); }))), new DropColumnContractFix(), ["DropEmail", "DropPoints"]),
            "SM1007" => (Scaffold(TestProvider.SqlServer, ("Initial", Members([])), ("AddScore", Members([nameof(Member.Score)])), ("AddDouble", Members([nameof(Member.Score), nameof(Member.DoubleScore)]))), new EnforceNotNullInContractFix(), ["AddScore", "AddDouble"]),
            "SM2001" => (Scaffold(TestProvider.PostgreSql, ("Initial", Models.Customers), ("IndexEmail", Models.CustomersWithEmailIndex),
                ("IndexPoints", m => m.Entity<Customer>(b => { b.ToTable("Customers"); b.Ignore(c => c.Orders); b.HasIndex(c => c.Email); b.HasIndex(c => c.Points); b.Property<int>("Visits"); }))), new CreateIndexConcurrentlyFix(), ["IndexPoints"]),
            "SM2004" => (Scaffold(TestProvider.SqlServer, ("Initial", LockModels.CustomersAndUnrelatedOrders), ("AddOrderCustomer", Models.CustomersAndOrders)), new AddConstraintNotValidFix(), ["AddOrderCustomer"]),
            _ => (Scaffold(TestProvider.PostgreSql, ("Initial", Members([])), ("AddToken", Members([nameof(Member.Token)], b => b.Property(m => m.Token).HasDefaultValueSql("gen_random_uuid()"))),
                ("AddOptional", Members([nameof(Member.Token), nameof(Member.OptionalToken)], b => { b.Property(m => m.Token).HasDefaultValueSql("gen_random_uuid()"); b.Property(m => m.OptionalToken).HasDefaultValueSql("gen_random_uuid()"); }))), new AddColumnWithoutRewriteFix(), ["AddToken", "AddOptional"]),
        };
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public async Task Fix_all_fixes_every_migration_with_one_new_migration_each_and_no_clash(string id)
    {
        var (project, fix, split) = TwoMigrations(id);
        var provider = project.Sources.Any(s => s.Source.Contains("Npgsql")) ? TestProvider.PostgreSql : project.Sources.Any(s => s.Source.Contains("SqlServer")) ? TestProvider.SqlServer : TestProvider.Sqlite;

        var fixedProject = await FixAsync(project, provider, fix, id, fixAll: true);

        // Each source migration gained its own new files; no path was written twice.
        var added = fixedProject.Paths.Except(project.Sources.Select(s => s.Path)).ToList();
        Assert.Equal(added.Count, added.Distinct().Count());
        foreach (var source in project.History.Skip(1))
        {
            var gained = added.Count(p => Path.GetFileName(p).Contains("_" + source.Name, StringComparison.Ordinal) && p.EndsWith(".Designer.cs", StringComparison.Ordinal));
            Assert.True(split.Contains(source.Name) ? gained >= 1 : gained == 0, $"{source.Name}: {gained} new migrations");
        }

        // Ids stay in history order: every new migration sorts after its source and before the migration that followed it.
        var originals = project.History.Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        var newIds = fixedProject.Paths.Where(p => p.EndsWith(".Designer.cs", StringComparison.Ordinal))
            .Select(p => Path.GetFileName(p)[..^".Designer.cs".Length]).Where(i => !originals.Contains(i)).ToList();
        Assert.NotEmpty(newIds);
        foreach (var newId in newIds)
        {
            var source = project.History.Where(m => newId[(newId.IndexOf('_') + 1)..].StartsWith(m.Name, StringComparison.Ordinal)).MaxBy(m => m.Name.Length)!;
            var next = project.History.Select(m => m.Id).Where(i => string.CompareOrdinal(i, source.Id) > 0).Order(StringComparer.Ordinal).FirstOrDefault();
            Assert.True(string.CompareOrdinal(newId, source.Id) > 0 && (next is null || string.CompareOrdinal(newId, next) < 0), $"{newId} is not between {source.Id} and {next}");
        }
    }

    public static TheoryData<string> AllFixes => new() { "SM1001", "SM1003", "SM1007", "SM2001", "SM2004", "SM2007" };

    [Theory]
    [MemberData(nameof(AllFixes))]
    public async Task Half_typed_migrations_get_no_exception_from_any_fix(string id)
    {
        var (project, fix, _) = TwoMigrations(id);
        var provider = project.Sources.Any(s => s.Source.Contains("Npgsql")) ? TestProvider.PostgreSql : project.Sources.Any(s => s.Source.Contains("SqlServer")) ? TestProvider.SqlServer : TestProvider.Sqlite;
        var code = project.SourceOf(project.History[1]);
        var up = code.IndexOf("protected override void Up", StringComparison.Ordinal);
        var offered = 0;
        var lengths = Enumerable.Range(0, 25).Select(i => up + (code.Length - up) * i / 25).Append(code.Length);
        foreach (var length in lengths)
        {
            var broken = MigrationProject.From(project.History);
            broken.WithMigrationCode(broken.History[1], _ => code[..length]);
            var runner = FixRunner.For(broken.Sources, ProviderConfig(provider));
            var diagnostics = (await runner.DiagnosticsAsync()).Where(d => fix.FixableDiagnosticIds.Contains(d.Id)).ToList();
            var count = diagnostics.Count(d => d.Id == id);
            var offeredHere = 0;
            for (var i = 0; i < count; i++)
            {
                offeredHere += (await runner.ActionsAsync(fix, id, i)).Count; // must not throw
            }

            offered = length == code.Length ? offeredHere : offered;
        }

        // The loop did reach a fixable file: on the whole file the fix is offered.
        Assert.True(offered > 0, "the fix was not offered even on the complete migration");
    }
}
