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

        var oldText = oldType?.Text ?? oldClr ?? "?";
        var newText = newType?.Text ?? newClr ?? "?";
        if (ComputedChange(operation, provider) is { } computed && change.Kind != TypeChangeKind.Narrowing)
        {
            change = change with { Kind = TypeChangeKind.Rewrite, Note = computed };
            oldText += Computed(operation.StringArgument("oldComputedColumnSql"), operation.BooleanArgument("oldStored"));
            newText += Computed(operation.StringArgument("computedColumnSql"), operation.BooleanArgument("stored"));
        }

        return new ColumnTypeChange(column, table, provider, change, oldText, newText, oldClr, newClr);

        long? Int(string name) => operation.Argument(name)?.AsInt64();

        ColumnDefinition? Previous() => context.PreviousTable(table, operation.Schema)?.Column(column);
    }

    /// <summary>
    /// PostgreSQL and SQL Server: what a change of the column's computation does, or null when it has none to speak of. EF's
    /// generators drop the column and add it again whenever its expression or its stored flag changes: a computed column
    /// made plain comes back empty (<see cref="ComputedDropped"/>), a plain one made computed loses its values and takes no
    /// more writes (<see cref="ComputedAdded"/>), and a stored one is computed again for every row (<see cref="ComputedStored"/>).
    /// A virtual column to a virtual column changes metadata only.
    /// </summary>
    private static string? ComputedChange(MigrationOperation operation, DatabaseProvider provider)
    {
        if (provider is not (DatabaseProvider.PostgreSql or DatabaseProvider.SqlServer))
        {
            return null;
        }

        var (sql, oldSql) = (operation.Argument("computedColumnSql"), operation.Argument("oldComputedColumnSql"));
        var (stored, oldStored) = (operation.BooleanArgument("stored") == true, operation.BooleanArgument("oldStored") == true);
        if (string.Equals(sql?.SourceText, oldSql?.SourceText, StringComparison.Ordinal) && stored == oldStored)
        {
            return null;
        }

        return (sql is not null, oldSql is not null) switch
        {
            (false, true) => ComputedDropped,
            (true, false) => ComputedAdded,
            (true, true) when stored || oldStored => ComputedStored,
            _ => null,
        };
    }

    public const string ComputedDropped = "computed-dropped";
    public const string ComputedAdded = "computed-added";
    public const string ComputedStored = "computed-stored";

    private static string Computed(string? sql, bool? stored) =>
        sql is null ? " (not computed)" : $" computed as {sql}{(stored == true ? ", stored" : string.Empty)}";

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

        // An index that only includes the column (IncludeProperties, read as the columns it names) is dropped and re-created
        // by EF as well.
        foreach (var index in table.Indexes)
        {
            if (index.Columns.Contains(column) || index.Options.Any(o => o.Name == "SqlServer:Include" && o.Code.Contains(Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(column, quote: true))))
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
