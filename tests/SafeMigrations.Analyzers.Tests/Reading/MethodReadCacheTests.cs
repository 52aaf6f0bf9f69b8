using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SafeMigrations.Analyzers.Context;
using SafeMigrations.Analyzers.Infrastructure;
using SafeMigrations.Analyzers.Model;
using SafeMigrations.Analyzers.Tests.Rollback;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.TestKit.Scaffolding;

using static SafeMigrations.Analyzers.Tests.Reading.TextsOfTheirOwn;

namespace SafeMigrations.Analyzers.Tests.Reading;

/// <summary>
/// The compiler server parses every file again for each build: a read of Up or Down that asked no semantic model is kept by
/// the file's text, so a build of unchanged migrations reads none of them again; a read that asked one follows the other
/// files it depends on, and a method of another text, path or parse options is read.
/// </summary>
/// <remarks>The files each test looks at have a text of their own (<see cref="TextsOfTheirOwn"/>).</remarks>
public class MethodReadCacheTests
{
    private static List<(string Path, string Source)> DropEmailSources() => OwnMigrationTexts(DropEmail());

    private static List<(string Path, string Source)> OwnMigrationTexts(MigrationProject project) => Marked(project, IsMigrationFile);

    /// <summary>The keys the analyzer may have kept <paramref name="method"/>'s read under: with and without CreateTable's columns.</summary>
    private static IEnumerable<MethodInText> Keys(MethodDeclarationSyntax method) =>
        new[] { MethodReadCache.KeyOf(method, readsTableColumns: false)!, MethodReadCache.KeyOf(method, readsTableColumns: true)! };

    /// <summary>
    /// A planted read (DropEmail's Up with its operations taken out) stands for what the first build kept: the second build,
    /// parsed anew from the same text, takes it (a Release build then reports no SM1003; a Debug build checks each kept read
    /// against a new read, and reports the plant as stale), so it read no Up. The cache may start over between the plant and the
    /// build when the test run's other tests fill it (<see cref="MethodReadCache.MaxMethods"/>): then the test plants again.
    /// </summary>
    [Fact]
    public async Task A_rebuild_of_unchanged_sources_takes_the_read_of_Up_from_its_text()
    {
        var sources = DropEmailSources();
        var first = CompilationHarness.Compile(sources, Parsing);
        Assert.Contains(await Analyze(first), d => d.Id == "SM1003");

        var up = Method(first, "_DropEmail.cs", "Up");
        var kept = Keys(up).Where(k => MethodReadCache.Reads.TryGet(k, out _)).ToList();
        Assert.NotEmpty(kept);
        for (var attempt = 0; ; attempt++)
        {
            foreach (var key in kept)
            {
                MethodReadCache.Reads.Set(key, new MigrationMethod(MethodBodyState.HasStatements, EquatableArray<MigrationOperation>.Empty, MigrationMethodSpan(up)));
            }

            var rebuilt = CompilationHarness.Compile(sources, Parsing);
            Assert.NotSame(first.SyntaxTrees.First(), rebuilt.SyntaxTrees.First());
            var found = await CompilationHarness.AnalyzeAsync(rebuilt, new SafeMigrationsAnalyzer());
#if DEBUG
            // A Debug build reads each kept read again and compares (MigrationAnalyzer's AssertKeptIsRead): it reports the plant as
            // a stale read, which shows the rebuild took it.
            if (found.Any(d => d.Id == "AD0001" && d.GetMessage().Contains("differs from what the reader reads now", StringComparison.Ordinal)))
#else
            if (!found.Any(d => d.Id is "SM1003" or "AD0001"))
#endif
            {
                break;
            }

            Assert.True(attempt < 3, "the rebuild read Up again");
        }

        static SourceSpan MigrationMethodSpan(MethodDeclarationSyntax method) =>
            new(method.SyntaxTree.FilePath, method.Identifier.Span.Start, method.Identifier.Span.Length);
    }

    /// <summary>
    /// A read that asked the semantic model (a constant declared in another file) is not kept: the same migration text with the
    /// constant changed reads the changed value. The scaffolder writes literals; a team's hand edit may not.
    /// </summary>
    [Fact]
    public async Task A_read_that_asked_the_semantic_model_is_not_kept_and_follows_the_other_file()
    {
        var sources = DropEmailSources()
            .Select(s => s.Path.EndsWith("_DropEmail.cs", StringComparison.Ordinal) ? (s.Path, ReplaceOnce(s.Source, "name: \"Email\"", "name: ColumnNames.Dropped")) : s)
            .ToList();
        (string, string) Names(string value) => ("ColumnNames.cs", $"static class ColumnNames {{ public const string Dropped = \"{value}\"; }}");

        var email = CompilationHarness.Compile(sources.Append(Names("Email")), Parsing);
        Assert.Contains(await Analyze(email), d => d.Id == "SM1003" && d.GetMessage().Contains("'Email'", StringComparison.Ordinal));
        Assert.DoesNotContain(Keys(Method(email, "_DropEmail.cs", "Up")), k => MethodReadCache.Reads.TryGet(k, out _));

        // Down re-adds Email, which asks nothing: it is kept, and a read that asked beside it in the same file changes nothing there.
        Assert.Contains(Keys(Method(email, "_DropEmail.cs", "Down")), k => MethodReadCache.Reads.TryGet(k, out _));

        var name = CompilationHarness.Compile(sources.Append(Names("Name")), Parsing);
        var found = await Analyze(name);
        Assert.Contains(found, d => d.Id == "SM1003" && d.GetMessage().Contains("'Name'", StringComparison.Ordinal));
        Assert.DoesNotContain(found, d => d.Id == "SM1003" && d.GetMessage().Contains("'Email'", StringComparison.Ordinal));

        static string ReplaceOnce(string text, string old, string replacement)
        {
            var at = text.IndexOf(old, StringComparison.Ordinal);
            Assert.True(at >= 0, "no " + old);
            return text[..at] + replacement + text[(at + old.Length)..];
        }
    }

    /// <summary>
    /// A history with every kind of operation: a second build, answered from the kept reads (and the previous Designers' kept
    /// answers), reports exactly what the first reported, reading.
    /// </summary>
    [Fact]
    public async Task A_rebuild_reports_what_the_build_that_read_Up_and_Down_reported()
    {
        var sources = OwnMigrationTexts(MigrationProject.Scaffold(TestProvider.PostgreSql, RollbackHarness.History(TestProvider.PostgreSql)));

        var firstCompilation = CompilationHarness.Compile(sources, Parsing);
        var first = await Analyze(firstCompilation);
        var kept = firstCompilation.SyntaxTrees.Where(t => IsMigrationFile(t.FilePath))
            .SelectMany(t => t.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>())
            .Count(m => Keys(m).Any(k => MethodReadCache.Reads.TryGet(k, out _)));
        var rebuilt = await Analyze(CompilationHarness.Compile(sources, Parsing));

        Assert.True(kept >= 2 * (sources.Count(s => IsMigrationFile(s.Path)) - 1), $"{kept} reads kept");
        Assert.Contains(first, d => d.Id == "SM1003");
        Assert.Contains(first, d => d.Id == "SM1004");
        Assert.Equal(CompilationHarness.Described(first), CompilationHarness.Described(rebuilt));
    }

    /// <summary>
    /// A read holds its file's path (in its spans) and says whether CreateTable's columns were read: the same text at another
    /// path, read the other way, or parsed with other options, is another key.
    /// </summary>
    [Fact]
    public void A_read_is_kept_by_its_text_path_parse_options_and_what_was_read()
    {
        var text = $"// {Guid.NewGuid():N}\nclass M {{ void Up(object b) {{ }} }}";
        MethodDeclarationSyntax Up(string path, CSharpParseOptions options) =>
            CSharpSyntaxTree.ParseText(text, options, path).GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single();

        var key = MethodReadCache.KeyOf(Up("A.cs", Parsing), readsTableColumns: true);
        Assert.Equal(key, MethodReadCache.KeyOf(Up("A.cs", Parsing), readsTableColumns: true));
        Assert.NotEqual(key, MethodReadCache.KeyOf(Up("B.cs", Parsing), readsTableColumns: true));
        Assert.NotEqual(key, MethodReadCache.KeyOf(Up("A.cs", Parsing), readsTableColumns: false));
        Assert.NotEqual(key, MethodReadCache.KeyOf(Up("A.cs", Parsing.WithPreprocessorSymbols("SAFEMIGRATIONS_TEST")), readsTableColumns: true));
    }

    /// <summary>Past its bound the cache starts over: a compiler server holds a few histories' reads, not every method it ever read.</summary>
    [Fact]
    public void The_cache_holds_no_more_than_its_bound()
    {
        var run = Guid.NewGuid().ToString("N");
        for (var i = 0; i <= MethodReadCache.MaxMethods; i++)
        {
            var method = CSharpSyntaxTree.ParseText($"// {run} {i}\nclass M {{ void Up(object b) {{ }} }}", Parsing, "M.cs").GetRoot()
                .DescendantNodes().OfType<MethodDeclarationSyntax>().Single();
            MethodReadCache.Reads.Set(MethodReadCache.KeyOf(method, readsTableColumns: true)!, MigrationMethod.Missing);

            // The other tests' analyses add their reads beside these: a few adds may be in flight past the bound.
            Assert.InRange(MethodReadCache.Reads.Count, 1, MethodReadCache.MaxMethods + 64);
        }
    }
}
