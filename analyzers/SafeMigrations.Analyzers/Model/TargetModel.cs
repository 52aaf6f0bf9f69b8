using System;
using System.Collections.Generic;
using System.Linq;
using SafeMigrations.Analyzers.Infrastructure;

namespace SafeMigrations.Analyzers.Model;

/// <summary>A column as the Designer's <c>BuildTargetModel</c> describes it.</summary>
internal sealed record ColumnDefinition(
    string Name,
    string PropertyName,
    string ClrType,
    string? StoreType,
    bool IsNullable,
    int? MaxLength,
    int? Precision,
    int? Scale,
    string? DefaultValueSql,
    string? DefaultValue,
    string? ComputedColumnSql,
    bool IsFixedLength,
    bool? IsUnicode,
    ValueGeneration ValueGeneration)
{
    /// <summary>A computed column's <c>stored</c> (PostgreSQL before 18 has only stored ones); null when the Designer writes none.</summary>
    public bool? IsStored { get; init; }

    /// <summary>SQL Server: an identity's seed and increment as EF's annotation writes them ("1000, 5"); null for 1, 1.</summary>
    public string? IdentitySeedIncrement { get; init; }
}

/// <summary>How the database generates a column's value, from the Designer's provider calls.</summary>
internal enum ValueGeneration
{
    None = 0,

    /// <summary><c>ValueGeneratedOnAdd()</c> with no provider call: SQLite's autoincrement for an integer key.</summary>
    OnAdd,
    NpgsqlIdentityByDefault,
    NpgsqlIdentityAlways,
    NpgsqlSerial,
    SqlServerIdentity,
}

internal sealed record IndexDefinition(string Name, EquatableArray<string> Columns, bool IsUnique, string? Filter)
{
    /// <summary>
    /// The sort order of <c>IsDescending(false, true)</c>, one per column (<c>true</c> descending); empty for every column
    /// descending (<c>IsDescending()</c>); null when the Designer writes none (all ascending).
    /// </summary>
    public EquatableArray<bool>? Descending { get; init; }

    /// <summary>
    /// The provider's options, as the annotations EF's CreateIndex writes (<c>Npgsql:IndexMethod</c> <c>"gin"</c>), each
    /// value as code; a list of columns (<c>IncludeProperties</c>) names the columns.
    /// </summary>
    public EquatableArray<IndexAnnotation> Options { get; init; } = EquatableArray<IndexAnnotation>.Empty;

    /// <summary>An option of the Designer the reader does not know: re-created without it, the index would differ.</summary>
    public string? UnknownOption { get; init; }
}

/// <summary>An index annotation: its name and value as code (<c>new[] { "Slug" }</c>).</summary>
internal sealed record IndexAnnotation(string Name, string Code);

internal sealed record ForeignKeyDefinition(
    string Name,
    EquatableArray<string> Columns,
    string PrincipalEntity,
    string? PrincipalTable,
    string? PrincipalSchema,
    EquatableArray<string> PrincipalColumns,
    string? OnDelete);

internal sealed record CheckConstraintDefinition(string Name, string Sql);

/// <summary>A unique constraint: an alternate key (<c>HasAlternateKey</c>) in the model.</summary>
internal sealed record UniqueConstraintDefinition(string Name, EquatableArray<string> Columns);

/// <summary>A table of the model, with the parts the rules and the rollback generator need.</summary>
internal sealed record TableDefinition(
    string Name,
    string? Schema,
    string EntityType,
    EquatableArray<ColumnDefinition> Columns,
    string? PrimaryKeyName,
    EquatableArray<string> PrimaryKey,
    EquatableArray<IndexDefinition> Indexes,
    EquatableArray<ForeignKeyDefinition> ForeignKeys,
    EquatableArray<CheckConstraintDefinition> CheckConstraints,
    EquatableArray<UniqueConstraintDefinition> UniqueConstraints)
{
    /// <summary>
    /// Whether the model declares a trigger on the table (<c>HasTrigger</c>): EF Core 7+ then saves to it on SQL Server
    /// without the <c>OUTPUT</c> clause that SQL Server refuses on a table with triggers. (<c>UseSqlOutputClause(false)</c>
    /// does the same, but EF writes it into no Designer, so a model that uses it alone looks like one without.)
    /// </summary>
    public bool DeclaresTriggers { get; init; }

    /// <summary>SQL Server: the primary key's <c>IsClustered(...)</c> as the Designer writes it; null when it writes none (clustered).</summary>
    public bool? IsPrimaryKeyClustered { get; init; }

    public ColumnDefinition? Column(string name)
    {
        foreach (var column in Columns)
        {
            if (string.Equals(column.Name, name, StringComparison.Ordinal))
            {
                return column;
            }
        }

        return null;
    }

    // The lookups by name are a loop with a static selector, as Column is a loop: the rules and the rollback planner ask them
    // for each index, key and constraint Up drops, and a lambda over the name made a closure and a delegate each time (LINQ a
    // boxed enumerator too).

    /// <summary>Whether one of the table's indexes is named <paramref name="name"/>.</summary>
    public bool HasIndexNamed(string name) => Named(Indexes, static i => i.Name, name) is not null;

    public ForeignKeyDefinition? ForeignKey(string? name) => Named(ForeignKeys, static f => f.Name, name);

    public UniqueConstraintDefinition? UniqueConstraint(string? name) => Named(UniqueConstraints, static u => u.Name, name);

    public CheckConstraintDefinition? CheckConstraint(string? name) => Named(CheckConstraints, static c => c.Name, name);

    private static T? Named<T>(EquatableArray<T> items, Func<T, string> nameOf, string? name)
        where T : class
    {
        foreach (var item in items)
        {
            if (string.Equals(nameOf(item), name, StringComparison.Ordinal))
            {
                return item;
            }
        }

        return null;
    }
}

/// <summary>
/// A sequence of the model (<c>modelBuilder.HasSequence&lt;int&gt;("Name", "schema").StartsAt(100L)...</c>): its CLR type
/// (null for EF's default, long), and each option as the Designer writes it (null when it writes none).
/// </summary>
internal sealed record SequenceDefinition(
    string Name,
    string? Schema,
    string? ClrType,
    string? StartValue,
    string? IncrementBy,
    string? MinValue,
    string? MaxValue,
    bool Cyclic);

/// <summary>The model a migration leaves behind, read from its Designer's <c>BuildTargetModel</c>.</summary>
internal sealed record TargetModel(string? MigrationId, EquatableArray<TableDefinition> Tables, DatabaseProvider ProviderHint)
{
    /// <summary>The model's sequences (only a whole model's read has them).</summary>
    public EquatableArray<SequenceDefinition> Sequences { get; init; } = EquatableArray<SequenceDefinition>.Empty;

    public SequenceDefinition? Sequence(string name, string? schema) =>
        InSchema(Sequences.Where(s => string.Equals(s.Name, name, StringComparison.Ordinal)), s => s.Schema, schema);

    /// <summary>
    /// Whether two schemas can name the same table: they are equal, or one side names none (the default schema, which a
    /// Designer or an operation may leave out while the other writes it).
    /// </summary>
    public static bool SchemasAgree(string? left, string? right) =>
        left is null || right is null || string.Equals(left, right, StringComparison.Ordinal);

    /// <summary>
    /// The first of <paramref name="candidates"/> in <paramref name="schema"/> itself, or else the first whose schema agrees
    /// (<see cref="SchemasAgree"/>): a table of the default schema must not answer for a table of the same name in a schema
    /// the operation names, nor the other way round, whichever comes first in the Designer.
    /// </summary>
    /// <remarks>The first that <see cref="PreferringSchema"/> gives, found in one pass with no iterator or closure: the rules
    /// ask it for most drops of every migration.</remarks>
    public static T? InSchema<T>(IEnumerable<T> candidates, Func<T, string?> schemaOf, string? schema)
        where T : class
    {
        T? agreeing = null;
        foreach (var candidate in candidates)
        {
            var candidateSchema = schemaOf(candidate);
            if (string.Equals(candidateSchema, schema, StringComparison.Ordinal))
            {
                return candidate;
            }

            if (agreeing is null && SchemasAgree(candidateSchema, schema))
            {
                agreeing = candidate;
            }
        }

        return agreeing;
    }

    /// <summary>
    /// <paramref name="candidates"/> that can be in <paramref name="schema"/>, in the order the schema prefers them: those in
    /// the schema itself, then those whose schema agrees with it (<see cref="SchemasAgree"/>), each in their order.
    /// </summary>
    /// <remarks>Two loops into a list: the rollback's planner asks it for every index Up drops, and two filters over a lambda
    /// that captured the schema made a closure, a delegate and three iterators each time.</remarks>
    public static List<T> PreferringSchema<T>(IReadOnlyList<T> candidates, Func<T, string?> schemaOf, string? schema)
    {
        var preferred = new List<T>(candidates.Count);
        for (var i = 0; i < candidates.Count; i++)
        {
            if (string.Equals(schemaOf(candidates[i]), schema, StringComparison.Ordinal))
            {
                preferred.Add(candidates[i]);
            }
        }

        for (var i = 0; i < candidates.Count; i++)
        {
            var candidateSchema = schemaOf(candidates[i]);
            if (!string.Equals(candidateSchema, schema, StringComparison.Ordinal) && SchemasAgree(candidateSchema, schema))
            {
                preferred.Add(candidates[i]);
            }
        }

        return preferred;
    }

    // The lookups below are loops: the rules ask them for most drops of every migration, and LINQ with a lambda over the
    // name made a closure, a delegate and iterators each time.

    public TableDefinition? Table(string name, string? schema = null) => InSchema(TablesNamed(name), static t => t.Schema, schema);

    /// <summary>The tables named <paramref name="name"/>, in every schema, in the model's order.</summary>
    public IReadOnlyList<TableDefinition> TablesNamed(string name) => TablesNamed(name, anySchema: true, schema: null);

    /// <summary>The tables of that name in exactly that schema (null: written without one), in order.</summary>
    public IReadOnlyList<TableDefinition> TablesNamed(string name, string? schema) => TablesNamed(name, anySchema: false, schema);

    private List<TableDefinition> TablesNamed(string name, bool anySchema, string? schema)
    {
        var named = new List<TableDefinition>(1);
        foreach (var table in Tables)
        {
            if (string.Equals(table.Name, name, StringComparison.Ordinal) && (anySchema || string.Equals(table.Schema, schema, StringComparison.Ordinal)))
            {
                named.Add(table);
            }
        }

        return named;
    }

    /// <summary>The first table, in the model's order, with an index named <paramref name="index"/> (raw SQL's <c>DROP INDEX</c> names no table).</summary>
    public TableDefinition? TableOfIndex(string index)
    {
        foreach (var table in Tables)
        {
            if (table.HasIndexNamed(index))
            {
                return table;
            }
        }

        return null;
    }
}
