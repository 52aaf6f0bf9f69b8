using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SafeMigrations.Analyzers.Model;
using SafeMigrations.Analyzers.Reading;
using SafeMigrations.Analyzers.Tests.Corpus;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.TestKit.Scaffolding;

namespace SafeMigrations.Analyzers.Tests.Reading;

/// <summary>
/// A Designer's property statement read from its text (<see cref="PropertyStatementText"/>) must give the column its syntax
/// gives, and a statement of any other shape must be refused (then the syntax reads it). Checked on every property statement
/// EF writes in the scaffolded corpus and the shape models, on hand-written edits of the shape, and on random edits of EF's.
/// </summary>
public class PropertyStatementTextTests
{
    public static TheoryData<TestProvider> Providers => new() { TestProvider.PostgreSql, TestProvider.SqlServer, TestProvider.Sqlite };

    private static readonly Regex PropertyStatement = new(@"^\w+\s*\.\s*(Property|PrimitiveCollection)\b", RegexOptions.CultureInvariant);

    [Theory]
    [MemberData(nameof(Providers))]
    public void Every_property_statement_EF_writes_reads_the_same_by_its_text(TestProvider provider)
    {
        var designers = CorpusGenerator.Projects(provider).SelectMany(p => p.History).Select(m => m.DesignerCode)
            .Concat(ShapeModels.Names.Select(name => Scaffolder.ScaffoldHistory(provider, ("Initial", ShapeModels.Model(name, provider)))[0].DesignerCode))
            .ToList();
        var statements = designers.SelectMany(PropertyStatementsOf).Distinct(StringComparer.Ordinal).ToList();
        var readByText = 0;
        foreach (var statement in statements)
        {
            var (bySyntax, byText, accepted) = ReadBothWays(statement);
            Assert.True(bySyntax.Equals(byText), $"{statement}\nsyntax: {bySyntax}\ntext:   {byText}");
            readByText += accepted ? 1 : 0;
        }

        // EF writes every column as the plain shape, but for a default value that is no plain literal (a date, an enum member).
        Assert.True(statements.Count > 100, $"{statements.Count} property statements");
        Assert.True(readByText >= statements.Count * 9 / 10, $"{readByText} of {statements.Count} read by the text:\n" + string.Join("\n", statements.Where(s => !ReadBothWays(s).ReadByText).Take(20)));
        Assert.Contains(statements, s => s.Contains(".HasMaxLength(", StringComparison.Ordinal) && ReadBothWays(s).ReadByText);
    }

    [Theory]
    [InlineData("b.Property<string>(\"Name\").IsRequired().HasMaxLength(200).HasColumnType(\"character varying(200)\");", true)]
    [InlineData("b.Property<int>(\"Id\")\r\n                        .ValueGeneratedOnAdd()\r\n                        .HasColumnType(\"integer\");", true)]
    [InlineData("b1 . Property < decimal? > ( \"Total\" ) . HasPrecision ( 18 , 2 ) ;", true)]
    [InlineData("b.Property<Dictionary<string,  object>>(\"Bag\").HasColumnType(\"jsonb\");", true)]
    [InlineData("b.Property<global::System.Guid>(\"Key\");", true)]
    [InlineData("b.Property(\"Untyped\").IsRequired(false);", true)]
    [InlineData("b.PrimitiveCollection<string[]>(\"Tags\").HasColumnType(\"text[]\");", true)]
    [InlineData("b.Property<string>(\"Name\").IsRequired(\"true\");", true)]
    [InlineData("b.Property<string>(\"Name\").IsRequired(1);", true)]
    [InlineData("b.Property<string>(\"Name\").IsRequired(true).IsRequired(false).IsUnicode(false).IsFixedLength();", true)]
    [InlineData("b.Property<string>(\"Name\").HasMaxLength(\"200\").HasColumnType(5).HasColumnName(null);", true)]
    [InlineData("b.Property<string>(\"Name\").HasMaxLength(999999999);", true)]
    [InlineData("b.Property<string>(\"Name\").HasMaxLength(2147483647);", false)]
    [InlineData("b.Property<string>(\"Name\").HasMaxLength(200L);", false)]
    [InlineData("b.Property<string>(\"Name\").HasMaxLength(0x10);", false)]
    [InlineData("b.Property<string>(\"Name\").HasMaxLength(1_000);", false)]
    [InlineData("b.Property<string>(\"Name\").HasMaxLength(-1);", false)]
    [InlineData("b.Property<int>(\"Count\").HasDefaultValue(0);", true)]
    [InlineData("b.Property<string>(\"Code\").HasDefaultValue(\"none\");", true)]
    [InlineData("b.Property<bool>(\"On\").HasDefaultValue(true);", true)]
    [InlineData("b.Property<string>(\"Code\").HasDefaultValue(null);", true)]
    [InlineData("b.Property<string>(\"Code\").HasDefaultValue(\"\");", true)]
    [InlineData("b.Property<DateTime>(\"At\").HasDefaultValue(new DateTime(2020, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));", false)]
    [InlineData("b.Property<int>(\"Kind\").HasDefaultValue(Kind.First);", false)]
    [InlineData("b.Property<string>(\"Total\").HasComputedColumnSql(\"a + b\", true);", true)]
    [InlineData("b.Property<string>(\"Total\").HasComputedColumnSql(\"a + b\", \"true\");", true)]
    [InlineData("b.Property<string>(\"Total\").HasComputedColumnSql(\"a + b\");", true)]
    [InlineData("b.Property<string>(\"Total\").HasComputedColumnSql(sql: \"a + b\", stored: false);", false)]
    [InlineData("b.Property<string>(\"Path\").HasDefaultValueSql(\"'C:\\\\temp'\");", false)]
    [InlineData("b.Property<string>(\"Path\").HasDefaultValueSql(@\"'C:\\temp'\");", false)]
    [InlineData("b.Property<string>(\"Path\").HasDefaultValueSql($\"now()\");", false)]
    [InlineData("b.Property<string>(\"Path\").HasDefaultValueSql(\"\"\"now()\"\"\");", false)]
    [InlineData("b.Property<string>(\"Na\\u006De\").HasColumnType(\"text\");", false)]
    [InlineData("b.Property<string>(\"Name\") // the name\r\n.HasColumnType(\"text\");", false)]
    [InlineData("b.Property<string>(\"Name\")/* the name */.HasColumnType(\"text\");", false)]
    [InlineData("b.Property<string>(\"Name\").HasConversion<int>().HasColumnType(\"text\");", false)]
    [InlineData("b.Property<string>(\"Name\").HasAnnotation(\"Relational:JsonPropertyName\", \"name\").HasColumnType(\"text\");", true)]
    [InlineData("b.Property<int>(\"Id\").HasAnnotation(\"SqlServer:ValueGenerationStrategy\", SqlServerValueGenerationStrategy.IdentityColumn);", false)]
    [InlineData("b.Property<string>(\"Name\").HasColumnType(\"text\")", false)]
    [InlineData("b.Property<string>(\"Name\").HasColumnType(\"text\")!;", false)]
    [InlineData("b.Property<string>(\"Name\")?.HasColumnType(\"text\");", false)]
    [InlineData("b.Property<string>(\"Name\").HasColumnType(\"text\"); b.Property<int>(\"Other\");", true)]
    [InlineData("b.Property<int, string>(\"Name\");", false)]
    [InlineData("b.Property<>(\"Name\");", false)]
    [InlineData("b.Property<(int, string)>(\"Pair\");", false)]
    [InlineData("b.Property<string>(\"Name\", \"Other\");", false)]
    [InlineData("b.Property<string>(Name);", false)]
    [InlineData("b.Property<string>();", false)]
    [InlineData("this.Property<string>(\"Name\").HasColumnType(\"text\");", true)]
    [InlineData("(b).Property<string>(\"Name\").HasColumnType(\"text\");", false)]
    [InlineData("b.c.Property<string>(\"Name\").HasColumnType(\"text\");", false)]
    [InlineData("SqlServerIndexBuilderExtensions.Property<string>(\"Name\");", false)]
    [InlineData("NpgsqlPropertyBuilderExtensions.UseIdentityByDefaultColumn(b.Property<int>(\"Id\"));", false)]
    [InlineData("b.Properties<string>(\"Name\");", false)]
    [InlineData("b.Property<string>(\"Name\").Ĥas(\"x\");", false)]
    [InlineData("bé.Property<string>(\"Name\");", false)]
    [InlineData("b.Property<Straße>(\"Name\");", false)]
    [InlineData("b.Property<string>(\"Straße\").HasColumnName(\"Straße_Ü\").HasColumnType(\"text\");", true)]
    [InlineData("b.Property<string>(\"Name\").HasColumnType(\"text\"\t)\t;", true)]
    [InlineData("b.Property<string>(\"Name\").HasColumnType(\"text\",);", false)]
    [InlineData("b.Property<string>(\"Name\").HasColumnType(\"text\"", false)]
    [InlineData("b.Property<string>(\"Name\").HasColumnType(\"te", false)]
    [InlineData("b.Property<string>(\"Name\").;", false)]
    [InlineData("b.Property<string>(\"Name\").IsRequired;", false)]
    public void A_statement_of_the_plain_shape_is_read_by_its_text_and_any_other_is_refused(string statement, bool readByText)
    {
        var (bySyntax, byText, accepted) = ReadBothWays(statement);
        Assert.Equal(bySyntax, byText);
        Assert.Equal(readByText, accepted);
    }

    /// <summary>Each call the property reader reads changes the column it reads by the text, as by the syntax.</summary>
    [Fact]
    public void Every_call_the_reader_knows_is_read_by_the_text()
    {
        var plain = ReadBothWays("b.Property<string>(\"Name\");");
        foreach (var call in PropertyStatementText.KnownNames)
        {
            var arguments = call switch
            {
                "HasMaxLength" => "10",
                "HasPrecision" => "10, 2",
                "HasComputedColumnSql" => "\"a\", true",
                "HasDefaultValue" => "\"b\"",
                "IsRequired" or "IsFixedLength" or "IsUnicode" or "ValueGeneratedOnAdd" => "",
                _ => "\"c\"",
            };
            var read = ReadBothWays($"b.Property<string>(\"Name\").{call}({arguments});");
            Assert.True(read.ReadByText, call);
            Assert.Equal(read.BySyntax, read.ByText);
            Assert.NotEqual(plain.BySyntax, read.ByText);
        }
    }

    /// <summary>Random edits of EF's statements (a character or a piece of C# inserted, one to three characters removed or replaced): each is read the same both ways.</summary>
    [Theory]
    [MemberData(nameof(Providers))]
    public void Random_edits_of_EF_s_statements_read_the_same_both_ways(TestProvider provider)
    {
        var statements = CorpusGenerator.Projects(provider).SelectMany(p => p.History).Take(6).Select(m => m.DesignerCode)
            .SelectMany(PropertyStatementsOf).Distinct(StringComparer.Ordinal).ToList();
        var random = new Random(15 + (int)provider);
        // Characters, and pieces of C# that change how a type or a call reads (a keyword where a name was, a bracket, a suffix).
        var pieces = "\"\\/ .,;()<>?!@$_0123456789aAzZ\r\n\tßÜ{}[]-=:'".Select(c => c.ToString())
            .Concat(new[] { "<", ">", "<int>", "<>", ">>", "[]", "[,]", "?", "??", "::", "global::", "int", "in", "new ", "this", "void", "true", "null", "1L", "0x1", "\"\"", "//", "/**/", "@\"", "$\"", "\\u0041" })
            .ToArray();
        var acceptedEdits = 0;
        for (var edit = 0; edit < 6000; edit++)
        {
            var statement = statements[random.Next(statements.Count)];
            var at = random.Next(statement.Length);
            var piece = pieces[random.Next(pieces.Length)];
            var removed = Math.Min(random.Next(1, 4), statement.Length - at);
            var edited = random.Next(3) switch
            {
                0 => statement.Insert(at, piece),
                1 => statement.Remove(at, removed),
                _ => statement.Remove(at, removed).Insert(at, piece),
            };
            var (bySyntax, byText, accepted) = ReadBothWays(edited);
            Assert.True(bySyntax.Equals(byText), $"{edited}\nsyntax: {bySyntax}\ntext:   {byText}");
            acceptedEdits += accepted ? 1 : 0;
        }

        // Many edits keep the shape (a name or a store type changed): the text reads those, and must read them right.
        Assert.InRange(acceptedEdits, 600, 5800);
    }

    /// <summary>The statements of a Designer whose chain starts with <c>Property</c> or <c>PrimitiveCollection</c>, as written.</summary>
    private static IEnumerable<string> PropertyStatementsOf(string designer) =>
        CSharpSyntaxTree.ParseText(designer).GetRoot().DescendantNodes().OfType<ExpressionStatementSyntax>()
            .Where(s => s.Parent is BlockSyntax { Parent: LambdaExpressionSyntax })
            .Select(s => s.ToString())
            .Where(s => PropertyStatement.IsMatch(s));

    /// <summary>
    /// The table of an entity block holding <paramref name="statement"/>, read by the syntax alone (no text) and with the text,
    /// and whether the text read the statement.
    /// </summary>
    private static (string BySyntax, string ByText, bool ReadByText) ReadBothWays(string statement)
    {
        var designer = "class D { void BuildTargetModel(ModelBuilder modelBuilder) { modelBuilder.Entity(\"E\", b => {\n" + statement
                       + "\nb.ToTable(\"T\"); }); } }";
        var tree = CSharpSyntaxTree.ParseText(designer);
        var lambda = tree.GetRoot().DescendantNodes().OfType<LambdaExpressionSyntax>().First();
        var bySyntax = new TargetModelReader.ReaderState();
        bySyntax.ReadEntityBlock("E", lambda);
        var text = new SearchableText(tree.GetText());
        var byText = new TargetModelReader.ReaderState { Text = text };
        byText.ReadEntityBlock("E", lambda);

        var first = (lambda.Body as BlockSyntax)?.Statements.FirstOrDefault() as ExpressionStatementSyntax;
        var accepted = first is not null && text.Chars(first.Span) is { } chars && PropertyStatementText.OfThread.TryParse(chars);
        return (Describe(bySyntax.BuildTables()), Describe(byText.BuildTables()), accepted);
    }

    private static string Describe(IEnumerable<TableDefinition> tables) =>
        string.Join("; ", tables.Select(t => t.Name + ": " + string.Join(", ", t.Columns.Select(c => c.ToString()))));
}
