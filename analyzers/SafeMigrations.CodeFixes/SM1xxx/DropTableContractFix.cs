using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using SafeMigrations.Analyzers.Model;
using SafeMigrations.Analyzers.Rollback;
using SafeMigrations.CodeFixes.Engine;

namespace SafeMigrations.CodeFixes;

/// <summary>
/// SM1004: the drop moves into a contract migration. The expand drops only the table's own foreign keys into
/// tables that stay, which would otherwise block (or cascade) the new app version's deletes of their rows (not on
/// SQLite, where that drop rebuilds the table). The rest of the migration stays in the expand: offered when nothing
/// else in it touches the table (renames it, adds to it, points a new foreign key at it, creates one of its name).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DropTableContractFix))]
public sealed class DropTableContractFix : ExpandContractCodeFix
{
    public const string EquivalenceKey = "SafeMigrations.DropTableContract";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("SM1004");

    public override string Key => EquivalenceKey;

    public override string Title => "Drop it in a contract migration (expand/contract)";

    internal override bool TryPlan(FixTarget target, MigrationRewrite rewrite)
    {
        var operation = target.Operation;
        if (operation is not { Kind: OperationType.DropTable, Table: { } table }
            || !target.HasConstantSchema
            || target.Migration.ContractOf is not null
            || target.Migration.Up.Operations.Any(o => TouchesTable(o, table, operation.Schema))
            || ExpandContract.PreviousModel(target)?.Table(table, operation.Schema) is not { } definition)
        {
            return false;
        }

        // The contract drops the table; the expand drops only its foreign keys that EF did not drop already.
        var own = target.Migration.Up.Operations.Where(o => o.Table == table && o.Schema == operation.Schema).ToList();
        var droppedKeys = own.Where(o => o.Kind == OperationType.DropForeignKey).Select(o => o.Name).ToList();
        var alone = own.Count == target.Migration.Up.Operations.Count;
        // Not on SQLite, where dropping a foreign key rebuilds the table: there the expand changes nothing.
        var keys = target.Provider == DatabaseProvider.Sqlite
            ? new System.Collections.Generic.List<ForeignKeyDefinition>()
            : definition.ForeignKeys.Where(f => !droppedKeys.Contains(f.Name) && f.PrincipalTable != table).ToList();
        rewrite.Move(target, null, keys.Select(k => new CallWriter("DropForeignKey").Literal("name", k.Name).Literal("table", table).Copy(operation, "schema").Write() + ";").ToArray());

        // Its indexes go with the table, in the contract.
        foreach (var dropIndex in own.Where(o => o.Kind == OperationType.DropIndex))
        {
            if (StatementEdits.StatementAt(target, dropIndex) is not { } statement)
            {
                return false;
            }

            rewrite.Remove(statement);
        }

        rewrite.GenerateSourceRollback = true;
        rewrite.EditDesigner((designer, previous) =>
        {
            // The expand's model is the one before it (alone) or its own with the table kept (beside other changes),
            // less the table's foreign keys.
            var text = alone || previous is null ? previous : DesignerEditor.CopyTable(previous, designer, table, operation.Schema);
            // Those the fix drops, and those the migration itself drops before the table (they stay in the expand).
            foreach (var key in keys.Select(k => k.Name).Concat(droppedKeys.Where(n => definition.ForeignKeys.Any(f => f.Name == n))))
            {
                text = text is null ? null : DesignerEditor.RemoveForeignKey(text, table, operation.Schema, key!);
            }

            return text is null || !alone ? text : NewMigrationWriter.DesignerFile(text, target.Migration.Id!, target.Migration.ClassName);
        });
        return true;
    }

    /// <summary>
    /// An operation beside the drop that needs the table (or its name) as it is: anything on it but the drop of its
    /// indexes and foreign keys, a foreign key pointing at it, a rename to its name.
    /// </summary>
    private static bool TouchesTable(MigrationOperation operation, string table, string? schema)
    {
        if (operation.Table == table && operation.Schema == schema)
        {
            return operation.Kind is not (OperationType.DropTable or OperationType.DropIndex or OperationType.DropForeignKey);
        }

        return operation.Kind is OperationType.Sql or OperationType.Unknown or OperationType.Extension
               || operation.StringArgument("principalTable") == table
               || (operation.Kind == OperationType.RenameTable && operation.NewName == table);
    }
}
