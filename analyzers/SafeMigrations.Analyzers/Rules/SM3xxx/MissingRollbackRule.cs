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

    /// <remarks>
    /// Loops, not LINQ: <c>Enumerable.Any</c> over these lists is generic code no ReadyToRun image holds for them, and a fresh
    /// csc process JIT-compiled it (1.7 ms, the benchmark's README, fifty-first round) for the first migration that came here.
    /// </remarks>
    private static bool ChangesDataOnly(MigrationContext context)
    {
        foreach (var operation in context.Migration.Up.Operations)
        {
            if (operation.IsJump || operation is { Kind: OperationType.Extension, MethodName: "BackfillInBatches" })
            {
                continue;
            }

            if (operation.Kind != OperationType.Sql || IsUnchecked(context, operation) || !ReadsAsDataChangesOnly(context, operation))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsUnchecked(MigrationContext context, MigrationOperation sql)
    {
        foreach (var (reported, _) in context.UncheckedSql)
        {
            if (ReferenceEquals(reported, sql))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the SQL of <paramref name="sql"/> was read, into UPDATEs and DELETEs only.</summary>
    private static bool ReadsAsDataChangesOnly(MigrationContext context, MigrationOperation sql)
    {
        var read = 0;
        foreach (var operation in context.UpOperations)
        {
            if (!operation.FromRawSql || operation.Span != sql.Span)
            {
                continue;
            }

            if (operation.Kind is not (OperationType.UpdateRows or OperationType.DeleteRows))
            {
                return false;
            }

            read++;
        }

        return read > 0;
    }
}
