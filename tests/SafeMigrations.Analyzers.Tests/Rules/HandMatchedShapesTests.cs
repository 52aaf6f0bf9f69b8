using System.Text;
using System.Text.RegularExpressions;
using SafeMigrations.Analyzers.Rules;

namespace SafeMigrations.Analyzers.Tests.Rules;

/// <summary>
/// The rules' text shapes are matched by hand (a pattern costs its first use in every compiler process; see
/// TextCursor). Each is checked here against the regular expression it replaced, which stays the
/// specification: on the shapes the rule tests name, and on many strings put together from the pattern's own parts,
/// its near misses, and characters where .NET's \w, \b, \s, \d and IgnoreCase are not ASCII's.
/// </summary>
public class HandMatchedShapesTests
{
    private const RegexOptions IgnoreCase = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    private static readonly Regex PostgresVolatile = new(
        @"\b(random|random_normal|clock_timestamp|timeofday|gen_random_uuid|gen_random_bytes|uuid_generate_v1|uuid_generate_v1mc|uuid_generate_v4|uuid_generate_v7|uuidv4|uuidv7|nextval|currval|lastval|setval|txid_current|pg_current_xact_id)\s*\(",
        IgnoreCase);

    private static readonly Regex SqlServerPerRow = new(@"\b(newid|newsequentialid)\s*\(", IgnoreCase);

    private static readonly Regex MariaDbCopies = new(@"\b(uuid|uuid_short|sysdate)\s*\(", IgnoreCase);

    private static readonly Regex SqlServerLargeObject = new(
        @"^\s*(?:(?:n?varchar|varbinary)\s*\(\s*max\s*\)\s*$|(?:xml|text|ntext|image|hierarchyid|geometry|geography)\b)", IgnoreCase);

    private static readonly Regex SqlServerRowVersion = new(@"^\s*(rowversion|timestamp)\s*$", IgnoreCase);

    private static readonly Regex SqliteConstant = new(
        @"^\s*[-+]?\s*(\d+(\.\d*)?([eE][-+]?\d+)?|\.\d+([eE][-+]?\d+)?|0[xX][0-9a-fA-F]+|'([^']|'')*'|[xX]'[0-9a-fA-F]*'|true|false|null)\s*$",
        IgnoreCase);

    private static readonly Regex Placeholder = new(
        @"^(?:"
        + @"\((?:short|ushort|byte|sbyte|int|uint|long|ulong|float|double|decimal|char)\)0(?:\.0+)?[mMlLuUfFdD]*"
        + @"|newDateTime\(1,1,1(?:,0)*(?:,DateTimeKind\.\w+)?\)|DateTime\.MinValue|default\(DateTime\)"
        + @"|newDateTimeOffset\(newDateTime\(1,1,1(?:,0)*(?:,DateTimeKind\.\w+)?\),(?:newTimeSpan\(0(?:,0)*\)|TimeSpan\.Zero)\)"
        + @"|newDateTimeOffset\(1,1,1(?:,0)*,(?:newTimeSpan\(0(?:,0)*\)|TimeSpan\.Zero)\)|DateTimeOffset\.MinValue|default\(DateTimeOffset\)"
        + @"|newTimeSpan\(0(?:,0)*\)|TimeSpan\.Zero|default\(TimeSpan\)"
        + @"|newDateOnly\(1,1,1\)|DateOnly\.MinValue|newTimeOnly\(0(?:,0)*\)|TimeOnly\.MinValue"
        + @"|newGuid\(""0{8}-0{4}-0{4}-0{4}-0{12}""\)|Guid\.Empty|default\(Guid\)"
        + @"|newbyte\[0\]|newbyte\[\]\{\}|Array\.Empty<byte>\(\)|\[\]"
        + @")$",
        RegexOptions.CultureInvariant);

    // Where .NET's classes are not ASCII's: KELVIN SIGN and LONG S (IgnoreCase's k and s), a combining mark of each
    // kind, an Arabic-Indic digit, a letter with an accent, no-break space, line separator, the zero-width joiner.
    private static readonly string[] Unusual = ["\u212A", "\u017F", "\u0301", "\u0903", "\u0663", "é", "\u00A0", "\u2028", "\u200D", "\n"];

    // Around the functions' names: their fragments, what follows a call, and what joins words.
    private static readonly string[] CallParts = ["(", "(", " ", "\t", "_", "x", "1", ".", "'", ",", "::", "regclass", "now", ")"];

    [Theory]
    [InlineData("gen_random_uuid()", true)]
    [InlineData("nextval('\"Orders_Id_seq\"'::regclass)", true)]
    [InlineData("RANDOM ()", true)]
    [InlineData("now()", false)]
    [InlineData("my_random()", false)]
    [InlineData("random", false)]
    [InlineData("random_normal(0, 1)", true)]
    public void Finds_a_volatile_PostgreSQL_function_as_the_pattern_did(string sql, bool volatileCall)
    {
        Assert.Equal(volatileCall, PostgresVolatile.IsMatch(sql));
        Assert.Equal(volatileCall, CallsAny(sql, AddColumnRewriteRule.PostgresVolatile));
    }

    [Theory]
    [InlineData("cloc\u212A_timestamp()")] // KELVIN SIGN is IgnoreCase's k
    [InlineData("\u017Fysdate()")] // LONG S is not its s
    [InlineData("x\u0301random()")] // a non-spacing mark is part of a word
    [InlineData("\u0903random()")] // a spacing one is not
    [InlineData("\u200Drandom()")] // the zero-width joiner is, for \b
    [InlineData("\u0663nextval()")] // an Arabic-Indic digit is
    [InlineData("random\u00A0\u2028(")] // no-break space and line separator are white space
    public void Unicode_around_a_call_is_read_as_Regex_reads_it(string sql)
    {
        Assert.Equal(PostgresVolatile.IsMatch(sql), CallsAny(sql, AddColumnRewriteRule.PostgresVolatile));
        Assert.Equal(MariaDbCopies.IsMatch(sql), CallsAny(sql, AddColumnRewriteRule.MariaDbCopies));
        Assert.Equal(OracleSqliteConstant("fal\u017Fe"), AddColumnRewriteRule.IsSqliteConstant("fal\u017Fe"));
    }

    [Fact]
    public void Function_calls_match_their_patterns_on_generated_SQL()
    {
        string[] volatileParts =
        [
            .. CallParts, "random", "RANDOM", "random_normal", "clock_timestamp", "cloc", "_timestamp", "timeofday", "gen_random_uuid",
            "Gen_Random_UUID", "gen_random_bytes", "uuid_generate_v", "1mc", "4", "7", "uuidv", "nextval", "currval", "lastval", "setval",
            "txid_current", "pg_current_xact_id",
        ];
        Agree(PostgresVolatile, sql => CallsAny(sql, AddColumnRewriteRule.PostgresVolatile), volatileParts, seed: 1);
        Agree(SqlServerPerRow, sql => CallsAny(sql, AddColumnRewriteRule.SqlServerPerRow), [.. CallParts, "newid", "NEWID", "newsequentialid", "new", "id"], seed: 2);
        Agree(MariaDbCopies, sql => CallsAny(sql, AddColumnRewriteRule.MariaDbCopies), [.. CallParts, "uuid", "UUID", "uuid_short", "sysdate", "SYSDATE", "short"], seed: 3);
    }

    [Fact]
    public void SQL_Server_store_types_match_their_patterns()
    {
        string[] parts =
        [
            " ", "n", "varchar", "NVARCHAR", "varbinary", "(", "max", "MAX", ")", "4000", "xml", "text", "ntext", "Text", "image", "hierarchyid",
            "geometry", "geography", "_", "1", "x", "rowversion", "timestamp", "TIMESTAMP", ",", "\t",
        ];
        foreach (var type in new[] { "nvarchar(max)", " varchar ( MAX ) ", "xml", "text(16)", "geography", "nvarchar(4000)", "textual", "ntext" })
        {
            Assert.Equal(SqlServerLargeObject.IsMatch(type), AddColumnRewriteRule.IsLargeObjectType(type));
        }

        Agree(SqlServerLargeObject, type => AddColumnRewriteRule.IsLargeObjectType(type), parts, seed: 4);
        Agree(SqlServerRowVersion, type => AddColumnRewriteRule.IsRowVersionType(type), parts, seed: 5);
        Assert.False(AddColumnRewriteRule.IsLargeObjectType(null));
        Assert.False(AddColumnRewriteRule.IsRowVersionType(null));
    }

    [Fact]
    public void SQLite_constants_match_their_pattern()
    {
        string[] parts =
        [
            "-", "+", " ", "1", "23", "0", ".", "e", "E", "0x", "0X", "fF", "a", "g", "'", "''", "x'", "X'", "true", "NULL", "False", "(", ")",
            "abc", "lower", ",",
        ];
        foreach (var sql in new[] { "0", "-1.5e3", "(('a''b'))", "x'0F'", "0x1F", ".5", "TRUE", "1e", "'a'b'", "datetime('now')", "- 2", "1.", "0x" })
        {
            Assert.Equal(OracleSqliteConstant(sql), AddColumnRewriteRule.IsSqliteConstant(sql));
        }

        Agree("SQLite's constant pattern", OracleSqliteConstant, sql => AddColumnRewriteRule.IsSqliteConstant(sql), parts, seed: 6);
    }

    [Fact]
    public void Placeholders_match_their_pattern()
    {
        string[] parts =
        [
            "(", ")", "int", "uint", "decimal", "double", "char", "0", ".0", ".", "00", "5", "m", "M", "L", "u", "f", "x",
            "newDateTime(", "1,1,1", ",0", ",00", ",1", ",DateTimeKind.", "Utc", "Local", "newDateTimeOffset(", "newTimeSpan(0",
            "TimeSpan.Zero", ",", "newTimeOnly(0", "newDateOnly(1,1,1)", "newGuid(\"00000000-0000-0000-0000-000000000000\")", "Guid.Empty",
            "default(Guid)", "DateTime.MinValue", "newbyte[0]", "[]", "{}", "Array.Empty<byte>()",
        ];
        foreach (var code in new[]
        {
            "(decimal)0.0m", "(long)0L", "newDateTime(1,1,1,0,0,0,0,DateTimeKind.Unspecified)", "newDateTimeOffset(newDateTime(1,1,1),TimeSpan.Zero)",
            "newDateTimeOffset(1,1,1,0,0,0,0,newTimeSpan(0,0,0,0))", "newTimeSpan(0,0,0,0)", "newGuid(\"00000000-0000-0000-0000-000000000000\")",
            "Array.Empty<byte>()", "(int)1", "newDateTime(2000,1,1)", "newDateTime(1,1,1,DateTimeKind.)", "(int)0.5",
        })
        {
            Assert.Equal(Placeholder.IsMatch(code), AddRequiredColumnRule.IsPlaceholderText(code));
        }

        Agree(Placeholder, code => AddRequiredColumnRule.IsPlaceholderText(code), parts, seed: 7);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\n")]
    [InlineData("(")]
    [InlineData("()")]
    [InlineData("'")]
    public void Empty_and_nearly_empty_text_is_read_as_the_patterns_read_it(string text)
    {
        Assert.Equal(PostgresVolatile.IsMatch(text), CallsAny(text, AddColumnRewriteRule.PostgresVolatile));
        Assert.Equal(SqlServerLargeObject.IsMatch(text), AddColumnRewriteRule.IsLargeObjectType(text));
        Assert.Equal(SqlServerRowVersion.IsMatch(text), AddColumnRewriteRule.IsRowVersionType(text));
        Assert.Equal(OracleSqliteConstant(text), AddColumnRewriteRule.IsSqliteConstant(text));
        Assert.Equal(Placeholder.IsMatch(text), AddRequiredColumnRule.IsPlaceholderText(text));
    }

    private static bool CallsAny(string text, string[] names) => Analyzers.Infrastructure.TextCursor.CallsAny(text, names);

    // IsSqliteConstant strips the parentheses EF writes around a default before it tests the constant.
    private static bool OracleSqliteConstant(string sql)
    {
        var text = sql.Trim();
        while (text.Length >= 2 && text[0] == '(' && text[^1] == ')')
        {
            text = text[1..^1].Trim();
        }

        return SqliteConstant.IsMatch(text);
    }

    private static void Agree(Regex pattern, Func<string, bool> byHand, string[] parts, int seed) =>
        Agree(pattern.ToString(), pattern.IsMatch, byHand, parts, seed);

    // 20,000 strings of one to six parts (a fifth of the parts an unusual character), each answered alike; and enough of
    // them match, and enough don't, that the agreement says something.
    private static void Agree(string pattern, Func<string, bool> oracle, Func<string, bool> byHand, string[] parts, int seed)
    {
        var random = new Random(seed);
        int matched = 0, missed = 0;
        var text = new StringBuilder();
        for (var i = 0; i < 20_000; i++)
        {
            text.Clear();
            var count = random.Next(1, 7);
            for (var part = 0; part < count; part++)
            {
                text.Append(random.Next(5) == 0 ? Unusual[random.Next(Unusual.Length)] : parts[random.Next(parts.Length)]);
            }

            var candidate = text.ToString();
            var expected = oracle(candidate);
            Assert.True(expected == byHand(candidate), $"'{Escape(candidate)}': {pattern} says {expected}, the hand-written match says {!expected}");
            if (expected)
            {
                matched++;
            }
            else
            {
                missed++;
            }
        }

        Assert.True(matched >= 50 && missed >= 50, $"{matched} matched and {missed} did not: the generated strings test too little");
    }

    private static string Escape(string text)
    {
        var escaped = new StringBuilder();
        foreach (var character in text)
        {
            escaped.Append(character is >= ' ' and < '\u007F' ? character.ToString() : $"\\u{(int)character:X4}");
        }

        return escaped.ToString();
    }
}
