using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SafeMigrations.Analyzers.Reading;

namespace SafeMigrations.Analyzers.Tests.Reading;

/// <summary>
/// The table index skips a Designer statement by the text of its first call only when the text is plain; anything else
/// is read from syntax. A statement skipped wrongly would drop a ToTable or a relationship from the index.
/// </summary>
public class InnermostCallTextTests
{
    private static readonly string[] Names = { "ToTable", "HasOne" };

    [Theory]
    [InlineData("b.Property<int>(\"Id\").IsRequired();", true)]
    [InlineData("b.Property<Dictionary<string, List<int>>>(\"Map\");", true)]
    [InlineData("b.HasKey(\"Id\");", true)]
    [InlineData("NpgsqlPropertyBuilderExtensions.UseIdentityByDefaultColumn(b.Property<int>(\"Id\"));", true)]
    [InlineData("b.ToTable(\"Orders\");", false)]
    [InlineData("b.HasOne(\"Shop.Customer\", null).WithMany().HasForeignKey(\"CustomerId\");", false)]
    [InlineData("Microsoft.EntityFrameworkCore.X.ToTable(b, \"Orders\");", false)]
    [InlineData("b.ToTableX(\"Orders\");", true)]
    [InlineData("b .ToTable(\"Orders\");", false)]
    [InlineData("b./* c */ToTable(\"Orders\");", false)]
    [InlineData("global::X.ToTable(b);", false)]
    [InlineData("(b).Property<int>(\"Id\");", false)]
    [InlineData("b?.Property<int>(\"Id\");", false)]
    [InlineData("b.Property<int>.Foo(\"Id\");", false)]
    [InlineData("x = b.Property<int>(\"Id\");", false)]
    [InlineData("b.Ünïcödé(\"Id\");", true)]
    public void A_statement_is_skipped_only_when_its_text_is_plain_and_names_another_call(string statement, bool skipped)
    {
        var tree = CSharpSyntaxTree.ParseText("class C { void M() { " + statement + " } }");
        var node = tree.GetRoot().DescendantNodes().OfType<BlockSyntax>().Single().Statements.Single();
        Assert.Equal(skipped, InnermostCallText.IsNoneOf(tree.GetText(), node.Span, Names));
    }
}
