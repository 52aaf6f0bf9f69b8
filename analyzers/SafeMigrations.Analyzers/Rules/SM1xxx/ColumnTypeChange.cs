using System;
using System.Linq;
using SafeMigrations.Analyzers.Context;
using SafeMigrations.Analyzers.Model;

namespace SafeMigrations.Analyzers.Rules;

/// <summary>
/// The type change of one AlterColumn on an existing table, read for SM1005 and SM1006: the old and new store
/// types (from <c>oldType:</c>/<c>type:</c>, else the previous migration's model, else the CLR type's default
/// mapping) and the classifier's verdict.
/// </summary>
internal sealed record ColumnTypeChange(
    string Column,
    string Table,
    DatabaseProvider Provider,
    TypeChange Change,
    string OldTypeText,
    string NewTypeText,
    string? OldClr,
    string? NewClr)
{
    /// <summary>The type change of <paramref name="operation"/>, or null when it is not an AlterColumn of an existing column.</summary>
    public static ColumnTypeChange? Read(MigrationContext context, MigrationOperation operation)
    {
        if (operation.Kind != OperationType.AlterColumn
            || operation is not { Name: { } column, Table: { } table }
            || context.IsNewColumn(operation, column))
        {
            return null;
        }

        var provider = context.ProviderFor(operation);
        // The previous model only when the operation does not say the old type itself (EF scaffolds oldClrType and
        // oldType, so a scaffolded AlterColumn needs no Designer read).
        var newClr = ClrType.Normalize(operation.TypeArguments.Count == 1 ? operation.TypeArguments[0] : null);
        var oldClr = ClrType.Normalize(operation.Argument("oldClrType") is { Kind: ValueKind.Type } old ? old.Constant : Previous()?.ClrType);

        var newType = StoreType.Parse(operation.StringArgument("type"), provider)
            ?? ClrType.DefaultStoreType(provider, newClr, Int("maxLength"), Int("precision"), Int("scale"));
        var oldType = StoreType.Parse(operation.StringArgument("oldType") ?? Previous()?.StoreType, provider)
            ?? ClrType.DefaultStoreType(provider, oldClr, Int("oldMaxLength"), Int("oldPrecision"), Int("oldScale"));

        var change = TypeChangeClassifier.Classify(
            provider,
            oldType,
            newType,
            oldClr,
            newClr,
            inIndex: provider == DatabaseProvider.SqlServer && IsIndexed(context, operation, column),
            bytesPerChar: BytesPerChar(operation.Annotation("MySql:CharSet")?.AsString()));

        return new ColumnTypeChange(column, table, provider, change, oldType?.Text ?? oldClr ?? "?", newType?.Text ?? newClr ?? "?", oldClr, newClr);

        long? Int(string name) => operation.Argument(name)?.AsInt64();

        ColumnDefinition? Previous() => context.PreviousTable(table, operation.Schema)?.Column(column);
    }

    /// <summary>True when the CLR type the app maps the column to changes too.</summary>
    public bool ClrChanged => OldClr is not null && NewClr is not null && !string.Equals(OldClr, NewClr, StringComparison.Ordinal);

    /// <summary>SQL Server: whether the previous model has an index or key on the column, which EF drops and re-creates.</summary>
    private static bool IsIndexed(MigrationContext context, MigrationOperation operation, string column)
    {
        var table = context.PreviousTable(operation.Table!, operation.Schema);
        if (table is null)
        {
            return false;
        }

        foreach (var index in table.Indexes)
        {
            if (index.Columns.Contains(column))
            {
                return true;
            }
        }

        foreach (var unique in table.UniqueConstraints)
        {
            if (unique.Columns.Contains(column))
            {
                return true;
            }
        }

        return table.PrimaryKey.Contains(column);
    }

    /// <summary>MySQL: the bytes per character of the column's character set (Pomelo's default, utf8mb4, takes 4).</summary>
    private static int BytesPerChar(string? charSet) => charSet?.ToLowerInvariant() switch
    {
        "latin1" or "ascii" or "binary" => 1,
        "ucs2" => 2,
        "utf8" or "utf8mb3" => 3,
        _ => 4,
    };
}
