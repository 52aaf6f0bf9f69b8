using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Testing;
using SafeMigrations.Analyzers.Rules;
using SafeMigrations.Analyzers.Tests.Rollback;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.TestKit.Scaffolding;

namespace SafeMigrations.Analyzers.Tests.Rules;

public class RollbackRulesTests
{
    // These tests are about rollbacks: the compatibility and locking rules are switched off the way a user would.
    private const string OnlyRollbackRules = """
        dotnet_diagnostic.SM1001.severity = none
        dotnet_diagnostic.SM1002.severity = none
        dotnet_diagnostic.SM1003.severity = none
        dotnet_diagnostic.SM1004.severity = none
        dotnet_diagnostic.SM1007.severity = none
        dotnet_diagnostic.SM2001.severity = none
        """;

    private static MigrationProject AddVisits(TestProvider provider = TestProvider.Sqlite)
    {
        var steps = RollbackHarness.History(provider);
        return MigrationProject.Scaffold(provider, steps.Single(s => s.Name == "DropEmail"), steps.Single(s => s.Name == "AddVisits"));
    }

    private static string ReplaceDownBody(string code, string body)
    {
        var root = CSharpSyntaxTree.ParseText(code).GetCompilationUnitRoot();
        var down = root.DescendantNodes().OfType<MethodDeclarationSyntax>().Single(m => m.Identifier.ValueText == "Down");
        return root.ReplaceNode(down.Body!, SyntaxFactory.ParseStatement("{" + body + "}")).ToFullString();
    }

    private static DiagnosticResult OnDown(MigrationProject project, string expectedProblem)
    {
        var root = CSharpSyntaxTree.ParseText(project.SourceOf(project.Last)).GetRoot();
        var down = root.DescendantNodes().OfType<MethodDeclarationSyntax>().Single(m => m.Identifier.ValueText == "Down").Identifier.GetLocation().GetLineSpan();
        return new DiagnosticResult(Descriptors.SM3001_NoRollback)
            .WithSpan(MigrationProject.PathOf(project.Last), down.StartLinePosition.Line + 1, down.StartLinePosition.Character + 1, down.EndLinePosition.Line + 1, down.EndLinePosition.Character + 1)
            .WithArguments("AddVisits", expectedProblem);
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("throw new System.NotSupportedException();", "only throws")]
    public async Task SM3001_fires_when_Down_is_empty_or_only_throws(string body, string problem)
    {
        var project = AddVisits();
        project.WithMigrationCode(project.Last, code => ReplaceDownBody(code, body));

        await AnalyzerVerifier.VerifyAsync(project, OnlyRollbackRules, OnDown(project, problem));
    }

    [Fact]
    public async Task SM3001_fires_on_the_class_when_Down_is_missing()
    {
        var project = AddVisits();
        project.WithMigrationCode(project.Last, code =>
        {
            var root = CSharpSyntaxTree.ParseText(code).GetCompilationUnitRoot();
            return root.RemoveNode(root.DescendantNodes().OfType<MethodDeclarationSyntax>().Single(m => m.Identifier.ValueText == "Down"), SyntaxRemoveOptions.KeepNoTrivia)!.ToFullString();
        });

        await AnalyzerVerifier.VerifyAsync(project, OnlyRollbackRules, project.ExpectOnClass(Descriptors.SM3001_NoRollback, project.Last).WithArguments("AddVisits", "is missing"));
    }

    [Theory]
    [InlineData(TestProvider.PostgreSql)]
    [InlineData(TestProvider.SqlServer)]
    [InlineData(TestProvider.Sqlite)]
    public async Task SM3001_stays_quiet_for_a_scaffolded_Down(TestProvider provider)
    {
        await AnalyzerVerifier.VerifyAsync(AddVisits(provider), OnlyRollbackRules);
    }

    [Fact]
    public async Task SM3001_stays_quiet_with_GenerateRollback_and_SM3003_stays_quiet_when_every_operation_inverts()
    {
        var project = RollbackHarness.MarkForRollback(MigrationProject.Scaffold(TestProvider.Sqlite, RollbackHarness.History(TestProvider.Sqlite)));

        var test = AnalyzerVerifier.Create<SafeMigrationsAnalyzer>();
        foreach (var source in project.Sources)
        {
            test.TestState.Sources.Add(source);
        }

        test.TestState.AdditionalReferences.Add(RollbackHarness.RuntimeReference);
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*]\n" + OnlyRollbackRules));

        await test.RunAsync();
    }

    [Fact]
    public async Task SM3003_names_raw_SQL_that_cannot_be_inverted()
    {
        var project = RollbackHarness.MarkForRollback(AddVisits());
        project.WithMigrationCode(project.Last, code => code.Replace(
            "migrationBuilder.AddColumn<int>(",
            "migrationBuilder.Sql(\"UPDATE Customers SET Points = 0\");\n            migrationBuilder.AddColumn<int>("));

        var test = AnalyzerVerifier.Create<SafeMigrationsAnalyzer>();
        foreach (var source in project.Sources)
        {
            test.TestState.Sources.Add(source);
        }

        test.TestState.AdditionalReferences.Add(RollbackHarness.RuntimeReference);
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*]\n" + OnlyRollbackRules));
        test.ExpectedDiagnostics.Add(project.Expect(Descriptors.SM3003_RollbackNotGenerated, project.Last, "Sql")
            .WithArguments("AddVisits", "Sql", "raw SQL has no known reverse; use migrationBuilder.ReversibleSql(up, down) instead"));
        await test.RunAsync();
    }

    [Fact]
    public async Task SM3003_names_a_drop_whose_definition_is_not_in_the_previous_model()
    {
        var project = RollbackHarness.MarkForRollback(AddVisits());
        project.WithMigrationCode(project.Last, code => code.Replace(
            "migrationBuilder.AddColumn<int>(",
            "migrationBuilder.DropColumn(name: \"Ghost\", table: \"Customers\");\n            migrationBuilder.AddColumn<int>("));

        var test = AnalyzerVerifier.Create<SafeMigrationsAnalyzer>();
        foreach (var source in project.Sources)
        {
            test.TestState.Sources.Add(source);
        }

        test.TestState.AdditionalReferences.Add(RollbackHarness.RuntimeReference);
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*]\n" + OnlyRollbackRules));
        test.ExpectedDiagnostics.Add(project.Expect(Descriptors.SM3003_RollbackNotGenerated, project.Last, "DropColumn")
            .WithArguments("AddVisits", "DropColumn 'Customers.Ghost'", "column 'Customers.Ghost' is not in the model before this migration"));
        await test.RunAsync();
    }
}
