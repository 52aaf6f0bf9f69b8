using Microsoft.CodeAnalysis;
using SafeMigrations.Analyzers.Context;
using SafeMigrations.Analyzers.Model;

namespace SafeMigrations.Analyzers.Rules;

/// <summary>
/// SM2001: CreateIndex on an existing table without a non-blocking build: <c>Npgsql:CreatedConcurrently</c>
/// on PostgreSQL, <c>SqlServer:Online</c> on SQL Server when the edition supports it. On SQLite and MySQL (no long
/// write lock) only a unique index is reported: it fails on rows that already hold duplicates.
/// </summary>
internal sealed class CreateIndexRule : MigrationRule
{
    public const string ConcurrentlyAnnotation = "Npgsql:CreatedConcurrently";
    public const string OnlineAnnotation = "SqlServer:Online";

    public override DiagnosticDescriptor Descriptor => Descriptors.SM2001_CreateIndexBlocksWrites;

    public override void Analyze(MigrationContext context)
    {
        foreach (var operation in context.UpOperations)
        {
            if (operation.Kind != OperationType.CreateIndex
                || operation is not { Table: { } table }
                || context.IsNewTable(operation)
                || context.IsSmallTable(operation))
            {
                continue;
            }

            var index = operation.Name ?? "(unnamed)";
            var unique = operation.BooleanArgument("unique") == true;
            var consequence = context.ProviderFor(operation) switch
            {
                DatabaseProvider.PostgreSql when operation.Annotation(ConcurrentlyAnnotation)?.AsBoolean() != true =>
                    $"takes a SHARE lock that blocks every INSERT, UPDATE and DELETE on '{table}' until the build finishes, which on a large table is minutes to hours"
                    + (unique ? $", and as a unique index it fails outright if '{table}' already holds duplicates" : string.Empty)
                    + (operation.FromRawSql
                        ? ". Build it without blocking writes: write CREATE INDEX CONCURRENTLY, in a Sql(..., suppressTransaction: true) of its own migration."
                        : ". Build it without blocking writes: add .Annotation(\"Npgsql:CreatedConcurrently\", true), in a migration of its own."),
                DatabaseProvider.SqlServer when context.Settings.SqlServerOnlineIndex && operation.Annotation(OnlineAnnotation)?.AsBoolean() != true =>
                    $"builds it offline, which blocks writes to '{table}' (and reads too, for a clustered index) until the build finishes"
                    + (unique ? $", and as a unique index it fails outright if '{table}' already holds duplicates" : string.Empty)
                    + (operation.FromRawSql ? ". Build it online: add WITH (ONLINE = ON)." : ". Build it online: add .Annotation(\"SqlServer:Online\", true)."),

                // SQLite and MySQL build it without a long write lock, but a unique index still fails on existing duplicates.
                DatabaseProvider.Sqlite or DatabaseProvider.MySql when unique =>
                    $"as a unique index fails outright, and with it the deployment, if '{table}' already holds duplicates of ({string.Join(", ", operation.ColumnList())}). "
                    + "Check for them first (SELECT ... GROUP BY ... HAVING COUNT(*) > 1) and clean them up in a migration before this one.",
                _ => null,
            };
            if (consequence is not null)
            {
                context.Report(Descriptor, operation.Span, index, table, consequence);
            }
        }
    }
}
