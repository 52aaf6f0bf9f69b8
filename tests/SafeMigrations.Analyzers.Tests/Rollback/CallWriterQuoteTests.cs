using Microsoft.CodeAnalysis.CSharp;
using SafeMigrations.Analyzers.Rollback;

namespace SafeMigrations.Analyzers.Tests.Rollback;

/// <summary>
/// The planner quotes every name it writes; plain names skip Roslyn's literal formatter. The literal must be the
/// formatter's, character for character, or SM3002 would compare a Down with code the generator does not write.
/// </summary>
public class CallWriterQuoteTests
{
    [Theory]
    [InlineData("")]
    [InlineData("Customers")]
    [InlineData("IX_Orders_CustomerId")]
    [InlineData("with space, comma; and ~tilde~")]
    [InlineData("quote \" inside")]
    [InlineData("back\\slash")]
    [InlineData("tab\tnew\nline")]
    [InlineData("Bücher")]
    [InlineData("Заказы")]
    [InlineData("表")]
    [InlineData("delete \u007f and next line \u0085 and separator \u2028")]
    [InlineData("emoji 🚀 and a lone surrogate \ud800")]
    public void Quote_writes_what_Roslyns_formatter_writes(string value)
    {
        Assert.Equal(SymbolDisplay.FormatLiteral(value, quote: true), CallWriter.Quote(value));
    }

    [Fact]
    public void Every_single_character_is_quoted_as_Roslyn_quotes_it()
    {
        for (var c = '\0'; c < 0x3000; c++)
        {
            var value = "a" + c + "b";
            Assert.Equal(SymbolDisplay.FormatLiteral(value, quote: true), CallWriter.Quote(value));
        }
    }
}
