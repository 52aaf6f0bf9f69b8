using Microsoft.CodeAnalysis;
using SafeMigrations.Analyzers.Context;
using SafeMigrations.Analyzers.Model;

namespace SafeMigrations.Analyzers.Rules;

/// <summary>SM1001: RenameColumn on an existing table breaks the app version that is still running.</summary>
internal sealed class RenameColumnRule : MigrationRule
{
    public override DiagnosticDescriptor Descriptor => Descriptors.SM1001_RenameColumn;

    public override void Analyze(MigrationContext context)
    {
        foreach (var operation in context.UpOperations)
        {
            if (operation.Kind != OperationType.RenameColumn
                || operation is not { Name: { } column, NewName: { } newName, Table: { } table }
                || context.IsNewColumn(operation, column))
            {
                continue;
            }

            context.Report(Descriptor, operation.Span, column, newName, table);
        }
    }
}
