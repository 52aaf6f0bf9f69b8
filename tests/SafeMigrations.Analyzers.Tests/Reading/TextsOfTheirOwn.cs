using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.TestKit.Scaffolding;

namespace SafeMigrations.Analyzers.Tests.Reading;

/// <summary>
/// Sources for the tests of what the analyzer keeps by a file's text across compilations (<c>DesignerAnswerCache</c>,
/// <c>MethodReadCache</c>): those caches are shared by the whole test run, so each test gives the files it looks at a text no
/// other test compiles (a comment with a new id), and what it plants or counts is its own.
/// </summary>
internal static class TextsOfTheirOwn
{
    public static readonly CSharpParseOptions Parsing = CompilationHarness.ParseOptions;

    /// <summary>Customers, then Email dropped: SM1003 on DropEmail's Up names the column's store type, which only the first Designer knows.</summary>
    public static MigrationProject DropEmail() =>
        MigrationProject.Scaffold(TestProvider.PostgreSql, ("Initial", Models.Customers), ("DropEmail", Models.CustomersWithoutEmail));

    /// <summary>The project's sources, each file <paramref name="marked"/> chooses with a comment that gives it a text of its own.</summary>
    public static List<(string Path, string Source)> Marked(MigrationProject project, Func<string, bool> marked)
    {
        var mark = "// test " + Guid.NewGuid().ToString("N") + "\n";
        return project.Sources.Select(s => marked(s.Path) ? (s.Path, mark + s.Source) : s).ToList();
    }

    /// <summary>The analyzer's diagnostics of <paramref name="compilation"/>, none of them an analyzer's exception.</summary>
    public static async Task<Diagnostic[]> Analyze(CSharpCompilation compilation)
    {
        var found = (await CompilationHarness.AnalyzeAsync(compilation, new SafeMigrationsAnalyzer())).ToArray();
        Assert.DoesNotContain(found, d => d.Id == "AD0001");
        return found;
    }

    /// <summary>The method <paramref name="name"/> of the file whose path ends in <paramref name="fileEnd"/>.</summary>
    public static MethodDeclarationSyntax Method(CSharpCompilation compilation, string fileEnd, string name) =>
        compilation.SyntaxTrees.Single(t => t.FilePath.EndsWith(fileEnd, StringComparison.Ordinal)).GetRoot()
            .DescendantNodes().OfType<MethodDeclarationSyntax>().Single(m => m.Identifier.ValueText == name);

    public static bool IsDesigner(string path) => path.EndsWith(".Designer.cs", StringComparison.Ordinal);

    /// <summary>A migration's own file: not its Designer, not the snapshot, not the DbContext.</summary>
    public static bool IsMigrationFile(string path) =>
        !IsDesigner(path) && !path.EndsWith("ModelSnapshot.cs", StringComparison.Ordinal) && path.Contains('_', StringComparison.Ordinal);
}
