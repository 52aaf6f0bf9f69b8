using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using SafeMigrations.Analyzers.Reading;
using SafeMigrations.Analyzers.Tests.Corpus;
using SafeMigrations.TestKit.Scaffolding;

namespace SafeMigrations.Analyzers.Tests.Reading;

/// <summary>
/// A question about a Designer's table finds a quoted value's positions among the Designer's quotes instead of passing over
/// the body again: each answer must be the pass's (<see cref="SearchableText.FindAll(TextSpan, string)"/> of the quoted
/// value, <see cref="SearchableText.Contains"/> of three quotes), in one string and in a chunked text.
/// </summary>
public class QuotedLiteralsTests
{
    private static SourceText Chunked(string code)
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(code));
        var chunked = SourceText.From(stream);
        Assert.NotEqual("StringText", chunked.GetType().Name);
        return chunked;
    }

    private static void AssertAsPasses(SearchableText searchable, TextSpan span, params string[] values)
    {
        var literals = QuotedLiterals.Of(searchable, span)!;
        foreach (var value in values)
        {
            Assert.Equal(searchable.FindAll(span, "\"" + value + "\""), literals.FindAll(value));
        }

        Assert.Equal(searchable.Contains(span, "\"\"\""), literals.HasTripleQuote());
    }

    [Theory]
    [MemberData(nameof(CorpusTests.Providers), MemberType = typeof(CorpusTests))]
    public void Every_literal_of_every_scaffolded_Designer_is_found_where_a_pass_finds_it(TestProvider provider)
    {
        var designers = CorpusGenerator.Projects(provider).SelectMany(p => p.Sources).Where(s => s.Path.EndsWith(".Designer.cs", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(designers);
        foreach (var (path, source) in designers)
        {
            var body = CSharpSyntaxTree.ParseText(source, path: path).GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>()
                .Single(m => m.Identifier.ValueText == "BuildTargetModel").Body!;
            var searchable = new SearchableText(body.SyntaxTree.GetText());
            var values = body.DescendantTokens().Where(t => t.IsKind(SyntaxKind.StringLiteralToken)).Select(t => t.ValueText).Distinct().ToArray();
            Assert.Contains("ProductVersion", values);
            AssertAsPasses(searchable, body.FullSpan, values.Concat(new[] { "Relational", "Nope", "" }).ToArray());

            // Each literal written plainly ("value", no escape) is found (the pass finds it too: compared above).
            var plain = body.DescendantTokens().Where(t => t.IsKind(SyntaxKind.StringLiteralToken) && t.Text == "\"" + t.ValueText + "\"").Select(t => t.ValueText);
            Assert.All(plain, value => Assert.NotEmpty(QuotedLiterals.Of(searchable, body.FullSpan)!.FindAll(value)));
        }
    }

    [Theory]
    [InlineData("b.ToTable(\"a\"a\"a\");")] // overlapping: the pass takes the first and passes over the one at its closing quote
    [InlineData("\"a\"\"a\"\"a\"")] // back to back, and "" in a verbatim string
    [InlineData("x = @\"say \"\"a\"\" twice\";")]
    [InlineData("x = \"\"\"a\"\"\";")] // a raw string
    [InlineData("x = \"\";")] // an empty literal: the empty value
    [InlineData("x = \"a\\\"a\";")] // an escaped quote ends nothing in C#, but it is a quote in the text, as the pass sees it
    [InlineData("\"")]
    [InlineData("")]
    public void Odd_quotes_give_the_pass_s_answers(string code)
    {
        var text = SourceText.From(code);
        AssertAsPasses(new SearchableText(text), new TextSpan(0, text.Length), "a", "", "a\\", "say ", "x");
    }

    [Fact]
    public void A_value_that_holds_a_quote_is_searched_by_a_pass()
    {
        var text = SourceText.From("b.HasComment(\"a\"b\"); b.HasComment(\"b\");");
        var searchable = new SearchableText(text);
        var span = new TextSpan(0, text.Length);
        Assert.Equal(searchable.FindAll(span, "\"a\"b\""), QuotedLiterals.Of(searchable, span)!.FindAll("a\"b"));
        Assert.Single(QuotedLiterals.Of(searchable, span)!.FindAll("a\"b"));
    }

    [Fact]
    public void Literals_across_the_windows_of_a_chunked_text_and_at_the_span_s_edges_are_found_as_in_one_string()
    {
        var builder = new System.Text.StringBuilder();
        foreach (var gap in new[] { 16 * 1024 - 5, 1, 0, 16 * 1024 - 11, 3, 40_000, 7 })
        {
            builder.Append('x', gap).Append("\"Customers\"").Append(gap % 2 == 0 ? "\"\"\"" : "\"Clients\"");
        }

        var code = builder.ToString();
        foreach (var text in new[] { Chunked(code), SourceText.From(code) })
        {
            var searchable = new SearchableText(text);
            var all = new TextSpan(0, text.Length);
            var first = searchable.FindAll(all, "\"Customers\"")[0];
            Assert.Equal(7, QuotedLiterals.Of(searchable, all)!.FindAll("Customers").Count);
            foreach (var span in new[] { all, TextSpan.FromBounds(first, text.Length), TextSpan.FromBounds(first + 1, text.Length), new TextSpan(0, first + 10), new TextSpan(0, first + 11) })
            {
                AssertAsPasses(searchable, span, "Customers", "Clients", "", "x");
            }
        }
    }

    [Fact]
    public void Literals_agree_with_passes_on_random_text_and_spans()
    {
        // Quotes, backslashes and pieces of names everywhere, so that neighbouring quotes hold every near-miss of a value.
        string[] pieces = ["\"", "\"\"", "a", "ab", "b", "\\", " ", "Customers", "Custom", "\r\n", "@"];
        var random = new Random(20261206);
        for (var round = 0; round < 400; round++)
        {
            var builder = new System.Text.StringBuilder();
            for (var i = random.Next(0, 50); i > 0; i--)
            {
                builder.Append(pieces[random.Next(pieces.Length)]);
            }

            var code = builder.ToString();
            var searchable = new SearchableText(SourceText.From(code));
            var start = random.Next(code.Length + 1);
            AssertAsPasses(searchable, new TextSpan(start, random.Next(code.Length - start + 1)), "a", "ab", "b", "", "Customers", "a b", "\\");
        }
    }

    [Fact]
    public void A_span_longer_than_the_copy_has_no_quotes_found_once_and_is_searched_pass_by_pass()
    {
        var code = new string('x', 1_100_000) + "\"Customers\"";
        var text = Chunked(code);
        Assert.Null(QuotedLiterals.Of(new SearchableText(text), new TextSpan(0, text.Length)));
        Assert.NotNull(QuotedLiterals.Of(new SearchableText(text), new TextSpan(100_000, text.Length - 100_000)));
    }
}
