using System;
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
    /// <item>PostgreSQL: a <c>DO</c> block outside the migration transaction that walks the table by page
    /// ranges (<c>ctid</c>) and commits after each batch. It cannot run inside a user transaction. The walk is
    /// linear on PostgreSQL 14+ (TID range scans); on 12 and 13 each batch scans the table.</item>
    /// <item>SQL Server: a <c>WHILE</c> loop of <c>UPDATE TOP (n)</c> outside the migration transaction, so each
    /// batch commits on its own.</item>
    /// <item>MySQL/MariaDB: a temporary stored procedure that loops over <c>UPDATE ... LIMIT n</c> with autocommit,
    /// then is dropped.</item>
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
    /// <param name="batchSize">The number of rows per batch (PostgreSQL: approximately, from page statistics).</param>
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
    /// <param name="batchSize">The number of rows per batch (PostgreSQL: approximately, from page statistics).</param>
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
                Emit(
                    migrationBuilder,
                    $@"DO $safe_migrations$
DECLARE
    _rel regclass := {dialect.Literal(target)}::regclass;
    _step bigint;
    _start bigint := 0;
    _pages bigint;
    _lo tid;
    _hi tid;
BEGIN
    SELECT GREATEST(1, CASE WHEN c.relpages > 0 AND c.reltuples > 0
                            THEN floor({batch} / (c.reltuples / c.relpages))::bigint
                            ELSE {batch} / 100 END)
      INTO _step
      FROM pg_class c
     WHERE c.oid = _rel;
    LOOP
        _pages := pg_relation_size(_rel) / current_setting('block_size')::bigint;
        EXIT WHEN _start >= _pages;
        _lo := format('(%s,0)', _start)::tid;
        _hi := format('(%s,0)', _start + _step)::tid;
        UPDATE {target} SET {setSql}
         WHERE ctid >= _lo AND ctid < _hi AND ({whereSql});
        COMMIT;
        _start := _start + _step;
    END LOOP;
END
$safe_migrations$;",
                    suppressTransaction: true);
                break;

            case SqlProvider.SqlServer:
                Emit(
                    migrationBuilder,
                    $@"DECLARE @rows int = 1;
WHILE @rows > 0
BEGIN
    UPDATE TOP ({batch}) {target} SET {setSql}
    WHERE {whereSql};
    SET @rows = @@ROWCOUNT;
END;",
                    suppressTransaction: true);
                break;

            case SqlProvider.MySql:
                var procedure = dialect.Quote(
                    dialect.ObjectName("sm_backfill", table, ShortHash(schema + "|" + setSql + "|" + whereSql)));
                Emit(migrationBuilder, $"DROP PROCEDURE IF EXISTS {procedure};", suppressTransaction: true);
                Emit(
                    migrationBuilder,
                    $@"CREATE PROCEDURE {procedure}()
BEGIN
    DECLARE _rows INT DEFAULT 1;
    WHILE _rows > 0 DO
        UPDATE {target} SET {setSql}
        WHERE {whereSql}
        LIMIT {batch};
        SET _rows = ROW_COUNT();
    END WHILE;
END",
                    suppressTransaction: true);
                Emit(migrationBuilder, $"CALL {procedure}();", suppressTransaction: true);
                Emit(migrationBuilder, $"DROP PROCEDURE {procedure};", suppressTransaction: true);
                break;

            default:
                Emit(migrationBuilder, $"UPDATE {target} SET {setSql}\nWHERE {whereSql};");
                break;
        }
    }

    private static string ShortHash(string text)
        => System.Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).Substring(0, 8).ToLowerInvariant();
}
