using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using SafeMigrations.Analyzers.Context;
using SafeMigrations.Analyzers.Infrastructure;
using SafeMigrations.Analyzers.Model;
using SafeMigrations.Analyzers.Tests.Rollback;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.TestKit.Scaffolding;

using static SafeMigrations.Analyzers.Tests.Reading.TextsOfTheirOwn;

namespace SafeMigrations.Analyzers.Tests.Reading;

/// <summary>
/// The compiler server parses every file again for each build: the previous Designers' answers are kept by their text, so
/// a build of unchanged migrations asks none of them again, and a Designer whose text or parse options differ is read.
/// </summary>
/// <remarks>The Designers each test looks at have a text of their own (<see cref="TextsOfTheirOwn"/>).</remarks>
public class DesignerAnswerCacheTests
{
    private static List<(string Path, string Source)> DropEmailSources() => OwnDesigners(DropEmail());

    private static List<(string Path, string Source)> OwnDesigners(MigrationProject project) => Marked(project, IsDesigner);

    private static async Task<string> DropColumnMessage(CSharpCompilation compilation)
    {
        return (await Analyze(compilation)).Single(d => d.Id == "SM1003").GetMessage();
    }

    /// <summary>The initial migration's BuildTargetModel in <paramref name="compilation"/>: the model before DropEmail.</summary>
    private static MethodDeclarationSyntax InitialDesigner(CSharpCompilation compilation) => Method(compilation, "_Initial.Designer.cs", "BuildTargetModel");

    /// <summary>
    /// A planted answer stands for what the first build's reading kept: the second build, parsed anew from the same text, reports
    /// it, so it read no Designer. The cache may start over between the plant and the build when the test run's other tests fill
    /// it (<see cref="DesignerAnswerCache.MaxDesigners"/>): then the plant is gone, and the test plants again.
    /// </summary>
    [Fact]
    public async Task A_rebuild_of_unchanged_sources_takes_the_previous_Designers_answer_from_its_text()
    {
        var sources = DropEmailSources();
        var first = CompilationHarness.Compile(sources, Parsing);
        Assert.Contains("all of its text data", await DropColumnMessage(first), StringComparison.Ordinal);

        var kept = DesignerAnswerCache.Of(InitialDesigner(first))!;
        Assert.True(kept.TryGetTable("Customers", null, out var read));
        var email = read!.Column("Email")!;
        Assert.Equal("text", email.StoreType);

        var planted = read with { Columns = read.Columns.Select(c => c == email ? c with { StoreType = "planted" } : c).ToEquatableArray() };
        for (var attempt = 0; ; attempt++)
        {
            DesignerAnswerCache.Of(InitialDesigner(first))!.AddTable("Customers", null, planted);
            var rebuilt = CompilationHarness.Compile(sources, Parsing);
            Assert.NotSame(first.SyntaxTrees.First(), rebuilt.SyntaxTrees.First());
            var message = await DropColumnMessage(rebuilt);
            if (message.Contains("all of its planted data", StringComparison.Ordinal))
            {
                break;
            }

            Assert.True(attempt < 3, "the rebuild read the Designer again: " + message);
        }
    }

    /// <summary>A Designer whose text differs by a character, or that is parsed with other options, is a Designer of its own.</summary>
    [Fact]
    public async Task Another_text_or_other_parse_options_read_the_Designer_again()
    {
        var sources = DropEmailSources();
        var first = CompilationHarness.Compile(sources, Parsing);
        await DropColumnMessage(first);
        var read = DesignerAnswerCache.Of(InitialDesigner(first))!;
        Assert.True(read.TryGetTable("Customers", null, out var table));
        read.AddTable("Customers", null, table! with { Columns = table.Columns.Select(c => c.Name == "Email" ? c with { StoreType = "planted" } : c).ToEquatableArray() });

        // One letter of a comment in the Designer: the same model and the same length, another text.
        var edited = sources.Select(s => s.Path.EndsWith("_Initial.Designer.cs", StringComparison.Ordinal) ? (s.Path, s.Source.Replace("// test ", "// Test ")) : s).ToList();
        Assert.NotEqual(sources, edited);
        Assert.Contains("all of its text data", await DropColumnMessage(CompilationHarness.Compile(edited, Parsing)), StringComparison.Ordinal);

        // A preprocessor symbol can change what a text parses to (an #if in a Designer).
        Assert.Contains("all of its text data", await DropColumnMessage(CompilationHarness.Compile(sources, Parsing.WithPreprocessorSymbols("SAFEMIGRATIONS_TEST"))), StringComparison.Ordinal);
    }

    /// <summary>
    /// A history with a drop of each kind (tables, columns, indexes, keys, constraints): a second build, answered from the kept
    /// answers, reports exactly what the first reported, reading.
    /// </summary>
    [Fact]
    public async Task A_rebuild_reports_what_the_build_that_read_the_Designers_reported()
    {
        var sources = OwnDesigners(MigrationProject.Scaffold(TestProvider.PostgreSql, RollbackHarness.History(TestProvider.PostgreSql)));

        var first = await Analyze(CompilationHarness.Compile(sources, Parsing));
        var rebuilt = await Analyze(CompilationHarness.Compile(sources, Parsing));

        Assert.Contains(first, d => d.Id == "SM1003");
        Assert.Contains(first, d => d.Id == "SM1004");
        Assert.Equal(CompilationHarness.Described(first), CompilationHarness.Described(rebuilt));
    }

    /// <summary>
    /// A text in a code page is re-encoded for its checksum, so two texts that differ in a character the code page cannot write
    /// would share one: such a Designer keeps no answers. A UTF-8 text, or one with no encoding (the checksum is then of UTF-8), does.
    /// </summary>
    [Fact]
    public void Only_a_text_whose_checksum_tells_every_character_apart_keeps_answers()
    {
        MethodDeclarationSyntax Designer(System.Text.Encoding? encoding) =>
            CSharpSyntaxTree.ParseText(SourceText.From($"// {Guid.NewGuid():N} \u4e2d\nclass D {{ void BuildTargetModel() {{ }} }}", encoding), Parsing).GetRoot()
                .DescendantNodes().OfType<MethodDeclarationSyntax>().Single();

        Assert.Null(DesignerAnswerCache.Of(Designer(System.Text.Encoding.Latin1)));
        Assert.Null(DesignerAnswerCache.Of(Designer(System.Text.Encoding.ASCII)));
        Assert.NotNull(DesignerAnswerCache.Of(Designer(System.Text.Encoding.UTF8)));
        Assert.NotNull(DesignerAnswerCache.Of(Designer(null)));

        // The strict UTF-8 the compiler reads files with cannot encode a lone surrogate: no checksum, so no answers, and no exception.
        var strict = new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        var loneSurrogate = CSharpSyntaxTree.ParseText(SourceText.From("// \ud800\nclass D { void BuildTargetModel() { } }", strict), Parsing).GetRoot()
            .DescendantNodes().OfType<MethodDeclarationSyntax>().Single();
        Assert.Null(DesignerAnswerCache.Of(loneSurrogate));
    }

    /// <summary>Each question is its own key: no table's name and schema spell another's, nor an index question's.</summary>
    [Fact]
    public void A_kept_answer_is_found_by_its_own_question_alone()
    {
        var answers = new DesignerAnswerCache.Answers();
        var table = new TableDefinition("bc", "a", "E", EquatableArray<ColumnDefinition>.Empty, null, EquatableArray<string>.Empty,
            EquatableArray<IndexDefinition>.Empty, EquatableArray<ForeignKeyDefinition>.Empty, EquatableArray<CheckConstraintDefinition>.Empty,
            EquatableArray<UniqueConstraintDefinition>.Empty);
        answers.AddTable("bc", "a", table);
        answers.AddTable("x", null, null);

        Assert.True(answers.TryGetTable("bc", "a", out var found));
        Assert.Same(table, found);
        Assert.False(answers.TryGetTable("c", "ab", out _));
        Assert.False(answers.TryGetTable("bc", null, out _));
        Assert.False(answers.TryGetTable("x", string.Empty, out _));
        Assert.True(answers.TryGetTable("x", null, out var none));
        Assert.Null(none);
        Assert.False(answers.TryGetTablesNamedForIndexes("bc", out var empty));
        Assert.Empty(empty);
        Assert.False(answers.TryGetTableOfIndex("bc", out _));

        answers.AddTablesNamedForIndexes("bc", new[] { table });
        Assert.True(answers.TryGetTablesNamedForIndexes("bc", out var named));
        Assert.Same(table, Assert.Single(named));
    }

    /// <summary>Past its bound the cache starts over: a compiler server holds a few histories' answers, not every Designer it ever read.</summary>
    [Fact]
    public void The_cache_holds_no_more_than_its_bound()
    {
        var run = Guid.NewGuid().ToString("N");
        for (var i = 0; i <= DesignerAnswerCache.MaxDesigners; i++)
        {
            var method = CSharpSyntaxTree.ParseText($"// {run} {i}\nclass D {{ void BuildTargetModel() {{ }} }}", Parsing).GetRoot()
                .DescendantNodes().OfType<MethodDeclarationSyntax>().Single();
            Assert.NotNull(DesignerAnswerCache.Of(method));

            // The other tests' analyses add their Designers beside these: a few adds may be in flight past the bound.
            Assert.InRange(DesignerAnswerCache.Designers.Count, 1, DesignerAnswerCache.MaxDesigners + 16);
        }
    }
}
