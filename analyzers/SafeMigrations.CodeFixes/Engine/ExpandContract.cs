using System.Threading;
using SafeMigrations.Analyzers.Context;
using SafeMigrations.Analyzers.Model;

namespace SafeMigrations.CodeFixes.Engine;

/// <summary>What the fixes read from the model before the migration, and how they name things in the SQL they write.</summary>
internal static class ExpandContract
{
    /// <summary>The model the previous migration's Designer builds, or null when there is none.</summary>
    public static TargetModel? PreviousModel(FixTarget target) =>
        new MigrationIndex(target.Compilation, target.Symbols).PreviousTargetModel(target.Migration.Id, target.Migration.DbContextType, CancellationToken.None);

    /// <summary>The column as the previous migration's Designer defines it, or null when it cannot be read.</summary>
    public static (TableDefinition Table, ColumnDefinition Column)? PreviousColumn(FixTarget target, string table, string? schema, string column) =>
        PreviousModel(target)?.Table(table, schema) is { } definition && definition.Column(column) is { } found ? (definition, found) : null;

    /// <summary>An identifier quoted the provider's way, for the SQL fragments the fixes write (setSql, whereSql, renames).</summary>
    public static string Quote(string identifier, DatabaseProvider provider) =>
        provider == DatabaseProvider.SqlServer ? "[" + identifier.Replace("]", "]]") + "]" : "\"" + identifier.Replace("\"", "\"\"") + "\"";
}
