using Microsoft.CodeAnalysis;
using SafeMigrations.Analyzers.Context;
using SafeMigrations.Analyzers.Model;

namespace SafeMigrations.Analyzers.Rules;

/// <summary>
/// SM1003: DropColumn on an existing table breaks the app version that is still running, and loses the
/// column's data. A column added earlier in the same migration is not flagged: no running code uses it.
/// </summary>
internal sealed class DropColumnRule : MigrationRule
{
    public override DiagnosticDescriptor Descriptor => Descriptors.SM1003_DropColumn;

    public override void Analyze(MigrationContext context)
    {
        // A contract migration does this on purpose, once its expand step is live and no old version runs.
        if (context.Migration.ContractOf is not null)
        {
            return;
        }

        foreach (var operation in context.UpOperations)
        {
            if (operation.Kind != OperationType.DropColumn
                || operation is not { Name: { } column, Table: { } table }
                || context.IsNewColumn(operation, column))
            {
                continue;
            }

            context.Report(Descriptor, operation.Span, column, table, DataDescription(context, table, operation.Schema, column));
        }
    }

    /// <summary>"all of its text data" when the model before the migration knows the column's store type.</summary>
    private static string DataDescription(MigrationContext context, string table, string? schema, string column) =>
        context.PreviousTable(table, schema)?.Column(column)?.StoreType is { Length: > 0 } storeType
            ? "all of its " + storeType + " data"
            : "all of its data";
}
