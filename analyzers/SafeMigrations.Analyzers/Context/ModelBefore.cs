using System;
using System.Collections.Generic;
using SafeMigrations.Analyzers.Model;

namespace SafeMigrations.Analyzers.Context;

/// <summary>
/// The model before a migration (the previous migration's Designer), read as little as the question needs: one
/// table reads the blocks of the entity types that make that table, and only a question about the whole model
/// (<see cref="Model"/>) reads the whole Designer. Every answer equals the one the whole model would give, as far as the
/// question goes: the questions about indexes answer with tables whose name, schema and indexes are the model's, and
/// whose other parts may be missing.
/// </summary>
internal sealed class ModelBefore
{
    private readonly ModelSource source;
    private TargetModel? read;
    private bool isRead;

    public ModelBefore(
        Func<TargetModel?> model,
        Func<bool>? exists = null,
        Func<string, string?, TableDefinition?>? table = null,
        Func<string, IReadOnlyList<TableDefinition>>? tablesNamedForIndexes = null,
        Func<string, TableDefinition?>? tableOfIndex = null)
        : this(new DelegateSource(model, exists, table, tablesNamedForIndexes, tableOfIndex))
    {
    }

    /// <summary>Answers from <paramref name="source"/>: one object where four delegates and their closures were (every migration makes one).</summary>
    public ModelBefore(ModelSource source) => this.source = source;

    public static ModelBefore Of(TargetModel? model) => new(() => model);

    /// <summary>The whole model, read on first use.</summary>
    public TargetModel? Model
    {
        get
        {
            if (!isRead)
            {
                read = source.Model();
                isRead = true;
            }

            return read;
        }
    }

    /// <summary>Whether there is a model before the migration (<c>Model is not null</c>).</summary>
    public bool Exists => isRead ? Model is not null : source.Exists(this);

    /// <summary><c>Model?.Table(name, schema)</c>.</summary>
    public TableDefinition? Table(string name, string? schema = null) =>
        isRead ? Model?.Table(name, schema) : source.Table(this, name, schema);

    /// <summary><c>Model?.Sequence(name, schema)</c>: the whole model is read (a sequence is dropped rarely).</summary>
    public SequenceDefinition? Sequence(string name, string? schema) => Model?.Sequence(name, schema);

    /// <summary><c>Model.Tables</c> named <paramref name="name"/>, in order, for their indexes (their columns, keys and foreign keys may be missing).</summary>
    public IReadOnlyList<TableDefinition> TablesNamedForIndexes(string name) =>
        isRead ? Model?.TablesNamed(name) ?? Array.Empty<TableDefinition>() : source.TablesNamedForIndexes(this, name);

    /// <summary><c>Model?.TableOfIndex(index)</c>, for its name and schema (its columns, keys and foreign keys may be missing).</summary>
    public TableDefinition? TableOfIndex(string index) => isRead ? Model?.TableOfIndex(index) : source.TableOfIndex(this, index);

    /// <summary>
    /// Where the answers come from before the whole model is read. Each question but <see cref="Model"/> defaults to the
    /// whole model (<paramref name="owner"/>'s, read once); a source overrides those it can answer reading less.
    /// </summary>
    internal abstract class ModelSource
    {
        public abstract TargetModel? Model();

        public virtual bool Exists(ModelBefore owner) => owner.Model is not null;

        public virtual TableDefinition? Table(ModelBefore owner, string name, string? schema) => owner.Model?.Table(name, schema);

        public virtual IReadOnlyList<TableDefinition> TablesNamedForIndexes(ModelBefore owner, string name) =>
            owner.Model?.TablesNamed(name) ?? Array.Empty<TableDefinition>();

        public virtual TableDefinition? TableOfIndex(ModelBefore owner, string index) => owner.Model?.TableOfIndex(index);
    }

    private sealed class DelegateSource : ModelSource
    {
        private readonly Func<TargetModel?> model;
        private readonly Func<bool>? exists;
        private readonly Func<string, string?, TableDefinition?>? table;
        private readonly Func<string, IReadOnlyList<TableDefinition>>? tablesNamedForIndexes;
        private readonly Func<string, TableDefinition?>? tableOfIndex;

        public DelegateSource(
            Func<TargetModel?> model,
            Func<bool>? exists,
            Func<string, string?, TableDefinition?>? table,
            Func<string, IReadOnlyList<TableDefinition>>? tablesNamedForIndexes,
            Func<string, TableDefinition?>? tableOfIndex)
        {
            this.model = model;
            this.exists = exists;
            this.table = table;
            this.tablesNamedForIndexes = tablesNamedForIndexes;
            this.tableOfIndex = tableOfIndex;
        }

        public override TargetModel? Model() => model();

        public override bool Exists(ModelBefore owner) => exists is null ? base.Exists(owner) : exists();

        public override TableDefinition? Table(ModelBefore owner, string name, string? schema) =>
            table is null ? base.Table(owner, name, schema) : table(name, schema);

        public override IReadOnlyList<TableDefinition> TablesNamedForIndexes(ModelBefore owner, string name) =>
            tablesNamedForIndexes is null ? base.TablesNamedForIndexes(owner, name) : tablesNamedForIndexes(name);

        public override TableDefinition? TableOfIndex(ModelBefore owner, string index) =>
            tableOfIndex is null ? base.TableOfIndex(owner, index) : tableOfIndex(index);
    }
}
