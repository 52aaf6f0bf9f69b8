using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using SafeMigrations.Analyzers.Context;
using SafeMigrations.Analyzers.Model;
using SafeMigrations.Analyzers.Rollback;

namespace SafeMigrations.Analyzers.Rules;

/// <summary>SM3002: the hand-written Down does not reverse Up: a step is missing, restores something else, or does extra work.</summary>
internal sealed class RollbackMismatchRule : MigrationRule
{
    /// <summary>A call of a known kind whose names could not all be read: one being typed, say.</summary>
    internal static bool IsHalfRead(MigrationOperation operation) => operation.Kind switch
    {
        OperationType.Unknown or OperationType.Extension or OperationType.Sql or OperationType.InsertData or OperationType.UpdateData or OperationType.DeleteData
            or OperationType.AlterDatabase or OperationType.EnsureSchema or OperationType.DropSchema => false,
        OperationType.RenameTable or OperationType.RenameColumn or OperationType.RenameIndex or OperationType.RenameSequence => operation.Name is null || operation.NewName is null || (operation.Kind == OperationType.RenameColumn && operation.Table is null),
        _ when operation.Kind.NameIsTable() => operation.Name is null,
        _ => operation.Name is null || operation.Table is null && operation.Kind is not (OperationType.CreateSequence or OperationType.DropSequence or OperationType.AlterSequence or OperationType.RestartSequence or OperationType.DropIndex),
    };

    public override DiagnosticDescriptor Descriptor => Descriptors.SM3002_RollbackDoesNotReverseUp;

    public override void Analyze(MigrationContext context)
    {
        var migration = context.Migration;
        if (migration.HasGenerateRollback || migration.Down.State != MethodBodyState.HasStatements || migration.Up.Operations.IsEmpty
            || migration.Up.Operations.Any(IsHalfRead) || migration.Down.Operations.Any(IsHalfRead))
        {
            return; // Half-typed code: no comparison, and never a message with a missing name.
        }

        var plan = RollbackPlanner.Plan(migration, context.Previous, PlanOutput.Operations);
#if DEBUG
        RollbackComparer.AssertOperationsReadAsCode(plan, RollbackPlanner.Plan(migration, context.Previous), context.CancellationToken);
#endif
        var properties = RollbackFix.Properties(migration, plan);
        Func<MigrationOperation, IReadOnlyList<MigrationOperation>?>? readSql = migration.Down.Has(OperationType.Sql) ? new DownSqlReader(context).Read : null;
        foreach (var mismatch in RollbackComparer.Compare(migration, plan, context.CancellationToken, readSql, context.DetectedProvider))
        {
            context.Report(Descriptor, mismatch.Span ?? migration.Down.Span, properties, migration.ClassName, mismatch.Message);
        }
    }

    /// <summary>Reads a <c>Sql(...)</c> of Down into the operations its SQL stands for; made only for a Down that has one.</summary>
    private sealed class DownSqlReader
    {
        private readonly MigrationContext context;
        private readonly RawSql.PreviousSchema previous;

        public DownSqlReader(MigrationContext context)
        {
            this.context = context;
            previous = new RawSql.PreviousSchema(context.Previous);
        }

        public IReadOnlyList<MigrationOperation>? Read(MigrationOperation sql) =>
            RawSql.RawSqlReader.Read(sql, context.ProviderFor(sql), previous) is { Unchecked: null } reading ? reading.Operations : null;
    }
}
