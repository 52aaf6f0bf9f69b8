using System.Reflection;
using System.Text.RegularExpressions;
using EFCore.SafeMigrations;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace SafeMigrations.Tests;

/// <summary>The SQL each helper writes, per provider. SQL Server's is also parsed with SQL Server's own T-SQL parser.</summary>
public sealed class SqlGenerationTests
{
    public const string Pg = "Npgsql.EntityFrameworkCore.PostgreSQL";
    public const string Ms = "Microsoft.EntityFrameworkCore.SqlServer";
    public const string Lite = "Microsoft.EntityFrameworkCore.Sqlite";
    public const string My = "Pomelo.EntityFrameworkCore.MySql";
    public const string OracleMy = "MySql.EntityFrameworkCore";

    public static TheoryData<string> Providers => new() { Pg, Ms, Lite, My, OracleMy };

    private static List<SqlOperation> Sql(string provider, Action<MigrationBuilder> build)
    {
        var builder = new MigrationBuilder(provider);
        build(builder);
        var sql = builder.Operations.OfType<SqlOperation>().ToList();
        if (provider == Ms)
        {
            foreach (var operation in sql)
            {
                AssertParsesAsTSql(operation.Sql);
            }
        }

        return sql;
    }

    private static string Text(string provider, Action<MigrationBuilder> build)
        => string.Join("\n", Sql(provider, build).Select(o => o.Sql));

    private static void AssertParsesAsTSql(string sql) => ParseTSql(sql);

    /// <summary>The script as SQL Server's own T-SQL parser reads it (with QUOTED_IDENTIFIER on or off); a parse error fails the test.</summary>
    internal static TSqlScript ParseTSql(string sql, bool quotedIdentifiers = true)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: quotedIdentifiers);
        using var reader = new StringReader(sql);
        var script = (TSqlScript)parser.Parse(reader, out var errors);
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{e.Line}:{e.Column} {e.Message}")) + "\n" + sql);
        return script;
    }

    [Fact]
    public void Unknown_provider_throws_NotSupported_naming_the_provider_and_the_alternative()
    {
        var builder = new MigrationBuilder("Oracle.EntityFrameworkCore");
        var e = Assert.Throws<NotSupportedException>(() => builder.CopyColumnData("T", "A", "B"));
        Assert.Contains("Oracle.EntityFrameworkCore", e.Message);
        Assert.Contains("CopyColumnData", e.Message);
        Assert.Contains("migrationBuilder.Sql(", e.Message);
    }

    [Fact]
    public void Identifiers_are_quoted_per_provider_with_the_quote_doubled()
    {
        Assert.Contains("\"my\"\"table\"", Text(Pg, b => b.ValidateConstraint("my\"table", "c")));
        Assert.Contains("[my]]table]", Text(Ms, b => b.ValidateConstraint("my]table", "c")));
        Assert.Contains("\"dbo\".\"T\"", Text(Pg, b => b.BackfillInBatches("T", "x = 1", "x IS NULL", schema: "dbo")));
        Assert.Contains("UPDATE \"my\"\"table\" SET", Text(Lite, b => b.BackfillInBatches("my\"table", "x = 1", "x IS NULL")));
        Assert.Contains("`my``table`", Text(My, b => b.BackfillInBatches("my`table", "x = 1", "x IS NULL")));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void CopyColumnData_copies_only_rows_not_yet_copied_in_batches(string provider)
    {
        var ops = Sql(provider, b => b.CopyColumnData("Orders", "Total", "TotalCents", "sales", 500, "CAST({0} AS bigint)"));
        var sql = string.Join("\n", ops.Select(o => o.Sql));
        var (q, schema) = provider switch
        {
            Ms => ("[TotalCents]", "[sales].[Orders]"),
            My or OracleMy => ("`TotalCents`", "`sales`.`Orders`"),
            Lite => ("\"TotalCents\"", "UPDATE \"Orders\""),
            _ => ("\"TotalCents\"", "\"sales\".\"Orders\""),
        };
        Assert.Contains($"{q} IS NULL", sql);
        Assert.Contains(schema, sql);
        switch (provider)
        {
            case Pg:
                var op = Assert.Single(ops);
                Assert.True(op.SuppressTransaction);
                Assert.StartsWith("DO $safe_migrations$", op.Sql);
                Assert.Contains("COMMIT;", op.Sql);
                Assert.Contains("i.indisprimary", op.Sql);
                Assert.Contains("_batch bigint := 500;", op.Sql);
                Assert.Contains("_set text := '\"TotalCents\" = (CAST(\"Total\" AS bigint))';", op.Sql);
                Assert.Contains("RAISE EXCEPTION", op.Sql);
                break;
            case Ms:
                Assert.True(Assert.Single(ops).SuppressTransaction);
                Assert.Contains("UPDATE TOP (500) [sales].[Orders] SET [TotalCents] = (CAST([Total] AS bigint))", sql);
                Assert.Contains("WHILE @rows > 0", sql);
                break;
            case Lite:
                Assert.False(Assert.Single(ops).SuppressTransaction);
                Assert.StartsWith("UPDATE \"Orders\" SET \"TotalCents\" = (CAST(\"Total\" AS bigint))", sql); // No schemas on SQLite.
                break;
            default:
                Assert.Equal(4, ops.Count);
                Assert.All(ops, o => Assert.True(o.SuppressTransaction));
                Assert.StartsWith("DROP PROCEDURE IF EXISTS `sm_backfill_Orders_", ops[0].Sql);
                Assert.Contains("LIMIT 500;", ops[1].Sql);
                Assert.Contains("ROW_COUNT()", ops[1].Sql);
                Assert.StartsWith("CALL ", ops[2].Sql);
                Assert.StartsWith("DROP PROCEDURE `sm_backfill_Orders_", ops[3].Sql);
                break;
        }
    }

    /// <summary>
    /// SQL Server's batches wait at most 5 s for a row lock (the session's own LOCK_TIMEOUT kept when it has one), retry a
    /// batch that gave up or lost a deadlock, and stop after updating twice the table's rows; all of it as dynamic SQL, where
    /// SQL Server scopes the SET LOCK_TIMEOUT to the call (put back however it ends, a client cancel included). Read from
    /// the parsed script and the parsed dynamic batch, so the TRY/CATCH and the THROWs are where SQL Server will run them.
    /// </summary>
    [Fact]
    public void SQL_Server_backfill_bounds_each_batch_s_lock_wait_and_retries_lock_timeouts_and_deadlocks()
    {
        var outer = Assert.Single(Sql(Ms, b => b.BackfillInBatches("Orders", "[Status] = 0", "[Status] IS NULL", 500, "sales"))).Sql;
        Assert.StartsWith("-- EFCore.SafeMigrations: batched backfill\nEXEC sys.sp_executesql N'", outer, StringComparison.Ordinal);
        var call = Assert.IsType<ExecuteStatement>(Assert.Single(Assert.Single(ParseTSql(outer).Batches).Statements));
        var sql = Assert.IsType<StringLiteral>(Assert.Single(call.ExecuteSpecification.ExecutableEntity.Parameters).ParameterValue).Value;
        var statements = Assert.Single(ParseTSql(sql).Batches).Statements;

        // First: the timeout, only where the session has none (-1, what SafeMigrator leaves outside the transaction).
        var setTimeout = Assert.IsType<IfStatement>(statements[1]);
        Assert.Contains("@@LOCK_TIMEOUT = -1", Fragment(sql, setTimeout.Predicate));
        Assert.Contains("SET LOCK_TIMEOUT 5000", Fragment(sql, setTimeout.ThenStatement));

        // Each batch of the sweep (after the key walk) in a TRY; the CATCH rethrows anything but 1222 and 1205, and those after 20 in a row.
        var loop = Assert.IsType<WhileStatement>(statements[^1]);
        var tryCatch = Assert.IsType<TryCatchStatement>(Assert.Single(Assert.IsType<BeginEndBlockStatement>(loop.Statement).StatementList.Statements));
        var update = Assert.IsType<UpdateStatement>(tryCatch.TryStatements.Statements[0]);
        Assert.Contains("TOP (500) [sales].[Orders]", Fragment(sql, update));
        var giveUp = Assert.IsType<IfStatement>(tryCatch.CatchStatements.Statements[1]);
        Assert.Contains("ERROR_NUMBER() NOT IN (1222, 1205) OR @failures > 20", Fragment(sql, giveUp.Predicate));
        Assert.IsType<ThrowStatement>(giveUp.ThenStatement);
        Assert.IsType<WaitForStatement>(tryCatch.CatchStatements.Statements[2]);

        // A SET that leaves its rows matching the WHERE would loop forever without a client timeout: bounded by the table's rows.
        Assert.Contains("FROM sys.partitions AS p WHERE p.object_id = OBJECT_ID(N'[sales].[Orders]')", sql);
        // The table may grow while it runs: the count is read again before giving up.
        var recount = Assert.IsType<IfStatement>(tryCatch.TryStatements.Statements[^2]);
        Assert.Contains("@updated > @limit", Fragment(sql, recount.Predicate));
        Assert.Contains("SET @limit = 2 * (SELECT COALESCE(SUM(p.rows), 0) FROM sys.partitions", Fragment(sql, recount.ThenStatement));
        var bound = Assert.IsType<IfStatement>(tryCatch.TryStatements.Statements[^1]);
        Assert.Contains("@updated > @limit", Fragment(sql, bound.Predicate));
        Assert.IsType<ThrowStatement>(bound.ThenStatement);

        static string Fragment(string text, TSqlFragment fragment) => text.Substring(fragment.StartOffset, fragment.FragmentLength);
    }

    /// <summary>
    /// SQL Server walks the table by its primary key before the sweep, so a backfill reads a large table about once instead of
    /// once per batch from the start: the walk is put together when it runs, from the key column and its type read from the
    /// catalog; here it is put together as SQL Server would for a bigint key, parsed, and read statement by statement.
    /// </summary>
    [Theory]
    [InlineData("[Status] IS NULL", "Id", "bigint")]
    [InlineData("[Status] IS NULL -- rows the old app wrote", "Order]Id", "uniqueidentifier")]
    public void SQL_Server_backfill_walks_a_single_column_key_before_the_sweep(string where, string key, string keyType)
    {
        var loop = SqlServerBackfillLoop(b => b.BackfillInBatches("Orders", "[Status] = 0", where, 500, "sales"), out var statements);

        // The key: a primary key of one column, of a type the walk's bounds can be declared with by name.
        var lookup = loop.Substring(statements[3].StartOffset, statements[3].FragmentLength);
        Assert.Contains("i.is_primary_key = 1", lookup);
        Assert.Contains("HAVING COUNT(*) = 1", lookup);
        Assert.Contains("OBJECT_ID(N'[sales].[Orders]')", lookup);
        var onlySomeTypes = Assert.IsType<IfStatement>(statements[4]);
        Assert.Contains("@keytype IN (N'int', N'bigint', N'smallint', N'tinyint', N'uniqueidentifier')", loop.Substring(onlySomeTypes.Predicate.StartOffset, onlySomeTypes.Predicate.FragmentLength));

        // Any failure of the walk leaves the rest to the sweep, which comes last and runs whether the walk ran or not.
        var guarded = Assert.IsType<TryCatchStatement>(Assert.Single(Assert.IsType<BeginEndBlockStatement>(onlySomeTypes.ThenStatement).StatementList.Statements));
        Assert.IsType<ExecuteStatement>(guarded.TryStatements.Statements[1]);
        Assert.DoesNotContain(guarded.CatchStatements.Statements, s => s is ThrowStatement);
        Assert.IsType<WhileStatement>(statements[^1]);

        var setWalk = Assert.IsType<SetVariableStatement>(guarded.TryStatements.Statements[0]);
        var walk = Evaluate(setWalk.Expression, key, keyType);

        // nvarchar(max) from its first operand: SQL Server cuts a concatenation of shorter strings at 4,000 characters.
        var firstOperand = setWalk.Expression;
        while (firstOperand is BinaryExpression binary)
        {
            firstOperand = binary.FirstExpression;
        }

        Assert.Equal("CAST(N'' AS nvarchar(max))", loop.Substring(firstOperand.StartOffset, firstOperand.FragmentLength));
        var quotedKey = "[" + key.Replace("]", "]]") + "]";
        var walkStatements = Assert.Single(ParseTSql(walk).Batches).Statements;
        Assert.StartsWith($"DECLARE @lo {keyType}, @hi {keyType}", walk);
        var batches = Assert.IsType<WhileStatement>(walkStatements[1]);
        var tryCatch = Assert.IsType<TryCatchStatement>(Assert.Single(Assert.IsType<BeginEndBlockStatement>(batches.Statement).StatementList.Statements));
        var steps = tryCatch.TryStatements.Statements;

        // The next 500 keys (from the first, then after the last batch's), their bound, and the matching rows among them.
        var next = Assert.IsType<IfStatement>(steps[1]);
        Assert.Contains($"SELECT TOP (500) {quotedKey} AS k FROM [sales].[Orders] ORDER BY {quotedKey}", Text(walk, next.ThenStatement));
        Assert.Contains($"SELECT TOP (500) {quotedKey} AS k FROM [sales].[Orders] WHERE {quotedKey} > @lo ORDER BY {quotedKey}", Text(walk, next.ElseStatement));
        Assert.IsType<BreakStatement>(Assert.IsType<IfStatement>(steps[2]).ThenStatement);
        var update = Assert.IsType<IfStatement>(steps[3]);
        var first = Assert.IsType<UpdateStatement>(update.ThenStatement);
        var later = Assert.IsType<UpdateStatement>(update.ElseStatement);
        Assert.Null(first.UpdateSpecification.TopRowFilter);
        Assert.Contains($"WHERE {quotedKey} <= @hi AND ({where}", Text(walk, first));
        Assert.Contains($"WHERE {quotedKey} > @lo AND {quotedKey} <= @hi AND ({where}", Text(walk, later));
        Assert.Contains("SET [Status] = 0", Text(walk, later));

        // Planned for the bounds' values (a seek even on a NONCLUSTERED key, where unknown bounds would scan).
        Assert.Equal("RECOMPILE", Assert.Single(later.OptimizerHints).HintKind.ToString().ToUpperInvariant());
        Assert.Single(first.OptimizerHints);
        Assert.Contains("OPTION (RECOMPILE)", Text(walk, next.ElseStatement));
        Assert.StartsWith("SET @lo = @hi", Text(walk, steps[4]));

        // A batch that gives up on a lock or loses a deadlock runs again, as in the sweep.
        var giveUp = Assert.IsType<IfStatement>(tryCatch.CatchStatements.Statements[1]);
        Assert.Contains("ERROR_NUMBER() NOT IN (1222, 1205) OR @failures > 20", Text(walk, giveUp.Predicate));
        Assert.IsType<WaitForStatement>(tryCatch.CatchStatements.Statements[2]);

        static string Text(string text, TSqlFragment fragment) => text.Substring(fragment.StartOffset, fragment.FragmentLength);
    }

    /// <summary>The dynamic SQL of SQL Server's backfill (what its EXEC runs), parsed into its statements.</summary>
    private static string SqlServerBackfillLoop(Action<MigrationBuilder> build, out IList<TSqlStatement> statements)
    {
        var outer = Assert.Single(Sql(Ms, build)).Sql;
        var call = Assert.IsType<ExecuteStatement>(Assert.Single(Assert.Single(ParseTSql(outer).Batches).Statements));
        var sql = Assert.IsType<StringLiteral>(Assert.Single(call.ExecuteSpecification.ExecutableEntity.Parameters).ParameterValue).Value;
        statements = Assert.Single(ParseTSql(sql).Batches).Statements;
        return sql;
    }

    /// <summary>A string expression of literals, <c>QUOTENAME(@key)</c> and <c>@keytype</c>, as SQL Server evaluates it.</summary>
    private static string Evaluate(ScalarExpression expression, string key, string keyType) => expression switch
    {
        BinaryExpression { BinaryExpressionType: BinaryExpressionType.Add } add => Evaluate(add.FirstExpression, key, keyType) + Evaluate(add.SecondExpression, key, keyType),
        StringLiteral literal => literal.Value,
        CastCall { Parameter: StringLiteral { Value: "" } } => "",
        VariableReference { Name: "@keytype" } => keyType,
        FunctionCall { FunctionName.Value: "QUOTENAME" } quote when quote.Parameters is [VariableReference { Name: "@key" }] => "[" + key.Replace("]", "]]") + "]",
        _ => throw new Xunit.Sdk.XunitException("Unexpected part of the walk's text: " + expression.GetType().Name),
    };

    [Fact]
    public void Conversion_without_placeholder_is_rejected()
        => Assert.Throws<ArgumentException>(() => new MigrationBuilder(Pg).CopyColumnData("T", "A", "B", conversionSql: "CAST(A AS int)"));

    [Theory]
    [MemberData(nameof(Providers))]
    public void BackfillInBatches_uses_the_given_set_and_where(string provider)
    {
        var sql = Text(provider, b => b.BackfillInBatches("Accounts", "\"Tier\" = 1", "\"Tier\" IS NULL", 250));
        Assert.Contains(provider == Pg ? "_set text := '\"Tier\" = 1';" : "SET \"Tier\" = 1", sql);
        Assert.Contains("\"Tier\" IS NULL", sql);
        Assert.Contains(provider switch { Ms => "TOP (250)", Pg => "_batch bigint := 250;", Lite => "UPDATE \"Accounts\"", _ => "LIMIT 250" }, sql);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void CreateColumnSync_and_DropColumnSync_pair_up(string provider)
    {
        var create = Sql(provider, b => b.CreateColumnSync("Customers", "FullName", "Name", "crm", "upper({0})", "lower({0})"));
        var drop = Text(provider, b => b.DropColumnSync("Customers", "FullName", "Name", "crm"));
        var sql = string.Join("\n", create.Select(o => o.Sql));
        Assert.All(create, o => Assert.False(o.SuppressTransaction));
        switch (provider)
        {
            case Pg:
                Assert.Contains("CREATE OR REPLACE FUNCTION \"crm\".\"sm_sync_Customers_FullName_Name\"() RETURNS trigger", sql);
                Assert.Contains("BEFORE INSERT OR UPDATE ON \"crm\".\"Customers\"", sql);
                Assert.Contains("NEW.\"Name\" := (upper(NEW.\"FullName\"))", sql);
                Assert.Contains("NEW.\"FullName\" := (lower(NEW.\"Name\"))", sql);
                Assert.Contains("(NEW.\"Name\")::text IS DISTINCT FROM (OLD.\"Name\")::text", sql); // Compared as text: json has no =, citext ignores case.
                Assert.Contains("DROP TRIGGER IF EXISTS \"sm_sync_Customers_FullName_Name\" ON \"crm\".\"Customers\"", drop);
                Assert.Contains("DROP FUNCTION IF EXISTS \"crm\".\"sm_sync_Customers_FullName_Name\"()", drop);
                break;
            case Ms:
                Assert.Contains("CREATE OR ALTER TRIGGER [crm].[sm_sync_Customers_FullName_Name] ON [crm].[Customers] AFTER INSERT, UPDATE", sql);
                Assert.Contains("TRIGGER_NESTLEVEL(@@PROCID) > 1", sql);
                Assert.Contains("UPDATE([Name]) AND NOT UPDATE([FullName])", sql);
                Assert.Contains("is_primary_key = 1", sql);
                Assert.Matches("EXEC sys.sp_executesql @sql_[0-9a-f]{8};", sql);
                Assert.Contains("CAST(i.[Name] AS varbinary(max)) <> CAST((upper(i.[FullName])) AS varbinary(max))", ExpandSqlServerTrigger(sql)); // Bytes: *_CI_AS ignores case.
                Assert.Contains("DATALENGTH(i.[Name]) <> DATALENGTH((upper(i.[FullName])))", ExpandSqlServerTrigger(sql)); // and trailing zero bytes.
                Assert.Contains("DROP TRIGGER IF EXISTS [crm].[sm_sync_Customers_FullName_Name]", drop);
                AssertParsesAsTSql(ExpandSqlServerTrigger(sql));
                break;
            case Lite:
                Assert.Equal(8, create.Count);
                Assert.Contains("AFTER INSERT ON \"Customers\"", sql);
                Assert.Contains("AFTER UPDATE OF \"FullName\" ON \"Customers\"", sql);
                Assert.Contains("WHERE rowid = NEW.rowid", sql);
                Assert.Equal(4, drop.Split("DROP TRIGGER IF EXISTS").Length - 1);
                break;
            default:
                Assert.Contains("BEFORE INSERT ON `crm`.`Customers` FOR EACH ROW", sql);
                Assert.Contains("BEFORE UPDATE ON `crm`.`Customers` FOR EACH ROW", sql);
                Assert.Contains("SET NEW.`Name` = (upper(NEW.`FullName`))", sql);
                Assert.Contains("NOT ((NEW.`Name` <=> OLD.`Name`) AND (CAST(NEW.`Name` AS BINARY) <=> CAST(OLD.`Name` AS BINARY)))", sql); // Bytes too: the default collations ignore case.
                Assert.Contains("DROP TRIGGER IF EXISTS `crm`.`sm_sync_Customers_FullName_Name_ins`", drop);
                Assert.Contains("DROP TRIGGER IF EXISTS `crm`.`sm_sync_Customers_FullName_Name_upd`", drop);
                break;
        }
    }

    /// <summary>
    /// The primary key join the SQL Server trigger is built with is read column by column, in key order, with no XML method:
    /// <c>FOR XML ... .value()</c> needs QUOTED_IDENTIFIER ON, which sqlcmd leaves off unless given -I, and a script run
    /// that way failed at the sync. The batch parses with QUOTED_IDENTIFIER off, as sqlcmd reads it.
    /// </summary>
    [Fact]
    public void SQL_Server_sync_reads_the_key_in_order_without_XML_methods()
    {
        var sql = Assert.Single(Sql(Ms, b => b.CreateColumnSync("Customers", "FullName", "Name", "crm"))).Sql;
        Assert.DoesNotContain("FOR XML", sql, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(".value(", sql, StringComparison.OrdinalIgnoreCase);

        var statements = Assert.Single(ParseTSql(sql, quotedIdentifiers: false).Batches).Statements;
        var walk = Assert.IsType<WhileStatement>(statements[3]);
        var body = Assert.IsType<BeginEndBlockStatement>(walk.Statement).StatementList.Statements;
        var select = Assert.IsType<SelectStatement>(body[1]);
        var where = sql.Substring(select.StartOffset, select.FragmentLength);
        Assert.Contains("OBJECT_ID(N'[crm].[Customers]') AND ix.is_primary_key = 1 AND ic.key_ordinal = @key_", where);
        Assert.IsType<BreakStatement>(Assert.IsType<IfStatement>(body[2]).ThenStatement);
        var append = sql.Substring(body[3].StartOffset, body[3].FragmentLength);
        Assert.Matches(@"^SET (@join_[0-9a-f]{8}) = COALESCE\(\1 \+ N' AND ', N''\) \+ N't\.' \+ QUOTENAME\(@column_[0-9a-f]{8}\)", append);
    }

    /// <summary>The SQL Server trigger body as the dynamic SQL builds it, with a sample primary key join.</summary>
    private static string ExpandSqlServerTrigger(string sql)
    {
        var declare = Regex.Match(sql, "DECLARE (@sql_[0-9a-f]{8}) nvarchar\\(max\\) = N'");
        var join = Regex.Match(sql, "DECLARE (@join_[0-9a-f]{8}) nvarchar").Groups[1].Value;
        Assert.True(declare.Success && join.Length > 0, sql);
        var start = declare.Index + declare.Length;
        var end = sql.LastIndexOf("';", StringComparison.Ordinal);
        return sql[start..end]
            .Replace("' + " + join + " + N'", "t.[Id] = i.[Id]", StringComparison.Ordinal)
            .Replace("''", "'", StringComparison.Ordinal);
    }

    [Fact]
    public void Long_object_names_are_cut_to_the_PostgreSQL_limit_with_a_hash()
    {
        var table = new string('t', 40);
        var sql = Text(Pg, b => b.CreateColumnSync(table, new string('o', 30), new string('n', 30)));
        var name = sql.Split('"').First(s => s.StartsWith("sm_sync_", StringComparison.Ordinal));
        Assert.Equal(63, name.Length);
    }

    [Fact]
    public void Long_MySQL_trigger_names_are_cut_to_64_characters_with_their_suffix()
    {
        var table = new string('t', 40);
        var sql = Text(My, b => b.CreateColumnSync(table, new string('o', 30), new string('n', 30)))
            + Text(My, b => b.DropColumnSync(table, new string('o', 30), new string('n', 30)));
        var names = sql.Split('`').Where(s => s.StartsWith("sm_sync_", StringComparison.Ordinal)).Distinct().ToList();
        Assert.Equal(2, names.Count);
        Assert.All(names, n => Assert.Equal(64, n.Length));
        var shortNames = Text(My, b => b.CreateColumnSync("T", "O", "N")).Split('`').Where(s => s.StartsWith("sm_sync_", StringComparison.Ordinal)).Distinct();
        Assert.Equal(new[] { "sm_sync_T_O_N_upd", "sm_sync_T_O_N_ins" }, shortNames); // The UPDATE trigger first (MariaDbHelperTests).
    }

    [Fact]
    public void Sync_names_whose_parts_hold_an_underscore_end_in_a_hash_and_SQL_Server_drops_the_earlier_name_only_from_its_table()
    {
        // Live on SQLite, PostgreSQL and MariaDB: ColumnSyncNameTests. SQL Server has no server here: the text, parsed as T-SQL.
        var create = Text(Ms, b => b.CreateColumnSync("order_item", "price", "price_cents", "crm"));
        var other = Text(Ms, b => b.CreateColumnSync("order", "item_price", "price_cents", "crm"));
        var name = Regex.Match(create, @"\[(sm_sync_order_item_price_price_cents_[0-9a-f]{8})\]").Groups[1].Value;
        Assert.NotEmpty(name);
        Assert.DoesNotContain(name, other);

        var drop = Sql(Ms, b => b.DropColumnSync("order_item", "price", "price_cents", "crm"));
        Assert.Equal($"DROP TRIGGER IF EXISTS [crm].[{name}];", drop[0].Sql);
        Assert.Equal(
            "IF EXISTS (SELECT 1 FROM sys.triggers WHERE name = N'sm_sync_order_item_price_price_cents' AND parent_id = OBJECT_ID(N'[crm].[order_item]'))\n"
            + "    DROP TRIGGER [crm].[sm_sync_order_item_price_price_cents];",
            drop[1].Sql);

        // Names without an underscore in their parts are as they were, and nothing else is dropped.
        Assert.Equal("DROP TRIGGER IF EXISTS [sm_sync_Customers_FullName_Name];", Assert.Single(Sql(Ms, b => b.DropColumnSync("Customers", "FullName", "Name"))).Sql);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void AddForeignKeyNotValid_and_ValidateConstraint(string provider)
    {
        var builder = new MigrationBuilder(provider);
        builder.AddForeignKeyNotValid("FK_Orders_Customers", "Orders", "CustomerId", "Customers", principalColumn: "Id", onDelete: ReferentialAction.Cascade);
        builder.ValidateConstraint("Orders", "FK_Orders_Customers");
        var sql = string.Join("\n", builder.Operations.OfType<SqlOperation>().Select(o => o.Sql));
        switch (provider)
        {
            case Pg:
                // First the check that refuses a partitioned table (PostgreSQL before 18), in the same transaction.
                var pgOperations = builder.Operations.OfType<SqlOperation>().ToList();
                Assert.Equal(3, pgOperations.Count);
                Assert.Contains("WHERE c.oid = '\"Orders\"'::regclass) = 'p' AND current_setting('server_version_num')::int < 180000", pgOperations[0].Sql);
                Assert.Contains("AddForeignKeyNotValid cannot run on the partitioned table", pgOperations[0].Sql);
                Assert.All(pgOperations, o => Assert.False(o.SuppressTransaction));
                Assert.Equal(
                    "ALTER TABLE \"Orders\" ADD CONSTRAINT \"FK_Orders_Customers\" FOREIGN KEY (\"CustomerId\") REFERENCES \"Customers\" (\"Id\") ON DELETE CASCADE NOT VALID;\n"
                    + "ALTER TABLE \"Orders\" VALIDATE CONSTRAINT \"FK_Orders_Customers\";",
                    string.Join("\n", pgOperations.Skip(1).Select(o => o.Sql)));
                break;
            case Ms:
                Assert.Equal(
                    "ALTER TABLE [Orders] WITH NOCHECK ADD CONSTRAINT [FK_Orders_Customers] FOREIGN KEY ([CustomerId]) REFERENCES [Customers] ([Id]) ON DELETE CASCADE;\n"
                    + "ALTER TABLE [Orders] WITH CHECK CHECK CONSTRAINT [FK_Orders_Customers];",
                    sql);
                AssertParsesAsTSql(sql);
                break;
            case Lite:
                var fk = Assert.IsType<AddForeignKeyOperation>(Assert.Single(builder.Operations));
                Assert.Equal(ReferentialAction.Cascade, fk.OnDelete);
                Assert.Equal(["Id"], fk.PrincipalColumns!);
                break;
            default:
                Assert.Equal(
                    "ALTER TABLE `Orders` ADD CONSTRAINT `FK_Orders_Customers` FOREIGN KEY (`CustomerId`) REFERENCES `Customers` (`Id`) ON DELETE CASCADE;",
                    sql);
                Assert.Throws<ArgumentException>(() => new MigrationBuilder(provider).AddForeignKeyNotValid("FK", "O", "C", "P"));
                break;
        }
    }

    [Fact]
    public void SQL_Server_check_constraint_condition_is_dynamic_SQL_with_its_quotes_doubled()
    {
        var sql = Text(Ms, b => b.AddCheckConstraintNotValid("CK_Status", "Orders", "[Status] <> N'gone'", "sales"));
        Assert.Equal("EXEC(N'ALTER TABLE [sales].[Orders] WITH NOCHECK ADD CONSTRAINT [CK_Status] CHECK ([Status] <> N''gone'');');", sql);

        // The string EXEC runs is the statement itself, and parses as one.
        var exec = Assert.IsType<ExecuteStatement>(Assert.Single(Assert.Single(ParseTSql(sql).Batches).Statements));
        var inner = Assert.IsType<StringLiteral>(Assert.Single(Assert.IsType<ExecutableStringList>(exec.ExecuteSpecification.ExecutableEntity).Strings)).Value;
        Assert.Equal("ALTER TABLE [sales].[Orders] WITH NOCHECK ADD CONSTRAINT [CK_Status] CHECK ([Status] <> N'gone');", inner);
        AssertParsesAsTSql(inner);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void AddCheckConstraintNotValid(string provider)
    {
        var builder = new MigrationBuilder(provider);
        builder.AddCheckConstraintNotValid("CK_Price", "Products", "Price >= 0");
        var sql = string.Join("\n", builder.Operations.OfType<SqlOperation>().Select(o => o.Sql));
        switch (provider)
        {
            case Pg:
                Assert.Equal("ALTER TABLE \"Products\" ADD CONSTRAINT \"CK_Price\" CHECK (Price >= 0) NOT VALID;", sql);
                break;
            case Ms:
                Assert.Equal("EXEC(N'ALTER TABLE [Products] WITH NOCHECK ADD CONSTRAINT [CK_Price] CHECK (Price >= 0);');", sql);
                break;
            case Lite:
                Assert.IsType<AddCheckConstraintOperation>(Assert.Single(builder.Operations));
                break;
            default:
                Assert.Equal("ALTER TABLE `Products` ADD CONSTRAINT `CK_Price` CHECK (Price >= 0);", sql);
                break;
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void AddUniqueConstraintUsingIndex_and_its_inverse(string provider)
    {
        var ops = Sql(provider, b => b.AddUniqueConstraintUsingIndex("AK_Users_Email", "Users", ["Email", "TenantId"]));
        var drop = Text(provider, b => b.DropUniqueConstraintUsingIndex("AK_Users_Email", "Users"));
        switch (provider)
        {
            case Pg:
                Assert.Equal(3, ops.Count);
                Assert.Contains("WHERE i.indrelid = '\"Users\"'::regclass AND c.relname = 'AK_Users_Email' AND NOT i.indisvalid", ops[0].Sql);
                Assert.Contains("EXCEPTION WHEN lock_not_available", ops[0].Sql);
                Assert.DoesNotContain("IF EXISTS", ops[0].Sql);
                Assert.Equal("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS \"AK_Users_Email\" ON \"Users\" (\"Email\", \"TenantId\");", ops[1].Sql);
                Assert.Contains("ALTER TABLE \"Users\" ADD CONSTRAINT \"AK_Users_Email\" UNIQUE USING INDEX \"AK_Users_Email\";", ops[2].Sql);
                Assert.True(ops[0].SuppressTransaction && ops[1].SuppressTransaction);
                Assert.False(ops[2].SuppressTransaction);
                Assert.Equal("ALTER TABLE \"Users\" DROP CONSTRAINT \"AK_Users_Email\";", drop);
                break;
            case Ms:
                Assert.Equal("ALTER TABLE [Users] ADD CONSTRAINT [AK_Users_Email] UNIQUE ([Email], [TenantId]);", Assert.Single(ops).Sql);
                Assert.Equal("ALTER TABLE [Users] DROP CONSTRAINT [AK_Users_Email];", drop);
                break;
            case Lite:
                Assert.Equal("CREATE UNIQUE INDEX \"AK_Users_Email\" ON \"Users\" (\"Email\", \"TenantId\");", Assert.Single(ops).Sql);
                Assert.Equal("DROP INDEX IF EXISTS \"AK_Users_Email\";", drop);
                break;
            default:
                Assert.Equal(
                    "ALTER TABLE `Users` ADD CONSTRAINT `AK_Users_Email` UNIQUE (`Email`, `TenantId`), ALGORITHM=INPLACE, LOCK=NONE;",
                    Assert.Single(ops).Sql);
                Assert.Equal("ALTER TABLE `Users` DROP INDEX `AK_Users_Email`;", drop);
                break;
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void DropIndexConcurrently(string provider)
    {
        var operations = Sql(provider, b => b.DropIndexConcurrently("IX_Users_Email", "Users", "app"));
        if (provider == Pg)
        {
            // First a plain drop of the index if it is a partitioned table's (relkind 'I'), which cannot go CONCURRENTLY.
            Assert.Equal(2, operations.Count);
            Assert.Contains("_index := to_regclass('\"app\".\"IX_Users_Email\"');", operations[0].Sql);
            Assert.Contains("= 'I' THEN\n    EXECUTE format('DROP INDEX %s', _index);", operations[0].Sql);
            Assert.Contains("EXCEPTION WHEN lock_not_available", operations[0].Sql);
            Assert.True(operations[0].SuppressTransaction);
            operations = operations.Skip(1).ToList();
        }

        var op = Assert.Single(operations);
        Assert.Equal(
            provider switch
            {
                Pg => "DROP INDEX CONCURRENTLY IF EXISTS \"app\".\"IX_Users_Email\";",
                Ms => "DROP INDEX IF EXISTS [IX_Users_Email] ON [app].[Users];",
                Lite => "DROP INDEX IF EXISTS \"IX_Users_Email\";",
                _ => "ALTER TABLE `app`.`Users` DROP INDEX `IX_Users_Email`, ALGORITHM=INPLACE, LOCK=NONE;",
            },
            op.Sql);
        Assert.Equal(provider == Pg, op.SuppressTransaction);
        if (provider is Ms or My or OracleMy)
        {
            Assert.Throws<ArgumentException>(() => new MigrationBuilder(provider).DropIndexConcurrently("IX"));
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void SetNotNullSafely_and_DropNotNullSafely(string provider)
    {
        if (provider == Lite)
        {
            var e = Assert.Throws<NotSupportedException>(() => new MigrationBuilder(provider).SetNotNullSafely("T", "C"));
            Assert.Contains("AlterColumn", e.Message);
            Assert.Throws<NotSupportedException>(() => new MigrationBuilder(provider).DropNotNullSafely("T", "C"));
            return;
        }

        var ops = Sql(provider, b => b.SetNotNullSafely("Contacts", "Email", columnType: provider == Ms ? "nvarchar(200)" : "varchar(200)"));
        var drop = Text(provider, b => b.DropNotNullSafely("Contacts", "Email", columnType: provider == Ms ? "nvarchar(200)" : "varchar(200)"));
        switch (provider)
        {
            case Pg:
                Assert.Equal(4, ops.Count);
                Assert.All(ops, o => Assert.True(o.SuppressTransaction));
                Assert.Contains("ADD CONSTRAINT \"sm_nn_Contacts_Email\" CHECK (\"Email\" IS NOT NULL) NOT VALID", ops[0].Sql);
                Assert.Contains("ALTER TABLE \"Contacts\" VALIDATE CONSTRAINT \"sm_nn_Contacts_Email\";", ops[1].Sql);
                Assert.Contains("EXCEPTION WHEN check_violation", ops[1].Sql);
                Assert.True(
                    ops[1].Sql.IndexOf("DROP CONSTRAINT IF EXISTS \"sm_nn_Contacts_Email\"", StringComparison.Ordinal)
                    < ops[1].Sql.IndexOf("COMMIT;", StringComparison.Ordinal));

                // The drop after a failed VALIDATE takes ACCESS EXCLUSIVE too: under the brief lock timeout, retried.
                var cleanup = ops[1].Sql[ops[1].Sql.IndexOf("IF _message IS NOT NULL", StringComparison.Ordinal)..];
                Assert.True(
                    cleanup.IndexOf("set_config('lock_timeout'", StringComparison.Ordinal) is var timeout and >= 0
                    && timeout < cleanup.IndexOf("DROP CONSTRAINT IF EXISTS", StringComparison.Ordinal)
                    && cleanup.IndexOf("DROP CONSTRAINT IF EXISTS", StringComparison.Ordinal) < cleanup.IndexOf("EXCEPTION WHEN lock_not_available", StringComparison.Ordinal),
                    ops[1].Sql);
                Assert.DoesNotContain("_tries >=", cleanup); // It must happen: tried again until it gets its lock, never given up,
                Assert.Contains("EXCEPTION WHEN lock_not_available OR deadlock_detected", cleanup); // a deadlock retried too,
                Assert.Contains("RAISE WARNING 'EFCore.SafeMigrations: still waiting for a lock", cleanup); // and said at each try.
                Assert.Contains("ALTER TABLE \"Contacts\" ALTER COLUMN \"Email\" SET NOT NULL;", ops[2].Sql);
                Assert.Contains("ALTER TABLE \"Contacts\" DROP CONSTRAINT IF EXISTS \"sm_nn_Contacts_Email\";", ops[3].Sql);

                // The ACCESS EXCLUSIVE steps wait for their lock at most lock_timeout, and try again (live: LockQueueTests).
                foreach (var step in new[] { ops[0], ops[2], ops[3] })
                {
                    Assert.Contains("set_config('lock_timeout', '5s', true)", step.Sql);
                    Assert.Contains("EXCEPTION WHEN lock_not_available", step.Sql);
                }

                // VALIDATE takes SHARE UPDATE EXCLUSIVE: no queue forms behind it, and it runs under no lock timeout.
                Assert.DoesNotContain("lock_timeout", ops[1].Sql[..ops[1].Sql.IndexOf("IF _message IS NOT NULL", StringComparison.Ordinal)]);
                Assert.Equal("ALTER TABLE \"Contacts\" ALTER COLUMN \"Email\" DROP NOT NULL;", drop);
                break;
            case Ms:
                Assert.Equal("ALTER TABLE [Contacts] ALTER COLUMN [Email] nvarchar(200) NOT NULL;", Assert.Single(ops).Sql);
                Assert.Equal("ALTER TABLE [Contacts] ALTER COLUMN [Email] nvarchar(200) NULL;", drop);
                Assert.Throws<ArgumentException>(() => new MigrationBuilder(provider).SetNotNullSafely("T", "C"));
                break;
            default:
                Assert.Equal(4, ops.Count);
                Assert.Equal("DROP PROCEDURE IF EXISTS `sm_notnull_Contacts_Email`;", ops[0].Sql);
                Assert.Contains("SET SESSION sql_mode = CONCAT_WS(',', NULLIF(@@SESSION.sql_mode, ''), 'STRICT_ALL_TABLES');", ops[1].Sql);
                Assert.Contains(
                    "ALTER TABLE `Contacts` MODIFY COLUMN `Email` varchar(200) NOT NULL, ALGORITHM=INPLACE, LOCK=NONE;",
                    ops[1].Sql);
                Assert.Equal("CALL `sm_notnull_Contacts_Email`();", ops[2].Sql);
                Assert.Equal("DROP PROCEDURE `sm_notnull_Contacts_Email`;", ops[3].Sql);
                Assert.Equal("ALTER TABLE `Contacts` MODIFY COLUMN `Email` varchar(200) NULL, ALGORITHM=INPLACE, LOCK=NONE;", drop);
                break;
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void CompatibilityView(string provider)
    {
        if (provider == Lite)
        {
            var e = Assert.Throws<NotSupportedException>(() => new MigrationBuilder(provider).CreateCompatibilityView("Customers", "Clients"));
            Assert.Contains("ToTable(\"Customers\")", e.Message);
            Assert.Equal("DROP VIEW IF EXISTS \"Customers\";", Text(provider, b => b.DropCompatibilityView("Customers", "Clients")));
            return;
        }

        var create = Text(provider, b => b.CreateCompatibilityView("Customers", "Clients", "crm"));
        var drop = Text(provider, b => b.DropCompatibilityView("Customers", "Clients", "crm"));
        var (view, table) = provider switch
        {
            Ms => ("[crm].[Customers]", "[crm].[Clients]"),
            Pg => ("\"crm\".\"Customers\"", "\"crm\".\"Clients\""),
            _ => ("`crm`.`Customers`", "`crm`.`Clients`"),
        };
        // SQL Server: dynamic SQL, since CREATE VIEW must open its batch and an EF Core 9+ script batches a transaction's commands.
        Assert.Equal(provider == Ms ? $"EXEC(N'CREATE VIEW {view} AS SELECT * FROM {table};');" : $"CREATE VIEW {view} AS SELECT * FROM {table};", create);
        Assert.Equal($"DROP VIEW IF EXISTS {view};", drop);
    }

    /// <summary>
    /// Two syncs in one migration: an EF Core 9+ SQL Server script puts a transaction's commands into one batch, where two
    /// syncs declaring the same variables would fail (Msg 134). Each declares its own, and the batch parses.
    /// </summary>
    [Fact]
    public void Two_SQL_Server_syncs_in_one_batch_declare_variables_of_their_own()
    {
        var batch = string.Join("\n", Sql(Ms, b =>
        {
            b.CreateColumnSync("Customers", "Name", "FullName");
            b.CreateColumnSync("Customers", "Mail", "Email");
        }).Select(o => o.Sql));
        var declared = Regex.Matches(batch, "DECLARE (@[a-z]+_[0-9a-f]{8}) ").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(8, declared.Count); // Each: the join, the key ordinal and column it walks, the trigger's text.
        Assert.Equal(declared.Count, declared.Distinct().Count());
        AssertParsesAsTSql(batch);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void ReversibleSql_runs_the_up_sql(string provider)
    {
        var op = Assert.Single(Sql(provider, b => b.ReversibleSql("SELECT 1", "SELECT 2", suppressTransaction: true)));
        Assert.Equal("SELECT 1", op.Sql);
        Assert.True(op.SuppressTransaction);
    }

    [Fact]
    public void Every_public_helper_has_a_documented_inverse()
    {
        var helpers = typeof(SafeMigrationBuilderExtensions)
            .GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Select(m => m.Name)
            .Distinct()
            .ToList();
        Assert.NotEmpty(helpers);
        foreach (var helper in helpers)
        {
            var inverse = SafeMigrationInverses.Find(helper);
            Assert.True(inverse is not null, $"{helper} has no entry in SafeMigrationInverses");
            Assert.True(inverse!.Kind == InverseKind.NoOp || inverse.Inverse is not null, helper);
        }

        Assert.Equal(helpers.Count, SafeMigrationInverses.All.Count);
        Assert.Equal(nameof(SafeMigrationBuilderExtensions.DropColumnSync), SafeMigrationInverses.Find("CreateColumnSync")!.Inverse);
        Assert.Equal(InverseKind.SwapFirstTwoArguments, SafeMigrationInverses.Find("ReversibleSql")!.Kind);
    }

    [Fact]
    public void Readme_lists_every_helper_and_its_inverse()
    {
        var readme = File.ReadAllText(Path.Combine(RepoRoot(), "src", "SafeMigrations", "README.md"));
        foreach (var inverse in SafeMigrationInverses.All)
        {
            Assert.Contains($"`{inverse.Helper}`", readme);
            if (inverse.Inverse is not null)
            {
                Assert.Contains($"`{inverse.Inverse}`", readme);
            }
        }
    }

    private static string RepoRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Analyzers.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }
}
