using Microsoft.CodeAnalysis;
using SafeMigrations.Analyzers.Context;
using SafeMigrations.Analyzers.Model;

namespace SafeMigrations.Analyzers.Rules;

/// <summary>
/// SM4002: an UPDATE or DELETE in raw SQL with no WHERE and no batching (LIMIT, TOP, a loop) over a table
/// that exists before the migration: one statement that touches every row inside the migration's transaction.
/// </summary>
internal sealed class UnbatchedDataChangeRule : MigrationRule
{
    public override DiagnosticDescriptor Descriptor => Descriptors.SM4002_UnbatchedDataChange;

    public override void Analyze(MigrationContext context)
    {
        foreach (var operation in context.UpOperations)
        {
            if (operation.Kind is not (OperationType.UpdateRows or OperationType.DeleteRows)
                || operation is not { Table: { } table }
                || operation.BooleanArgument("where") == true
                || operation.BooleanArgument("limited") == true
                || context.IsNewTable(operation)
                || context.IsSmallTable(operation))
            {
                continue;
            }

            var update = operation.Kind == OperationType.UpdateRows;
            var safeWay = update
                ? $"Update in batches that commit one by one: migrationBuilder.BackfillInBatches(\"{table}\", setSql, whereSql), in a migration of its own."
                : $"Delete in batches that commit one by one (DELETE ... WHERE key IN (a bounded SELECT), repeated), outside the migration's transaction, or TRUNCATE if '{table}' is meant to be emptied.";
            context.Report(Descriptor, operation.Span, update ? "UPDATE" : "DELETE", table, Consequence(context.ProviderFor(operation), table), safeWay);
        }
    }

    private static string Consequence(DatabaseProvider provider, string table) => provider switch
    {
        DatabaseProvider.PostgreSql =>
            $"it locks every row of '{table}' until the migration commits, so each write of the running app to '{table}' waits for the whole statement, and it writes a new version of every row at once (table bloat, a burst of WAL, replica lag).",
        DatabaseProvider.SqlServer =>
            $"it holds its row locks, escalated to a lock on the whole table past about 5,000 of them, until the migration commits, so the running app's writes to '{table}' wait for the whole statement, and the transaction log grows by every row.",
        DatabaseProvider.MySql =>
            $"InnoDB locks every row it scans until the statement commits, so the running app's writes to '{table}' wait for the whole statement, and replicas replay it as one huge transaction.",
        DatabaseProvider.Sqlite =>
            $"SQLite holds the database's write lock until the migration commits, so every write of the running app waits for the whole statement.",
        _ => $"it locks every row of '{table}' until the migration commits, so the running app's writes to '{table}' wait for the whole statement.",
    };
}
