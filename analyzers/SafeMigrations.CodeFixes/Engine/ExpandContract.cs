using System.Threading;
using SafeMigrations.Analyzers.Context;
using SafeMigrations.Analyzers.Model;

namespace SafeMigrations.CodeFixes.Engine;

/// <summary>What the expand/contract fixes read from the model before the migration.</summary>
internal static class ExpandContract
{
    /// <summary>The column as the previous migration's Designer defines it, or null when it cannot be read.</summary>
    public static (TableDefinition Table, ColumnDefinition Column)? PreviousColumn(FixTarget target, string table, string? schema, string column)
    {
        var model = new MigrationIndex(target.Compilation, target.Symbols).PreviousTargetModel(target.Migration.Id, target.Migration.DbContextType, CancellationToken.None);
        return model?.Table(table, schema) is { } definition && definition.Column(column) is { } found ? (definition, found) : null;
    }
}
