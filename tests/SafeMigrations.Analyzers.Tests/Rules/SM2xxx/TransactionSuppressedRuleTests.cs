using Microsoft.EntityFrameworkCore;
using SafeMigrations.Analyzers.Rules;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.TestKit.Scaffolding;
using static SafeMigrations.Analyzers.Tests.Verifiers.AnalyzerVerifier;

namespace SafeMigrations.Analyzers.Tests.Rules;

public class TransactionSuppressedRuleTests
{
    private static void EmailIndexedConcurrently(ModelBuilder model) => model.Entity<Customer>(b =>
    {
        b.ToTable("Customers");
        b.Ignore(c => c.Orders);
        b.HasIndex(c => c.Email).IsCreatedConcurrently();
    });

    /// <summary>Adds the Email column and, concurrently, its index: two operations, one outside the transaction.</summary>
    private static MigrationProject AddEmailWithConcurrentIndex() =>
        MigrationProject.Scaffold(TestProvider.PostgreSql, ("Initial", Models.CustomersWithoutEmail), ("AddEmail", EmailIndexedConcurrently));

    private const string ConcurrentIndexWhy = "Npgsql runs CREATE INDEX CONCURRENTLY outside any transaction, because PostgreSQL cannot run it inside one";

    [Fact]
    public async Task Fires_on_PostgreSQL_for_a_concurrent_index_beside_other_operations()
    {
        var project = AddEmailWithConcurrentIndex();

        Assert.Contains("migrationBuilder.AddColumn<string>(", project.SourceOf(project.Last));
        await VerifyAsync(project, project.Expect(Descriptors.SM2002_TransactionSuppressed, project.Last, "CreateIndex")
            .WithArguments("CreateIndex 'Customers.IX_Customers_Email'", ConcurrentIndexWhy, "1", project.Last.Id));
    }

    [Fact]
    public async Task Stays_quiet_for_a_concurrent_index_in_a_migration_of_its_own()
    {
        var project = MigrationProject.Scaffold(TestProvider.PostgreSql, ("Initial", Models.Customers), ("AddEmailIndex", EmailIndexedConcurrently));

        Assert.Contains(".Annotation(\"Npgsql:CreatedConcurrently\", true)", project.SourceOf(project.Last));
        await VerifyAsync(project);
    }

    [Fact]
    public async Task Stays_quiet_for_a_concurrent_index_of_its_own_behind_an_early_return()
    {
        // The return is no operation: nothing runs in the transaction beside the index.
        var project = MigrationProject.Scaffold(TestProvider.PostgreSql, ("Initial", Models.Customers), ("AddEmailIndex", EmailIndexedConcurrently))
            .AppendToUp("if (System.Environment.GetEnvironmentVariable(\"SKIP_INDEXES\") == \"1\") return;", atStart: true);

        Assert.Contains("return;", project.SourceOf(project.Last));
        await VerifyAsync(project);
    }

    [Fact]
    public async Task Stays_quiet_when_the_provider_is_not_PostgreSQL()
    {
        // Only Npgsql reads the annotation; elsewhere the index is built inside the transaction.
        await VerifyAsync(AddEmailWithConcurrentIndex(), "safe_migrations.provider = sqlserver");
    }

    [Theory]
    [InlineData(TestProvider.Sqlite)]
    [InlineData(TestProvider.SqlServer)]
    [InlineData(TestProvider.PostgreSql)]
    public async Task Fires_for_Sql_with_suppressTransaction_beside_other_operations(TestProvider provider)
    {
        var project = MigrationProject.Scaffold(provider, ("Initial", Models.CustomersWithoutEmail), ("AddEmail", Models.Customers))
            .AppendToUp("migrationBuilder.Sql(\"SELECT 1;\", suppressTransaction: true);");

        await VerifyAsync(project, project.Expect(Descriptors.SM2002_TransactionSuppressed, project.Last, "Sql")
            .WithArguments("Sql", "suppressTransaction: true", "1", project.Last.Id));
    }

    [Fact]
    public async Task Fires_for_a_runtime_helper_that_commits_on_its_own()
    {
        var project = MigrationProject.Scaffold(TestProvider.PostgreSql, ("Initial", Models.CustomersWithEmailIndex), ("AddEmail", Models.CustomersWithEmailIndex))
            .AppendToUp("migrationBuilder.Sql(\"COMMENT ON TABLE \\\"Customers\\\" IS 'people';\");\n            migrationBuilder.DropIndexConcurrently(\"IX_Customers_Email\");");
        project.WithMigrationCode(project.Last, code => "using EFCore.SafeMigrations;\n" + code);

        // After a transactional operation: that one is committed before the helper runs, and a failure strands it.
        await VerifyAsync(project, project.Expect(Descriptors.SM2002_TransactionSuppressed, project.Last, "DropIndexConcurrently")
            .WithArguments("DropIndexConcurrently 'IX_Customers_Email'", "it builds or drops the index CONCURRENTLY, which PostgreSQL cannot run inside a transaction", "1", project.Last.Id));
    }

    [Fact]
    public async Task Stays_quiet_for_restartable_helpers_before_the_transactional_operations()
    {
        // DropIndexConcurrently (IF EXISTS) first: a failure after it rolls the rest back, and a re-run redoes it harmlessly.
        var project = MigrationProject.Scaffold(TestProvider.PostgreSql, ("Initial", Models.CustomersWithEmailIndex), ("AddEmail", Models.CustomersWithEmailIndex))
            .AppendToUp("migrationBuilder.DropIndexConcurrently(\"IX_Customers_Email\");\n            migrationBuilder.Sql(\"COMMENT ON TABLE \\\"Customers\\\" IS 'people';\");");
        project.WithMigrationCode(project.Last, code => "using EFCore.SafeMigrations;\n" + code);

        await VerifyAsync(project);
    }

    [Fact]
    public async Task Stays_quiet_for_Sql_that_runs_in_the_transaction()
    {
        var project = MigrationProject.Scaffold(TestProvider.PostgreSql, ("Initial", Models.CustomersWithoutEmail), ("AddEmail", Models.Customers))
            .AppendToUp("migrationBuilder.Sql(\"SELECT 1;\", suppressTransaction: false);");

        await VerifyAsync(project);
    }
}
