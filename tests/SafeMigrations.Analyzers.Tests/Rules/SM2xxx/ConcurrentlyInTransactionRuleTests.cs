using Microsoft.EntityFrameworkCore;
using SafeMigrations.Analyzers.Rules;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.TestKit.Databases;
using SafeMigrations.TestKit.Scaffolding;
using static SafeMigrations.Analyzers.Tests.Verifiers.AnalyzerVerifier;

namespace SafeMigrations.Analyzers.Tests.Rules;

public class ConcurrentlyInTransactionRuleTests
{
    private const string CreateConcurrently = "CREATE INDEX CONCURRENTLY \\\"IX_Customers_Name\\\" ON \\\"Customers\\\" (\\\"Name\\\");";

    private const string InTransaction = "this Sql(...) runs inside the migration's transaction (it has no suppressTransaction: true)";

    private const string SharedCommand = "the other statements of this Sql(...) go to PostgreSQL in the same command, which runs as one implicit transaction";

    private static MigrationProject WithSql(string call, Action<ModelBuilder>? model = null) =>
        RawSqlEdits.EmptyMigration(TestProvider.PostgreSql, model ?? Models.Customers).AppendToUp(call);

    [Fact]
    public async Task Fires_for_CREATE_INDEX_CONCURRENTLY_inside_the_transaction()
    {
        var project = WithSql($"migrationBuilder.Sql(\"{CreateConcurrently}\");");

        await VerifyAsync(project, project.Expect(Descriptors.SM2009_ConcurrentlyInTransaction, project.Last, "Sql").WithArguments("CREATE INDEX", "IX_Customers_Name", InTransaction));
    }

    [Fact]
    public async Task Fires_for_DROP_INDEX_CONCURRENTLY_beside_other_statements()
    {
        var project = WithSql("migrationBuilder.Sql(\"SET lock_timeout = '5s'; DROP INDEX CONCURRENTLY \\\"IX_Customers_Email\\\";\", suppressTransaction: true);", Models.CustomersWithEmailIndex);

        await VerifyAsync(project, project.Expect(Descriptors.SM2009_ConcurrentlyInTransaction, project.Last, "Sql").WithArguments("DROP INDEX", "IX_Customers_Email", SharedCommand));
    }

    [Fact]
    public async Task Stays_quiet_when_it_runs_alone_outside_the_transaction()
    {
        await VerifyAsync(WithSql($"migrationBuilder.Sql(\"{CreateConcurrently}\", suppressTransaction: true);"));
    }

    [Fact]
    public async Task Stays_quiet_on_other_providers()
    {
        // No MySQL scaffolder runs on EF Core 10: the PostgreSQL migration analysed as MySQL, which has no
        // CONCURRENTLY (and reads "..." as a string): no SM2009, only SM4001 for SQL it cannot read.
        var project = WithSql($"migrationBuilder.Sql(\"{CreateConcurrently}\");");
        await VerifyAsync(project, "safe_migrations.provider = mysql", project.Expect(Descriptors.SM4001_SqlNotChecked, project.Last, "Sql")
            .WithArguments("the analyzer does not check statements like 'CREATE INDEX CONCURRENTLY \"IX_Customers_Name\" ON \"Customers\" ...'"));
    }

    /// <summary>
    /// The claim, on a real PostgreSQL with EF's own migrator: the flagged shapes fail on deployment with
    /// 25001 (active SQL transaction), and the quiet one builds the index.
    /// </summary>
    [PostgresTheory]
    [InlineData("migrationBuilder.Sql(\"" + CreateConcurrently + "\");", true)]
    [InlineData("migrationBuilder.Sql(\"SET lock_timeout = '5s'; " + CreateConcurrently + "\", suppressTransaction: true);", true)]
    [InlineData("migrationBuilder.Sql(\"" + CreateConcurrently + "\", suppressTransaction: true);", false)]
    public void What_it_flags_fails_on_PostgreSQL_and_what_it_passes_works(string call, bool flagged)
    {
        var project = WithSql(call);
        using var database = PostgresDatabase.Create("sm2009");
        using var migrations = LoadedMigrations.Open(project, options => options.UseNpgsql(database.ConnectionString));
        migrations.Migrator.Migrate(project.History[0].Id);

        if (flagged)
        {
            var failure = Assert.ThrowsAny<Exception>(() => migrations.Migrator.Migrate(project.Last.Id));
            Assert.Contains("25001", failure.ToString(), StringComparison.Ordinal);
        }
        else
        {
            migrations.Migrator.Migrate(project.Last.Id);
            using var connection = database.Open();
            Assert.Equal(true, DatabaseCommands.Scalar(connection, "SELECT indisvalid FROM pg_index WHERE indexrelid = '\"IX_Customers_Name\"'::regclass"));
        }
    }
}
