using SafeMigrations.Analyzers.Rules;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.TestKit.Scaffolding;
using static SafeMigrations.Analyzers.Tests.Verifiers.AnalyzerVerifier;

namespace SafeMigrations.Analyzers.Tests.Rules;

public class UnbatchedDataChangeRuleTests
{
    private const string BackfillAdvice = "Update in batches that commit one by one: migrationBuilder.BackfillInBatches(\"Customers\", setSql, whereSql), in a migration of its own.";

    private const string SqlServerConsequence = "it holds its row locks, escalated to a lock on the whole table past about 5,000 of them, until the migration commits, so the running app's writes to 'Customers' wait for the whole statement, and the transaction log grows by every row.";

    public static TheoryData<TestProvider, string, string> Providers => new()
    {
        {
            TestProvider.PostgreSql,
            "UPDATE \\\"Customers\\\" SET \\\"Points\\\" = 0;",
            "it locks every row of 'Customers' until the migration commits, so each write of the running app to 'Customers' waits for the whole statement, and it writes a new version of every row at once (table bloat, a burst of WAL, replica lag)."
        },
        {
            TestProvider.SqlServer,
            "UPDATE [dbo].[Customers] SET [Points] = 0;",
            SqlServerConsequence
        },
        {
            TestProvider.Sqlite,
            "UPDATE \\\"Customers\\\" SET \\\"Points\\\" = 0;",
            "SQLite holds the database's write lock until the migration commits, so every write of the running app waits for the whole statement."
        },
    };

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Fires_on_an_UPDATE_of_every_row(TestProvider provider, string sql, string consequence)
    {
        var project = RawSqlEdits.EmptyMigration(provider).AppendToUp($"migrationBuilder.Sql(\"{sql}\");");

        await VerifyAsync(project, project.Expect(Descriptors.SM4002_UnbatchedDataChange, project.Last, "Sql")
            .WithArguments("UPDATE", "Customers", consequence, BackfillAdvice));
    }

    [Fact]
    public async Task Fires_on_a_TSQL_loop_around_an_UPDATE_of_every_row()
    {
        // No TOP and no WHERE: the first turn already changes every row in one statement.
        var project = RawSqlEdits.EmptyMigration(TestProvider.SqlServer).AppendToUp("migrationBuilder.Sql(\"WHILE 1 = 1 BEGIN UPDATE [dbo].[Customers] SET [Points] = 0; IF @@ROWCOUNT = 0 BREAK; END\");");

        await VerifyAsync(project, project.Expect(Descriptors.SM4002_UnbatchedDataChange, project.Last, "Sql")
            .WithArguments("UPDATE", "Customers", SqlServerConsequence, BackfillAdvice));
    }

    [Fact]
    public async Task Fires_on_MySQL_for_a_DELETE_of_every_row()
    {
        // No MySQL scaffolder runs on EF Core 10 (Pomelo 9): a SQLite migration analysed as MySQL, with MySQL's SQL.
        var project = RawSqlEdits.EmptyMigration(TestProvider.Sqlite).AppendToUp("migrationBuilder.Sql(\"DELETE FROM `Orders`;\");");

        await VerifyAsync(project, "safe_migrations.provider = mysql", project.Expect(Descriptors.SM4002_UnbatchedDataChange, project.Last, "Sql").WithArguments(
            "DELETE",
            "Orders",
            "InnoDB locks every row it scans until the statement commits, so the running app's writes to 'Orders' wait for the whole statement, and replicas replay it as one huge transaction.",
            "Delete in batches that commit one by one (DELETE ... WHERE key IN (a bounded SELECT), repeated), outside the migration's transaction, or TRUNCATE if 'Orders' is meant to be emptied."));
    }

    [Theory]
    [InlineData(TestProvider.PostgreSql, "UPDATE \\\"Customers\\\" SET \\\"Points\\\" = 0 WHERE \\\"Points\\\" IS NULL;")]
    [InlineData(TestProvider.SqlServer, "UPDATE TOP (1000) [Customers] SET [Points] = 0;")]
    [InlineData(TestProvider.SqlServer, "WHILE 1 = 1 BEGIN UPDATE TOP (1000) [Customers] SET [Points] = 0 WHERE [Points] <> 0; IF @@ROWCOUNT = 0 BREAK; END")]
    [InlineData(TestProvider.Sqlite, "DELETE FROM \\\"Orders\\\" WHERE \\\"Total\\\" = 0;")]
    public async Task Stays_quiet_with_a_WHERE_or_batching(TestProvider provider, string sql)
    {
        var project = RawSqlEdits.EmptyMigration(provider).AppendToUp($"migrationBuilder.Sql(\"{sql}\");");

        await VerifyAsync(project);
    }

    [Fact]
    public async Task Stays_quiet_on_MySQL_with_a_LIMIT()
    {
        var project = RawSqlEdits.EmptyMigration(TestProvider.Sqlite).AppendToUp("migrationBuilder.Sql(\"UPDATE `Customers` SET `Points` = 0 LIMIT 1000;\");");

        await VerifyAsync(project, "safe_migrations.provider = mysql");
    }

    [Fact]
    public async Task Stays_quiet_for_a_table_created_in_the_same_migration()
    {
        var project = MigrationProject.Scaffold(TestProvider.PostgreSql, ("Initial", Models.Customers), ("AddOrders", Models.CustomersAndOrders))
            .AppendToUp("migrationBuilder.Sql(\"UPDATE \\\"Orders\\\" SET \\\"Total\\\" = 0;\");");

        Assert.Contains("migrationBuilder.CreateTable(", project.SourceOf(project.Last));
        await VerifyAsync(project);
    }

    [Fact]
    public async Task Stays_quiet_for_small_tables_and_before_start_after()
    {
        var project = RawSqlEdits.EmptyMigration(TestProvider.PostgreSql).AppendToUp("migrationBuilder.Sql(\"UPDATE \\\"Customers\\\" SET \\\"Points\\\" = 0;\");");

        await VerifyAsync(project, "safe_migrations.small_tables = Customers");
        await VerifyAsync(project, "safe_migrations.start_after = " + project.Last.Id);
    }

    [Fact]
    public async Task Uses_the_dialect_of_the_ActiveProvider_branch()
    {
        // A PostgreSQL project with a SQL Server branch: the T-SQL in it is read as T-SQL, and flagged as SQL Server.
        var project = RawSqlEdits.EmptyMigration(TestProvider.PostgreSql).AppendToUp(
            "if (migrationBuilder.IsSqlServer())\n            {\n                migrationBuilder.Sql(\"UPDATE [Customers] SET [Points] = 0;\");\n            }");

        await VerifyAsync(project, project.Expect(Descriptors.SM4002_UnbatchedDataChange, project.Last, "Sql")
            .WithArguments("UPDATE", "Customers", Providers.Single(p => (TestProvider)p[0] == TestProvider.SqlServer)[2], BackfillAdvice));
    }
}
