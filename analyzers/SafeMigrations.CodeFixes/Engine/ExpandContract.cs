using System;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis.CSharp;
using SafeMigrations.Analyzers.Context;
using SafeMigrations.Analyzers.Model;

namespace SafeMigrations.CodeFixes.Engine;

/// <summary>What the fixes read from the model before the migration, and how they name things in the SQL they write.</summary>
internal static class ExpandContract
{
    /// <summary>The model the previous migration's Designer builds, or null when there is none.</summary>
    public static TargetModel? PreviousModel(FixTarget target) =>
        new MigrationIndex(target.Compilation, target.Symbols).PreviousTargetModel(target.Migration.Id, target.Migration.DbContextType, CancellationToken.None);

    /// <summary>The model the migration's own Designer builds (the model the new app version saves with), or null.</summary>
    public static TargetModel? OwnModel(FixTarget target) =>
        new MigrationIndex(target.Compilation, target.Symbols).TargetModelOf(target.Type, CancellationToken.None);

    /// <summary>
    /// Whether SQL Server would refuse <c>SetNotNullSafely</c> on the column: its <c>ALTER COLUMN ... NOT NULL</c> fails on a
    /// column that an index, key or foreign key of the model after the migration uses (Msg 5074), which EF's own
    /// <c>AlterColumn</c> drops and re-creates around the change: as a key column, an included column (IncludeProperties) or
    /// in a filter. A fix that would write it there is not offered.
    /// </summary>
    public static bool SqlServerRefusesNotNullOn(FixTarget target, string table, string? schema, string column) =>
        target.Provider == DatabaseProvider.SqlServer
        && (OwnModel(target)?.Table(table, schema) is not { } after
            || after.PrimaryKey.Contains(column)
            || after.Indexes.Any(i => i.Columns.Contains(column)
                || i.Options.Any(o => o.Code.Contains(SymbolDisplay.FormatLiteral(column, quote: true)))
                || (i.Filter is { } filter && UsesColumn(filter, column)))
            || after.ForeignKeys.Any(f => f.Columns.Contains(column))
            || after.UniqueConstraints.Any(u => u.Columns.Contains(column)));

    /// <summary>
    /// A rename that changes only the case, off PostgreSQL: SQL Server's usual collations (and SQLite) take the new name for
    /// the old one, so an expand's new column would duplicate the old (Msg 2705, "duplicate column name"), and a view under
    /// the old table name would clash with the table (Msg 2714): the migration that worked would fail.
    /// </summary>
    public static bool IsCaseOnlyOffPostgreSql(DatabaseProvider provider, string oldName, string newName) =>
        provider != DatabaseProvider.PostgreSql && string.Equals(oldName, newName, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Whether an index filter uses the column, as SQL Server reads it (names compared without case, as the usual
    /// collations compare them); a filter that does not parse is taken to use it.
    /// </summary>
    private static bool UsesColumn(string filter, string column) =>
        Analyzers.RawSql.TSqlStatementReader.ColumnsIn(filter) is not { } names
        || names.Any(name => string.Equals(name, column, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The <c>columnType</c> SQL Server's <c>SetNotNullSafely</c> needs for the column the operation adds or alters: its store
    /// type, and its collation when it has one (<c>nvarchar(20) COLLATE Latin1_General_CS_AS</c>), since an ALTER COLUMN
    /// without COLLATE gives the column the database's default collation. Null for a collation that is not a plain name
    /// (a fix then is not offered).
    /// </summary>
    public static string? SqlServerColumnType(MigrationOperation operation, string storeType)
    {
        if (!operation.HasArgument("collation"))
        {
            return storeType;
        }

        return operation.StringArgument("collation") is { Length: > 0 } collation && collation.All(c => c is '_' or (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9'))
            ? storeType + " COLLATE " + collation
            : null;
    }

    /// <summary>
    /// Whether the migration's own Designer gives the column what <see cref="ColumnDefinition"/> does not hold, a collation or
    /// a comment (<c>UseCollation</c>, <c>HasComment</c>, or their annotations): a fix that writes the column again from the
    /// model would lose it. True when the property's statement cannot be found.
    /// </summary>
    public static bool ColumnHasCollationOrComment(FixTarget target, string table, string? schema, string column)
    {
        foreach (var reference in target.Type.DeclaringSyntaxReferences)
        {
            var root = reference.SyntaxTree.GetRoot();
            if (DesignerEditor.EntityBlocks(root).Any())
            {
                return DesignerEditor.PropertyStatement(root, table, schema, column) is not { } statement
                    || new[] { ".UseCollation(", ".HasComment(", "\"Relational:Collation\"", "\"Relational:Comment\"" }.Any(statement.ToString().Contains);
            }
        }

        return true;
    }

    /// <summary>The column as the previous migration's Designer defines it, or null when it cannot be read.</summary>
    public static (TableDefinition Table, ColumnDefinition Column)? PreviousColumn(FixTarget target, string table, string? schema, string column) =>
        PreviousModel(target)?.Table(table, schema) is { } definition && definition.Column(column) is { } found ? (definition, found) : null;

    /// <summary>
    /// The batch the backfills the fixes write update per commit. A writer that hits a row of the batch being updated
    /// waits for that batch's commit: at the helper's default of 10,000 rows that stall measured 17-55 ms on PostgreSQL
    /// (the lock benchmark), beyond 3x a writer's no-DDL stall; 1,000 rows keeps it within.
    /// </summary>
    public const int BackfillBatchSize = 1_000;

    /// <summary>An identifier quoted the provider's way, for the SQL fragments the fixes write (setSql, whereSql, renames).</summary>
    public static string Quote(string identifier, DatabaseProvider provider) =>
        provider == DatabaseProvider.SqlServer ? "[" + identifier.Replace("]", "]]") + "]" : "\"" + identifier.Replace("\"", "\"\"") + "\"";

    /// <summary>
    /// Adds to the new migration what fills a column's NULLs and then makes it NOT NULL without a locked scan:
    /// <c>BackfillInBatches</c> with <paramref name="fillSql"/> (when given), then <c>SetNotNullSafely</c> (when
    /// <paramref name="notNull"/>); SQL Server's helper needs the column's type. On SQLite, where the helper cannot
    /// work (no ALTER COLUMN), <paramref name="sqliteNotNull"/> enforces it instead: EF's <c>AlterColumn</c>, a table
    /// rebuild that EF runs after every other operation of the migration, so after the backfill. The source Designer
    /// keeps the column nullable, as the expand leaves it.
    /// </summary>
    public static void FillThenSetNotNull(FixTarget target, MigrationRewrite rewrite, string table, string column, string? fillSql, bool notNull, string? storeType, string? sqliteNotNull = null)
    {
        if (target.Provider == DatabaseProvider.SqlServer && storeType is not null)
        {
            storeType = SqlServerColumnType(target.Operation, storeType);
        }

        var operation = target.Operation;
        var quoted = Quote(column, target.Provider);
        rewrite.UsesRuntime = true;
        if (fillSql is not null)
        {
            rewrite.AddToNewMigration(new Analyzers.Rollback.CallWriter("BackfillInBatches").Literal("table", table)
                .Literal("setSql", $"{quoted} = {fillSql}").Literal("whereSql", $"{quoted} IS NULL").Copy(operation, "schema")
                .Literal("batchSize", BackfillBatchSize).Write() + ";");
        }

        if (notNull)
        {
            rewrite.AddToNewMigration(target.Provider == DatabaseProvider.Sqlite
                ? sqliteNotNull!
                : new Analyzers.Rollback.CallWriter("SetNotNullSafely").Literal("table", table).Literal("column", column).Copy(operation, "schema")
                    .Literal("columnType", target.Provider == DatabaseProvider.SqlServer ? storeType : null).Write() + ";");
            rewrite.EditDesigner((designer, _) => DesignerEditor.MakeNullable(designer, table, operation.Schema, column));
        }
    }
}
