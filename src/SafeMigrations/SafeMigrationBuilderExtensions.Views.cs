using System;
using EFCore.SafeMigrations.Internal;
using Microsoft.EntityFrameworkCore.Migrations;

namespace EFCore.SafeMigrations;

public static partial class SafeMigrationBuilderExtensions
{
    /// <summary>
    /// After a table rename, creates a view under the table's old name that selects every column of the renamed
    /// table, so the old app version keeps reading and writing through the old name during the expand phase.
    /// </summary>
    /// <remarks>
    /// <para>
    /// PostgreSQL, SQL Server and MySQL/MariaDB make a single-table <c>SELECT *</c> view updatable, so inserts,
    /// updates and deletes through it reach the table (on PostgreSQL, columns left out of an insert get the
    /// table's defaults). The view lists the columns the table has when it is created.
    /// </para>
    /// <para>
    /// SQLite: not supported. SQLite views are read-only, so the old app's writes would fail; keep the old table
    /// name with <c>ToTable("old name")</c> in the model instead of renaming the table.
    /// </para>
    /// <para><b>Inverse:</b> <see cref="DropCompatibilityView"/> with the same arguments.</para>
    /// </remarks>
    /// <param name="migrationBuilder">The migration builder.</param>
    /// <param name="oldName">The table's old name, which the view takes.</param>
    /// <param name="newName">The table's new name.</param>
    /// <param name="schema">The schema of both, or <see langword="null"/> for the default schema.</param>
    /// <returns>The same migration builder.</returns>
    public static MigrationBuilder CreateCompatibilityView(
        this MigrationBuilder migrationBuilder,
        string oldName,
        string newName,
        string? schema = null)
    {
        var dialect = SqlDialect.For(migrationBuilder, nameof(CreateCompatibilityView));
        NotEmpty(oldName, nameof(oldName));
        NotEmpty(newName, nameof(newName));
        if (dialect.Provider == SqlProvider.Sqlite)
        {
            throw new NotSupportedException(
                "EFCore.SafeMigrations: CreateCompatibilityView is not supported on SQLite, whose views are read-only, so the old app "
                + $"version could not write through '{oldName}'. Keep the table's old name in the model with ToTable(\"{oldName}\") instead of renaming it.");
        }

        var view = dialect.Qualify(oldName, schema);
        var table = dialect.Qualify(newName, schema);
        var create = $"CREATE VIEW {view} AS SELECT * FROM {table};";

        // SQL Server wants CREATE VIEW first in its batch; a SQL script of EF Core 9+ puts a migration's transactional
        // commands in one batch, so there it runs as dynamic SQL, as EF Core does with its own such statements.
        Emit(migrationBuilder, dialect.Provider == SqlProvider.SqlServer ? $"EXEC({dialect.Literal(create)});" : create);
        return migrationBuilder;
    }

    /// <summary>
    /// Drops the view that <see cref="CreateCompatibilityView"/> created. Call it in the contract step.
    /// </summary>
    /// <remarks>
    /// <c>DROP VIEW IF EXISTS</c>, so it can run twice. <paramref name="newName"/> is not used; it is accepted so that
    /// a call and its inverse take the same arguments.
    /// <para><b>Inverse:</b> <see cref="CreateCompatibilityView"/> with the same arguments.</para>
    /// </remarks>
    /// <param name="migrationBuilder">The migration builder.</param>
    /// <param name="oldName">The table's old name, which the view has.</param>
    /// <param name="newName">The table's new name.</param>
    /// <param name="schema">The schema of both, or <see langword="null"/> for the default schema.</param>
    /// <returns>The same migration builder.</returns>
    public static MigrationBuilder DropCompatibilityView(
        this MigrationBuilder migrationBuilder,
        string oldName,
        string newName,
        string? schema = null)
    {
        var dialect = SqlDialect.For(migrationBuilder, nameof(DropCompatibilityView));
        NotEmpty(oldName, nameof(oldName));
        NotEmpty(newName, nameof(newName));
        Emit(migrationBuilder, $"DROP VIEW IF EXISTS {dialect.Qualify(oldName, schema)};");
        return migrationBuilder;
    }

    /// <summary>
    /// Runs raw SQL and states its reverse, so that the rollback generator can write <c>Down</c>.
    /// </summary>
    /// <remarks>
    /// <paramref name="downSql"/> is not executed here; <c>Down</c> runs it. Both are passed to the database as they
    /// are, on any provider.
    /// <para><b>Inverse:</b> <c>ReversibleSql(downSql, upSql)</c>, with the same <paramref name="suppressTransaction"/>.</para>
    /// </remarks>
    /// <param name="migrationBuilder">The migration builder.</param>
    /// <param name="upSql">The SQL to run now.</param>
    /// <param name="downSql">The SQL that undoes it.</param>
    /// <param name="suppressTransaction">Whether to run the SQL outside the migration's transaction.</param>
    /// <returns>The same migration builder.</returns>
    public static MigrationBuilder ReversibleSql(
        this MigrationBuilder migrationBuilder,
        string upSql,
        string downSql,
        bool suppressTransaction = false)
    {
        if (migrationBuilder is null)
        {
            throw new ArgumentNullException(nameof(migrationBuilder));
        }

        NotEmpty(upSql, nameof(upSql));
        NotEmpty(downSql, nameof(downSql));
        Emit(migrationBuilder, upSql, suppressTransaction);
        return migrationBuilder;
    }
}
