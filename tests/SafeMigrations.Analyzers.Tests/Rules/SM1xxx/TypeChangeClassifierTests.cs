using SafeMigrations.Analyzers.Model;
using SafeMigrations.Analyzers.Rules;

namespace SafeMigrations.Analyzers.Tests.Rules;

public class TypeChangeClassifierTests
{
    // xUnit theories are public, the types under test internal: data rows name providers, kinds and reasons as strings.
    private const string Pg = nameof(DatabaseProvider.PostgreSql);
    private const string Ms = nameof(DatabaseProvider.SqlServer);
    private const string My = nameof(DatabaseProvider.MySql);
    private const string Lite = nameof(DatabaseProvider.Sqlite);

    [Theory]
    [InlineData(Pg, "character varying(100)", "varchar(100)")]
    [InlineData(Pg, "CHARACTER  VARYING ( 100 )", "varchar(100)")]
    [InlineData(Pg, "integer", "int4")]
    [InlineData(Pg, "bigint", "int8")]
    [InlineData(Pg, "numeric(18,2)", "decimal(18, 2)")]
    [InlineData(Pg, "timestamp with time zone", "timestamptz")]
    [InlineData(Pg, "timestamp(6) with time zone", "timestamptz")]
    [InlineData(Pg, "timestamp without time zone", "timestamp(6)")]
    [InlineData(Pg, "double precision", "float8")]
    [InlineData(Pg, "text[]", "TEXT []")]
    [InlineData(Ms, "decimal", "decimal(18,0)")]
    [InlineData(Ms, "datetime2", "datetime2(7)")]
    [InlineData(Ms, "float", "float(53)")]
    [InlineData(Ms, "nvarchar(max)", "nvarchar(MAX)")]
    [InlineData(My, "varchar(100) CHARACTER SET utf8mb4", "varchar(100)")]
    [InlineData(My, "decimal", "decimal(10,0)")]
    [InlineData(My, "datetime(6)", "datetime(6)")]
    public void Spellings_of_one_type_are_the_same_type(string providerName, string left, string right)
    {
        var provider = Provider(providerName);
        var a = StoreType.Parse(left, provider)!;
        var b = StoreType.Parse(right, provider)!;

        Assert.True(a.SameAs(b), $"{a} vs {b}");
        Assert.Equal(TypeChangeKind.Unchanged, TypeChangeClassifier.Classify(provider, a, b, null, null).Kind);
    }

    [Theory]
    [InlineData(Pg, "character varying(100)", "String", 100, null, null)]
    [InlineData(Pg, "text", "String", null, null, null)]
    [InlineData(Pg, "numeric", "Decimal", null, null, null)]
    [InlineData(Pg, "numeric(10,2)", "Decimal", null, 10, 2)]
    [InlineData(Pg, "timestamp(3) with time zone", "TimestampTz", null, 3, null)]
    [InlineData(Ms, "nvarchar(max)", "String", null, null, null)]
    [InlineData(Ms, "varbinary(16)", "Binary", 16, null, null)]
    [InlineData(My, "longtext", "String", null, null, null)]
    [InlineData(My, "text", "String", 65535, null, null)]
    [InlineData(Lite, "TEXT", "String", null, null, null)]
    public void Parses_name_length_precision_and_scale(string providerName, string text, string family, int? length, int? precision, int? scale)
    {
        var provider = Provider(providerName);
        var type = StoreType.Parse(text, provider)!;

        Assert.Equal(family, type.Family.ToString());
        Assert.Equal(length, type.Length);
        Assert.Equal(precision, type.Precision);
        Assert.Equal(scale, type.Scale);
        Assert.Equal(text, type.Text);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("varchar(100")]
    public void Unparseable_text_gives_no_type(string? text) => Assert.Null(StoreType.Parse(text, DatabaseProvider.PostgreSql));

    // PostgreSQL: changes that keep the data and need no rewrite (9.2 and 12 release notes, ALTER TABLE).
    [Theory]
    [InlineData("character varying(100)", "character varying(200)")]
    [InlineData("character varying(100)", "character varying")]
    [InlineData("character varying(100)", "text")]
    [InlineData("character varying", "text")]
    [InlineData("text", "character varying")]
    [InlineData("numeric(10,2)", "numeric(12,2)")]
    [InlineData("numeric(10,2)", "numeric")]
    [InlineData("timestamp(3) without time zone", "timestamp without time zone")]
    [InlineData("timestamp(3) with time zone", "timestamp(6) with time zone")]
    [InlineData("interval(0)", "interval")]
    [InlineData("cidr", "inet")]
    public void PostgreSQL_safe_widenings(string from, string to) => AssertKind(Provider(Pg), from, to, TypeChangeKind.SafeWidening);

    [Theory]
    [InlineData("integer", "bigint")]
    [InlineData("smallint", "integer")]
    [InlineData("numeric(10,2)", "numeric(12,4)")]
    [InlineData("timestamp without time zone", "timestamp with time zone")]
    [InlineData("timestamp with time zone", "timestamp without time zone")]
    [InlineData("real", "double precision")]
    [InlineData("integer", "numeric(18,2)")]
    [InlineData("text", "integer")]
    [InlineData("uuid", "text")]
    [InlineData("character(10)", "character(20)")]
    [InlineData("inet", "cidr")]
    public void PostgreSQL_rewrites(string from, string to) => AssertKind(Provider(Pg), from, to, TypeChangeKind.Rewrite);

    [Theory]
    [InlineData("character varying(200)", "character varying(100)", "Length")]
    [InlineData("text", "character varying(100)", "Length")]
    [InlineData("character varying", "character varying(100)", "Length")]
    [InlineData("bigint", "integer", "IntegerRange")]
    [InlineData("integer", "smallint", "IntegerRange")]
    [InlineData("numeric(10,2)", "numeric(8,2)", "IntegerDigits")]
    [InlineData("numeric(10,2)", "numeric(10,1)", "Scale")]
    [InlineData("numeric(10,2)", "numeric(10,4)", "IntegerDigits")]
    [InlineData("numeric", "numeric(18,2)", "IntegerDigits, Scale")]
    [InlineData("integer", "numeric(5,0)", "IntegerDigits")]
    [InlineData("numeric(18,2)", "bigint", "Fraction")]
    [InlineData("double precision", "real", "FloatPrecision")]
    [InlineData("double precision", "numeric(10,2)", "IntegerDigits, Scale")]
    [InlineData("double precision", "numeric", "None")]
    [InlineData("timestamp(6) with time zone", "timestamp(3) with time zone", "FractionalSeconds")]
    [InlineData("timestamp with time zone", "date", "TimeOfDay")]
    public void PostgreSQL_narrowings(string from, string to, string reasonNames)
    {
        var reasons = Enum.Parse<NarrowingReason>(reasonNames);
        var change = Classify(DatabaseProvider.PostgreSql, from, to);

        Assert.Equal(reasons == NarrowingReason.None ? TypeChangeKind.Rewrite : TypeChangeKind.Narrowing, change.Kind);
        Assert.Equal(reasons, change.Reasons);
    }

    [Theory]
    [InlineData("nvarchar(100)", "nvarchar(200)", false, "SafeWidening")]
    [InlineData("varchar(100)", "varchar(8000)", false, "SafeWidening")]
    [InlineData("varbinary(16)", "varbinary(32)", false, "SafeWidening")]
    [InlineData("nvarchar(100)", "nvarchar(200)", true, "Rewrite")]
    [InlineData("nvarchar(100)", "nvarchar(max)", false, "Rewrite")]
    [InlineData("ntext", "nvarchar(max)", false, "SafeWidening")]
    [InlineData("text", "varchar(max)", false, "SafeWidening")]
    [InlineData("varchar(100)", "nvarchar(200)", false, "Rewrite")]
    [InlineData("int", "bigint", false, "Rewrite")]
    [InlineData("decimal(18,2)", "decimal(20,2)", false, "Rewrite")]
    [InlineData("datetime", "datetime2", false, "Rewrite")]
    [InlineData("nvarchar(max)", "nvarchar(450)", false, "Narrowing")]
    [InlineData("nvarchar(100)", "varchar(100)", false, "Narrowing")]
    [InlineData("bigint", "int", false, "Narrowing")]
    [InlineData("smallint", "tinyint", false, "Narrowing")]
    [InlineData("tinyint", "smallint", false, "Rewrite")]
    [InlineData("datetime2", "datetime", false, "Narrowing")]
    public void SQL_Server(string from, string to, bool inIndex, string kind) =>
        Assert.Equal(kind, TypeChangeClassifier.Classify(Provider(Ms), StoreType.Parse(from, Provider(Ms)), StoreType.Parse(to, Provider(Ms)), null, null, inIndex).Kind.ToString());

    [Theory]
    [InlineData("varchar(20)", "varchar(63)", 4, "SafeWidening")] // 80 -> 252 bytes: one length byte
    [InlineData("varchar(20)", "varchar(64)", 4, "Rewrite")] // 80 -> 256 bytes: the prefix grows
    [InlineData("varchar(100)", "varchar(255)", 4, "SafeWidening")] // 400 -> 1020 bytes
    [InlineData("varchar(100)", "varchar(255)", 1, "SafeWidening")] // latin1: 100 -> 255 bytes
    [InlineData("varchar(100)", "varchar(256)", 1, "Rewrite")]
    [InlineData("varchar(100)", "longtext", 4, "Rewrite")]
    [InlineData("longtext", "varchar(100)", 4, "Narrowing")]
    [InlineData("text", "longtext", 4, "Rewrite")]
    [InlineData("longtext", "text", 4, "Narrowing")]
    [InlineData("int", "bigint", 4, "Rewrite")]
    [InlineData("bigint", "int", 4, "Narrowing")]
    [InlineData("int", "int unsigned", 4, "Narrowing")]
    [InlineData("decimal(18,2)", "decimal(18,4)", 4, "Narrowing")]
    [InlineData("datetime(6)", "datetime", 4, "Narrowing")]
    public void MySQL(string from, string to, int bytesPerChar, string kind) =>
        Assert.Equal(kind, TypeChangeClassifier.Classify(Provider(My), StoreType.Parse(from, Provider(My)), StoreType.Parse(to, Provider(My)), null, null, bytesPerChar: bytesPerChar).Kind.ToString());

    [Theory]
    [InlineData("INTEGER", "INTEGER", "int", "long", "Unchanged")]
    [InlineData("TEXT", "TEXT", "string", "Guid", "Unchanged")]
    [InlineData("TEXT", "varchar(100)", "string", "string", "Unchanged")]
    [InlineData("TEXT", "INTEGER", "string", "int", "Rewrite")]
    [InlineData("REAL", "TEXT", "double", "decimal", "Rewrite")]
    [InlineData("INTEGER", "INTEGER", "long", "int", "Narrowing")]
    [InlineData("REAL", "REAL", "double", "float", "Narrowing")]
    [InlineData("REAL", "INTEGER", "double", "long", "Narrowing")]
    [InlineData(null, null, "long", "short", "Narrowing")]
    [InlineData(null, null, "string", "int", "Rewrite")]
    [InlineData(null, null, "Money", "int", "Unknown")]
    public void SQLite_judges_affinity_and_CLR_type(string? from, string? to, string oldClr, string newClr, string kind) =>
        Assert.Equal(kind, TypeChangeClassifier.Classify(Provider(Lite), StoreType.Parse(from, Provider(Lite)), StoreType.Parse(to, Provider(Lite)), oldClr, newClr).Kind.ToString());

    [Theory]
    [InlineData("INT", "INTEGER")]
    [InlineData("BIGINT", "INTEGER")]
    [InlineData("varchar(100)", "TEXT")]
    [InlineData("CLOB", "TEXT")]
    [InlineData("BLOB", "BLOB")]
    [InlineData("", "BLOB")]
    [InlineData("DOUBLE", "REAL")]
    [InlineData("decimal(18,2)", "NUMERIC")]
    public void SQLite_affinity_follows_the_documented_rules(string declared, string affinity) =>
        Assert.Equal(affinity, StoreType.SqliteAffinity(declared));

    [Fact]
    public void Missing_types_are_unknown_and_never_throw()
    {
        Assert.Equal(TypeChangeKind.Unknown, TypeChangeClassifier.Classify(Provider(Pg), null, StoreType.Parse("text", Provider(Pg)), "string", "string").Kind);
        Assert.Equal(TypeChangeKind.Unknown, TypeChangeClassifier.Classify(Provider(Lite), null, null, null, null).Kind);
        Assert.Equal(TypeChangeKind.Rewrite, TypeChangeClassifier.Classify(DatabaseProvider.Unknown, StoreType.Parse("int", DatabaseProvider.Unknown), StoreType.Parse("bigint", DatabaseProvider.Unknown), null, null).Kind);
    }

    [Fact]
    public void Odd_text_never_throws()
    {
        var texts = new[] { "(", ")", "()", "(((", "varchar(", "varchar(abc)", "varchar(-1)", "numeric(,)", "numeric(99999999999,2)", "[]", "text[][]", " ", "\"varchar\"(10)", "int unsigned unsigned", "timestamp(3) with", "with time zone", "decimal(5,7)" };
        foreach (var provider in Enum.GetValues<DatabaseProvider>())
        {
            foreach (var from in texts)
            {
                foreach (var to in texts)
                {
                    var change = TypeChangeClassifier.Classify(provider, StoreType.Parse(from, provider), StoreType.Parse(to, provider), from, to);
                    Assert.True(Enum.IsDefined(change.Kind));
                }
            }
        }
    }

    [Theory]
    [InlineData("System.Int64", "long")]
    [InlineData("int?", "int")]
    [InlineData("global::System.String", "string")]
    [InlineData("DateTime", "DateTime")]
    public void CLR_names_are_normalised(string name, string expected) => Assert.Equal(expected, ClrType.Normalize(name));

    private static DatabaseProvider Provider(string name) => Enum.Parse<DatabaseProvider>(name);

    private static TypeChange Classify(DatabaseProvider provider, string from, string to) =>
        TypeChangeClassifier.Classify(provider, StoreType.Parse(from, provider), StoreType.Parse(to, provider), null, null);

    private static void AssertKind(DatabaseProvider provider, string from, string to, TypeChangeKind kind)
    {
        var change = Classify(provider, from, to);
        Assert.True(kind == change.Kind, $"{from} -> {to}: {change.Kind} {change.Reasons}, expected {kind}");
    }
}
