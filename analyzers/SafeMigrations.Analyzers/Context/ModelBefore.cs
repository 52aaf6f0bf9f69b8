using System;
using System.Collections.Generic;
using SafeMigrations.Analyzers.Model;

namespace SafeMigrations.Analyzers.Context;

/// <summary>
/// The model before a migration (the previous migration's Designer), read as little as the question needs: one
/// table reads the blocks of the entity types that make that table, and only a question about the whole model
/// (<see cref="Model"/>) reads the whole Designer. Every answer equals the one the whole model would give.
/// </summary>
internal sealed class ModelBefore
{
    private readonly Func<TargetModel?> model;
    private readonly Func<bool>? exists;
    private readonly Func<string, string?, TableDefinition?>? table;
    private readonly Func<string, IReadOnlyList<TableDefinition>>? tablesNamed;
    private TargetModel? read;
    private bool isRead;

    public ModelBefore(
        Func<TargetModel?> model,
        Func<bool>? exists = null,
        Func<string, string?, TableDefinition?>? table = null,
        Func<string, IReadOnlyList<TableDefinition>>? tablesNamed = null)
    {
        this.model = model;
        this.exists = exists;
        this.table = table;
        this.tablesNamed = tablesNamed;
    }

    public static ModelBefore Of(TargetModel? model) => new(() => model);

    /// <summary>The whole model, read on first use.</summary>
    public TargetModel? Model
    {
        get
        {
            if (!isRead)
            {
                read = model();
                isRead = true;
            }

            return read;
        }
    }

    /// <summary>Whether there is a model before the migration (<c>Model is not null</c>).</summary>
    public bool Exists => isRead || exists is null ? Model is not null : exists();

    /// <summary><c>Model?.Table(name, schema)</c>.</summary>
    public TableDefinition? Table(string name, string? schema = null) =>
        isRead || table is null ? Model?.Table(name, schema) : table(name, schema);

    /// <summary><c>Model?.Sequence(name, schema)</c>: the whole model is read (a sequence is dropped rarely).</summary>
    public SequenceDefinition? Sequence(string name, string? schema) => Model?.Sequence(name, schema);

    /// <summary><c>Model.Tables</c> named <paramref name="name"/>, in order.</summary>
    public IReadOnlyList<TableDefinition> TablesNamed(string name) =>
        isRead || tablesNamed is null
            ? Model?.TablesNamed(name) ?? Array.Empty<TableDefinition>()
            : tablesNamed(name);
}
