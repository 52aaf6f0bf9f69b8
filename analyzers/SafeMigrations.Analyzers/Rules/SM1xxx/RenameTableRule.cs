using Microsoft.CodeAnalysis;
using SafeMigrations.Analyzers.Context;
using SafeMigrations.Analyzers.Model;

namespace SafeMigrations.Analyzers.Rules;

/// <summary>
/// SM1002: RenameTable (a new name or a new schema) of an existing table breaks the app version that is
/// still running. The safe way is a compatibility view under the old name, except on SQLite, whose views
/// are read-only: there the message says to keep the old name with <c>ToTable("old")</c>.
/// </summary>
internal sealed class RenameTableRule : MigrationRule
{
    public override DiagnosticDescriptor Descriptor => Descriptors.SM1002_RenameTable;

    public override void Analyze(MigrationContext context)
    {
        foreach (var operation in context.UpOperations)
        {
            if (operation.Kind != OperationType.RenameTable
                || operation is not { Table: { } table }
                || context.IsNewTable(operation))
            {
                continue;
            }

            // SQLite has no schemas: EF emits no SQL at all for a rename that only moves the table between schemas. Elsewhere
            // a missing newSchema means the schema stays (EF's generators emit nothing for RenameTable(name: "Users",
            // schema: "jellyfin", newName: "Users"), although EF scaffolds exactly that for a move to the default schema).
            var sqlite = context.ProviderFor(operation) == DatabaseProvider.Sqlite;
            var oldName = Qualified(sqlite ? null : operation.Schema, table);
            var newName = Qualified(sqlite ? null : operation.HasArgument("newSchema") ? operation.StringArgument("newSchema") : operation.Schema, operation.NewName ?? table);
            // SQLite compares table names without case: a rename that changes only the case leaves every query working.
            if (string.Equals(oldName, newName, sqlite ? System.StringComparison.OrdinalIgnoreCase : System.StringComparison.Ordinal) || HasCompatibilityView(context, operation, table))
            {
                continue;
            }

            var safeWay = context.ProviderFor(operation) == DatabaseProvider.Sqlite
                ? $"SQLite has no compatibility view that the old version could keep writing through (its views are read-only), so keep the name: map the entity with ToTable(\"{table}\") instead of renaming the table."
                : $"Expand first: rename it and, in the same migration, create a view named '{oldName}' over '{newName}' so the old version keeps reading and writing through it; drop the view in a later contract migration, once no old version runs.";
            context.Report(Descriptor, operation.Span, oldName, newName, safeWay);
        }
    }

    /// <summary>The expand step this rule asks for: the same migration creates the view under the old name.</summary>
    private static bool HasCompatibilityView(MigrationContext context, MigrationOperation rename, string table)
    {
        foreach (var operation in context.Migration.Up.Operations)
        {
            if (operation is { Kind: OperationType.Extension, MethodName: "CreateCompatibilityView" }
                && operation.StringArgument("oldName") == table
                && operation.StringArgument("newName") == rename.NewName
                && operation.Schema == rename.Schema)
            {
                return true;
            }
        }

        return false;
    }

    private static string Qualified(string? schema, string name) => schema is { Length: > 0 } ? schema + "." + name : name;
}
