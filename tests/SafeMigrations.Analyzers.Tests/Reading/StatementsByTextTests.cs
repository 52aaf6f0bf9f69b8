using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using SafeMigrations.Analyzers.Reading;
using SafeMigrations.Analyzers.Tests.Corpus;
using SafeMigrations.TestKit.Scaffolding;

namespace SafeMigrations.Analyzers.Tests.Reading;

/// <summary>
/// The table index reads only the statements of an entity block whose text names a call it reads. Missing one would
/// drop a ToTable or a relationship from the index; taking an extra one only costs a syntax read.
/// </summary>
public class StatementsByTextTests
{
    private static readonly string[] NameList = { "ToTable", "HasOne" };

    private static readonly SearchableText.Markers Names = new(NameList);

    private static string[] Found(string body) => Found(SourceText.From("class C { void M() {" + body + "} }"));

    private static string[] Found(SourceText text)
    {
        var tree = CSharpSyntaxTree.ParseText(text);
        var block = tree.GetRoot().DescendantNodes().OfType<BlockSyntax>().First();
        return StatementsByText.Mentioning(block, new SearchableText(tree.GetText()), Names).Select(s => s.ToString()).ToArray();
    }

    [Fact]
    public void Finds_every_statement_that_calls_a_name_in_order_and_once()
    {
        var found = Found("""

                b.Property<int>("Id").IsRequired();
                b.HasOne("Shop.Customer", null).WithMany().HasForeignKey("CustomerId");
                b.HasKey("Id");
                b.ToTable("Orders", t => { t.HasCheckConstraint("CK", "x > 0"); t.ToTable("Nested"); });
                b .ToTable ("Spaced");
                b./* c */ToTable("Commented");
                Microsoft.EntityFrameworkCore.X.ToTable(b, "Static");
                b.Property<int>("Ünïcödé");
            """);

        Assert.Equal(
            new[]
            {
                "b.HasOne(\"Shop.Customer\", null).WithMany().HasForeignKey(\"CustomerId\");",
                "b.ToTable(\"Orders\", t => { t.HasCheckConstraint(\"CK\", \"x > 0\"); t.ToTable(\"Nested\"); });",
                "b .ToTable (\"Spaced\");",
                "b./* c */ToTable(\"Commented\");",
                "Microsoft.EntityFrameworkCore.X.ToTable(b, \"Static\");",
            },
            found);
    }

    [Fact]
    public void A_statement_that_only_mentions_a_name_is_taken_and_the_block_braces_are_not()
    {
        var found = Found("""
             // ToTable in the block's leading comment
                b.Property<string>("HasOneWord");
                b.HasKey("Id");
                // HasOne in a statement's comment
                b.HasIndex("Id");
            /* ToTable before the closing brace */
            """);

        Assert.Equal(new[] { "b.Property<string>(\"HasOneWord\");", "b.HasIndex(\"Id\");" }, found);
    }

    [Fact]
    public void A_block_without_the_names_gives_nothing()
    {
        Assert.Empty(Found("b.Property<int>(\"Id\"); b.HasKey(\"Id\");"));
        Assert.Empty(Found(string.Empty));
    }

    /// <summary>
    /// The table index searches a whole Designer once and hands each entity block the hits: each block, nested ones
    /// included, gets exactly its statements whose text holds a name, and none of a neighbour's.
    /// </summary>
    [Fact]
    public void The_hits_of_one_search_of_the_whole_method_give_each_block_the_statements_of_its_own_search()
    {
        var designer = CorpusGenerator.Projects(TestProvider.PostgreSql).SelectMany(p => p.Sources)
            .Where(s => s.Path.EndsWith(".Designer.cs", StringComparison.Ordinal)).OrderByDescending(s => s.Source.Length).First().Source;
        var tree = CSharpSyntaxTree.ParseText(designer);
        var text = new SearchableText(tree.GetText());
        var method = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single(m => m.Identifier.ValueText == "BuildTargetModel");
        var hits = StatementsByText.Hits(text, method.Body!.FullSpan, Names);
        var blocks = method.Body.DescendantNodes().OfType<BlockSyntax>().ToList();

        Assert.True(blocks.Count > 10);
        Assert.Contains(blocks, block => StatementsByText.At(block, hits).Count > 1);
        foreach (var block in blocks)
        {
            var expected = block.Statements.Where(s => NameList.Any(n => s.ToFullString().Contains(n, StringComparison.Ordinal))).ToList();
            Assert.Equal(expected, StatementsByText.At(block, hits));
            Assert.Equal(expected, StatementsByText.Mentioning(block, text, Names));
        }
    }

    /// <summary>
    /// A hit's statement is found from the green nodes' widths: every position of a statement's full span (its leading
    /// comment included) gives that statement, the very node the block's list holds; the braces, their trivia and anything
    /// outside the block give none. In a method body (a weak list) as in a lambda's block; a comment after a statement on its
    /// line is that statement's trailing trivia.
    /// </summary>
    [Fact]
    public void StatementAt_gives_the_statement_whose_full_span_holds_the_position_and_none_in_the_braces_or_outside()
    {
        const string Code = """
            class C
            {
                void M()
                { // after the open brace
                    // before the first
                    b.ToTable("T");
                    b.Entity("E", x => { x.HasKey("Id"); /* trailing */ x.ToTable("E"); });
                    if (b) { b.HasOne("P"); }
                /* before the close brace */ }
            }
            """;
        var tree = CSharpSyntaxTree.ParseText(Code);
        var root = tree.GetRoot();
        var body = root.DescendantNodes().OfType<MethodDeclarationSyntax>().Single().Body!;
        var lambdaBlock = body.DescendantNodes().OfType<BlockSyntax>().First(b => b.Parent is LambdaExpressionSyntax);
        foreach (var block in new[] { body, lambdaBlock })
        {
            for (var position = 0; position < Code.Length; position++)
            {
                var expected = block.Statements.FirstOrDefault(s => s.FullSpan.Contains(position));
                Assert.Same(expected, StatementsByText.StatementAt(block, position));
            }
        }

        Assert.Equal("b.ToTable(\"T\");", StatementsByText.StatementAt(body, Code.IndexOf("before the first", StringComparison.Ordinal))!.ToString());
        Assert.Null(StatementsByText.StatementAt(body, Code.IndexOf("after the open brace", StringComparison.Ordinal)));
        Assert.Null(StatementsByText.StatementAt(body, Code.IndexOf("before the close brace", StringComparison.Ordinal)));
        Assert.Null(StatementsByText.StatementAt(body, Code.IndexOf("class", StringComparison.Ordinal)));
        Assert.Equal("x.HasKey(\"Id\");", StatementsByText.StatementAt(lambdaBlock, Code.IndexOf("trailing", StringComparison.Ordinal))?.ToString());
    }

    [Fact]
    public void A_large_file_kept_in_chunks_gives_the_same_statements_as_one_string()
    {
        // Above 40K characters a file read from a stream is kept in chunks (a large model's Designer); a searched block is
        // then copied into the thread's buffer, and two blocks in a row must not see each other's text.
        var body = "b.ToTable(\"First\");\n" + string.Concat(Enumerable.Range(0, 3000).Select(i => $"b.Property<int>(\"Ünïcödé{i}\");\n"))
            + "b.HasOne(\"Shop.Customer\", null).WithMany();\n";
        var code = "class C { void M() {" + body + "} void N() { b.HasKey(\"Id\"); } }";
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(code));
        var chunked = SourceText.From(stream);
        Assert.NotEqual("StringText", chunked.GetType().Name);

        var expected = new[] { "b.ToTable(\"First\");", "b.HasOne(\"Shop.Customer\", null).WithMany();" };
        Assert.Equal(expected, Found(chunked));
        Assert.Equal(expected, Found(SourceText.From(code)));
    }

    [Fact]
    public void FindAll_finds_every_occurrence_across_the_windows_of_a_chunked_text_as_in_one_string()
    {
        // 16K-character windows: place the needle at every offset around the first window edges, and back to back.
        const string Needle = "\"Customers\"";
        var builder = new System.Text.StringBuilder();
        var expected = new List<int>();
        foreach (var gap in new[] { 16 * 1024 - 5, 1, 0, 16 * 1024 - 11, 3, 40_000, 7 })
        {
            builder.Append('x', gap);
            expected.Add(builder.Length);
            builder.Append(Needle);
        }

        builder.Append("\"Customers\"\"Customers\"");
        expected.Add(builder.Length - (2 * Needle.Length));
        expected.Add(builder.Length - Needle.Length);
        var code = builder.ToString();
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(code));
        var chunked = SourceText.From(stream);
        Assert.NotEqual("StringText", chunked.GetType().Name);

        foreach (var text in new[] { chunked, SourceText.From(code) })
        {
            var searchable = new SearchableText(text);
            Assert.Equal(expected, searchable.FindAll(new TextSpan(0, text.Length), Needle));
            Assert.Equal(expected.Skip(1), searchable.FindAll(TextSpan.FromBounds(expected[0] + 1, text.Length), Needle));
            Assert.Empty(searchable.FindAll(new TextSpan(0, text.Length), "\"Clients\""));
            Assert.True(searchable.Contains(new TextSpan(0, text.Length), Needle));
            Assert.True(searchable.Contains(TextSpan.FromBounds(expected[^1], text.Length), Needle));
            Assert.False(searchable.Contains(TextSpan.FromBounds(expected[^1] + 1, text.Length), Needle));
            Assert.False(searchable.Contains(new TextSpan(0, text.Length), "\"Clients\""));
        }
    }

    [Fact]
    public void Searches_of_two_chunked_texts_in_turn_on_one_thread_each_find_their_own_text()
    {
        // A span of a chunked text is copied once per thread and kept for the next search inside it: a search of another
        // text, or of a span the copy does not hold, must copy its own.
        static SourceText Chunked(string code)
        {
            using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(code));
            var text = SourceText.From(stream);
            Assert.NotEqual("StringText", text.GetType().Name);
            return text;
        }

        var first = Chunked(new string('a', 50_000) + "\"Customers\"" + new string('b', 10_000));
        var second = Chunked(new string('c', 30_000) + "\"Orders\"" + new string('d', 40_000));
        var one = new SearchableText(first);
        var two = new SearchableText(second);
        for (var round = 0; round < 2; round++)
        {
            Assert.Equal(new[] { 50_000 }, one.FindAll(new TextSpan(0, first.Length), "\"Customers\""));
            Assert.Empty(two.FindAll(new TextSpan(0, second.Length), "\"Customers\""));
            Assert.Equal(new[] { 30_000 }, two.FindAll(new TextSpan(0, second.Length), "\"Orders\""));
            Assert.Equal(new[] { 50_000 }, one.FindAll(new TextSpan(40_000, 20_000), "\"Customers\"")); // inside the copy
            Assert.Empty(one.FindAll(new TextSpan(0, 50_000), "\"Customers\"")); // ends just before it
            Assert.Equal(new[] { 50_000 }, one.FindAll(new TextSpan(0, first.Length), "\"Customers\"")); // the whole text again
            Assert.False(two.Contains(new TextSpan(30_001, 40_000), "\"Orders\""));
        }
    }

    [Fact]
    public void CopyTo_gives_the_text_s_characters_from_the_copy_of_a_search_or_from_the_text()
    {
        // The characters after a search's hits are read from the thread's copy of the searched span: they must be the text's
        // own, whether the copy holds them, another text was searched since, or nothing was searched (a plain string too).
        static SourceText Chunked(string code)
        {
            using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(code));
            return SourceText.From(stream);
        }

        var code = string.Concat(Enumerable.Range(0, 6_000).Select(i => $"b.HasColumnType(\"T{i}\");\n"));
        var other = Chunked(new string('x', 60_000));
        var destination = new char[12];
        foreach (var text in new[] { Chunked(code), SourceText.From(code) })
        {
            var searchable = new SearchableText(text);
            string Copied(int position)
            {
                searchable.CopyTo(position, destination, destination.Length);
                return new string(destination);
            }

            var positions = new[] { 0, 70_000, text.Length - destination.Length };
            Assert.Equal(positions.Select(p => text.ToString(new TextSpan(p, destination.Length))), positions.Select(Copied)); // nothing searched

            var hits = searchable.FindAll(new TextSpan(10_000, 50_000), ".HasColumnType(");
            Assert.NotEmpty(hits);
            Assert.All(hits, hit => Assert.Equal(text.ToString(new TextSpan(hit, destination.Length)), Copied(hit))); // from the copy
            Assert.Equal(text.ToString(new TextSpan(70_000, destination.Length)), Copied(70_000)); // outside it

            new SearchableText(other).FindAll(new TextSpan(0, other.Length), "y");
            Assert.Equal(text.ToString(new TextSpan(hits[0], destination.Length)), Copied(hits[0])); // another text's copy since
        }
    }

    [Fact]
    public void A_span_beyond_the_copy_limit_is_searched_window_by_window_with_the_same_results()
    {
        // Above a million characters a span is not copied whole but searched in 16K windows: needles across window edges.
        const string Needle = "\"Customers\"";
        var builder = new System.Text.StringBuilder();
        var expected = new List<int>();
        foreach (var gap in new[] { 16 * 1024 - 5, 1, 0, 16 * 1024 - 11, 1_100_000, 7 })
        {
            builder.Append('x', gap);
            expected.Add(builder.Length);
            builder.Append(Needle);
        }

        builder.Append("b.HasComment(\"a\\u0041\");").Append('y', 16 * 1024).Append("b.OwnsOne(\"O\");");
        var code = builder.ToString();
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(code));
        var chunked = SourceText.From(stream);
        Assert.True(chunked.Length > 1024 * 1024);
        var markers = new SearchableText.Markers(new[] { "OwnsOne", "OwnsMany" });
        foreach (var text in new[] { chunked, SourceText.From(code) })
        {
            var searchable = new SearchableText(text);
            var all = new TextSpan(0, text.Length);
            Assert.Equal(expected, searchable.FindAll(all, Needle));
            Assert.True(searchable.ContainsEscape(all, "uUx"));
            Assert.True(AnyOf(searchable, all, markers));
            Assert.False(AnyOf(searchable, new TextSpan(0, expected[^1]), markers));
            Assert.Equal(SeenByEachPass(code, all), searchable.Seen(all, ShapeNeedles)); // a pass a needle, past the copy limit
            Assert.Equal(4 | 16, searchable.Seen(all, ShapeNeedles));
        }
    }

    /// <summary>Whether any of <paramref name="markers"/> occurs in <paramref name="span"/>, by the readers' one search for a group's hits.</summary>
    private static bool AnyOf(SearchableText searchable, TextSpan span, SearchableText.Markers markers)
    {
        var hits = new List<int>();
        searchable.FindAll(span, markers, hits);
        return hits.Count > 0;
    }

    [Theory]
    [InlineData("b.HasComment(\"a\\tb\");", false)] // \t writes a control character, never part of a name
    [InlineData("b.HasComment(\"a\\\"b\");", false)]
    [InlineData("b.ToTable(\"Cust\\u006Fmers\");", true)]
    [InlineData("b.ToTable(\"Cust\\U0000006Fmers\");", true)]
    [InlineData("b.ToTable(\"Cust\\x6Fmers\");", true)]
    [InlineData("b.HasComment(\"C:\\\\users\");", true)] // an escaped backslash before a u: refused, as before
    [InlineData("b.ToTable(\"Customers\");", false)]
    public void ContainsEscape_finds_the_escapes_that_write_any_character_across_the_windows_of_a_chunked_text(string statement, bool expected)
    {
        // The statement straddles the first 16K window edge, so the backslash and its letter can fall in two windows.
        foreach (var at in new[] { 16 * 1024 - statement.IndexOf('\\') - 1, 16 * 1024 - 8, 10 })
        {
            var code = new string('x', Math.Max(at, 0)) + statement + new string('y', 50_000);
            using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(code));
            foreach (var text in new[] { SourceText.From(stream), SourceText.From(code) })
            {
                Assert.Equal(expected, new SearchableText(text).ContainsEscape(new TextSpan(0, text.Length), "uUx"));
            }
        }
    }

    [Theory]
    [InlineData("b.ToView(\"V\");", true)]
    [InlineData("b.ToSqlQuery(\"q\");", true)]
    [InlineData("b.ToFunction(\"f\");", true)]
    [InlineData("b.HasBaseType(\"B\");", true)]
    [InlineData("b.OwnsOne(\"O\");", true)]
    [InlineData("b.OwnsMany(\"O\");", true)]
    [InlineData("b.ToJson(\"Doc\");", true)]
    [InlineData("b.HasOne(\"P\").WithMany().HasForeignKey(\"Code\").HasPrincipalKey(\"Code\");", true)]
    [InlineData("b.HasComment(\"\"\"raw\"\"\");", true)]
    [InlineData("b.ToTable(\"Tov\"); b.Owns(); b.HasBase(); b.ToVie = \"\"; b.HasPrincipal(); b.ToJso();", false)]
    public void FindAll_finds_each_marker_of_a_group_across_the_windows_of_a_chunked_text(string statement, bool expected)
    {
        string[] names = ["ToView", "ToSqlQuery", "ToFunction", "HasBaseType", "OwnsOne", "OwnsMany", "ToJson", "\"\"\"", "HasPrincipalKey"];
        var markers = new SearchableText.Markers(names);

        // Has... markers are searched alone: grouped, their common "Has" would stop the pass at nearly every statement.
        Assert.Equal(new[] { "To", "HasBaseType", "Owns", "\"\"\"", "HasPrincipalKey" }, markers.Groups.Select(g => g.Prefix));

        // Near-misses of the group's prefixes come first ("To" of ToTable, "Owns" alone), and the statement straddles the
        // first 16K window edge, so a marker's prefix and its rest can fall in two windows.
        const string NearMisses = "b.ToTable(\"T\"); b.Owns(); ";
        foreach (var at in new[] { 16 * 1024 - 4, 16 * 1024 - 8, 16 * 1024 - statement.Length + 2, 10 })
        {
            var code = NearMisses + new string('x', Math.Max(at - NearMisses.Length, 0)) + statement + new string('y', 50_000);
            using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(code));
            foreach (var text in new[] { SourceText.From(stream), SourceText.From(code) })
            {
                var searchable = new SearchableText(text);
                Assert.Equal(expected, AnyOf(searchable, new TextSpan(0, text.Length), markers));

                // Every occurrence, as a search for each name alone finds them.
                var found = new List<int>();
                searchable.FindAll(new TextSpan(0, text.Length), markers, found);
                var each = names.SelectMany(name => Enumerable.Range(0, code.Length - name.Length + 1).Where(i => string.CompareOrdinal(code, i, name, 0, name.Length) == 0));
                Assert.Equal(each.Order(), found.Order());
                Assert.Equal(expected, found.Count > 0);

                // A marker that runs past the end of the searched span is not in it.
                var statementEnd = code.IndexOf(statement, StringComparison.Ordinal) + statement.IndexOf('(');
                Assert.False(AnyOf(searchable, new TextSpan(0, statementEnd - 1), markers));
            }
        }
    }

    private static readonly SearchableText.AnchoredNeedles ShapeNeedles = new(
        escapes: "uUx", anchors: "KBww", "HasPrincipalKey", "HasBaseType", "OwnsOne", "OwnsMany");

    /// <summary>What one anchored pass answers, found as a pass per needle does: an occurrence's bit, an escape's bit.</summary>
    private static int SeenByEachPass(string code, TextSpan span)
    {
        var inSpan = code.Substring(span.Start, span.Length);
        var seen = 0;
        string[] needles = ["HasPrincipalKey", "HasBaseType", "OwnsOne", "OwnsMany"];
        for (var i = 0; i < needles.Length; i++)
        {
            seen |= inSpan.Contains(needles[i], StringComparison.Ordinal) ? 1 << i : 0;
        }

        for (var at = inSpan.IndexOf('\\'); at >= 0 && at + 1 < inSpan.Length; at = inSpan.IndexOf('\\', at + 1))
        {
            seen |= "uUx".Contains(inSpan[at + 1]) ? 1 << needles.Length : 0;
        }

        return seen;
    }

    [Theory]
    [InlineData("b.HasBaseType(\"B\");", 2)]
    [InlineData("b.OwnsOne(\"O\"); b.OwnsMany(\"M\");", 4 | 8)]
    [InlineData("b.HasOne(\"P\").WithMany().HasForeignKey(\"Code\").HasPrincipalKey(\"Code\");", 1)]
    [InlineData("b.ToTable(\"Cust\\u006Fmers\"); b.HasKey(\"Id\"); b.HasComment(\"Bw\\K\");", 16)]
    [InlineData("b.HasComment(\"C:\\\\users\");", 16)] // an escaped backslash before a u, as ContainsEscape
    [InlineData("b.HasKey(\"Id\"); b.HasBase(); b.Owns(); b.Principal(\"K\"); b.HasComment(\"\\t\\\"\");", 0)]
    public void One_anchored_pass_finds_what_a_pass_per_needle_finds_across_the_windows_of_a_chunked_text(string statement, int expected)
    {
        // The statement straddles the first 16K window edge, and near-misses of each anchor come before it.
        const string NearMisses = "b.HasKey(\"K\"); B w \\ b.Owns(); Base ";
        foreach (var at in new[] { 16 * 1024 - 4, 16 * 1024 - statement.Length + 2, 10 })
        {
            var code = NearMisses + new string('x', Math.Max(at - NearMisses.Length, 0)) + statement + new string('y', 50_000);
            using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(code));
            foreach (var text in new[] { SourceText.From(stream), SourceText.From(code) })
            {
                var searchable = new SearchableText(text);
                var all = new TextSpan(0, text.Length);
                Assert.Equal(expected, searchable.Seen(all, ShapeNeedles));
                Assert.Equal(SeenByEachPass(code, all), searchable.Seen(all, ShapeNeedles));
                Assert.Equal(expected != 0, searchable.Seen(all, ShapeNeedles, any: true) != 0);

                // A needle or an escape cut by the end of the searched span is not in it.
                var cut = new TextSpan(0, code.IndexOf(statement, StringComparison.Ordinal) + statement.Length - 4);
                for (var end = cut.End - 12; end <= cut.End; end++)
                {
                    var span = new TextSpan(0, end);
                    Assert.Equal(SeenByEachPass(code, span), searchable.Seen(span, ShapeNeedles));
                }
            }
        }
    }

    [Fact]
    public void Anchored_passes_agree_with_a_pass_per_needle_on_random_text_and_spans()
    {
        // Text made of the needles' pieces, anchors, backslashes and escape letters, so that near-misses are everywhere.
        string[] pieces = ["Has", "Principal", "Key", "K", "Base", "Type", "B", "Own", "s", "One", "Many", "w", "\\", "u", "U", "x", "t", " ", "\""];
        var random = new Random(20261205);
        for (var round = 0; round < 300; round++)
        {
            var (code, span) = RandomTextAndSpan(random, pieces, 60);
            var searchable = new SearchableText(SourceText.From(code));
            Assert.Equal(SeenByEachPass(code, span), searchable.Seen(span, ShapeNeedles));
        }
    }

    /// <summary>
    /// The starts one anchored pass collects for a needle are every occurrence of it in the span, as a look at each position finds
    /// them, and its bits are the plain pass's; a pass that stopped early (every bit set) says it is not complete.
    /// </summary>
    [Fact]
    public void An_anchored_pass_collects_where_a_needle_begins_as_a_look_at_each_position_does()
    {
        const string Needle = "\"Relational:MaxIdentifierLength\"";
        var needles = new SearchableText.AnchoredNeedles(escapes: "uUx", anchors: "BK:", "HasBaseType", "HasPrincipalKey", Needle);
        string[] pieces = [Needle, Needle, "\"Relational", ":", "MaxIdentifierLength\"", "Relational:MaxIdentifierLength", "\"", ", 63)", "HasBaseType", "HasPrincipalKey", "\\u", " ", "B", "K"];
        var random = new Random(20261206);
        int complete = 0, stopped = 0;
        for (var round = 0; round < 600; round++)
        {
            var (code, span) = RandomTextAndSpan(random, pieces, 30);
            var searchable = new SearchableText(SourceText.From(code));
            var expected = Enumerable.Range(span.Start, Math.Max(0, span.Length - Needle.Length + 1))
                .Where(i => string.CompareOrdinal(code, i, Needle, 0, Needle.Length) == 0).ToList();

            var starts = new List<int>();
            var seen = searchable.Seen(span, needles, 2, starts, out var isComplete);
            Assert.Equal(searchable.Seen(span, needles), seen);
            Assert.Equal(expected.Count > 0, (seen & 4) != 0);
            if (isComplete)
            {
                complete++;
                Assert.Equal(expected, starts);
            }
            else
            {
                stopped++;
                Assert.Equal(needles.AllBits, seen);
                Assert.Equal(expected.Take(starts.Count), starts);
            }
        }

        Assert.True(complete > 100 && stopped > 5, $"{complete} complete, {stopped} stopped");
    }

    /// <summary>Up to <paramref name="maxPieces"/> random pieces one after the other, and a random span of them.</summary>
    private static (string Code, TextSpan Span) RandomTextAndSpan(Random random, string[] pieces, int maxPieces)
    {
        var builder = new System.Text.StringBuilder();
        for (var i = random.Next(1, maxPieces); i > 0; i--)
        {
            builder.Append(pieces[random.Next(pieces.Length)]);
        }

        var code = builder.ToString();
        var start = random.Next(code.Length);
        return (code, new TextSpan(start, random.Next(code.Length - start + 1)));
    }

    [Theory]
    [InlineData("GenerateRollback", 'q')] // not a character of the needle
    [InlineData("Gen\\Rollback", '\\')] // the backslash is the escapes' anchor
    public void A_needle_anchored_on_a_character_it_does_not_hold_or_on_the_backslash_is_refused(string needle, char anchor)
    {
        Assert.Throws<ArgumentException>(() => new SearchableText.AnchoredNeedles("uU", anchor.ToString(), needle));
    }

    [Fact]
    public void More_than_five_anchors_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new SearchableText.AnchoredNeedles("u", "abcde", "a", "b", "c", "d", "e"));
        Assert.Equal("abcde", new SearchableText.AnchoredNeedles(null, "abcde", "a", "b", "c", "d", "e").Anchors);
        Assert.Throws<ArgumentException>(() => new SearchableText.AnchoredNeedles(null, "ab", "a")); // one anchor a needle
    }

    [Fact]
    public void A_name_that_holds_another_is_found_where_the_other_is()
    {
        var markers = new SearchableText.Markers(new[] { "SplitToTable", "ToTable", "HasOne" });
        Assert.Equal(new[] { "ToTable", "HasOne" }, markers.Groups.Select(g => g.Prefix));

        const string Code = "b.SplitToTable(\"S\"); b.HasOne(\"P\"); b.ToTable(\"T\");";
        var hits = StatementsByText.Hits(new SearchableText(SourceText.From(Code)), new TextSpan(0, Code.Length), markers);
        Assert.Equal(new[] { Code.IndexOf("ToTable", StringComparison.Ordinal), Code.IndexOf("HasOne", StringComparison.Ordinal), Code.LastIndexOf("ToTable", StringComparison.Ordinal) }, hits);
    }
}
