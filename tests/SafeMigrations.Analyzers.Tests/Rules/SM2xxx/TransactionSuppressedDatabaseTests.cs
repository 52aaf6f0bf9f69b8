using Microsoft.EntityFrameworkCore;
using SafeMigrations.Analyzers.Rules;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.TestKit.Databases;
using SafeMigrations.TestKit.Scaffolding;
using static SafeMigrations.Analyzers.Tests.Verifiers.DatabaseCommands;

namespace SafeMigrations.Analyzers.Tests.Rules;

/// <summary>
/// What SM2002 warns about, on a real PostgreSQL: a scaffolded migration that adds a column and builds a
/// unique index concurrently, run by EF's own migrator over rows with duplicates, is left half applied.
/// </summary>
public class TransactionSuppressedDatabaseTests
{
    private static void EmailAndUniqueNameBuiltConcurrently(ModelBuilder model) => model.Entity<Customer>(b =>
    {
        b.ToTable("Customers");
        b.Ignore(c => c.Orders);
        b.HasIndex(c => c.Name).IsUnique().IsCreatedConcurrently();
    });

    [PostgresFact]
    public async Task A_failing_concurrent_index_leaves_the_migration_half_applied_and_unrecorded()
    {
        var project = MigrationProject.Scaffold(TestProvider.PostgreSql, ("Initial", Models.CustomersWithoutEmail), ("AddEmail", EmailAndUniqueNameBuiltConcurrently));
        await AnalyzerVerifier.VerifyAsync(project, project.Expect(Descriptors.SM2002_TransactionSuppressed, project.Last, "CreateIndex").WithArguments(
            "CreateIndex 'Customers.IX_Customers_Name'",
            "Npgsql runs CREATE INDEX CONCURRENTLY outside any transaction, because PostgreSQL cannot run it inside one",
            "1",
            project.Last.Id));

        using var database = PostgresDatabase.Create("sm2002");
        using var migrations = LoadedMigrations.Open(project, options => options.UseNpgsql(database.ConnectionString));
        var migrator = migrations.Migrator;
        migrator.Migrate(project.History[0].Id);
        using var connection = database.Open();
        Execute(connection, "INSERT INTO \"Customers\" (\"Name\", \"Points\") VALUES ('Ada', 1), ('Ada', 2)");

        // The duplicate names make the concurrent unique index fail, after AddColumn was committed.
        var failure = Assert.ThrowsAny<Exception>(() => migrator.Migrate(project.Last.Id));
        Assert.Contains("23505", failure.ToString(), StringComparison.Ordinal);
        Assert.Equal(1L, Scalar(connection, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'Customers' AND column_name = 'Email'"));
        Assert.Equal(0L, Scalar(connection, $"SELECT count(*) FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = '{project.Last.Id}'"));
        Assert.Equal(false, Scalar(connection, "SELECT indisvalid FROM pg_index WHERE indexrelid = '\"IX_Customers_Name\"'::regclass"));

        // Fixing the data is not enough: the next run starts over and fails on the column that is already there.
        Execute(connection, "DELETE FROM \"Customers\" WHERE \"Points\" = 2");
        var rerun = Assert.ThrowsAny<Exception>(() => migrator.Migrate(project.Last.Id));
        Assert.Contains("42701", rerun.ToString(), StringComparison.Ordinal);
    }
}
