using System;
using System.Collections.Generic;
using System.Text;
using EFCore.SafeMigrations.Internal;
using Microsoft.EntityFrameworkCore.Migrations;

namespace EFCore.SafeMigrations;

public static partial class SafeMigrationBuilderExtensions
{
    /// <summary>
    /// Creates triggers that keep <paramref name="oldColumn"/> and <paramref name="newColumn"/> equal during the
    /// expand phase of a rename or type change: a write from the old app version (to the old column) is copied
    /// to the new column, and a write from the new app version (to the new column) is copied back.
    /// </summary>
    /// <remarks>
    /// <para>Rules, on every provider:</para>
    /// <list type="bullet">
    /// <item>INSERT: when the new column is <c>NULL</c>, it gets the converted old value; otherwise, when the two
    /// differ, the old column gets the converted new value.</item>
    /// <item>UPDATE: when only one of the two columns is written, the other one follows. When both are written,
    /// or when they already match, nothing changes. That is also what stops the triggers from firing each other
    /// forever.</item>
    /// </list>
    /// <para>Per provider:</para>
    /// <list type="bullet">
    /// <item>PostgreSQL: a <c>BEFORE INSERT OR UPDATE</c> row trigger and its PL/pgSQL function, which set
    /// <c>NEW</c> directly, so there is no second write and no recursion. A <c>NOT NULL</c> old column is filled
    /// before the constraint is checked.</item>
    /// <item>MySQL/MariaDB: <c>BEFORE INSERT</c> and <c>BEFORE UPDATE</c> row triggers that set <c>NEW</c>.</item>
    /// <item>SQL Server: one <c>AFTER INSERT, UPDATE</c> trigger that joins <c>inserted</c> to the table on its
    /// primary key (required), uses <c>UPDATE()</c> to see which column was written, and returns at once when
    /// <c>TRIGGER_NESTLEVEL</c> shows it fired itself. EF Core 7 and later save to SQL Server with an <c>OUTPUT</c> clause,
    /// which SQL Server refuses on a table with an enabled trigger (error 334) unless the model declares one: both app
    /// versions must map the table with <c>ToTable(t =&gt; t.HasTrigger("sm_sync_..."))</c> (any name does) before this
    /// runs, which for the old version means a release before the expand migration. Not checked against a live SQL
    /// Server here. SQLite and PostgreSQL take EF's <c>RETURNING</c> saves with the sync in place (tested).</item>
    /// <item>SQLite: four <c>AFTER</c> triggers with <c>WHEN</c> guards, matching rows on <c>rowid</c> (so not for
    /// <c>WITHOUT ROWID</c> tables). EF Core rebuilds a SQLite table for many operations (after the migration's
    /// other operations), and a rebuild drops the table's triggers: do not rebuild the synced table while the
    /// sync is needed, and not in the migration that creates it.</item>
    /// </list>
    /// <para>
    /// The new column must be nullable, without a default, during the expand phase. On SQL Server and SQLite the
    /// triggers run after the row is written, so an old column that is <c>NOT NULL</c> without a default must
    /// be made nullable in the expand step, or the new app's inserts fail.
    /// </para>
    /// <para><b>Inverse:</b> <see cref="DropColumnSync"/> with the same arguments.</para>
    /// </remarks>
    /// <param name="migrationBuilder">The migration builder.</param>
    /// <param name="table">The table.</param>
    /// <param name="oldColumn">The column the old app version uses.</param>
    /// <param name="newColumn">The column the new app version uses.</param>
    /// <param name="schema">The table's schema, or <see langword="null"/> for the default schema.</param>
    /// <param name="oldToNewSql">Converts an old value for the new column, with <c>{0}</c> for the old value;
    /// <see langword="null"/> for none.</param>
    /// <param name="newToOldSql">Converts a new value for the old column, with <c>{0}</c> for the new value;
    /// <see langword="null"/> for none.</param>
    /// <returns>The same migration builder.</returns>
    public static MigrationBuilder CreateColumnSync(
        this MigrationBuilder migrationBuilder,
        string table,
        string oldColumn,
        string newColumn,
        string? schema = null,
        string? oldToNewSql = null,
        string? newToOldSql = null)
    {
        var dialect = SqlDialect.For(migrationBuilder, nameof(CreateColumnSync));
        NotEmpty(table, nameof(table));
        NotEmpty(oldColumn, nameof(oldColumn));
        NotEmpty(newColumn, nameof(newColumn));
        Convert(oldToNewSql, "x", nameof(oldToNewSql));
        Convert(newToOldSql, "x", nameof(newToOldSql));

        switch (dialect.Provider)
        {
            case SqlProvider.PostgreSql:
                CreatePostgresSync(migrationBuilder, dialect, table, oldColumn, newColumn, schema, oldToNewSql, newToOldSql);
                break;
            case SqlProvider.SqlServer:
                CreateSqlServerSync(migrationBuilder, dialect, table, oldColumn, newColumn, schema, oldToNewSql, newToOldSql);
                break;
            case SqlProvider.MySql:
                CreateMySqlSync(migrationBuilder, dialect, table, oldColumn, newColumn, schema, oldToNewSql, newToOldSql);
                break;
            default:
                CreateSqliteSync(migrationBuilder, dialect, table, oldColumn, newColumn, oldToNewSql, newToOldSql);
                break;
        }

        return migrationBuilder;
    }

    /// <summary>
    /// Drops the triggers (and, on PostgreSQL, the function) that <see cref="CreateColumnSync"/> created. Call it
    /// in the contract step, before the old column is dropped.
    /// </summary>
    /// <remarks>
    /// It drops only what exists, so it can run twice. The conversion arguments are not used; they are accepted
    /// so that a call and its inverse take the same arguments.
    /// <para><b>Inverse:</b> <see cref="CreateColumnSync"/> with the same arguments.</para>
    /// </remarks>
    /// <param name="migrationBuilder">The migration builder.</param>
    /// <param name="table">The table.</param>
    /// <param name="oldColumn">The column the old app version uses.</param>
    /// <param name="newColumn">The column the new app version uses.</param>
    /// <param name="schema">The table's schema, or <see langword="null"/> for the default schema.</param>
    /// <param name="oldToNewSql">Not used; see remarks.</param>
    /// <param name="newToOldSql">Not used; see remarks.</param>
    /// <returns>The same migration builder.</returns>
    public static MigrationBuilder DropColumnSync(
        this MigrationBuilder migrationBuilder,
        string table,
        string oldColumn,
        string newColumn,
        string? schema = null,
        string? oldToNewSql = null,
        string? newToOldSql = null)
    {
        _ = oldToNewSql;
        _ = newToOldSql;
        var dialect = SqlDialect.For(migrationBuilder, nameof(DropColumnSync));
        NotEmpty(table, nameof(table));
        NotEmpty(oldColumn, nameof(oldColumn));
        NotEmpty(newColumn, nameof(newColumn));
        var name = SyncName(dialect, table, oldColumn, newColumn);
        var target = dialect.Qualify(table, schema);

        switch (dialect.Provider)
        {
            case SqlProvider.PostgreSql:
                Emit(
                    migrationBuilder,
                    $"DROP TRIGGER IF EXISTS {dialect.Quote(name)} ON {target};\n"
                    + $"DROP FUNCTION IF EXISTS {dialect.Qualify(name, schema)}();");
                if (LegacySyncName(dialect, table, oldColumn, newColumn) is { } legacy)
                {
                    // The trigger is this table's by the ON clause; its function, which another table's sync of the same
                    // name may also use, goes only when no trigger uses it any more.
                    var function = dialect.Literal(dialect.Qualify(legacy, schema) + "()");
                    Emit(
                        migrationBuilder,
                        $"DROP TRIGGER IF EXISTS {dialect.Quote(legacy)} ON {target};\n"
                        + "DO " + SqlDialect.DollarQuote($@"
BEGIN
    IF to_regprocedure({function}) IS NOT NULL AND NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgfoid = to_regprocedure({function})) THEN
        DROP FUNCTION {dialect.Qualify(legacy, schema)}();
    END IF;
END") + ";");
                }

                break;
            case SqlProvider.SqlServer:
                Emit(migrationBuilder, $"DROP TRIGGER IF EXISTS {dialect.Qualify(name, schema)};");
                if (LegacySyncName(dialect, table, oldColumn, newColumn) is { } legacyTrigger)
                {
                    // Trigger names are the schema's: only the one on this table.
                    Emit(
                        migrationBuilder,
                        $"IF EXISTS (SELECT 1 FROM sys.triggers WHERE name = {dialect.Literal(legacyTrigger)} AND parent_id = OBJECT_ID({dialect.Literal(target)}))\n"
                        + $"    DROP TRIGGER {dialect.Qualify(legacyTrigger, schema)};");
                }

                break;
            case SqlProvider.MySql:
                Emit(migrationBuilder, $"DROP TRIGGER IF EXISTS {dialect.Qualify(SyncName(dialect, table, oldColumn, newColumn, "ins"), schema)};");
                Emit(migrationBuilder, $"DROP TRIGGER IF EXISTS {dialect.Qualify(SyncName(dialect, table, oldColumn, newColumn, "upd"), schema)};");
                if (LegacySyncName(dialect, table, oldColumn, newColumn, "ins") is { } legacyInsert)
                {
                    DropMySqlTriggersOfTable(migrationBuilder, dialect, table, schema, legacyInsert, LegacySyncName(dialect, table, oldColumn, newColumn, "upd")!);
                }

                break;
            default:
                foreach (var suffix in SqliteSyncSuffixes)
                {
                    Emit(migrationBuilder, $"DROP TRIGGER IF EXISTS {dialect.Quote(name + suffix)};");
                }

                // The names an earlier version gave are left: SQLite cannot drop a trigger only when it is this table's, and
                // one of them may be another table's. They go when EF rebuilds the table (a rebuild drops its triggers).
                break;
        }

        return migrationBuilder;
    }

    private static readonly string[] SqliteSyncSuffixes = ["_ins_old", "_ins_new", "_upd_old", "_upd_new"];

    /// <summary>
    /// MySQL: drops the triggers named <paramref name="triggers"/> that are on <paramref name="table"/>, and no other table's
    /// (trigger names are the schema's): a temporary procedure, since only a routine can drop one conditionally.
    /// </summary>
    private static void DropMySqlTriggersOfTable(MigrationBuilder migrationBuilder, SqlDialect dialect, string table, string? schema, params string[] triggers)
    {
        var procedure = dialect.Qualify(dialect.ObjectName("sm_unsync", table, ShortHash(string.Join("\0", triggers))), schema);
        var schemaName = schema is null ? "DATABASE()" : dialect.Literal(schema);
        var body = new StringBuilder();
        foreach (var trigger in triggers)
        {
            body.Append($@"
    IF EXISTS (SELECT 1 FROM information_schema.TRIGGERS
                WHERE TRIGGER_SCHEMA = {schemaName} AND TRIGGER_NAME = {dialect.Literal(trigger)} AND EVENT_OBJECT_TABLE = {dialect.Literal(table)}) THEN
        DROP TRIGGER {dialect.Qualify(trigger, schema)};
    END IF;");
        }

        EmitMySqlTemporaryProcedure(migrationBuilder, procedure, $"BEGIN{body}\nEND");
    }

    /// <summary>
    /// The name of a sync's trigger (and PostgreSQL function), <c>sm_sync_table_old_new</c>. The parts are joined with
    /// <c>_</c>, so when one of them holds a <c>_</c>, two syncs could get one name (<c>order_item.price</c> and
    /// <c>order.item_price</c>, both to <c>price_cents</c>) and the second would replace or drop the first's trigger: such a
    /// name ends in a hash of the three parts, kept apart. A name whose parts hold no <c>_</c> is as it always was. MySQL's
    /// <c>ins</c>/<c>upd</c> suffix is part of the name kept under the 64-character limit (appended to a cut name it would
    /// pass the limit).
    /// </summary>
    private static string SyncName(SqlDialect dialect, string table, string oldColumn, string newColumn, string? suffix = null)
        => SyncObjectName(dialect, table, oldColumn, newColumn, suffix, withHash: SyncPartsMayMeet(table, oldColumn, newColumn));

    /// <summary>
    /// The name versions of this package before 2026-11-30 gave a sync whose parts hold a <c>_</c> (the parts joined alone),
    /// or null when it is the same as <see cref="SyncName"/>. <see cref="DropColumnSync"/> also drops the triggers of that
    /// name that are on its table, so a sync created by an earlier version is still removed.
    /// </summary>
    private static string? LegacySyncName(SqlDialect dialect, string table, string oldColumn, string newColumn, string? suffix = null)
        => SyncPartsMayMeet(table, oldColumn, newColumn) ? SyncObjectName(dialect, table, oldColumn, newColumn, suffix, withHash: false) : null;

    private static bool SyncPartsMayMeet(string table, string oldColumn, string newColumn)
        => table.Contains('_', StringComparison.Ordinal) || oldColumn.Contains('_', StringComparison.Ordinal) || newColumn.Contains('_', StringComparison.Ordinal);

    /// <summary><c>sm_sync_table_old_new</c>, then the parts' hash when asked, then the suffix, within the database's limit.</summary>
    private static string SyncObjectName(SqlDialect dialect, string table, string oldColumn, string newColumn, string? suffix, bool withHash)
    {
        var parts = new List<string>(5) { table, oldColumn, newColumn };
        if (withHash)
        {
            parts.Add(ShortHash(table + "\0" + oldColumn + "\0" + newColumn));
        }

        if (suffix is not null)
        {
            parts.Add(suffix);
        }

        return dialect.ObjectName("sm_sync", parts.ToArray());
    }

    private static void CreatePostgresSync(
        MigrationBuilder migrationBuilder,
        SqlDialect dialect,
        string table,
        string oldColumn,
        string newColumn,
        string? schema,
        string? oldToNewSql,
        string? newToOldSql)
    {
        var name = SyncName(dialect, table, oldColumn, newColumn);
        var oldNew = "NEW." + dialect.Quote(oldColumn);
        var newNew = "NEW." + dialect.Quote(newColumn);
        var oldOld = "OLD." + dialect.Quote(oldColumn);
        var newOld = "OLD." + dialect.Quote(newColumn);
        var toNew = Convert(oldToNewSql, oldNew, nameof(oldToNewSql));
        var toOld = Convert(newToOldSql, newNew, nameof(newToOldSql));

        // Values are compared as their text: a type's own equality may not exist (json, xml, point: PL/pgSQL plans the
        // whole condition, so every UPDATE of the table would fail) or may call two different values equal (citext, or a
        // case-insensitive collation: an edit of the case only would not be copied, and be lost at the contract).
        static string Differ(string left, string right) => $"({left})::text IS DISTINCT FROM ({right})::text";
        static string Same(string left, string right) => $"({left})::text IS NOT DISTINCT FROM ({right})::text";
        Emit(
            migrationBuilder,
            $"CREATE OR REPLACE FUNCTION {dialect.Qualify(name, schema)}() RETURNS trigger\nLANGUAGE plpgsql AS "
            + SqlDialect.DollarQuote($@"BEGIN
    IF TG_OP = 'INSERT' THEN
        IF {newNew} IS NULL THEN
            {newNew} := {toNew};
        ELSIF {Differ(newNew, toNew)} THEN
            {oldNew} := {toOld};
        END IF;
    ELSIF {Differ(newNew, newOld)} AND {Same(oldNew, oldOld)} THEN
        IF {Differ(newNew, toNew)} THEN
            {oldNew} := {toOld};
        END IF;
    ELSIF {Differ(oldNew, oldOld)} AND {Same(newNew, newOld)} THEN
        IF {Differ(newNew, toNew)} THEN
            {newNew} := {toNew};
        END IF;
    END IF;
    RETURN NEW;
END") + ";");
        // A row trigger fires for the table that holds the row: on an old-style INHERITS parent it would never see the rows of
        // its children (nor those a routing trigger moves there), and their writes would be lost at the contract. A
        // partitioned table's triggers are cloned onto its partitions, and TimescaleDB copies a hypertable's onto every
        // chunk, now and later; only other inheritance parents are refused. The hypertable catalog is read through EXECUTE:
        // without TimescaleDB it does not exist, and a query naming it would not plan.
        var target = dialect.Qualify(table, schema);
        Emit(
            migrationBuilder,
            "DO " + SqlDialect.DollarQuote($@"
DECLARE
    _rel regclass := {dialect.Literal(target)}::regclass;
    _hypertable boolean := false;
BEGIN
    IF to_regclass('_timescaledb_catalog.hypertable') IS NOT NULL THEN
        EXECUTE 'SELECT EXISTS (SELECT 1 FROM _timescaledb_catalog.hypertable h JOIN pg_class c ON c.relname = h.table_name JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = h.schema_name WHERE c.oid = $1)'
            INTO _hypertable USING _rel;
    END IF;
    IF NOT _hypertable
       AND (SELECT c.relkind FROM pg_class c WHERE c.oid = _rel) = 'r'
       AND EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhparent = _rel) THEN
        RAISE EXCEPTION 'EFCore.SafeMigrations: CreateColumnSync cannot keep the rows of the inheritance children of % in step: a row trigger on a parent table (INHERITS) does not fire for rows stored in its children. Create the sync on each child table instead (CreateColumnSync per child), or move to declarative partitioning.', _rel
            USING ERRCODE = 'feature_not_supported';
    END IF;
END") + ";");
        Emit(
            migrationBuilder,
            $"DROP TRIGGER IF EXISTS {dialect.Quote(name)} ON {dialect.Qualify(table, schema)};\n"
            + $"CREATE TRIGGER {dialect.Quote(name)} BEFORE INSERT OR UPDATE ON {dialect.Qualify(table, schema)}\n"
            + $"FOR EACH ROW EXECUTE FUNCTION {dialect.Qualify(name, schema)}();");
    }

    private static void CreateMySqlSync(
        MigrationBuilder migrationBuilder,
        SqlDialect dialect,
        string table,
        string oldColumn,
        string newColumn,
        string? schema,
        string? oldToNewSql,
        string? newToOldSql)
    {
        var target = dialect.Qualify(table, schema);
        var oldNew = "NEW." + dialect.Quote(oldColumn);
        var newNew = "NEW." + dialect.Quote(newColumn);
        var oldOld = "OLD." + dialect.Quote(oldColumn);
        var newOld = "OLD." + dialect.Quote(newColumn);
        var toNew = Convert(oldToNewSql, oldNew, nameof(oldToNewSql));
        var toOld = Convert(newToOldSql, newNew, nameof(newToOldSql));
        var insert = dialect.Qualify(SyncName(dialect, table, oldColumn, newColumn, "ins"), schema);
        var update = dialect.Qualify(SyncName(dialect, table, oldColumn, newColumn, "upd"), schema);

        // Values are the same when they are equal and so are their bytes: the default collations (utf8mb4_0900_ai_ci,
        // utf8mb4_general_ci) call 'john' and 'John' equal and ignore trailing spaces, so an edit of the case only would be
        // neither seen nor copied; and a FLOAT's bytes as a string may round two different values alike.
        static string Same(string left, string right) => $"(({left} <=> {right}) AND (CAST({left} AS BINARY) <=> CAST({right} AS BINARY)))";
        // The UPDATE trigger first: each DDL commits on its own, and with the INSERT trigger alone live for a moment, a row the
        // old app inserted (new column filled by it) and then updated would keep a stale new column that the backfill, which
        // fills only NULLs, never fixes. With the UPDATE trigger first, such a row's new column is NULL or kept in step.
        Emit(migrationBuilder, $"DROP TRIGGER IF EXISTS {update};");
        Emit(
            migrationBuilder,
            $@"CREATE TRIGGER {update} BEFORE UPDATE ON {target} FOR EACH ROW
BEGIN
    IF NOT {Same(newNew, newOld)} AND {Same(oldNew, oldOld)} AND NOT {Same(newNew, toNew)} THEN
        SET {oldNew} = {toOld};
    ELSEIF NOT {Same(oldNew, oldOld)} AND {Same(newNew, newOld)} AND NOT {Same(newNew, toNew)} THEN
        SET {newNew} = {toNew};
    END IF;
END");
        Emit(migrationBuilder, $"DROP TRIGGER IF EXISTS {insert};");
        Emit(
            migrationBuilder,
            $@"CREATE TRIGGER {insert} BEFORE INSERT ON {target} FOR EACH ROW
BEGIN
    IF {newNew} IS NULL THEN
        SET {newNew} = {toNew};
    ELSEIF NOT {Same(newNew, toNew)} THEN
        SET {oldNew} = {toOld};
    END IF;
END");
    }

    private static void CreateSqlServerSync(
        MigrationBuilder migrationBuilder,
        SqlDialect dialect,
        string table,
        string oldColumn,
        string newColumn,
        string? schema,
        string? oldToNewSql,
        string? newToOldSql)
    {
        var name = SyncName(dialect, table, oldColumn, newColumn);
        var target = dialect.Qualify(table, schema);
        var o = dialect.Quote(oldColumn);
        var n = dialect.Quote(newColumn);
        var iToNew = Convert(oldToNewSql, "i." + o, nameof(oldToNewSql));
        var iToOld = Convert(newToOldSql, "i." + n, nameof(newToOldSql));
        // Compared as bytes: the default collations (*_CI_AS) call 'john' and 'John' equal and ignore trailing spaces, so an
        // edit of the case only would not be copied. Bytes that differ for equal values (varchar beside nvarchar) only copy
        // a value that is already there. The lengths too: SQL Server calls binary values that differ only in trailing zero
        // bytes equal (a U+0000 at the end).
        var differs = $"(CAST(i.{n} AS varbinary(max)) <> CAST({iToNew} AS varbinary(max)) OR DATALENGTH(i.{n}) <> DATALENGTH({iToNew}) OR (i.{n} IS NULL AND {iToNew} IS NOT NULL) OR (i.{n} IS NOT NULL AND {iToNew} IS NULL))";

        // The join on the primary key is only known in the database, so the trigger is created by dynamic SQL. Its variables
        // are named after the sync (a hash of its schema, table and columns): in a SQL script, EF Core 9+ writes the commands
        // of a migration's transaction into one batch, where two syncs would declare the same variable twice (Msg 134).
        var id = ShortHash(schema + "|" + table + "|" + oldColumn + "|" + newColumn);
        var joinVariable = "@join_" + id;
        var sqlVariable = "@sql_" + id;

        // The key's columns one at a time, in key order: a FOR XML ... .value() join needs QUOTED_IDENTIFIER ON, which sqlcmd
        // leaves off without -I (the batch failed there), and STRING_AGG needs SQL Server 2017.
        var keyVariable = "@key_" + id;
        var columnVariable = "@column_" + id;
        var joinSplice = "' + " + joinVariable + " + N'";
        var trigger = $@"CREATE OR ALTER TRIGGER {dialect.Qualify(name, schema)} ON {target} AFTER INSERT, UPDATE AS
BEGIN
    SET NOCOUNT ON;
    IF TRIGGER_NESTLEVEL(@@PROCID) > 1 RETURN;
    IF NOT EXISTS (SELECT 1 FROM deleted)
    BEGIN
        UPDATE t SET t.{n} = {iToNew}
        FROM {target} AS t INNER JOIN inserted AS i ON {joinSplice}
        WHERE i.{n} IS NULL AND {iToNew} IS NOT NULL;
        UPDATE t SET t.{o} = {iToOld}
        FROM {target} AS t INNER JOIN inserted AS i ON {joinSplice}
        WHERE i.{n} IS NOT NULL AND {differs};
    END
    ELSE IF UPDATE({n}) AND NOT UPDATE({o})
        UPDATE t SET t.{o} = {iToOld}
        FROM {target} AS t INNER JOIN inserted AS i ON {joinSplice}
        WHERE {differs};
    ELSE IF UPDATE({o}) AND NOT UPDATE({n})
        UPDATE t SET t.{n} = {iToNew}
        FROM {target} AS t INNER JOIN inserted AS i ON {joinSplice}
        WHERE {differs};
END";
        // Escape the quotes of the trigger text for the N'...' literal, but keep the join splices live.
        var literal = dialect.Literal(trigger).Replace("'' + " + joinVariable + " + N''", joinSplice, StringComparison.Ordinal);

        Emit(
            migrationBuilder,
            $@"DECLARE {joinVariable} nvarchar(max);
DECLARE {keyVariable} int = 1;
DECLARE {columnVariable} sysname;
WHILE 1 = 1
BEGIN
    SET {columnVariable} = NULL;
    SELECT {columnVariable} = c.name
    FROM sys.indexes AS ix
    INNER JOIN sys.index_columns AS ic ON ic.object_id = ix.object_id AND ic.index_id = ix.index_id
    INNER JOIN sys.columns AS c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
    WHERE ix.object_id = OBJECT_ID({dialect.Literal(target)}) AND ix.is_primary_key = 1 AND ic.key_ordinal = {keyVariable};
    IF {columnVariable} IS NULL
        BREAK;
    SET {joinVariable} = COALESCE({joinVariable} + N' AND ', N'') + N't.' + QUOTENAME({columnVariable}) + N' = i.' + QUOTENAME({columnVariable});
    SET {keyVariable} = {keyVariable} + 1;
END;
IF {joinVariable} IS NULL
    THROW 50000, {dialect.Literal($"EFCore.SafeMigrations: CreateColumnSync needs a primary key on {target} to match the trigger's rows to the table.")}, 1;
DECLARE {sqlVariable} nvarchar(max) = {literal};
EXEC sys.sp_executesql {sqlVariable};");
    }

    private static void CreateSqliteSync(
        MigrationBuilder migrationBuilder,
        SqlDialect dialect,
        string table,
        string oldColumn,
        string newColumn,
        string? oldToNewSql,
        string? newToOldSql)
    {
        // SQLite does not allow a schema-qualified table inside a trigger body.
        var name = SyncName(dialect, table, oldColumn, newColumn);
        var target = dialect.Quote(table);
        var o = dialect.Quote(oldColumn);
        var n = dialect.Quote(newColumn);
        var toNew = Convert(oldToNewSql, "NEW." + o, nameof(oldToNewSql));
        var toOld = Convert(newToOldSql, "NEW." + n, nameof(newToOldSql));

        void Trigger(string suffix, string timing, string when, string column, string value)
        {
            var trigger = dialect.Quote(name + suffix);
            Emit(migrationBuilder, $"DROP TRIGGER IF EXISTS {trigger};");
            Emit(
                migrationBuilder,
                $@"CREATE TRIGGER {trigger} {timing} ON {target} FOR EACH ROW
WHEN {when}
BEGIN
    UPDATE {target} SET {column} = {value} WHERE rowid = NEW.rowid;
END;");
        }

        // Compared under BINARY whatever the columns' collation: a COLLATE NOCASE column calls 'john' and 'John' equal, so an
        // edit of the case only would not be copied.
        static string Binary(string value) => $"({value}) COLLATE BINARY";
        Trigger("_ins_old", "AFTER INSERT", $"NEW.{n} IS NULL AND {toNew} IS NOT NULL", n, toNew);
        Trigger("_ins_new", "AFTER INSERT", $"NEW.{n} IS NOT NULL AND NEW.{n} IS NOT {Binary(toNew)}", o, toOld);
        Trigger(
            "_upd_old",
            $"AFTER UPDATE OF {o}",
            $"NEW.{o} IS NOT {Binary("OLD." + o)} AND NEW.{n} IS {Binary("OLD." + n)} AND NEW.{n} IS NOT {Binary(toNew)}",
            n,
            toNew);
        Trigger(
            "_upd_new",
            $"AFTER UPDATE OF {n}",
            $"NEW.{n} IS NOT {Binary("OLD." + n)} AND NEW.{o} IS {Binary("OLD." + o)} AND NEW.{n} IS NOT {Binary(toNew)}",
            o,
            toOld);
    }
}
