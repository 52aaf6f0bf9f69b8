using Microsoft.CodeAnalysis;
using SafeMigrations.Analyzers.Context;
using SafeMigrations.Analyzers.Model;

namespace SafeMigrations.Analyzers.Rules;

/// <summary>
/// SM2009: a raw <c>CREATE INDEX CONCURRENTLY</c> or <c>DROP INDEX CONCURRENTLY</c> that would run inside a
/// transaction block: in a <c>Sql(...)</c> without <c>suppressTransaction: true</c>, or beside other statements
/// in the same call, which Npgsql sends as one command and PostgreSQL runs as one implicit transaction.
/// It fails on every deployment, whatever the table's size.
/// </summary>
internal sealed class ConcurrentlyInTransactionRule : MigrationRule
{
    public override DiagnosticDescriptor Descriptor => Descriptors.SM2009_ConcurrentlyInTransaction;

    public override void Analyze(MigrationContext context)
    {
        foreach (var operation in context.UpOperations)
        {
            var statement = operation.Kind switch
            {
                OperationType.CreateIndex when operation.Annotation(CreateIndexRule.ConcurrentlyAnnotation)?.AsBoolean() == true => "CREATE INDEX",
                OperationType.DropIndex when operation.BooleanArgument("concurrently") == true => "DROP INDEX",
                _ => null,
            };
            if (statement is null
                || !operation.FromRawSql
                || operation is not { Name: { } index }
                || context.ProviderFor(operation) != DatabaseProvider.PostgreSql)
            {
                continue;
            }

            string? why = operation.BooleanArgument("suppressTransaction") != true
                ? "this Sql(...) runs inside the migration's transaction (it has no suppressTransaction: true)"
                : operation.BooleanArgument("sharedCommand") == true
                    ? "the other statements of this Sql(...) go to PostgreSQL in the same command, which runs as one implicit transaction"
                    : null;
            if (why is not null)
            {
                context.Report(Descriptor, operation.Span, statement, index, why);
            }
        }
    }
}
