using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using SafeMigrations.Analyzers.Infrastructure;
using SafeMigrations.Analyzers.Model;

namespace SafeMigrations.Analyzers.Reading;

// Building the tables from the entity states: each table's members (hierarchies, owned and split types, mapping
// strategies), its columns and their nullability, keys, indexes, foreign keys and constraints, and EF's conventional names.
internal static partial class TargetModelReader
{
    internal sealed partial class ReaderState
    {
        /// <summary>
        /// A name EF makes up (<c>IX_Table_Column</c>), cut as EF cuts it when it is longer than the database allows: to one
        /// character less than the limit, and a <c>~</c>. A name the model sets is written in the Designer, and is never cut.
        /// </summary>
        private string ConventionalName(string name) =>
            MaxIdentifierLength is { } max && name.Length > max && max > 1 ? name.Substring(0, max - 1) + "~" : name;

        /// <summary>EF's name of an index or alternate key of <paramref name="table"/>: <c>IX_Table_A_B</c>, <c>AK_Table_A_B</c>.</summary>
        private string ConventionalName(string kind, string table, ImmutableArray<string> columns) =>
            ConventionalName(NameBuilder.Joined(NameBuilder.Start(kind, table), columns));

        /// <summary>EF's name of a foreign key of <paramref name="table"/> onto <paramref name="principalTable"/>: <c>FK_Table_Principal_A</c>.</summary>
        private string ConventionalName(string kind, string table, string? principalTable, ImmutableArray<string> columns) =>
            ConventionalName(NameBuilder.Joined(NameBuilder.Start(kind, table).Append(principalTable).Append('_'), columns));

        /// <summary>
        /// The thread's builder of conventional names. <c>string.Join("_", columns)</c> over an immutable array boxed the array and
        /// its enumerator, and the concatenations around it made two strings more, for every index and foreign key a question built.
        /// </summary>
        private static class NameBuilder
        {
            [ThreadStatic]
            private static StringBuilder? builder;

            public static StringBuilder Start(string kind, string table) =>
                (builder ??= new StringBuilder(64)).Clear().Append(kind).Append('_').Append(table).Append('_');

            /// <summary>The name with <paramref name="columns"/> joined by underscores after it.</summary>
            public static string Joined(StringBuilder name, ImmutableArray<string> columns)
            {
                for (var i = 0; i < columns.Length; i++)
                {
                    (i == 0 ? name : name.Append('_')).Append(columns[i]);
                }

                return name.ToString();
            }
        }

        /// <param name="onlyNamed">
        /// Builds only the tables of this name (a question's read: its principals' tables are read for their keys, which the
        /// question's foreign keys take from the entity states, and the answer is asked for this name alone).
        /// </param>
        public EquatableArray<TableDefinition> BuildTables(string? onlyNamed = null)
        {
            // A question's read builds one table: its members are found by name, with no key strings or dictionary made for it.
            var tables = new List<TableMembers>(onlyNamed is null ? order.Count : 1);
            var byKey = onlyNamed is null ? new Dictionary<string, TableMembers>(StringComparer.Ordinal) : null;
            foreach (var entityName in order)
            {
                var entity = entities[entityName];
                var table = TableOf(entity, out var schema);
                if (table is null || (onlyNamed is not null && !string.Equals(table, onlyNamed, StringComparison.Ordinal)))
                {
                    continue; // Another table of a question's read: no entry made for it.
                }

                var key = byKey is null ? null : schema + "." + table;
                var found = key is null ? Find(tables, table, schema) : byKey!.TryGetValue(key, out var known) ? known : null;
                if (found is null)
                {
                    found = new TableMembers(table, schema);
                    tables.Add(found);
                    if (key is not null)
                    {
                        byKey![key] = found;
                    }
                }

                found.Members.Add(entity);
            }

            var result = ImmutableArray.CreateBuilder<TableDefinition>(tables.Count);
            Dictionary<string, List<List<string>>>? principalKeys = null;
            foreach (var table in tables)
            {
                var (name, schema, members) = (table.Name, table.Schema, table.Members);
                var root = MainMember(members);
                var entityName = root.Name;

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

                // Sized for every column, index and foreign key the members declare: a table whose members share or split off none
                // fills them, and hands the arrays over (see ToEquatableArray) where lists grew and were copied.
                var inheritsKeyColumns = ownTableOfDerived && !tpc;
                var sizes = CapacitiesOf(members);
                var columns = ImmutableArray.CreateBuilder<ColumnDefinition>(sizes.Columns + (inheritsKeyColumns ? KeyOf(root)?.Count ?? 0 : 0));
                var indexes = ImmutableArray.CreateBuilder<IndexDefinition>(sizes.Indexes);
                var foreignKeys = ImmutableArray.CreateBuilder<ForeignKeyDefinition>(sizes.ForeignKeys);
                List<CheckConstraintDefinition>? checks = null;
                List<UniqueConstraintDefinition>? uniques = null;
                if (inheritsKeyColumns)
                {
                    AddInheritedKeyColumns(root, columns);
                }

                foreach (var member in members)
                {
                    var inOwnerTable = InOwnerTable(member);
                    var prefix = inOwnerTable ? OwnedPrefix(member) : string.Empty;

                    var optional = HasOptionalRows(member);
                    foreach (var column in member.ColumnsRead)
                    {
                        if (inOwnerTable && member.Key.Contains(column.Property) || member.HasFragments && member.IsSplitOff(column.Property))
                        {
                            continue; // An owned type's key in its owner's table is the owner's key, in the owner's columns; a split-off property is in its fragment's table.
                        }

                        var columnName = column.ColumnName ?? prefix + column.Property;
                        if (HasColumn(columns, columnName))
                        {
                            continue; // A column of two members (a hierarchy, a split table) is the first one's.
                        }

                        var nullable = !member.Key.Contains(column.Property) && (optional || IsNullable(column));

                        // A key shared by a hierarchy's tables or an entity's split tables is no autoincrement (SQLite), as a foreign
                        // key's column is not: table-per-concrete-type keys come from a sequence, and a table-per-type base's key is
                        // its derived tables' foreign key.
                        var generation = column.Generation == ValueGeneration.OnAdd && (strategy is not null || IsForeignKeyProperty(member, column.Property))
                            ? ValueGeneration.None
                            : column.Generation;
                        columns.Add(Definition(column, columnName, nullable, generation));
                    }

                    if (member.HasJsonOwned)
                    {
                        foreach (var json in member.JsonOwned)
                        {
                            // One column for the owned type and everything under it; NULL unless the navigation is required.
                            if (!HasColumn(columns, json.JsonColumn!))
                            {
                                var nullable = optional || !member.IsRequiredNavigation(json.OwnerNavigation);
                                columns.Add(new ColumnDefinition(
                                    json.JsonColumn!, json.OwnerNavigation ?? json.JsonColumn!, "string", json.JsonStoreType, nullable, null, null, null,
                                    null, null, null, false, null, ValueGeneration.None));
                            }
                        }
                    }

                    foreach (var index in member.IndexesRead)
                    {
                        if (member.HasFragments && FragmentOf(member, index.Properties) is not null)
                        {
                            continue; // An index of split-off properties is an index of their table.
                        }

                        indexes.Add(Definition(index, member, name, ColumnNames(member, index.Properties, prefix), prefix));
                    }

                    foreach (var fk in member.ForeignKeysRead)
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
                            fk.Name ?? ConventionalName("FK", name, principalTable, fkColumns),
                            fkColumns.ToEquatableArray(), fk.Principal, principalTable, principalSchema, principalColumns.ToEquatableArray(), fk.OnDelete));
                    }

                    if (member.ChecksRead.Count > 0)
                    {
                        (checks ??= new List<CheckConstraintDefinition>()).AddRange(member.ChecksRead);
                    }

                    foreach (var (properties, keyName) in member.AlternateKeysRead)
                    {
                        var uniqueColumns = ColumnNames(member, properties, prefix);
                        (uniques ??= new List<UniqueConstraintDefinition>()).Add(new UniqueConstraintDefinition(keyName ?? ConventionalName("AK", name, uniqueColumns), uniqueColumns.ToEquatableArray()));
                    }

                    // A key that a foreign key references by HasPrincipalKey is an alternate key the Designer writes nowhere else.
                    if ((principalKeys ??= PrincipalKeys()).TryGetValue(member.Name, out var referenced))
                    {
                        var primaryKey = KeyOf(member);
                        foreach (var properties in referenced)
                        {
                            if ((primaryKey is null || !properties.SequenceEqual(primaryKey)) && !DeclaresAlternateKey(member, properties))
                            {
                                var uniqueColumns = ColumnNames(member, properties, prefix);
                                (uniques ??= new List<UniqueConstraintDefinition>()).Add(new UniqueConstraintDefinition(ConventionalName("AK", name, uniqueColumns), uniqueColumns.ToEquatableArray()));
                            }
                        }
                    }
                }

                var keyColumns = root.Key.Count > 0 || root.BaseType is null ? ColumnNames(root, root.Key, string.Empty) : PrincipalColumns(root, KeyOf(root));
                result.Add(new TableDefinition(
                    name, schema, entityName, columns.ToEquatableArray(), root.PrimaryKeyName ?? (keyColumns.IsEmpty ? null : ConventionalName("PK_" + name)),
                    keyColumns.ToEquatableArray(), indexes.ToEquatableArray(), foreignKeys.ToEquatableArray(),
                    checks?.ToEquatableArray() ?? EquatableArray<CheckConstraintDefinition>.Empty, uniques?.ToEquatableArray() ?? EquatableArray<UniqueConstraintDefinition>.Empty)
                {
                    DeclaresTriggers = members.Exists(m => m.DeclaresTriggers),
                    IsPrimaryKeyClustered = root.PrimaryKeyClustered,
                });
            }

            foreach (var entityName in order)
            {
                var entity = entities[entityName];
                if (!entity.HasFragments)
                {
                    continue; // No enumerator of an empty list boxed for each entity type.
                }

                foreach (var fragment in FragmentsOf(entity))
                {
                    if (onlyNamed is null || string.Equals(fragment.Table, onlyNamed, StringComparison.Ordinal))
                    {
                        result.Add(FragmentTable(entity, fragment));
                    }
                }
            }

            return result.ToEquatableArray();
        }

        /// <summary>A table's name and schema, and the entity types mapped to it in the model's order (a class: a list of tuples is generic code no ReadyToRun image holds).</summary>
        private sealed class TableMembers
        {
            public TableMembers(string name, string? schema)
            {
                Name = name;
                Schema = schema;
            }

            public string Name { get; }

            public string? Schema { get; }

            public List<EntityState> Members { get; } = new();
        }

        private static TableMembers? Find(List<TableMembers> tables, string name, string? schema)
        {
            foreach (var table in tables)
            {
                if (string.Equals(table.Name, name, StringComparison.Ordinal) && string.Equals(table.Schema, schema, StringComparison.Ordinal))
                {
                    return table;
                }
            }

            return null;
        }

        /// <summary>How many columns (JSON columns too), indexes and foreign keys the members declare: what a table of them holds at most.</summary>
        private static (int Columns, int Indexes, int ForeignKeys) CapacitiesOf(List<EntityState> members)
        {
            int columns = 0, indexes = 0, foreignKeys = 0;
            foreach (var member in members)
            {
                columns += member.ColumnsRead.Count + (member.HasJsonOwned ? member.JsonOwned.Count : 0);
                indexes += member.IndexesRead.Count;
                foreignKeys += member.ForeignKeysRead.Count;
            }

            return (columns, indexes, foreignKeys);
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
            foreach (var fk in dependent.ForeignKeysRead)
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
            var columns = ImmutableArray.CreateBuilder<ColumnDefinition>();
            AddInheritedKeyColumns(entity, columns);
            var optional = HasOptionalRows(entity);
            foreach (var column in entity.Columns)
            {
                if (fragment.Properties.TryGetValue(column.Property, out var renamed) && !HasColumn(columns, renamed ?? column.ColumnName ?? column.Property))
                {
                    columns.Add(Definition(column, renamed ?? column.ColumnName ?? column.Property, optional || IsNullable(column), ValueGeneration.None));
                }
            }

            var indexes = new List<IndexDefinition>();
            foreach (var index in entity.Indexes)
            {
                if (FragmentOf(entity, index.Properties) == fragment)
                {
                    var indexColumns = ImmutableArray.CreateBuilder<string>(index.Properties.Count);
                    foreach (var property in index.Properties)
                    {
                        indexColumns.Add(fragment.Properties[property] ?? entity.Column(property)?.ColumnName ?? property);
                    }

                    indexes.Add(Definition(index, entity, fragment.Table, indexColumns.MoveToImmutable(), string.Empty));
                }
            }

            var keyProperties = KeyOf(entity);
            var key = PrincipalColumns(entity, keyProperties);
            string? onDelete = null;
            foreach (var fk in entity.ForeignKeysRead)
            {
                if (fk.Principal == entity.Name && fk.Properties.SequenceEqual(keyProperties ?? (IEnumerable<string>)Array.Empty<string>()))
                {
                    onDelete = fk.OnDelete; // The relationship the Designer writes from the entity onto itself.
                }
            }

            var link = new ForeignKeyDefinition(
                ConventionalName("FK", fragment.Table, mainTable, key), key.ToEquatableArray(), entity.Name, mainTable, mainSchema, key.ToEquatableArray(), onDelete);
            return new TableDefinition(
                fragment.Table, fragment.Schema, entity.Name, columns.ToEquatableArray(), key.IsEmpty ? null : ConventionalName("PK_" + fragment.Table), key.ToEquatableArray(),
                indexes.ToEquatableArray(), EquatableArray.Of(link), EquatableArray<CheckConstraintDefinition>.Empty, EquatableArray<UniqueConstraintDefinition>.Empty);
        }

        /// <summary>The fragment that holds every one of <paramref name="properties"/> (an index of them is that table's), or null.</summary>
        private static TableFragment? FragmentOf(EntityState entity, List<string> properties)
        {
            foreach (var fragment in entity.Fragments)
            {
                if (properties.Count > 0 && properties.TrueForAll(fragment.Properties.ContainsKey))
                {
                    return fragment;
                }
            }

            return null;
        }

        // Loops, not lambdas: a lambda over the foreign key made its closure for every foreign key of every member, whether
        // it named a principal key or not (the closure's scope was the loop's body), and one over the key for every key.
        private static bool ContainsKey(List<List<string>> keys, List<string> key)
        {
            foreach (var known in keys)
            {
                if (known.SequenceEqual(key))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool DeclaresAlternateKey(EntityState member, List<string> properties)
        {
            foreach (var (keyProperties, _) in member.AlternateKeysRead)
            {
                if (keyProperties.SequenceEqual(properties))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The keys other than the primary key that foreign keys reference (<c>HasPrincipalKey</c>), by principal, each once.</summary>
        /// <remarks>None, shared, when no relationship names one (most Designers): a dictionary for every table a question built.</remarks>
        private Dictionary<string, List<List<string>>> PrincipalKeys()
        {
            Dictionary<string, List<List<string>>>? keys = null;
            foreach (var entity in entities.Values)
            {
                foreach (var fk in entity.ForeignKeysRead)
                {
                    if (fk.PrincipalKey.Count == 0)
                    {
                        continue;
                    }

                    keys ??= new Dictionary<string, List<List<string>>>(StringComparer.Ordinal);
                    if (!keys.TryGetValue(fk.Principal, out var list))
                    {
                        keys[fk.Principal] = list = new List<List<string>>();
                    }

                    if (!ContainsKey(list, fk.PrincipalKey))
                    {
                        list.Add(fk.PrincipalKey);
                    }
                }
            }

            return keys ?? NoPrincipalKeys;
        }

        // Read only (TryGetValue): what a state whose relationships name no principal key reads, shared.
        private static readonly Dictionary<string, List<List<string>>> NoPrincipalKeys = new(StringComparer.Ordinal);

        private static bool IsForeignKeyProperty(EntityState entity, string property)
        {
            foreach (var fk in entity.ForeignKeysRead)
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
            var bases = new List<EntityState>();
            var isSelf = true;
            foreach (var type in SelfAndBases(entity))
            {
                if (!isSelf)
                {
                    bases.Add(type);
                }

                isSelf = false;
            }

            bases.Reverse();
            return bases;
        }

        /// <summary>
        /// The key columns of a table-per-type derived table: the base's key properties' columns, as the base declares
        /// them but generated by nothing (the base's table makes the values; this one's rows take them).
        /// </summary>
        private void AddInheritedKeyColumns(EntityState derived, ImmutableArray<ColumnDefinition>.Builder columns)
        {
            foreach (var property in KeyOf(derived) ?? new List<string>())
            {
                if (ColumnInHierarchy(derived, property) is { } column && !HasColumn(columns, column.ColumnName ?? property))
                {
                    columns.Add(new ColumnDefinition(
                        column.ColumnName ?? property, property, column.ClrType, column.StoreType, false, column.MaxLength, column.Precision, column.Scale,
                        null, null, null, column.FixedLength, column.Unicode, ValueGeneration.None));
                }
            }
        }

        /// <summary>
        /// Whether a table's columns so far have one named <paramref name="name"/>: a column of two members (a hierarchy, a split
        /// table) is the first one's. A scan, not a set of the names beside the list: a table has tens of columns at most, and
        /// the set and its arrays were most of what building a question's table allocated besides the table itself.
        /// </summary>
        private static bool HasColumn(ImmutableArray<ColumnDefinition>.Builder columns, string name)
        {
            for (var i = 0; i < columns.Count; i++)
            {
                if (string.Equals(columns[i].Name, name, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
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

        /// <summary>The entity's table and its schema, the model's default schema when the Designer names none.</summary>
        private string? TableOf(EntityState entity, out string? schema)
        {
            var table = DeclaredTableOf(entity, out schema);
            schema ??= DefaultSchema;
            return table;
        }

        private string? DeclaredTableOf(EntityState entity, out string? schema)
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
                ? DeclaredTableOf(parent, out schema)
                : null;
        }

        /// <summary>
        /// The entity and the types it derives from, nearest first. A derived type's key (and its columns) is its base's,
        /// so a foreign key onto a derived type references the key and the columns some base declares. Bounded, so a
        /// cycle of base types in a broken Designer ends.
        /// </summary>
        private HierarchyWalk SelfAndBases(EntityState entity) => new(entities, entity);

        /// <summary>
        /// The walk of <see cref="SelfAndBases"/>: its own enumerator, which <c>foreach</c> takes without allocating (an iterator
        /// was an object per walk, and every key column and foreign key of a table read walks one). Not generic, so the
        /// ReadyToRun image holds its code.
        /// </summary>
        private struct HierarchyWalk
        {
            private readonly Dictionary<string, EntityState> entities;
            private EntityState? next;
            private int depth;

            public HierarchyWalk(Dictionary<string, EntityState> entities, EntityState entity)
            {
                this.entities = entities;
                next = entity;
                depth = 0;
                Current = null!;
            }

            public EntityState Current { get; private set; }

            public readonly HierarchyWalk GetEnumerator() => this;

            public bool MoveNext()
            {
                if (next is null || depth > entities.Count)
                {
                    return false;
                }

                Current = next;
                depth++;
                next = Current.BaseType is { } baseName && entities.TryGetValue(baseName, out var found) ? found : null;
                return true;
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
        private string ColumnNameInHierarchy(EntityState entity, string property) => ColumnInHierarchy(entity, property)?.ColumnName ?? property;

        /// <summary>The column of <paramref name="property"/>, which the entity or a type it derives from declares.</summary>
        private ColumnState? ColumnInHierarchy(EntityState entity, string property)
        {
            foreach (var type in SelfAndBases(entity))
            {
                if (type.Column(property) is { } column)
                {
                    return column;
                }
            }

            return null;
        }

        /// <summary>Whether a column is NULL by its own declaration: an optional complex property's, or a property not required whose type takes null.</summary>
        private static bool IsNullable(ColumnState column) =>
            column.Optional || !column.Required && (column.ClrType.EndsWith("?", StringComparison.Ordinal) || !ValueTypes.Contains(column.ClrType));

        private static ColumnDefinition Definition(ColumnState column, string name, bool nullable, ValueGeneration generation) =>
            new(name, column.Property, column.ClrType, column.StoreType, nullable, column.MaxLength, column.Precision, column.Scale,
                column.DefaultValueSql, column.DefaultValue, column.ComputedSql, column.FixedLength, column.Unicode, generation)
            {
                IsStored = column.ComputedStored,
                IdentitySeedIncrement = generation == ValueGeneration.SqlServerIdentity ? column.IdentitySeedIncrement : null,
            };

        /// <summary>An index of <paramref name="table"/> on <paramref name="columns"/>, under EF's conventional name unless the model names it.</summary>
        private IndexDefinition Definition(IndexState index, EntityState entity, string table, ImmutableArray<string> columns, string prefix) =>
            new(index.Name ?? ConventionalName("IX", table, columns), columns.ToEquatableArray(), index.Unique, index.Filter)
            {
                Descending = index.Descending,
                Options = IndexOptions(entity, index, prefix),
                UnknownOption = index.UnknownOption,
            };

        /// <summary>The columns a foreign key references: the principal's columns of its key's properties (by the property name without a principal).</summary>
        private ImmutableArray<string> PrincipalColumns(EntityState? principal, List<string>? properties)
        {
            if (properties is null || properties.Count == 0)
            {
                return ImmutableArray<string>.Empty;
            }

            if (properties.Count == 1)
            {
                return ImmutableArray.Create(PrincipalColumn(principal, properties[0]));
            }

            var columns = ImmutableArray.CreateBuilder<string>(properties.Count);
            foreach (var property in properties)
            {
                columns.Add(PrincipalColumn(principal, property));
            }

            return columns.MoveToImmutable();
        }

        private string PrincipalColumn(EntityState? principal, string property) => principal is null ? property : ColumnNameInHierarchy(principal, property);

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

            if (properties.Count == 1)
            {
                return ImmutableArray.Create(ColumnName(entity, properties[0], prefix)); // Most keys and indexes: the array alone, no builder.
            }

            var columns = ImmutableArray.CreateBuilder<string>(properties.Count);
            foreach (var property in properties)
            {
                columns.Add(ColumnName(entity, property, prefix));
            }

            return columns.MoveToImmutable();
        }

        private static string ColumnName(EntityState entity, string property, string prefix) => entity.Column(property)?.ColumnName ?? prefix + property;
    }
}
