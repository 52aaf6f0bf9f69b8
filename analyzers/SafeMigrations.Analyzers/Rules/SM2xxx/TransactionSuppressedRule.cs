using System;
using System.Linq;
using SafeMigrations.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using SafeMigrations.Analyzers.Context;
using SafeMigrations.Analyzers.Model;

namespace SafeMigrations.Analyzers.Rules;

/// <summary>
/// SM2002: an operation that runs outside the migration's transaction, in a migration with other operations.
/// EF commits what comes before it on its own, so a failure leaves the migration half applied and unrecorded.
/// </summary>
internal sealed class TransactionSuppressedRule : MigrationRule
{
    public override DiagnosticDescriptor Descriptor => Descriptors.SM2002_TransactionSuppressed;

    public override void Analyze(MigrationContext context)
    {
        // An early return of Up is no operation: it neither runs in the transaction nor leaves anything half done.
        var operations = context.Migration.Up.Operations;
        if (HasJump(operations))
        {
            operations = operations.Where(o => !o.IsJump).ToEquatableArray();
        }

        if (operations.Count < 2 || RestartsCleanly(operations, context))
        {
            return;
        }

        foreach (var operation in operations)
        {
            // Provider branches are alternatives: only the operations that run in the same deployment count.
            var others = OthersRunningWith(operation, operations, context.DetectedProvider);
            if (others > 0
                && operation.Branch.RunsUnder(context.DetectedProvider)
                && WhyOutsideTransaction(operation, context.ProviderFor(operation)) is { } why)
            {
                context.Report(Descriptor, operation.Span, operation.Describe(), why, others.ToString(System.Globalization.CultureInfo.InvariantCulture), context.Migration.Id ?? context.Migration.ClassName);
            }
        }
    }

    // Loops, not LINQ: every migration comes through here, and a lambda over the context made its closure on every call
    // (the enumerable's boxed enumerator beside it), where nearly all migrations return at RestartsCleanly.
    private static bool HasJump(EquatableArray<MigrationOperation> operations)
    {
        foreach (var operation in operations)
        {
            if (operation.IsJump)
            {
                return true;
            }
        }

        return false;
    }

    private static int OthersRunningWith(MigrationOperation operation, EquatableArray<MigrationOperation> operations, DatabaseProvider provider)
    {
        var others = 0;
        foreach (var other in operations)
        {
            if (!ReferenceEquals(other, operation) && other.Branch.RunsWith(operation.Branch, provider))
            {
                others++;
            }
        }

        return others;
    }

    /// <summary>
    /// Our helpers that are written to be run again after a failure part-way (IF [NOT] EXISTS guards, backfills that
    /// touch only rows still to do). A migration made of them alone is left half applied by a failure, but the next
    /// run completes it: the code fixes put a backfill and its SetNotNullSafely together on purpose.
    /// </summary>
    /// <summary>
    /// True when everything outside the transaction is a restartable helper that runs before the first transactional
    /// operation: a failure in them leaves only work a re-run redoes harmlessly, and a failure after them rolls the
    /// rest back whole, so the next run completes the migration either way.
    /// </summary>
    private static bool RestartsCleanly(EquatableArray<MigrationOperation> operations, MigrationContext context)
    {
        var inTransaction = false;
        foreach (var operation in operations)
        {
            var outside = WhyOutsideTransaction(operation, context.ProviderFor(operation)) is not null;
            if (!outside && !IsRestartableHelper(operation))
            {
                inTransaction = true;
            }
            else if (outside && (inTransaction || !IsRestartableHelper(operation)))
            {
                return false;
            }
        }

        return true;
    }

    internal static bool IsRestartableHelper(MigrationOperation operation) =>
        operation is { Kind: OperationType.Extension, MethodName: "BackfillInBatches" or "CopyColumnData" or "SetNotNullSafely" or "AddUniqueConstraintUsingIndex" or "DropIndexConcurrently" or "ValidateConstraint" };

    /// <summary>Why the operation runs outside the transaction on this provider, or null when it runs inside.</summary>
    internal static string? WhyOutsideTransaction(MigrationOperation operation, DatabaseProvider provider)
    {
        switch (operation.Kind)
        {
            case OperationType.Sql or OperationType.Extension when operation.BooleanArgument("suppressTransaction") == true:
                return "suppressTransaction: true";
            case OperationType.CreateIndex when provider == DatabaseProvider.PostgreSql && operation.Annotation(CreateIndexRule.ConcurrentlyAnnotation)?.AsBoolean() == true:
                return "Npgsql runs CREATE INDEX CONCURRENTLY outside any transaction, because PostgreSQL cannot run it inside one";
            case OperationType.Extension:
                return HelperOutsideTransaction(operation.MethodName, provider);
            default:
                return null;
        }
    }

    // Our runtime helpers that commit on their own; see src/SafeMigrations/SafeMigrationBuilderExtensions.*.cs.
    private static string? HelperOutsideTransaction(string method, DatabaseProvider provider) => method switch
    {
        "DropIndexConcurrently" or "AddUniqueConstraintUsingIndex" when provider == DatabaseProvider.PostgreSql =>
            "it builds or drops the index CONCURRENTLY, which PostgreSQL cannot run inside a transaction",
        "SetNotNullSafely" when provider == DatabaseProvider.PostgreSql =>
            "it validates its check constraint in a transaction of its own, so writes go on",
        "BackfillInBatches" or "CopyColumnData" when provider is DatabaseProvider.PostgreSql or DatabaseProvider.SqlServer or DatabaseProvider.MySql =>
            "it commits after every batch, so no lock is held for the whole backfill",
        _ => null,
    };
}
