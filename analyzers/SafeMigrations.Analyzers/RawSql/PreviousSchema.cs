using System;
using SafeMigrations.Analyzers.Context;
using SafeMigrations.Analyzers.Model;

namespace SafeMigrations.Analyzers.RawSql;

/// <summary>
/// The model before the migration, for what raw SQL leaves out: the old type of an altered column, the
/// table of a dropped index. Read only when a statement asks.
/// </summary>
internal sealed class PreviousSchema
{
    private readonly ModelBefore model;

    public PreviousSchema(Func<TargetModel?> model)
        : this(new ModelBefore(model))
    {
    }

    public PreviousSchema(ModelBefore model) => this.model = model;

    public static PreviousSchema None { get; } = new(() => null);

    public ColumnDefinition? Column(string? schema, string table, string column) =>
        model.Table(table, schema)?.Column(column);

    /// <summary>False only when the model is known and has no such table (a constraint or index by that name, say).</summary>
    public bool MayBeTable(string? schema, string name) => !model.Exists || model.Table(name, schema) is not null;

    public (string? Schema, string Table)? TableOfIndex(string index) =>
        model.TableOfIndex(index) is { } table ? (table.Schema, table.Name) : null;
}
