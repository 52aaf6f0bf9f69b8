using System;
using EFCore.SafeMigrations.Internal;
using Microsoft.EntityFrameworkCore.Migrations;

namespace EFCore.SafeMigrations;

public static partial class SafeMigrationBuilderExtensions
{
    /// <summary>
    /// Makes a column <c>NOT NULL</c> in the provider's safest way. Backfill the <c>NULL</c>s first (for example
    /// with <see cref="BackfillInBatches"/>) and enforce in the contract step, once no app version writes <c>NULL</c>.
    /// </summary>
    /// <remarks>
    /// <list type="bullet">
    /// <item>PostgreSQL: <c>ADD CONSTRAINT ... CHECK (column IS NOT NULL) NOT VALID</c>, then <c>VALIDATE CONSTRAINT</c>
    /// (writes go on), then <c>SET NOT NULL</c> (PostgreSQL 12+ skips the table scan because the valid check proves
    /// it), then the check is dropped. Each step runs in its own transaction, outside the migration's, so the
    /// scan never holds the ACCESS EXCLUSIVE lock; each step can be run again. The steps that take ACCESS EXCLUSIVE wait for
    /// it at most <c>lock_timeout</c> (5 s unless the session sets one) and try 4 times, so a long transaction on the table
    /// makes the migration fail with 55P03 instead of queueing every query behind it. Keep it in a migration of its own. When a
    /// <c>NULL</c> makes the validation fail, the check is dropped again (committed) before the error is raised, so the
    /// table is left as it was: backfill and run the migration again. That drop must happen, so it keeps trying (5 s a try,
    /// a warning each time) instead of giving up after 4.</item>
    /// <item>SQL Server: <c>ALTER COLUMN column type NOT NULL</c>, which scans the table under a schema lock;
    /// <paramref name="columnType"/> is required.</item>
    /// <item>MySQL/MariaDB: <c>MODIFY COLUMN column type NOT NULL, ALGORITHM=INPLACE, LOCK=NONE</c>, an in-place rebuild
    /// that lets writes go on; <paramref name="columnType"/> is required and must hold the whole column
    /// definition except the nullability (type, character set, default, comment), as <c>MODIFY COLUMN</c> replaces
    /// it. The <c>ALTER</c> runs in a temporary stored procedure under <c>STRICT_ALL_TABLES</c>, so a remaining
    /// <c>NULL</c> fails it whatever the session's <c>sql_mode</c> (without strict mode the server would write
    /// <c>''</c> or <c>0</c> instead); the procedure is dropped after, and again before, so it can run again.</item>
    /// <item>SQLite: not supported; SQLite cannot change a column without a table rebuild, so use EF Core's
    /// <c>AlterColumn</c>.</item>
    /// </list>
    /// <para><b>Inverse:</b> <see cref="DropNotNullSafely"/> with the same arguments.</para>
    /// </remarks>
    /// <param name="migrationBuilder">The migration builder.</param>
    /// <param name="table">The table.</param>
    /// <param name="column">The column.</param>
    /// <param name="schema">The table's schema, or <see langword="null"/> for the default schema.</param>
    /// <param name="columnType">The column's store type; required on SQL Server and MySQL (on MySQL the whole column
    /// definition except the nullability, for example <c>varchar(50) DEFAULT 'none'</c>), unused on PostgreSQL.</param>
    /// <returns>The same migration builder.</returns>
    public static MigrationBuilder SetNotNullSafely(
        this MigrationBuilder migrationBuilder,
        string table,
        string column,
        string? schema = null,
        string? columnType = null)
    {
        var dialect = SqlDialect.For(migrationBuilder, nameof(SetNotNullSafely));
        NotEmpty(table, nameof(table));
        NotEmpty(column, nameof(column));
        var target = dialect.Qualify(table, schema);
        var c = dialect.Quote(column);
        switch (dialect.Provider)
        {
            case SqlProvider.PostgreSql:
                var check = dialect.ObjectName("sm_nn", table, column);
                var q = dialect.Quote(check);
                // Steps 1, 3 and 4 take ACCESS EXCLUSIVE briefly: each waits at most the lock timeout, and tries again.
                Emit(
                    migrationBuilder,
                    PostgresWithBriefLock($@"
IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = {dialect.Literal(check)} AND conrelid = {dialect.Literal(target)}::regclass) THEN
    ALTER TABLE {target} ADD CONSTRAINT {q} CHECK ({c} IS NOT NULL) NOT VALID;
END IF;"),
                    suppressTransaction: true);

                // A NULL makes VALIDATE fail. The NOT VALID check would then stay and reject NULL writes on a column that
                // is still nullable, so it is dropped (and that committed) before the error is raised again: under the brief
                // lock timeout, like the other steps that take ACCESS EXCLUSIVE, so a long reader of the table does not queue
                // every other query behind the drop, and tried again until it gets its lock (giving up would leave the check).
                Emit(
                    migrationBuilder,
                    "DO " + SqlDialect.DollarQuote($@"
DECLARE
    _message text;
    _detail text;
    _tries int := 0;
BEGIN
    BEGIN
        ALTER TABLE {target} VALIDATE CONSTRAINT {q};
    EXCEPTION WHEN check_violation THEN
        GET STACKED DIAGNOSTICS _message = MESSAGE_TEXT, _detail = PG_EXCEPTION_DETAIL;
    END;
    IF _message IS NOT NULL THEN
{PostgresBriefLockLoop($"ALTER TABLE {target} DROP CONSTRAINT IF EXISTS {q};", untilDone: true)}
        COMMIT;
        RAISE EXCEPTION USING
            ERRCODE = 'check_violation',
            MESSAGE = _message,
            DETAIL = _detail,
            HINT = {dialect.Literal($"EFCore.SafeMigrations: SetNotNullSafely found a NULL in {c} of {target}. The NOT VALID check was dropped again, so the table is as before; backfill the NULLs (BackfillInBatches) and run the migration again.")};
    END IF;
END") + ";",
                    suppressTransaction: true);
                Emit(migrationBuilder, PostgresWithBriefLock($"ALTER TABLE {target} ALTER COLUMN {c} SET NOT NULL;"), suppressTransaction: true);
                Emit(migrationBuilder, PostgresWithBriefLock($"ALTER TABLE {target} DROP CONSTRAINT IF EXISTS {q};"), suppressTransaction: true);
                break;
            case SqlProvider.SqlServer:
                Emit(migrationBuilder, $"ALTER TABLE {target} ALTER COLUMN {c} {RequireType(columnType, dialect)} NOT NULL;");
                break;
            case SqlProvider.MySql:
                // Without a strict sql_mode, MySQL and MariaDB turn the NULLs into the type's implicit default ('' or 0)
                // instead of failing. The ALTER runs in a temporary procedure that sets STRICT_ALL_TABLES: a routine's
                // sql_mode change ends with the routine, so the session's mode is left as it was.
                var procedure = dialect.Quote(dialect.ObjectName("sm_notnull", table, column));
                EmitMySqlTemporaryProcedure(
                    migrationBuilder,
                    procedure,
                    $@"BEGIN
    SET SESSION sql_mode = CONCAT_WS(',', NULLIF(@@SESSION.sql_mode, ''), 'STRICT_ALL_TABLES');
    ALTER TABLE {target} MODIFY COLUMN {c} {RequireType(columnType, dialect)} NOT NULL, ALGORITHM=INPLACE, LOCK=NONE;
END");
                break;
            default:
                throw SqliteAlterNotSupported(nameof(SetNotNullSafely));
        }

        return migrationBuilder;
    }

    /// <summary>
    /// Makes a column nullable again: the inverse of <see cref="SetNotNullSafely"/>.
    /// </summary>
    /// <remarks>
    /// PostgreSQL: <c>DROP NOT NULL</c> (metadata-only). SQL Server: <c>ALTER COLUMN column type NULL</c>. MySQL:
    /// <c>MODIFY COLUMN column type NULL</c> in place. SQLite: not supported (use <c>AlterColumn</c>).
    /// <para><b>Inverse:</b> <see cref="SetNotNullSafely"/> with the same arguments.</para>
    /// </remarks>
    /// <param name="migrationBuilder">The migration builder.</param>
    /// <param name="table">The table.</param>
    /// <param name="column">The column.</param>
    /// <param name="schema">The table's schema, or <see langword="null"/> for the default schema.</param>
    /// <param name="columnType">The column's store type; required on SQL Server and MySQL (on MySQL the whole column
    /// definition except the nullability, for example <c>varchar(50) DEFAULT 'none'</c>), unused on PostgreSQL.</param>
    /// <returns>The same migration builder.</returns>
    public static MigrationBuilder DropNotNullSafely(
        this MigrationBuilder migrationBuilder,
        string table,
        string column,
        string? schema = null,
        string? columnType = null)
    {
        var dialect = SqlDialect.For(migrationBuilder, nameof(DropNotNullSafely));
        NotEmpty(table, nameof(table));
        NotEmpty(column, nameof(column));
        var target = dialect.Qualify(table, schema);
        var c = dialect.Quote(column);
        switch (dialect.Provider)
        {
            case SqlProvider.PostgreSql:
                Emit(migrationBuilder, $"ALTER TABLE {target} ALTER COLUMN {c} DROP NOT NULL;");
                break;
            case SqlProvider.SqlServer:
                Emit(migrationBuilder, $"ALTER TABLE {target} ALTER COLUMN {c} {RequireType(columnType, dialect)} NULL;");
                break;
            case SqlProvider.MySql:
                Emit(
                    migrationBuilder,
                    $"ALTER TABLE {target} MODIFY COLUMN {c} {RequireType(columnType, dialect)} NULL, ALGORITHM=INPLACE, LOCK=NONE;");
                break;
            default:
                throw SqliteAlterNotSupported(nameof(DropNotNullSafely));
        }

        return migrationBuilder;
    }

    private static string RequireType(string? columnType, SqlDialect dialect)
    {
        if (string.IsNullOrWhiteSpace(columnType))
        {
            throw new ArgumentException(
                $"{(dialect.Provider == SqlProvider.SqlServer ? "SQL Server" : "MySQL")} restates the column type to change its nullability: pass columnType, for example \"nvarchar(200)\".",
                nameof(columnType));
        }

        return columnType!;
    }

    private static NotSupportedException SqliteAlterNotSupported(string helper)
        => new(
            $"EFCore.SafeMigrations: {helper} is not supported on SQLite, which cannot change a column without rebuilding the table. "
            + "Use migrationBuilder.AlterColumn(...): EF Core rebuilds the table, and with SQLite's single writer that is the safest form.");
}
