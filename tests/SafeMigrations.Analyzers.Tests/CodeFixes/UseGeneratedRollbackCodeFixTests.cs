using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using SafeMigrations.Analyzers.Rules;
using SafeMigrations.Analyzers.Tests.Rollback;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.CodeFixes;
using SafeMigrations.TestKit.Scaffolding;

namespace SafeMigrations.Analyzers.Tests.CodeFixes;

public class UseGeneratedRollbackCodeFixTests
{
    private const string OnlyRollbackRules = RollbackHarness.OnlyRollbackRules;

    private static MigrationProject History(TestProvider provider, params string[] steps) => RollbackHarness.Scaffold(provider, steps);

    private static string EmptyDown(string code) => RollbackHarness.EditDownBody(code, _ => "{\n        }");

    /// <summary>What the fix should write: the scaffolded file with [GenerateRollback], its using, and no Down.</summary>
    private static string Fixed(string code, string className)
    {
        var start = code.IndexOf("\n\n        /// <inheritdoc />\n        protected override void Down", StringComparison.Ordinal);
        var end = code.IndexOf("\n        }\n", code.IndexOf("protected override void Down", StringComparison.Ordinal), StringComparison.Ordinal) + "\n        }".Length;
        Assert.True(start > 0 && end > start, "scaffolded Down not found");
        code = code.Remove(start, end - start);
        code = code.Replace($"    public partial class {className}", $"    [GenerateRollback]\n    public partial class {className}");
        // The using goes where the user's order puts it, as every fix adds it: EF scaffolds only Microsoft.*, so first.
        Assert.StartsWith("using Microsoft.EntityFrameworkCore.Migrations;", code);
        return "using EFCore.SafeMigrations;\n" + code;
    }

    private static CSharpCodeFixTest<SafeMigrationsAnalyzer, UseGeneratedRollbackCodeFix, DefaultVerifier> Test(MigrationProject project)
    {
        var test = new CSharpCodeFixTest<SafeMigrationsAnalyzer, UseGeneratedRollbackCodeFix, DefaultVerifier> { ReferenceAssemblies = AnalyzerVerifier.Net10 };
        foreach (var source in project.Sources)
        {
            test.TestState.Sources.Add(source);
        }

        test.TestState.AdditionalReferences.AddRange(CompilationHarness.EfReferences);
        test.TestState.AdditionalReferences.Add(RollbackHarness.RuntimeReference);
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*]\n" + OnlyRollbackRules));
        test.SolutionTransforms.Add(AnalyzerVerifier.SuppressBindingRedirectWarnings);
        return test;
    }

    [Theory]
    [InlineData(TestProvider.PostgreSql)]
    [InlineData(TestProvider.SqlServer)]
    [InlineData(TestProvider.Sqlite)]
    public async Task Marks_the_migration_and_deletes_the_empty_Down(TestProvider provider)
    {
        var project = History(provider, "DropEmail", "AddVisits");
        project.WithMigrationCode(project.Last, EmptyDown, keepsDownInStep: true);
        var test = Test(project);
        test.ExpectedDiagnostics.Add(OnDown(project));
        test.FixedState.Sources.AddRange(project.Sources.Select(s => s.Path == MigrationProject.PathOf(project.Last) ? (s.Path, Fixed(s.Source, "AddVisits")) : s).Select(s => (s.Item1, Microsoft.CodeAnalysis.Text.SourceText.From(s.Item2))));
        test.FixedState.AdditionalReferences.AddRange(CompilationHarness.EfReferences);
        test.FixedState.AdditionalReferences.Add(RollbackHarness.RuntimeReference);

        await test.RunAsync();
    }

    [Fact]
    public async Task Is_not_offered_when_an_operation_cannot_be_inverted()
    {
        var project = History(TestProvider.PostgreSql, "DropEmail", "AddVisits");
        project.WithMigrationCode(project.Last, code => EmptyDown(code).Replace("migrationBuilder.AddColumn<int>(", "migrationBuilder.Sql(\"SELECT 1\");\n            migrationBuilder.AddColumn<int>("), keepsDownInStep: true);
        var test = Test(project);
        test.ExpectedDiagnostics.Add(OnDown(project));
        test.FixedState.Sources.AddRange(project.Sources.Select(s => (s.Path, Microsoft.CodeAnalysis.Text.SourceText.From(s.Source))));

        await test.RunAsync();
    }

    /// <summary>
    /// The generator declares Down only in a top-level class without type parameters. The fix used to be offered on a nested
    /// migration too: it deleted the Down and marked the class, and the generator then wrote none.
    /// </summary>
    [Fact]
    public async Task Is_not_offered_on_a_migration_nested_in_another_class()
    {
        var project = History(TestProvider.PostgreSql, "DropEmail", "AddVisits");
        project.NestedInOuterClass(project.Last, EmptyDown, keepsDownInStep: true);
        var test = Test(project);
        test.ExpectedDiagnostics.Add(OnDown(project));
        test.FixedState.Sources.AddRange(project.Sources.Select(s => (s.Path, Microsoft.CodeAnalysis.Text.SourceText.From(s.Source))));

        await test.RunAsync();
    }

    [Fact]
    public async Task Fix_all_converts_every_migration_in_the_project()
    {
        var project = History(TestProvider.Sqlite, "DropEmail", "AddVisits", "DropVisits");
        var fixedSources = new List<(string, string)>();
        foreach (var migration in project.History.Skip(1))
        {
            project.WithMigrationCode(migration, EmptyDown, keepsDownInStep: true);
        }

        var test = Test(project);
        foreach (var migration in project.History.Skip(1))
        {
            test.ExpectedDiagnostics.Add(OnDown(project, migration));
        }

        foreach (var source in project.Sources)
        {
            var migration = project.History.Skip(1).FirstOrDefault(m => MigrationProject.PathOf(m) == source.Path);
            fixedSources.Add((source.Path, migration is null ? source.Source : Fixed(source.Source, migration.Name)));
        }

        test.FixedState.Sources.AddRange(fixedSources.Select(s => (s.Item1, Microsoft.CodeAnalysis.Text.SourceText.From(s.Item2))));
        test.FixedState.AdditionalReferences.AddRange(CompilationHarness.EfReferences);
        test.FixedState.AdditionalReferences.Add(RollbackHarness.RuntimeReference);
        test.NumberOfFixAllIterations = 1;
        test.NumberOfFixAllInDocumentIterations = 2; // one migration per document
        await test.RunAsync();
    }

    private static DiagnosticResult OnDown(MigrationProject project, ScaffoldedMigration? migration = null)
    {
        migration ??= project.Last;
        return project.ExpectOnDown(Descriptors.SM3001_NoRollback, migration).WithArguments(migration.Name, "is empty");
    }
}
