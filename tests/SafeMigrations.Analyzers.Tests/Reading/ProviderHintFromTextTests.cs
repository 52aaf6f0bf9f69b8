using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
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
}
