using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SafeMigrations.Analyzers.Infrastructure;
using SafeMigrations.Analyzers.Model;

namespace SafeMigrations.Analyzers.Reading;

/// <summary>
/// Reads the model a Designer's <c>BuildTargetModel</c> (or a snapshot's <c>BuildModel</c>) builds, from
/// syntax alone: tables, columns with store type, nullability and max length, keys, indexes, foreign keys
/// and check constraints. It reads what EF's snapshot generator writes and skips anything else.
/// </summary>
internal static partial class TargetModelReader
{
    private static readonly HashSet<string> ValueTypes = new(StringComparer.Ordinal)
    {
        "int", "long", "short", "byte", "sbyte", "uint", "ulong", "ushort", "bool", "decimal", "double", "float", "char",
        "DateTime", "DateTimeOffset", "TimeSpan", "Guid", "DateOnly", "TimeOnly", "BigInteger",
    };

    private static readonly HashSet<string> SqliteAffinities = new(StringComparer.Ordinal) { "INTEGER", "TEXT", "REAL", "BLOB", "NUMERIC" };

    public static TargetModel Read(MethodDeclarationSyntax method, string? migrationId)
    {
        var state = new ReaderState();
        if (method.Body is { } body)
        {
            foreach (var statement in body.Statements)
            {
                if (statement is ExpressionStatementSyntax { Expression: var expression })
                {
                    state.ReadModelStatement(expression);
                }
            }
        }

        return new TargetModel(migrationId, state.BuildTables(), state.ProviderHint != DatabaseProvider.Unknown ? state.ProviderHint : state.StoreTypeHint())
        {
            Sequences = state.Sequences.ToEquatableArray(),
        };
    }

    /// <summary>
    /// The Designer's entity types with only what decides their tables (the top of each entity block), for reading
    /// one table without reading the whole model: see <see cref="TableIndex.Table"/>. Null when the method holds a
    /// shape this index does not know (an <c>Entity</c> call inside a longer chain): then read the whole model.
    /// </summary>
    public static TableIndex? Index(MethodDeclarationSyntax method)
    {
        var statementCount = method.Body?.Statements.Count ?? 0;
        var statements = new List<(string Entity, ExpressionSyntax Expression)>(statementCount);
        var shallow = new ReaderState(statementCount) { Shallow = true, Text = method.SyntaxTree.TryGetText(out var text) ? new SearchableText(text) : null };
        if (method.Body is { } body)
        {
            foreach (var statement in body.Statements)
            {
                if (statement is not ExpressionStatementSyntax { Expression: var expression })
                {
                    continue;
                }

                if (expression is InvocationExpressionSyntax call && IsEntityBlockStatement(call))
                {
                    var entity = Strings(call, 0)!;
                    statements.Add((entity, expression));
                    shallow.ReadEntityBlock(entity, LambdaOf(call, 1)!);
                }
                else if (CallsAnywhere(expression, "Entity"))
                {
                    return null;
                }
                else if (ReaderState.MaxIdentifierLengthIn(expression) is { } length)
                {
                    shallow.MaxIdentifierLength = length;
                }
            }
        }

        return new TableIndex(shallow, statements, method.Body?.FullSpan ?? default);
    }

    /// <summary>Whether <paramref name="key"/> is a table's key, <c>schema.table</c>, without writing that string out for each table compared.</summary>
    private static bool IsKey(string key, string? schema, string table)
    {
        var schemaLength = schema?.Length ?? 0;
        return key.Length == schemaLength + 1 + table.Length
            && key[schemaLength] == '.'
            && string.CompareOrdinal(key, 0, schema ?? string.Empty, 0, schemaLength) == 0
            && string.CompareOrdinal(key, schemaLength + 1, table, 0, table.Length) == 0;
    }

    /// <summary>
    /// <c>modelBuilder.Entity("Name", b => { ... })</c>, a chain of that one call: the only shape of a top-level entity
    /// statement the index (and the text search of <see cref="DesignerTables"/>) reads.
    /// </summary>
    private static bool IsEntityBlockStatement(InvocationExpressionSyntax call) =>
        call is { Expression: MemberAccessExpressionSyntax { Expression: not InvocationExpressionSyntax } or SimpleNameSyntax }
        && NameOf(call) == "Entity" && Strings(call, 0) is not null && LambdaOf(call, 1) is not null;

    /// <summary>
    /// One Designer's tables, each read on demand from the blocks of the entity types it needs: the types mapped
    /// to it, the types they derive from or are owned by, and the principals of their foreign keys. A table read
    /// this way equals the same table of <see cref="Read"/>'s model: the blocks are read by the same reader, in
    /// the same order, and the types left out cannot change it.
    /// </summary>
    internal sealed class TableIndex
    {
        private readonly ReaderState shallow;
        private readonly List<(string Entity, ExpressionSyntax Expression)> statements;

        // A dropped column's index and its table are asked about by several rules and steps; each table is read once.
        // An index serves one migration's analysis (one thread), so a plain dictionary does.
        private readonly Dictionary<string, TargetModel> read = new(StringComparer.Ordinal);

        private readonly Microsoft.CodeAnalysis.Text.TextSpan body;
        private bool? hasPrincipalKeys;

        internal TableIndex(ReaderState shallow, List<(string Entity, ExpressionSyntax Expression)> statements, Microsoft.CodeAnalysis.Text.TextSpan body)
        {
            this.shallow = shallow;
            this.statements = statements;
            this.body = body;
        }

        /// <summary>Whether the Designer may reference a key by <c>HasPrincipalKey</c> (one search, on the first table read).</summary>
        private bool HasPrincipalKeys() => hasPrincipalKeys ??= shallow.Text?.Contains(body, ReaderState.PrincipalKeyCall) ?? true;

        /// <summary>What <c>Read(method, id).Table(name, schema)</c> returns.</summary>
        public TableDefinition? Table(string name, string? schema)
        {
            if (shallow.TableKey(name, schema) is not { } key)
            {
                return null;
            }

            return Read(key).Table(name, schema);
        }

        /// <summary>What <c>Read(method, id).Tables.Where(t => t.Name == name)</c> returns, in the same order.</summary>
        public IReadOnlyList<TableDefinition> TablesNamed(string name)
        {
            var result = new List<TableDefinition>();
            foreach (var key in shallow.TableKeys(name))
            {
                result.AddRange(Read(key).Tables.Where(t => IsKey(key, t.Schema, t.Name)));
            }

            return result;
        }

        /// <summary>
        /// The blocks of the table's entity types, the types they derive from or are owned by, and the principals of
        /// their relationships, read once in the Designer's order. The principals come from the index (every
        /// <c>HasOne("Principal", ...)</c>, a superset of the foreign keys the full read finds), so no block is read twice.
        /// </summary>
        private TargetModel Read(string key)
        {
            if (!read.TryGetValue(key, out var model))
            {
                model = ReadBlocksOf(key);
                read[key] = model;
            }

            return model;
        }

        private TargetModel ReadBlocksOf(string key)
        {
            // A foreign key needs only its principal's table, key and key columns' names: the principals (and what they
            // derive from or are owned by) are read for those alone, and their own principals not at all (following
            // them read most of a connected model for one table).
            var tableTypes = shallow.WithAncestors(shallow.MembersOf(key));
            var principalTypes = shallow.WithAncestors(shallow.PrincipalsOf(tableTypes));
            if (HasPrincipalKeys())
            {
                // Their relationships onto the table's types may name an alternate key of the table (HasPrincipalKey).
                principalTypes.UnionWith(shallow.DependentsOf(tableTypes));
            }

            principalTypes.ExceptWith(tableTypes);

            var state = new ReaderState { KeyOnly = principalTypes, Text = shallow.Text, MaxIdentifierLength = shallow.MaxIdentifierLength };
            foreach (var (entity, expression) in statements)
            {
                if (tableTypes.Contains(entity) || principalTypes.Contains(entity))
                {
                    state.ReadModelStatement(expression);
                }
            }

            return new TargetModel(null, state.BuildTables(), DatabaseProvider.Unknown);
        }
    }

    internal sealed class EntityState
    {
        public EntityState(string name) => Name = name;

        public string Name { get; }
        public string? Table { get; set; }
        public string? Schema { get; set; }
        public bool Unmapped { get; set; }
        public string? BaseType { get; set; }
        public string? Owner { get; set; }
        public string? OwnerNavigation { get; set; }
        public string? PrimaryKeyName { get; set; }

        /// <summary>
        /// <c>UseTpcMappingStrategy()</c> (each concrete type's table holds the columns of every type it derives from) or
        /// <c>UseTptMappingStrategy()</c> (each type's table holds its own columns and the key); null for neither (written).
        /// </summary>
        public string? MappingStrategy { get; set; }

        /// <summary>An owned type mapped to one JSON column of its owner's table (<c>ToJson("Column")</c>), and that column's type.</summary>
        public string? JsonColumn { get; set; }
        public string? JsonStoreType { get; set; }
        // Created on first use: the shallow pass of a Designer's table index makes an entity state for every entity type
        // and needs none of them.
        private List<string>? key;
        private List<ColumnState>? columns;
        private List<IndexState>? indexes;
        private List<ForeignKeyState>? foreignKeys;
        private List<CheckConstraintDefinition>? checks;
        private List<(List<string> Properties, string? Name)>? alternateKeys;
        private List<string>? principals;
        private List<string>? requiredNavigations;
        private List<EntityState>? jsonOwned;

        public List<string> Key => key ??= new();

        private List<TableFragment>? fragments;

        /// <summary>The tables its properties are split into besides its own (<c>SplitToTable</c>, entity splitting).</summary>
        public List<TableFragment> Fragments => fragments ??= new();

        public bool HasFragments => fragments is { Count: > 0 };

        /// <summary>Whether <paramref name="property"/> is in one of the <see cref="Fragments"/>' tables instead of the entity's own.</summary>
        public bool IsSplitOff(string property)
        {
            if (fragments is not null)
            {
                foreach (var fragment in fragments)
                {
                    if (fragment.Properties.ContainsKey(property))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>Its owned types mapped to JSON columns of its table.</summary>
        public List<EntityState> JsonOwned => jsonOwned ??= new();

        public bool HasJsonOwned => jsonOwned is { Count: > 0 };

        /// <summary>Navigations the block marks <c>b.Navigation("Home").IsRequired()</c>: an owned type's, whose columns are then NOT NULL as declared.</summary>
        public List<string> RequiredNavigations => requiredNavigations ??= new();

        public bool IsRequiredNavigation(string? navigation) => navigation is not null && requiredNavigations?.Contains(navigation) == true;

        public List<ColumnState> Columns => columns ??= new();

        /// <summary>The column of <paramref name="property"/>, if read yet (a loop, not a lambda: it runs for every property statement).</summary>
        public ColumnState? Column(string property)
        {
            if (columns is not null)
            {
                foreach (var column in columns)
                {
                    if (column.Property == property)
                    {
                        return column;
                    }
                }
            }

            return null;
        }
        public List<IndexState> Indexes => indexes ??= new();
        public List<ForeignKeyState> ForeignKeys => foreignKeys ??= new();
        public List<CheckConstraintDefinition> Checks => checks ??= new();
        public List<(List<string> Properties, string? Name)> AlternateKeys => alternateKeys ??= new();

        /// <summary>The entity types its <c>HasOne</c> calls name (shallow pass only).</summary>
        public List<string> Principals => principals ??= new();
    }

    /// <summary><c>b.SplitToTable("Table", "schema", t => { t.Property("Bio").HasColumnName("Biography"); })</c>: the table and its properties' column names (null: the usual one).</summary>
    internal sealed record TableFragment(string Table, string? Schema, Dictionary<string, string?> Properties);

    internal sealed class ColumnState
    {
        public string Property = string.Empty;
        public string ClrType = string.Empty;
        public string? ColumnName;
        public string? StoreType;
        public bool Required;

        /// <summary>A column of an optional complex property (or one under it): NULL whatever the property says.</summary>
        public bool Optional;
        public int? MaxLength;
        public int? Precision;
        public int? Scale;
        public string? DefaultValueSql;
        public string? DefaultValue;
        public string? ComputedSql;
        public bool? ComputedStored;
        public bool FixedLength;
        public bool? Unicode;
        public ValueGeneration Generation;
    }

    internal sealed class IndexState
    {
        public List<string> Properties = new();
        public string? Name;
        public bool Unique;
        public string? Filter;
        public EquatableArray<bool>? Descending;
        public List<(string Name, string Code, List<string>? Properties)>? Options;
        public string? UnknownOption;
    }

    internal sealed class ForeignKeyState
    {
        public string Principal = string.Empty;
        public List<string> Properties = new();
        public List<string> PrincipalKey = new();
        public string? Name;
        public string? OnDelete;

        /// <summary>A one-to-one relationship (<c>WithOne</c>), and the principal's navigation to the dependent it names.</summary>
        public bool IsOneToOne;
        public string? PrincipalNavigation;
    }

    internal sealed class ReaderState
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

        /// <summary>The model's <c>HasSequence</c> statements, in order.</summary>
        public List<SequenceDefinition> Sequences { get; } = new();

        /// <summary>
        /// The model's <c>Relational:MaxIdentifierLength</c> (63 on PostgreSQL, 128 on SQL Server): EF cuts a conventional
        /// constraint or index name to it, and the Designer does not write the name it cut. Null when the Designer names none
        /// (SQLite), and then EF cuts nothing.
        /// </summary>
        public int? MaxIdentifierLength { get; set; }

        /// <summary>Read only what decides an entity's table: ToTable, ToView and the like, HasBaseType, owned types.</summary>
        public bool Shallow { get; init; }

        /// <summary>
        /// Entity types read only for what a foreign key onto them needs (their table, key and key column names), not
        /// for their own columns, indexes and relationships: the principals of a table read alone.
        /// </summary>
        public HashSet<string>? KeyOnly { get; init; }

        /// <summary>The Designer's text, for the shallow pass and <see cref="KeyOnly"/> reads to find the statements that name a call they read.</summary>
        public SearchableText? Text { get; init; }

        /// <summary>The key (<c>schema.table</c>) of the first table <see cref="TargetModel.Table"/> would match, in <see cref="BuildTables"/>' order.</summary>
        public string? TableKey(string name, string? schema)
        {
            foreach (var entityName in order)
            {
                if (TableOf(entities[entityName], out var tableSchema) is { } table
                    && string.Equals(table, name, StringComparison.Ordinal)
                    && TargetModel.SchemasAgree(tableSchema, schema))
                {
                    return tableSchema + "." + table;
                }
            }

            // BuildTables adds the tables of split entities after every entity's own.
            foreach (var entityName in order)
            {
                foreach (var fragment in FragmentsOf(entities[entityName]))
                {
                    if (string.Equals(fragment.Table, name, StringComparison.Ordinal) && TargetModel.SchemasAgree(fragment.Schema, schema))
                    {
                        return fragment.Schema + "." + fragment.Table;
                    }
                }
            }

            return null;
        }

        /// <summary>The fragments of a mapped entity type (none for one whose table is unknown).</summary>
        private IReadOnlyList<TableFragment> FragmentsOf(EntityState entity) =>
            entity.HasFragments && TableOf(entity, out _) is not null ? entity.Fragments : Array.Empty<TableFragment>();

        /// <summary>The keys of the tables named <paramref name="name"/>, in <see cref="BuildTables"/>' order.</summary>
        public List<string> TableKeys(string name)
        {
            var keys = new List<string>();
            foreach (var entity in order.Select(n => entities[n]))
            {
                if (TableOf(entity, out var schema) is { } table && string.Equals(table, name, StringComparison.Ordinal) && !keys.Contains(schema + "." + table))
                {
                    keys.Add(schema + "." + table);
                }
            }

            foreach (var entity in order.Select(n => entities[n]))
            {
                foreach (var fragment in FragmentsOf(entity))
                {
                    if (string.Equals(fragment.Table, name, StringComparison.Ordinal) && !keys.Contains(fragment.Schema + "." + fragment.Table))
                    {
                        keys.Add(fragment.Schema + "." + fragment.Table);
                    }
                }
            }

            return keys;
        }

        /// <summary>The table <paramref name="entity"/> is mapped to, by what has been read of it (null when unmapped or unknown).</summary>
        public string? TableOfEntity(string entity, out string? schema)
        {
            schema = null;
            return entities.TryGetValue(entity, out var state) ? TableOf(state, out schema) : null;
        }

        public List<string> MembersOf(string key)
        {
            var members = new List<string>();
            foreach (var name in order)
            {
                if (TableOf(entities[name], out var schema) is { } table && IsKey(key, schema, table)
                    || FragmentsOf(entities[name]).Any(f => IsKey(key, f.Schema, f.Table)))
                {
                    members.Add(name);
                }
            }

            return members;
        }

        /// <summary>The entity types and those they derive from or are owned by (their table comes from there).</summary>
        public HashSet<string> WithAncestors(IEnumerable<string> names)
        {
            var result = new HashSet<string>(StringComparer.Ordinal);
            foreach (var name in names)
            {
                var current = name;
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
                foreach (var principal in entity.Principals)
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
                    principals.AddRange(entity.Principals);
                }
            }

            return principals;
        }

        /// <summary>
        /// SQLite's Designer carries no provider annotation, but its store types are the upper-case affinity
        /// names (INTEGER, TEXT, REAL, BLOB, NUMERIC) that no other provider writes.
        /// </summary>
        public DatabaseProvider StoreTypeHint()
        {
            var storeTypes = entities.Values.SelectMany(e => e.Columns).Select(c => c.StoreType).Where(t => t is not null).ToList();
            return storeTypes.Count > 0 && storeTypes.All(t => SqliteAffinities.Contains(t!)) ? DatabaseProvider.Sqlite : DatabaseProvider.Unknown;
        }

        public void ReadModelStatement(ExpressionSyntax expression)
        {
            var chain = Chain(expression);
            if (chain.Length == 0)
            {
                return;
            }

            // NpgsqlModelBuilderExtensions.UseIdentityByDefaultColumns(modelBuilder) and friends.
            if (chain[0].Expression is MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax holder })
            {
                Hint(holder.Identifier.ValueText);
            }

            foreach (var call in chain)
            {
                var name = NameOf(call);
                if (name == "HasAnnotation" && Strings(call, 0) is { } annotation)
                {
                    HintAnnotation(annotation, Argument(call, 1));
                }
                else if (name == "Entity" && Strings(call, 0) is { } entityName && LambdaOf(call, 1) is { } lambda)
                {
                    ReadEntity(Entity(entityName), lambda);
                }
                else if (name == "HasSequence" && ReferenceEquals(call, chain[0]) && Strings(call, 0) is { } sequenceName)
                {
                    Sequences.Add(new SequenceDefinition(
                        sequenceName,
                        Strings(call, 1),
                        TypeArgument(call) is var type && type != "object" && type != "long" ? type : null,
                        ArgumentText(chain, "StartsAt"),
                        ArgumentText(chain, "IncrementsBy"),
                        ArgumentText(chain, "HasMin"),
                        ArgumentText(chain, "HasMax"),
                        CallNamed(chain, "IsCyclic") is { } cyclic && (cyclic.ArgumentList.Arguments.Count == 0 || Argument(cyclic, 0) is LiteralExpressionSyntax { Token.ValueText: "true" })));
                }
            }
        }

        /// <summary>One <c>modelBuilder.Entity("Name", b => { ... })</c> block.</summary>
        public void ReadEntityBlock(string entityName, LambdaExpressionSyntax lambda) => ReadEntity(Entity(entityName), lambda);

        /// <summary>
        /// A name EF makes up (<c>IX_Table_Column</c>), cut as EF cuts it when it is longer than the database allows: to one
        /// character less than the limit, and a <c>~</c>. A name the model sets is written in the Designer, and is never cut.
        /// </summary>
        private string ConventionalName(string name) =>
            MaxIdentifierLength is { } max && name.Length > max && max > 1 ? name.Substring(0, max - 1) + "~" : name;

        public EquatableArray<TableDefinition> BuildTables()
        {
            var tables = new List<(string Name, string? Schema)>();
            var byTable = new Dictionary<string, List<EntityState>>(StringComparer.Ordinal);
            foreach (var entityName in order)
            {
                var entity = entities[entityName];
                var table = TableOf(entity, out var schema);
                if (table is null)
                {
                    continue;
                }

                var key = schema + "." + table;
                if (!byTable.TryGetValue(key, out var members))
                {
                    byTable[key] = members = new List<EntityState>();
                    tables.Add((table, schema));
                }

                members.Add(entity);
            }

            var result = ImmutableArray.CreateBuilder<TableDefinition>(tables.Count);
            Dictionary<string, List<List<string>>>? principalKeys = null;
            foreach (var (name, schema) in tables)
            {
                var members = byTable[schema + "." + name];
                var root = MainMember(members);
                var entityName = root.Name;
                var columns = new List<ColumnDefinition>();
                var columnNames = new HashSet<string>(StringComparer.Ordinal);
                var indexes = new List<IndexDefinition>();
                var foreignKeys = new List<ForeignKeyDefinition>();
                var checks = new List<CheckConstraintDefinition>();
                var uniques = new List<UniqueConstraintDefinition>();

                // A derived type with a table of its own: with table-per-concrete-type its table holds every column (and
                // index, key and foreign key) of the types it derives from; with table-per-type only their key, which is
                // then a foreign key onto the base type's table (read from the Designer's HasOne like any other).
                var ownTableOfDerived = root.BaseType is not null && !InBaseTable(root);
                var strategy = MappingStrategyOf(root);
                var tpc = strategy == "UseTpcMappingStrategy";
                if (ownTableOfDerived && tpc)
                {
                    members.InsertRange(0, Bases(root));
                }
                else if (ownTableOfDerived)
                {
                    AddInheritedKeyColumns(root, columns, columnNames);
                }

                foreach (var member in members)
                {
                    var inOwnerTable = InOwnerTable(member);
                    var prefix = inOwnerTable ? OwnedPrefix(member) : string.Empty;

                    var optional = HasOptionalRows(member);
                    foreach (var column in member.Columns)
                    {
                        if (inOwnerTable && member.Key.Contains(column.Property) || member.HasFragments && member.IsSplitOff(column.Property))
                        {
                            continue; // An owned type's key in its owner's table is the owner's key, in the owner's columns; a split-off property is in its fragment's table.
                        }

                        var columnName = column.ColumnName ?? prefix + column.Property;
                        if (!columnNames.Add(columnName))
                        {
                            continue; // A column of two members (a hierarchy, a split table) is the first one's.
                        }

                        var isKey = member.Key.Contains(column.Property);
                        var nullable = !isKey && (optional || column.Optional || !column.Required && (column.ClrType.EndsWith("?", StringComparison.Ordinal) || !ValueTypes.Contains(column.ClrType)));

                        // A key shared by a hierarchy's tables or an entity's split tables is no autoincrement (SQLite), as a foreign
                        // key's column is not: table-per-concrete-type keys come from a sequence, and a table-per-type base's key is
                        // its derived tables' foreign key.
                        var generation = column.Generation == ValueGeneration.OnAdd && (strategy is not null || IsForeignKeyProperty(member, column.Property))
                            ? ValueGeneration.None
                            : column.Generation;
                        columns.Add(new ColumnDefinition(
                            columnName, column.Property, column.ClrType, column.StoreType, nullable, column.MaxLength, column.Precision, column.Scale,
                            column.DefaultValueSql, column.DefaultValue, column.ComputedSql, column.FixedLength, column.Unicode, generation)
                        {
                            IsStored = column.ComputedStored,
                        });
                    }

                    if (member.HasJsonOwned)
                    {
                        foreach (var json in member.JsonOwned)
                        {
                            // One column for the owned type and everything under it; NULL unless the navigation is required.
                            if (columnNames.Add(json.JsonColumn!))
                            {
                                var nullable = optional || !member.IsRequiredNavigation(json.OwnerNavigation);
                                columns.Add(new ColumnDefinition(
                                    json.JsonColumn!, json.OwnerNavigation ?? json.JsonColumn!, "string", json.JsonStoreType, nullable, null, null, null,
                                    null, null, null, false, null, ValueGeneration.None));
                            }
                        }
                    }

                    foreach (var index in member.Indexes)
                    {
                        var indexColumns = ColumnNames(member, index.Properties, prefix);
                        indexes.Add(new IndexDefinition(
                            index.Name ?? ConventionalName("IX_" + name + "_" + string.Join("_", indexColumns)), indexColumns.ToEquatableArray(), index.Unique, index.Filter)
                        {
                            Descending = index.Descending,
                            Options = IndexOptions(member, index, prefix),
                            UnknownOption = index.UnknownOption,
                        });
                    }

                    foreach (var fk in member.ForeignKeys)
                    {
                        var fkColumns = ColumnNames(member, fk.Properties, prefix);
                        entities.TryGetValue(fk.Principal, out var principal);
                        string? principalSchema = null;
                        var principalTable = principal is null ? null : TableOf(principal, out principalSchema);
                        if (principalTable == name && principalSchema == schema && fk.Properties.SequenceEqual(member.Key))
                        {
                            continue; // Two types sharing one table (an owned type, a split table), linked by their key: no constraint.
                        }

                        var principalColumns = PrincipalColumns(principal, fk.PrincipalKey.Count > 0 ? fk.PrincipalKey : principal is null ? null : KeyOf(principal));
                        foreignKeys.Add(new ForeignKeyDefinition(
                            fk.Name ?? ConventionalName("FK_" + name + "_" + principalTable + "_" + string.Join("_", fkColumns)),
                            fkColumns.ToEquatableArray(), fk.Principal, principalTable, principalSchema, principalColumns.ToEquatableArray(), fk.OnDelete));
                    }

                    checks.AddRange(member.Checks);
                    foreach (var (properties, keyName) in member.AlternateKeys)
                    {
                        var uniqueColumns = ColumnNames(member, properties, prefix);
                        uniques.Add(new UniqueConstraintDefinition(keyName ?? ConventionalName("AK_" + name + "_" + string.Join("_", uniqueColumns)), uniqueColumns.ToEquatableArray()));
                    }

                    // A key that a foreign key references by HasPrincipalKey is an alternate key the Designer writes nowhere else.
                    foreach (var properties in (principalKeys ??= PrincipalKeys()).TryGetValue(member.Name, out var referenced) ? referenced : new List<List<string>>())
                    {
                        if (!properties.SequenceEqual(KeyOf(member) ?? new List<string>()) && !member.AlternateKeys.Any(k => k.Properties.SequenceEqual(properties)))
                        {
                            var uniqueColumns = ColumnNames(member, properties, prefix);
                            uniques.Add(new UniqueConstraintDefinition(ConventionalName("AK_" + name + "_" + string.Join("_", uniqueColumns)), uniqueColumns.ToEquatableArray()));
                        }
                    }
                }

                var keyColumns = root.Key.Count > 0 || root.BaseType is null ? ColumnNames(root, root.Key, string.Empty) : PrincipalColumns(root, KeyOf(root));
                result.Add(new TableDefinition(
                    name, schema, entityName, columns.ToEquatableArray(), root.PrimaryKeyName ?? (keyColumns.IsEmpty ? null : ConventionalName("PK_" + name)),
                    keyColumns.ToEquatableArray(), indexes.ToEquatableArray(), foreignKeys.ToEquatableArray(), checks.ToEquatableArray(), uniques.ToEquatableArray()));
            }

            foreach (var entityName in order)
            {
                var entity = entities[entityName];
                foreach (var fragment in FragmentsOf(entity))
                {
                    result.Add(FragmentTable(entity, fragment));
                }
            }

            return result.ToEquatableArray();
        }

        /// <summary>
        /// Whether a row of the member's table may have no value for the member's columns, which EF then makes NULL: a
        /// derived type's in its hierarchy's table; an owned type's in its owner's table, or a type's split into another's
        /// table, unless the navigation to it is required; and any type under such a one (<c>Backup_Place_Geo_Lat</c> is
        /// NULL when Backup is optional, though Place and Geo are required). Bounded, so a cycle in a broken Designer ends.
        /// </summary>
        private bool HasOptionalRows(EntityState member)
        {
            var current = member;
            for (var depth = 0; depth <= entities.Count; depth++)
            {
                if (InBaseTable(current))
                {
                    return true;
                }

                EntityState parent;
                string? navigation;
                if (InOwnerTable(current))
                {
                    parent = entities[current.Owner!];
                    navigation = current.OwnerNavigation;
                }
                else if (SplitPrincipal(current) is { } split)
                {
                    (parent, navigation) = split;
                }
                else
                {
                    return false;
                }

                if (!parent.IsRequiredNavigation(navigation))
                {
                    return true;
                }

                current = parent;
            }

            return false;
        }

        /// <summary>
        /// The type whose table <paramref name="dependent"/> is split into, and its navigation to it: the principal of a
        /// one-to-one foreign key on the dependent's key, in the same table (<c>HasOne("Vehicle", null).WithOne("Engine")
        /// .HasForeignKey("Engine", "Id")</c>). The navigation is null when the principal has none, and the dependent is
        /// then optional.
        /// </summary>
        private (EntityState Principal, string? Navigation)? SplitPrincipal(EntityState dependent)
        {
            foreach (var fk in dependent.ForeignKeys)
            {
                if (fk.IsOneToOne && fk.Principal != dependent.Name && entities.TryGetValue(fk.Principal, out var principal)
                    && fk.Properties.SequenceEqual(dependent.Key) && SameTable(dependent, principal))
                {
                    return (principal, fk.PrincipalNavigation);
                }
            }

            return null;
        }

        /// <summary>
        /// The table an entity type's properties are split into: the entity's key columns (generated by nothing: the rows
        /// take the main table's values), the properties, and a foreign key onto the entity's own table, as EF creates it.
        /// </summary>
        private TableDefinition FragmentTable(EntityState entity, TableFragment fragment)
        {
            var mainTable = TableOf(entity, out var mainSchema)!;
            var columns = new List<ColumnDefinition>();
            var columnNames = new HashSet<string>(StringComparer.Ordinal);
            AddInheritedKeyColumns(entity, columns, columnNames);
            var optional = HasOptionalRows(entity);
            foreach (var column in entity.Columns)
            {
                if (fragment.Properties.TryGetValue(column.Property, out var renamed) && columnNames.Add(renamed ?? column.ColumnName ?? column.Property))
                {
                    var nullable = optional || column.Optional || !column.Required && (column.ClrType.EndsWith("?", StringComparison.Ordinal) || !ValueTypes.Contains(column.ClrType));
                    columns.Add(new ColumnDefinition(
                        renamed ?? column.ColumnName ?? column.Property, column.Property, column.ClrType, column.StoreType, nullable, column.MaxLength, column.Precision, column.Scale,
                        column.DefaultValueSql, column.DefaultValue, column.ComputedSql, column.FixedLength, column.Unicode, ValueGeneration.None)
                    {
                        IsStored = column.ComputedStored,
                    });
                }
            }

            var key = PrincipalColumns(entity, KeyOf(entity));
            string? onDelete = null;
            foreach (var fk in entity.ForeignKeys)
            {
                if (fk.Principal == entity.Name && fk.Properties.SequenceEqual(KeyOf(entity) ?? new List<string>()))
                {
                    onDelete = fk.OnDelete; // The relationship the Designer writes from the entity onto itself.
                }
            }

            var link = new ForeignKeyDefinition(
                ConventionalName("FK_" + fragment.Table + "_" + mainTable + "_" + string.Join("_", key)), key.ToEquatableArray(), entity.Name, mainTable, mainSchema, key.ToEquatableArray(), onDelete);
            return new TableDefinition(
                fragment.Table, fragment.Schema, entity.Name, columns.ToEquatableArray(), key.IsEmpty ? null : ConventionalName("PK_" + fragment.Table), key.ToEquatableArray(),
                EquatableArray<IndexDefinition>.Empty, new[] { link }.ToEquatableArray(), EquatableArray<CheckConstraintDefinition>.Empty, EquatableArray<UniqueConstraintDefinition>.Empty);
        }

        /// <summary>The keys other than the primary key that foreign keys reference (<c>HasPrincipalKey</c>), by principal, each once.</summary>
        private Dictionary<string, List<List<string>>> PrincipalKeys()
        {
            var keys = new Dictionary<string, List<List<string>>>(StringComparer.Ordinal);
            foreach (var entity in entities.Values)
            {
                foreach (var fk in entity.ForeignKeys)
                {
                    if (fk.PrincipalKey.Count == 0)
                    {
                        continue;
                    }

                    if (!keys.TryGetValue(fk.Principal, out var list))
                    {
                        keys[fk.Principal] = list = new List<List<string>>();
                    }

                    if (!list.Any(k => k.SequenceEqual(fk.PrincipalKey)))
                    {
                        list.Add(fk.PrincipalKey);
                    }
                }
            }

            return keys;
        }

        private static bool IsForeignKeyProperty(EntityState entity, string property)
        {
            foreach (var fk in entity.ForeignKeys)
            {
                if (fk.Properties.Contains(property))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The mapping strategy the type's hierarchy writes (on its root), or null.</summary>
        private string? MappingStrategyOf(EntityState entity)
        {
            foreach (var type in SelfAndBases(entity))
            {
                if (type.MappingStrategy is { } strategy)
                {
                    return strategy;
                }
            }

            return null;
        }

        /// <summary>The types <paramref name="entity"/> derives from, the hierarchy's root first.</summary>
        private List<EntityState> Bases(EntityState entity)
        {
            var bases = SelfAndBases(entity).Skip(1).ToList();
            bases.Reverse();
            return bases;
        }

        /// <summary>
        /// The key columns of a table-per-type derived table: the base's key properties' columns, as the base declares
        /// them but generated by nothing (the base's table makes the values; this one's rows take them).
        /// </summary>
        private void AddInheritedKeyColumns(EntityState derived, List<ColumnDefinition> columns, HashSet<string> columnNames)
        {
            foreach (var property in KeyOf(derived) ?? new List<string>())
            {
                foreach (var type in SelfAndBases(derived))
                {
                    if (type.Column(property) is { } column)
                    {
                        var columnName = column.ColumnName ?? property;
                        if (columnNames.Add(columnName))
                        {
                            columns.Add(new ColumnDefinition(
                                columnName, property, column.ClrType, column.StoreType, false, column.MaxLength, column.Precision, column.Scale,
                                null, null, null, column.FixedLength, column.Unicode, ValueGeneration.None));
                        }

                        break;
                    }
                }
            }
        }

        /// <summary>
        /// The type a table belongs to, moved to the front of <paramref name="members"/>: the first that is not derived, owned
        /// or split into it. Its columns, key and value generation are the table's where two members share a column (a split
        /// table's Id is the principal's identity column, not its dependent's plain one), as in EF's CreateTable.
        /// </summary>
        private EntityState MainMember(List<EntityState> members)
        {
            for (var i = 0; i < members.Count; i++)
            {
                var member = members[i];
                if (!InBaseTable(member) && !InOwnerTable(member) && SplitPrincipal(member) is null)
                {
                    members.RemoveAt(i);
                    members.Insert(0, member);
                    return member;
                }
            }

            return members[0];
        }

        /// <summary>Whether an owned type is mapped to a JSON column, or is owned under one that is (it is then part of that JSON).</summary>
        private bool InJson(EntityState entity)
        {
            var current = entity;
            for (var depth = 0; depth <= entities.Count; depth++)
            {
                if (current.JsonColumn is not null)
                {
                    return true;
                }

                if (current.Owner is not { } ownerName || !entities.TryGetValue(ownerName, out current))
                {
                    return false;
                }
            }

            return false;
        }

        /// <summary>Whether a derived type lives in its base type's table (table-per-hierarchy).</summary>
        private bool InBaseTable(EntityState member) =>
            member.BaseType is { } baseName && entities.TryGetValue(baseName, out var baseType) && SameTable(member, baseType);

        /// <summary>Whether an owned type lives in its owner's table (by default, or named there with ToTable).</summary>
        private bool InOwnerTable(EntityState member) =>
            member.Owner is { } ownerName && entities.TryGetValue(ownerName, out var owner) && !ReferenceEquals(owner, member) && SameTable(member, owner);

        private bool SameTable(EntityState left, EntityState right) =>
            TableOf(left, out var leftSchema) is { } table && table == TableOf(right, out var rightSchema) && leftSchema == rightSchema;

        /// <summary>
        /// The prefix of an owned type's columns in its owner's table, <c>Navigation_</c>, after its owner's own when that is
        /// owned in the same table too (<c>Home_Geo_</c>). Bounded, so a cycle of owners in a broken Designer ends.
        /// </summary>
        private string OwnedPrefix(EntityState member)
        {
            var prefix = string.Empty;
            var current = member;
            for (var depth = 0; depth <= entities.Count && InOwnerTable(current); depth++)
            {
                prefix = current.OwnerNavigation + "_" + prefix;
                current = entities[current.Owner!];
            }

            return prefix;
        }

        private string? TableOf(EntityState entity, out string? schema)
        {
            schema = entity.Schema;
            if (entity.Unmapped || InJson(entity))
            {
                return null;
            }

            if (entity.Table is not null)
            {
                return entity.Table;
            }

            // TPH children and table-split owned types live in their base or owner's table.
            var parentName = entity.BaseType ?? entity.Owner;
            return parentName is not null && entities.TryGetValue(parentName, out var parent) && !ReferenceEquals(parent, entity)
                ? TableOf(parent, out schema)
                : null;
        }

        /// <summary>
        /// The entity and the types it derives from, nearest first. A derived type's key (and its columns) is its base's,
        /// so a foreign key onto a derived type references the key and the columns some base declares. Bounded, so a
        /// cycle of base types in a broken Designer ends.
        /// </summary>
        private IEnumerable<EntityState> SelfAndBases(EntityState entity)
        {
            var current = entity;
            for (var depth = 0; depth <= entities.Count; depth++)
            {
                yield return current;
                if (current.BaseType is not { } baseName || !entities.TryGetValue(baseName, out current))
                {
                    yield break;
                }
            }
        }

        /// <summary>The key a foreign key onto <paramref name="principal"/> references: its own, or the nearest base's (null for none).</summary>
        private List<string>? KeyOf(EntityState principal)
        {
            foreach (var type in SelfAndBases(principal))
            {
                if (type.Key.Count > 0)
                {
                    return type.Key;
                }
            }

            return null;
        }

        /// <summary>The column of a principal's key property, which the principal or a type it derives from declares.</summary>
        private string ColumnNameInHierarchy(EntityState entity, string property)
        {
            foreach (var type in SelfAndBases(entity))
            {
                if (type.Column(property) is { } column)
                {
                    return column.ColumnName ?? property;
                }
            }

            return property;
        }

        /// <summary>The columns a foreign key references: the principal's columns of its key's properties (by the property name without a principal).</summary>
        private ImmutableArray<string> PrincipalColumns(EntityState? principal, List<string>? properties)
        {
            if (properties is null || properties.Count == 0)
            {
                return ImmutableArray<string>.Empty;
            }

            var columns = ImmutableArray.CreateBuilder<string>(properties.Count);
            foreach (var property in properties)
            {
                columns.Add(principal is null ? property : ColumnNameInHierarchy(principal, property));
            }

            return columns.MoveToImmutable();
        }

        /// <summary>An index's options, a list of included properties written as their columns.</summary>
        private static EquatableArray<IndexAnnotation> IndexOptions(EntityState entity, IndexState index, string prefix)
        {
            if (index.Options is null)
            {
                return EquatableArray<IndexAnnotation>.Empty;
            }

            var options = new List<IndexAnnotation>(index.Options.Count);
            foreach (var (name, code, properties) in index.Options)
            {
                options.Add(new IndexAnnotation(
                    name,
                    properties is null ? code : "new[] { " + string.Join(", ", ColumnNames(entity, properties, prefix).Select(c => Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(c, quote: true))) + " }"));
            }

            return options.ToEquatableArray();
        }

        /// <summary>The columns of <paramref name="properties"/> of <paramref name="entity"/> (loops, not LINQ: every key, index and foreign key of a table read comes here).</summary>
        private static ImmutableArray<string> ColumnNames(EntityState entity, List<string> properties, string prefix)
        {
            if (properties.Count == 0)
            {
                return ImmutableArray<string>.Empty;
            }

            var columns = ImmutableArray.CreateBuilder<string>(properties.Count);
            foreach (var property in properties)
            {
                columns.Add(entity.Column(property)?.ColumnName ?? prefix + property);
            }

            return columns.MoveToImmutable();
        }

        private EntityState Entity(string name)
        {
            if (!entities.TryGetValue(name, out var entity))
            {
                entities[name] = entity = new EntityState(name);
                order.Add(name);
            }

            return entity;
        }

        private void ReadEntity(EntityState entity, LambdaExpressionSyntax lambda)
        {
            if (lambda.Body is not BlockSyntax block)
            {
                return;
            }

            // The shallow pass, and a principal read for its key, read only the statements whose text names a call they
            // read: the others get no syntax nodes.
            var statements = Text is null ? block.Statements
                : Shallow ? StatementsByText.Mentioning(block, Text, TableDecidingCalls)
                : KeyOnly?.Contains(entity.Name) == true ? StatementsByText.Mentioning(block, Text, KeyDecidingCalls)
                : (IReadOnlyList<StatementSyntax>)block.Statements;
            foreach (var statement in statements)
            {
                if (statement is ExpressionStatementSyntax { Expression: var expression })
                {
                    ReadEntityStatement(entity, expression);
                }
            }
        }

        /// <summary>The calls that decide an entity's table (see <see cref="ReadTableOfEntity"/>).</summary>
        internal static readonly string[] TableCalls = { "ToTable", "ToView", "ToSqlQuery", "ToFunction", "HasBaseType", "OwnsOne", "OwnsMany", "ToJson", "SplitToTable" };

        /// <summary>What the shallow pass reads: the table, and the relationships.</summary>
        private static readonly string[] TableDecidingCalls = TableCalls.Concat(new[] { "HasOne" }).ToArray();

        /// <summary>
        /// What a foreign key takes from its principal (see <see cref="KeyOnly"/>): the table, the key, and the names of
        /// key columns that are not named after their property (<c>HasColumnName</c>).
        /// </summary>
        private static readonly string[] KeyDecidingCalls = TableCalls.Concat(new[] { "HasKey", "HasColumnName", PrincipalKeyCall }).ToArray();

        /// <summary>A relationship onto a key other than the primary key, which makes that key an alternate key of its principal.</summary>
        internal const string PrincipalKeyCall = "HasPrincipalKey";

        private void ReadEntityStatement(EntityState entity, ExpressionSyntax expression)
        {
            // The shallow pass (a table index) needs only the innermost call of each statement: no chain is built.
            if (Shallow)
            {
                if (Innermost(expression) is { } first)
                {
                    if (NameOf(first) == "HasOne" && Strings(first, 0) is { } principal)
                    {
                        entity.Principals.Add(principal);
                    }
                    else
                    {
                        ReadTableOfEntity(entity, first);
                    }
                }

                return;
            }

            var chain = Chain(expression);
            if (chain.Length == 0)
            {
                return;
            }

            if (chain[0].Expression is MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax holder })
            {
                Hint(holder.Identifier.ValueText);
                ReadValueGeneration(entity, NameOf(chain[0]), chain[0]);
                if (holder.Identifier.ValueText.EndsWith("IndexBuilderExtensions", StringComparison.Ordinal))
                {
                    ReadIndexOption(entity, chain[0]);
                    return;
                }
            }

            switch (NameOf(chain[0]))
            {
                case "Property" or "PrimitiveCollection" when Strings(chain[0], 0) is { } property: // A primitive collection (EF 8) is a column too.
                    ReadProperty(entity, property, TypeArgument(chain[0]), chain);
                    break;
                case "HasKey":
                    entity.Key.Clear();
                    entity.Key.AddRange(AllStrings(chain[0]));
                    entity.PrimaryKeyName = StringOf(chain, "HasName");
                    break;
                case "HasAlternateKey":
                    entity.AlternateKeys.Add((AllStrings(chain[0]), StringOf(chain, "HasName")));
                    break;
                case "HasIndex":
                    var index = new IndexState { Properties = AllStrings(chain[0]) };
                    if (chain[0].ArgumentList.Arguments.Count == 2 && Argument(chain[0], 0) is ArrayCreationExpressionSyntax or ImplicitArrayCreationExpressionSyntax)
                    {
                        // HasIndex(new[] { "A" }, "Name"): a named index; the name is the model name and, by default, the database name.
                        index.Properties.RemoveAt(index.Properties.Count - 1);
                        index.Name = Strings(chain[0], 1);
                    }

                    index.Unique = chain.Any(c => NameOf(c) == "IsUnique" && (c.ArgumentList.Arguments.Count == 0 || Argument(c, 0) is LiteralExpressionSyntax { Token.ValueText: "true" }));
                    index.Name = StringOf(chain, "HasDatabaseName") ?? index.Name;
                    index.Filter = StringOf(chain, "HasFilter");
                    index.Descending = CallNamed(chain, "IsDescending") is { } descending ? Booleans(descending) : null;
                    foreach (var call in chain)
                    {
                        if (NameOf(call) == "HasAnnotation" && Strings(call, 0) is { } annotation && Argument(call, 1) is { } value)
                        {
                            (index.Options ??= new()).Add((annotation, value.ToString(), null));
                        }
                    }

                    entity.Indexes.Add(index);
                    break;
                case "HasOne":
                    ReadForeignKey(entity, chain);
                    break;
                case "Navigation" when Strings(chain[0], 0) is { } navigation
                    && CallNamed(chain, "IsRequired") is { } required && (required.ArgumentList.Arguments.Count == 0 || Argument(required, 0) is LiteralExpressionSyntax { Token.ValueText: "true" }):
                    entity.RequiredNavigations.Add(navigation);
                    break;
                case "ComplexProperty" or "ComplexCollection":
                    ReadComplexProperty(entity, chain[0], pathPrefix: string.Empty, columnPrefix: string.Empty, optional: false);
                    break;
                case "UseTpcMappingStrategy" or "UseTptMappingStrategy":
                    entity.MappingStrategy = NameOf(chain[0]);
                    break;
                case "ToJson":
                    ReadTableOfEntity(entity, chain[0]);
                    entity.JsonStoreType = StringOf(chain, "HasColumnType");
                    break;
                case "WithOwner" when entity.Owner is { } owner && CallNamed(chain, "HasForeignKey") is { } ownerKey:
                    // The ownership: a foreign key onto the owner, cascading (EF deletes owned rows with their owner). In the
                    // owner's own table it links the two types' rows and is no constraint (BuildTables leaves it out).
                    entity.ForeignKeys.Add(new ForeignKeyState { Principal = owner, Properties = AllStrings(ownerKey), OnDelete = "Cascade" });
                    break;
                default:
                    ReadTableOfEntity(entity, chain[0]);
                    break;
            }
        }

        /// <summary>The statements that decide the entity's table (the whole of what the shallow pass reads): ToTable and the like, HasBaseType, owned types.</summary>
        private void ReadTableOfEntity(EntityState entity, InvocationExpressionSyntax first)
        {
            switch (NameOf(first))
            {
                case "ToTable":
                    ReadToTable(entity, first);
                    break;
                case "ToView":
                case "ToSqlQuery":
                case "ToFunction":
                    entity.Unmapped = entity.Table is null;
                    break;
                case "HasBaseType":
                    entity.BaseType = Strings(first, 0);
                    break;
                case "SplitToTable" when Strings(first, 0) is { } fragmentTable:
                    var properties = new Dictionary<string, string?>(StringComparer.Ordinal);
                    if (LambdaOf(first, first.ArgumentList.Arguments.Count - 1) is { Body: BlockSyntax fragmentBlock })
                    {
                        foreach (var statement in fragmentBlock.Statements)
                        {
                            var chain = statement is ExpressionStatementSyntax { Expression: var expression } ? Chain(expression) : Array.Empty<InvocationExpressionSyntax>();
                            if (chain.Length > 0 && NameOf(chain[0]) == "Property" && Strings(chain[0], 0) is { } property)
                            {
                                properties[property] = StringOf(chain, "HasColumnName");
                            }
                        }
                    }

                    entity.Fragments.Add(new TableFragment(fragmentTable, Strings(first, 1), properties));
                    break;
                case "ToJson" when entity.Owner is { } ownerName && entities.TryGetValue(ownerName, out var owner):
                    entity.JsonColumn = Strings(first, 0) ?? entity.OwnerNavigation;
                    if (entity.JsonColumn is not null && !owner.JsonOwned.Contains(entity))
                    {
                        owner.JsonOwned.Add(entity);
                    }

                    break;
                case "OwnsOne":
                case "OwnsMany":
                    if (Strings(first, 0) is { } ownedName && LambdaOf(first, first.ArgumentList.Arguments.Count - 1) is { } ownedLambda)
                    {
                        // An owned type is one entity type per owner and navigation (EF names it Owner.Navigation#Type): a type
                        // owned twice (a Home and a list of Others, both Address) is two entity types, in two tables.
                        var navigation = Strings(first, 1);
                        var owned = Entity(entity.Name + "." + navigation + "#" + ownedName);
                        owned.Owner = entity.Name;
                        owned.OwnerNavigation = navigation;
                        ReadEntity(owned, ownedLambda);
                    }

                    break;
            }
        }

        /// <summary>
        /// <c>b.ComplexProperty(typeof(...), "Total", "...", b1 => { ... })</c> (EF 10; EF 8 and 9 write the property bag as a
        /// type argument and the name first): its properties are columns of the entity's table, named <c>Total_Currency</c>,
        /// NULL when the complex property is optional or under one that is. Optional complex properties came with EF 10,
        /// whose Designer marks a required one <c>b1.IsRequired()</c>; before, every one was required. A complex property or
        /// collection mapped <c>ToJson</c> is one column.
        /// </summary>
        private static void ReadComplexProperty(EntityState entity, InvocationExpressionSyntax call, string pathPrefix, string columnPrefix, bool optional)
        {
            var beforeOptionalComplexTypes = Strings(call, 0) is not null;
            var name = Strings(call, 0) ?? Strings(call, 1);
            if (name is null || LambdaOf(call, call.ArgumentList.Arguments.Count - 1) is not { Body: BlockSyntax block })
            {
                return;
            }

            var path = pathPrefix + name;
            var prefix = columnPrefix + name + "_";
            var required = beforeOptionalComplexTypes;
            var complex = new EntityState(entity.Name + "." + path);
            var nested = new List<InvocationExpressionSyntax>();
            foreach (var statement in block.Statements)
            {
                var chain = statement is ExpressionStatementSyntax { Expression: var expression } ? Chain(expression) : Array.Empty<InvocationExpressionSyntax>();
                switch (chain.Length == 0 ? null : NameOf(chain[0]))
                {
                    case "IsRequired":
                        required = chain[0].ArgumentList.Arguments.Count == 0 || Argument(chain[0], 0) is LiteralExpressionSyntax { Token.ValueText: "true" };
                        break;
                    case "Property" or "PrimitiveCollection" when Strings(chain[0], 0) is { } property:
                        ReadProperty(complex, property, TypeArgument(chain[0]), chain);
                        break;
                    case "ComplexProperty" or "ComplexCollection":
                        nested.Add(chain[0]);
                        break;
                    case "ToJson":
                        var json = Strings(chain[0], 0) ?? name;
                        entity.Columns.Add(new ColumnState
                        {
                            Property = path, ClrType = "string", ColumnName = json, StoreType = StringOf(chain, "HasColumnType"), Required = true, Optional = optional || !required,
                        });
                        return;
                }
            }

            optional = optional || !required;
            foreach (var column in complex.Columns)
            {
                column.ColumnName ??= prefix + column.Property;
                column.Property = path + "." + column.Property;
                column.Optional = optional;
                entity.Columns.Add(column);
            }

            foreach (var inner in nested)
            {
                ReadComplexProperty(entity, inner, path + ".", prefix, optional);
            }
        }

        /// <summary>The annotation each provider call on an index writes, as EF's CreateIndex names it.</summary>
        private static readonly Dictionary<string, string> IndexOptionAnnotations = new(StringComparer.Ordinal)
        {
            ["NpgsqlIndexBuilderExtensions.HasMethod"] = "Npgsql:IndexMethod",
            ["NpgsqlIndexBuilderExtensions.HasOperators"] = "Npgsql:IndexOperators",
            ["NpgsqlIndexBuilderExtensions.IncludeProperties"] = "Npgsql:IndexInclude",
            ["NpgsqlIndexBuilderExtensions.AreNullsDistinct"] = "Npgsql:NullsDistinct",
            ["NpgsqlIndexBuilderExtensions.HasNullSortOrder"] = "Npgsql:IndexNullSortOrder",
            ["NpgsqlIndexBuilderExtensions.IsTsVectorExpressionIndex"] = "Npgsql:TsVectorConfig",
            ["SqlServerIndexBuilderExtensions.IsClustered"] = "SqlServer:Clustered",
            ["SqlServerIndexBuilderExtensions.HasFillFactor"] = "SqlServer:FillFactor",
            ["SqlServerIndexBuilderExtensions.IncludeProperties"] = "SqlServer:Include",
            ["SqlServerIndexBuilderExtensions.IsCreatedOnline"] = "SqlServer:Online",
            ["SqlServerIndexBuilderExtensions.SortInTempDb"] = "SqlServer:SortInTempDb",
        };

        /// <summary>
        /// <c>NpgsqlIndexBuilderExtensions.HasMethod(b.HasIndex("Tags"), "gin")</c> and the like: an option of the index read
        /// just before. One the reader does not know marks the index, so it is not re-created without it.
        /// </summary>
        private static void ReadIndexOption(EntityState entity, InvocationExpressionSyntax call)
        {
            if (Argument(call, 0) is not InvocationExpressionSyntax hasIndex || NameOf(hasIndex) != "HasIndex")
            {
                return;
            }

            var properties = AllStrings(hasIndex);
            IndexState? index = null;
            foreach (var candidate in entity.Indexes)
            {
                if (candidate.Properties.SequenceEqual(properties) || candidate.Name is { } name && properties.Count > 0 && properties[properties.Count - 1] == name
                    && candidate.Properties.SequenceEqual(properties.Take(properties.Count - 1)))
                {
                    index = candidate; // The last one of these properties: EF writes each index's options right after it.
                }
            }

            if (index is null)
            {
                return;
            }

            var method = ((MemberAccessExpressionSyntax)call.Expression).Expression + "." + NameOf(call);
            if (!IndexOptionAnnotations.TryGetValue(method, out var annotation) || Argument(call, 1) is not { } value)
            {
                index.UnknownOption ??= NameOf(call);
                return;
            }

            var included = annotation.EndsWith("Include", StringComparison.Ordinal) ? StringsIn(value) : null;
            (index.Options ??= new()).Add((annotation, value.ToString(), included));
        }

        /// <summary><c>NpgsqlPropertyBuilderExtensions.UseIdentityByDefaultColumn(b.Property&lt;int&gt;("Id"))</c> and its SQL Server twin.</summary>
        private static void ReadValueGeneration(EntityState entity, string? method, InvocationExpressionSyntax call)
        {
            var generation = method switch
            {
                "UseIdentityByDefaultColumn" => ValueGeneration.NpgsqlIdentityByDefault,
                "UseIdentityAlwaysColumn" => ValueGeneration.NpgsqlIdentityAlways,
                "UseSerialColumn" => ValueGeneration.NpgsqlSerial,
                "UseIdentityColumn" => ValueGeneration.SqlServerIdentity,
                _ => ValueGeneration.None,
            };
            if (generation != ValueGeneration.None
                && Argument(call, 0) is InvocationExpressionSyntax property
                && NameOf(property) == "Property"
                && Strings(property, 0) is { } name
                && entity.Column(name) is { } column)
            {
                column.Generation = generation;
            }
        }

        private static void ReadProperty(EntityState entity, string property, string clrType, InvocationExpressionSyntax[] chain)
        {
            var column = entity.Column(property);
            if (column is null)
            {
                column = new ColumnState { Property = property, ClrType = clrType };
                entity.Columns.Add(column);
            }

            for (var i = 1; i < chain.Length; i++)
            {
                var call = chain[i];
                switch (NameOf(call))
                {
                    case "IsRequired":
                        column.Required = call.ArgumentList.Arguments.Count == 0 || Argument(call, 0) is LiteralExpressionSyntax { Token.ValueText: "true" };
                        break;
                    case "HasMaxLength":
                        column.MaxLength = Int(call, 0);
                        break;
                    case "HasColumnType":
                        column.StoreType = Strings(call, 0);
                        break;
                    case "HasColumnName":
                        column.ColumnName = Strings(call, 0);
                        break;
                    case "HasPrecision":
                        column.Precision = Int(call, 0);
                        column.Scale = Int(call, 1);
                        break;
                    case "HasDefaultValueSql":
                        column.DefaultValueSql = Strings(call, 0);
                        break;
                    case "HasDefaultValue":
                        column.DefaultValue = Argument(call, 0) is { } defaultValue ? ValueReader.TextOf(defaultValue) : null;
                        break;
                    case "HasComputedColumnSql":
                        column.ComputedSql = Strings(call, 0);
                        column.ComputedStored = Argument(call, 1) is LiteralExpressionSyntax { Token.Value: bool stored } ? stored : null;
                        break;
                    case "IsFixedLength":
                        column.FixedLength = call.ArgumentList.Arguments.Count == 0 || Argument(call, 0) is LiteralExpressionSyntax { Token.ValueText: "true" };
                        break;
                    case "ValueGeneratedOnAdd":
                        column.Generation = column.Generation == ValueGeneration.None ? ValueGeneration.OnAdd : column.Generation;
                        break;
                    case "IsUnicode":
                        column.Unicode = call.ArgumentList.Arguments.Count == 0 || Argument(call, 0) is LiteralExpressionSyntax { Token.ValueText: "true" };
                        break;
                }
            }
        }

        private void ReadToTable(EntityState entity, InvocationExpressionSyntax call)
        {
            entity.Unmapped = Argument(call, 0) is not LiteralExpressionSyntax { Token.Value: string };
            entity.Table = Strings(call, 0);
            if (call.ArgumentList.Arguments.Count > 1 && Argument(call, 1) is LiteralExpressionSyntax { Token.Value: string schema })
            {
                entity.Schema = schema;
            }

            // ToTable("T", t => { t.HasCheckConstraint("CK_T_X", "sql"); ... })
            LambdaExpressionSyntax? lambda = null;
            foreach (var argument in call.ArgumentList.Arguments)
            {
                if (argument.Expression is LambdaExpressionSyntax found)
                {
                    lambda = found;
                    break;
                }
            }

            var statements = lambda?.Body switch
            {
                BlockSyntax block => block.Statements.OfType<ExpressionStatementSyntax>().Select(s => s.Expression),
                ExpressionSyntax single => new[] { single },
                _ => Enumerable.Empty<ExpressionSyntax>(),
            };
            foreach (var statement in statements)
            {
                var chain = Chain(statement);
                if (chain.Length > 0 && NameOf(chain[0]) == "HasCheckConstraint" && Strings(chain[0], 0) is { } name && Strings(chain[0], 1) is { } sql)
                {
                    entity.Checks.Add(new CheckConstraintDefinition(StringOf(chain, "HasName") ?? name, sql));
                }
            }
        }

        private static void ReadForeignKey(EntityState entity, InvocationExpressionSyntax[] chain)
        {
            var principal = Strings(chain[0], 0);
            var hasForeignKey = CallNamed(chain, "HasForeignKey");
            if (principal is null || hasForeignKey is null)
            {
                return;
            }

            var fk = new ForeignKeyState { Principal = principal, Properties = AllStrings(hasForeignKey) };
            if (fk.Properties.Count > 1 && hasForeignKey.ArgumentList.Arguments.Count > 1
                && Argument(hasForeignKey, 0) is LiteralExpressionSyntax { Token.Value: string maybeEntity } && maybeEntity.Contains('.'))
            {
                // One-to-one: HasForeignKey("Dependent.Entity", "Column").
                fk.Properties.RemoveAt(0);
            }

            if (CallNamed(chain, "HasPrincipalKey") is { } principalKey)
            {
                fk.PrincipalKey = AllStrings(principalKey);
            }

            if (CallNamed(chain, "WithOne") is { } withOne)
            {
                fk.IsOneToOne = true;
                fk.PrincipalNavigation = Strings(withOne, 0);
            }

            fk.Name = StringOf(chain, "HasConstraintName");
            fk.OnDelete = CallNamed(chain, "OnDelete") is { } onDelete && Argument(onDelete, 0) is { } action ? ValueReader.TextOf(action) : null;
            entity.ForeignKeys.Add(fk);
        }

        private void Hint(string holderType)
        {
            if (ProviderHint != DatabaseProvider.Unknown)
            {
                return;
            }

            ProviderHint = holderType.StartsWith("Npgsql", StringComparison.Ordinal) ? DatabaseProvider.PostgreSql
                : holderType.StartsWith("SqlServer", StringComparison.Ordinal) ? DatabaseProvider.SqlServer
                : holderType.StartsWith("MySql", StringComparison.Ordinal) ? DatabaseProvider.MySql
                : holderType.StartsWith("Sqlite", StringComparison.Ordinal) ? DatabaseProvider.Sqlite
                : DatabaseProvider.Unknown;
        }

        /// <summary>
        /// The max identifier length a top-level statement of the Designer sets (<c>modelBuilder.HasAnnotation(...)</c>, a
        /// chain of them), as <see cref="ReadModelStatement"/> reads it: the last one in the chain; null when it sets none.
        /// </summary>
        internal static int? MaxIdentifierLengthIn(ExpressionSyntax statement)
        {
            int? found = null;
            foreach (var call in Chain(statement))
            {
                if (NameOf(call) == "HasAnnotation" && Strings(call, 0) is { } annotation && MaxIdentifierLengthOf(annotation, Argument(call, 1)) is { } length)
                {
                    found = length;
                }
            }

            return found;
        }

        /// <summary>The length of <c>HasAnnotation("Relational:MaxIdentifierLength", 63)</c>; null for any other annotation.</summary>
        internal static int? MaxIdentifierLengthOf(string annotation, ExpressionSyntax? value) =>
            annotation == "Relational:MaxIdentifierLength" && value is LiteralExpressionSyntax { Token.Value: int length } ? length : null;

        private void HintAnnotation(string annotation, ExpressionSyntax? value)
        {
            var colon = annotation.IndexOf(':');
            if (colon > 0)
            {
                Hint(annotation.Substring(0, colon));
            }

            if (MaxIdentifierLengthOf(annotation, value) is not { } length)
            {
                return;
            }

            MaxIdentifierLength = length;
            if (ProviderHint == DatabaseProvider.Unknown)
            {
                ProviderHint = length switch
                {
                    63 => DatabaseProvider.PostgreSql,
                    128 => DatabaseProvider.SqlServer,
                    64 => DatabaseProvider.MySql,
                    _ => DatabaseProvider.Unknown,
                };
            }
        }
    }

    /// <summary>The innermost call of a fluent chain (<c>b.ToTable("T")</c> of <c>b.ToTable("T").HasComment(...)</c>).</summary>
    private static InvocationExpressionSyntax? Innermost(ExpressionSyntax expression)
    {
        InvocationExpressionSyntax? innermost = null;
        var current = expression;
        while (current is InvocationExpressionSyntax invocation)
        {
            innermost = invocation;
            current = invocation.Expression is MemberAccessExpressionSyntax access ? access.Expression : null;
        }

        return innermost;
    }

    /// <summary>True when any call of the fluent chain is named <paramref name="method"/>.</summary>
    private static bool CallsAnywhere(ExpressionSyntax expression, string method)
    {
        for (var current = expression as InvocationExpressionSyntax; current is not null; current = (current.Expression as MemberAccessExpressionSyntax)?.Expression as InvocationExpressionSyntax)
        {
            if (NameOf(current) == method)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The invocations of a fluent chain, innermost (first call) first.</summary>
    /// <remarks>Counted first, then filled from the end into an array of that size: no list to grow and reverse for
    /// each of the Designer's statements read.</remarks>
    private static InvocationExpressionSyntax[] Chain(ExpressionSyntax expression)
    {
        var count = 0;
        for (var current = expression; current is InvocationExpressionSyntax invocation; current = Receiver(invocation))
        {
            count++;
        }

        if (count == 0)
        {
            return Array.Empty<InvocationExpressionSyntax>();
        }

        var chain = new InvocationExpressionSyntax[count];
        for (var current = expression; current is InvocationExpressionSyntax invocation; current = Receiver(invocation))
        {
            chain[--count] = invocation;
        }

        return chain;

        static ExpressionSyntax? Receiver(InvocationExpressionSyntax invocation) =>
            invocation.Expression is MemberAccessExpressionSyntax access ? access.Expression : null;
    }

    private static string? NameOf(InvocationExpressionSyntax call) => call.Expression switch
    {
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
        SimpleNameSyntax name => name.Identifier.ValueText,
        _ => null,
    };

    private static string TypeArgument(InvocationExpressionSyntax call) =>
        (call.Expression as MemberAccessExpressionSyntax)?.Name is GenericNameSyntax { TypeArgumentList.Arguments: { Count: 1 } arguments }
            ? ValueReader.TypeText(arguments[0])
            : "object";

    private static ExpressionSyntax? Argument(InvocationExpressionSyntax call, int position) =>
        position < call.ArgumentList.Arguments.Count ? call.ArgumentList.Arguments[position].Expression : null;

    private static string? Strings(InvocationExpressionSyntax call, int position) =>
        Argument(call, position) is LiteralExpressionSyntax { Token.Value: string text } ? text : null;

    private static int? Int(InvocationExpressionSyntax call, int position) =>
        Argument(call, position) is LiteralExpressionSyntax { Token.Value: var value } && value is int or long
            ? Convert.ToInt32(value, CultureInfo.InvariantCulture)
            : null;

    /// <summary>Every string literal among the arguments, including those inside <c>new[] { ... }</c>.</summary>
    /// <remarks>Loops, not LINQ: every key, index and foreign key of every Designer block read comes through here.</remarks>
    private static List<string> AllStrings(InvocationExpressionSyntax call)
    {
        var strings = new List<string>();
        foreach (var argument in call.ArgumentList.Arguments)
        {
            if (argument.Expression is LiteralExpressionSyntax literal)
            {
                AddString(literal, strings);
                continue;
            }

            foreach (var node in argument.Expression.DescendantNodes())
            {
                if (node is LiteralExpressionSyntax nested)
                {
                    AddString(nested, strings);
                }
            }
        }

        return strings;

        static void AddString(LiteralExpressionSyntax literal, List<string> strings)
        {
            if (literal.Token.Value is string text)
            {
                strings.Add(text);
            }
        }
    }

    /// <summary>The string literals in <paramref name="expression"/> (<c>new[] { "A", "B" }</c>), in order.</summary>
    private static List<string> StringsIn(ExpressionSyntax expression)
    {
        var strings = new List<string>();
        foreach (var node in expression.DescendantNodesAndSelf())
        {
            if (node is LiteralExpressionSyntax { Token.Value: string text })
            {
                strings.Add(text);
            }
        }

        return strings;
    }

    /// <summary>The <c>true</c>/<c>false</c> literals among the call's arguments, in order.</summary>
    private static EquatableArray<bool> Booleans(InvocationExpressionSyntax call)
    {
        var values = new List<bool>();
        foreach (var argument in call.ArgumentList.Arguments)
        {
            if (argument.Expression is LiteralExpressionSyntax { Token.Value: bool value })
            {
                values.Add(value);
            }
        }

        return values.ToEquatableArray();
    }

    /// <summary>The first argument of the chain's call named <paramref name="method"/>, as written (<c>100L</c>).</summary>
    private static string? ArgumentText(InvocationExpressionSyntax[] chain, string method) =>
        CallNamed(chain, method) is { } call && Argument(call, 0) is { } argument ? argument.ToString() : null;

    private static string? StringOf(InvocationExpressionSyntax[] chain, string method) =>
        CallNamed(chain, method) is { } call ? Strings(call, 0) : null;

    /// <summary>The first call of the chain named <paramref name="method"/> (a loop: a lambda here was a closure per property read).</summary>
    private static InvocationExpressionSyntax? CallNamed(InvocationExpressionSyntax[] chain, string method)
    {
        foreach (var call in chain)
        {
            if (NameOf(call) == method)
            {
                return call;
            }
        }

        return null;
    }

    private static LambdaExpressionSyntax? LambdaOf(InvocationExpressionSyntax call, int position) =>
        Argument(call, position) as LambdaExpressionSyntax;
}
