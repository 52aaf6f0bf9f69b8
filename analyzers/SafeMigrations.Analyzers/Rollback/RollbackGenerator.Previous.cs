using System;
using System.Collections.Immutable;
using System.Threading;
using SafeMigrations.Analyzers.Context;
using SafeMigrations.Analyzers.Infrastructure;
using SafeMigrations.Analyzers.Model;
using SafeMigrations.Analyzers.Reading;

namespace SafeMigrations.Analyzers.Rollback;

public sealed partial class RollbackGenerator
{
    /// <summary>A plan that can only fail, for a migration whose planning threw.</summary>
    private static readonly RollbackPlan NotPlanned = new(
        EquatableArray<RollbackStatement>.Empty,
        ImmutableArray.Create(new RollbackProblem("the migration", "the generator failed on it", default)).ToEquatableArray());

    /// <summary>
    /// <see cref="PlanOverPrevious"/>, or no Down when it throws: an exception that leaves the generator drops the Down of
    /// every migration (CS8785), not only of this one.
    /// </summary>
    internal static RollbackPlan PlanSafely(MigrationModel migration, DesignerMethod? designer, CancellationToken cancellationToken)
    {
        try
        {
            return PlanOverPrevious(migration, designer, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return NotPlanned;
        }
    }

    /// <summary>
    /// The plan of a migration's Down over its previous Designer, read one table at a time as the planner asks
    /// (<see cref="TargetModelReader.DesignerTables"/>): reading the whole model of every marked migration's previous
    /// Designer cost a few milliseconds each on a large model. A Designer the one-table read cannot take is planned over
    /// its whole model, and the first migration over none.
    /// </summary>
    internal static RollbackPlan PlanOverPrevious(MigrationModel migration, DesignerMethod? designer, CancellationToken cancellationToken)
    {
        if (designer?.Method is not { } method)
        {
            return RollbackPlanner.Plan(migration, previous: null);
        }

        cancellationToken.ThrowIfCancellationRequested();
        TargetModel? whole = null;
        var wholeRead = false;
        TargetModel? Whole()
        {
            if (!wholeRead)
            {
                whole = ReadTargetModel(designer, cancellationToken);
                wholeRead = true;
            }

            return whole;
        }

        var tables = new TargetModelReader.DesignerTables(method, Whole);
        try
        {
            return RollbackPlanner.Plan(migration, new ModelBefore(Whole, () => true, tables.Table, tables.TablesNamedForIndexes));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return RollbackPlanner.Plan(migration, Whole());
        }
    }
}
