using SafeMigrations.Analyzers.Rules;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.TestKit.Scaffolding;
using static SafeMigrations.Analyzers.Tests.Verifiers.AnalyzerVerifier;

namespace SafeMigrations.Analyzers.Tests.Rules;

public class SqlNotCheckedRuleTests
{
    [Fact]
    public async Task Reports_SQL_that_is_not_a_constant()
    {
        var project = RawSqlEdits.EmptyMigration(TestProvider.PostgreSql)
            .AppendToUp("migrationBuilder.Sql(System.IO.File.ReadAllText(\"up.sql\"));");

        await VerifyAsync(project, project.Expect(Descriptors.SM4001_SqlNotChecked, project.Last, "Sql")
            .WithArguments("its SQL (System.IO.File.ReadAllText(\"up.sql\")) is not a constant string, so the analyzer cannot see it"));
    }

    [Fact]
    public async Task Reports_a_statement_it_does_not_know_on_PostgreSQL()
    {
        var project = RawSqlEdits.EmptyMigration(TestProvider.PostgreSql)
            .AppendToUp("migrationBuilder.Sql(\"SET lock_timeout = '5s'; VACUUM ANALYZE \\\"Customers\\\";\");");

        await VerifyAsync(project, project.Expect(Descriptors.SM4001_SqlNotChecked, project.Last, "Sql")
            .WithArguments("the analyzer does not check statements like 'VACUUM ANALYZE \"Customers\"'"));
    }

    [Fact]
    public async Task Reports_TSQL_that_does_not_parse_on_SQL_Server()
    {
        var project = RawSqlEdits.EmptyMigration(TestProvider.SqlServer)
            .AppendToUp("migrationBuilder.Sql(\"ALTER TABLE [Customers] ADD CONSTRAINT;\");");

        await VerifyAsync(project, project.Expect(Descriptors.SM4001_SqlNotChecked, project.Last, "Sql")
            .WithArguments("T-SQL that does not parse (line 1: Incorrect syntax near 'CONSTRAINT'.)"));
    }

    [Theory]
    [InlineData(TestProvider.PostgreSql, "CREATE OR REPLACE VIEW \\\"ActiveCustomers\\\" AS SELECT * FROM \\\"Customers\\\" WHERE \\\"Points\\\" > 0; COMMENT ON TABLE \\\"Customers\\\" IS 'people';")]
    [InlineData(TestProvider.SqlServer, "CREATE VIEW [ActiveCustomers] AS SELECT * FROM [Customers] WHERE [Points] > 0;")]
    [InlineData(TestProvider.Sqlite, "CREATE TRIGGER [Touch] AFTER UPDATE ON [Customers] BEGIN UPDATE [Orders] SET [Total] = 0 WHERE [CustomerId] = NEW.[Id]; END;")]
    public async Task Stays_quiet_for_SQL_it_can_check(TestProvider provider, string sql)
    {
        var project = RawSqlEdits.EmptyMigration(provider).AppendToUp($"migrationBuilder.Sql(\"{sql}\");");

        await VerifyAsync(project);
    }

    [Fact]
    public async Task Reads_the_up_SQL_of_ReversibleSql()
    {
        var project = RawSqlEdits.EmptyMigration(TestProvider.PostgreSql)
            .AppendToUp("migrationBuilder.ReversibleSql(\"TRUNCATE \\\"Orders\\\";\", \"SELECT 1;\");");
        project.WithMigrationCode(project.Last, code => "using EFCore.SafeMigrations;\n" + code);

        await VerifyAsync(project, project.Expect(Descriptors.SM4001_SqlNotChecked, project.Last, "ReversibleSql")
            .WithArguments("the analyzer does not check statements like 'TRUNCATE \"Orders\"'"));
    }
}
