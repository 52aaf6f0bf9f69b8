using Microsoft.CodeAnalysis;
using SafeMigrations.Analyzers.Context;
using SafeMigrations.Analyzers.Model;

namespace SafeMigrations.Analyzers.Rules;

/// <summary>
/// SM1005: AlterColumn that changes the type of an existing column in a way that is not on the provider's list
/// of safe widenings, so the table is rewritten or copied under a lock (or, on SQLite, its values change affinity),
/// and the old app version may still read and write the column with its old CLR type. Narrowings are SM1006.
/// </summary>
internal sealed class ChangeColumnTypeRule : MigrationRule
{
    public override DiagnosticDescriptor Descriptor => Descriptors.SM1005_ChangeColumnType;

    public override void Analyze(MigrationContext context)
    {
        foreach (var operation in context.UpOperations)
        {
            if (ColumnTypeChange.Read(context, operation) is { Change.Kind: TypeChangeKind.Rewrite } change)
            {
                Check(context, operation, change);
            }
        }
    }

    private void Check(MigrationContext context, MigrationOperation operation, ColumnTypeChange change)
    {
        var compatibility = change.ClrChanged
            ? $"The running app version still reads and writes '{change.Column}' as {change.OldClr}, not {change.NewClr}, from the moment the migration applies."
            : null;

        // small_tables silences the lock and rewrite concern; a changed CLR type still breaks the old app version.
        // SQLite has no lock concern here: its finding is about the values, so small_tables does not apply.
        // A computed column made plain or the other way loses values whatever the table's size.
        var losesValues = change.Change.Note is ColumnTypeChange.ComputedDropped or ColumnTypeChange.ComputedAdded;
        var rewrite = change.Provider != DatabaseProvider.Sqlite && !losesValues && context.IsSmallTable(operation) ? null : Consequence(change, operation.Annotation(CreateIndexRule.OnlineAnnotation)?.AsBoolean() == true);
        if (rewrite is null && compatibility is null)
        {
            return;
        }

        var message = rewrite is null
            ? "changes the CLR type the app maps it to. " + compatibility
            : compatibility is null ? rewrite : rewrite + " " + compatibility;
        context.Report(Descriptor, operation.Span, change.Column, change.Table, change.OldTypeText, change.NewTypeText, message);
    }

    /// <summary>What the provider does to the table; null when that is unknown. <paramref name="online"/>: raw T-SQL's ALTER COLUMN ... WITH (ONLINE = ON).</summary>
    private static string? Consequence(ColumnTypeChange change, bool online)
    {
        var table = change.Table;
        var holds = change.Provider == DatabaseProvider.PostgreSql ? "an ACCESS EXCLUSIVE lock" : "a schema-modification lock";
        switch (change.Change.Note)
        {
            case ColumnTypeChange.ComputedDropped:
                return $"stops computing it: EF drops the column and adds it again as a plain column, so every value it held is lost (the new column starts NULL or at its default, and a NOT NULL one without a default fails on a table with rows).";
            case ColumnTypeChange.ComputedAdded:
                return $"makes it computed: EF drops the column with every value written to it and adds it again computed{(change.Provider == DatabaseProvider.PostgreSql ? ", which PostgreSQL computes for every row of '" + table + "' under an ACCESS EXCLUSIVE lock" : string.Empty)}; the running app's writes to it fail from then on.";
            case ColumnTypeChange.ComputedStored:
                return $"changes how a stored computed column is computed: EF drops the column and adds it again, and the database computes it for every row of '{table}' (and rebuilds its indexes) under {holds}, which blocks reads and writes until it finishes.";
        }

        switch (change.Provider)
        {
            case DatabaseProvider.PostgreSql:
                var rewrite = $"makes PostgreSQL rewrite the whole table '{table}' and rebuild its indexes under an ACCESS EXCLUSIVE lock, which blocks reads and writes until it finishes";
                return change.Change.Note == "time-zone"
                    ? rewrite + " (PostgreSQL 12+ skips the rewrite between timestamp and timestamptz only when the session time zone is UTC, which a migration cannot count on)."
                    : rewrite + ".";
            case DatabaseProvider.SqlServer:
                return change.Change.Note == "index"
                    ? $"only changes metadata on its own, but EF drops and re-creates every index on '{change.Column}' around it, and SQL Server rebuilds them offline, blocking writes to '{table}' until they finish."
                    : online
                    ? $"makes SQL Server change every row of '{table}' online (ONLINE = ON): reads and writes go on, but it writes a second copy of the column, which grows the log with the table, and ends with a brief schema-modification lock that waits for every open transaction on '{table}'."
                    : $"makes SQL Server change every row of '{table}' under a schema-modification lock, which blocks all reads and writes until it finishes.";
            case DatabaseProvider.MySql:
                return change.Change.Note == "length-prefix"
                    ? $"moves the column's length across VARCHAR's 255-byte length-prefix boundary, so MySQL cannot extend it in place: it copies the whole table '{table}' (ALGORITHM=COPY), which blocks writes until the copy finishes."
                    : $"makes MySQL copy the whole table '{table}' (ALGORITHM=COPY), which blocks writes until the copy finishes.";
            case DatabaseProvider.Sqlite:
                var affinities = change.Change.Note?.Split('-', '>');
                var (from, to) = affinities is { Length: 3 } ? (affinities[0], affinities[2]) : ("its old", "a new");
                return $"changes its SQLite storage affinity from {from} to {to}: EF rebuilds '{table}', and the copy converts each value it can to the new affinity and keeps the rest as they were, so the column can end up holding mixed types.";
            default:
                return null;
        }
    }
}
