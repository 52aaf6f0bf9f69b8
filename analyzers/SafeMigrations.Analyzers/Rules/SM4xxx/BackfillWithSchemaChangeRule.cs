using Microsoft.CodeAnalysis;
using SafeMigrations.Analyzers.Context;
using SafeMigrations.Analyzers.Model;

namespace SafeMigrations.Analyzers.Rules;

/// <summary>
/// SM4003: an UPDATE or DELETE of a table in the same migration, and so the same transaction, as a schema
/// change of that table. The schema change's lock is held until the backfill ends. PostgreSQL and SQL
/// Server only: MySQL commits each DDL statement on its own, and SQLite locks the whole database anyway.
/// </summary>
internal sealed class BackfillWithSchemaChangeRule : MigrationRule
{
    public override DiagnosticDescriptor Descriptor => Descriptors.SM4003_BackfillWithSchemaChange;

    public override void Analyze(MigrationContext context)
    {
        foreach (var backfill in context.UpOperations)
        {
            var provider = context.ProviderFor(backfill);
            if (backfill.Kind is not (OperationType.UpdateRows or OperationType.DeleteRows)
                || backfill is not { Table: { } table }
                || provider is not (DatabaseProvider.PostgreSql or DatabaseProvider.SqlServer)
                || backfill.BooleanArgument("suppressTransaction") == true
                || context.IsNewTable(backfill)
                || context.IsSmallTable(backfill)
                || SchemaChangeOf(context, backfill) is not { } change)
            {
                continue;
            }

            var consequence = provider == DatabaseProvider.PostgreSql
                ? $"the ACCESS EXCLUSIVE lock it takes on '{table}' is held until the backfill ends and the migration commits: every read and write of '{table}' waits for the whole backfill."
                : $"the schema-modification lock it takes on '{table}' is held until the backfill ends and the migration commits: every read and write of '{table}' waits for the whole backfill.";
            context.Report(Descriptor, backfill.Span, backfill.Kind == OperationType.UpdateRows ? "UPDATE" : "DELETE", table, change.Describe(), consequence);
        }
    }

    /// <summary>
    /// The nearest schema change of the same table before the backfill: its lock is what the backfill runs under.
    /// A schema change after the backfill takes its lock only once the rows are written, so it is not this rule's case.
    /// </summary>
    private static MigrationOperation? SchemaChangeOf(MigrationContext context, MigrationOperation backfill)
    {
        MigrationOperation? nearest = null;
        foreach (var operation in context.UpOperations)
        {
            if (ReferenceEquals(operation, backfill))
            {
                return nearest;
            }

            if (ChangesSchema(operation.Kind)
                && operation.BooleanArgument("suppressTransaction") != true
                && context.SameTable(operation, backfill))
            {
                nearest = operation;
            }
        }

        return null;
    }

    private static bool ChangesSchema(OperationType kind) => kind is OperationType.AddColumn or OperationType.AlterColumn or OperationType.DropColumn
        or OperationType.RenameColumn or OperationType.CreateIndex or OperationType.DropIndex or OperationType.AddForeignKey or OperationType.DropForeignKey
        or OperationType.AddPrimaryKey or OperationType.DropPrimaryKey or OperationType.AddUniqueConstraint or OperationType.DropUniqueConstraint
        or OperationType.AddCheckConstraint or OperationType.DropCheckConstraint or OperationType.AlterTable;
}
