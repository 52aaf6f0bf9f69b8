using Microsoft.EntityFrameworkCore;
using SafeMigrations.Analyzers.Rules;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.TestKit.Scaffolding;
using static SafeMigrations.Analyzers.Tests.Verifiers.AnalyzerVerifier;

namespace SafeMigrations.Analyzers.Tests.Rules;

public class NarrowColumnTypeRuleTests
{
    // EF rebuilds the table for every SQLite AlterColumn: that is SM2008\'s info, not what these tests are about.
    private const string RebuildInfoOff = "dotnet_diagnostic.SM2008.severity = none";

    private static MigrationProject LimitEmail(TestProvider provider) =>
        MigrationProject.Scaffold(provider, ("Initial", Models.Customers), Models.Step("LimitEmail", TypeModels.EmailOf(100)));

    private static MigrationProject NarrowPoints(TestProvider provider) =>
        MigrationProject.Scaffold(provider, ("Initial", TypeModels.WideLedgers), ("NarrowPoints", TypeModels.Ledgers));

    public static TheoryData<TestProvider, string, string, string> TextToVarchar => new()
    {
        {
            TestProvider.PostgreSql, "text", "character varying(100)",
            "values longer than 100 characters in 'Customers.Email' make the migration fail (PostgreSQL: value too long for the type)."
        },
        {
            TestProvider.SqlServer, "nvarchar(max)", "nvarchar(100)",
            "values longer than 100 characters in 'Customers.Email' make the migration fail (SQL Server: string or binary data would be truncated)."
        },
    };

    [Theory]
    [MemberData(nameof(TextToVarchar))]
    public async Task Fires_on_a_scaffolded_max_length_on_an_unlimited_string(TestProvider provider, string oldType, string newType, string risk)
    {
        var project = LimitEmail(provider);

        await VerifyAsync(project, project.Expect(Descriptors.SM1006_NarrowColumnType, project.Last, "AlterColumn")
            .WithArguments("Email", "Customers", oldType, newType, risk));
    }

    [Fact]
    public async Task Stays_quiet_on_SQLite_which_enforces_no_length()
    {
        var project = MigrationProject.Scaffold(TestProvider.Sqlite, ("Initial", TypeModels.EmailOf(200)), Models.Step("LimitEmail", TypeModels.EmailOf(100)));

        await VerifyAsync(project);
    }

    [Fact]
    public async Task Fires_on_SQLite_when_the_CLR_type_narrows()
    {
        // EF scaffolds nothing for long -> int on SQLite (both INTEGER); a hand-written AlterColumn says it.
        var project = MigrationProject.Scaffold(TestProvider.Sqlite, ("Initial", Models.Customers), ("PointsBigint", TypeModels.PointsAsBigint));
        project.WithMigrationCode(project.Last, code => code.Replace(
            "                type: \"bigint\",\n                nullable: false,\n                oldClrType: typeof(int),\n                oldType: \"INTEGER\");",
            "                type: \"INTEGER\",\n                nullable: false,\n                oldClrType: typeof(long),\n                oldType: \"INTEGER\");"));

        Assert.Contains("oldClrType: typeof(long)", project.SourceOf(project.Last));
        await VerifyAsync(project, "safe_migrations.provider = sqlite\n" + RebuildInfoOff, project.Expect(Descriptors.SM1006_NarrowColumnType, project.Last, "AlterColumn").WithArguments(
            "Points",
            "Customers",
            "INTEGER",
            "INTEGER",
            "SQLite keeps every value, but the app then reads 'Customers.Points' as int and fails on any value outside -2147483648 to 2147483647."));
    }

    public static TheoryData<TestProvider, string, string> BigintToInt => new()
    {
        { TestProvider.PostgreSql, "integer", "make the migration fail (PostgreSQL: out of range)" },
        { TestProvider.SqlServer, "int", "make the migration fail (SQL Server: arithmetic overflow)" },
    };

    [Theory]
    [MemberData(nameof(BigintToInt))]
    public async Task Fires_on_a_scaffolded_long_to_int_change_and_not_as_SM1005(TestProvider provider, string newType, string failure)
    {
        var project = NarrowPoints(provider);

        await VerifyAsync(project, project.Expect(Descriptors.SM1006_NarrowColumnType, project.Last, "AlterColumn")
            .WithArguments("Points", "Ledgers", "bigint", newType, "values outside -2147483648 to 2147483647 in 'Ledgers.Points' " + failure + "."));
    }

    [Theory]
    [InlineData(TestProvider.PostgreSql, "numeric(18,4)", "numeric(18,2)")]
    [InlineData(TestProvider.SqlServer, "decimal(18,4)", "decimal(18,2)")]
    public async Task Fires_on_a_lower_scale(TestProvider provider, string oldType, string newType)
    {
        var project = MigrationProject.Scaffold(provider, ("Initial", TypeModels.AmountOf(18, 4)), Models.Step("Amount", TypeModels.AmountOf(18, 2)));

        await VerifyAsync(project, project.Expect(Descriptors.SM1006_NarrowColumnType, project.Last, "AlterColumn")
            .WithArguments("Amount", "Ledgers", oldType, newType, "digits beyond 2 decimal places in 'Ledgers.Amount' are rounded away for good."));
    }

    [Fact]
    public async Task Names_every_risk_of_a_precision_and_scale_cut()
    {
        var project = MigrationProject.Scaffold(TestProvider.PostgreSql, ("Initial", TypeModels.AmountOf(18, 4)), Models.Step("Amount", TypeModels.AmountOf(10, 2)));

        await VerifyAsync(project, project.Expect(Descriptors.SM1006_NarrowColumnType, project.Last, "AlterColumn").WithArguments(
            "Amount",
            "Ledgers",
            "numeric(18,4)",
            "numeric(10,2)",
            "values with more than 8 digits before the decimal point in 'Ledgers.Amount' make the migration fail (PostgreSQL: numeric field overflow); digits beyond 2 decimal places in 'Ledgers.Amount' are rounded away for good."));
    }

    [Fact]
    public async Task Fires_on_a_scaffolded_double_to_decimal_change()
    {
        var project = MigrationProject.Scaffold(TestProvider.PostgreSql, ("Initial", TypeModels.Items), ("PriceAsDecimal", TypeModels.DecimalItems));

        await VerifyAsync(project, project.Expect(Descriptors.SM1006_NarrowColumnType, project.Last, "AlterColumn").WithArguments(
            "Price",
            "Items",
            "double precision",
            "numeric(10,2)",
            "values with more than 8 digits before the decimal point in 'Items.Price' make the migration fail (PostgreSQL: numeric field overflow); digits beyond 2 decimal places in 'Items.Price' are rounded away for good."));
    }

    // MySQL: no scaffolder runs on EF Core 10 (Pomelo 9); SQL Server's migration with Pomelo's store types written in.
    [Fact]
    public async Task Fires_on_MySQL_and_says_what_non_strict_mode_does()
    {
        var project = LimitEmail(TestProvider.SqlServer);
        project.WithMigrationCode(project.Last, code => code.Replace("nvarchar(max)", "longtext").Replace("nvarchar(100)", "varchar(100)"), keepsDownInStep: true);

        await VerifyAsync(project, "safe_migrations.provider = mysql", project.Expect(Descriptors.SM1006_NarrowColumnType, project.Last, "AlterColumn").WithArguments(
            "Email",
            "Customers",
            "longtext",
            "varchar(100)",
            "values longer than 100 characters in 'Customers.Email' make the migration fail in strict SQL mode (MySQL's default), and are cut to 100 characters without it."));
    }

    [Fact]
    public async Task Ignores_small_tables()
    {
        var project = LimitEmail(TestProvider.PostgreSql);

        await VerifyAsync(project, "safe_migrations.small_tables = Customers", project.Expect(Descriptors.SM1006_NarrowColumnType, project.Last, "AlterColumn").WithArguments(
            "Email", "Customers", "text", "character varying(100)", "values longer than 100 characters in 'Customers.Email' make the migration fail (PostgreSQL: value too long for the type)."));
    }

    [Fact]
    public async Task Falls_back_to_the_CLR_type_and_max_length_when_the_store_types_are_missing()
    {
        // An EF Core 2-style AlterColumn: no type, no oldType; the Designer's previous model still says "text".
        var project = LimitEmail(TestProvider.PostgreSql);
        project.WithMigrationCode(project.Last, code => code
            .Replace("                type: \"character varying(100)\",\n", string.Empty)
            .Replace("                oldType: \"text\",\n", string.Empty));

        Assert.DoesNotContain("oldType:", project.SourceOf(project.Last).Split("void Down")[0]);
        await VerifyAsync(project, project.Expect(Descriptors.SM1006_NarrowColumnType, project.Last, "AlterColumn").WithArguments(
            "Email", "Customers", "text", "character varying(100)", "values longer than 100 characters in 'Customers.Email' make the migration fail (PostgreSQL: value too long for the type)."));
    }

    [Fact]
    public async Task Stays_quiet_for_a_nullability_change_only()
    {
        var project = MigrationProject.Scaffold(
            TestProvider.SqlServer,
            ("Initial", TypeModels.EmailOf(100)),
            Models.Step("RequireEmail", m => m.Entity<Customer>(b => { b.ToTable("Customers"); b.Ignore(c => c.Orders); b.Property(c => c.Email).HasMaxLength(100).IsRequired(); })));

        Assert.Contains("oldNullable: true", project.SourceOf(project.Last));
        await VerifyAsync(project, "dotnet_diagnostic.SM1008.severity = none");
    }

    [Fact]
    public async Task Stays_quiet_for_a_table_created_in_the_same_migration()
    {
        var project = LimitEmail(TestProvider.PostgreSql);
        project.WithMigrationCode(project.Last, code => ReplaceFirst(code, "            migrationBuilder.AlterColumn<string>(", "            migrationBuilder.CreateTable(name: \"Customers2\", columns: table => new { Id = table.Column<int>(nullable: false), Email = table.Column<string>(nullable: true) });\n            migrationBuilder.AlterColumn<string>(")
            .Replace("table: \"Customers\",\n                type: \"character varying(100)\"", "table: \"Customers2\",\n                type: \"character varying(100)\""));

        Assert.Contains("table: \"Customers2\"", project.SourceOf(project.Last));
        await VerifyAsync(project);
    }

    [Fact]
    public async Task Uses_the_provider_of_the_ActiveProvider_branch()
    {
        // A SQLite project (where a length is not enforced) with a SQL Server-only branch holding the narrowing.
        var project = LimitEmail(TestProvider.SqlServer);
        project.WithMigrationCode(project.Last, code => "using Microsoft.EntityFrameworkCore;\n" + ReplaceFirst(code, "            migrationBuilder.AlterColumn<string>(", "            if (migrationBuilder.IsSqlServer())\n            {\n            migrationBuilder.AlterColumn<string>(")
            .Replace("                oldNullable: true);\n        }\n\n        /// <inheritdoc />\n        protected override void Down", "                oldNullable: true);\n            }\n        }\n\n        /// <inheritdoc />\n        protected override void Down"));

        Assert.Contains("if (migrationBuilder.IsSqlServer())", project.SourceOf(project.Last));
        await VerifyAsync(project, "safe_migrations.provider = sqlite", project.Expect(Descriptors.SM1006_NarrowColumnType, project.Last, "AlterColumn").WithArguments(
            "Email", "Customers", "nvarchar(max)", "nvarchar(100)", "values longer than 100 characters in 'Customers.Email' make the migration fail (SQL Server: string or binary data would be truncated)."));
    }

    /// <summary>Edits Up only: Down holds the same call.</summary>
    private static string ReplaceFirst(string code, string find, string replacement)
    {
        var at = code.IndexOf(find, StringComparison.Ordinal);
        return at < 0 ? code : code.Substring(0, at) + replacement + code.Substring(at + find.Length);
    }
}
