using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using SafeMigrations.Analyzers.Context;
using SafeMigrations.Analyzers.Infrastructure;
using SafeMigrations.Analyzers.Model;
using SafeMigrations.Analyzers.Reading;

namespace SafeMigrations.Analyzers.Rollback;

public sealed partial class RollbackGenerator
{
    /// <summary>One question the planner asked about the model before the migration, and its answer.</summary>
    /// <param name="Question"><c>table</c>, <c>named</c> (the tables of a name) or <c>schema</c> (a table's schema).</param>
    internal sealed record PreviousAnswer(string Question, string Name, string? Schema, EquatableArray<TableDefinition> Tables, string? Text);

    /// <summary>
    /// What planning a migration's Down asked about the model before it, with the answers, read from the previous Designer
    /// one table at a time (<see cref="TargetModelReader.DesignerTables"/>): reading the whole model of every marked
    /// migration's previous Designer cost a few milliseconds each on a large model. Compared by value, so a Designer edit
    /// that changes none of the answers plans nothing again. The planner is deterministic: planning again from the
    /// answers asks the same questions in the same order.
    /// </summary>
    /// <param name="Exists">The migration has a previous Designer.</param>
    /// <param name="Whole">The previous Designer's whole model, when the planner asked for it (or a table could not be read alone).</param>
    /// <param name="WholeOnly">Answer every question from <paramref name="Whole"/>: reading a table alone failed.</param>
    internal sealed record PreviousAnswers(bool Exists, TargetModel? Whole, bool WholeOnly, EquatableArray<PreviousAnswer> Answers)
    {
        private static readonly PreviousAnswers None = new(false, null, true, EquatableArray<PreviousAnswer>.Empty);

        /// <summary>Plans <paramref name="migration"/> over the previous Designer and keeps what the plan asked.</summary>
        public static PreviousAnswers Record(MigrationModel migration, DesignerMethod? designer, CancellationToken cancellationToken)
        {
            if (designer is null)
            {
                return None;
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

            var answers = ImmutableArray.CreateBuilder<PreviousAnswer>();
            var tables = new TargetModelReader.DesignerTables(designer.Method, Whole);
            var recording = new ModelBefore(
                Whole,
                () => true,
                (name, schema) =>
                {
                    var table = tables.Table(name, schema);
                    answers.Add(new PreviousAnswer("table", name, schema, table is null ? EquatableArray<TableDefinition>.Empty : ImmutableArray.Create(table).ToEquatableArray(), null));
                    return table;
                },
                name =>
                {
                    var named = tables.TablesNamed(name);
                    answers.Add(new PreviousAnswer("named", name, null, named.ToEquatableArray(), null));
                    return named;
                },
                name =>
                {
                    var schema = tables.SchemaOf(name);
                    answers.Add(new PreviousAnswer("schema", name, null, EquatableArray<TableDefinition>.Empty, schema));
                    return schema;
                });
            try
            {
                RollbackPlanner.Plan(migration, recording);
                return new PreviousAnswers(true, wholeRead ? whole : null, false, answers.ToEquatableArray());
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // A Designer the one-table read cannot take: plan from the whole model, or from none, as before.
                return new PreviousAnswers(true, Whole(), true, EquatableArray<PreviousAnswer>.Empty);
            }
        }

        /// <summary>The model before the migration as the recorded answers give it.</summary>
        public ModelBefore Replay()
        {
            if (WholeOnly)
            {
                return ModelBefore.Of(Whole);
            }

            PreviousAnswer? Find(string question, string name, string? schema)
            {
                foreach (var answer in Answers)
                {
                    if (answer.Question == question && answer.Name == name && answer.Schema == schema)
                    {
                        return answer;
                    }
                }

                return null;
            }

            return new ModelBefore(
                () => Whole,
                () => Exists,
                (name, schema) => Find("table", name, schema) is { Tables.Count: > 0 } found ? found.Tables[0] : null,
                name => Find("named", name, null)?.Tables ?? (IReadOnlyList<TableDefinition>)Array.Empty<TableDefinition>(),
                name => Find("schema", name, null)?.Text);
        }
    }
}
