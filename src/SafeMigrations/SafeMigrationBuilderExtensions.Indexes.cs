using System;
using EFCore.SafeMigrations.Internal;
using Microsoft.EntityFrameworkCore.Migrations;

namespace EFCore.SafeMigrations;

public static partial class SafeMigrationBuilderExtensions
{
    /// <summary>
    /// Adds a unique constraint without blocking writes while its index is built.
    /// </summary>
    /// <remarks>
    /// <list type="bullet">
    /// <item>PostgreSQL: <c>CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS</c> outside the migration transaction,
    /// then <c>ADD CONSTRAINT name UNIQUE USING INDEX name</c> (metadata-only) unless the table has that constraint.
    /// Duplicates make the index build fail and leave an INVALID index; the next run drops that one first (a plain,
    /// brief <c>DROP INDEX</c>), and only when it is an invalid index of that name on this table: an index of that name
    /// on another table or in another schema is never dropped, and makes the helper fail instead.</item>
    /// <item>MySQL/MariaDB: <c>ADD CONSTRAINT ... UNIQUE</c> with <c>ALGORITHM=INPLACE, LOCK=NONE</c>, so it fails
    /// rather than block writes.</item>
    /// <item>SQL Server: <c>ADD CONSTRAINT ... UNIQUE</c>, whose index build blocks writes (a constraint cannot adopt
    /// an existing index there).</item>
    /// <item>SQLite: <c>CREATE UNIQUE INDEX</c>, which enforces the same rule without a table rebuild.</item>
    /// </list>
    /// <para>On PostgreSQL, keep it in a migration of its own: part of it runs outside the transaction.</para>
    /// <para><b>Inverse:</b> <see cref="DropUniqueConstraintUsingIndex"/>(name, table, schema).</para>
    /// </remarks>
    /// <param name="migrationBuilder">The migration builder.</param>
    /// <param name="name">The constraint name, which is also the index name.</param>
    /// <param name="table">The table.</param>
    /// <param name="columns">The columns.</param>
    /// <param name="schema">The table's schema, or <see langword="null"/> for the default schema.</param>
    /// <returns>The same migration builder.</returns>
    public static MigrationBuilder AddUniqueConstraintUsingIndex(
        this MigrationBuilder migrationBuilder,
        string name,
        string table,
        string[] columns,
        string? schema = null)
    {
        var dialect = SqlDialect.For(migrationBuilder, nameof(AddUniqueConstraintUsingIndex));
        NotEmpty(name, nameof(name));
        NotEmpty(table, nameof(table));
        var list = dialect.QuoteList(Columns(columns, nameof(columns)));
        var target = dialect.Qualify(table, schema);
        var constraint = dialect.Quote(name);
        switch (dialect.Provider)
        {
            case SqlProvider.PostgreSql:
                // First refuse a partitioned table; then drop the INVALID index a failed concurrent build of this name left on
                // this table (PostgresDropInvalidIndex), waiting at most the brief lock timeout a try.
                Emit(
                    migrationBuilder,
                    PostgresWithBriefLock(
                        PostgresRefusalOnPartitionedTable(
                            dialect,
                            target,
                            nameof(AddUniqueConstraintUsingIndex),
                            "PostgreSQL builds no index CONCURRENTLY on a partitioned table and adds no constraint USING INDEX to one. Use AddUniqueConstraint, which locks the table while each partition's index is built, or build the partitions' unique indexes CONCURRENTLY one by one and attach them (ALTER INDEX ... ATTACH PARTITION) to an index created ON ONLY the table.")
                        + PostgresDropInvalidIndex(dialect.Literal(target) + "::regclass", dialect.Literal(name)),
                        "_index regclass;"),
                    suppressTransaction: true);

                // IF NOT EXISTS: a run killed after the build keeps its valid index. An index of this name on another
                // table makes the ADD CONSTRAINT below fail ("does not belong to table"); nothing is dropped.
                Emit(migrationBuilder, $"CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS {constraint} ON {target} ({list});", suppressTransaction: true);
                Emit(
                    migrationBuilder,
                    "DO " + SqlDialect.DollarQuote($@"
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = {dialect.Literal(target)}::regclass AND conname = {dialect.Literal(name)}) THEN
        ALTER TABLE {target} ADD CONSTRAINT {constraint} UNIQUE USING INDEX {constraint};
    END IF;
END") + ";");
                break;
            case SqlProvider.MySql:
                Emit(migrationBuilder, $"ALTER TABLE {target} ADD CONSTRAINT {constraint} UNIQUE ({list}), ALGORITHM=INPLACE, LOCK=NONE;");
                break;
            case SqlProvider.SqlServer:
                Emit(migrationBuilder, $"ALTER TABLE {target} ADD CONSTRAINT {constraint} UNIQUE ({list});");
                break;
            default:
                Emit(migrationBuilder, $"CREATE UNIQUE INDEX {constraint} ON {target} ({list});");
                break;
        }

        return migrationBuilder;
    }

    /// <summary>
    /// Adds a single-column unique constraint without blocking writes while its index is built. See the
    /// overload that takes several columns.
    /// </summary>
    /// <remarks><b>Inverse:</b> <see cref="DropUniqueConstraintUsingIndex"/>(name, table, schema).</remarks>
    /// <param name="migrationBuilder">The migration builder.</param>
    /// <param name="name">The constraint name, which is also the index name.</param>
    /// <param name="table">The table.</param>
    /// <param name="column">The column.</param>
    /// <param name="schema">The table's schema, or <see langword="null"/> for the default schema.</param>
    /// <returns>The same migration builder.</returns>
    public static MigrationBuilder AddUniqueConstraintUsingIndex(
        this MigrationBuilder migrationBuilder,
        string name,
        string table,
        string column,
        string? schema = null)
        => migrationBuilder.AddUniqueConstraintUsingIndex(name, table, [column], schema);

    /// <summary>
    /// Drops a unique constraint made by <see cref="AddUniqueConstraintUsingIndex(MigrationBuilder, string, string, string[], string?)"/>,
    /// with its index.
    /// </summary>
    /// <remarks>
    /// PostgreSQL and SQL Server: <c>ALTER TABLE ... DROP CONSTRAINT</c>; MySQL: <c>DROP INDEX</c>; SQLite:
    /// <c>DROP INDEX</c> (the constraint is a unique index there).
    /// <para><b>Inverse:</b> <see cref="AddUniqueConstraintUsingIndex(MigrationBuilder, string, string, string[], string?)"/>
    /// with the columns from the model before the migration.</para>
    /// </remarks>
    /// <param name="migrationBuilder">The migration builder.</param>
    /// <param name="name">The constraint name.</param>
    /// <param name="table">The table.</param>
    /// <param name="schema">The table's schema, or <see langword="null"/> for the default schema.</param>
    /// <returns>The same migration builder.</returns>
    public static MigrationBuilder DropUniqueConstraintUsingIndex(
        this MigrationBuilder migrationBuilder,
        string name,
        string table,
        string? schema = null)
    {
        var dialect = SqlDialect.For(migrationBuilder, nameof(DropUniqueConstraintUsingIndex));
        NotEmpty(name, nameof(name));
        NotEmpty(table, nameof(table));
        var target = dialect.Qualify(table, schema);
        Emit(
            migrationBuilder,
            dialect.Provider switch
            {
                SqlProvider.MySql => $"ALTER TABLE {target} DROP INDEX {dialect.Quote(name)};",
                SqlProvider.Sqlite => $"DROP INDEX IF EXISTS {dialect.Quote(name)};",
                _ => $"ALTER TABLE {target} DROP CONSTRAINT {dialect.Quote(name)};",
            });
        return migrationBuilder;
    }

    /// <summary>
    /// Drops an index without blocking reads and writes where the database can.
    /// </summary>
    /// <remarks>
    /// <list type="bullet">
    /// <item>PostgreSQL: <c>DROP INDEX CONCURRENTLY IF EXISTS</c>, outside the migration transaction (Npgsql's
    /// <c>DropIndex</c> takes an ACCESS EXCLUSIVE lock and cannot emit CONCURRENTLY). Keep it in a migration of
    /// its own. It cannot drop an index that backs a constraint.</item>
    /// <item>MySQL/MariaDB: <c>ALTER TABLE table DROP INDEX ..., ALGORITHM=INPLACE, LOCK=NONE</c> (MariaDB's
    /// <c>DROP INDEX ... ON</c> takes no <c>ALGORITHM</c>/<c>LOCK</c> clause).</item>
    /// <item>SQL Server: <c>DROP INDEX IF EXISTS ... ON table</c>, which is metadata-only.</item>
    /// <item>SQLite: <c>DROP INDEX IF EXISTS</c>.</item>
    /// </list>
    /// <para><b>Inverse:</b> EF Core's <c>CreateIndex</c> with the index's definition from the model before the
    /// migration (on PostgreSQL with the <c>Npgsql:CreatedConcurrently</c> annotation).</para>
    /// </remarks>
    /// <param name="migrationBuilder">The migration builder.</param>
    /// <param name="name">The index name.</param>
    /// <param name="table">The table; required on SQL Server and MySQL.</param>
    /// <param name="schema">The schema, or <see langword="null"/> for the default schema.</param>
    /// <returns>The same migration builder.</returns>
    public static MigrationBuilder DropIndexConcurrently(
        this MigrationBuilder migrationBuilder,
        string name,
        string? table = null,
        string? schema = null)
    {
        var dialect = SqlDialect.For(migrationBuilder, nameof(DropIndexConcurrently));
        NotEmpty(name, nameof(name));
        if (table is null && dialect.Provider is SqlProvider.SqlServer or SqlProvider.MySql)
        {
            throw new ArgumentException("SQL Server and MySQL need the table of the index to drop.", nameof(table));
        }

        switch (dialect.Provider)
        {
            case SqlProvider.PostgreSql:
                // The index of a partitioned table cannot be dropped CONCURRENTLY: it goes with a plain DROP INDEX, which
                // is quick (no scan) but needs ACCESS EXCLUSIVE on the table and its partitions, so it waits at most the
                // brief lock timeout, and tries again. Any other index is dropped CONCURRENTLY after it.
                var index = dialect.Qualify(name, schema);
                Emit(
                    migrationBuilder,
                    PostgresWithBriefLock(
                        $@"
_index := to_regclass({dialect.Literal(index)});
IF _index IS NOT NULL AND (SELECT c.relkind FROM pg_class c WHERE c.oid = _index) = 'I' THEN
    EXECUTE format('DROP INDEX %s', _index);
END IF;",
                        "_index regclass;"),
                    suppressTransaction: true);
                Emit(migrationBuilder, $"DROP INDEX CONCURRENTLY IF EXISTS {index};", suppressTransaction: true);
                break;
            case SqlProvider.SqlServer:
                Emit(migrationBuilder, $"DROP INDEX IF EXISTS {dialect.Quote(name)} ON {dialect.Qualify(table!, schema)};");
                break;
            case SqlProvider.MySql:
                // MariaDB's DROP INDEX takes no ALGORITHM/LOCK clause; ALTER TABLE ... DROP INDEX does, on MySQL 8 and MariaDB.
                Emit(migrationBuilder, $"ALTER TABLE {dialect.Qualify(table!, schema)} DROP INDEX {dialect.Quote(name)}, ALGORITHM=INPLACE, LOCK=NONE;");
                break;
            default:
                Emit(migrationBuilder, $"DROP INDEX IF EXISTS {dialect.Quote(name)};");
                break;
        }

        return migrationBuilder;
    }
}
