using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.EntityFrameworkCore;
using SafeMigrations.Analyzers.Model;
using SafeMigrations.Analyzers.Reading;
using SafeMigrations.Analyzers.Tests.Corpus;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.TestKit.Scaffolding;

namespace SafeMigrations.Analyzers.Tests.Reading;

/// <summary>
/// A project that references several providers takes a migration's provider from its DbContext's snapshot, or where that
/// cannot tell, from the migration's Designer (<see cref="ProviderFromSnapshotTests"/>). Either file's text tells it without
/// the whole model read; where it answers, it answers as the whole read does.
/// </summary>
public class ProviderHintFromTextTests
{
    private static IEnumerable<MethodDeclarationSyntax> Designers(IEnumerable<(string Path, string Source)> sources) =>
        sources.Where(s => s.Path.EndsWith(".Designer.cs", StringComparison.Ordinal))
            .Select(s => CSharpSyntaxTree.ParseText(s.Source, path: s.Path).GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single(m => m.Identifier.ValueText == "BuildTargetModel"));

    [Theory]
    [MemberData(nameof(CorpusTests.Providers), MemberType = typeof(CorpusTests))]
    public void Every_scaffolded_Designer_is_answered_from_its_text_as_by_the_whole_read(TestProvider provider)
    {
        var designers = CorpusGenerator.Projects(provider).SelectMany(p => Designers(p.Sources)).ToList();
        var expected = provider switch
        {
            TestProvider.PostgreSql => DatabaseProvider.PostgreSql,
            TestProvider.SqlServer => DatabaseProvider.SqlServer,
            _ => DatabaseProvider.Sqlite,
        };

        Assert.NotEmpty(designers);
        foreach (var designer in designers)
        {
            Assert.Equal(expected, TargetModelReader.Read(designer, null).ProviderHint);
            Assert.Equal(expected, TargetModelReader.ProviderHintFromText(designer));
        }
    }

    private static MethodDeclarationSyntax ScaffoldedSqliteDesigner() =>
        Designers(MigrationProject.Scaffold(TestProvider.Sqlite, ("Initial", Models.Customers)).Sources).Single();

    /// <summary>The Designer's method, edited as text (<paramref name="edit"/>) and parsed again.</summary>
    private static MethodDeclarationSyntax Edited(MethodDeclarationSyntax designer, Func<string, string> edit)
    {
        var source = designer.SyntaxTree.ToString();
        var edited = edit(source);
        Assert.NotEqual(source, edited);
        return CSharpSyntaxTree.ParseText(edited).GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single(m => m.Identifier.ValueText == "BuildTargetModel");
    }

    /// <summary>
    /// EF writes the model's own statements (its annotations, the provider's model options) before its entity types. A
    /// model statement written after them (by hand) names no provider to either read: the text answers from what comes
    /// before the first entity type, without a pass over the rest for each provider's name.
    /// </summary>
    [Theory]
    [InlineData("OracleModelBuilderExtensions.UseIdentityColumns(modelBuilder);")]
    [InlineData("modelBuilder.HasAnnotation(\"Npgsql:PostgresExtension:hstore\", \",,\");")]
    [InlineData("modelBuilder.HasAnnotation(\"Relational:MaxIdentifierLength\", 63);")]
    public void A_model_statement_after_the_entity_types_names_no_provider(string statementAfterTheEntities)
    {
        var designer = ScaffoldedSqliteDesigner();
        var edited = Edited(designer, source => source.Replace(
            designer.Body!.Statements.Last().ToFullString(), designer.Body.Statements.Last().ToFullString() + "\n" + statementAfterTheEntities + "\n", StringComparison.Ordinal));
        Assert.Contains(statementAfterTheEntities, edited.Body!.Statements.Last().ToString(), StringComparison.Ordinal);

        Assert.Equal(DatabaseProvider.Sqlite, TargetModelReader.Read(edited, null).ProviderHint);
        Assert.Equal(DatabaseProvider.Sqlite, TargetModelReader.ProviderHintFromText(edited));
    }

    /// <summary>
    /// The same statements before the first entity type name the provider to both reads; an Oracle one leaves none, whatever
    /// the rest says.
    /// </summary>
    [Theory]
    [InlineData("OracleModelBuilderExtensions.UseIdentityColumns(modelBuilder);", "Unknown")]
    [InlineData("modelBuilder.HasAnnotation(\"Npgsql:PostgresExtension:hstore\", \",,\");", "PostgreSql")]
    [InlineData("modelBuilder.HasAnnotation(\"Relational:MaxIdentifierLength\", 128);", "SqlServer")]
    public void A_model_statement_before_the_entity_types_names_the_provider(string statement, string expected)
    {
        var designer = ScaffoldedSqliteDesigner();
        var firstEntity = designer.Body!.Statements.First(s => s.ToString().StartsWith("modelBuilder.Entity(", StringComparison.Ordinal));
        var edited = Edited(designer, source => source.Insert(firstEntity.SpanStart, statement + "\n"));

        Assert.Equal(Enum.Parse<DatabaseProvider>(expected), TargetModelReader.Read(edited, null).ProviderHint);
        Assert.Equal(Enum.Parse<DatabaseProvider>(expected), TargetModelReader.ProviderHintFromText(edited));
    }

    /// <summary>
    /// Nothing in an entity block names the provider: EF has named it in the model's own statements, and writes a provider's
    /// extension classes there (<c>NpgsqlPropertyBuilderExtensions</c>) only in that provider's Designers. A SQLite Designer
    /// with one added by hand is still SQLite's to both reads, by its store types, as one with an Oracle class is.
    /// </summary>
    [Theory]
    [InlineData("NpgsqlPropertyBuilderExtensions.UseIdentityByDefaultColumn(b.Property<int>(\"Id\"));")]
    [InlineData("OraclePropertyBuilderExtensions.UseIdentityColumn(b.Property<int>(\"Id\"));")]
    [InlineData("SqlServerKeyBuilderExtensions.IsClustered(b.HasKey(\"Id\"), false);")]
    public void A_provider_s_extension_class_in_an_entity_block_names_no_provider(string statement)
    {
        var designer = ScaffoldedSqliteDesigner();
        var edited = Edited(designer, source => source.Replace("b.HasKey(\"Id\");", statement + "\n\n                    b.HasKey(\"Id\");", StringComparison.Ordinal));

        Assert.Equal(DatabaseProvider.Sqlite, TargetModelReader.Read(edited, null).ProviderHint);
        Assert.Equal(DatabaseProvider.Sqlite, TargetModelReader.ProviderHintFromText(edited));
    }

    /// <summary>A PostgreSQL Designer stays PostgreSQL's, to both reads, with an Oracle extension class in an entity block.</summary>
    [Fact]
    public void A_PostgreSQL_Designer_is_named_by_its_model_statements_whatever_its_entity_blocks_call()
    {
        var designer = Designers(MigrationProject.Scaffold(TestProvider.PostgreSql, ("Initial", Models.Customers)).Sources).Single();
        Assert.Contains("NpgsqlPropertyBuilderExtensions.", designer.Body!.ToString(), StringComparison.Ordinal);
        var withOracle = Edited(designer, source => source.Replace("b.HasKey(\"Id\");", "OraclePropertyBuilderExtensions.UseIdentityColumn(b.Property<int>(\"Id\"));\n\n                    b.HasKey(\"Id\");", StringComparison.Ordinal));

        Assert.Equal(DatabaseProvider.PostgreSql, TargetModelReader.Read(withOracle, null).ProviderHint);
        Assert.Equal(DatabaseProvider.PostgreSql, TargetModelReader.ProviderHintFromText(withOracle));
    }

    /// <summary>
    /// A model shared by several providers (bitwarden's) keeps every provider's index annotations in each Designer: its
    /// SQLite Designers hold <c>Npgsql:IndexInclude</c> and <c>SqlServer:Clustered</c> inside the entity blocks, which name
    /// no provider to the whole read. The text answers SQLite for them, as the whole read does, without that read.
    /// </summary>
    [Fact]
    public void Another_database_s_index_annotations_in_a_SQLite_Designer_are_answered_from_the_text()
    {
        var designer = Designers(MigrationProject.Scaffold(TestProvider.Sqlite, Models.Step("Initial", m => m.Entity<Customer>(b =>
        {
            b.ToTable("Customers");
            b.Ignore(c => c.Orders);
            NpgsqlIndexBuilderExtensions.IncludeProperties(b.HasIndex(c => c.Email).IsClustered(false), c => c.Name);
        }))).Sources).Single();
        var text = designer.ToFullString();
        Assert.Contains("\"SqlServer:Clustered\"", text, StringComparison.Ordinal);
        Assert.Contains("\"Npgsql:IndexInclude\"", text, StringComparison.Ordinal);

        Assert.Equal(DatabaseProvider.Sqlite, TargetModelReader.Read(designer, null).ProviderHint);
        Assert.Equal(DatabaseProvider.Sqlite, TargetModelReader.ProviderHintFromText(designer));
    }

    /// <summary>
    /// A SQLite model that gives some columns a type of its own (ErsatzTV's <c>varchar(50)</c>): its Designer is still
    /// SQLite's, most of its store types being the affinities EF's SQLite provider writes. The text says so, as the whole
    /// read does, so a project that references several providers no longer reads each such Designer whole (and finds no
    /// provider). A PostgreSQL model that gives a column <c>TEXT</c> is not taken for SQLite.
    /// </summary>
    [Theory]
    [InlineData(TestProvider.Sqlite, "varchar(50)")]
    [InlineData(TestProvider.PostgreSql, "TEXT")]
    public void A_column_type_of_the_model_s_own_leaves_the_Designer_to_its_other_store_types(TestProvider provider, string columnType)
    {
        var expected = provider == TestProvider.Sqlite ? DatabaseProvider.Sqlite : DatabaseProvider.PostgreSql;
        var designer = Designers(MigrationProject.Scaffold(provider, Models.Step("Initial", m => m.Entity<Customer>(b =>
        {
            b.ToTable("Customers");
            b.Ignore(c => c.Orders);
            b.Property(c => c.Email).HasColumnType(columnType);
        }))).Sources).Single();
        Assert.Contains("HasColumnType(\"" + columnType + "\")", designer.ToFullString(), StringComparison.Ordinal);

        Assert.Equal(expected, TargetModelReader.Read(designer, null).ProviderHint);
        Assert.Equal(expected, TargetModelReader.ProviderHintFromText(designer));
    }

    /// <summary>
    /// A tree that holds no text (an IDE keeps closed documents' trees recoverable): the text cannot answer, and the whole
    /// read, which counts the store types in the text, materializes it and still finds a SQLite Designer.
    /// </summary>
    [Fact]
    public void A_Designer_tree_that_holds_no_text_is_still_read_for_its_store_types()
    {
        var designer = Designers(MigrationProject.Scaffold(TestProvider.Sqlite, Models.Step("Initial", Models.Customers)).Sources).Single();
        var textless = CSharpSyntaxTree.Create((Microsoft.CodeAnalysis.CSharp.CSharpSyntaxNode)designer.SyntaxTree.GetRoot());
        Assert.False(textless.TryGetText(out _));
        var method = textless.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single(m => m.Identifier.ValueText == "BuildTargetModel");

        Assert.Null(TargetModelReader.ProviderHintFromText(method));
        Assert.Equal(DatabaseProvider.Sqlite, TargetModelReader.Read(method, null).ProviderHint);
    }
}
