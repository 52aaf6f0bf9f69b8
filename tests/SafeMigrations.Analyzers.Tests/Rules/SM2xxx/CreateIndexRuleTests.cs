using Microsoft.EntityFrameworkCore;
using SafeMigrations.Analyzers.Rules;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.TestKit.Scaffolding;
using static SafeMigrations.Analyzers.Tests.Verifiers.AnalyzerVerifier;

namespace SafeMigrations.Analyzers.Tests.Rules;

public class CreateIndexRuleTests
{
    private static MigrationProject AddEmailIndex(TestProvider provider) =>
        MigrationProject.Scaffold(provider, ("Initial", Models.Customers), ("AddEmailIndex", Models.CustomersWithEmailIndex));

    [Fact]
    public async Task Fires_on_PostgreSQL_for_an_index_on_an_existing_table()
    {
        var project = AddEmailIndex(TestProvider.PostgreSql);

        await VerifyAsync(project, project.Expect(Descriptors.SM2001_CreateIndexBlocksWrites, project.Last, "CreateIndex")
            .WithArguments("IX_Customers_Email", "Customers", WritesBlockedOnPostgres("Customers", unique: false)));
    }

    [Fact]
    public async Task Fires_on_PostgreSQL_for_a_unique_index_and_warns_about_duplicates()
    {
        var project = MigrationProject.Scaffold(
            TestProvider.PostgreSql,
            ("Initial", Models.Customers),
            Models.Step("AddUniqueEmail", m => m.Entity<Customer>(b => { b.ToTable("Customers"); b.Ignore(c => c.Orders); b.HasIndex(c => c.Email).IsUnique(); })));

        await VerifyAsync(project, project.Expect(Descriptors.SM2001_CreateIndexBlocksWrites, project.Last, "CreateIndex")
            .WithArguments("IX_Customers_Email", "Customers", WritesBlockedOnPostgres("Customers", unique: true)));
    }

    [Fact]
    public async Task Stays_quiet_on_PostgreSQL_when_the_index_is_created_concurrently()
    {
        var project = MigrationProject.Scaffold(
            TestProvider.PostgreSql,
            ("Initial", Models.Customers),
            Models.Step("AddEmailIndex", m => m.Entity<Customer>(b => { b.ToTable("Customers"); b.Ignore(c => c.Orders); b.HasIndex(c => c.Email).IsCreatedConcurrently(); })));

        Assert.Contains(".Annotation(\"Npgsql:CreatedConcurrently\", true)", project.SourceOf(project.Last));
        await VerifyAsync(project);
    }

    [Theory]
    [InlineData(TestProvider.PostgreSql)]
    [InlineData(TestProvider.SqlServer)]
    [InlineData(TestProvider.Sqlite)]
    public async Task Stays_quiet_for_an_index_on_a_table_created_in_the_same_migration(TestProvider provider)
    {
        var project = MigrationProject.Scaffold(provider, ("Initial", Models.CustomersWithEmailIndex));

        Assert.Contains("migrationBuilder.CreateIndex(", project.SourceOf(project.Last));
        await VerifyAsync(project, "safe_migrations.sqlserver.online_index = true");
    }

    [Fact]
    public async Task Stays_quiet_for_small_tables()
    {
        var project = AddEmailIndex(TestProvider.PostgreSql);

        await VerifyAsync(project, "safe_migrations.small_tables = Countries, customers");
    }

    [Fact]
    public async Task Small_tables_can_come_from_the_MSBuild_property()
    {
        var project = AddEmailIndex(TestProvider.PostgreSql);

        await VerifyAsync(project.Sources, editorConfig: null, globalConfig: "build_property.SafeMigrationsSmallTables = Customers");
    }

    [Fact]
    public async Task Stays_quiet_on_SQLite()
    {
        await VerifyAsync(AddEmailIndex(TestProvider.Sqlite));
    }

    [Fact]
    public async Task Stays_quiet_on_SQL_Server_unless_online_index_is_on()
    {
        var project = AddEmailIndex(TestProvider.SqlServer);

        // SQL Server scaffolds an AlterColumn (nvarchar(max) -> nvarchar(450)) before the CreateIndex: a narrowing (SM1006).
        Assert.Contains("migrationBuilder.AlterColumn<string>(", project.SourceOf(project.Last));
        await VerifyAsync(project, EmailNarrowedForTheIndex(project));
        await VerifyAsync(project, "safe_migrations.sqlserver.online_index = false", EmailNarrowedForTheIndex(project));
    }

    [Fact]
    public async Task Fires_on_SQL_Server_when_online_index_is_on_and_the_index_is_offline()
    {
        var project = AddEmailIndex(TestProvider.SqlServer);

        await VerifyAsync(
            project,
            "safe_migrations.sqlserver.online_index = true",
            EmailNarrowedForTheIndex(project),
            project.Expect(Descriptors.SM2001_CreateIndexBlocksWrites, project.Last, "CreateIndex").WithArguments(
                "IX_Customers_Email",
                "Customers",
                "builds it offline, which blocks writes to 'Customers' (and reads too, for a clustered index) until the build finishes. Build it online: add .Annotation(\"SqlServer:Online\", true)."));
    }

    [Fact]
    public async Task Stays_quiet_on_SQL_Server_when_the_index_is_online()
    {
        var project = MigrationProject.Scaffold(
            TestProvider.SqlServer,
            ("Initial", Models.Customers),
            Models.Step("AddEmailIndex", m => m.Entity<Customer>(b => { b.ToTable("Customers"); b.Ignore(c => c.Orders); b.HasIndex(c => c.Email).IsCreatedOnline(); })));

        Assert.Contains(".Annotation(\"SqlServer:Online\", true)", project.SourceOf(project.Last));
        await VerifyAsync(project, "safe_migrations.sqlserver.online_index = true", EmailNarrowedForTheIndex(project));
    }

    [Fact]
    public async Task The_provider_setting_wins_over_the_Designer()
    {
        // A PostgreSQL migration analysed as SQLite: the setting says so, and SQLite has no index lock rule.
        await VerifyAsync(AddEmailIndex(TestProvider.PostgreSql), "safe_migrations.provider = sqlite");
    }

    [Fact]
    public async Task Uses_the_provider_of_the_ActiveProvider_branch()
    {
        // A SQLite project whose migration has a PostgreSQL-only branch: the index inside it is checked as PostgreSQL.
        var project = AddEmailIndex(TestProvider.Sqlite);
        project.WithMigrationCode(project.Last, code => "using Microsoft.EntityFrameworkCore;\n" + code
            .Replace("            migrationBuilder.CreateIndex(", "            if (migrationBuilder.IsNpgsql())\n            {\n            migrationBuilder.CreateIndex(")
            .Replace("                column: \"Email\");\n        }", "                column: \"Email\");\n            }\n        }"));

        Assert.Contains("if (migrationBuilder.IsNpgsql())", project.SourceOf(project.Last));
        await VerifyAsync(project, project.Expect(Descriptors.SM2001_CreateIndexBlocksWrites, project.Last, "CreateIndex")
            .WithArguments("IX_Customers_Email", "Customers", WritesBlockedOnPostgres("Customers", unique: false)));
    }

    [Fact]
    public async Task Stays_quiet_in_the_else_of_an_ActiveProvider_check()
    {
        var project = AddEmailIndex(TestProvider.PostgreSql);
        project.WithMigrationCode(project.Last, code => code
            .Replace("            migrationBuilder.CreateIndex(", "            if (migrationBuilder.ActiveProvider == \"Npgsql.EntityFrameworkCore.PostgreSQL\")\n            {\n            }\n            else\n            {\n            migrationBuilder.CreateIndex(")
            .Replace("                column: \"Email\");\n        }", "                column: \"Email\");\n            }\n        }"));

        Assert.Contains("else", project.SourceOf(project.Last));
        await VerifyAsync(project);
    }

    /// <summary>SM1006 on the AlterColumn nvarchar(max) -> nvarchar(450) that SQL Server scaffolds before an index on Email.</summary>
    internal static Microsoft.CodeAnalysis.Testing.DiagnosticResult EmailNarrowedForTheIndex(MigrationProject project) =>
        project.Expect(Descriptors.SM1006_NarrowColumnType, project.Last, "AlterColumn").WithArguments(
            "Email",
            "Customers",
            "nvarchar(max)",
            "nvarchar(450)",
            "values longer than 450 characters in 'Customers.Email' make the migration fail (SQL Server: string or binary data would be truncated).");

    internal static string WritesBlockedOnPostgres(string table, bool unique) =>
        $"takes a SHARE lock that blocks every INSERT, UPDATE and DELETE on '{table}' until the build finishes, which on a large table is minutes to hours"
        + (unique ? $", and as a unique index it fails outright if '{table}' already holds duplicates" : string.Empty)
        + ". Build it without blocking writes: add .Annotation(\"Npgsql:CreatedConcurrently\", true), in a migration of its own.";
}
