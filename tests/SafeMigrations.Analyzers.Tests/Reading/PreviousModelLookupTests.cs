using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SafeMigrations.Analyzers.Context;
using SafeMigrations.Analyzers.Reading;
using SafeMigrations.Analyzers.Tests.Rollback;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.TestKit.Scaffolding;

namespace SafeMigrations.Analyzers.Tests.Reading;

/// <summary>
/// Only a migration whose rules ask about the model before it (a drop) reads the list of migrations: in the IDE, an
/// edit of any other migration then reads no other migration's declaration.
/// </summary>
public class PreviousModelLookupTests
{
    [Fact]
    public void The_previous_migration_is_looked_up_on_the_first_question_and_answers_as_before()
    {
        var project = MigrationProject.Scaffold(TestProvider.PostgreSql, RollbackHarness.History(TestProvider.PostgreSql));
        var compilation = RollbackHarness.Compile(project.Sources);
        var index = new MigrationIndex(compilation, EfSymbols.TryCreate(compilation)!);
        var ids = project.History.Select(m => m.Id).ToList();

        var second = index.Previous(ids[1], null, CancellationToken.None);
        var first = index.Previous(ids[0], null, CancellationToken.None);
        Assert.False(index.IsBuilt);

        Assert.True(second.Exists);
        Assert.True(index.IsBuilt);
        var whole = index.PreviousTargetModel(ids[1], null, CancellationToken.None)!;
        var table = whole.Tables[0];
        Assert.Equal(table, second.Table(table.Name, table.Schema));
        Assert.Equal(
            whole.Tables.Where(t => t.Name == table.Name).Select(t => (t.Name, t.Schema, t.Indexes)),
            second.TablesNamedForIndexes(table.Name).Select(t => (t.Name, t.Schema, t.Indexes)));

        // The first migration has no model before it.
        Assert.False(first.Exists);
        Assert.Null(first.Model);
        Assert.Null(first.Table(table.Name, table.Schema));
        Assert.Empty(first.TablesNamedForIndexes(table.Name));
    }

    /// <summary>
    /// Once built, the list answers for each part of a migration what binding the declaration would: its type, and the same
    /// parts in the same order. Before it is built it answers nothing (the analyzer then binds), and a class it does not
    /// list (the context, the snapshot) is never answered from it.
    /// </summary>
    [Fact]
    public void A_listed_migrations_declarations_give_the_type_and_parts_binding_gives()
    {
        var project = MigrationProject.Scaffold(TestProvider.PostgreSql, RollbackHarness.History(TestProvider.PostgreSql));
        var compilation = RollbackHarness.Compile(project.Sources);
        var index = new MigrationIndex(compilation, EfSymbols.TryCreate(compilation)!);
        var classes = compilation.SyntaxTrees
            .SelectMany(tree => tree.GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>()
                .Select(declaration => (declaration, type: compilation.GetSemanticModel(tree).GetDeclaredSymbol(declaration)!)))
            .ToList();

        Assert.All(classes, c => Assert.False(index.TryGetListed(c.declaration, out _, out _)));
        _ = index.Previous(project.History[1].Id, null, CancellationToken.None).Exists; // Builds the list.
        Assert.True(index.IsBuilt);

        var listed = 0;
        foreach (var (declaration, type) in classes)
        {
            var isMigration = project.History.Any(m => m.Name == type.Name);
            Assert.Equal(isMigration, index.TryGetListed(declaration, out var listedType, out var parts));
            if (isMigration)
            {
                listed++;
                Assert.True(SymbolEqualityComparer.Default.Equals(type, listedType));
                Assert.Equal(MigrationDeclaration.PartsOf(type, CancellationToken.None), parts);
                Assert.Contains(declaration, parts);
            }
        }

        Assert.Equal(2 * project.History.Count, listed); // The migration's file and its Designer.
    }
}

/// <summary>
/// Two DbContexts of one simple name in one project (a modular app: Billing.AppDbContext and Orders.AppDbContext), their
/// migrations interleaved by timestamp: the model before a migration is its own context's.
/// </summary>
public class SharedContextNameTests
{
    /// <summary>An AppDbContext in the namespace <paramref name="module"/>, its migrations two seconds apart from <paramref name="firstSecond"/> on.</summary>
    internal static ScaffoldOptions ModuleOptions(string module, int firstSecond) => new()
    {
        ContextName = "AppDbContext",
        ContextNamespace = module,
        MigrationsNamespace = module + ".Migrations",
        FirstTimestamp = new DateTime(2024, 1, 1, 0, 0, firstSecond, DateTimeKind.Utc),
        Spacing = TimeSpan.FromSeconds(2),
    };

    private static IEnumerable<(string Path, string Source)> History(string module, int firstSecond, params (string Name, Action<Microsoft.EntityFrameworkCore.ModelBuilder> Model)[] steps)
    {
        var options = ModuleOptions(module, firstSecond);
        var history = Scaffolder.ScaffoldHistory(TestProvider.PostgreSql, options, steps);
        foreach (var migration in history)
        {
            yield return (module + "/" + migration.MigrationFileName, migration.MigrationCode);
            yield return (module + "/" + migration.DesignerFileName, migration.DesignerCode);
        }

        yield return (module + "/AppDbContext.cs", Scaffolder.DbContextSource(options));
    }

    [Fact]
    public void The_model_before_a_migration_is_its_own_contexts()
    {
        // Billing: 00:00:01 BillingInitial, 00:00:03 BillingDropEmail. Orders: 00:00:02 OrdersInitial (the column is FullName there).
        var sources = History("Billing", 1, ("BillingInitial", Models.Customers), ("BillingDropEmail", Models.CustomersWithoutEmail))
            .Concat(History("Orders", 2, ("OrdersInitial", Models.CustomersWithRenamedName)))
            .ToList();
        var compilation = CompilationHarness.Compile(sources);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));

        var before = CompilationHarness.PreviousModel(compilation, "BillingDropEmail")!.Table("Customers", null)!;

        Assert.Contains(before.Columns, c => c.Name == "Name");
        Assert.DoesNotContain(before.Columns, c => c.Name == "FullName");
    }
}
