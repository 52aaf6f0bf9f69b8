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
                || context.IsNewColumn(operation, column)
                || IsCaseOnlyWhereNamesIgnoreCase(context, operation, column, newName))
            {
                continue;
            }

            context.Report(Descriptor, operation.Span, column, newName, table);
        }
    }

    /// <summary>
    /// A rename that changes only the case (<c>Firstname</c> to <c>FirstName</c>) on SQLite or MySQL, whose column names
    /// compare without case: the running version's queries still find the column. PostgreSQL's quoted names and SQL
    /// Server's case-sensitive collations do not, so there it is still reported.
    /// </summary>
    private static bool IsCaseOnlyWhereNamesIgnoreCase(MigrationContext context, MigrationOperation operation, string column, string newName) =>
        string.Equals(column, newName, System.StringComparison.OrdinalIgnoreCase)
        && context.ProviderFor(operation) is DatabaseProvider.Sqlite or DatabaseProvider.MySql;
}
