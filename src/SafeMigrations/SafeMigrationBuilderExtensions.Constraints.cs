using System;
using System.Text;
using EFCore.SafeMigrations.Internal;
using Microsoft.EntityFrameworkCore.Migrations;

namespace EFCore.SafeMigrations;

public static partial class SafeMigrationBuilderExtensions
{
    /// <summary>
    /// Adds a foreign key without checking the existing rows under lock. New and updated rows are checked at
    /// once; <see cref="ValidateConstraint"/> checks the old rows later (on PostgreSQL without blocking writes).
    /// </summary>
    /// <remarks>
    /// <list type="bullet">
    /// <item>PostgreSQL: <c>ADD CONSTRAINT ... FOREIGN KEY ... NOT VALID</c>; only a brief lock on both tables.</item>
    /// <item>SQL Server: <c>WITH NOCHECK ADD CONSTRAINT</c>; the key stays untrusted (the optimizer ignores it) until
    /// validated.</item>
    /// <item>MySQL/MariaDB: the plain <c>ADD CONSTRAINT</c>, which InnoDB validates while it copies the table; there is
    /// no deferred validation.</item>
    /// <item>SQLite: EF Core's own <c>AddForeignKey</c> (a table rebuild from the migration's target model). SQLite has
    /// one writer at a time, so there is no concurrent write to protect.</item>
    /// </list>
    /// <para>Put <see cref="ValidateConstraint"/> in a later migration (the contract step): in the same transaction
    /// the lock of the add would be held during the validation.</para>
    /// <para><b>Inverse:</b> EF Core's <c>DropForeignKey(name, table, schema)</c>.</para>
    /// </remarks>
    /// <param name="migrationBuilder">The migration builder.</param>
    /// <param name="name">The constraint name.</param>
    /// <param name="table">The dependent table.</param>
    /// <param name="column">The foreign key column.</param>
    /// <param name="principalTable">The principal table.</param>
    /// <param name="schema">The dependent table's schema, or <see langword="null"/> for the default schema.</param>
    /// <param name="principalSchema">The principal table's schema, or <see langword="null"/> for the default schema.</param>
    /// <param name="principalColumn">The principal column, or <see langword="null"/> for the principal's primary key
    /// (required on MySQL).</param>
    /// <param name="onUpdate">The action on update of the principal key.</param>
    /// <param name="onDelete">The action on delete of the principal row.</param>
    /// <returns>The same migration builder.</returns>
    public static MigrationBuilder AddForeignKeyNotValid(
        this MigrationBuilder migrationBuilder,
        string name,
        string table,
        string column,
        string principalTable,
        string? schema = null,
        string? principalSchema = null,
        string? principalColumn = null,
        ReferentialAction onUpdate = ReferentialAction.NoAction,
        ReferentialAction onDelete = ReferentialAction.NoAction)
        => migrationBuilder.AddForeignKeyNotValid(
            name,
            table,
            [column],
            principalTable,
            schema,
            principalSchema,
            principalColumn is null ? null : [principalColumn],
            onUpdate,
            onDelete);

    /// <summary>
    /// Adds a composite foreign key without checking the existing rows under lock. See the single-column overload.
    /// </summary>
    /// <remarks><b>Inverse:</b> EF Core's <c>DropForeignKey(name, table, schema)</c>.</remarks>
    /// <param name="migrationBuilder">The migration builder.</param>
    /// <param name="name">The constraint name.</param>
    /// <param name="table">The dependent table.</param>
    /// <param name="columns">The foreign key columns.</param>
    /// <param name="principalTable">The principal table.</param>
    /// <param name="schema">The dependent table's schema, or <see langword="null"/> for the default schema.</param>
    /// <param name="principalSchema">The principal table's schema, or <see langword="null"/> for the default schema.</param>
    /// <param name="principalColumns">The principal columns, or <see langword="null"/> for the principal's primary
    /// key (required on MySQL).</param>
    /// <param name="onUpdate">The action on update of the principal key.</param>
    /// <param name="onDelete">The action on delete of the principal row.</param>
    /// <returns>The same migration builder.</returns>
    public static MigrationBuilder AddForeignKeyNotValid(
        this MigrationBuilder migrationBuilder,
        string name,
        string table,
        string[] columns,
        string principalTable,
        string? schema = null,
        string? principalSchema = null,
        string[]? principalColumns = null,
        ReferentialAction onUpdate = ReferentialAction.NoAction,
        ReferentialAction onDelete = ReferentialAction.NoAction)
    {
        var dialect = SqlDialect.For(migrationBuilder, nameof(AddForeignKeyNotValid));
        NotEmpty(name, nameof(name));
        NotEmpty(table, nameof(table));
        NotEmpty(principalTable, nameof(principalTable));
        var dependentColumns = Columns(columns, nameof(columns));
        if (principalColumns is not null)
        {
            Columns(principalColumns, nameof(principalColumns));
        }

        if (dialect.Provider == SqlProvider.Sqlite)
        {
            migrationBuilder.AddForeignKey(
                name, table, dependentColumns, principalTable, schema, principalSchema, principalColumns, onUpdate, onDelete);
            return migrationBuilder;
        }

        if (dialect.Provider == SqlProvider.MySql && principalColumns is null)
        {
            throw new ArgumentException("MySQL needs the principal columns of a foreign key.", nameof(principalColumns));
        }

        var sql = new StringBuilder("ALTER TABLE ").Append(dialect.Qualify(table, schema));
        sql.Append(dialect.Provider == SqlProvider.SqlServer ? " WITH NOCHECK" : string.Empty);
        sql.Append(" ADD CONSTRAINT ").Append(dialect.Quote(name))
            .Append(" FOREIGN KEY (").Append(dialect.QuoteList(dependentColumns)).Append(')')
            .Append(" REFERENCES ").Append(dialect.Qualify(principalTable, principalSchema));
        if (principalColumns is not null)
        {
            sql.Append(" (").Append(dialect.QuoteList(principalColumns)).Append(')');
        }

        AppendAction(sql, dialect, "UPDATE", onUpdate);
        AppendAction(sql, dialect, "DELETE", onDelete);
        if (dialect.Provider == SqlProvider.PostgreSql)
        {
            sql.Append(" NOT VALID");
            var refusal = PostgresRefusalOnPartitionedTable(
                dialect,
                dialect.Qualify(table, schema),
                nameof(AddForeignKeyNotValid),
                "PostgreSQL adds no NOT VALID foreign key to a partitioned table before version 18. Add it NOT VALID to each partition and validate each (ValidateConstraint), then add it to the table, which takes the partitions' keys over; or use AddForeignKey, which checks every row under a SHARE ROW EXCLUSIVE lock.",
                beforeVersion: 180000);
            Emit(migrationBuilder, "DO " + SqlDialect.DollarQuote("\nBEGIN" + refusal + "\nEND") + ";");
        }

        Emit(migrationBuilder, sql.Append(';').ToString());
        return migrationBuilder;
    }

    private static void AppendAction(StringBuilder sql, SqlDialect dialect, string verb, ReferentialAction action)
    {
        var text = action switch
        {
            ReferentialAction.NoAction => null,
            ReferentialAction.Restrict => dialect.Provider == SqlProvider.SqlServer ? null : "RESTRICT",
            ReferentialAction.Cascade => "CASCADE",
            ReferentialAction.SetNull => "SET NULL",
            ReferentialAction.SetDefault => "SET DEFAULT",
            _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
        };
        if (text is not null)
        {
            sql.Append(" ON ").Append(verb).Append(' ').Append(text);
        }
    }

    /// <summary>
    /// Adds a check constraint without checking the existing rows under lock. New and updated rows are checked at
    /// once; <see cref="ValidateConstraint"/> checks the old rows later (on PostgreSQL without blocking writes).
    /// </summary>
    /// <remarks>
    /// <list type="bullet">
    /// <item>PostgreSQL: <c>ADD CONSTRAINT ... CHECK (...) NOT VALID</c>.</item>
    /// <item>SQL Server: <c>WITH NOCHECK ADD CONSTRAINT ... CHECK (...)</c>, as dynamic SQL (<c>EXEC</c>), which an idempotent script
    /// compiles only when it runs.</item>
    /// <item>MySQL 8.0.16+/MariaDB: the plain <c>ADD CONSTRAINT ... CHECK</c>, validated while InnoDB copies the table.</item>
    /// <item>SQLite: EF Core's own <c>AddCheckConstraint</c> (a table rebuild from the migration's target model).</item>
    /// </list>
    /// <para>Put <see cref="ValidateConstraint"/> in a later migration (the contract step).</para>
    /// <para><b>Inverse:</b> EF Core's <c>DropCheckConstraint(name, table, schema)</c>.</para>
    /// </remarks>
    /// <param name="migrationBuilder">The migration builder.</param>
    /// <param name="name">The constraint name.</param>
    /// <param name="table">The table.</param>
    /// <param name="sql">The condition, in the provider's SQL, without the surrounding parentheses.</param>
    /// <param name="schema">The table's schema, or <see langword="null"/> for the default schema.</param>
    /// <returns>The same migration builder.</returns>
    public static MigrationBuilder AddCheckConstraintNotValid(
        this MigrationBuilder migrationBuilder,
        string name,
        string table,
        string sql,
        string? schema = null)
    {
        var dialect = SqlDialect.For(migrationBuilder, nameof(AddCheckConstraintNotValid));
        NotEmpty(name, nameof(name));
        NotEmpty(table, nameof(table));
        NotEmpty(sql, nameof(sql));
        var target = dialect.Qualify(table, schema);
        var constraint = dialect.Quote(name);
        switch (dialect.Provider)
        {
            case SqlProvider.PostgreSql:
                Emit(migrationBuilder, $"ALTER TABLE {target} ADD CONSTRAINT {constraint} CHECK ({sql}) NOT VALID;");
                break;
            case SqlProvider.SqlServer:
                // As dynamic SQL, as EF Core writes its own check constraints in an idempotent script: SQL Server compiles a
                // batch whole, and a condition that names a column a later migration dropped fails the batch (Msg 207) even
                // where the script skips the statement, since the migration has run.
                Emit(migrationBuilder, $"EXEC({dialect.Literal($"ALTER TABLE {target} WITH NOCHECK ADD CONSTRAINT {constraint} CHECK ({sql});")});");
                break;
            case SqlProvider.MySql:
                Emit(migrationBuilder, $"ALTER TABLE {target} ADD CONSTRAINT {constraint} CHECK ({sql});");
                break;
            default:
                migrationBuilder.AddCheckConstraint(name, table, sql, schema);
                break;
        }

        return migrationBuilder;
    }

    /// <summary>
    /// Checks the existing rows against a constraint added by <see cref="AddForeignKeyNotValid(MigrationBuilder, string, string, string, string, string?, string?, string?, ReferentialAction, ReferentialAction)"/>
    /// or <see cref="AddCheckConstraintNotValid"/>, and marks it valid (trusted). Fails if a row breaks it.
    /// </summary>
    /// <remarks>
    /// <list type="bullet">
    /// <item>PostgreSQL: <c>VALIDATE CONSTRAINT</c>, under a SHARE UPDATE EXCLUSIVE lock that lets reads and writes go
    /// on (the referenced table gets a ROW SHARE lock).</item>
    /// <item>SQL Server: <c>WITH CHECK CHECK CONSTRAINT</c>. This is an <c>ALTER TABLE</c>: it holds a schema
    /// modification lock (Sch-M) while it checks every row, so reads and writes of the table wait for the whole scan, as
    /// they would for EF's own <c>AddForeignKey</c>. What the split buys there is choosing when: run the validation at a
    /// quiet time, or leave the constraint untrusted (not validated) on a table too large to scan under lock.</item>
    /// <item>MySQL/MariaDB and SQLite: nothing; the constraint was checked when it was added.</item>
    /// </list>
    /// <para><b>Inverse:</b> none; a no-op in <c>Down</c> (the inverse of the add drops the constraint).</para>
    /// </remarks>
    /// <param name="migrationBuilder">The migration builder.</param>
    /// <param name="table">The table that has the constraint.</param>
    /// <param name="name">The constraint name.</param>
    /// <param name="schema">The table's schema, or <see langword="null"/> for the default schema.</param>
    /// <returns>The same migration builder.</returns>
    public static MigrationBuilder ValidateConstraint(
        this MigrationBuilder migrationBuilder,
        string table,
        string name,
        string? schema = null)
    {
        var dialect = SqlDialect.For(migrationBuilder, nameof(ValidateConstraint));
        NotEmpty(table, nameof(table));
        NotEmpty(name, nameof(name));
        var target = dialect.Qualify(table, schema);
        switch (dialect.Provider)
        {
            case SqlProvider.PostgreSql:
                Emit(migrationBuilder, $"ALTER TABLE {target} VALIDATE CONSTRAINT {dialect.Quote(name)};");
                break;
            case SqlProvider.SqlServer:
                Emit(migrationBuilder, $"ALTER TABLE {target} WITH CHECK CHECK CONSTRAINT {dialect.Quote(name)};");
                break;
        }

        return migrationBuilder;
    }
}
