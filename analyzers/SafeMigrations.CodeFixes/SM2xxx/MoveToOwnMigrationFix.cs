using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using SafeMigrations.Analyzers.Model;
using SafeMigrations.Analyzers.RawSql;
using SafeMigrations.Analyzers.Rules;
using SafeMigrations.CodeFixes.Engine;

namespace SafeMigrations.CodeFixes;

/// <summary>
/// SM2002, SM2009, SM4003: moves the operation that must not share the migration's transaction into a new
/// migration of its own. SM2009 also gives the raw <c>CONCURRENTLY</c> statement <c>suppressTransaction: true</c>.
/// A backfill (SM4003) goes after the migration when nothing after it depends on the data, before it when
/// nothing before it changes the table, and gets no fix when it sits between the two. A helper that changes the
/// model (SetNotNullSafely, AddUniqueConstraintUsingIndex, DropIndexConcurrently) moves with a Designer edit, so the
/// source's model is the schema without its change.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MoveToOwnMigrationFix))]
public sealed class MoveToOwnMigrationFix : MigrationCodeFix
{
    public const string EquivalenceKey = "SafeMigrations.MoveToOwnMigration";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("SM2002", "SM2009", "SM4003");

    public override string Key => EquivalenceKey;

    public override string Title => "Move it into a migration of its own";

    internal override string NewMigrationSuffix => "Separately";

    internal override Placement PlacementFor(FixTarget target) =>
        (IsBackfill(target) || IsBatchedHelper(target.Operation)) && BackfillPlacement(target) is { } placement ? placement : Placement.After;

    private static bool IsBatchedHelper(MigrationOperation operation) =>
        operation is { Kind: OperationType.Extension, MethodName: "BackfillInBatches" or "CopyColumnData", Table: not null };

    internal override bool TryPlan(FixTarget target, MigrationRewrite rewrite)
    {
        var operation = target.Operation;
        if (RawSqlReader.HoldsSql(operation))
        {
            return PlanRawSql(target, rewrite);
        }

        // Typed operations outside the transaction: a concurrent index, or one of our batched helpers.
        switch (operation.Kind)
        {
            case OperationType.CreateIndex when operation.Name is { } name && operation.Table is not null && target.Migration.Up.Operations.Count > 1:
                CreateIndexConcurrentlyFix.MoveConcurrentIndex(target, rewrite, Engine.SourceEdits.TextWithComments(target.Statement), name);
                return true;
            case OperationType.Extension when IsBatchedHelper(operation) && target.Migration.Up.Operations.Count > 1:
                // Placed as a raw backfill is (BackfillPlacement): never after a drop of what it reads, never before what it needs.
                if (BackfillPlacement(target) is null)
                {
                    return false;
                }

                rewrite.Move(target);
                return true;
            case OperationType.Extension when target.Migration.Up.Operations.Count > 1 && target.HasConstantSchema && operation.Table is { } table:
                return PlanModelHelper(target, rewrite, table);
            default:
                return false;
        }
    }

    /// <summary>
    /// Moves a helper that changes the model. The new migration's Designer is the source's; the source's must then
    /// describe the schema without the change: the column still nullable, no unique constraint, the index still there.
    /// </summary>
    private static bool PlanModelHelper(FixTarget target, MigrationRewrite rewrite, string table)
    {
        var operation = target.Operation;
        var schema = operation.Schema;
        switch (operation.MethodName)
        {
            case "SetNotNullSafely" when operation.StringArgument("column") is { } column
                                         && ExpandContract.PreviousColumn(target, table, schema, column) is not { Column.IsNullable: false }:
                // Nullable before (or added by this migration): after the move, the source leaves it nullable.
                rewrite.Move(target);
                rewrite.EditDesigner((designer, _) => DesignerEditor.MakeNullable(designer, table, schema, column));
                return true;
            case "AddUniqueConstraintUsingIndex" when operation.StringArgument("name") is { } name:
                rewrite.Move(target);
                rewrite.EditDesigner((designer, _) => DesignerEditor.Remove(designer, model => model.Table(table, schema)?.UniqueConstraints.Any(u => u.Name == name) == true));
                return true;
            case "DropIndexConcurrently" when operation.StringArgument("name") is { } name:
                // The index stays until the new migration drops it: the source's model gets it back from the previous one.
                rewrite.Move(target);
                rewrite.EditDesigner((designer, previous) => previous is null ? null : DesignerEditor.CopyIndex(previous, designer, table, schema, name));
                return true;
            default:
                return false;
        }
    }

    private static bool PlanRawSql(FixTarget target, MigrationRewrite rewrite)
    {
        var reading = RawSqlReader.Read(target.Operation, target.Provider, new PreviousSchema(() => null));
        if (reading.Unchecked is not null || reading.Operations.Count == 0)
        {
            return false;
        }

        var alone = target.Migration.Up.Operations.Count == 1;
        if (reading.Operations.Any(IsConcurrentIndexStatement))
        {
            // SM2009: CONCURRENTLY must be the only statement of its command, outside any transaction.
            if (reading.Operations.Count != 1
                || target.Provider != DatabaseProvider.PostgreSql
                || StatementEdits.WithArgument(target.Statement, "suppressTransaction", "true") is not { } suppressed)
            {
                return false;
            }

            if (alone)
            {
                rewrite.Replace(target.Statement, suppressed);
                return true;
            }

            // The new migration's Down drops what it built; a dropped index's definition is not in the SQL.
            if (reading.Operations[0] is not { Kind: OperationType.CreateIndex, Name: { } index } created)
            {
                return false;
            }

            var qualified = (created.Schema is { } schema ? ExpandContract.Quote(schema, DatabaseProvider.PostgreSql) + "." : string.Empty) + ExpandContract.Quote(index, DatabaseProvider.PostgreSql);
            rewrite.Move(target, suppressed);

            // A hand-written Down's Sql is taken as the inverse of Up's one Sql and moves with it: then it is the drop, and
            // a second one of the fix's would fail on the index the first dropped.
            if (target.Migration.Down.Has(OperationType.Sql))
            {
                return true;
            }

            rewrite.AddToNewDown("migrationBuilder.Sql(" + Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral("DROP INDEX CONCURRENTLY IF EXISTS " + qualified + ";", quote: true) + ", suppressTransaction: true);");
            return true;
        }

        if (alone || (IsBackfill(target) && BackfillPlacement(target) is null))
        {
            return false;
        }

        rewrite.Move(target);
        return true;
    }

    private static bool IsConcurrentIndexStatement(MigrationOperation operation) =>
        (operation.Kind == OperationType.CreateIndex && operation.Annotation(CreateIndexRule.ConcurrentlyAnnotation)?.AsBoolean() == true)
        || (operation.Kind == OperationType.DropIndex && operation.BooleanArgument("concurrently") == true);

    internal static bool IsBackfill(FixTarget target) =>
        RawSqlReader.HoldsSql(target.Operation)
        && RawSqlReader.Read(target.Operation, target.Provider, new PreviousSchema(() => null)) is { Unchecked: null, Operations.Count: > 0 } reading
        && reading.Operations.All(o => o.Kind is OperationType.UpdateRows or OperationType.DeleteRows);

    /// <summary>
    /// After the migration when no later operation on the backfilled tables needs the data (a NOT NULL, a key, a
    /// constraint) and no later operation anywhere takes away what the statement may read; before it when no earlier
    /// operation changes those tables or makes something it may read; otherwise null. The statement's reads are not
    /// known (a subquery, a join, the other columns of its own rows), so a drop or rename of any table or column counts.
    /// </summary>
    internal static Placement? BackfillPlacement(FixTarget target)
    {
        var tables = IsBatchedHelper(target.Operation)
            ? new HashSet<string>(StringComparer.Ordinal) { target.Operation.Table! }
            : new HashSet<string>(
                RawSqlReader.Read(target.Operation, target.Provider, new PreviousSchema(() => null)).Operations.Select(o => o.Table ?? string.Empty),
                StringComparer.Ordinal);
        var operations = target.Migration.Up.Operations;
        var at = operations.ToList().IndexOf(target.Operation);
        var later = operations.Skip(at + 1).ToList();
        if (!later.Any(o => (o.Table is { } t && tables.Contains(t) && NeedsData(o)) || TakesAwayWhatItReads(o)))
        {
            return Placement.After;
        }

        var earlier = operations.Take(at).ToList();
        return earlier.Any(o => (o.Table is { } t && tables.Contains(t)) || MakesWhatItReads(o)) ? null : Placement.Before;
    }

    /// <summary>After the statement: moved behind this, the UPDATE could read a column or table that is gone or changed (EF's
    /// docs' own example: AddColumn FullName, UPDATE from FirstName and LastName, DropColumn both). Raw SQL and helpers may do
    /// any of it.</summary>
    private static bool TakesAwayWhatItReads(MigrationOperation operation) =>
        operation.Kind is OperationType.DropColumn or OperationType.DropTable or OperationType.RenameColumn or OperationType.RenameTable
            or OperationType.DropSchema or OperationType.DropSequence or OperationType.AlterColumn
            or OperationType.DeleteData or OperationType.UpdateData or OperationType.Sql or OperationType.Extension or OperationType.Unknown;

    /// <summary>Before the statement: moved ahead of this, the UPDATE could read what is not there yet (a table, a column, a
    /// seeded row). Raw SQL and helpers may make any of it.</summary>
    private static bool MakesWhatItReads(MigrationOperation operation) =>
        operation.Kind is OperationType.CreateTable or OperationType.AddColumn or OperationType.RenameColumn or OperationType.RenameTable
            or OperationType.EnsureSchema or OperationType.CreateSequence or OperationType.AlterColumn
            or OperationType.InsertData or OperationType.UpdateData or OperationType.DeleteData
            or OperationType.Sql or OperationType.Extension or OperationType.Unknown;

    private static bool NeedsData(MigrationOperation operation) =>
        operation.Kind is OperationType.AlterColumn or OperationType.AddCheckConstraint or OperationType.AddUniqueConstraint
            or OperationType.AddPrimaryKey or OperationType.AddForeignKey or OperationType.Sql or OperationType.Extension
        || (operation.Kind == OperationType.CreateIndex && operation.BooleanArgument("unique") == true);
}
