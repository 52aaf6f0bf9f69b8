using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using SafeMigrations.Analyzers.Rules;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.TestKit.Databases;
using SafeMigrations.TestKit.Scaffolding;
using static SafeMigrations.Analyzers.Tests.Verifiers.AnalyzerVerifier;
using static SafeMigrations.Analyzers.Tests.Verifiers.DatabaseCommands;

namespace SafeMigrations.Analyzers.Tests.Rules;

/// <summary>
/// SM1005/SM1006 against real data: the narrowing SM1006 flags really fails on a row that does not fit, and the
/// widening both rules accept really keeps the data without rewriting the table. The SQL is EF's own, from its
/// model differ and Npgsql's SQL generator, for the same model steps the analyzer sees scaffolded.
/// </summary>
public class ColumnTypeDatabaseTests
{
    [PostgresFact]
    public async Task PostgreSQL_widening_keeps_the_file_and_the_flagged_narrowing_fails_on_a_long_value()
    {
        var email100 = TypeModels.EmailOf(100);
        var email200 = TypeModels.EmailOf(200);
        var email50 = TypeModels.EmailOf(50);

        // What the analyzer says about the scaffolded migrations of the same steps.
        await VerifyAsync(MigrationProject.Scaffold(TestProvider.PostgreSql, ("Initial", email100), ("Widen", email200)));
        var narrow = MigrationProject.Scaffold(TestProvider.PostgreSql, ("Initial", email200), ("Narrow", email50));
        await VerifyAsync(narrow, narrow.Expect(Descriptors.SM1006_NarrowColumnType, narrow.Last, "AlterColumn").WithArguments(
            "Email", "Customers", "character varying(200)", "character varying(50)", "values longer than 50 characters in 'Customers.Email' make the migration fail (PostgreSQL: value too long for the type)."));

        using var database = PostgresDatabase.Create("types");
        using (var context = Context(database, email100))
        {
            context.Database.EnsureCreated();
        }

        var email = new string('x', 100);
        using var connection = database.Open();
        Execute(connection, $"INSERT INTO \"Customers\" (\"Id\", \"Name\", \"Email\", \"Points\") VALUES (1, 'Ada', '{email}', 7)");
        var file = FileNode(connection);

        Apply(database, email100, email200);
        Assert.Equal(file, FileNode(connection));
        Assert.Equal(email, Text(connection, "SELECT \"Email\" FROM \"Customers\" WHERE \"Id\" = 1"));
        Assert.Equal("200", Text(connection, "SELECT character_maximum_length::text FROM information_schema.columns WHERE table_name = 'Customers' AND column_name = 'Email'"));

        var failure = Assert.Throws<PostgresException>(() => Apply(database, email200, email50));
        Assert.Equal(PostgresErrorCodes.StringDataRightTruncation, failure.SqlState);
        Assert.Contains("value too long for type character varying(50)", failure.MessageText, StringComparison.Ordinal);
        Assert.Equal(email, Text(connection, "SELECT \"Email\" FROM \"Customers\" WHERE \"Id\" = 1"));
    }

    [Fact]
    public void SQLite_keeps_a_value_the_narrowed_CLR_type_cannot_read()
    {
        // SM1006 on SQLite (long -> int, NarrowColumnTypeRuleTests): the rebuild keeps 3,000,000,000 in the
        // INTEGER column, and reading it as int, as the new app version does, overflows.
        using var database = SqliteDatabase.Create("types");
        using var connection = database.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE \"Customers\" (\"Id\" INTEGER PRIMARY KEY, \"Points\" INTEGER NOT NULL); INSERT INTO \"Customers\" VALUES (1, 3000000000);";
            create.ExecuteNonQuery();
        }

        using var select = connection.CreateCommand();
        select.CommandText = "SELECT \"Points\" FROM \"Customers\"";
        using var reader = select.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal(3_000_000_000L, reader.GetInt64(0));
        Assert.Throws<OverflowException>(() => reader.GetInt32(0));
    }

    /// <summary>Runs the SQL EF generates for the change from <paramref name="from"/> to <paramref name="to"/>.</summary>
    private static void Apply(PostgresDatabase database, Action<ModelBuilder> from, Action<ModelBuilder> to)
    {
        using var source = Context(database, from);
        using var target = Context(database, to);
        var differences = target.GetService<IMigrationsModelDiffer>().GetDifferences(
            source.GetService<IDesignTimeModel>().Model.GetRelationalModel(),
            target.GetService<IDesignTimeModel>().Model.GetRelationalModel());
        var commands = target.GetService<IMigrationsSqlGenerator>().Generate(differences, target.GetService<IDesignTimeModel>().Model);
        Assert.NotEmpty(commands);
        using var connection = database.Open();
        foreach (var command in commands)
        {
            Execute(connection, command.CommandText);
        }
    }

    private static StepContext Context(PostgresDatabase database, Action<ModelBuilder> model) =>
        new(new DbContextOptionsBuilder<StepContext>()
            .UseNpgsql(database.ConnectionString)
            .ReplaceService<Microsoft.EntityFrameworkCore.Infrastructure.IModelCacheKeyFactory, PerInstanceModelKey>()
            .Options, model);

    private static string FileNode(NpgsqlConnection connection) =>
        Text(connection, "SELECT relfilenode::text FROM pg_class WHERE oid = '\"Customers\"'::regclass");

    private static string Text(NpgsqlConnection connection, string sql) =>
        Convert.ToString(Scalar(connection, sql), System.Globalization.CultureInfo.InvariantCulture)!;

    private sealed class StepContext(DbContextOptions<StepContext> options, Action<ModelBuilder> model) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder) => model(modelBuilder);
    }

    /// <summary>One model per context instance: each step builds its own model for the same context type.</summary>
    private sealed class PerInstanceModelKey : IModelCacheKeyFactory
    {
        public object Create(DbContext context, bool designTime) => (context, designTime);
    }
}
