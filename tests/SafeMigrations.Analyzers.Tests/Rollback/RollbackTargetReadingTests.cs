using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SafeMigrations.Analyzers.Reading;
using SafeMigrations.Analyzers.Rollback;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.TestKit.Scaffolding;

namespace SafeMigrations.Analyzers.Tests.Rollback;

/// <summary>
/// The generator finds and reads marked migrations without binding them (RollbackGenerator.Targets.cs): by the syntax of
/// <c>[GenerateRollback]</c>, and with no semantic model unless the read asks a question only a model answers.
/// </summary>
public class RollbackTargetReadingTests
{
    public static TheoryData<TestProvider> Providers => new() { TestProvider.PostgreSql, TestProvider.SqlServer, TestProvider.Sqlite };

    /// <summary>
    /// The oracle: for every migration EF scaffolds, the read from syntax alone is the read from the symbol with semantic
    /// models (the DbContext as its simple name, which is all the generator compares), and none needs the symbol.
    /// </summary>
    [Theory]
    [MemberData(nameof(Providers))]
    public void Every_scaffolded_migration_reads_from_its_syntax_as_from_its_symbol(TestProvider provider)
    {
        var project = RollbackHarness.MarkForRollback(MigrationProject.Scaffold(provider, RollbackHarness.History(provider)));
        var compilation = RollbackHarness.Compile(project.Sources);

        var found = RollbackGenerator.FindDeclarations(compilation, CancellationToken.None);

        Assert.Equal(project.History.Count, found.Marked.Count);
        Assert.Equal(project.History.Count, found.Designers.Count);
        foreach (var marked in found.Marked)
        {
            var fromSyntax = RollbackGenerator.ReadFromSyntax(marked, CancellationToken.None).Target;
            var fromSymbol = RollbackGenerator.ReadWithSymbol(marked, compilation, CancellationToken.None);
            Assert.NotNull(fromSyntax);
            Assert.NotNull(fromSymbol);
            Assert.Equal(MigrationDeclaration.SimpleNameOf(fromSymbol.Migration.DbContextType), fromSyntax.Migration.DbContextType);
            Assert.Equal(fromSymbol with { Migration = fromSymbol.Migration with { DbContextType = fromSyntax.Migration.DbContextType } }, fromSyntax);
        }
    }

    /// <summary>The marked PostgreSQL history with AddVisits' file edited (and files added), and AddVisits as the walk finds it.</summary>
    private static (CSharpCompilation Compilation, RollbackGenerator.MarkedMigration AddVisits) WithAddVisits(Func<string, string> edit, params (string Path, string Source)[] added)
    {
        var project = RollbackHarness.MarkForRollback(MigrationProject.Scaffold(TestProvider.PostgreSql, RollbackHarness.History(TestProvider.PostgreSql)));
        var path = MigrationProject.PathOf(project.History.Single(m => m.Name == "AddVisits"));
        var compilation = RollbackHarness.Compile(project.Sources.Select(s => s.Path == path ? (s.Path, edit(s.Source)) : s).Concat(added));
        var marked = RollbackGenerator.FindDeclarations(compilation, CancellationToken.None).Marked
            .Single(m => m.Parts.Any(p => p.Identifier.ValueText == "AddVisits"));
        return (compilation, marked);
    }

    /// <summary>
    /// A hand-written Up with positional arguments: the syntax cannot say which parameter each is, so the migration is read
    /// with its symbol, and its Down re-creates the column under its real names.
    /// </summary>
    [Fact]
    public void A_migration_whose_read_needs_the_model_is_read_with_its_symbol()
    {
        var (compilation, marked) = WithAddVisits(Positional);

        Assert.Null(RollbackGenerator.ReadFromSyntax(marked, CancellationToken.None).Target);
        var (driver, output) = RollbackHarness.Run(compilation);

        Assert.Empty(RollbackHarness.Errors(output));
        var down = driver.GetRunResult().GeneratedTrees.Single(t => RollbackHarness.GeneratedFor(t) == "AddVisits").GetText().ToString();
        Assert.Contains("migrationBuilder.DropColumn(", down);
        Assert.Contains("name: \"Visits\"", down);
        Assert.Contains("table: \"Customers\"", down);

        // Up's AddColumn as a developer may type it: name and table by position.
        static string Positional(string code)
        {
            var edited = System.Text.RegularExpressions.Regex.Replace(code, "AddColumn<int>\\(\\s*name: \"Visits\",\\s*table: \"Customers\",", "AddColumn<int>(\"Visits\", \"Customers\",");
            Assert.NotEqual(code, edited);
            return edited;
        }
    }

    /// <summary>A migration on a base class of the project's own: the syntax cannot tell it is a migration, the symbol can.</summary>
    [Fact]
    public void A_migration_with_a_base_class_of_its_own_is_read_with_its_symbol()
    {
        var (compilation, marked) = WithAddVisits(OwnBase, ("/AppMigration.cs", "namespace Sample { public abstract class AppMigration : Microsoft.EntityFrameworkCore.Migrations.Migration { } }"));

        Assert.Null(RollbackGenerator.ReadFromSyntax(marked, CancellationToken.None).Target);
        Assert.NotNull(RollbackGenerator.ReadWithSymbol(marked, compilation, CancellationToken.None));
        var (driver, output) = RollbackHarness.Run(compilation);
        Assert.Empty(RollbackHarness.Errors(output));
        Assert.Contains(driver.GetRunResult().GeneratedTrees, t => RollbackHarness.GeneratedFor(t) == "AddVisits");

        static string OwnBase(string code)
        {
            var edited = code.Replace(" : Migration", " : Sample.AppMigration", StringComparison.Ordinal);
            Assert.NotEqual(code, edited);
            return edited;
        }
    }

    [Theory]
    [InlineData("[GenerateRollback]", true)]
    [InlineData("[GenerateRollbackAttribute]", true)]
    [InlineData("[EFCore.SafeMigrations.GenerateRollback]", true)]
    [InlineData("[global::EFCore.SafeMigrations.GenerateRollbackAttribute]", true)]
    [InlineData("[Obsolete, GenerateRollback()]", true)]
    [InlineData("[Rollback]", true, "using Rollback = EFCore.SafeMigrations.GenerateRollbackAttribute;")]
    [InlineData("[Rollback]", false, "using Rollback = Other.Attribute;")]
    [InlineData("[@GenerateRollback]", true)]
    [InlineData("[Generate\\u0052ollback]", true)]
    [InlineData("[Rollback]", true, "using Rollback = EFCore.SafeMigrations.Generate\\U00000052ollbackAttribute;")]
    [InlineData("[Obsolete]", false)]
    [InlineData("[GenerateRollbacks]", false)]
    [InlineData("", false)]
    public void GenerateRollback_is_recognised_by_its_syntax(string attributes, bool marked, string usings = "")
    {
        var tree = CSharpSyntaxTree.ParseText($"{usings}\nnamespace Sample.Migrations {{ {attributes} public partial class AddVisits {{ }} }}");

        Assert.Equal(marked, MigrationDeclaration.IsMarkedForRollback(tree.GetCompilationUnitRoot().DescendantNodes().OfType<ClassDeclarationSyntax>().Single()));

        // The generator's scan skips a tree whose text cannot mark a class: never one that does, escapes included.
        Assert.Equal(!marked && !attributes.Contains("GenerateRollback", StringComparison.Ordinal), MigrationDeclaration.TextCannotMarkForRollback(tree));
    }

    /// <summary>
    /// The scan answers a scaffolded project's trees by their text, none of which names the attribute, and walks a file too
    /// large to be held as one string, whose mark it still finds.
    /// </summary>
    [Fact]
    public void The_attribute_scan_answers_unmarked_files_by_their_text()
    {
        var project = MigrationProject.Scaffold(TestProvider.Sqlite, RollbackHarness.History(TestProvider.Sqlite));
        var compilation = RollbackHarness.Compile(project.Sources);
        Assert.All(compilation.SyntaxTrees, tree => Assert.True(MigrationDeclaration.TextCannotMarkForRollback(tree), tree.FilePath));

        // A migration file padded past the size csc keeps as one string, unmarked and then marked.
        var path = MigrationProject.PathOf(project.History.Last());
        var padding = "\n// " + new string('x', 200) + "\n";
        var large = string.Concat(Enumerable.Repeat(padding, 250));
        foreach (var mark in new[] { false, true })
        {
            var code = project.Sources.Single(s => s.Path == path).Source;
            var source = (mark ? RollbackHarness.MarkForRollback(code) : code) + large;
            var tree = CSharpSyntaxTree.ParseText(source, (CSharpParseOptions)compilation.SyntaxTrees.First().Options, path);
            Assert.True(tree.GetText().Length > 40 * 1024);
            Assert.False(MigrationDeclaration.TextCannotMarkForRollback(tree));

            var replaced = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.Single(t => t.FilePath == path), tree).WithAssemblyName("Large" + Guid.NewGuid().ToString("N"));
            Assert.Equal(mark, MarkedTreeScan.AnyMarked(replaced, CancellationToken.None, out _));
        }
    }

    /// <summary>Without the package's attribute in the references nothing can be marked, and the generator walks no type.</summary>
    [Fact]
    public void Without_the_attribute_in_the_references_nothing_is_marked()
    {
        var project = RollbackHarness.MarkForRollback(MigrationProject.Scaffold(TestProvider.Sqlite, RollbackHarness.History(TestProvider.Sqlite)));
        var compilation = CompilationHarness.Compile(project.Sources);

        Assert.Same(RollbackGenerator.Declarations.None, RollbackGenerator.FindDeclarations(compilation, CancellationToken.None));
    }

    /// <summary>The namespace of a migration in nested namespace blocks reads as its symbol displays it.</summary>
    [Fact]
    public void A_migration_in_nested_namespaces_is_written_into_the_same_namespace()
    {
        var project = RollbackHarness.MarkForRollback(MigrationProject.Scaffold(TestProvider.Sqlite, RollbackHarness.History(TestProvider.Sqlite)));
        var first = project.History[0];
        var sources = project.Sources.Select(s => s.Path == MigrationProject.PathOf(first) || s.Path == "/Migrations/" + first.DesignerFileName
            ? (s.Path, Nest(s.Source))
            : s).ToList();
        var compilation = RollbackHarness.Compile(sources);

        var marked = RollbackGenerator.FindDeclarations(compilation, CancellationToken.None).Marked.Single(m => m.Parts.Any(p => p.Identifier.ValueText == first.Name));
        var fromSyntax = RollbackGenerator.ReadFromSyntax(marked, CancellationToken.None).Target;
        var fromSymbol = RollbackGenerator.ReadWithSymbol(marked, compilation, CancellationToken.None);

        Assert.Equal("Sample.Migrations", fromSymbol!.Migration.Namespace);
        Assert.Equal(fromSymbol.Migration.Namespace, fromSyntax!.Migration.Namespace);
        Assert.Empty(RollbackHarness.Errors(RollbackHarness.Run(compilation).Output));

        static string Nest(string code)
        {
            var edited = code.Replace("namespace Sample.Migrations\n{", "namespace Sample\n{\nnamespace Migrations\n{", StringComparison.Ordinal);
            Assert.NotEqual(code, edited);
            return edited + "\n}\n";
        }
    }
}
