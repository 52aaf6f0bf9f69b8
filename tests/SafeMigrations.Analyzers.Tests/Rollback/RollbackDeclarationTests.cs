using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SafeMigrations.Analyzers.Rollback;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.TestKit.Scaffolding;

namespace SafeMigrations.Analyzers.Tests.Rollback;

/// <summary>
/// The class a generated Down goes into: one it cannot be declared in is SM3003's, not silence; names spelt with <c>@</c>,
/// names that differ by case, usings inside the namespace.
/// </summary>
public class RollbackDeclarationTests
{
    /// <summary>A hand-written migration of one file (no Designer): Up adds a nullable column, whose inverse needs no model.</summary>
    private static string Migration(string ns = "Shop.Migrations", string declaration = "public partial class AddNote : Migration", string id = "20240101000000_AddNote") => $$"""
        using EFCore.SafeMigrations;
        using Microsoft.EntityFrameworkCore.Migrations;

        namespace {{ns}}
        {
            [GenerateRollback]
            [Migration("{{id}}")]
            {{declaration}}
            {
                protected override void Up(MigrationBuilder migrationBuilder)
                {
                    migrationBuilder.AddColumn<int>(name: "Note", table: "Orders", nullable: true);
                }
            }
        }
        """;

    private static (GeneratorDriverRunResult Run, Compilation Output) Generate(params string[] sources) =>
        Generate(sources.Select((s, i) => ($"/Migrations/M{i}.cs", s)));

    private static (GeneratorDriverRunResult Run, Compilation Output) Generate(IEnumerable<(string Path, string Source)> sources)
    {
        var (driver, output) = RollbackHarness.Run(RollbackHarness.Compile(sources));
        var run = driver.GetRunResult();
        Assert.Empty(run.Diagnostics); // CS8785: an exception left the generator, and every Down with it.
        Assert.Empty(RollbackHarness.Errors(output));
        return (run, output);
    }

    private static async Task<string[]> Sm3003Messages(params string[] sources) =>
        (await CompilationHarness.AnalyzeAsync(RollbackHarness.Compile(sources.Select((s, i) => ($"/Migrations/M{i}.cs", s))), new SafeMigrationsAnalyzer()))
        .Where(d => d.Id == "SM3003")
        .Select(d => d.GetMessage(CultureInfo.InvariantCulture))
        .ToArray();

    [Theory]
    [InlineData("public class AddNote : Migration", "it is not declared partial")]
    [InlineData("public partial class AddNote<T> : Migration", "it is generic")]
    public async Task SM3003_says_why_a_class_cannot_take_the_generated_Down(string declaration, string reason)
    {
        var source = Migration(declaration: declaration);

        Assert.Empty(Generate(source).Run.GeneratedTrees);
        Assert.Contains(await Sm3003Messages(source), m => m.Contains("'AddNote': the class cannot be inverted, because " + reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task SM3003_says_a_nested_migration_cannot_take_the_generated_Down()
    {
        const string source = """
            using EFCore.SafeMigrations;
            using Microsoft.EntityFrameworkCore.Migrations;

            namespace Shop.Migrations
            {
                public partial class Outer
                {
                    [GenerateRollback]
                    [Migration("20240101000000_AddNote")]
                    public partial class AddNote : Migration
                    {
                        protected override void Up(MigrationBuilder migrationBuilder)
                        {
                            migrationBuilder.AddColumn<int>(name: "Note", table: "Orders", nullable: true);
                        }
                    }
                }
            }
            """;

        Assert.Empty(Generate(source).Run.GeneratedTrees);
        Assert.Contains(await Sm3003Messages(source), m => m.Contains("'AddNote': the class cannot be inverted, because it is nested in another type", StringComparison.Ordinal));
    }

    /// <summary>Hint names compare ignoring case: two migrations must not share one, nor an exception cost every migration its Down.</summary>
    [Fact]
    public void Classes_whose_names_differ_by_case_each_get_their_Down()
    {
        var (run, _) = Generate(
            Migration(declaration: "public partial class AddIndex : Migration", id: "20240101000000_AddIndex"),
            Migration(declaration: "public partial class Addindex : Migration", id: "20240101000001_Addindex"));

        Assert.Equal(new[] { "AddIndex", "Addindex" }, run.GeneratedTrees.Select(RollbackHarness.GeneratedFor).OrderBy(n => n, StringComparer.Ordinal));
    }

    /// <summary>A keyword spelt with <c>@</c> in the namespace or the class name: the generated file spells it so too.</summary>
    [Fact]
    public void A_keyword_namespace_and_class_get_a_Down_that_compiles()
    {
        var (run, output) = Generate(Migration(ns: "Shop.@class.Migrations", declaration: "public partial class @event : Migration", id: "20240101000002_event"));

        var tree = Assert.Single(run.GeneratedTrees);
        Assert.Equal("event", RollbackHarness.GeneratedFor(tree));
        Assert.Contains("namespace Shop.@class.Migrations\n", tree.ToString(), StringComparison.Ordinal);
        Assert.Contains("partial class @event\n", tree.ToString(), StringComparison.Ordinal);
        Assert.Contains(output.GetTypeByMetadataName("Shop.class.Migrations.event")!.GetMembers("Down"), m => m.Locations.Single().SourceTree == tree);
    }

    /// <summary>The syntax read keeps a keyword's name unescaped, as the symbol's read does: the two reads stay one.</summary>
    [Fact]
    public void A_keyword_namespace_and_class_read_from_syntax_as_from_the_symbol()
    {
        var compilation = RollbackHarness.Compile(new[] { ("/Migrations/M.cs", Migration(ns: "Shop.@class.Migrations", declaration: "public partial class @event : Migration")) });
        var marked = Assert.Single(RollbackGenerator.FindDeclarations(compilation, CancellationToken.None).Marked);

        var fromSyntax = RollbackGenerator.ReadFromSyntax(marked, CancellationToken.None).Target;
        var fromSymbol = RollbackGenerator.ReadWithSymbol(marked, compilation, CancellationToken.None);

        Assert.NotNull(fromSyntax);
        Assert.Equal(fromSymbol, fromSyntax);
        Assert.Equal("Shop.class.Migrations", fromSyntax.Migration.Namespace);
    }

    /// <summary>
    /// Usings inside the namespace block: the planner writes ReferentialAction bare, as EF does, so the generated file needs
    /// them too (CS0246 without).
    /// </summary>
    [Fact]
    public void Usings_inside_the_namespace_come_into_the_generated_file()
    {
        var project = RollbackHarness.MarkForRollback(RollbackHarness.Scaffold(TestProvider.PostgreSql, "AddTags", "DropOrders"), includeFirst: false);
        foreach (var migration in project.History)
        {
            project.WithMigrationCode(migration, UsingsIntoNamespace);
            project.WithDesignerCode(migration, UsingsIntoNamespace);
        }

        Assert.DoesNotContain("\nusing ", "\n" + project.SourceOf(project.Last), StringComparison.Ordinal);

        var (run, _) = Generate(project.Sources);

        var down = Assert.Single(run.GeneratedTrees).ToString();
        Assert.Contains("ReferentialAction.Cascade", down, StringComparison.Ordinal);
        Assert.Contains("    using Microsoft.EntityFrameworkCore.Migrations;", down, StringComparison.Ordinal);
    }

    private static string UsingsIntoNamespace(string code)
    {
        var root = CSharpSyntaxTree.ParseText(code).GetCompilationUnitRoot();
        var ns = root.Members.OfType<BaseNamespaceDeclarationSyntax>().Single();
        var moved = root.ReplaceNode(ns, ns.WithUsings(ns.Usings.InsertRange(0, root.Usings)));
        return moved.WithUsings(default).NormalizeWhitespace(eol: "\n").ToFullString();
    }
}
