using Microsoft.CodeAnalysis;
using SafeMigrations.Analyzers.Context;
using SafeMigrations.Analyzers.Model;
using SafeMigrations.Analyzers.Rollback;

namespace SafeMigrations.Analyzers.Rules;

/// <summary>SM3002: the hand-written Down does not reverse Up: a step is missing, restores something else, or does extra work.</summary>
internal sealed class RollbackMismatchRule : MigrationRule
{
    public override DiagnosticDescriptor Descriptor => Descriptors.SM3002_RollbackDoesNotReverseUp;

    public override void Analyze(MigrationContext context)
    {
        var migration = context.Migration;
        if (migration.HasGenerateRollback || migration.Down.State != MethodBodyState.HasStatements || migration.Up.Operations.IsEmpty)
        {
            return;
        }

        var plan = RollbackPlanner.Plan(migration, context.Previous);
        var properties = RollbackFix.Properties(plan);
        foreach (var mismatch in RollbackComparer.Compare(migration, plan, context.CancellationToken))
        {
            context.Report(Descriptor, mismatch.Span ?? migration.Down.Span, properties, migration.ClassName, mismatch.Message);
        }
    }
}
