using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using SafeMigrations.Analyzers.Model;
using SafeMigrations.Analyzers.Rollback;
using SafeMigrations.CodeFixes.Engine;

namespace SafeMigrations.CodeFixes;

/// <summary>
/// SM1003: the drop moves into a contract migration (<c>[ContractOf]</c>), which <c>UseSafeMigrations()</c> applies
/// on the next deployment, once no old app version reads the column. The expand keeps the column; when it is NOT
/// NULL without a default it becomes nullable there, so the new app version, which no longer writes it, can insert.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DropColumnContractFix))]
public sealed class DropColumnContractFix : ExpandContractCodeFix
{
    public const string EquivalenceKey = "SafeMigrations.DropColumnContract";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("SM1003");

    public override string Key => EquivalenceKey;

    public override string Title => "Drop it in a contract migration (expand/contract)";

    internal override bool TryPlan(FixTarget target, MigrationRewrite rewrite)
    {
        var operation = target.Operation;
        if (operation is not { Kind: OperationType.DropColumn, Name: { } column, Table: { } table }
            || !target.HasConstantSchema
            || target.Migration.ContractOf is not null
            || ExpandContract.PreviousColumn(target, table, operation.Schema, column) is not { } definition)
        {
            return false;
        }

        var (tableDefinition, columnDefinition) = definition;
        var mustAllowNull = !columnDefinition.IsNullable && columnDefinition.DefaultValue is null && columnDefinition.DefaultValueSql is null
                            && columnDefinition.ComputedColumnSql is null && !System.Linq.Enumerable.Contains(tableDefinition.PrimaryKey, column);
        if (mustAllowNull)
        {
            rewrite.Move(target, null, ColumnCalls.AlterNullability(tableDefinition, columnDefinition, nullable: true));
        }
        else
        {
            rewrite.Move(target);
        }

        rewrite.GenerateSourceRollback = true;
        rewrite.EditDesigner((designer, previous) =>
        {
            var kept = previous is null ? null : DesignerEditor.CopyProperty(previous, designer, table, operation.Schema, column);
            return kept is null || !mustAllowNull ? kept : DesignerEditor.MakeNullable(kept, table, operation.Schema, column);
        });
        return true;
    }
}
