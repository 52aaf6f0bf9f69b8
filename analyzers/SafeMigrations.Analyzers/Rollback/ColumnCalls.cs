using SafeMigrations.Analyzers.Model;

namespace SafeMigrations.Analyzers.Rollback;

/// <summary>
/// <c>AddColumn</c>/<c>AlterColumn</c> calls written from a column of the model, for the code fixes (they live
/// here, beside the rollback generator's writer, so there is one writer of operation calls).
/// </summary>
internal static class ColumnCalls
{
    /// <summary>An <c>AlterColumn</c> that changes only the column's nullability, with every facet as it is.</summary>
    public static string AlterNullability(TableDefinition table, ColumnDefinition column, bool nullable)
    {
        var call = new CallWriter("AlterColumn", RollbackPlanner.ClrTypeArgument(column)).Literal("name", column.Name).Literal("table", table.Name).Literal("schema", table.Schema);
        RollbackPlanner.ColumnFacets(call, column with { IsNullable = nullable }, placeholderDefault: false);
        call.Arg("oldClrType", "typeof(" + RollbackPlanner.ClrTypeArgument(column) + ")");
        var old = new CallWriter("Old");
        RollbackPlanner.ColumnFacets(old, column, placeholderDefault: false);
        for (var i = 0; i < old.ArgumentCount; i++)
        {
            call.Arg(RollbackPlanner.OldArgument(old.NameAt(i)), old.CodeAt(i));
        }

        return call.Write() + ";";
    }

    /// <summary>An <c>AddColumn</c> of the column as the model has it, nullable when asked, without a placeholder default.</summary>
    public static string Add(TableDefinition table, ColumnDefinition column, string? name = null, bool? nullable = null)
    {
        var call = new CallWriter("AddColumn", RollbackPlanner.ClrTypeArgument(column)).Literal("name", name ?? column.Name).Literal("table", table.Name).Literal("schema", table.Schema);
        RollbackPlanner.ColumnFacets(call, nullable is { } value ? column with { IsNullable = value } : column, placeholderDefault: false);
        return call.Write() + ";";
    }
}
