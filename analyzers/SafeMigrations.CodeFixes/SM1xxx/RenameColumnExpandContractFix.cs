using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using SafeMigrations.Analyzers.Model;
using SafeMigrations.Analyzers.Rollback;
using SafeMigrations.CodeFixes.Engine;

namespace SafeMigrations.CodeFixes;

/// <summary>
/// SM1001: the rename becomes expand/contract. The expand adds the new column (nullable, no default) and triggers
/// that keep both columns equal on every write; a data-only migration right after copies the existing rows in
/// batches (outside the transaction, so on its own); the contract, on the next deployment, drops the triggers and
/// the old column and enforces NOT NULL if the column had it. PostgreSQL, SQL Server and SQLite (see
/// <see cref="PlanSqlite"/>). No fix for a column in a key, index or foreign key (the copy would need them
/// re-created), with a default, computed or generated, with a collation or a comment (outside SQLite, whose contract
/// rebuilds the table from the model; the new column would be added without them), nor on SQL Server for a table whose models do not declare a trigger
/// (see <see cref="BothVersionsDeclareTriggers"/>).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RenameColumnExpandContractFix))]
public sealed class RenameColumnExpandContractFix : ExpandContractCodeFix
{
    public const string EquivalenceKey = "SafeMigrations.RenameColumnExpandContract";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("SM1001");

    public override string Key => EquivalenceKey;

    public override string Title => "Rename through expand/contract (new column, sync triggers, copy; drop the old one later)";

    internal override bool TryPlan(FixTarget target, MigrationRewrite rewrite)
    {
        var operation = target.Operation;
        if (operation is not { Kind: OperationType.RenameColumn, Name: { } oldName, NewName: { } newName, Table: { } table }
            || target.Provider is not (DatabaseProvider.PostgreSql or DatabaseProvider.SqlServer or DatabaseProvider.Sqlite)
            || ExpandContract.IsCaseOnlyOffPostgreSql(target.Provider, oldName, newName)
            || target.Migration.ContractOf is not null
            || !target.HasConstantSchema
            || ExpandContract.PreviousColumn(target, table, operation.Schema, oldName) is not { } definition
            || !IsPlain(definition.Table, definition.Column)
            || target.Migration.Up.Operations.Any(o => o.Table == table && o.Kind is OperationType.RenameIndex or OperationType.RenameTable)
            || ChangesTheColumnToo(target, table, oldName, newName)
            || (target.Provider != DatabaseProvider.Sqlite && ExpandContract.ColumnHasCollationOrComment(target, table, operation.Schema, newName))
            || (target.Provider == DatabaseProvider.SqlServer && !BothVersionsDeclareTriggers(target, definition.Table)))
        {
            return false;
        }

        var (tableDefinition, column) = definition;
        string Helper(string method, params (string Name, string Value)[] named)
        {
            var call = new CallWriter(method).Literal("table", table);
            foreach (var (name, value) in named)
            {
                call.Literal(name, value);
            }

            return call.Copy(operation, "schema").Write() + ";";
        }

        if (target.Provider == DatabaseProvider.Sqlite)
        {
            PlanSqlite(target, rewrite, tableDefinition, column, newName, Helper);
            return true;
        }

        // Expand: the new column, empty and nullable, kept equal to the old one by triggers from now on. SQL Server's
        // sync trigger runs after the insert, too late for a NOT NULL old column that the new app version leaves out:
        // there the old column becomes nullable first (metadata only); PostgreSQL's trigger fills it before the check.
        var relaxOld = target.Provider == DatabaseProvider.SqlServer && !column.IsNullable;
        rewrite.Replace(
            target.Statement,
            (relaxOld ? new[] { ColumnCalls.AlterNullability(tableDefinition, column, nullable: true) } : Array.Empty<string>())
                .Append(ColumnCalls.Add(tableDefinition, column, newName, nullable: true))
                .Append(Helper("CreateColumnSync", ("oldColumn", oldName), ("newColumn", newName)))
                .ToArray());
        // 1,000-row batches: every copied row also fires the sync trigger, and a writer touching a row of the batch
        // waits for its commit (the lock benchmark measured 25-109 ms waits at 10,000 rows, 0-14 ms at 1,000).
        rewrite.AddToIntermediateMigration(new CallWriter("CopyColumnData").Literal("table", table).Literal("fromColumn", oldName).Literal("toColumn", newName)
            .Copy(operation, "schema").Literal("batchSize", ExpandContract.BackfillBatchSize).Write() + ";");

        // Contract: the new column gets the old one's NOT NULL first (restartable, outside the transaction), then the
        // triggers and the old column go in one transaction.
        if (!column.IsNullable)
        {
            rewrite.AddToNewMigration(new CallWriter("SetNotNullSafely").Literal("table", table).Literal("column", newName).Copy(operation, "schema")
                .Literal("columnType", target.Provider == DatabaseProvider.SqlServer ? column.StoreType : null).Write() + ";");
        }

        rewrite.AddToNewMigration(Helper("DropColumnSync", ("oldColumn", oldName), ("newColumn", newName)));
        rewrite.AddToNewMigration(new CallWriter("DropColumn").Literal("name", oldName).Literal("table", table).Copy(operation, "schema").Write() + ";");
        rewrite.GenerateSourceRollback = true;
        rewrite.UsesRuntime = true;
        EditExpandDesigner(rewrite, table, operation.Schema, oldName, newName, column.IsNullable, relaxOld);
        return true;
    }

    /// <summary>
    /// Whether Up also alters, adds or drops the column under either name (a rename with a new length scaffolds an
    /// AlterColumn of the new name after it): the expand's empty new column would meet that change first, and the
    /// contract would re-create the column as it was before it.
    /// </summary>
    private static bool ChangesTheColumnToo(FixTarget target, string table, string oldName, string newName) =>
        target.Migration.Up.Operations.Any(o => !ReferenceEquals(o, target.Operation) && o.Table == table
            && o.Kind is OperationType.AlterColumn or OperationType.AddColumn or OperationType.DropColumn or OperationType.RenameColumn
            && (o.Name == oldName || o.Name == newName || o.NewName == oldName || o.NewName == newName));

    /// <summary>
    /// SQL Server refuses the <c>OUTPUT</c> clause of EF Core 7+'s saves on a table with a trigger (error 334) unless the
    /// model declares one (<c>ToTable(t => t.HasTrigger(...))</c>): the sync trigger would fail every save of the app
    /// version still running, and of the new one, unless both models declare a trigger on the table. The model before the
    /// migration stands for the running version, the migration's own for the new one.
    /// </summary>
    private static bool BothVersionsDeclareTriggers(FixTarget target, TableDefinition before) =>
        before.DeclaresTriggers && ExpandContract.OwnModel(target)?.Table(before.Name, before.Schema) is { DeclaresTriggers: true };

    /// <summary>
    /// The expand's model has both columns: the old one as before (under a property name of its own), nullable where
    /// the expand made it so, and the new one, nullable.
    /// </summary>
    private static void EditExpandDesigner(MigrationRewrite rewrite, string table, string? schema, string oldName, string newName, bool wasNullable, bool oldMadeNullable) =>
        rewrite.EditDesigner((designer, previous) =>
        {
            var both = previous is null ? null : DesignerEditor.CopyProperty(previous, designer, table, schema, oldName, oldName + "__BeforeRename");
            var newNullable = both is null || wasNullable ? both : DesignerEditor.MakeNullable(both, table, schema, newName);
            return oldMadeNullable && newNullable is not null ? DesignerEditor.MakeNullable(newNullable, table, schema, oldName) : newNullable;
        });

    /// <summary>
    /// SQLite has no ALTER COLUMN, and EF's table rebuild (for a NOT NULL change or a dropped column) runs after every
    /// other operation of its migration and drops the table's triggers. So each rebuild gets a migration without a
    /// sync to lose: the expand adds the new column and, for a NOT NULL column, makes the old one nullable (its sync
    /// trigger runs after the insert, too late for NOT NULL: the new app version inserts without it); the next
    /// migration creates the sync and copies the rows; the contract drops the sync, then the old column (rebuild);
    /// a final one makes the new column NOT NULL (rebuild), so that the contract's rollback, which re-creates the
    /// sync, shares no migration with a rebuild.
    /// </summary>
    private static void PlanSqlite(FixTarget target, MigrationRewrite rewrite, TableDefinition table, ColumnDefinition column, string newName, Func<string, (string Name, string Value)[], string> helper)
    {
        var operation = target.Operation;
        var oldName = column.Name;
        rewrite.Replace(
            target.Statement,
            column.IsNullable
                ? new[] { ColumnCalls.Add(table, column, newName, nullable: true) }
                : new[] { ColumnCalls.AlterNullability(table, column, nullable: true), ColumnCalls.Add(table, column, newName, nullable: true) });
        rewrite.IntermediateSuffix = "Sync";
        rewrite.AddToIntermediateMigration(helper("CreateColumnSync", new[] { ("oldColumn", oldName), ("newColumn", newName) }));
        rewrite.AddToIntermediateMigration(new CallWriter("CopyColumnData").Literal("table", table.Name).Literal("fromColumn", oldName).Literal("toColumn", newName)
            .Copy(operation, "schema").Write() + ";");
        rewrite.AddToNewMigration(helper("DropColumnSync", new[] { ("oldColumn", oldName), ("newColumn", newName) }));
        rewrite.AddToNewMigration(new CallWriter("DropColumn").Literal("name", oldName).Literal("table", table.Name).Copy(operation, "schema").Write() + ";");
        if (!column.IsNullable)
        {
            rewrite.AddToFinalMigration(ColumnCalls.AlterNullability(table, column with { Name = newName, IsNullable = true }, nullable: false));
            rewrite.EditNewDesigner(designer => DesignerEditor.MakeNullable(designer, table.Name, table.Schema, newName));
        }

        rewrite.GenerateSourceRollback = true;
        rewrite.UsesRuntime = true;
        EditExpandDesigner(rewrite, table.Name, table.Schema, oldName, newName, column.IsNullable, oldMadeNullable: !column.IsNullable);
    }

    /// <summary>A column the triggers and the batched copy can carry as it is.</summary>
    private static bool IsPlain(TableDefinition table, ColumnDefinition column) =>
        column is { DefaultValue: null, DefaultValueSql: null, ComputedColumnSql: null, ValueGeneration: ValueGeneration.None }
        && table.PrimaryKey.Count > 0
        && !table.PrimaryKey.Contains(column.Name)
        && !table.Indexes.Any(i => i.Columns.Contains(column.Name))
        && !table.ForeignKeys.Any(f => f.Columns.Contains(column.Name))
        && !table.UniqueConstraints.Any(u => u.Columns.Contains(column.Name));
}
