using System;
using System.Collections.Generic;
using System.Linq;
using SafeMigrations.Analyzers.Model;

namespace SafeMigrations.Analyzers.Reading;

// The state of one read: the entity types read so far, and what the one-table readers ask of them.
internal static partial class TargetModelReader
{
    internal sealed partial class ReaderState
    {
        private readonly Dictionary<string, EntityState> entities;
        private readonly List<string> order;

        /// <param name="capacity">How many entity types to make room for (a Designer's statement count is a fair guess).</param>
        public ReaderState(int capacity = 0)
        {
            entities = new Dictionary<string, EntityState>(capacity, StringComparer.Ordinal);
            order = new List<string>(capacity);
        }

        public DatabaseProvider ProviderHint { get; private set; }

        /// <summary>Whether the Designer names a provider this package does not support (Oracle, Jet...): then no hint stands.</summary>
        public bool OtherProvider { get; private set; }

        /// <summary>
        /// Whether a top-level statement has read an entity type. Only the model's own statements before it name the
        /// provider: EF writes them first (<c>HasAnnotation("Relational:MaxIdentifierLength", 63)</c>,
        /// <c>NpgsqlModelBuilderExtensions.UseIdentityByDefaultColumns(modelBuilder)</c>), and what follows only repeats it
        /// (<c>NpgsqlPropertyBuilderExtensions</c> in the entity blocks) or is another provider's annotation in a model that
        /// several share (bitwarden's <c>SqlServer:Clustered</c> in its SQLite Designers). So the Designer's text answers from
        /// those few statements, without a pass over the entity types for every provider's name.
        /// </summary>
        public bool EntityTypesBegun { get; private set; }

        private List<SequenceDefinition>? sequences;

        /// <summary>The model's <c>HasSequence</c> statements, in order (made on the first: a question's state reads none).</summary>
        public List<SequenceDefinition> Sequences => sequences ??= new();

        /// <summary>
        /// The model's <c>Relational:MaxIdentifierLength</c> (63 on PostgreSQL, 128 on SQL Server): EF cuts a conventional
        /// constraint or index name to it, and the Designer does not write the name it cut. Null when the Designer names none
        /// (SQLite), and then EF cuts nothing.
        /// </summary>
        public int? MaxIdentifierLength { get; set; }

        /// <summary>
        /// The model's default schema (<c>modelBuilder.HasDefaultSchema("app")</c>): the schema of every table and sequence the
        /// Designer names without one. EF Core 3.x wrote <c>b.ToTable("Users")</c> under it (jellyfin's 2020 Designers); later
        /// versions name the schema in each ToTable as well.
        /// </summary>
        public string? DefaultSchema { get; set; }

        /// <summary>Read only what decides an entity's table: ToTable, ToView and the like, HasBaseType, owned types.</summary>
        public bool Shallow { get; init; }

        /// <summary>
        /// Entity types read only for what a foreign key onto them needs (their table, key and key column names), not
        /// for their own columns, indexes and relationships: the principals of a table read alone.
        /// </summary>
        public HashSet<string>? KeyOnly { get; init; }

        /// <summary>
        /// Read the entity types only for the indexes of their tables: what decides the tables and their members (as the
        /// shallow pass reads it, with keys and relationships, which decide the main member of a split table), the indexes,
        /// and the column names of properties (<c>HasColumnName</c>) and complex properties. Columns, foreign keys and the
        /// rest of the tables read this way are incomplete.
        /// </summary>
        public bool IndexesOnly { get; init; }

        /// <summary>
        /// Where the shallow pass's calls are named in the whole Designer, in order: found by one search of the whole Designer
        /// (see <see cref="StatementsByText.Hits"/>), where a search of each entity block for each call cost more than the searching itself.
        /// </summary>
        public List<int>? ShallowHits { get; init; }

        /// <summary>The Designer's text, for the shallow pass and <see cref="KeyOnly"/> reads to find the statements that name a call they read.</summary>
        public SearchableText? Text { get; init; }

        /// <summary>
        /// The key (<c>schema.table</c>) of the first table <see cref="TargetModel.Table"/> would match, in <see cref="BuildTables"/>' order:
        /// found among the tables' schemas each once, which gives the same first match as the tables with their repeats.
        /// </summary>
        public string? TableKey(string name, string? schema) =>
            TargetModel.InSchema(SchemasOfTable(name).ConvertAll(s => new TableKeyOf(s)), key => key.Schema, schema) is { } found ? found.Schema + "." + name : null;

        /// <summary>A table's schema as a class (a null schema is a table in the default one, not none found).</summary>
        private sealed record TableKeyOf(string? Schema);

        /// <summary>The fragments of a mapped entity type (none for one whose table is unknown).</summary>
        private IReadOnlyList<TableFragment> FragmentsOf(EntityState entity) =>
            !entity.HasFragments || TableOf(entity, out _) is null ? Array.Empty<TableFragment>()
            : DefaultSchema is null || entity.Fragments.TrueForAll(f => f.Schema is not null) ? entity.Fragments
            : entity.Fragments.ConvertAll(f => f.Schema is null ? f with { Schema = DefaultSchema } : f);

        /// <summary>The keys of the tables named <paramref name="name"/>, in <see cref="BuildTables"/>' order.</summary>
        public List<string> TableKeys(string name)
        {
            var keys = new List<string>();
            foreach (var schema in SchemasOfTable(name))
            {
                if (!keys.Contains(schema + "." + name))
                {
                    keys.Add(schema + "." + name);
                }
            }

            return keys;
        }

        /// <summary>The schemas of the tables named <paramref name="name"/>, each once, in <see cref="BuildTables"/>' order.</summary>
        /// <remarks>Loops, not an iterator: an iterator and a record for each table were a question's.</remarks>
        public List<string?> SchemasOfTable(string name)
        {
            var schemas = new List<string?>(1);
            foreach (var entityName in order)
            {
                if (TableOf(entities[entityName], out var tableSchema) is { } table && string.Equals(table, name, StringComparison.Ordinal) && !schemas.Contains(tableSchema))
                {
                    schemas.Add(tableSchema);
                }
            }

            // BuildTables adds the tables of split entities after every entity's own.
            foreach (var entityName in order)
            {
                var entity = entities[entityName];
                if (!entity.HasFragments)
                {
                    continue; // No enumerator of an empty list boxed for each entity type.
                }

                foreach (var fragment in FragmentsOf(entity))
                {
                    if (string.Equals(fragment.Table, name, StringComparison.Ordinal) && !schemas.Contains(fragment.Schema))
                    {
                        schemas.Add(fragment.Schema);
                    }
                }
            }

            return schemas;
        }

        /// <summary>Whether an entity type has been read (an owned type is, with its owner's block).</summary>
        public bool Knows(string entity) => entities.ContainsKey(entity);

        public List<string> MembersOf(string key)
        {
            var members = new List<string>();
            foreach (var name in order)
            {
                if (TableOf(entities[name], out var schema) is { } table && IsKey(key, schema, table) || HasFragmentIn(entities[name], key))
                {
                    members.Add(name);
                }
            }

            return members;
        }

        private bool HasFragmentIn(EntityState entity, string key)
        {
            if (!entity.HasFragments)
            {
                return false; // No enumerator of an empty list boxed for each entity type.
            }

            foreach (var fragment in FragmentsOf(entity))
            {
                if (IsKey(key, fragment.Schema, fragment.Table))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The entity types and those they derive from or are owned by (their table comes from there).</summary>
        public HashSet<string> WithAncestors(IReadOnlyList<string> names)
        {
            var result = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < names.Count; i++)
            {
                var current = names[i];
                while (current is not null && result.Add(current) && entities.TryGetValue(current, out var entity))
                {
                    current = entity.BaseType ?? entity.Owner;
                }
            }

            return result;
        }

        /// <summary>The entity types with a relationship onto one of <paramref name="names"/> (the shallow pass records every <c>HasOne</c>).</summary>
        public List<string> DependentsOf(HashSet<string> names)
        {
            var dependents = new List<string>();
            foreach (var entity in entities.Values)
            {
                foreach (var principal in entity.PrincipalsRead)
                {
                    if (names.Contains(principal))
                    {
                        dependents.Add(entity.Name);
                        break;
                    }
                }
            }

            return dependents;
        }

        /// <summary>The principals of the relationships of <paramref name="names"/> (the shallow pass records every <c>HasOne</c>).</summary>
        public List<string> PrincipalsOf(HashSet<string> names)
        {
            var principals = new List<string>();
            foreach (var entity in entities.Values)
            {
                if (names.Contains(entity.Name))
                {
                    principals.AddRange(entity.PrincipalsRead);
                }
            }

            return principals;
        }
    }
}
