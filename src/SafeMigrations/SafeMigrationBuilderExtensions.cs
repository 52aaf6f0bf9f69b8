using System;
using System.Collections.Generic;
using System.Linq;
using EFCore.SafeMigrations.Internal;
using Microsoft.EntityFrameworkCore.Migrations;

namespace EFCore.SafeMigrations;

/// <summary>
/// <para>
/// The operations that expand/contract migrations need and that EF Core lacks: batched backfills, triggers
/// that keep two columns equal, constraints added without a full validation under lock, concurrent index
/// drops, safe <c>NOT NULL</c> enforcement and compatibility views.
/// </para>
/// <para>
/// Each method writes the SQL of the provider that runs the migration, chosen from
/// <see cref="MigrationBuilder.ActiveProvider"/>: PostgreSQL (Npgsql), SQL Server, SQLite, and MySQL/MariaDB
/// (Pomelo or MySql.EntityFrameworkCore). For any other provider it throws <see cref="NotSupportedException"/>.
/// Identifiers are quoted the way the provider quotes them; SQL fragments that you pass (conversions,
/// <c>SET</c>/<c>WHERE</c> clauses, check expressions) are inserted as they are.
/// </para>
/// <para>
/// Every helper has a documented inverse (see each method's remarks and <see cref="SafeMigrationInverses"/>),
/// so that the <c>[GenerateRollback]</c> source generator can write <c>Down</c>.
/// </para>
/// </summary>
public static partial class SafeMigrationBuilderExtensions
{
    /// <summary>The placeholder that conversion SQL uses for the source column, for example <c>CAST({0} AS bigint)</c>.</summary>
    public const string ConversionPlaceholder = "{0}";

    private static void Emit(MigrationBuilder migrationBuilder, string sql, bool suppressTransaction = false)
        => migrationBuilder.Sql(sql, suppressTransaction);

    /// <summary>
    /// MySQL: runs <paramref name="body"/> (a <c>BEGIN ... END</c> block) in a temporary stored procedure, for what only a
    /// routine can do (a loop, a condition, a routine's own sql_mode): dropped first, as a killed run may have left it,
    /// then created, called and dropped.
    /// </summary>
    private static void EmitMySqlTemporaryProcedure(MigrationBuilder migrationBuilder, string procedure, string body, bool suppressTransaction = false)
    {
        Emit(migrationBuilder, $"DROP PROCEDURE IF EXISTS {procedure};", suppressTransaction);
        Emit(migrationBuilder, $"CREATE PROCEDURE {procedure}()\n{body}", suppressTransaction);
        Emit(migrationBuilder, $"CALL {procedure}();", suppressTransaction);
        Emit(migrationBuilder, $"DROP PROCEDURE {procedure};", suppressTransaction);
    }

    /// <summary>How long a PostgreSQL step outside the migration's transaction waits for its ACCESS EXCLUSIVE lock, each try.</summary>
    internal const string PostgresBriefLockTimeout = "5s";

    /// <summary>PL/pgSQL: the session sets no lock timeout of its own (a role's or database's setting wins over the brief one).</summary>
    internal const string PostgresSessionHasNoLockTimeout = "current_setting('lock_timeout') IN ('0', '0ms')";

    /// <summary>How many times such a step tries before its lock timeout error ends the migration.</summary>
    internal const int PostgresBriefLockTries = 4;

    /// <summary>
    /// A <c>DO</c> block that runs <paramref name="statements"/> (PL/pgSQL, taking an ACCESS EXCLUSIVE lock briefly) outside
    /// the migration's transaction without letting a lock queue form behind it. While such a statement waits for its lock,
    /// every other query on the table waits behind it, so one long transaction would stop the table for as long as it
    /// runs. Here the wait ends after <c>lock_timeout</c> (5 s, or the session's own when its role or database sets
    /// one), the others go on, and the statement tries again after a pause, up to 4 times; then the lock timeout error
    /// (55P03) ends the migration, which can run again. UseSafeMigrations' lock timeout covers only commands inside the
    /// transaction, and a plain <c>dotnet ef database update</c> or script sets none.
    /// </summary>
    /// <param name="statements">The statements, each ended with a semicolon (written as they are: not indented, since a quoted
    /// name or a literal may span lines).</param>
    /// <param name="declarations">Variables the statements use (<c>_index regclass;</c>), or null.</param>
    internal static string PostgresWithBriefLock(string statements, string? declarations = null)
        => "DO " + SqlDialect.DollarQuote($@"
DECLARE
    _tries int := 0;{(declarations is null ? string.Empty : "\n    " + declarations)}
BEGIN
{PostgresBriefLockLoop(statements)}
END") + ";";

    /// <summary>
    /// The body of <see cref="PostgresWithBriefLock"/>, for a PL/pgSQL block of another shape that declares <c>_tries int := 0</c>:
    /// the statements retried under the brief lock timeout.
    /// </summary>
    /// <param name="statements">As for <see cref="PostgresWithBriefLock"/>.</param>
    /// <param name="untilDone">Never give up: for a step that must happen (undoing what an earlier step left), which then
    /// waits as long as it takes, never holding up the table's other queries longer than one lock timeout at a time, retries
    /// a deadlock too, and says at each try that it is still waiting (a warning in the migration's log).</param>
    internal static string PostgresBriefLockLoop(string statements, bool untilDone = false) => $@"    IF {PostgresSessionHasNoLockTimeout} THEN
        PERFORM set_config('lock_timeout', '{PostgresBriefLockTimeout}', true);
    END IF;
    LOOP
        BEGIN
{statements.Trim()}
            EXIT;
        EXCEPTION WHEN lock_not_available{(untilDone ? " OR deadlock_detected" : string.Empty)} THEN
            _tries := _tries + 1;{(untilDone ? @"
            RAISE WARNING 'EFCore.SafeMigrations: still waiting for a lock to undo an earlier step (try %); a session that holds the table in an open transaction keeps it waiting.', _tries;" : $@"
            IF _tries >= {PostgresBriefLockTries} THEN
                RAISE;
            END IF;")}
            PERFORM pg_sleep(least(_tries, 10));
        END;
    END LOOP;";

    /// <summary>
    /// PL/pgSQL (for <see cref="PostgresWithBriefLock"/>, which declares <c>_index regclass</c>) that drops the INVALID index
    /// named <paramref name="nameLiteral"/> on the table <paramref name="tableRegclass"/> (an expression of type regclass),
    /// the leftover of a concurrent build that failed half way: found by the table's oid, the name and validity, never by
    /// name alone (another table's index, or another schema's on the search path, stays). A plain DROP INDEX, since DROP
    /// INDEX CONCURRENTLY cannot run in a DO block; it takes ACCESS EXCLUSIVE on the table, hence the brief lock.
    /// </summary>
    internal static string PostgresDropInvalidIndex(string tableRegclass, string nameLiteral) => $@"
SELECT i.indexrelid::regclass INTO _index
  FROM pg_index i
  JOIN pg_class c ON c.oid = i.indexrelid
 WHERE i.indrelid = {tableRegclass} AND c.relname = {nameLiteral} AND NOT i.indisvalid;
IF _index IS NOT NULL THEN
    EXECUTE format('DROP INDEX %s', _index);
END IF;";

    /// <summary>
    /// PL/pgSQL that fails with a message naming the helper and what to do instead when <paramref name="target"/> is a
    /// partitioned table (on servers older than <paramref name="beforeVersion"/>, when given): run before a helper's steps,
    /// which would fail there anyway, half way, with PostgreSQL's own message about a feature not supported.
    /// </summary>
    internal static string PostgresRefusalOnPartitionedTable(SqlDialect dialect, string target, string helper, string alternative, int? beforeVersion = null)
    {
        var version = beforeVersion is { } limit ? $" AND current_setting('server_version_num')::int < {SqlDialect.Invariant(limit)}" : string.Empty;
        return $@"
IF (SELECT c.relkind FROM pg_class c WHERE c.oid = {dialect.Literal(target)}::regclass) = 'p'{version} THEN
    RAISE EXCEPTION 'EFCore.SafeMigrations: {helper} cannot run on the partitioned table %. {alternative.Replace("'", "''")}', {dialect.Literal(target)}
        USING ERRCODE = 'feature_not_supported';
END IF;";
    }

    private static void NotEmpty(string? value, string parameterName)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"'{parameterName}' cannot be null or empty.", parameterName);
        }
    }

    private static void BatchSize(int batchSize)
    {
        if (batchSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "The batch size must be positive.");
        }
    }

    private static string[] Columns(IReadOnlyList<string>? columns, string parameterName)
    {
        if (columns is null || columns.Count == 0 || columns.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException($"'{parameterName}' must name at least one column, and no empty ones.", parameterName);
        }

        return columns.ToArray();
    }

    /// <summary>Applies a conversion template to a source expression; no template means the value as it is.</summary>
    internal static string Convert(string? conversionSql, string source, string parameterName)
    {
        if (conversionSql is null)
        {
            return source;
        }

        if (!conversionSql.Contains(ConversionPlaceholder, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"The conversion SQL must contain the placeholder {ConversionPlaceholder} where the source column goes, for example \"CAST({{0}} AS bigint)\".",
                parameterName);
        }

        return "(" + conversionSql.Replace(ConversionPlaceholder, source, StringComparison.Ordinal) + ")";
    }
}
