using Microsoft.EntityFrameworkCore;
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
    private const string OnlyRollbackRules = RollbackHarness.OnlyRollbackRules;

    private static MigrationProject AddVisits(TestProvider provider = TestProvider.Sqlite) => RollbackHarness.Scaffold(provider, "DropEmail", "AddVisits");

    private static DiagnosticResult OnDown(MigrationProject project, string expectedProblem) =>
        project.ExpectOnDown(Descriptors.SM3001_NoRollback, project.Last).WithArguments("AddVisits", expectedProblem);

    /// <summary>The migration's code without its Down method.</summary>
    private static string WithoutDown(string code)
    {
        var root = CSharpSyntaxTree.ParseText(code).GetCompilationUnitRoot();
        return root.RemoveNode(root.DescendantNodes().OfType<MethodDeclarationSyntax>().Single(m => m.Identifier.ValueText == "Down"), SyntaxRemoveOptions.KeepNoTrivia)!.ToFullString();
    }

    /// <summary>AddVisits without a Down of its own, derived from an abstract base whose Down is <c>=&gt; <paramref name="down"/></c>.</summary>
    private static MigrationProject AddVisitsDerivingFrom(string baseClass, string down)
    {
        var project = AddVisits();
        project.WithMigrationCode(project.Last, code => WithoutDown(code).Replace("AddVisits : Migration", "AddVisits : " + baseClass, StringComparison.Ordinal));
        project.Sources.Add((baseClass + ".cs", $$"""
            using Microsoft.EntityFrameworkCore.Migrations;

            public abstract class {{baseClass}} : Migration
            {
                protected override void Down(MigrationBuilder migrationBuilder) => {{down}};
            }
            """));
        Assert.Contains(project.Sources, s => s.Source.Contains("AddVisits : " + baseClass, StringComparison.Ordinal));
        return project;
    }

    /// <summary>
    /// A Down the reader failed on (a Release build skips the failure and marks the method unreadable; the tests' Debug
    /// build throws instead) is no verdict on its body. It used to be read as a missing Down: SM3001 said "is missing" on a
    /// migration that has one, and its fix ("use the generated rollback") deleted the Down the user wrote.
    /// </summary>
    [Fact]
    public void A_Down_the_reader_could_not_read_is_not_reported_as_missing_or_compared()
    {
        var migration = AddVisits().Last;
        var methods = CSharpSyntaxTree.ParseText(migration.MigrationCode, path: migration.MigrationFileName).GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().ToList();
        var up = Analyzers.Reading.MigrationMethodReader.Read(methods.Single(m => m.Identifier.ValueText == "Up"), semanticModel: null, symbols: null, CancellationToken.None);
        var down = methods.Single(m => m.Identifier.ValueText == "Down");
        Assert.False(up.Operations.IsEmpty);

        IReadOnlyList<string> Findings(Analyzers.Model.MigrationMethod readDown)
        {
            var model = new Analyzers.Model.MigrationModel("AddVisits", null, migration.Id, "ShopContext", up, readDown, HasGenerateRollback: false, ContractOf: null, Analyzers.Reading.MigrationMethodReader.IdentifierOf(down));
            var context = new Analyzers.Context.MigrationContext(model, Analyzers.Context.SafeMigrationsSettings.Default, Analyzers.Model.DatabaseProvider.Sqlite, Analyzers.Context.ProviderSource.Setting, () => null, CancellationToken.None);
            foreach (var rule in new MigrationRule[] { new MissingRollbackRule(), new RollbackMismatchRule(), new RollbackNotGeneratedRule() })
            {
                rule.Analyze(context);
            }

            return context.Findings.Select(f => f.Descriptor.Id + ": " + string.Join(" | ", f.MessageArguments)).ToList();
        }

        Assert.Empty(Findings(Analyzers.Model.MigrationMethod.Unreadable(Analyzers.Reading.MigrationMethodReader.IdentifierOf(down))));

        // The same migration with its Down really missing is reported: the check above can fail.
        Assert.Equal(new[] { "SM3001: AddVisits | is missing" }, Findings(Analyzers.Model.MigrationMethod.Missing));
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("throw new System.NotSupportedException();", "only throws")]
    public async Task SM3001_fires_when_Down_is_empty_or_only_throws(string body, string problem)
    {
        var project = AddVisits();
        project.WithMigrationCode(project.Last, code => RollbackHarness.EditDownBody(code, _ => "{" + body + "}"), keepsDownInStep: true);

        await AnalyzerVerifier.VerifyAsync(project, OnlyRollbackRules, OnDown(project, problem));
    }

    [Fact]
    public async Task SM3001_fires_on_the_class_when_Down_is_missing()
    {
        var project = AddVisits();
        project.WithMigrationCode(project.Last, WithoutDown);

        await AnalyzerVerifier.VerifyAsync(project, OnlyRollbackRules, project.ExpectOnClass(Descriptors.SM3001_NoRollback, project.Last).WithArguments("AddVisits", "is missing"));
    }

    [Fact]
    public async Task After_a_migration_without_a_Designer_the_generator_and_SM3003_agree_there_is_no_model_before()
    {
        // AddEmailIndex keeps its attributes but loses its BuildTargetModel (a hand-made migration): the model before DropName
        // is unknown. The generator used to plan over Initial's Designer, a guess, while SM3003 said no Down was generated.
        var project = MigrationProject.Scaffold(
            TestProvider.PostgreSql,
            ("Initial", Models.Customers),
            ("AddEmailIndex", Models.CustomersWithEmailIndex),
            Models.Step("DropName", m => m.Entity<Customer>(b => { b.ToTable("Customers"); b.Ignore(c => c.Orders); b.HasIndex(c => c.Email); b.Ignore(c => c.Name); })));
        Assert.Contains("DropColumn", project.SourceOf(project.Last), StringComparison.Ordinal);
        project.WithMigrationCode(project.Last, RollbackHarness.MarkForRollback);
        var designerPath = project.History[1].DesignerFileName;
        var index = project.Sources.FindIndex(s => s.Path.EndsWith(designerPath, StringComparison.Ordinal));
        var designer = CSharpSyntaxTree.ParseText(project.Sources[index].Source).GetCompilationUnitRoot();
        var buildTargetModel = designer.DescendantNodes().OfType<MethodDeclarationSyntax>().Single(m => m.Identifier.ValueText == "BuildTargetModel");
        project.Sources[index] = (project.Sources[index].Path, designer.RemoveNode(buildTargetModel, SyntaxRemoveOptions.KeepNoTrivia)!.ToFullString());

        var (_, output) = RollbackHarness.Run(RollbackHarness.Compile(project.Sources));
        Assert.Empty(RollbackHarness.Errors(output).Where(e => e.Id != "CS0534"));
        Assert.DoesNotContain(output.SyntaxTrees, tree => RollbackHarness.GeneratedFor(tree) == "DropName");

        var diagnostics = await CompilationHarness.AnalyzeAsync(RollbackHarness.Compile(project.Sources), new SafeMigrationsAnalyzer());
        Assert.Contains(diagnostics, d => d.Id == "SM3003" && d.GetMessage().Contains("no previous migration with a Designer file", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SM3001_stays_quiet_for_a_data_only_Up_behind_an_early_return()
    {
        // A backfill that only PostgreSQL runs: no schema to roll back, so an empty Down is right.
        var project = AddVisits(TestProvider.PostgreSql);
        project.WithMigrationCode(project.Last, code =>
        {
            var up = CSharpSyntaxTree.ParseText(code).GetCompilationUnitRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single(m => m.Identifier.ValueText == "Up").Body!.Span;
            var backfill = "{ if (migrationBuilder.ActiveProvider != \"Npgsql.EntityFrameworkCore.PostgreSQL\") return; migrationBuilder.Sql(\"UPDATE \\\"Customers\\\" SET \\\"Points\\\" = 0 WHERE \\\"Points\\\" IS NULL\"); }";
            return RollbackHarness.EditDownBody(code.Remove(up.Start, up.Length).Insert(up.Start, backfill), _ => "{ }");
        }, keepsDownInStep: true);
        Assert.Contains("return;", project.SourceOf(project.Last));

        await AnalyzerVerifier.VerifyAsync(project, OnlyRollbackRules);
    }

    [Fact]
    public void The_generator_takes_the_model_before_a_migration_from_a_Designer_whose_id_is_a_constant()
    {
        // WidenName's [Migration] id is a constant: the generator left it out of its list and planned DropName's Down over
        // Initial's Designer, re-adding Name at its old length, where the analyzer (which binds such an id) took WidenName's.
        var project = MigrationProject.Scaffold(
            TestProvider.PostgreSql,
            ("Initial", Models.Customers),
            Models.Step("WidenName", m => m.Entity<Customer>(b => { b.ToTable("Customers"); b.Ignore(c => c.Orders); b.Property(c => c.Name).HasMaxLength(300); })),
            Models.Step("DropName", m => m.Entity<Customer>(b => { b.ToTable("Customers"); b.Ignore(c => c.Orders); b.Ignore(c => c.Name); })));
        project.WithMigrationCode(project.Last, RollbackHarness.MarkForRollback);
        var widen = project.History[1];
        var index = project.Sources.FindIndex(s => s.Path.EndsWith(widen.DesignerFileName, StringComparison.Ordinal));
        project.Sources[index] = (project.Sources[index].Path, project.Sources[index].Source.Replace("[Migration(\"" + widen.Id + "\")]", "[Migration(MigrationIds.WidenName)]", StringComparison.Ordinal));
        project.Sources.Add(("MigrationIds.cs", "public static class MigrationIds { public const string WidenName = \"" + widen.Id + "\"; }"));
        Assert.Contains("[Migration(MigrationIds.WidenName)]", project.Sources[index].Source, StringComparison.Ordinal);

        var (driver, output) = RollbackHarness.Run(RollbackHarness.Compile(project.Sources));

        Assert.Empty(RollbackHarness.Errors(output));
        var down = driver.GetRunResult().GeneratedTrees.Single(t => RollbackHarness.GeneratedFor(t) == "DropName").GetText().ToString();
        Assert.Contains("maxLength: 300", down, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SM3001_stays_quiet_when_a_base_class_overrides_Down()
    {
        // A team's base migration that runs a script named after the migration: the class has no Down of its own.
        var project = AddVisitsDerivingFrom("ScriptMigration", "migrationBuilder.Sql(\"-- the migration's down script\")");

        await AnalyzerVerifier.VerifyAsync(project, OnlyRollbackRules);
    }

    [Fact]
    public async Task SM3001_fires_when_the_inherited_Down_only_throws()
    {
        // A "forward-only" base: the class has no Down, and the one it inherits is no rollback.
        var project = AddVisitsDerivingFrom("ForwardOnlyMigration", "throw new System.NotSupportedException(\"forward only\")");

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

        await AnalyzerVerifier.VerifyAsync(project, OnlyRollbackRules);
    }

    [Fact]
    public async Task SM3003_names_raw_SQL_that_cannot_be_inverted()
    {
        var project = RollbackHarness.MarkForRollback(AddVisits());
        project.WithMigrationCode(project.Last, code => code.Replace(
            "migrationBuilder.AddColumn<int>(",
            "migrationBuilder.Sql(\"UPDATE Customers SET Points = 0\");\n            migrationBuilder.AddColumn<int>("));

        await AnalyzerVerifier.VerifyAsync(project, OnlyRollbackRules, project.Expect(Descriptors.SM3003_RollbackNotGenerated, project.Last, "Sql")
            .WithArguments("AddVisits", "Sql", "raw SQL has no known reverse; use migrationBuilder.ReversibleSql(up, down) instead"));
    }

    /// <summary>
    /// An index option the reader does not know (a provider call EF writes as an annotation, written as the call by hand
    /// here, as another version might): no rollback rather than one that loses it.
    /// </summary>
    [Fact]
    public async Task SM3003_names_a_dropped_index_with_a_provider_option_it_does_not_know()
    {
        var project = RollbackHarness.MarkForRollback(MigrationProject.Scaffold(TestProvider.PostgreSql, IndexOptionModels.Dropped(IndexOptionModels.Postgres).Take(2).ToArray()), includeFirst: false);
        const string Known = "NpgsqlIndexBuilderExtensions.HasMethod(b.HasIndex(\"Tags\"), \"gin\");";
        Assert.Contains(Known, project.DesignerOf(project.History[0]), StringComparison.Ordinal);
        project.WithDesignerCode(project.History[0], code => code.Replace(Known, Known + "\n                    NpgsqlIndexBuilderExtensions.HasStorageParameter(b.HasIndex(\"Tags\"), \"fillfactor\", 70);"));

        await AnalyzerVerifier.VerifyAsync(project, OnlyRollbackRules, project.Expect(Descriptors.SM3003_RollbackNotGenerated, project.Last, "DropIndex", occurrence: 1)
            .WithArguments("DropIndexes", "DropIndex 'Doc.IX_Doc_Tags'", "index 'IX_Doc_Tags' has a provider option ('HasStorageParameter') the generator does not know, and would come back without it"));
    }

    [Fact]
    public async Task SM3003_names_a_drop_whose_definition_is_not_in_the_previous_model()
    {
        var project = RollbackHarness.MarkForRollback(AddVisits());
        project.WithMigrationCode(project.Last, code => code.Replace(
            "migrationBuilder.AddColumn<int>(",
            "migrationBuilder.DropColumn(name: \"Ghost\", table: \"Customers\");\n            migrationBuilder.AddColumn<int>("));

        await AnalyzerVerifier.VerifyAsync(project, OnlyRollbackRules, project.Expect(Descriptors.SM3003_RollbackNotGenerated, project.Last, "DropColumn")
            .WithArguments("AddVisits", "DropColumn 'Customers.Ghost'", "column 'Customers.Ghost' is not in the model before this migration"));
    }
}
