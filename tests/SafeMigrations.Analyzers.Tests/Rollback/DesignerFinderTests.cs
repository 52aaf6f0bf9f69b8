using Microsoft.CodeAnalysis;
using SafeMigrations.Analyzers.Context;
using SafeMigrations.Analyzers.Infrastructure;
using SafeMigrations.Analyzers.Reading;
using SafeMigrations.Analyzers.Rollback;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.TestKit.Scaffolding;

namespace SafeMigrations.Analyzers.Tests.Rollback;

/// <summary>
/// The generator finds Designers from syntax alone, and only when some migration has <c>[GenerateRollback]</c>:
/// what it finds must be what the semantic reading finds.
/// </summary>
public class DesignerFinderTests
{
    public static TheoryData<TestProvider> Providers => new() { TestProvider.PostgreSql, TestProvider.SqlServer, TestProvider.Sqlite };

    [Theory]
    [MemberData(nameof(Providers))]
    public void Finds_every_scaffolded_Designer_with_the_id_and_DbContext_the_semantic_reading_gives(TestProvider provider)
    {
        var compilation = RollbackHarness.Compile(MigrationProject.Scaffold(provider, RollbackHarness.History(provider)).Sources);
        var symbols = EfSymbols.TryCreate(compilation)!;

        var found = DesignerFinder.Find(compilation, CancellationToken.None);

        var index = new MigrationIndex(compilation, symbols);
        Assert.Equal(index.IdList, found.Select(d => d.Id));
        Assert.True(found.Count > 10);
        foreach (var designer in found)
        {
            var type = compilation.GetSymbolsWithName(_ => true, SymbolFilter.Type).OfType<INamedTypeSymbol>()
                .Single(t => MigrationModelReader.ReadMigrationId(t, symbols) == designer.Id);
            Assert.Equal(MigrationDeclaration.SimpleNameOf(MigrationModelReader.ReadDbContext(type, symbols)), designer.DbContext);
            Assert.Equal("BuildTargetModel", designer.Method!.Identifier.ValueText);
        }
    }

    [Fact]
    public void Reads_qualified_attribute_names_and_skips_a_class_that_only_looks_like_a_Designer()
    {
        var compilation = RollbackHarness.Compile(new[]
        {
            ("/Context.cs", "namespace Sample { public class ShopContext : Microsoft.EntityFrameworkCore.DbContext { } }"),
            ("/M1.Designer.cs", """
                namespace Sample.Migrations
                {
                    [Microsoft.EntityFrameworkCore.Infrastructure.DbContextAttribute(typeof(global::Sample.ShopContext))]
                    [global::Microsoft.EntityFrameworkCore.Migrations.Migration("20240101000000_First")]
                    partial class First
                    {
                        protected override void BuildTargetModel(Microsoft.EntityFrameworkCore.ModelBuilder modelBuilder) { }
                    }

                    partial class First : Microsoft.EntityFrameworkCore.Migrations.Migration
                    {
                        protected override void Up(Microsoft.EntityFrameworkCore.Migrations.MigrationBuilder migrationBuilder) { }
                    }

                    // Not a Designer: no [Migration] id, so no rollback can take its model for "the previous one".
                    public class Lookalike
                    {
                        protected void BuildTargetModel(Microsoft.EntityFrameworkCore.ModelBuilder modelBuilder) { }
                    }
                }
                """),
        });

        var found = Assert.Single(DesignerFinder.Find(compilation, CancellationToken.None));

        Assert.Equal("20240101000000_First", found.Id);
        Assert.Equal("ShopContext", found.DbContext);
    }

    [Fact]
    public void Without_GenerateRollback_the_generator_looks_for_no_Designer()
    {
        var project = MigrationProject.Scaffold(TestProvider.PostgreSql, RollbackHarness.History(TestProvider.PostgreSql));

        var (driver, _) = RollbackHarness.Run(RollbackHarness.Compile(project.Sources));

        // The driver never even asks for the Designers: with no target, nothing downstream pulls on them.
        var steps = driver.GetRunResult().Results.Single().TrackedSteps;
        var designers = steps.TryGetValue(RollbackGenerator.TrackingNames.Designers, out var ran)
            ? ran.SelectMany(step => step.Outputs).SelectMany(output => ((RollbackGenerator.DesignerList)output.Value).Items)
            : [];
        Assert.Empty(designers);
        Assert.Empty(driver.GetRunResult().GeneratedTrees);
    }

    [Fact]
    public void With_GenerateRollback_on_one_migration_every_Designer_is_found()
    {
        var project = MigrationProject.Scaffold(TestProvider.PostgreSql, RollbackHarness.History(TestProvider.PostgreSql));
        var marked = project.History.Last();
        var sources = project.Sources.Select(s => s.Path == MigrationProject.PathOf(marked) ? (s.Path, RollbackHarness.MarkForRollback(s.Source)) : s);

        var (driver, _) = RollbackHarness.Run(RollbackHarness.Compile(sources));

        var step = Assert.Single(driver.GetRunResult().Results.Single().TrackedSteps[RollbackGenerator.TrackingNames.Designers]);
        var designers = ((RollbackGenerator.DesignerList)Assert.Single(step.Outputs).Value).Items;
        Assert.Equal(project.History.Count, designers.Count);
        Assert.Single(driver.GetRunResult().GeneratedTrees);
    }
}
