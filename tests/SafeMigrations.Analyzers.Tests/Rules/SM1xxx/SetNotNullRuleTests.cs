using Microsoft.EntityFrameworkCore;
using SafeMigrations.Analyzers.Rules;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.TestKit.Scaffolding;
using static SafeMigrations.Analyzers.Tests.Verifiers.AnalyzerVerifier;

namespace SafeMigrations.Analyzers.Tests.Rules;

public class SetNotNullRuleTests
{
    private static void EmailRequired(ModelBuilder model) => model.Entity<Customer>(b =>
    {
        b.ToTable("Customers");
        b.Ignore(c => c.Orders);
        b.Property(c => c.Email).IsRequired();
    });

    private static MigrationProject RequireEmail(TestProvider provider) =>
        MigrationProject.Scaffold(provider, ("Initial", Models.Customers), ("RequireEmail", EmailRequired));

    public static TheoryData<TestProvider, string, string> Providers => new()
    {
        {
            TestProvider.PostgreSql,
            // EF scaffolds defaultValue: "": Npgsql fills the NULLs with it instead of failing.
            "makes EF first run UPDATE ... SET 'Email' = \"\" WHERE 'Email' IS NULL: existing NULLs silently become \"\", EF's placeholder, not a value anyone chose, and the migration does not fail to warn you. Then PostgreSQL scans every row of 'Customers' under an ACCESS EXCLUSIVE lock.",
            ", and on PostgreSQL with migrationBuilder.SetNotNullSafely, which validates a NOT VALID check first so SET NOT NULL needs no locked scan"
        },
        {
            TestProvider.SqlServer,
            "makes EF first run UPDATE ... SET 'Email' = \"\" WHERE 'Email' IS NULL: existing NULLs silently become \"\", EF's placeholder, not a value anyone chose, and the migration does not fail to warn you. Then SQL Server checks every row of 'Customers' under a schema-modification lock.",
            ""
        },
        {
            TestProvider.Sqlite,
            "makes EF rebuild 'Customers' on SQLite, and the copy writes \"\" into every row where 'Email' is NULL: existing NULLs silently become \"\", EF's placeholder, not a value anyone chose, and the migration does not fail to warn you. The rebuild copies every row.",
            ""
        },
    };

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Fires_on_a_scaffolded_nullable_to_NOT_NULL_change(TestProvider provider, string consequence, string safeWay)
    {
        var project = RequireEmail(provider);

        Assert.Contains("oldNullable: true", project.SourceOf(project.Last));
        var expected = new List<Microsoft.CodeAnalysis.Testing.DiagnosticResult>
        {
            project.Expect(Descriptors.SM1008_SetNotNull, project.Last, "AlterColumn").WithArguments("Email", "Customers", consequence, safeWay),
        };

        // On SQLite the rebuild itself is SM2008's information.
        if (provider == TestProvider.Sqlite)
        {
            expected.Add(SqliteRebuildRuleTests.Expected(project, "AlterColumn", "AlterColumn 'Email'"));
        }

        await VerifyAsync(project, expected.ToArray());
    }

    /// <summary>MySQL (no scaffolder on EF Core 10: SQL Server's migration as Pomelo writes it): the rebuild runs in place under a strict sql_mode.</summary>
    [Fact]
    public async Task Fires_on_MySQL_with_the_in_place_rebuild_and_SetNotNullSafely()
    {
        var project = RequireEmail(TestProvider.SqlServer);
        project.WithMigrationCode(project.Last, code => code.Replace("nvarchar(max)", "longtext"), keepsDownInStep: true);

        await VerifyAsync(project, "safe_migrations.provider = mysql", project.Expect(Descriptors.SM1008_SetNotNull, project.Last, "AlterColumn").WithArguments(
            "Email",
            "Customers",
            "makes MySQL rebuild the whole table 'Customers': in place with writes allowed when the session's sql_mode is strict (the servers' default), ending with a brief exclusive lock that waits for every open transaction on 'Customers', otherwise as a copy that blocks writes until it ends; and it fails if any row holds NULL.",
            ", and on MySQL with migrationBuilder.SetNotNullSafely, which asks for ALGORITHM=INPLACE, LOCK=NONE under a strict sql_mode, so it fails rather than blocks writes"));
    }

    [Fact]
    public async Task Stays_quiet_for_a_change_that_keeps_the_column_nullable()
    {
        var project = MigrationProject.Scaffold(
            TestProvider.PostgreSql,
            ("Initial", Models.Customers),
            Models.Step("LimitEmail", m => m.Entity<Customer>(b => { b.ToTable("Customers"); b.Ignore(c => c.Orders); b.Property(c => c.Email).HasMaxLength(300); })));

        // text -> varchar(300) is a narrowing: SM1006's finding, not this rule's.
        Assert.Contains("migrationBuilder.AlterColumn<string>(", project.SourceOf(project.Last));
        await VerifyAsync(project, "dotnet_diagnostic.SM1006.severity = none");
    }

    [Fact]
    public async Task Stays_quiet_for_NOT_NULL_to_nullable()
    {
        var project = MigrationProject.Scaffold(TestProvider.PostgreSql, ("Initial", EmailRequired), ("RelaxEmail", Models.Customers));

        Assert.Contains("nullable: true", project.SourceOf(project.Last));
        await VerifyAsync(project);
    }

    [Fact]
    public async Task Stays_quiet_for_a_table_created_in_the_same_migration()
    {
        var project = RequireEmail(TestProvider.PostgreSql);
        project.WithMigrationCode(project.Last, code => code.Replace(
            "migrationBuilder.AlterColumn<string>(",
            "migrationBuilder.CreateTable(name: \"Customers2\", columns: table => new { Id = table.Column<int>(nullable: false) });\n            migrationBuilder.AlterColumn<string>(")
            .Replace("table: \"Customers\",\n                type: \"text\",\n                nullable: false", "table: \"Customers2\",\n                type: \"text\",\n                nullable: false"));

        Assert.Contains("table: \"Customers2\"", project.SourceOf(project.Last));
        await VerifyAsync(project);
    }
}
