using System.Linq;
using Microsoft.CodeAnalysis;
using SafeMigrations.Analyzers.Context;
using SafeMigrations.Analyzers.Model;
using SafeMigrations.Analyzers.Rollback;

namespace SafeMigrations.Analyzers.Rules;

/// <summary>
/// SM3001: Down is missing, only throws, or is empty while Up changes the schema. An Up that only changes data
/// (UPDATE/DELETE in raw SQL, batched backfills) has no schema to roll back, and an empty Down is right for it.
/// </summary>
internal sealed class MissingRollbackRule : MigrationRule
{
    public override DiagnosticDescriptor Descriptor => Descriptors.SM3001_NoRollback;

    public override void Analyze(MigrationContext context)
    {
        var migration = context.Migration;
        var problem = migration.Down.State switch
        {
            MethodBodyState.Missing => "is missing",
            MethodBodyState.Empty => "is empty",
            MethodBodyState.ThrowsOnly => "only throws",
            _ => null,
        };

        // Down's state first: almost every migration has a Down with statements, and the data-only check reads Up's raw SQL.
        if (problem is null || migration.HasGenerateRollback || migration.InheritsDown || migration.Up.Operations.IsEmpty || ChangesDataOnly(context))
        {
            return;
        }

        var span = migration.Down.State == MethodBodyState.Missing ? migration.Identifier : migration.Down.Span;
        context.Report(Descriptor, span, RollbackFix.Properties(context), migration.ClassName, problem);
    }

    private static bool ChangesDataOnly(MigrationContext context)
    {
        foreach (var operation in context.Migration.Up.Operations)
        {
            if (operation.IsJump || operation is { Kind: OperationType.Extension, MethodName: "BackfillInBatches" })
            {
                continue;
            }

            if (operation.Kind != OperationType.Sql || context.UncheckedSql.Any(u => ReferenceEquals(u.Sql, operation)))
            {
                return false;
            }

            var read = context.UpOperations.Where(o => o.FromRawSql && o.Span == operation.Span).ToList();
            if (read.Count == 0 || read.Any(o => o.Kind is not (OperationType.UpdateRows or OperationType.DeleteRows)))
            {
                return false;
            }
        }

        return true;
    }
}
