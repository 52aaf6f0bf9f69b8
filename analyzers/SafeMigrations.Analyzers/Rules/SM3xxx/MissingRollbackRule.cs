using Microsoft.CodeAnalysis;
using SafeMigrations.Analyzers.Context;
using SafeMigrations.Analyzers.Model;
using SafeMigrations.Analyzers.Rollback;

namespace SafeMigrations.Analyzers.Rules;

/// <summary>SM3001: Down is missing, only throws, or is empty while Up changes the schema.</summary>
internal sealed class MissingRollbackRule : MigrationRule
{
    public override DiagnosticDescriptor Descriptor => Descriptors.SM3001_NoRollback;

    public override void Analyze(MigrationContext context)
    {
        var migration = context.Migration;
        if (migration.HasGenerateRollback || migration.Up.Operations.IsEmpty)
        {
            return;
        }

        var problem = migration.Down.State switch
        {
            MethodBodyState.Missing => "is missing",
            MethodBodyState.Empty => "is empty",
            MethodBodyState.ThrowsOnly => "only throws",
            _ => null,
        };
        if (problem is not null)
        {
            var span = migration.Down.State == MethodBodyState.Missing ? migration.Identifier : migration.Down.Span;
            context.Report(Descriptor, span, RollbackFix.Properties(context), migration.ClassName, problem);
        }
    }
}
