using Microsoft.CodeAnalysis;
using SafeMigrations.Analyzers.Context;
using SafeMigrations.Analyzers.Model;

namespace SafeMigrations.Analyzers.Rules;

/// <summary>
/// SM1004: DropTable of an existing table breaks the app version that is still running, and loses every
/// row. A table created earlier in the same migration is not flagged: no running code uses it.
/// </summary>
internal sealed class DropTableRule : MigrationRule
{
    public override DiagnosticDescriptor Descriptor => Descriptors.SM1004_DropTable;

    public override void Analyze(MigrationContext context)
    {
        // A contract migration does this on purpose, once its expand step is live and no old version runs.
        if (context.Migration.ContractOf is not null)
        {
            return;
        }

        foreach (var operation in context.UpOperations)
        {
            if (operation.Kind != OperationType.DropTable
                || operation is not { Table: { } table }
                || context.IsNewTable(operation))
            {
                continue;
            }

            context.Report(Descriptor, operation.Span, table);
        }
    }
}
