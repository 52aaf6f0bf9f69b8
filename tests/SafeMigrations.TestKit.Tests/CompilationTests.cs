using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using SafeMigrations.TestKit.Scaffolding;

namespace SafeMigrations.TestKit.Tests;

/// <summary>The generated files compile, and the compiled migrations replay the scaffolded operations.</summary>
public sealed class CompilationTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public void Generated_history_compiles_and_round_trips(TestProvider provider)
    {
        var history = Scaffolder.ScaffoldHistory(provider, Models.History);

        var assembly = CompileAndLoad(history, ScaffoldOptions.Default, out var context);
        try
        {
            foreach (var scaffolded in history)
            {
                var type = assembly.GetType("Sample.Migrations." + scaffolded.Name, throwOnError: true)!;
                Assert.Equal(scaffolded.Id, type.GetCustomAttributes(typeof(MigrationAttribute), false).Cast<MigrationAttribute>().Single().Id);
                Assert.Equal("Sample.ShopContext", type.GetCustomAttributes(typeof(DbContextAttribute), false).Cast<DbContextAttribute>().Single().ContextType.FullName);

                var migration = (Migration)Activator.CreateInstance(type)!;
                Assert.Equal(scaffolded.UpOperations.Select(o => o.GetType()), migration.UpOperations.Select(o => o.GetType()));
                Assert.Equal(scaffolded.DownOperations.Select(o => o.GetType()), migration.DownOperations.Select(o => o.GetType()));
                Assert.NotNull(migration.TargetModel!.FindEntityType("SafeMigrations.TestKit.Tests.Customer"));
            }

            var snapshot = (ModelSnapshot)Activator.CreateInstance(assembly.GetType("Sample.Migrations.ShopContextModelSnapshot", throwOnError: true)!)!;
            var customer = snapshot.Model.FindEntityType("SafeMigrations.TestKit.Tests.Customer");
            Assert.NotNull(customer);
            Assert.Null(customer.FindProperty("Phone"));
            Assert.NotNull(customer.FindProperty("Points"));
        }
        finally
        {
            context.Unload();
        }
    }

    [Fact]
    public void Custom_names_compile()
    {
        var options = new ScaffoldOptions { ContextName = "BillingContext", ContextNamespace = "Billing.Data", MigrationsNamespace = "Billing.Migrations" };
        var history = Scaffolder.ScaffoldHistory(TestProvider.SqlServer, options, Models.History);

        var assembly = CompileAndLoad(history, options, out var context);
        try
        {
            Assert.NotNull(assembly.GetType("Billing.Migrations.BillingContextModelSnapshot"));
            Assert.NotNull(assembly.GetType("Billing.Data.BillingContext"));
        }
        finally
        {
            context.Unload();
        }
    }

    [Fact]
    public void Context_in_the_global_namespace_compiles()
    {
        var options = new ScaffoldOptions { ContextName = "RootContext", ContextNamespace = "", MigrationsNamespace = "Root.Migrations" };
        var history = Scaffolder.ScaffoldHistory(TestProvider.Sqlite, options, Models.History);

        Assert.DoesNotContain("namespace", Scaffolder.DbContextSource(options));
        Assert.Contains("[DbContext(typeof(RootContext))]", history[0].DesignerCode);
        var assembly = CompileAndLoad(history, options, out var context);
        try
        {
            Assert.NotNull(assembly.GetType("RootContext"));
        }
        finally
        {
            context.Unload();
        }
    }

    private static System.Reflection.Assembly CompileAndLoad(
        IReadOnlyList<ScaffoldedMigration> history,
        ScaffoldOptions options,
        out AssemblyLoadContext context)
    {
        var trees = new List<SyntaxTree> { CSharpSyntaxTree.ParseText(Scaffolder.DbContextSource(options), path: options.ContextName + ".cs") };
        foreach (var migration in history)
        {
            trees.Add(CSharpSyntaxTree.ParseText(migration.MigrationCode, path: migration.MigrationFileName));
            trees.Add(CSharpSyntaxTree.ParseText(migration.DesignerCode, path: migration.DesignerFileName));
        }

        // A project holds one snapshot: the one after the last migration.
        trees.Add(CSharpSyntaxTree.ParseText(history[^1].SnapshotCode, path: history[^1].SnapshotFileName));

        var compilation = CSharpCompilation.Create(
            "Scaffolded_" + Guid.NewGuid().ToString("N"),
            trees,
            Scaffolder.FrameworkReferences.Concat(Scaffolder.References).Select(path => MetadataReference.CreateFromFile(path)),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)
                // As csc does by default: Npgsql.EntityFrameworkCore.PostgreSQL 10.0.3 was built against
                // EF Core 10.0.4, while EF Core 10.0.15 is referenced (CS1702: assuming version unification).
                .WithSpecificDiagnosticOptions(
                [
                    new KeyValuePair<string, ReportDiagnostic>("CS1701", ReportDiagnostic.Suppress),
                    new KeyValuePair<string, ReportDiagnostic>("CS1702", ReportDiagnostic.Suppress),
                ]));

        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        var problems = result.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString()).ToArray();
        Assert.True(result.Success && problems.Length == 0, string.Join(Environment.NewLine, problems));
        Assert.Empty(problems);

        image.Position = 0;
        context = new AssemblyLoadContext("scaffolded", isCollectible: true);
        return context.LoadFromStream(image);
    }
}
