using Microsoft.CodeAnalysis;
using SafeMigrations.Analyzers.Context;
using SafeMigrations.Analyzers.Model;
using SafeMigrations.Analyzers.Rollback;

namespace SafeMigrations.Analyzers.Rules;

/// <summary>
/// SM3003: a <c>[GenerateRollback]</c> migration the generator cannot write Down for. It runs the same
/// planner as the generator, so the two always agree on what can be inverted.
/// </summary>
internal sealed class RollbackNotGeneratedRule : MigrationRule
{
    public override DiagnosticDescriptor Descriptor => Descriptors.SM3003_RollbackNotGenerated;

    // A migration before start_after still needs its Down: the generator ignores the setting, so does this rule.
    public override bool AnalyzesBeforeStart(MigrationHeader header) => header.HasGenerateRollback;

    public override void Analyze(MigrationContext context)
    {
        var migration = context.Migration;
        if (!migration.HasGenerateRollback)
        {
            return;
        }

        if (migration.DownNotDeclarableBecause is { } reason)
        {
            context.Report(Descriptor, migration.Identifier, migration.ClassName, "the class", reason);
            return;
        }

        if (migration.Down.State != MethodBodyState.Missing)
        {
            context.Report(Descriptor, migration.Down.Span, migration.ClassName, "the class", "it declares Down itself");
            return;
        }

        foreach (var problem in RollbackPlanner.Plan(migration, context.Previous, PlanOutput.Operations).Problems)
        {
            context.Report(Descriptor, problem.Span, migration.ClassName, problem.Operation, problem.Reason);
        }
    }
}
