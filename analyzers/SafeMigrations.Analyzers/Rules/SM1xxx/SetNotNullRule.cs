using Microsoft.CodeAnalysis;
using SafeMigrations.Analyzers.Context;
using SafeMigrations.Analyzers.Model;

namespace SafeMigrations.Analyzers.Rules;

/// <summary>
/// SM1008: AlterColumn from nullable to NOT NULL on an existing table. The old app version may insert rows
/// without the column, and each provider checks every row, under a lock or by copying the table.
/// </summary>
internal sealed class SetNotNullRule : MigrationRule
{
    public override DiagnosticDescriptor Descriptor => Descriptors.SM1008_SetNotNull;

    public override void Analyze(MigrationContext context)
    {
        // A contract migration does this on purpose, once its expand step is live and no old version runs.
        if (context.Migration.ContractOf is not null)
        {
            return;
        }

        foreach (var operation in context.UpOperations)
        {
            // AlterColumn's nullable and oldNullable both default to false: only a written oldNullable: true was nullable.
            if (operation.Kind != OperationType.AlterColumn
                || operation is not { Name: { } column, Table: { } table }
                || operation.BooleanArgument("oldNullable") != true
                || operation.BooleanArgument("nullable") == true
                || context.IsNewColumn(operation, column))
            {
                continue;
            }

            var provider = context.ProviderFor(operation);
            var (consequence, safeWay) = provider switch
            {
                DatabaseProvider.PostgreSql => (
                    $"makes PostgreSQL scan every row of '{table}' under an ACCESS EXCLUSIVE lock, which blocks reads and writes for the whole scan, and fails if any row holds NULL.",
                    ", and on PostgreSQL with migrationBuilder.SetNotNullSafely, which validates a NOT VALID check first so SET NOT NULL needs no locked scan"),
                DatabaseProvider.SqlServer when operation.Annotation(CreateIndexRule.OnlineAnnotation)?.AsBoolean() == true => (
                    $"makes SQL Server check every row of '{table}' online (ONLINE = ON), which lets reads and writes go on until a brief schema-modification lock at the end, and fails if any row holds NULL.",
                    string.Empty),
                DatabaseProvider.SqlServer => (
                    $"makes SQL Server check every row of '{table}' under a schema-modification lock that blocks all access, and fails if any row holds NULL.",
                    string.Empty),
                DatabaseProvider.MySql => (
                    $"makes MySQL rebuild the whole table '{table}': in place with writes allowed when the session's sql_mode is strict (the servers' default), ending with a brief exclusive lock that waits for every open transaction on '{table}', otherwise as a copy that blocks writes until it ends; and it fails if any row holds NULL.",
                    ", and on MySQL with migrationBuilder.SetNotNullSafely, which asks for ALGORITHM=INPLACE, LOCK=NONE under a strict sql_mode, so it fails rather than blocks writes"),
                DatabaseProvider.Sqlite => (
                    $"makes EF rebuild '{table}' on SQLite, copying every row into a new table, and the copy fails if any row holds NULL.",
                    string.Empty),
                _ => ("fails if any row holds NULL.", string.Empty),
            };
            if (provider != DatabaseProvider.Sqlite && context.IsSmallTable(operation))
            {
                consequence = "fails if any row holds NULL.";
            }

            // With a default, EF does not fail on the NULLs: it overwrites them, which is the worse outcome, so say so.
            if (operation.Argument("defaultValue") is { Kind: not ValueKind.Null, SourceText: var fill }
                && provider is DatabaseProvider.PostgreSql or DatabaseProvider.SqlServer or DatabaseProvider.Sqlite)
            {
                var how = provider == DatabaseProvider.Sqlite
                    ? $"makes EF rebuild '{table}' on SQLite, and the copy writes {fill} into every row where '{column}' is NULL"
                    : $"makes EF first run UPDATE ... SET '{column}' = {fill} WHERE '{column}' IS NULL";
                consequence = $"{how}: existing NULLs silently become {fill}, EF's placeholder, not a value anyone chose, and the migration does not fail to warn you. "
                    + (provider == DatabaseProvider.PostgreSql
                        ? $"Then PostgreSQL scans every row of '{table}' under an ACCESS EXCLUSIVE lock."
                        : provider == DatabaseProvider.SqlServer
                            ? $"Then SQL Server checks every row of '{table}' under a schema-modification lock."
                            : "The rebuild copies every row.");
            }

            context.Report(Descriptor, operation.Span, column, table, consequence, safeWay);
        }
    }
}
