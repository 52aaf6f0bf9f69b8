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
    ValueGeneration ValueGeneration);

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

internal sealed record IndexDefinition(string Name, EquatableArray<string> Columns, bool IsUnique, string? Filter);

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
}

/// <summary>The model a migration leaves behind, read from its Designer's <c>BuildTargetModel</c>.</summary>
internal sealed record TargetModel(string? MigrationId, EquatableArray<TableDefinition> Tables, DatabaseProvider ProviderHint)
{
    /// <summary>
    /// Whether two schemas can name the same table: they are equal, or one side names none (the default schema, which a
    /// Designer or an operation may leave out while the other writes it).
    /// </summary>
    public static bool SchemasAgree(string? left, string? right) =>
        left is null || right is null || string.Equals(left, right, StringComparison.Ordinal);

    public TableDefinition? Table(string name, string? schema = null)
    {
        foreach (var table in Tables)
        {
            if (string.Equals(table.Name, name, StringComparison.Ordinal) && SchemasAgree(table.Schema, schema))
            {
                return table;
            }
        }

        return null;
    }

    /// <summary>The tables named <paramref name="name"/>, in every schema, in the model's order.</summary>
    public IReadOnlyList<TableDefinition> TablesNamed(string name) =>
        Tables.Where(t => string.Equals(t.Name, name, StringComparison.Ordinal)).ToList();
}
