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
/// A project that references several providers takes each migration's provider from its Designer. The Designer's text
/// tells it without the whole model read; where it answers, it answers as the whole read does.
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

    [Theory]
    [InlineData("OracleModelBuilderExtensions.UseIdentityColumns(modelBuilder);")] // Oracle: no provider, whatever the length says
    [InlineData("modelBuilder.HasAnnotation(\"Npgsql:PostgresExtension:hstore\", \",,\");")] // a provider only after the first entity type
    public void A_Designer_the_text_cannot_answer_for_is_left_to_the_whole_read(string statementAfterTheEntities)
    {
        var designer = Designers(MigrationProject.Scaffold(TestProvider.Sqlite, ("Initial", Models.Customers)).Sources).Single();
        var body = designer.Body!;
        var edited = designer.WithBody(body.AddStatements(SyntaxFactory.ParseStatement(statementAfterTheEntities)));
        var tree = CSharpSyntaxTree.ParseText(designer.SyntaxTree.GetRoot().ReplaceNode(designer, edited).ToFullString());
        var method = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single(m => m.Identifier.ValueText == "BuildTargetModel");

        Assert.Null(TargetModelReader.ProviderHintFromText(method));
        Assert.NotEqual(DatabaseProvider.Sqlite, TargetModelReader.Read(method, null).ProviderHint);
    }

    /// <summary>
    /// A model shared by several providers (bitwarden's) keeps every provider's index annotations in each Designer: its
    /// SQLite Designers hold <c>Npgsql:IndexInclude</c> and <c>SqlServer:Clustered</c> inside the entity blocks, which name
    /// no provider to the whole read. The text answers SQLite for them, as the whole read does, without that read. A
    /// provider's extension class called in an entity block does name one, and is left to the whole read.
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

        var withHolder = CSharpSyntaxTree.ParseText(designer.SyntaxTree.ToString().Replace(
            "b.HasIndex(\"Email\")", "NpgsqlIndexBuilderExtensions.AreNullsDistinct(b.HasIndex(\"Email\"), false);\n\n                    b.HasIndex(\"Email\")", StringComparison.Ordinal));
        var edited = withHolder.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single(m => m.Identifier.ValueText == "BuildTargetModel");
        Assert.Contains("NpgsqlIndexBuilderExtensions", edited.ToFullString(), StringComparison.Ordinal);
        Assert.Null(TargetModelReader.ProviderHintFromText(edited));
        Assert.Equal(DatabaseProvider.PostgreSql, TargetModelReader.Read(edited, null).ProviderHint);
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
