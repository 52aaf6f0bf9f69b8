using System.Collections.Generic;
using SafeMigrations.Analyzers.Infrastructure;
using SafeMigrations.Analyzers.Model;

namespace SafeMigrations.Analyzers.Reading;

// What the reader gathers of each entity type, column, index and foreign key before it builds the tables.
internal static partial class TargetModelReader
{
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

        /// <summary>SQL Server: <c>SqlServerKeyBuilderExtensions.IsClustered(b.HasKey(...), false)</c>; null when not written.</summary>
        public bool? PrimaryKeyClustered { get; set; }

        /// <summary>Whether its table declares a trigger (<c>ToTable("T", t => t.HasTrigger("name"))</c>).</summary>
        public bool DeclaresTriggers { get; set; }

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

        // For reading only: the list, or a shared empty one when none was made. The getters above make the list for the writers,
        // and a question's tables and principals were an empty list each for every one a reader looked at.
        public List<ColumnState> ColumnsRead => columns ?? NoColumns;
        public List<IndexState> IndexesRead => indexes ?? NoIndexes;
        public List<ForeignKeyState> ForeignKeysRead => foreignKeys ?? NoForeignKeys;
        public List<CheckConstraintDefinition> ChecksRead => checks ?? NoChecks;
        public List<(List<string> Properties, string? Name)> AlternateKeysRead => alternateKeys ?? NoAlternateKeys;
        public List<string> PrincipalsRead => principals ?? NoPrincipals;

        private static readonly List<ColumnState> NoColumns = new();
        private static readonly List<IndexState> NoIndexes = new();
        private static readonly List<ForeignKeyState> NoForeignKeys = new();
        private static readonly List<CheckConstraintDefinition> NoChecks = new();
        private static readonly List<(List<string> Properties, string? Name)> NoAlternateKeys = new();
        private static readonly List<string> NoPrincipals = new();
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

        /// <summary>SQL Server: <c>UseIdentityColumn(..., seed, increment)</c> as the annotation writes it ("1000, 5"); null for 1, 1.</summary>
        public string? IdentitySeedIncrement;
    }

    internal sealed class IndexState
    {
        // Given at creation: an initializer's list was a second list for every index a question read.
        public IndexState(List<string> properties) => Properties = properties;

        public List<string> Properties;
        public string? Name;
        public bool Unique;
        public string? Filter;
        public EquatableArray<bool>? Descending;
        public List<(string Name, string Code, List<string>? Properties)>? Options;
        public string? UnknownOption;
    }

    internal sealed class ForeignKeyState
    {
        // Shared while empty (HasPrincipalKey replaces it, nothing adds to it): initializers' lists were two more lists for
        // every relationship a question read.
        private static readonly List<string> NoPrincipalKey = new();

        public ForeignKeyState(string principal, List<string> properties)
        {
            Principal = principal;
            Properties = properties;
        }

        public string Principal;
        public List<string> Properties;
        public List<string> PrincipalKey = NoPrincipalKey;
        public string? Name;
        public string? OnDelete;

        /// <summary>A one-to-one relationship (<c>WithOne</c>), and the principal's navigation to the dependent it names.</summary>
        public bool IsOneToOne;
        public string? PrincipalNavigation;
    }
}
