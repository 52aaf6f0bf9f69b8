using SafeMigrations.Analyzers.RawSql;

namespace SafeMigrations.Analyzers.Tests.RawSql;

/// <summary>
/// The start of a statement the analyzer does not check, as its messages quote it (SM4001): the first six words on one line,
/// " ..." after them when there are more, at most 80 characters. Found by a loop instead of <c>string.Split</c>, whose
/// vectorized search a fresh compiler process JIT-compiled for it; each case is also checked against that Split.
/// </summary>
public class FirstWordsTests
{
    [Theory]
    [InlineData("VACUUM", "VACUUM")]
    [InlineData("  GRANT SELECT ON \"Orders\" TO reporting;  ", "GRANT SELECT ON \"Orders\" TO reporting;")]
    [InlineData("CREATE\tEXTENSION\r\nIF NOT EXISTS pg_trgm", "CREATE EXTENSION IF NOT EXISTS pg_trgm")]
    [InlineData("one two three four five six", "one two three four five six")]
    [InlineData("one two three four five six seven", "one two three four five six ...")]
    [InlineData("one two three four five six\n\n", "one two three four five six")]
    [InlineData("ALTER TABLE \"Bestellungen\" ADD \"Größe\" integer NOT NULL", "ALTER TABLE \"Bestellungen\" ADD \"Größe\" integer ...")]
    [InlineData("", "")]
    [InlineData(" \r\n\t ", "")]
    public void The_first_six_words_on_one_line(string statement, string expected)
    {
        Assert.Equal(expected, RawSqlReader.FirstWords(statement));
        Assert.Equal(BySplit(statement), RawSqlReader.FirstWords(statement));
    }

    [Fact]
    public void A_long_start_is_cut_to_eighty_characters()
    {
        var statement = "SELECT " + new string('x', 100) + " FROM t";
        var words = RawSqlReader.FirstWords(statement);
        Assert.Equal(80, words.Length);
        Assert.EndsWith("...", words);
        Assert.Equal(BySplit(statement), words);
    }

    /// <summary>What the analyzer did before: Split, join the first six, cut to 80 characters.</summary>
    private static string BySplit(string statement)
    {
        var words = statement.Split(new[] { ' ', '\t', '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries);
        var text = string.Join(" ", words, 0, Math.Min(words.Length, 6));
        text = words.Length > 6 ? text + " ..." : text;
        return text.Length <= 80 ? text : text.Substring(0, 77) + "...";
    }
}
