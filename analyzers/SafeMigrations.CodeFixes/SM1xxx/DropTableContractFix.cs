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
/// SQLite, where that drop rebuilds the table). Offered
/// for a migration that does nothing but drop the table (EF's scaffold for a removed entity).
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
            || target.Migration.Up.Operations.Any(o => o.Table != table || o.Kind is not (OperationType.DropTable or OperationType.DropIndex or OperationType.DropForeignKey))
            || ExpandContract.PreviousModel(target)?.Table(table, operation.Schema) is not { } definition)
        {
            return false;
        }

        // The contract drops the table; the expand drops only its foreign keys that EF did not drop already.
        var droppedKeys = target.Migration.Up.Operations.Where(o => o.Kind == OperationType.DropForeignKey).Select(o => o.Name).ToList();
        // Not on SQLite, where dropping a foreign key rebuilds the table: there the expand changes nothing.
        var keys = target.Provider == DatabaseProvider.Sqlite
            ? new System.Collections.Generic.List<ForeignKeyDefinition>()
            : definition.ForeignKeys.Where(f => !droppedKeys.Contains(f.Name) && f.PrincipalTable != table).ToList();
        rewrite.Move(target, null, keys.Select(k => new CallWriter("DropForeignKey").Literal("name", k.Name).Literal("table", table).Copy(operation, "schema").Write() + ";").ToArray());

        // Its indexes go with the table, in the contract.
        foreach (var dropIndex in target.Migration.Up.Operations.Where(o => o.Kind == OperationType.DropIndex))
        {
            if (StatementEdits.StatementAt(target, dropIndex) is not { } statement)
            {
                return false;
            }

            rewrite.Remove(statement);
        }

        rewrite.GenerateSourceRollback = true;
        rewrite.EditDesigner((_, previous) =>
        {
            // The expand's model is the one before it, less the table's foreign keys.
            var text = previous;
            foreach (var key in keys)
            {
                text = text is null ? null : DesignerEditor.RemoveForeignKey(text, table, operation.Schema, key.Name);
            }

            return text is null ? null : NewMigrationWriter.DesignerFile(text, target.Migration.Id!, target.Migration.ClassName);
        });
        return true;
    }
}
