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
/// A Designer's column, key, index, table or relationship statement read from its text (<see cref="PlainChainText"/>) must give the table
/// its syntax gives, and a statement of any other shape must be refused (then the syntax reads it). Checked on every such
/// statement EF writes in the scaffolded corpus and the shape models, on hand-written edits of the shape, and on random edits
/// of EF's.
/// </summary>
public class PlainChainTextTests
{
    public static TheoryData<TestProvider> Providers => new() { TestProvider.PostgreSql, TestProvider.SqlServer, TestProvider.Sqlite };

    private static readonly Regex PlainStatement = new(@"^\w+\s*\.\s*(Property|PrimitiveCollection|HasKey|HasIndex|ToTable|HasOne)\b", RegexOptions.CultureInvariant);

    [Theory]
    [MemberData(nameof(Providers))]
    public void Every_plain_statement_EF_writes_reads_the_same_by_its_text(TestProvider provider)
    {
        var designers = CorpusGenerator.Projects(provider).SelectMany(p => p.History).Select(m => m.DesignerCode)
            .Concat(ShapeModels.Names.Select(name => Scaffolder.ScaffoldHistory(provider, ("Initial", ShapeModels.Model(name, provider)))[0].DesignerCode))
            .ToList();
        var statements = designers.SelectMany(PlainStatementsOf).Distinct(StringComparer.Ordinal).ToList();
        var readByText = 0;
        foreach (var statement in statements)
        {
            var (bySyntax, byText, accepted) = ReadBothWays(statement);
            Assert.True(bySyntax.Equals(byText), $"{statement}\nsyntax: {bySyntax}\ntext:   {byText}");
            readByText += accepted ? 1 : 0;
        }

        // EF writes them all in the plain shape, but for a default value that is no plain literal (a date, an enum member), an
        // index on an array of columns with a name, and a table with check constraints.
        Assert.True(statements.Count > 100, $"{statements.Count} statements");
        Assert.True(readByText >= statements.Count * 9 / 10, $"{readByText} of {statements.Count} read by the text:\n" + string.Join("\n", statements.Where(s => !ReadBothWays(s).ReadByText).Take(20)));
        foreach (var shape in new[] { ".HasMaxLength(", "HasKey(", "HasIndex(", ".IsUnique()", "ToTable(", ".OnDelete(" })
        {
            Assert.Contains(statements, s => s.Contains(shape, StringComparison.Ordinal) && ReadBothWays(s).ReadByText);
        }
    }

    [Theory]
    [InlineData("b.Property<string>(\"Name\").IsRequired().HasMaxLength(200).HasColumnType(\"character varying(200)\");", true)]
    [InlineData(" \t b.Property<string>(\"Name\").HasMaxLength(20);  ", true)]
    [InlineData("/* kept */ b.Property<string>(\"Name\").HasMaxLength(20);", false)]
    [InlineData("b.Property<string>(\"Name\").HasMaxLength(20); // kept", false)]
    [InlineData("#region Name\nb.Property<string>(\"Name\").HasMaxLength(20);\n#endregion", false)]
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
    [InlineData("b.Property<int>(\"Kind\").HasDefaultValue(Kind.First);", true)]
    [InlineData("b.Property<int>(\"Kind\").HasDefaultValue(Shop.Kind.First).IsRequired(Flags.On);", true)]
    [InlineData("b.Property<int>(\"Kind\").HasDefaultValue(Kind .First);", false)]
    [InlineData("b.Property<int>(\"Kind\").HasDefaultValue(Kind.new);", false)]
    [InlineData("b.Property<int>(\"Kind\").HasDefaultValue(Kind.First.ToString());", false)]
    [InlineData("b.Property<int>(\"Kind\").HasDefaultValue(default);", false)]
    [InlineData("b.Property<int>(\"Kind\").HasDefaultValue(nameof(Kind));", false)]
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
    [InlineData("b.Property<int>(\"Id\").HasAnnotation(\"SqlServer:ValueGenerationStrategy\", SqlServerValueGenerationStrategy.IdentityColumn);", true)]
    [InlineData("b.Property<string>(\"Name\").HasColumnType(\"text\")", false)]
    [InlineData("b.Property<string>(\"Name\").HasColumnType(\"text\")!;", false)]
    [InlineData("b.Property<string>(\"Name\")?.HasColumnType(\"text\");", false)]
    [InlineData("b.Property<string>(\"Name\").HasColumnType(\"text\"); b.Property<int>(\"Other\");", true)]
    [InlineData("b.Property<int, string>(\"Name\");", false)]
    [InlineData("b.Property<>(\"Name\");", false)]
    [InlineData("b.Property<(int, string)>(\"Pair\");", false)]
    [InlineData("b.Property<string>(\"Name\", \"Other\");", true)]
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
    [InlineData("b.HasKey(\"Id\");", true)]
    [InlineData("b.HasKey(\"Id\", \"Name\").HasName(\"PK_T\");", true)]
    [InlineData("b.HasKey(\"Id\", null, 5).HasName(null);", true)]
    [InlineData("b.HasKey();", true)]
    [InlineData("b.HasKey(new[] { \"Id\" });", false)]
    [InlineData("b.HasIndex(\"Name\");", true)]
    [InlineData("b.HasIndex(\"Name\", \"Id\").IsUnique().HasDatabaseName(\"IX_Name\").HasFilter(\"[Name] IS NOT NULL\");", true)]
    [InlineData("b.HasIndex(\"Name\").IsUnique(false).IsUnique().HasDatabaseName(null).HasDatabaseName(\"IX_Second\");", true)]
    [InlineData("b.HasIndex(\"Name\").HasFilter(\"a\").HasFilter(\"b\").IsDescending(true, 1, false).IsDescending();", true)]
    [InlineData("b.HasIndex(\"Name\").IsDescending();", true)]
    [InlineData("b.HasIndex(\"Name\").HasAnnotation(\"Npgsql:IndexMethod\", \"gin\").HasAnnotation(\"X\", 5).HasAnnotation(\"Y\").HasAnnotation(null, 1);", true)]
    [InlineData("b.HasIndex(new[] { \"Name\" }, \"IX_Named\");", false)]
    [InlineData("NpgsqlIndexBuilderExtensions.IncludeProperties(b.HasIndex(\"Name\"), new[] { \"Id\" });", false)]
    [InlineData("b.HasIndex(\"Name\").HasAnnotation(\"Npgsql:IndexMethod\", NpgsqlIndexMethod.Gin);", true)]
    [InlineData("b.ToTable(\"Orders\");", true)]
    [InlineData("b.ToTable(\"Orders\", \"sales\");", true)]
    [InlineData("b.ToTable(\"Orders\", null);", true)]
    [InlineData("b.ToTable(null);", true)]
    [InlineData("b.ToTable((string)null);", true)]
    [InlineData("b.ToTable(\"Orders\", (string)null);", true)]
    [InlineData("b.ToTable(\"Orders\", (string) null);", false)]
    [InlineData("b.ToTable(\"Orders\", (string)nullable);", false)]
    [InlineData("b.ToTable(\"Orders\", (string)null.Trim());", false)]
    [InlineData("b.Property<string>(\"Name\").HasDefaultValue((string)null).IsRequired((string)null);", true)]
    [InlineData("b.ToTable();", true)]
    [InlineData("b.ToTable(5, \"sales\");", true)]
    [InlineData("b.ToTable(\"Orders\", t => t.HasCheckConstraint(\"CK\", \"x > 0\"));", false)]
    [InlineData("b.ToTable(\"Orders\").HasComment(\"c\");", true)]
    [InlineData("b.ToView(\"Orders\");", false)]
    [InlineData("b.HasOne(\"E\", null).WithMany().HasForeignKey(\"Id\");", true)]
    [InlineData("b.HasOne(\"E\", \"Parent\").WithMany(\"Children\").HasForeignKey(\"Id\").OnDelete(DeleteBehavior.Cascade).IsRequired();", true)]
    [InlineData("b.HasOne(\"E\", null).WithOne(\"Other\").HasForeignKey(\"Shop.E\", \"Id\").HasPrincipalKey(\"Shop.E\", \"Name\").HasConstraintName(\"FK_One\");", true)]
    [InlineData("b.HasOne(\"E\", null).WithMany().HasForeignKey(\"Id\", \"Name\").OnDelete(DeleteBehavior.Restrict).OnDelete(DeleteBehavior.Cascade);", true)]
    [InlineData("b.HasOne(\"E\", null).WithMany().HasForeignKey(\"Id\").OnDelete((DeleteBehavior)1);", false)]
    [InlineData("b.HasOne(\"E\", null).WithMany().HasForeignKey(\"Id\").OnDelete(DeleteBehavior . Cascade);", false)]
    [InlineData("b.HasOne(\"E\", null).WithMany();", true)]
    [InlineData("b.HasOne(null).HasForeignKey(\"Id\");", true)]
    [InlineData("b.HasOne(\"E\", null).WithMany().HasForeignKey(new[] { \"Id\" });", false)]
    public void A_statement_of_the_plain_shape_is_read_by_its_text_and_any_other_is_refused(string statement, bool readByText)
    {
        var (bySyntax, byText, accepted) = ReadBothWays(statement);
        Assert.Equal(bySyntax, byText);
        Assert.Equal(readByText, accepted);
    }

    /// <summary>Each call after the first that the readers read changes the table it reads by the text, as by the syntax.</summary>
    [Fact]
    public void Every_call_the_reader_knows_is_read_by_the_text()
    {
        foreach (var call in PlainChainText.KnownNames)
        {
            var head = call switch
            {
                "HasForeignKey" => "b.HasOne(\"E\", null)",
                "HasPrincipalKey" or "WithOne" or "HasConstraintName" or "OnDelete" => "b.HasOne(\"E\", null).HasForeignKey(\"Name\")",
                "HasName" => "b.HasKey(\"Name\")",
                "IsUnique" or "HasDatabaseName" or "HasFilter" or "IsDescending" or "HasAnnotation" => "b.HasIndex(\"Name\")",
                _ => "b.Property<string>(\"Name\")",
            };
            var arguments = call switch
            {
                "HasMaxLength" => "10",
                "HasPrecision" => "10, 2",
                "HasComputedColumnSql" => "\"a\", true",
                "HasAnnotation" => "\"Npgsql:IndexMethod\", \"gin\"",
                "OnDelete" => "DeleteBehavior.Cascade",
                "HasPrincipalKey" => "\"Name\"",
                "IsRequired" or "IsFixedLength" or "IsUnicode" or "ValueGeneratedOnAdd" or "IsUnique" or "IsDescending" => "",
                _ => "\"c\"",
            };
            var plain = ReadBothWays(head + ";");
            var read = ReadBothWays($"{head}.{call}({arguments});");
            Assert.True(read.ReadByText, call);
            Assert.Equal(read.BySyntax, read.ByText);
            // WithOne decides a table split between two types, which a block of one type cannot show: the shape models'
            // split tables read it (TargetModelTableIndexTests, and the corpus test above).
            Assert.True(call == "WithOne" || plain.BySyntax != read.ByText, $"{call} changed nothing: {read.ByText}");
        }
    }

    /// <summary>Random edits of EF's statements (a character or a piece of C# inserted, one to three characters removed or replaced): each is read the same both ways.</summary>
    [Theory]
    [MemberData(nameof(Providers))]
    public void Random_edits_of_EF_s_statements_read_the_same_both_ways(TestProvider provider)
    {
        var statements = CorpusGenerator.Projects(provider).SelectMany(p => p.History).Take(6).Select(m => m.DesignerCode)
            .SelectMany(PlainStatementsOf).Distinct(StringComparer.Ordinal).ToList();
        // Characters, and pieces of C# that change how a type or a call reads (a keyword where a name was, a bracket, a suffix).
        var pieces = RandomEdits.Characters
            .Concat(new[] { "<", ">", "<int>", "<>", ">>", "[]", "[,]", "?", "??", "::", "global::", "int", "in", "new ", "this", "void", "true", "null", "1L", "0x1", "\"\"", "//", "/**/", "@\"", "$\"", "\\u0041", "(string)null", "A.B", ".", "default", "nameof" })
            .ToArray();
        var acceptedEdits = 0;
        foreach (var edited in RandomEdits.Of(statements, pieces, seed: 15 + (int)provider, count: 6000))
        {
            var (bySyntax, byText, accepted) = ReadBothWays(edited);
            Assert.True(bySyntax.Equals(byText), $"{edited}\nsyntax: {bySyntax}\ntext:   {byText}");
            acceptedEdits += accepted ? 1 : 0;
        }

        // Many edits keep the shape (a name or a store type changed): the text reads those, and must read them right.
        Assert.InRange(acceptedEdits, 600, 5800);
    }

    /// <summary>The statements of a Designer's entity blocks whose chain starts with one of <see cref="PlainChainText.Heads"/>, as written.</summary>
    private static IEnumerable<string> PlainStatementsOf(string designer) =>
        CSharpSyntaxTree.ParseText(designer).GetRoot().DescendantNodes().OfType<ExpressionStatementSyntax>()
            .Where(s => s.Parent is BlockSyntax { Parent: LambdaExpressionSyntax })
            .Select(s => s.ToString())
            .Where(s => PlainStatement.IsMatch(s));

    /// <summary>
    /// The table of an entity block holding <paramref name="statement"/> after a table, a key and two columns, read by the
    /// syntax alone (no text) and with the text, and whether the text read the statement.
    /// </summary>
    private static (string BySyntax, string ByText, bool ReadByText) ReadBothWays(string statement)
    {
        var designer = "class D { void BuildTargetModel(ModelBuilder modelBuilder) { modelBuilder.Entity(\"E\", b => {\n"
                       + "b.ToTable(\"T\"); b.Property<int>(\"Id\"); b.Property<string>(\"Name\"); b.HasKey(\"Id\");\n" + statement + "\n}); } }";
        var tree = CSharpSyntaxTree.ParseText(designer);
        var lambda = tree.GetRoot().DescendantNodes().OfType<LambdaExpressionSyntax>().First();
        var bySyntax = new TargetModelReader.ReaderState();
        bySyntax.ReadEntityBlock("E", lambda);
        var text = new SearchableText(tree.GetText());
        var byText = new TargetModelReader.ReaderState { Text = text };
        byText.ReadEntityBlock("E", lambda);
        var syntaxTables = bySyntax.BuildTables();
        var textTables = byText.BuildTables();
        Assert.Equal(syntaxTables, textTables);

        var tested = (lambda.Body as BlockSyntax)?.Statements.ElementAtOrDefault(4) as ExpressionStatementSyntax;
        var accepted = tested is not null && new TargetModelReader.ReaderState { Text = text }.ReadByText(new TargetModelReader.EntityState("E"), tested);
        return (Describe(syntaxTables), Describe(textTables), accepted);
    }

    private static string Describe(IEnumerable<TableDefinition> tables) =>
        string.Join("; ", tables.Select(t => $"{t.Name} ({t.Schema}) key {t.PrimaryKeyName} [{string.Join(", ", t.PrimaryKey)}]: "
                                             + string.Join(", ", t.Columns.Select(c => c.ToString()))
                                             + " indexes: " + string.Join(", ", t.Indexes.Select(i => $"{i} [{string.Join(", ", i.Columns)}] desc [{(i.Descending is { } d ? string.Join(", ", d) : "none")}] options [{string.Join(", ", i.Options)}]"))
                                             + " foreign keys: " + string.Join(", ", t.ForeignKeys.Select(f => $"{f} [{string.Join(", ", f.Columns)}] → [{string.Join(", ", f.PrincipalColumns)}]"))
                                             + " unique: " + string.Join(", ", t.UniqueConstraints.Select(u => $"{u.Name} [{string.Join(", ", u.Columns)}]"))));
}
