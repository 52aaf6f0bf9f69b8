using Microsoft.CodeAnalysis;
using SafeMigrations.Analyzers.Context;
using SafeMigrations.Analyzers.Model;

namespace SafeMigrations.Analyzers.Rules;

/// <summary>
/// SM2003: DropIndex on PostgreSQL takes an ACCESS EXCLUSIVE lock on the table. Npgsql cannot emit
/// DROP INDEX CONCURRENTLY; the runtime library's DropIndexConcurrently can.
/// </summary>
internal sealed class DropIndexRule : MigrationRule
{
    public override DiagnosticDescriptor Descriptor => Descriptors.SM2003_DropIndexLocksTable;

    public override void Analyze(MigrationContext context)
    {
        foreach (var operation in context.UpOperations)
        {
            if (operation.Kind != OperationType.DropIndex
                || operation is not { Name: { } index, Table: { } table }
                || context.ProviderFor(operation) != DatabaseProvider.PostgreSql
                || operation.BooleanArgument("concurrently") == true
                || context.IsNewTable(operation)
                || context.IsSmallTable(operation)
                || IsTableDroppedLater(context, operation))
            {
                continue;
            }

            context.Report(Descriptor, operation.Span, index, table);
        }
    }

    // EF drops a table's indexes before the table itself; the DropTable rules speak for that table.
    private static bool IsTableDroppedLater(MigrationContext context, MigrationOperation dropIndex)
    {
        var after = false;
        foreach (var operation in context.UpOperations)
        {
            after |= ReferenceEquals(operation, dropIndex);
            if (after && operation.Kind == OperationType.DropTable && operation.Table == dropIndex.Table && operation.Schema == dropIndex.Schema)
            {
                return true;
            }
        }

        return false;
    }
}
