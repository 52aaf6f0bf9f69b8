using Microsoft.CodeAnalysis.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SafeMigrations.Analyzers.Rules;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.TestKit.Databases;
using SafeMigrations.TestKit.Scaffolding;
using static SafeMigrations.Analyzers.Tests.Verifiers.AnalyzerVerifier;
using static SafeMigrations.Analyzers.Tests.Verifiers.DatabaseCommands;

namespace SafeMigrations.Analyzers.Tests.Rules;

public class AddColumnRewriteRuleTests
{
    private static readonly Action<ModelBuilder> Initial = LockModels.Members([]);

    private static MigrationProject AddMemberColumn(TestProvider provider, string property, Action<Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<Member>> configure) =>
        MigrationProject.Scaffold(provider, ("Initial", Initial), ("AddColumn", LockModels.Members([property], configure)));

    private static DiagnosticResult Expected(MigrationProject project, string column, string message) =>
        project.Expect(Descriptors.SM2007_AddColumnRewritesTable, project.Last, "AddColumn").WithArguments(column, "Members", message);

    private static string Backfill(string column) =>
        $"Add '{column}' without the default (or nullable), backfill it with migrationBuilder.BackfillInBatches(...), then set the default in a later migration.";

    internal static string SqlServerLargeObjectDefault(string column, string type, string table = "Members") =>
        $"as NOT NULL with a default makes SQL Server write the default into every row of '{table}': for a {type} column adding it with a default is a size-of-data update on every edition, under a schema-modification lock that blocks every query on '{table}'. "
        + $"Add '{column}' as nullable without the default, backfill it with migrationBuilder.BackfillInBatches(...), then add the default and NOT NULL in a later migration, or give it a bounded type (nvarchar(4000) at most).";

    internal static string SqliteNonConstant(string column, string sql, string table = "Members") =>
        $"with the non-constant default '{sql}' fails outright on SQLite as soon as '{table}' holds a row: ALTER TABLE ADD COLUMN refuses a default that is not a constant (\"Cannot add a column with non-constant default\"). "
        + $"Add '{column}' without the default (or with a constant one), backfill it with migrationBuilder.BackfillInBatches(...), then set the default in a later migration, for which EF rebuilds the table.";

    // --- PostgreSQL ---

    [Theory]
    [InlineData("gen_random_uuid()")]
    [InlineData("uuid_generate_v4()")]
    [InlineData("uuid_generate_v7()")] // pg_uuidv7's
    public async Task Fires_on_PostgreSQL_for_a_volatile_default(string sql)
    {
        var project = AddMemberColumn(TestProvider.PostgreSql, nameof(Member.Token), b => b.Property(m => m.Token).HasDefaultValueSql(sql));

        Assert.Contains($"defaultValueSql: \"{sql}\"", project.SourceOf(project.Last));
        await VerifyAsync(project, Expected(project, "Token",
            $"with the volatile default '{sql}' makes PostgreSQL rewrite the whole table 'Members' under an ACCESS EXCLUSIVE lock to give every row its own value, blocking every read and write until it ends. " + Backfill("Token")));
    }

    [Theory]
    [InlineData("now()")]
    [InlineData("CURRENT_TIMESTAMP")]
    [InlineData("transaction_timestamp()")]
    [InlineData("statement_timestamp()")]
    public async Task Stays_quiet_on_PostgreSQL_for_a_stable_default(string sql)
    {
        var project = AddMemberColumn(TestProvider.PostgreSql, nameof(Member.JoinedAt), b => b.Property(m => m.JoinedAt).HasDefaultValueSql(sql));

        await VerifyAsync(project);
    }

    [Fact]
    public async Task Stays_quiet_on_PostgreSQL_11_and_later_for_a_constant_default_but_fires_before_11()
    {
        var project = AddMemberColumn(TestProvider.PostgreSql, nameof(Member.Score), b => b.Property(m => m.Score).HasDefaultValue(10));

        Assert.Contains("defaultValue: 10", project.SourceOf(project.Last));
        await VerifyAsync(project);
        await VerifyAsync(project, "safe_migrations.postgres.version = 11");
        await VerifyAsync(project, "safe_migrations.postgres.version = 10", Expected(project, "Score",
            "with a default makes PostgreSQL 10 rewrite the whole table 'Members' under an ACCESS EXCLUSIVE lock (before 11 every added column with a default is written into every row), blocking every read and write until it ends. " + Backfill("Score")));
    }

    [Fact]
    public async Task A_postgres_version_reported_as_invalid_is_not_used()
    {
        var project = AddMemberColumn(TestProvider.PostgreSql, nameof(Member.Score), b => b.Property(m => m.Score).HasDefaultValue(10));

        // 8 is reported (SM9002) and the default, 12, judges the migration: no PostgreSQL 8 rewrite finding beside it.
        await VerifyAsync(
            project,
            "safe_migrations.postgres.version = 8",
            project.ExpectOnClass(Descriptors.SM9002_InvalidSetting, project.Last).WithArguments("safe_migrations.postgres.version", "8", "it is not a PostgreSQL major version such as 12 or 16"));
    }

    [Fact]
    public async Task Fires_on_PostgreSQL_for_a_stored_generated_column()
    {
        var project = AddMemberColumn(TestProvider.PostgreSql, nameof(Member.DoubleScore), b => b.Property(m => m.DoubleScore).HasComputedColumnSql("\"Id\" * 2", stored: true));

        Assert.Contains("stored: true", project.SourceOf(project.Last));
        await VerifyAsync(project, Expected(project, "DoubleScore",
            "as a stored generated column makes PostgreSQL rewrite the whole table 'Members' under an ACCESS EXCLUSIVE lock to compute every row, blocking every read and write until it ends. "
            + "Add a plain column instead, backfill it with migrationBuilder.BackfillInBatches(...), and have the app keep it up to date."));
        await VerifyAsync(project, "safe_migrations.postgres.version = 18", Expected(project, "DoubleScore",
            "as a stored generated column makes PostgreSQL rewrite the whole table 'Members' under an ACCESS EXCLUSIVE lock to compute every row, blocking every read and write until it ends. "
            + "Make it virtual (stored: false), which is metadata-only on PostgreSQL 18, or add a plain column and backfill it with migrationBuilder.BackfillInBatches(...)."));
    }

    [Fact]
    public async Task Fires_on_PostgreSQL_and_SQL_Server_for_an_identity_column()
    {
        var postgres = AddMemberColumn(TestProvider.PostgreSql, nameof(Member.Score), b => b.Property(m => m.Score).UseIdentityByDefaultColumn());
        Assert.Contains("Npgsql:ValueGenerationStrategy", postgres.SourceOf(postgres.Last));
        await VerifyAsync(postgres, Expected(postgres, "Score",
            "as an identity (or serial) column makes PostgreSQL rewrite the whole table 'Members' under an ACCESS EXCLUSIVE lock to number every row, blocking every read and write until it ends. "
            + "Add 'Score' as a plain nullable column, backfill it in batches from a sequence with migrationBuilder.BackfillInBatches(...), and make it an identity in a later migration."));

        // SQL Server allows one IDENTITY per table, so Id is not one here.
        var sqlServer = MigrationProject.Scaffold(
            TestProvider.SqlServer,
            ("Initial", LockModels.Members([], b => b.Property(m => m.Id).ValueGeneratedNever())),
            ("AddColumn", LockModels.Members([nameof(Member.Score)], b => { b.Property(m => m.Id).ValueGeneratedNever(); b.Property(m => m.Score).ValueGeneratedOnAdd().UseIdentityColumn(); })));
        Assert.True(sqlServer.SourceOf(sqlServer.Last).Contains("SqlServer:Identity", StringComparison.Ordinal), sqlServer.SourceOf(sqlServer.Last));
        await VerifyAsync(sqlServer, Expected(sqlServer, "Score",
            "as an IDENTITY column makes SQL Server number every row of 'Members', a size-of-data update under a schema-modification lock that blocks every query on 'Members'. "
            + "SQL Server cannot make an existing column IDENTITY later: run it at a quiet time."));
    }

    // --- SQL Server ---

    [Fact]
    public async Task Fires_on_SQL_Server_for_NEWID_on_a_NOT_NULL_column()
    {
        var project = AddMemberColumn(TestProvider.SqlServer, nameof(Member.Token), b => b.Property(m => m.Token).HasDefaultValueSql("NEWID()"));

        await VerifyAsync(project, Expected(project, "Token",
            "as NOT NULL with the default 'NEWID()' makes SQL Server write a new value into every row of 'Members' (it is not a runtime constant), a size-of-data update under a schema-modification lock that blocks every query on 'Members'. "
            + "Add 'Token' as nullable without the default, backfill it with migrationBuilder.BackfillInBatches(...), then add the default and NOT NULL in a later migration."));
    }

    [Fact]
    public async Task Stays_quiet_on_SQL_Server_for_NEWID_on_a_nullable_column_and_for_a_runtime_constant()
    {
        // A nullable column with a default is metadata-only: existing rows get NULL (EF writes no WITH VALUES).
        var nullable = AddMemberColumn(TestProvider.SqlServer, nameof(Member.OptionalToken), b => b.Property(m => m.OptionalToken).HasDefaultValueSql("NEWID()"));
        Assert.Contains("nullable: true", nullable.SourceOf(nullable.Last));
        await VerifyAsync(nullable);

        await VerifyAsync(AddMemberColumn(TestProvider.SqlServer, nameof(Member.JoinedAt), b => b.Property(m => m.JoinedAt).HasDefaultValueSql("GETUTCDATE()")));
    }

    /// <summary>
    /// SQL Server adds a NOT NULL column with a runtime-constant default as metadata only, but not for the large object types:
    /// for nvarchar(max) (EF's default for a string), varbinary(max) or xml the default is written into every row, on every edition.
    /// </summary>
    [Theory]
    [InlineData(null, "nvarchar(max)", true)]
    [InlineData(4000, "nvarchar(4000)", false)]
    public async Task Fires_on_SQL_Server_for_a_NOT_NULL_large_object_column_with_a_default(int? maxLength, string type, bool fires)
    {
        var project = MigrationProject.Scaffold(TestProvider.SqlServer, ("Initial", Initial), ("AddBio", LockModels.Members([], b =>
        {
            var bio = b.Property<string>("Bio").IsRequired().HasDefaultValue("none");
            if (maxLength is { } length)
            {
                bio.HasMaxLength(length);
            }
        })));
        Assert.Contains($"type: \"{type}\"", project.SourceOf(project.Last));
        Assert.Contains("defaultValue: \"none\"", project.SourceOf(project.Last));

        await VerifyAsync(project, fires
            ? [Expected(project, "Bio", SqlServerLargeObjectDefault("Bio", "nvarchar(max)"))]
            : []);
    }

    /// <summary>A rowversion column added to a table with rows: SQL Server stamps a value into every row (as it numbers an IDENTITY's).</summary>
    [Fact]
    public async Task Fires_on_SQL_Server_for_a_rowversion_column()
    {
        var project = MigrationProject.Scaffold(TestProvider.SqlServer, ("Initial", Initial), ("AddVersion", LockModels.Members([], b => b.Property<byte[]>("Version").IsRowVersion())));
        Assert.Contains("rowVersion: true", project.SourceOf(project.Last));

        await VerifyAsync(project, Expected(project, "Version",
            "as a rowversion column makes SQL Server stamp a distinct value into every row of 'Members', a size-of-data update under a schema-modification lock that blocks every query on 'Members'. "
            + "SQL Server cannot add a rowversion column any other way: run it at a quiet time, or use a column the app sets itself."));
    }

    [Fact]
    public async Task Fires_on_SQL_Server_for_a_persisted_computed_column_only()
    {
        var persisted = AddMemberColumn(TestProvider.SqlServer, nameof(Member.DoubleScore), b => b.Property(m => m.DoubleScore).HasComputedColumnSql("[Id] * 2", stored: true));
        await VerifyAsync(persisted, Expected(persisted, "DoubleScore",
            "as a PERSISTED computed column makes SQL Server compute and write it into every row of 'Members', a size-of-data update under a schema-modification lock that blocks every query on 'Members'. "
            + "Make it non-persisted (stored: false), which is metadata-only, or add a plain column and backfill it with migrationBuilder.BackfillInBatches(...)."));

        await VerifyAsync(AddMemberColumn(TestProvider.SqlServer, nameof(Member.DoubleScore), b => b.Property(m => m.DoubleScore).HasComputedColumnSql("[Id] * 2", stored: false)));
    }

    // --- MySQL ---

    [Fact]
    public async Task Fires_on_MySQL_for_a_stored_generated_column_and_stays_quiet_for_a_virtual_one_or_an_expression_default()
    {
        // No MySQL scaffolder runs on EF Core 10 (Pomelo 9): SQL Server migrations with Pomelo's store type, analysed as MySQL.
        static MigrationProject AsMySql(MigrationProject project) =>
            project.WithMigrationCode(project.Last, code => code.Replace("\"uniqueidentifier\"", "\"char(36)\""), keepsDownInStep: true);

        var stored = AddMemberColumn(TestProvider.SqlServer, nameof(Member.DoubleScore), b => b.Property(m => m.DoubleScore).HasComputedColumnSql("`Id` * 2", stored: true));
        await VerifyAsync(stored, "safe_migrations.provider = mysql", Expected(stored, "DoubleScore",
            "as a STORED generated column makes MySQL copy the whole table 'Members' (ALGORITHM=COPY), blocking writes to 'Members' until the copy ends. "
            + "Make it VIRTUAL (stored: false), which is added in place, or add a plain column and backfill it with migrationBuilder.BackfillInBatches(...)."));

        await VerifyAsync(AddMemberColumn(TestProvider.SqlServer, nameof(Member.DoubleScore), b => b.Property(m => m.DoubleScore).HasComputedColumnSql("`Id` * 2", stored: false)), "safe_migrations.provider = mysql");

        // UUID() makes MariaDB copy the table (MariaDbOnlineDdlTests); CURRENT_TIMESTAMP is added in place.
        var uuid = AsMySql(AddMemberColumn(TestProvider.SqlServer, nameof(Member.Token), b => b.Property(m => m.Token).HasDefaultValueSql("(UUID())")));
        await VerifyAsync(uuid, "safe_migrations.provider = mysql", Expected(uuid, "Token",
            "with the default '(UUID())' makes MariaDB copy the whole table 'Members' (ALGORITHM=COPY, to compute the default for every row), blocking writes to 'Members' until the copy ends; MySQL 8 rebuilds it in place. " + Backfill("Token")));
        await VerifyAsync(AddMemberColumn(TestProvider.SqlServer, nameof(Member.JoinedAt), b => b.Property(m => m.JoinedAt).HasDefaultValueSql("CURRENT_TIMESTAMP")), "safe_migrations.provider = mysql");
    }

    [Fact]
    public async Task Fires_on_MySQL_for_an_AUTO_INCREMENT_column()
    {
        // Pomelo writes .Annotation("MySql:ValueGenerationStrategy", MySqlValueGenerationStrategy.IdentityColumn); Pomelo is not
        // referenced here, so the SQL Server scaffold's identity annotation is swapped for the same name as a string.
        var project = MigrationProject.Scaffold(
            TestProvider.SqlServer,
            ("Initial", LockModels.Members([], b => b.Property(m => m.Id).ValueGeneratedNever())),
            ("AddColumn", LockModels.Members([nameof(Member.Score)], b => { b.Property(m => m.Id).ValueGeneratedNever(); b.Property(m => m.Score).ValueGeneratedOnAdd().UseIdentityColumn(); })));
        project.WithMigrationCode(project.Last, code => code.Replace(".Annotation(\"SqlServer:Identity\", \"1, 1\")", ".Annotation(\"MySql:ValueGenerationStrategy\", \"IdentityColumn\")"), keepsDownInStep: true);

        Assert.Contains("MySql:ValueGenerationStrategy", project.SourceOf(project.Last));
        await VerifyAsync(project, "safe_migrations.provider = mysql", Expected(project, "Score",
            "as an AUTO_INCREMENT column makes MySQL number every row of 'Members' while it rebuilds the table, and adding an auto-increment column cannot run with LOCK=NONE, so writes to 'Members' wait until it ends. Run it at a quiet time."));
    }

    // --- SQLite ---

    [Theory]
    [InlineData("CURRENT_TIMESTAMP")]
    [InlineData("datetime('now')")]
    public async Task Fires_on_SQLite_for_a_non_constant_default_which_EFs_SQL_proves_fails_on_a_table_with_rows(string sql)
    {
        var step = LockModels.Members([nameof(Member.JoinedAt)], b => b.Property(m => m.JoinedAt).HasDefaultValueSql(sql));
        var project = MigrationProject.Scaffold(TestProvider.Sqlite, ("Initial", Initial), ("AddColumn", step));

        await VerifyAsync(project, Expected(project, "JoinedAt", SqliteNonConstant("JoinedAt", sql)));

        using var database = SqliteDatabase.Create();
        using var connection = database.Open();
        Run(connection, EfSql.Sqlite(Initial, project.History[0].UpOperations));
        Execute(connection, "INSERT INTO \"Members\" (\"Id\", \"Name\") VALUES (1, 'Ada'), (2, 'Grace');");

        var commands = EfSql.Sqlite(step, project.Last.UpOperations);
        Assert.Contains($"DEFAULT ({sql})", EfSql.Text(commands));
        var error = Assert.Throws<SqliteException>(() => Run(connection, commands));
        Assert.Contains("Cannot add a column with non-constant default", error.Message);
    }

    [Fact]
    public async Task Stays_quiet_on_SQLite_for_a_constant_default_which_EFs_SQL_proves_adds_the_column_and_keeps_the_rows()
    {
        var step = LockModels.Members([nameof(Member.Score)], b => b.Property(m => m.Score).HasDefaultValueSql("7"));
        var project = MigrationProject.Scaffold(TestProvider.Sqlite, ("Initial", Initial), ("AddColumn", step));

        await VerifyAsync(project);

        using var database = SqliteDatabase.Create();
        using var connection = database.Open();
        Run(connection, EfSql.Sqlite(Initial, project.History[0].UpOperations));
        Execute(connection, "INSERT INTO \"Members\" (\"Id\", \"Name\") VALUES (1, 'Ada'), (2, 'Grace');");

        Run(connection, EfSql.Sqlite(step, project.Last.UpOperations));
        Assert.Equal("1 Ada 7; 2 Grace 7", Rows(connection, "SELECT \"Id\", \"Name\", \"Score\" FROM \"Members\" ORDER BY \"Id\""));
    }

    [Fact]
    public async Task Fires_on_SQLite_for_a_stored_generated_column_which_SQLite_cannot_add()
    {
        var step = LockModels.Members([nameof(Member.DoubleScore)], b => b.Property(m => m.DoubleScore).HasComputedColumnSql("\"Id\" * 2", stored: true));
        var project = MigrationProject.Scaffold(TestProvider.Sqlite, ("Initial", Initial), ("AddColumn", step));

        await VerifyAsync(project, Expected(project, "DoubleScore",
            "as a STORED generated column fails outright on SQLite as soon as 'Members' holds a row: ALTER TABLE ADD COLUMN cannot add a STORED column. Make it virtual (stored: false), or add a plain column and backfill it with migrationBuilder.BackfillInBatches(...)."));

        using var database = SqliteDatabase.Create();
        using var connection = database.Open();
        Run(connection, EfSql.Sqlite(Initial, project.History[0].UpOperations));
        Execute(connection, "INSERT INTO \"Members\" (\"Id\", \"Name\") VALUES (1, 'Ada');");
        var commands = EfSql.Sqlite(step, project.Last.UpOperations);
        Assert.Contains("STORED", EfSql.Text(commands));
        var error = Assert.Throws<SqliteException>(() => Run(connection, commands));
        Assert.Contains("cannot add a STORED column", error.Message);
    }

    [Theory]
    [InlineData("0", true)]
    [InlineData("(-1.5)", true)]
    [InlineData("'open'", true)]
    [InlineData("X'00'", true)]
    [InlineData("TRUE", true)]
    [InlineData("CURRENT_DATE", false)]
    [InlineData("1 + 1", false)]
    [InlineData("'a' || 'b'", false)]
    [InlineData("lower('A')", false)]
    public void Classifies_SQLite_defaults_as_SQLite_itself_does(string sql, bool constant)
    {
        Assert.Equal(constant, AddColumnRewriteRule.IsSqliteConstant(sql));

        using var database = SqliteDatabase.Create();
        using var connection = database.Open();
        Execute(connection, "CREATE TABLE t (a INTEGER); INSERT INTO t VALUES (1);");
        var alter = $"ALTER TABLE t ADD COLUMN b TEXT DEFAULT ({sql});";
        if (constant)
        {
            Execute(connection, alter);
        }
        else
        {
            Assert.Contains("non-constant default", Assert.Throws<SqliteException>(() => Execute(connection, alter)).Message);
        }
    }

    [Fact]
    public async Task Still_fires_on_SQLite_for_small_tables_and_stays_quiet_elsewhere()
    {
        // A refusal on any table with a row is not about size.
        var sqlite = AddMemberColumn(TestProvider.Sqlite, nameof(Member.JoinedAt), b => b.Property(m => m.JoinedAt).HasDefaultValueSql("CURRENT_TIMESTAMP"));
        await VerifyAsync(sqlite, "safe_migrations.small_tables = Members", Expected(sqlite, "JoinedAt", SqliteNonConstant("JoinedAt", "CURRENT_TIMESTAMP")));

        await VerifyAsync(AddMemberColumn(TestProvider.PostgreSql, nameof(Member.Token), b => b.Property(m => m.Token).HasDefaultValueSql("gen_random_uuid()")), "safe_migrations.small_tables = Members");
    }

    // --- common ---

    [Theory]
    [InlineData(TestProvider.PostgreSql)]
    [InlineData(TestProvider.Sqlite)]
    public async Task Stays_quiet_for_a_table_created_in_the_same_migration(TestProvider provider)
    {
        var project = MigrationProject.Scaffold(provider, ("Initial", LockModels.Members([nameof(Member.JoinedAt)], b => b.Property(m => m.JoinedAt).HasDefaultValueSql("CURRENT_TIMESTAMP"))));

        await VerifyAsync(project);
    }

    [Fact]
    public async Task Uses_the_provider_of_the_ActiveProvider_branch()
    {
        var project = AddMemberColumn(TestProvider.PostgreSql, nameof(Member.JoinedAt), b => b.Property(m => m.JoinedAt).HasDefaultValueSql("CURRENT_TIMESTAMP"));
        project.WithMigrationCode(project.Last, code => "using Microsoft.EntityFrameworkCore;\n" + code
            .Replace("            migrationBuilder.AddColumn<", "            if (migrationBuilder.IsSqlite())\n            {\n            migrationBuilder.AddColumn<")
            .Replace("defaultValueSql: \"CURRENT_TIMESTAMP\");\n        }", "defaultValueSql: \"CURRENT_TIMESTAMP\");\n            }\n        }"));

        Assert.Contains("if (migrationBuilder.IsSqlite())", project.SourceOf(project.Last));
        await VerifyAsync(project, Expected(project, "JoinedAt", SqliteNonConstant("JoinedAt", "CURRENT_TIMESTAMP")));
    }

    private static string Rows(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(string.Join(" ", Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        }

        return string.Join("; ", rows);
    }
}
