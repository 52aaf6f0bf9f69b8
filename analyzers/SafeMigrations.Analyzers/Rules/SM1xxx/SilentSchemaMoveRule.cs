using Microsoft.CodeAnalysis;
using SafeMigrations.Analyzers.Context;
using SafeMigrations.Analyzers.Model;

namespace SafeMigrations.Analyzers.Rules;

/// <summary>
/// SM1002, second message: <c>RenameTable(name: "Users", schema: "jellyfin", newName: "Users")</c>, which is what
/// <c>migrations add</c> scaffolds for moving a table to the default schema. EF's PostgreSQL and SQL Server generators
/// read the missing <c>newSchema</c> as "unchanged" and emit no SQL, so the table stays where the new model will not
/// look for it. SQLite has no schemas (nothing to move) and other providers were not checked: quiet there.
/// </summary>
internal sealed class SilentSchemaMoveRule : MigrationRule
{
    public override DiagnosticDescriptor Descriptor => Descriptors.SM1002_SchemaMoveDoesNothing;

    public override void Analyze(MigrationContext context)
    {
        foreach (var operation in context.UpOperations)
        {
            if (operation is not { Kind: OperationType.RenameTable, Table: { } table, Schema: { Length: > 0 } schema }
                || operation.HasArgument("newSchema")
                || (operation.NewName ?? table) != table
                || context.IsNewTable(operation))
            {
                continue;
            }

            var (name, defaultSchema) = context.ProviderFor(operation) switch
            {
                DatabaseProvider.PostgreSql => ("PostgreSQL", "public"),
                DatabaseProvider.SqlServer => ("SQL Server", "dbo"),
                _ => (null, null),
            };
            if (name is not null)
            {
                context.Report(Descriptor, operation.Span, name, table, schema, defaultSchema!);
            }
        }
    }
}
