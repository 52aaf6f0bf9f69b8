using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SafeMigrations.Analyzers.Reading;

namespace SafeMigrations.Analyzers.Tests.Reading;

/// <summary>
/// The table index reads only the statements of an entity block whose text names a call it reads. Missing one would
/// drop a ToTable or a relationship from the index; taking an extra one only costs a syntax read.
/// </summary>
public class StatementsByTextTests
{
    private static readonly string[] Names = { "ToTable", "HasOne" };

    private static string[] Found(string body)
    {
        var tree = CSharpSyntaxTree.ParseText("class C { void M() {" + body + "} }");
        var block = tree.GetRoot().DescendantNodes().OfType<BlockSyntax>().First();
        return StatementsByText.Mentioning(block, tree.GetText().ToString(), Names).Select(s => s.ToString()).ToArray();
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
}
