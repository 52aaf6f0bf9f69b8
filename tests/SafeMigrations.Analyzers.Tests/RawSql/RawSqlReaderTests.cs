using SafeMigrations.Analyzers.Infrastructure;
using SafeMigrations.Analyzers.Model;
using SafeMigrations.Analyzers.RawSql;

namespace SafeMigrations.Analyzers.Tests.RawSql;

/// <summary>What the raw SQL reader makes of each dialect's statements: the operations the rules then see.</summary>
public class RawSqlReaderTests
{
    [Theory]
    [InlineData("CREATE INDEX \"IX_Customers_Email\" ON \"Customers\" (\"Email\");", "IX_Customers_Email", "Customers", false, false)]
    [InlineData("create unique index if not exists ix_email on public.customers using btree (email, name)", "ix_email", "customers", true, false)]
    [InlineData("CREATE INDEX CONCURRENTLY ix ON customers (lower(email))", "ix", "customers", false, true)]
    [InlineData("CREATE INDEX Índice_Ärzte ON Ärzte (Name)", "Índice_Ärzte", "Ärzte", false, false)] // Only A-Z fold, as PostgreSQL folds them.
    [InlineData("CREATE INDEX IX_Ärzte ON Ärzte (Name)", "ix_Ärzte", "Ärzte", false, false)]
    public void Reads_PostgreSQL_CREATE_INDEX(string sql, string index, string table, bool unique, bool concurrently)
    {
        var operation = Assert.Single(Read(sql, DatabaseProvider.PostgreSql).Operations);

        Assert.Equal(OperationType.CreateIndex, operation.Kind);
        Assert.Equal(index, operation.Name);
        Assert.Equal(table, operation.Table);
        Assert.Equal(unique, operation.BooleanArgument("unique") == true);
        Assert.Equal(concurrently, operation.Annotation("Npgsql:CreatedConcurrently")?.AsBoolean() == true);
        Assert.True(operation.FromRawSql);
    }

    [Fact]
    public void Reads_ALTER_TABLE_actions_of_PostgreSQL()
    {
        var reading = Read(
            """
            -- expand the customers table
            ALTER TABLE "Customers" RENAME COLUMN "Email" TO "Mail";
            ALTER TABLE ONLY public."Customers" RENAME TO "Clients";
            ALTER TABLE "Orders" ADD CONSTRAINT "FK_Orders_Customers" FOREIGN KEY ("CustomerId") REFERENCES "Customers" ("Id");
            ALTER TABLE "Orders" ADD CONSTRAINT "FK_Safe" FOREIGN KEY ("CustomerId") REFERENCES "Customers" ("Id") NOT VALID;
            ALTER TABLE "Orders" ADD CONSTRAINT "CK_Total" CHECK ("Total" >= 0), ADD COLUMN "Note" text NOT NULL;
            ALTER TABLE "Orders" ADD COLUMN "Key" uuid NOT NULL DEFAULT gen_random_uuid();
            ALTER TABLE "Orders" ADD CONSTRAINT "UQ_Key" UNIQUE USING INDEX "IX_Key";
            ALTER TABLE "Orders" ADD PRIMARY KEY ("Id");
            ALTER TABLE "Orders" DROP COLUMN IF EXISTS "Legacy", DROP CONSTRAINT "CK_Old";
            ALTER TABLE "Orders" ALTER COLUMN "Total" TYPE numeric(20,4) USING "Total"::numeric, ALTER COLUMN "Note" SET NOT NULL;
            ALTER TABLE "Orders" ALTER COLUMN "Note" SET DEFAULT '', ALTER COLUMN "Note" DROP NOT NULL, VALIDATE CONSTRAINT "FK_Safe";
            """,
            DatabaseProvider.PostgreSql);

        Assert.Null(reading.Unchecked);
        Assert.Equal(
            new[]
            {
                "RenameColumn 'Customers.Email' -> Mail",
                "RenameTable 'Customers' -> Clients",
                "AddForeignKey 'Orders.FK_Orders_Customers'",
                "AddCheckConstraint 'Orders.CK_Total'",
                "AddColumn 'Orders.Note' type=text nullable=false",
                "AddColumn 'Orders.Key' type=uuid nullable=false default=gen_random_uuid()",
                "AddPrimaryKey 'Orders'",
                "DropColumn 'Orders.Legacy'",
                "AlterColumn 'Orders.Total' type=numeric(20,4)",
                "AlterColumn 'Orders.Note' nullable=false",
            },
            reading.Operations.Select(Show));
        Assert.Equal("\"Total\" >= 0", reading.Operations[3].StringArgument("sql"));
        Assert.Equal(new[] { "CustomerId" }, reading.Operations[2].ColumnList().AsImmutableArray());
    }

    [Theory]
    [InlineData("ALTER TABLE \"Customers\" SET TABLESPACE fast;")]
    [InlineData("ALTER TABLE \"Customers\" SET LOGGED;")]
    [InlineData("ALTER TABLE \"Customers\" SET UNLOGGED;")]
    [InlineData("ALTER TABLE \"Customers\" SET ACCESS METHOD heap2;")]
    [InlineData("ALTER TABLE \"Customers\" SET WITHOUT OIDS;")]
    [InlineData("ALTER TABLE \"Customers\" ALTER COLUMN \"Total\" SET EXPRESSION AS (\"Price\" * 2);")]
    public void PostgreSQL_ALTER_TABLE_SET_forms_that_rewrite_the_table_are_unchecked(string sql)
    {
        Assert.NotNull(Read(sql, DatabaseProvider.PostgreSql).Unchecked);
    }

    [Fact]
    public void PostgreSQL_ALTER_TABLE_SET_SCHEMA_moves_the_table_and_metadata_SETs_are_known()
    {
        var reading = Read(
            """
            ALTER TABLE "Customers" SET SCHEMA archive;
            ALTER TABLE "Orders" SET (fillfactor = 70), ALTER COLUMN "Note" SET STATISTICS 100, ALTER COLUMN "Note" SET STORAGE EXTERNAL, ALTER COLUMN "Note" SET DEFAULT '';
            ALTER TABLE "Orders" SET WITHOUT CLUSTER;
            """,
            DatabaseProvider.PostgreSql);

        Assert.Null(reading.Unchecked);
        var move = Assert.Single(reading.Operations);
        Assert.Equal("RenameTable 'Customers' -> Customers", Show(move));
        Assert.Equal("archive", move.StringArgument("newSchema"));
    }

    [Theory]
    [InlineData("postgresql", "ALTER TABLE \"Customers\" ADD COLUMN \"Code\" character varying(20) NOT NULL;", "AddColumn 'Customers.Code' type=character varying(20) nullable=false")]
    [InlineData("mysql", "ALTER TABLE `Customers` ADD COLUMN `Code` varchar(20) CHARACTER SET utf8mb4 NOT NULL;", "AddColumn 'Customers.Code' type=varchar(20) nullable=false")]
    public void A_column_type_ends_at_CHARACTER_SET_only(string providerName, string sql, string expected)
    {
        var reading = Read(sql, DatabaseProviders.FromSetting(providerName));

        Assert.Null(reading.Unchecked);
        Assert.Equal(expected, Show(Assert.Single(reading.Operations)));
    }

    [Fact]
    public void Reads_UPDATE_and_DELETE_with_and_without_WHERE()
    {
        var reading = Read(
            """
            UPDATE "Customers" SET "Points" = 0;
            UPDATE ONLY public."Customers" AS c SET "Points" = 1 WHERE c."Id" < 10;
            DELETE FROM "Orders";
            DELETE FROM orders WHERE "Total" = 0
            """,
            DatabaseProvider.PostgreSql);

        Assert.Equal(
            new[] { "UpdateRows 'Customers' where=False", "UpdateRows 'Customers' where=True", "DeleteRows 'Orders' where=False", "DeleteRows 'orders' where=True" },
            reading.Operations.Select(o => $"{o.Describe()} where={o.BooleanArgument("where")}"));
    }

    [Fact]
    public void A_statement_after_WITH_is_read_by_its_verb_and_a_data_modifying_CTE_is_unchecked()
    {
        var reading = Read(
            """
            WITH s AS (SELECT 1) UPDATE "Orders" SET "X" = 0;
            WITH RECURSIVE r (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3), t AS MATERIALIZED (SELECT 2) SELECT * FROM r, t;
            WITH old AS (SELECT "Id" FROM "Orders") DELETE FROM "Orders" WHERE "Id" IN (SELECT "Id" FROM old);
            """,
            DatabaseProvider.PostgreSql);

        Assert.Null(reading.Unchecked);
        Assert.Equal(new[] { "UpdateRows 'Orders' where=False", "DeleteRows 'Orders' where=True" }, reading.Operations.Select(o => $"{o.Describe()} where={o.BooleanArgument("where")}"));
        Assert.Equal(
            "the analyzer does not check statements like 'WITH gone AS (DELETE FROM \"Orders\" ...'",
            Read("WITH gone AS (DELETE FROM \"Orders\" RETURNING *) INSERT INTO \"Archive\" SELECT * FROM gone;", DatabaseProvider.PostgreSql).Unchecked);
    }

    [Fact]
    public void Semicolons_in_strings_comments_and_dollar_quotes_do_not_split_statements()
    {
        var reading = Read(
            """
            /* one; two */ CREATE OR REPLACE FUNCTION sync() RETURNS trigger AS $body$ BEGIN UPDATE x SET a = 1; RETURN NEW; END $body$ LANGUAGE plpgsql;
            INSERT INTO "Notes" VALUES ('a;b', 'it''s; fine'); -- trailing; comment
            """,
            DatabaseProvider.PostgreSql);

        Assert.Null(reading.Unchecked);
        Assert.Empty(reading.Operations);
    }

    [Theory]
    [InlineData("UPDATE \"T\" SET \"A\" = E'it\\'s' WHERE \"Id\" = 1; CREATE INDEX \"IX\" ON \"Customers\" (\"Name\");")]
    [InlineData("UPDATE \"T\" SET \"A\" = e'C:\\\\' WHERE \"Id\" = 1; CREATE INDEX \"IX\" ON \"Customers\" (\"Name\");")]
    public void A_PostgreSQL_E_string_takes_backslash_escapes(string sql)
    {
        var reading = Read(sql, DatabaseProvider.PostgreSql);

        Assert.Null(reading.Unchecked);
        Assert.Equal(new[] { "UpdateRows 'T' where=True", "CreateIndex 'Customers.IX' where=" }, reading.Operations.Select(o => $"{o.Describe()} where={o.BooleanArgument("where")}"));
    }

    [Theory]
    [InlineData("postgresql", "/* old /* see ticket */ */ CREATE INDEX \"IX\" ON \"Customers\" (\"Name\");")]
    [InlineData("mysql", "/* old /* see ticket */ CREATE INDEX IX ON Customers (Name);")]
    [InlineData("sqlite", "/* old /* see ticket */ CREATE INDEX IX ON Customers (Name);")]
    public void Block_comments_nest_on_PostgreSQL_only(string providerName, string sql)
    {
        var reading = Read(sql, DatabaseProviders.FromSetting(providerName));

        Assert.Null(reading.Unchecked);
        Assert.Equal("CreateIndex 'Customers.IX'", Show(Assert.Single(reading.Operations)));
    }

    [Fact]
    public void A_statement_it_does_not_know_is_unchecked_and_named()
    {
        var reading = Read("SET lock_timeout = '5s'; DO $$ BEGIN PERFORM 1; END $$; VACUUM FULL \"Customers\";", DatabaseProvider.PostgreSql);

        Assert.Equal("the analyzer does not check statements like 'DO $$ BEGIN PERFORM 1; END ...'", reading.Unchecked);
    }

    [Fact]
    public void A_SQL_that_is_not_a_constant_is_unchecked()
    {
        var sql = Sql(ArgumentValue.NonConstant("File.ReadAllText(\"up.sql\")"));

        var reading = RawSqlReader.Read(sql, DatabaseProvider.PostgreSql, PreviousSchema.None);

        Assert.Empty(reading.Operations);
        Assert.Equal("its SQL (File.ReadAllText(\"up.sql\")) is not a constant string, so the analyzer cannot see it", reading.Unchecked);
    }

    [Fact]
    public void Reads_MySQL_backticks_MODIFY_CHANGE_and_DROP_INDEX_ON()
    {
        var reading = Read(
            """
            ALTER TABLE `Customers` MODIFY COLUMN `Name` varchar(50) NOT NULL, CHANGE `Email` `Mail` varchar(200) NULL;
            DROP INDEX `IX_Customers_Email` ON `Customers`;
            ALTER TABLE `Customers` ADD INDEX `IX_Name` (`Name`), ALGORITHM=INPLACE, LOCK=NONE;
            UPDATE `Customers` SET `Points` = 0 LIMIT 1000;
            CREATE PROCEDURE fill() BEGIN WHILE 1 = 0 DO UPDATE `Customers` SET `Points` = 1; END WHILE; IF 1 = 1 THEN SELECT 1; END IF; END;
            DROP TABLE `Legacy`
            """,
            DatabaseProvider.MySql);

        Assert.Null(reading.Unchecked);
        Assert.Equal(
            new[]
            {
                "AlterColumn 'Customers.Name' type=varchar(50) nullable=false",
                "RenameColumn 'Customers.Email' -> Mail",
                "AlterColumn 'Customers.Email' type=varchar(200) nullable=true",
                "DropIndex 'Customers.IX_Customers_Email'",
                "UpdateRows 'Customers'",
                "DropTable 'Legacy'",
            },
            reading.Operations.Select(Show));
        Assert.True(reading.Operations[4].BooleanArgument("limited"));
    }

    [Fact]
    public void Reads_SQLite_brackets_and_trigger_bodies()
    {
        var reading = Read(
            """
            CREATE TRIGGER sync AFTER UPDATE ON [Customers] BEGIN UPDATE [Customers] SET [Mail] = NEW.[Email]; END;
            ALTER TABLE [Customers] ADD COLUMN [Created] TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP;
            """,
            DatabaseProvider.Sqlite);

        Assert.Null(reading.Unchecked);
        Assert.Equal("AddColumn 'Customers.Created' type=TEXT nullable=false default=CURRENT_TIMESTAMP", Show(Assert.Single(reading.Operations)));
    }

    [Theory]
    [InlineData("mysql", "CREATE PROCEDURE p() BEGIN CASE WHEN 1 THEN SELECT 1; END CASE; END; ALTER TABLE Orders MODIFY Total bigint NOT NULL;", "AlterColumn 'Orders.Total' type=bigint nullable=false")]
    [InlineData("mysql", "CREATE PROCEDURE p() BEGIN FOR i IN 1..3 DO SELECT i; END FOR; SELECT 2; END; DROP TABLE Legacy;", "DropTable 'Legacy'")]
    [InlineData("mysql", "CREATE PROCEDURE p() outer_block: BEGIN SELECT CASE WHEN 1 THEN 2 END; BEGIN SELECT 1; END; END outer_block; DROP TABLE Legacy;", "DropTable 'Legacy'")]
    [InlineData("sqlite", "CREATE INDEX ix_begin ON shifts (begin); ALTER TABLE shifts ADD COLUMN note TEXT NOT NULL;", "CreateIndex 'shifts.ix_begin' | AddColumn 'shifts.note' type=TEXT nullable=false")]
    [InlineData("sqlite", "CREATE TRIGGER t AFTER UPDATE ON shifts BEGIN UPDATE shifts SET note = NEW.begin; END; DROP TABLE Legacy;", "DropTable 'Legacy'")]
    public void A_routine_body_ends_at_the_END_that_closes_its_BEGIN(string providerName, string sql, string expected)
    {
        var reading = Read(sql, DatabaseProviders.FromSetting(providerName));

        Assert.Null(reading.Unchecked);
        Assert.Equal(expected, string.Join(" | ", reading.Operations.Select(Show)));
    }

    [Fact]
    public void A_long_MySQL_seed_script_splits_into_its_statements_around_a_routine()
    {
        // The splitter keeps its BEGIN ... END depth as the tokens come (constant work per token), rather than rescanning
        // the statement at each semicolon: a long script is split in one pass. This checks the split, not the time.
        var inserts = string.Concat(Enumerable.Repeat("INSERT INTO Seed VALUES (1, 'a;b');\n", 3000));
        var sql = inserts + "CREATE PROCEDURE p() BEGIN CASE WHEN 1 THEN SELECT 1; END CASE; END;\n" + inserts + "ALTER TABLE Orders MODIFY Total bigint NOT NULL;";

        var statements = SqlTokenizer.Split(sql, SqlDialect.MySql);

        Assert.Equal(6002, statements.Count);
        Assert.StartsWith("CREATE PROCEDURE", statements[3000].Text);
        Assert.EndsWith("END", statements[3000].Text);
        Assert.Equal("AlterColumn 'Orders.Total' type=bigint nullable=false", Show(Assert.Single(Read(sql, DatabaseProvider.MySql).Operations)));
    }

    [Fact]
    public void Reads_TSQL_through_ScriptDom()
    {
        var reading = Read(
            """
            CREATE UNIQUE INDEX [IX_Customers_Email] ON [dbo].[Customers] ([Email]) WITH (ONLINE = ON);
            EXEC sp_rename N'[dbo].[Customers].[Email]', N'Mail', N'COLUMN';
            ALTER TABLE [Orders] WITH NOCHECK ADD CONSTRAINT [FK_Orders] FOREIGN KEY ([CustomerId]) REFERENCES [Customers] ([Id]);
            ALTER TABLE [Orders] ADD CONSTRAINT [CK_Total] CHECK ([Total] >= 0);
            ALTER TABLE [Orders] ADD [Key] uniqueidentifier NOT NULL DEFAULT NEWID();
            ALTER TABLE [Orders] ALTER COLUMN [Total] decimal(20,4) NOT NULL;
            ALTER TABLE [Orders] DROP COLUMN [Legacy];
            GO
            DECLARE @rows int = 1;
            WHILE @rows > 0
            BEGIN
                UPDATE TOP (1000) [Orders] SET [Total] = 0 WHERE [Total] IS NULL;
                SET @rows = @@ROWCOUNT;
            END;
            UPDATE [Orders] SET [Total] = 0;
            DROP TABLE [Legacy];
            """,
            DatabaseProvider.SqlServer);

        Assert.Null(reading.Unchecked);
        Assert.Equal(
            new[]
            {
                "CreateIndex 'Customers.IX_Customers_Email'",
                "RenameColumn 'Customers.Email' -> Mail",
                "AddCheckConstraint 'Orders.CK_Total'",
                "AddColumn 'Orders.Key' type=uniqueidentifier nullable=false default=NEWID()",
                "AlterColumn 'Orders.Total' type=decimal(20,4) nullable=false",
                "DropColumn 'Orders.Legacy'",
                "UpdateRows 'Orders'",
                "UpdateRows 'Orders'",
                "DropTable 'Legacy'",
            },
            reading.Operations.Select(Show));
        Assert.True(reading.Operations[0].Annotation("SqlServer:Online")?.AsBoolean());
        Assert.True(reading.Operations[6].BooleanArgument("limited"));
        Assert.False(reading.Operations[7].BooleanArgument("limited"));
    }

    [Theory]
    [InlineData("WHILE @rows > 0 BEGIN UPDATE TOP (1000) [Orders] SET [Total] = 0 WHERE [Total] IS NULL; SET @rows = @@ROWCOUNT; END", true)]
    [InlineData("WHILE @id < @last BEGIN UPDATE [Orders] SET [Total] = 0 WHERE [Id] BETWEEN @id AND @id + 999; SET @id += 1000; END", true)]
    [InlineData("WHILE @rows > 0 BEGIN UPDATE [Orders] SET [Total] = 0; SET @rows = @@ROWCOUNT; END", false)]
    public void A_TSQL_loop_batches_an_UPDATE_only_with_TOP_or_a_WHERE(string loop, bool limited)
    {
        var reading = Read("DECLARE @rows int = 1, @id int = 0, @last int = 10; " + loop, DatabaseProvider.SqlServer);

        Assert.Null(reading.Unchecked);
        Assert.Equal(limited, Assert.Single(reading.Operations).BooleanArgument("limited"));
    }

    [Fact]
    public void TSQL_that_does_not_parse_is_unchecked()
    {
        var reading = Read("ALTER TABLE [Orders] ADD CONSTRAINT;", DatabaseProvider.SqlServer);

        Assert.Empty(reading.Operations);
        Assert.StartsWith("T-SQL that does not parse (line 1: ", reading.Unchecked);
    }

    [Fact]
    public void Old_column_definitions_come_from_the_previous_model()
    {
        var column = new ColumnDefinition("Total", "Total", "decimal", "numeric(18,2)", false, null, 18, 2, null, null, null, false, null, ValueGeneration.None);
        var table = new TableDefinition("Orders", null, "Order", new[] { column }.ToEquatableArray(), "PK_Orders", new[] { "Id" }.ToEquatableArray(),
            new[] { new IndexDefinition("IX_Orders_Total", new[] { "Total" }.ToEquatableArray(), false, null) }.ToEquatableArray(),
            EquatableArray<ForeignKeyDefinition>.Empty, EquatableArray<CheckConstraintDefinition>.Empty, EquatableArray<UniqueConstraintDefinition>.Empty);
        var previous = new PreviousSchema(() => new TargetModel("1_Initial", new[] { table }.ToEquatableArray(), DatabaseProvider.PostgreSql));

        var reading = RawSqlReader.Read(Sql("ALTER TABLE \"Orders\" ALTER COLUMN \"Total\" TYPE numeric(20,2); DROP INDEX \"IX_Orders_Total\"; ALTER TABLE \"Orders\" ALTER COLUMN \"Total\" SET NOT NULL;"), DatabaseProvider.PostgreSql, previous);

        Assert.Equal(new[] { "AlterColumn 'Orders.Total' type=numeric(20,2) nullable=false", "DropIndex 'Orders.IX_Orders_Total'" }, reading.Operations.Select(Show));
        Assert.Equal("numeric(18,2)", reading.Operations[0].StringArgument("oldType"));
        Assert.False(reading.Operations[0].BooleanArgument("oldNullable"));
    }

    [Fact]
    public void A_PostgreSQL_DROP_INDEX_whose_table_is_not_in_the_previous_model_is_unchecked()
    {
        Assert.Equal("the analyzer does not check statements like 'DROP INDEX \"IX_Unknown\"'", Read("DROP INDEX \"IX_Unknown\";", DatabaseProvider.PostgreSql).Unchecked);
        Assert.Null(Read("DROP INDEX CONCURRENTLY \"IX_Unknown\";", DatabaseProvider.PostgreSql).Unchecked);
        Assert.Null(Read("DROP INDEX \"IX_Unknown\";", DatabaseProvider.Sqlite).Unchecked);
    }

    [Theory]
    [InlineData("postgresql")]
    [InlineData("sqlserver")]
    [InlineData("mysql")]
    [InlineData("sqlite")]
    public void Never_throws_on_cut_SQL(string providerName)
    {
        var provider = DatabaseProviders.FromSetting(providerName);
        const string sql = "ALTER TABLE \"Orders\" ADD CONSTRAINT \"FK\" FOREIGN KEY (\"CustomerId\") REFERENCES \"Customers\" (\"Id\") NOT VALID; CREATE UNIQUE INDEX CONCURRENTLY ix ON t (a) WHERE b > 0; UPDATE t SET a = 'x;y' WHERE $$q$$ = 1; ALTER TABLE t ALTER COLUMN a TYPE int, ADD COLUMN c int DEFAULT (1) NOT NULL GENERATED ALWAYS AS (a + 1) STORED;";
        for (var length = 0; length <= sql.Length; length++)
        {
            var reading = Read(sql.Substring(0, length), provider);
            Assert.All(reading.Operations, o => Assert.NotEqual(OperationType.Unknown, o.Kind));
        }
    }

    [Theory]
    [InlineData("postgresql")]
    [InlineData("sqlserver")]
    [InlineData("mysql")]
    [InlineData("sqlite")]
    public void Never_throws_on_randomly_mutated_SQL(string providerName)
    {
        var provider = DatabaseProviders.FromSetting(providerName);
        const string sql = """
            CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "IX" ON public."T" USING btree ("A", lower("B")) WHERE "C" > 0;
            ALTER TABLE [T] WITH NOCHECK ADD CONSTRAINT [FK] FOREIGN KEY ([A]) REFERENCES [U] ([Id]), ADD [D] int NOT NULL DEFAULT NEWID();
            ALTER TABLE `T` CHANGE `A` `B` varchar(20) NOT NULL, MODIFY `C` bigint, DROP COLUMN `D`, RENAME TO `U`;
            EXEC sp_rename N'[T].[A]', N'B', N'COLUMN';
            UPDATE ONLY "T" AS t SET "A" = 'x;''y' FROM "U" WHERE t."Id" = "U"."Id" LIMIT 10;
            DO $tag$ BEGIN UPDATE "T" SET "A" = 1; END $tag$; -- comment ; here
            CREATE TRIGGER tr AFTER UPDATE ON [T] BEGIN UPDATE [T] SET [A] = NEW.[A]; END;
            WHILE @rows > 0 BEGIN UPDATE TOP (100) [T] SET [A] = 0; SET @rows = @@ROWCOUNT; END
            """;
        string[] pieces = ["(", ")", ";", ",", ".", "\"", "'", "`", "[", "]", "$$", "$a$", "--", "/*", "*/", "#", "\n", "ALTER", "TABLE", "ADD", "DROP", "COLUMN", "CONSTRAINT", "CREATE", "INDEX", "ON", "UPDATE", "SET", "WHERE", "BEGIN", "END", "GO", "NOT", "NULL", "DEFAULT", "AS", "STORED", "RENAME", "TO", "TYPE"];
        var random = new Random(97 + (int)provider);
        for (var i = 0; i < 1500; i++)
        {
            var text = sql;
            for (var edits = random.Next(1, 4); edits > 0; edits--)
            {
                var at = random.Next(text.Length);
                text = random.Next(3) switch
                {
                    0 => text.Substring(0, at),
                    1 => text.Remove(at, Math.Min(random.Next(1, 30), text.Length - at)),
                    _ => text.Insert(at, pieces[random.Next(pieces.Length)]),
                };
            }

            var reading = Read(text, provider);
            Assert.All(reading.Operations, o => Assert.NotEqual(OperationType.Unknown, o.Kind));
        }
    }

    private static RawSqlReading Read(string sql, DatabaseProvider provider) => RawSqlReader.Read(Sql(sql), provider, PreviousSchema.None);

    private static MigrationOperation Sql(string sql) =>
        Sql(new ArgumentValue(ValueKind.String, sql, "@\"...\"", EquatableArray<ArgumentValue>.Empty));

    private static MigrationOperation Sql(ArgumentValue sql) => new(
        OperationType.Sql,
        "Sql",
        EquatableArray<string>.Empty,
        new[] { new OperationArgument("sql", sql) }.ToEquatableArray(),
        EquatableArray<OperationAnnotation>.Empty,
        EquatableArray<OperationAnnotation>.Empty,
        EquatableArray<TableColumn>.Empty,
        EquatableArray<TableConstraint>.Empty,
        ProviderBranch.None,
        new SourceSpan("/Migrations/M.cs", 0, 10));

    private static string Show(MigrationOperation operation)
    {
        var text = operation.Describe();
        if (operation.NewName is { } newName)
        {
            text += " -> " + newName;
        }

        foreach (var (argument, label) in new[] { ("type", "type"), ("nullable", "nullable"), ("defaultValueSql", "default") })
        {
            if (operation.Argument(argument) is { } value)
            {
                text += $" {label}={value.Constant}";
            }
        }

        return text;
    }
}
