using Microsoft.EntityFrameworkCore;
using SafeMigrations.Analyzers.Rules;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.TestKit.Scaffolding;
using static SafeMigrations.Analyzers.Tests.Verifiers.AnalyzerVerifier;

namespace SafeMigrations.Analyzers.Tests.RawSql;

/// <summary>
/// DDL in <c>Sql(...)</c> meets the same rules, under the same IDs, as the typed operation it matches. Each
/// test writes the SQL into a scaffolded migration, as a developer would.
/// </summary>
public class RawSqlRulesTests
{
    /// <param name="suppressTransaction">True for a CONCURRENTLY statement, which must run alone outside the transaction (else SM2009).</param>
    private static MigrationProject WithSql(TestProvider provider, string sql, Action<Microsoft.EntityFrameworkCore.ModelBuilder>? model = null, bool suppressTransaction = false) =>
        RawSqlEdits.EmptyMigration(provider, model).AppendToUp(
            $"migrationBuilder.Sql(@\"{sql.Replace("\"", "\"\"")}\"{(suppressTransaction ? ", suppressTransaction: true" : string.Empty)});");

    [Fact]
    public async Task SM2001_fires_for_CREATE_INDEX_without_CONCURRENTLY_on_PostgreSQL()
    {
        var project = WithSql(TestProvider.PostgreSql, "CREATE INDEX \"IX_Customers_Name\" ON \"Customers\" (\"Name\");");

        await VerifyAsync(project, project.Expect(Descriptors.SM2001_CreateIndexBlocksWrites, project.Last, "Sql").WithArguments(
            "IX_Customers_Name",
            "Customers",
            "takes a SHARE lock that blocks every INSERT, UPDATE and DELETE on 'Customers' until the build finishes, which on a large table is minutes to hours. "
            + "Build it without blocking writes: write CREATE INDEX CONCURRENTLY, in a Sql(..., suppressTransaction: true) of its own migration."));
    }

    [Fact]
    public async Task SM2001_stays_quiet_for_CREATE_INDEX_CONCURRENTLY_and_for_an_index_on_a_table_the_same_SQL_creates()
    {
        await VerifyAsync(WithSql(TestProvider.PostgreSql, "CREATE INDEX CONCURRENTLY IF NOT EXISTS \"IX_Customers_Name\" ON \"Customers\" (\"Name\");", suppressTransaction: true));
        await VerifyAsync(WithSql(TestProvider.PostgreSql, "CREATE TABLE \"Tags\" (\"Id\" int PRIMARY KEY, \"Name\" text); CREATE INDEX \"IX_Tags_Name\" ON \"Tags\" (\"Name\");"));
    }

    private const string CreateTags = "migrationBuilder.CreateTable(name: \"Tags\", columns: table => new { Id = table.Column<int>(nullable: false), Name = table.Column<string>(nullable: true) }, constraints: table => table.PrimaryKey(\"PK_Tags\", x => x.Id));";

    [Theory]
    [InlineData(TestProvider.SqlServer, "CREATE INDEX [IX_Tags_Name] ON [dbo].[Tags] ([Name]);")]
    [InlineData(TestProvider.SqlServer, "CREATE INDEX [IX_Tags_Name] ON [tags] ([Name]);")]
    [InlineData(TestProvider.PostgreSql, "CREATE INDEX \"IX_Tags_Name\" ON public.\"Tags\" (\"Name\");")]
    public async Task SM2001_stays_quiet_for_a_raw_index_on_a_table_a_typed_CreateTable_made_whatever_its_schema_and_case(TestProvider provider, string sql)
    {
        var project = WithSql(provider, sql).AppendToUp(CreateTags, atStart: true);

        await VerifyAsync(project, "safe_migrations.sqlserver.online_index = true");
    }

    [Theory]
    [InlineData(TestProvider.PostgreSql, "CREATE INDEX \"IX_Tags_Name\" ON audit.\"Tags\" (\"Name\");")]
    public async Task SM2001_fires_for_a_raw_index_on_a_table_of_the_name_in_another_schema(TestProvider provider, string sql)
    {
        // audit.Tags is not the Tags the typed CreateTable made in the default schema (public): it may be large and in use.
        var project = WithSql(provider, sql).AppendToUp(CreateTags, atStart: true);

        var diagnostics = await CompilationHarness.AnalyzeAsync(CompilationHarness.Compile(project.Sources), new SafeMigrationsAnalyzer());

        Assert.Contains(diagnostics, d => d.Id == "SM2001" && d.GetMessage().Contains("IX_Tags_Name", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SM2001_on_SQL_Server_reads_ONLINE_from_the_TSQL()
    {
        var offline = WithSql(TestProvider.SqlServer, "CREATE INDEX [IX_Customers_Name] ON [Customers] ([Name]);");
        await VerifyAsync(offline, "safe_migrations.sqlserver.online_index = true", offline.Expect(Descriptors.SM2001_CreateIndexBlocksWrites, offline.Last, "Sql").WithArguments(
            "IX_Customers_Name",
            "Customers",
            "builds it offline, which blocks writes to 'Customers' (and reads too, for a clustered index) until the build finishes. Build it online: add WITH (ONLINE = ON)."));

        await VerifyAsync(WithSql(TestProvider.SqlServer, "CREATE INDEX [IX_Customers_Name] ON [Customers] ([Name]) WITH (ONLINE = ON);"), "safe_migrations.sqlserver.online_index = true");
    }

    [Theory]
    [InlineData(TestProvider.PostgreSql, "ALTER TABLE \"Customers\" RENAME COLUMN \"Name\" TO \"FullName\";")]
    [InlineData(TestProvider.SqlServer, "EXEC sp_rename N'[Customers].[Name]', N'FullName', N'COLUMN';")]
    [InlineData(TestProvider.Sqlite, "ALTER TABLE \"Customers\" RENAME COLUMN \"Name\" TO \"FullName\";")]
    public async Task SM1001_fires_for_a_raw_column_rename(TestProvider provider, string sql)
    {
        var project = WithSql(provider, sql);

        await VerifyAsync(project, project.Expect(Descriptors.SM1001_RenameColumn, project.Last, "Sql").WithArguments("Name", "FullName", "Customers"));
    }

    [Fact]
    public async Task SM1001_fires_for_MySQL_CHANGE_with_a_new_name()
    {
        // No MySQL scaffolder runs on EF Core 10 (Pomelo 9): a SQLite migration analysed as MySQL, with MySQL's SQL.
        var project = WithSql(TestProvider.Sqlite, "ALTER TABLE `Customers` RENAME COLUMN `Name` TO `FullName`;");

        await VerifyAsync(project, "safe_migrations.provider = mysql", project.Expect(Descriptors.SM1001_RenameColumn, project.Last, "Sql").WithArguments("Name", "FullName", "Customers"));
    }

    [Fact]
    public async Task SM1002_SM1003_SM1004_fire_for_raw_renames_and_drops()
    {
        var project = WithSql(TestProvider.PostgreSql, "ALTER TABLE \"Customers\" DROP COLUMN \"Email\"; DROP TABLE IF EXISTS \"Orders\"; ALTER TABLE \"Customers\" RENAME TO \"Clients\";");

        await VerifyAsync(
            project,
            project.Expect(Descriptors.SM1003_DropColumn, project.Last, "Sql").WithArguments("Email", "Customers", "all of its text data"),
            project.Expect(Descriptors.SM1004_DropTable, project.Last, "Sql").WithArguments("Orders"),
            project.Expect(Descriptors.SM1002_RenameTable, project.Last, "Sql").WithArguments("Customers", "Clients", Rules.RenameTableRuleTests.ViewSafeWay("Customers", "Clients")));
    }

    [Fact]
    public async Task SM1002_fires_for_a_raw_SET_SCHEMA()
    {
        var project = WithSql(TestProvider.PostgreSql, "ALTER TABLE \"Customers\" SET SCHEMA archive;");

        await VerifyAsync(project, project.Expect(Descriptors.SM1002_RenameTable, project.Last, "Sql").WithArguments("Customers", "archive.Customers", Rules.RenameTableRuleTests.ViewSafeWay("Customers", "archive.Customers")));
    }

    [Fact]
    public async Task SM2003_finds_the_table_of_a_raw_DROP_INDEX_in_the_previous_model()
    {
        var project = WithSql(TestProvider.PostgreSql, "DROP INDEX \"IX_Customers_Email\";", Models.CustomersWithEmailIndex);

        await VerifyAsync(project, project.Expect(Descriptors.SM2003_DropIndexLocksTable, project.Last, "Sql").WithArguments("IX_Customers_Email", "Customers"));
        await VerifyAsync(WithSql(TestProvider.PostgreSql, "DROP INDEX CONCURRENTLY \"IX_Customers_Email\";", Models.CustomersWithEmailIndex, suppressTransaction: true));
    }

    [Fact]
    public async Task SM2003_fires_for_each_index_of_a_raw_DROP_INDEX_list()
    {
        var project = WithSql(TestProvider.PostgreSql, "DROP INDEX \"IX_Customers_Email\", \"IX_Customers_Name\";", model => model.Entity<Customer>(b =>
        {
            b.ToTable("Customers");
            b.Ignore(c => c.Orders);
            b.HasIndex(c => c.Email);
            b.HasIndex(c => c.Name);
        }));

        await VerifyAsync(
            project,
            project.Expect(Descriptors.SM2003_DropIndexLocksTable, project.Last, "Sql").WithArguments("IX_Customers_Email", "Customers"),
            project.Expect(Descriptors.SM2003_DropIndexLocksTable, project.Last, "Sql").WithArguments("IX_Customers_Name", "Customers"));
    }

    [Fact]
    public async Task SM1007_and_SM1008_fire_for_raw_NOT_NULL_changes()
    {
        var project = WithSql(TestProvider.PostgreSql, "ALTER TABLE \"Customers\" ADD COLUMN \"Tier\" text NOT NULL; ALTER TABLE \"Customers\" ALTER COLUMN \"Email\" SET NOT NULL;");

        await VerifyAsync(
            project,
            project.Expect(Descriptors.SM1007_AddRequiredColumn, project.Last, "Sql").WithArguments("Tier", "Customers", Rules.AddRequiredColumnRuleTests.NoDefault(TestProvider.PostgreSql, "Tier")),
            project.Expect(Descriptors.SM1008_SetNotNull, project.Last, "Sql").WithArguments(
                "Email",
                "Customers",
                "makes PostgreSQL scan every row of 'Customers' under an ACCESS EXCLUSIVE lock, which blocks reads and writes for the whole scan, and fails if any row holds NULL.",
                ", and on PostgreSQL with migrationBuilder.SetNotNullSafely, which validates a NOT VALID check first so SET NOT NULL needs no locked scan"));
    }

    [Fact]
    public async Task SM1008_stays_quiet_for_SET_NOT_NULL_on_a_column_the_previous_model_has_as_NOT_NULL()
    {
        // Name is already required: SET NOT NULL changes nothing.
        await VerifyAsync(WithSql(TestProvider.PostgreSql, "ALTER TABLE \"Customers\" ALTER COLUMN \"Name\" SET NOT NULL;"));
    }

    [Fact]
    public async Task SM1005_and_SM1006_take_the_old_type_from_the_previous_model()
    {
        var project = WithSql(TestProvider.PostgreSql, "ALTER TABLE \"Customers\" ALTER COLUMN \"Points\" TYPE bigint, ALTER COLUMN \"Name\" TYPE varchar(50);");

        await VerifyAsync(
            project,
            project.Expect(Descriptors.SM1005_ChangeColumnType, project.Last, "Sql").WithArguments(
                "Points", "Customers", "integer", "bigint", "makes PostgreSQL rewrite the whole table 'Customers' and rebuild its indexes under an ACCESS EXCLUSIVE lock, which blocks reads and writes until it finishes."),
            project.Expect(Descriptors.SM1006_NarrowColumnType, project.Last, "Sql").WithArguments(
                "Name", "Customers", "text", "varchar(50)", "values longer than 50 characters in 'Customers.Name' make the migration fail (PostgreSQL: value too long for the type)."));
    }

    [Fact]
    public async Task SM1005_reads_a_TSQL_ALTER_COLUMN()
    {
        var project = WithSql(TestProvider.SqlServer, "ALTER TABLE [Customers] ALTER COLUMN [Points] bigint NOT NULL;");

        await VerifyAsync(project, project.Expect(Descriptors.SM1005_ChangeColumnType, project.Last, "Sql").WithArguments(
            "Points", "Customers", "int", "bigint", "makes SQL Server change every row of 'Customers' under a schema-modification lock, which blocks all reads and writes until it finishes."));
    }

    [Fact]
    public async Task SM1005_and_SM1008_on_SQL_Server_do_not_say_an_ONLINE_ALTER_COLUMN_blocks_reads_and_writes()
    {
        var project = WithSql(TestProvider.SqlServer, "ALTER TABLE [Customers] ALTER COLUMN [Points] bigint NOT NULL WITH (ONLINE = ON); ALTER TABLE [Customers] ALTER COLUMN [Email] nvarchar(max) NOT NULL WITH (ONLINE = ON);");

        await VerifyAsync(
            project,
            project.Expect(Descriptors.SM1005_ChangeColumnType, project.Last, "Sql").WithArguments(
                "Points", "Customers", "int", "bigint", "makes SQL Server change every row of 'Customers' online (ONLINE = ON): reads and writes go on, but it writes a second copy of the column, which grows the log with the table, and ends with a brief schema-modification lock that waits for every open transaction on 'Customers'."),
            project.Expect(Descriptors.SM1008_SetNotNull, project.Last, "Sql").WithArguments(
                "Email",
                "Customers",
                "makes SQL Server check every row of 'Customers' online (ONLINE = ON), which lets reads and writes go on until a brief schema-modification lock at the end, and fails if any row holds NULL.",
                string.Empty));
    }

    [Fact]
    public async Task SM1005_stays_quiet_for_a_raw_safe_widening()
    {
        await VerifyAsync(WithSql(TestProvider.PostgreSql, "ALTER TABLE \"Customers\" ALTER COLUMN \"Email\" TYPE text;"));
    }

    [Fact]
    public async Task SM2004_to_SM2007_fire_for_raw_constraints_and_columns_on_PostgreSQL()
    {
        var project = WithSql(
            TestProvider.PostgreSql,
            "ALTER TABLE \"Orders\" ADD CONSTRAINT \"FK_Orders_Buyer\" FOREIGN KEY (\"CustomerId\") REFERENCES \"Customers\" (\"Id\");"
            + " ALTER TABLE \"Orders\" ADD CONSTRAINT \"CK_Orders_Total\" CHECK (\"Total\" >= 0);"
            + " ALTER TABLE \"Customers\" ADD CONSTRAINT \"AK_Customers_Email\" UNIQUE (\"Email\");"
            + " ALTER TABLE \"Customers\" ADD COLUMN \"Key\" uuid DEFAULT gen_random_uuid();");

        await VerifyAsync(
            project,
            project.Expect(Descriptors.SM2004_AddForeignKeyValidates, project.Last, "Sql").WithArguments(
                "FK_Orders_Buyer",
                "Orders",
                "takes a SHARE ROW EXCLUSIVE lock on 'Orders' and on 'Customers', blocking every INSERT, UPDATE and DELETE on both while PostgreSQL checks every row of 'Orders'. "
                + "Add it with migrationBuilder.AddForeignKeyNotValid(...), which checks only new rows, and check the old ones with migrationBuilder.ValidateConstraint(\"Orders\", \"FK_Orders_Buyer\") in a later migration, which lets writes go on."),
            project.Expect(Descriptors.SM2005_AddCheckConstraintValidates, project.Last, "Sql").WithArguments(
                "CK_Orders_Total",
                "Orders",
                "takes an ACCESS EXCLUSIVE lock on 'Orders', blocking every read and write while PostgreSQL checks every row. "
                + "Add it with migrationBuilder.AddCheckConstraintNotValid(...), which checks only new rows, and check the old ones with migrationBuilder.ValidateConstraint(\"Orders\", \"CK_Orders_Total\") in a later migration, which lets reads and writes go on."),
            project.Expect(Descriptors.SM2006_AddKeyBuildsIndex, project.Last, "Sql").WithArguments(
                "unique constraint",
                "AK_Customers_Email",
                "Customers",
                "builds its unique index under an ACCESS EXCLUSIVE lock on 'Customers', blocking every read and write until the build finishes, and fails outright if 'Customers' already holds duplicates. "
                + "Use migrationBuilder.AddUniqueConstraintUsingIndex(\"AK_Customers_Email\", \"Customers\", ...), which builds the index concurrently and then attaches it, in a migration of its own."),
            project.Expect(Descriptors.SM2007_AddColumnRewritesTable, project.Last, "Sql").WithArguments(
                "Key",
                "Customers",
                "with the volatile default 'gen_random_uuid()' makes PostgreSQL rewrite the whole table 'Customers' under an ACCESS EXCLUSIVE lock to give every row its own value, blocking every read and write until it ends. "
                + "Add 'Key' without the default (or nullable), backfill it with migrationBuilder.BackfillInBatches(...), then set the default in a later migration."));
    }

    [Fact]
    public async Task SM2004_to_SM2006_stay_quiet_for_the_safe_forms_in_raw_SQL()
    {
        await VerifyAsync(WithSql(
            TestProvider.PostgreSql,
            "ALTER TABLE \"Orders\" ADD CONSTRAINT \"FK_Orders_Buyer\" FOREIGN KEY (\"CustomerId\") REFERENCES \"Customers\" (\"Id\") NOT VALID;"
            + " ALTER TABLE \"Orders\" ADD CONSTRAINT \"CK_Orders_Total\" CHECK (\"Total\" >= 0) NOT VALID;"
            + " ALTER TABLE \"Orders\" VALIDATE CONSTRAINT \"CK_Orders_Total\";"
            + " ALTER TABLE \"Customers\" ADD CONSTRAINT \"AK_Customers_Email\" UNIQUE USING INDEX \"IX_Customers_Email_Unique\";"
            + " ALTER TABLE \"Customers\" ADD COLUMN \"Created\" timestamptz DEFAULT now();"));
        await VerifyAsync(WithSql(TestProvider.SqlServer, "ALTER TABLE [Orders] WITH NOCHECK ADD CONSTRAINT [CK_Orders_Total] CHECK ([Total] >= 0);"));
    }

    [Fact]
    public async Task SM2006_stays_quiet_for_a_TSQL_key_built_ONLINE()
    {
        await VerifyAsync(WithSql(TestProvider.SqlServer, "ALTER TABLE [Customers] ADD CONSTRAINT [AK_Customers_Email] UNIQUE ([Email]) WITH (ONLINE = ON);"));
        await VerifyAsync(WithSql(TestProvider.SqlServer, "ALTER TABLE [Customers] ADD CONSTRAINT [PK_Customers_Email] PRIMARY KEY NONCLUSTERED ([Email]) WITH (ONLINE = ON);"));

        var offline = WithSql(TestProvider.SqlServer, "ALTER TABLE [Customers] ADD CONSTRAINT [AK_Customers_Email] UNIQUE ([Email]);");
        await VerifyAsync(offline, offline.Expect(Descriptors.SM2006_AddKeyBuildsIndex, offline.Last, "Sql").WithArguments(
            "unique constraint",
            "AK_Customers_Email",
            "Customers",
            "builds its index offline, which blocks writes to 'Customers' until the build finishes, and fails outright if 'Customers' already holds duplicates. "
            + "Run it at a quiet time, or, on an edition with online index builds (Enterprise, Azure SQL), add it with WITH (ONLINE = ON) in migrationBuilder.Sql(...)."));
    }

    [Fact]
    public async Task SM2005_fires_for_a_TSQL_check_constraint_WITH_CHECK()
    {
        var project = WithSql(TestProvider.SqlServer, "ALTER TABLE [Orders] ADD CONSTRAINT [CK_Orders_Total] CHECK ([Total] >= 0);");

        await VerifyAsync(project, project.Expect(Descriptors.SM2005_AddCheckConstraintValidates, project.Last, "Sql").WithArguments(
            "CK_Orders_Total",
            "Orders",
            "makes SQL Server check every row of 'Orders' (WITH CHECK is the default) while it holds a schema-modification lock that blocks every query on 'Orders'. "
            + "Add it with migrationBuilder.AddCheckConstraintNotValid(...) (WITH NOCHECK), which checks only new rows, and check the old ones with migrationBuilder.ValidateConstraint(\"Orders\", \"CK_Orders_Total\") in a later migration, at a quiet time; until then SQL Server marks the constraint untrusted."));
    }

    [Fact]
    public async Task Raw_SQL_findings_respect_pragma()
    {
        var project = WithSql(TestProvider.PostgreSql, "ALTER TABLE \"Customers\" RENAME COLUMN \"Name\" TO \"FullName\";");
        project.WithMigrationCode(project.Last, code => code.Replace(
            "            migrationBuilder.Sql(",
            "#pragma warning disable SM1001 // Customers is read by this service only\n            migrationBuilder.Sql("));

        await VerifyAsync(project);
    }
}
