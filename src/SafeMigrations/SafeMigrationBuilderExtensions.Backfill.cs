using System;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using EFCore.SafeMigrations.Internal;
using Microsoft.EntityFrameworkCore.Migrations;

namespace EFCore.SafeMigrations;

public static partial class SafeMigrationBuilderExtensions
{
    /// <summary>
    /// Copies <paramref name="fromColumn"/> into <paramref name="toColumn"/> in batches, each batch its own
    /// short transaction where the provider allows it. Use it in the expand step of a rename or a type change,
    /// after <see cref="CreateColumnSync"/> so that rows written meanwhile stay equal.
    /// </summary>
    /// <remarks>
    /// <para>
    /// It copies only the rows not yet copied: those where <paramref name="toColumn"/> is <c>NULL</c> and the
    /// converted value is not. So it is restartable, never overwrites a value the new app version wrote, and
    /// always ends. The target column must therefore be nullable, without a default, during the expand phase
    /// (make it <c>NOT NULL</c> in the contract step).
    /// </para>
    /// <list type="bullet">
    /// <item>PostgreSQL: a <c>DO</c> block outside the migration transaction that walks the table by its primary key
    /// (batches of <paramref name="batchSize"/> keys, each committed), then sweeps the rows that still match (rows that
    /// concurrent writes moved or inserted behind the walk) until a pass finds none, and ends with a check that raises
    /// an error if any row still matches. Partitioned tables are walked through the parent's primary key. A table
    /// without a primary key is only swept (by <c>ctid</c>, per partition), which is correct but scans the table
    /// again for every batch. It cannot run inside a user transaction.</item>
    /// <item>SQL Server: outside the migration transaction, a walk of the table by its primary key (batches of
    /// <paramref name="batchSize"/> keys, each committed; a single-column key of an integer type or <c>uniqueidentifier</c>
    /// only), then a <c>WHILE</c> loop of <c>UPDATE TOP (n)</c> that sweeps the rows that still match until none does. A
    /// table with another key is only swept, and each sweep batch scans from the start of the table unless an index
    /// serves the WHERE.</item>
    /// <item>MySQL/MariaDB: a temporary stored procedure that walks the table by its primary key (a single integer column
    /// only), then loops over <c>UPDATE ... LIMIT n</c> until no row matches, each batch committed, then is dropped.</item>
    /// <item>SQLite: one <c>UPDATE</c> in the migration transaction; SQLite has one writer at a time, so batches
    /// would not let other writers in.</item>
    /// </list>
    /// <para><b>Inverse:</b> none needed; a no-op in <c>Down</c>. The copied values are not removed: the target
    /// column is normally added in the same expand migration and dropped by that <c>AddColumn</c>'s inverse.</para>
    /// </remarks>
    /// <param name="migrationBuilder">The migration builder.</param>
    /// <param name="table">The table.</param>
    /// <param name="fromColumn">The column to copy from (the old one).</param>
    /// <param name="toColumn">The column to copy to (the new one).</param>
    /// <param name="schema">The table's schema, or <see langword="null"/> for the default schema.</param>
    /// <param name="batchSize">The number of rows per batch (on PostgreSQL, the number of keys per batch of the walk).</param>
    /// <param name="conversionSql">SQL that converts the old value to the new column's type, with <c>{0}</c> for
    /// the old column, for example <c>CAST({0} AS bigint)</c>. <see langword="null"/> copies the value as it is.</param>
    /// <returns>The same migration builder.</returns>
    public static MigrationBuilder CopyColumnData(
        this MigrationBuilder migrationBuilder,
        string table,
        string fromColumn,
        string toColumn,
        string? schema = null,
        int batchSize = 10_000,
        string? conversionSql = null)
    {
        var dialect = SqlDialect.For(migrationBuilder, nameof(CopyColumnData));
        NotEmpty(table, nameof(table));
        NotEmpty(fromColumn, nameof(fromColumn));
        NotEmpty(toColumn, nameof(toColumn));
        BatchSize(batchSize);

        var to = dialect.Quote(toColumn);
        var value = Convert(conversionSql, dialect.Quote(fromColumn), nameof(conversionSql));
        EmitBatchedUpdate(
            migrationBuilder,
            dialect,
            table,
            schema,
            setSql: $"{to} = {value}",
            whereSql: $"{to} IS NULL AND {value} IS NOT NULL",
            batchSize);
        return migrationBuilder;
    }

    /// <summary>
    /// Runs <c>UPDATE table SET setSql WHERE whereSql</c> in batches, each batch its own short transaction where
    /// the provider allows it, instead of one long transaction that locks every row of the table.
    /// </summary>
    /// <remarks>
    /// <para>
    /// <paramref name="setSql"/> must make <paramref name="whereSql"/> false for the rows it updates (for example
    /// <c>"Status" = 0</c> with <c>"Status" IS NULL</c>); that is what lets the backfill restart after a failure,
    /// and on SQL Server and MySQL what ends the loop. How the batches are run per provider is described on
    /// <see cref="CopyColumnData"/>.
    /// </para>
    /// <para><b>Inverse:</b> none; a no-op in <c>Down</c>. The old values are not restored.</para>
    /// </remarks>
    /// <param name="migrationBuilder">The migration builder.</param>
    /// <param name="table">The table.</param>
    /// <param name="setSql">The SQL after <c>SET</c>, in the provider's syntax, for example <c>"Status" = 0</c>.</param>
    /// <param name="whereSql">The SQL after <c>WHERE</c> that selects the rows still to update.</param>
    /// <param name="batchSize">The number of rows per batch (on PostgreSQL, the number of keys per batch of the walk).</param>
    /// <param name="schema">The table's schema, or <see langword="null"/> for the default schema.</param>
    /// <returns>The same migration builder.</returns>
    public static MigrationBuilder BackfillInBatches(
        this MigrationBuilder migrationBuilder,
        string table,
        string setSql,
        string whereSql,
        int batchSize = 10_000,
        string? schema = null)
    {
        var dialect = SqlDialect.For(migrationBuilder, nameof(BackfillInBatches));
        NotEmpty(table, nameof(table));
        NotEmpty(setSql, nameof(setSql));
        NotEmpty(whereSql, nameof(whereSql));
        BatchSize(batchSize);
        EmitBatchedUpdate(migrationBuilder, dialect, table, schema, setSql, whereSql, batchSize);
        return migrationBuilder;
    }

    /// <summary>
    /// The first line of SQL Server's batched backfill, by which SafeMigrator knows the one command outside the transaction
    /// there that bounds its own lock waits (and so may run without a client timeout).
    /// </summary>
    internal const string SqlServerBackfillStart = "-- EFCore.SafeMigrations: batched backfill";

    private static void EmitBatchedUpdate(
        MigrationBuilder migrationBuilder,
        SqlDialect dialect,
        string table,
        string? schema,
        string setSql,
        string whereSql,
        int batchSize)
    {
        var target = dialect.Qualify(table, schema);
        var batch = SqlDialect.Invariant(batchSize);
        switch (dialect.Provider)
        {
            case SqlProvider.PostgreSql:
                // One statement per command: Npgsql would put several statements in one implicit transaction,
                // where COMMIT inside the DO block is not allowed.
                Emit(migrationBuilder, PostgresBatchedUpdate(dialect, target, setSql, whereSql, batch), suppressTransaction: true);
                break;

            case SqlProvider.SqlServer:
                // Each batch waits at most 5 s for a row lock (unless the session has a LOCK_TIMEOUT of its own): a batch
                // that waits holds the rows it has updated, and every app write to them waits behind it, as long as the
                // transaction it waits for stays open. A batch that gives up (error 1222) or is chosen as a deadlock victim
                // (1205) is undone alone and runs again after a pause; the twenty-first failure in a row ends the backfill
                // with SQL Server's error. As it runs without a client timeout, a SET that does not make the WHERE false would
                // loop forever: after updating twice the rows the table holds (sys.partitions), it stops with an error.
                // The loop runs as dynamic SQL: SQL Server puts a SET LOCK_TIMEOUT made there back when it returns, however it
                // ends (a client cancel included), and compiles it only when it runs (an idempotent script that skips it
                // after a contract dropped a column it names does not fail to compile).
                var tableRows = $"(SELECT COALESCE(SUM(p.rows), 0) FROM sys.partitions AS p WHERE p.object_id = OBJECT_ID({dialect.Literal(target)}) AND p.index_id IN (0, 1))";
                var loop = $@"DECLARE @rows int = 1, @failures int = 0, @updated bigint = 0,
    @limit bigint = 2 * {tableRows} + {batch};
IF @@LOCK_TIMEOUT = -1
    SET LOCK_TIMEOUT 5000;
{SqlServerKeyWalk(dialect, target, setSql, whereSql, batch)}
WHILE @rows > 0
BEGIN
    BEGIN TRY
        UPDATE TOP ({batch}) {target} SET {setSql}
        WHERE {whereSql};
        SET @rows = @@ROWCOUNT;
        SET @failures = 0;
        SET @updated = @updated + @rows;
        IF @updated > @limit
            SET @limit = 2 * {tableRows} + {batch}; -- The table may have grown (rows the old app inserts), and the count is an estimate.
        IF @updated > @limit
            THROW 50000, {dialect.Literal($"EFCore.SafeMigrations: the backfill of {target} has updated twice as many rows as the table holds, so its SET does not make its WHERE false for the rows it updates, and it would never end. Change setSql or whereSql.")}, 1;
    END TRY
{SqlServerRetryAfterLockFailure}
END;";
                Emit(migrationBuilder, $"{SqlServerBackfillStart}\nEXEC sys.sp_executesql {dialect.Literal(loop)};", suppressTransaction: true);
                break;

            case SqlProvider.MySql:
                // Each batch is committed (also under autocommit=0) and runs under READ COMMITTED (SET TRANSACTION sets the
                // next transaction only, so the session keeps its level; not with statement-based binary logging, which
                // refuses InnoDB writes under READ COMMITTED). Under InnoDB's default REPEATABLE READ a batch whose WHERE no index serves locks every row it
                // scans, the rows earlier batches finished included, until it commits: the app's writes to any of them
                // wait, longer as the walk gets further. READ COMMITTED releases the rows that do not match at once, and
                // skips a row another transaction holds when its committed version does not match. It runs without a client
                // timeout, so a SET that leaves its rows matching the WHERE would loop forever: past twice the table's
                // estimated rows (information_schema, which may be stale) it counts them, and past twice that it stops.
                var procedure = dialect.Quote(
                    dialect.ObjectName("sm_backfill", table, ShortHash(schema + "|" + setSql + "|" + whereSql)));
                EmitMySqlTemporaryProcedure(
                    migrationBuilder,
                    procedure,
                    $@"BEGIN
    DECLARE _rows INT DEFAULT 1;
    DECLARE _updated BIGINT DEFAULT 0;
    DECLARE _limit BIGINT DEFAULT 2 * COALESCE((SELECT TABLE_ROWS FROM information_schema.TABLES WHERE TABLE_SCHEMA = {(schema is null ? "DATABASE()" : dialect.Literal(schema))} AND TABLE_NAME = {dialect.Literal(table)}), 0) + {batch};
{(migrationBuilder.ActiveProvider == SqlDialect.PomeloProviderName ? MySqlKeyWalk(dialect, table, schema, target, setSql, whereSql, batch) + "\n" : "")}    WHILE _rows > 0 DO
        {MySqlNextBatchReadCommitted}
        UPDATE {target} SET {setSql}
        WHERE {whereSql}
        LIMIT {batch};
        SET _rows = ROW_COUNT();
        COMMIT;
        SET _updated = _updated + _rows;
        IF _updated > _limit THEN
            SET _limit = 2 * (SELECT COUNT(*) FROM {target}) + {batch};
            IF _updated > _limit THEN
                SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = {dialect.Literal(MySqlMessage($"EFCore.SafeMigrations: its SET does not make its WHERE false; twice the rows of {target} updated."))};
            END IF;
        END IF;
    END WHILE;
END",
                    suppressTransaction: true);
                break;

            default:
                Emit(migrationBuilder, $"UPDATE {target} SET {setSql}\nWHERE {whereSql};");
                break;
        }
    }

    /// <summary>
    /// The CATCH of each SQL Server batch, the walk's and the sweep's: a batch that gave up on a row lock (1222) or lost a
    /// deadlock (1205) is undone alone and runs again after a pause; the twenty-first failure in a row, or any other error,
    /// ends the loop with SQL Server's error.
    /// </summary>
    private const string SqlServerRetryAfterLockFailure = @"    BEGIN CATCH
        SET @failures = @failures + 1;
        IF ERROR_NUMBER() NOT IN (1222, 1205) OR @failures > 20
            THROW;
        WAITFOR DELAY '00:00:00.200';
    END CATCH;";

    /// <summary>
    /// SQL Server's walk of the table by its primary key, before the sweep of <c>UPDATE TOP (n)</c>: without an index on the
    /// WHERE's columns each sweep batch scans from the start of the table past every row the batches before it finished, so
    /// a sweep alone reads about rows² / (2 n) rows (5·10¹¹ for 100 million rows in batches of 10,000). The walk updates the
    /// matching rows of the next <c>n</c> keys per batch, each a range seek, so the table is read about once; the sweep after
    /// it then finds only the rows written behind the walk and ends. Only a single-column key of an integer type or
    /// <c>uniqueidentifier</c> is walked (the variables that hold the bounds take the key's type by name); other tables
    /// are swept as before. The walk only speeds the sweep up: whatever stops it (an error of its own included), the sweep
    /// does the rest and meets any real error (a failing conversion in the SET, say) again.
    /// </summary>
    private static string SqlServerKeyWalk(SqlDialect dialect, string target, string setSql, string whereSql, string batch)
    {
        // Key and Type stand for the key column and its type, known only when it runs: the walk is put together there. They are
        // control characters, which no setSql or whereSql holds. A WHERE that ends in a -- comment closes on a line of its own.
        const string Key = "\u0001K\u0001", Type = "\u0001T\u0001";
        var walk = $@"DECLARE @lo {Type}, @hi {Type}, @failures int = 0;
WHILE 1 = 1
BEGIN
    BEGIN TRY
        SET @hi = NULL;
        IF @lo IS NULL
            SELECT @hi = MAX(s.k) FROM (SELECT TOP ({batch}) {Key} AS k FROM {target} ORDER BY {Key}) AS s;
        ELSE
            SELECT @hi = MAX(s.k) FROM (SELECT TOP ({batch}) {Key} AS k FROM {target} WHERE {Key} > @lo ORDER BY {Key}) AS s OPTION (RECOMPILE);
        IF @hi IS NULL
            BREAK;
        -- Two statements, not (@lo IS NULL OR key > @lo): that predicate would not seek, and each batch would scan from the start again.
        -- RECOMPILE: planned for the bounds' values, the range is a seek even on a NONCLUSTERED key, where a plan for unknown
        -- bounds guesses a tenth of the table and scans the clustered index in every batch.
        IF @lo IS NULL
            UPDATE {target} SET {setSql}
            WHERE {Key} <= @hi AND ({whereSql}
            ) OPTION (RECOMPILE);
        ELSE
            UPDATE {target} SET {setSql}
            WHERE {Key} > @lo AND {Key} <= @hi AND ({whereSql}
            ) OPTION (RECOMPILE);
        SET @lo = @hi;
        SET @failures = 0;
    END TRY
{SqlServerRetryAfterLockFailure}
END;";
        // The walk's text starts as nvarchar(max): a concatenation of N'...' literals, sysname and QUOTENAME alone is cut at
        // 4,000 characters, and a long setSql would leave a walk that does not parse (and a quadratic sweep).
        var assembled = string.Join(
            " + QUOTENAME(@key) + ",
            walk.Split(new[] { Key }, StringSplitOptions.None).Select(part => string.Join(" + @keytype + ", part.Split(new[] { Type }, StringSplitOptions.None).Select(dialect.Literal))));
        return $@"DECLARE @key sysname, @keytype sysname, @walk nvarchar(max);
SELECT @key = MAX(c.name), @keytype = MAX(TYPE_NAME(c.system_type_id))
FROM sys.indexes AS i
JOIN sys.index_columns AS ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id AND ic.key_ordinal > 0
JOIN sys.columns AS c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
WHERE i.object_id = OBJECT_ID({dialect.Literal(target)}) AND i.is_primary_key = 1
HAVING COUNT(*) = 1;
IF @keytype IN (N'int', N'bigint', N'smallint', N'tinyint', N'uniqueidentifier')
BEGIN
    BEGIN TRY
        SET @walk = CAST(N'' AS nvarchar(max)) + {assembled};
        EXEC sys.sp_executesql @walk;
    END TRY
    BEGIN CATCH
        SET @walk = NULL; -- The sweep below does the rest.
    END CATCH;
END;";
    }

    /// <summary>
    /// MySQL: the next transaction (the next batch) runs under READ COMMITTED, unless statement-based binary logging refuses
    /// InnoDB writes under it. SET TRANSACTION sets the next transaction only, so the session keeps its own level.
    /// </summary>
    private const string MySqlNextBatchReadCommitted = @"IF @@GLOBAL.log_bin = 0 OR @@SESSION.binlog_format <> 'STATEMENT' THEN
            SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
        END IF;";

    /// <summary>
    /// MySQL's walk of the table by its primary key, before the sweep of <c>UPDATE ... LIMIT n</c>, for the reason SQL Server
    /// has one (<see cref="SqlServerKeyWalk"/>): each sweep batch reads InnoDB's clustered index from the start, past every
    /// row the batches before it finished. A single-column integer key only (user variables hold its bounds), and with Pomelo
    /// only, which sets <c>AllowUserVariables=true</c> on every connection (Oracle's provider's connections refuse user
    /// variables by default, as MySqlConnector's do). The key's
    /// name is known only when it runs, so the statements are prepared there; setSql and whereSql go into them as hex
    /// literals, which read the same under every sql_mode (NO_BACKSLASH_ESCAPES changes what a quoted literal means).
    /// Each batch commits under READ COMMITTED, as the sweep's, and runs again after a lock wait timeout or a deadlock.
    /// Whatever stops the walk, the sweep does the rest.
    /// </summary>
    private static string MySqlKeyWalk(SqlDialect dialect, string table, string? schema, string target, string setSql, string whereSql, string batch)
    {
        // Names and the caller's SQL go into the prepared text as hex literals: a quote or a backslash in them cannot end it early.
        static string Text(string sql) => "CONVERT(X'" + System.Convert.ToHexString(Encoding.UTF8.GetBytes(sql)) + "' USING utf8mb4)";
        return $@"    walk: BEGIN
        DECLARE _key VARCHAR(64);
        DECLARE _key_is_integer BOOLEAN;
        DECLARE _failures INT DEFAULT 0;
        DECLARE _failed BOOLEAN DEFAULT FALSE;
        -- A batch that waited too long for a row lock (1205) or lost a deadlock (1213) runs again after a pause, up to 20
        -- failures in a row, as SQL Server's do; anything else ends the walk and the sweep below does the rest.
        DECLARE CONTINUE HANDLER FOR 1205, 1213 SET _failed = TRUE;
        DECLARE EXIT HANDLER FOR SQLEXCEPTION
        BEGIN
            ROLLBACK;
            SET @sm_key = NULL, @sm_lo = NULL, @sm_hi = NULL, @sm_sql = NULL;
        END;
        SELECT IF(COUNT(*) = 1, MAX(c.COLUMN_NAME), NULL), COUNT(*) = 1 AND MAX(c.DATA_TYPE) IN ('tinyint', 'smallint', 'mediumint', 'int', 'bigint')
        INTO _key, _key_is_integer
        FROM information_schema.KEY_COLUMN_USAGE AS k
        JOIN information_schema.COLUMNS AS c ON c.TABLE_SCHEMA = k.TABLE_SCHEMA AND c.TABLE_NAME = k.TABLE_NAME AND c.COLUMN_NAME = k.COLUMN_NAME
        WHERE k.TABLE_SCHEMA = {(schema is null ? "DATABASE()" : dialect.Literal(schema))} AND k.TABLE_NAME = {dialect.Literal(table)} AND k.CONSTRAINT_NAME = 'PRIMARY';
        IF NOT _key_is_integer THEN
            LEAVE walk;
        END IF;
        SET @sm_key = CONCAT('`', REPLACE(_key, '`', '``'), '`'), @sm_lo = NULL;
        batches: LOOP
            -- The next {batch} keys' bound, then their matching rows: a range of the clustered index.
            SET @sm_hi = NULL;
            SET @sm_sql = CONCAT('SELECT MAX(k) INTO @sm_hi FROM (SELECT ', @sm_key, ' AS k FROM ', {Text(target)}, IF(@sm_lo IS NULL, '', CONCAT(' WHERE ', @sm_key, ' > @sm_lo')), ' ORDER BY ', @sm_key, ' LIMIT {batch}) AS s');
            PREPARE sm_step FROM @sm_sql;
            EXECUTE sm_step;
            DEALLOCATE PREPARE sm_step;
            COMMIT;
            IF @sm_hi IS NULL THEN
                LEAVE batches;
            END IF;
            SET @sm_sql = CONCAT('UPDATE ', {Text(target)}, ' SET ', {Text(setSql)}, CHAR(10 USING utf8mb4), 'WHERE ', IF(@sm_lo IS NULL, '', CONCAT(@sm_key, ' > @sm_lo AND ')), @sm_key, ' <= @sm_hi AND (', {Text(whereSql)}, CHAR(10 USING utf8mb4), ')');
            {MySqlNextBatchReadCommitted}
            PREPARE sm_step FROM @sm_sql;
            EXECUTE sm_step;
            DEALLOCATE PREPARE sm_step;
            IF _failed THEN
                ROLLBACK;
                SET _failed = FALSE, _failures = _failures + 1;
                IF _failures > 20 THEN
                    LEAVE batches;
                END IF;
                DO SLEEP(0.2);
                ITERATE batches;
            END IF;
            COMMIT;
            SET @sm_lo = @sm_hi, _failures = 0;
        END LOOP;
        SET @sm_key = NULL, @sm_lo = NULL, @sm_hi = NULL, @sm_sql = NULL;
    END walk;";
    }

    /// <summary>
    /// The PostgreSQL backfill: a <c>DO</c> block that walks the table by its primary key (keyset batches, each
    /// committed), then sweeps the rows that still match (rows a concurrent write moved behind the walk, or
    /// inserted behind it) until a pass finds none, then checks that no row matches and raises an error if one
    /// does. A table without a primary key is swept only (by <c>ctid</c>, table by table of its partitions or
    /// inheritance children), which is correct but rescans the table per batch. Partitioned tables are walked through their parent's key.
    /// </summary>
    private static string PostgresBatchedUpdate(SqlDialect dialect, string target, string setSql, string whereSql, string batch)
    {
        var body = $@"
DECLARE
    _rel regclass := {dialect.Literal(target)}::regclass;
    _set text := {dialect.Literal(setSql)};
    _where text := {dialect.Literal(whereSql)};
    _batch bigint := {batch};
    _cols text;
    _lo_expr text;
    _hi_expr text;
    _key text;
    _lo text[];
    _hi text[];
    _above text;
    _rows bigint;
    _passes bigint := 0;
    _max_passes bigint;
    _leaf regclass;
    _n bigint;
    _any boolean;
    _retries int := 0;
    _pass_failed boolean := false;
    -- Each batch waits at most this long for a row lock (the session's own timeout when it has one): a batch that waits
    -- holds the rows it already locked, and the app's writes to them queue behind it.
    _lock_timeout text := CASE WHEN {PostgresSessionHasNoLockTimeout} THEN '{PostgresBriefLockTimeout}' ELSE current_setting('lock_timeout') END;
BEGIN
    IF (SELECT c.relkind FROM pg_class c WHERE c.oid = _rel) NOT IN ('r', 'p') THEN
        RAISE EXCEPTION 'EFCore.SafeMigrations: % is not a table; the batched backfill needs a table or a partitioned table.', _rel;
    END IF;

    -- The primary key (of the parent, for a partitioned table): its columns, and its values as text[] bounds. Only its
    -- key columns: indkey also lists the columns of an INCLUDE clause, which the key does not order by.
    SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY k.ord),
           string_agg(format('$1[%s]::%s', k.ord, format_type(a.atttypid, a.atttypmod)), ', ' ORDER BY k.ord),
           string_agg(format('$2[%s]::%s', k.ord, format_type(a.atttypid, a.atttypmod)), ', ' ORDER BY k.ord),
           'ARRAY[' || string_agg(quote_ident(a.attname) || '::text', ', ' ORDER BY k.ord) || ']'
      INTO _cols, _lo_expr, _hi_expr, _key
      FROM pg_index i
      CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
      JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
     WHERE i.indrelid = _rel AND i.indisprimary AND k.ord <= i.indnkeyatts;

    IF _cols IS NOT NULL THEN
        -- The walk: batches of _batch keys in key order, each its own transaction.
        LOOP
            _above := CASE WHEN _lo IS NULL THEN 'true' ELSE format('(%s) > (%s)', _cols, _lo_expr) END;
            EXECUTE format('SELECT %s FROM %s WHERE %s ORDER BY %s OFFSET %s LIMIT 1', _key, _rel, _above, _cols, _batch - 1)
               INTO _hi USING _lo;
            {Retried(@"EXECUTE format('UPDATE %s SET %s WHERE %s AND %s AND (%s)', _rel, _set, _above,
                           CASE WHEN _hi IS NULL THEN 'true' ELSE format('(%s) <= (%s)', _cols, _hi_expr) END, _where)
               USING _lo, _hi;", "CONTINUE; -- The same batch again.")}
            COMMIT;
            EXIT WHEN _hi IS NULL;
            _lo := _hi;
        END LOOP;
        _max_passes := 100;
    ELSE
        EXECUTE format('SELECT count(*) FROM %s WHERE (%s)', _rel, _where) INTO _rows;
        _max_passes := 100 + 2 * ((_rows + _batch - 1) / _batch);
    END IF;

    -- The sweep: until a pass finds no row that still matches.
    LOOP
        IF _cols IS NOT NULL THEN
            {Retried(@"EXECUTE format('UPDATE %1$s SET %2$s WHERE (%3$s) IN (SELECT %3$s FROM %1$s WHERE (%4$s) LIMIT %5$s) AND (%4$s)',
                           _rel, _set, _cols, _where, _batch);
            GET DIAGNOSTICS _rows = ROW_COUNT;", "_rows := 1; -- Another pass.")}
        ELSE
            _rows := 0;
            _pass_failed := false;
            -- Every table that holds rows of _rel: itself, its partitions, and the children of an old-style INHERITS
            -- tree (pg_partman before 5, TimescaleDB's chunks), which pg_partition_tree does not list; pg_inherits
            -- records both kinds. A partitioned parent holds no rows of its own.
            FOR _leaf IN
                WITH RECURSIVE tree(relid) AS (
                    SELECT _rel
                    UNION
                    SELECT i.inhrelid FROM pg_inherits i JOIN tree t ON i.inhparent = t.relid)
                SELECT t.relid::regclass FROM tree t JOIN pg_class c ON c.oid = t.relid WHERE c.relkind = 'r'
            LOOP
                {Retried(@"EXECUTE format('UPDATE ONLY %1$s SET %2$s WHERE ctid = ANY (ARRAY(SELECT ctid FROM ONLY %1$s WHERE (%3$s) LIMIT %4$s)) AND (%3$s)',
                               _leaf, _set, _where, _batch);
                GET DIAGNOSTICS _n = ROW_COUNT;", "_n := 1; _pass_failed := true; -- Another pass.", resetsOnSuccess: false)}
                _rows := _rows + _n;
            END LOOP;
        END IF;
        COMMIT;
        -- The failures in a row count per pass here: a table of the tree that keeps failing must not be reset by the others.
        IF _cols IS NULL AND NOT _pass_failed THEN
            _retries := 0;
        END IF;
        EXIT WHEN _rows = 0;
        _passes := _passes + 1;
        IF _passes > _max_passes THEN
            RAISE EXCEPTION 'EFCore.SafeMigrations: the backfill of % still finds rows matching its WHERE after % passes. Does the SET make the WHERE false, and does no app version keep writing rows that match it?', _rel, _passes;
        END IF;
    END LOOP;

    -- The final check: no row may still match.
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM %s WHERE (%s))', _rel, _where) INTO _any;
    IF _any THEN
        RAISE EXCEPTION 'EFCore.SafeMigrations: the backfill of % ended with rows that still match its WHERE (%); run the migration again.', _rel, _where;
    END IF;
END";
        return "DO " + SqlDialect.DollarQuote(body) + ";";
    }

    /// <summary>
    /// A batch's UPDATE in a block that survives a deadlock with the app and a row lock held too long: an app transaction
    /// that holds a row the batch reaches and then waits for one the batch holds makes PostgreSQL cancel one of the two,
    /// often the batch (it waited first); a row held by a transaction left open (idle in transaction) makes the batch give
    /// up after the lock timeout instead of holding its own rows for as long. The batch's work is rolled back to the
    /// block's start and runs again after a pause; the twenty-first failure in a row ends the backfill with the
    /// database's error. The COMMIT stays outside the block, where PL/pgSQL allows it.
    /// </summary>
    private static string Retried(string statements, string afterFailure, bool resetsOnSuccess = true) => $@"BEGIN
                PERFORM set_config('lock_timeout', _lock_timeout, true);
                {statements}{(resetsOnSuccess ? @"
                _retries := 0;" : string.Empty)}
            EXCEPTION WHEN deadlock_detected OR lock_not_available THEN
                _retries := _retries + 1;
                IF _retries > 20 THEN
                    RAISE;
                END IF;
                PERFORM pg_sleep(0.1 * least(_retries, 10));
                {afterFailure}
            END;";

    /// <summary>A SIGNAL's MESSAGE_TEXT holds at most 128 characters (MySQL, MariaDB).</summary>
    private static string MySqlMessage(string message) => message.Length <= 128 ? message : message.Substring(0, 125) + "...";

    internal static string ShortHash(string text)
        => System.Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).Substring(0, 8).ToLowerInvariant();
}
