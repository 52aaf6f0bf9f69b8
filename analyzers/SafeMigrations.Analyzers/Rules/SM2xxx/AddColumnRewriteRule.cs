using System;
using System.Globalization;
using Microsoft.CodeAnalysis;
using SafeMigrations.Analyzers.Context;
using SafeMigrations.Analyzers.Infrastructure;
using SafeMigrations.Analyzers.Model;

namespace SafeMigrations.Analyzers.Rules;

/// <summary>
/// SM2007: AddColumn on an existing table whose default or computed value has to be written into every row:
/// a volatile default on PostgreSQL (any default before 11), NEWID() on a NOT NULL column on SQL Server, a
/// stored computed column (PostgreSQL, SQL Server PERSISTED, MySQL STORED). On SQLite a non-constant default
/// or a STORED column makes ALTER TABLE ADD COLUMN fail outright on a table with rows.
/// </summary>
internal sealed partial class AddColumnRewriteRule : MigrationRule
{
    public override DiagnosticDescriptor Descriptor => Descriptors.SM2007_AddColumnRewritesTable;

    public override void Analyze(MigrationContext context)
    {
        foreach (var operation in context.UpOperations)
        {
            if (operation.Kind != OperationType.AddColumn
                || operation is not { Name: { } column, Table: { } table }
                || NewTables.IsNew(context, operation))
            {
                continue;
            }

            var provider = context.ProviderFor(operation);

            // A rewrite is only slow on a big table; SQLite's refusal happens on any table with a row.
            if (provider != DatabaseProvider.Sqlite && context.IsSmallTable(operation))
            {
                continue;
            }

            if (Consequence(provider, context.Settings.PostgresVersion, operation, column, table) is { } consequence)
            {
                context.Report(Descriptor, operation.Span, column, table, consequence);
            }
        }
    }

    private static string? Consequence(DatabaseProvider provider, int postgresVersion, MigrationOperation operation, string column, string table)
    {
        var defaultSql = operation.StringArgument("defaultValueSql");
        var hasDefault = defaultSql is not null || operation.Argument("defaultValue") is { Kind: not ValueKind.Null };
        var computed = operation.StringArgument("computedColumnSql") is not null;
        var stored = operation.BooleanArgument("stored") == true;
        var nullable = operation.BooleanArgument("nullable") == true;
        const string plainColumn = "or add a plain column and backfill it with migrationBuilder.BackfillInBatches(...).";

        switch (provider)
        {
            case DatabaseProvider.PostgreSql when IsIdentity(operation, "Npgsql:ValueGenerationStrategy"):
                return $"as an identity (or serial) column makes PostgreSQL rewrite the whole table '{table}' under an ACCESS EXCLUSIVE lock to number every row, blocking every read and write until it ends. "
                    + $"Add '{column}' as a plain nullable column, backfill it in batches from a sequence with migrationBuilder.BackfillInBatches(...), and make it an identity in a later migration.";
            case DatabaseProvider.SqlServer when IsIdentity(operation, "SqlServer:ValueGenerationStrategy") || operation.Annotation("SqlServer:Identity") is not null:
                return $"as an IDENTITY column makes SQL Server number every row of '{table}', a size-of-data update under a schema-modification lock that blocks every query on '{table}'. "
                    + "SQL Server cannot make an existing column IDENTITY later: run it at a quiet time.";
            case DatabaseProvider.PostgreSql when computed && stored:
                return $"as a stored generated column makes PostgreSQL rewrite the whole table '{table}' under an ACCESS EXCLUSIVE lock to compute every row, blocking every read and write until it ends. "
                    + (postgresVersion >= 18
                        ? "Make it virtual (stored: false), which is metadata-only on PostgreSQL 18, " + plainColumn
                        : "Add a plain column instead, backfill it with migrationBuilder.BackfillInBatches(...), and have the app keep it up to date.");
            case DatabaseProvider.PostgreSql when hasDefault && postgresVersion < 11:
                return $"with a default makes PostgreSQL {postgresVersion.ToString(CultureInfo.InvariantCulture)} rewrite the whole table '{table}' under an ACCESS EXCLUSIVE lock (before 11 every added column with a default is written into every row), blocking every read and write until it ends. " + Backfill(column);
            case DatabaseProvider.PostgreSql when defaultSql is not null && TextCursor.CallsAny(defaultSql, PostgresVolatile):
                return $"with the volatile default '{defaultSql}' makes PostgreSQL rewrite the whole table '{table}' under an ACCESS EXCLUSIVE lock to give every row its own value, blocking every read and write until it ends. " + Backfill(column);
            case DatabaseProvider.SqlServer when computed && stored:
                return $"as a PERSISTED computed column makes SQL Server compute and write it into every row of '{table}', a size-of-data update under a schema-modification lock that blocks every query on '{table}'. "
                    + "Make it non-persisted (stored: false), which is metadata-only, " + plainColumn;
            case DatabaseProvider.SqlServer when !nullable && defaultSql is not null && TextCursor.CallsAny(defaultSql, SqlServerPerRow):
                return $"as NOT NULL with the default '{defaultSql}' makes SQL Server write a new value into every row of '{table}' (it is not a runtime constant), a size-of-data update under a schema-modification lock that blocks every query on '{table}'. "
                    + $"Add '{column}' as nullable without the default, backfill it with migrationBuilder.BackfillInBatches(...), then add the default and NOT NULL in a later migration.";
            case DatabaseProvider.SqlServer when operation.BooleanArgument("rowVersion") == true || IsRowVersionType(operation.StringArgument("type")):
                return $"as a rowversion column makes SQL Server stamp a distinct value into every row of '{table}', a size-of-data update under a schema-modification lock that blocks every query on '{table}'. "
                    + "SQL Server cannot add a rowversion column any other way: run it at a quiet time, or use a column the app sets itself.";
            case DatabaseProvider.SqlServer when !nullable && hasDefault && !computed && IsLargeObjectType(operation.StringArgument("type")):
                return $"as NOT NULL with a default makes SQL Server write the default into every row of '{table}': for a {operation.StringArgument("type")} column adding it with a default is a size-of-data update on every edition, under a schema-modification lock that blocks every query on '{table}'. "
                    + $"Add '{column}' as nullable without the default, backfill it with migrationBuilder.BackfillInBatches(...), then add the default and NOT NULL in a later migration, or give it a bounded type (nvarchar(4000) at most).";
            case DatabaseProvider.MySql when IsIdentity(operation, "MySql:ValueGenerationStrategy"):
                return $"as an AUTO_INCREMENT column makes MySQL number every row of '{table}' while it rebuilds the table, and adding an auto-increment column cannot run with LOCK=NONE, so writes to '{table}' wait until it ends. "
                    + "Run it at a quiet time.";
            case DatabaseProvider.MySql when defaultSql is not null && TextCursor.CallsAny(defaultSql, MariaDbCopies):
                return $"with the default '{defaultSql}' makes MariaDB copy the whole table '{table}' (ALGORITHM=COPY, to compute the default for every row), blocking writes to '{table}' until the copy ends; MySQL 8 rebuilds it in place. "
                    + Backfill(column);
            case DatabaseProvider.MySql when computed && stored:
                return $"as a STORED generated column makes MySQL copy the whole table '{table}' (ALGORITHM=COPY), blocking writes to '{table}' until the copy ends. "
                    + "Make it VIRTUAL (stored: false), which is added in place, " + plainColumn;
            case DatabaseProvider.Sqlite when computed && stored:
                return $"as a STORED generated column fails outright on SQLite as soon as '{table}' holds a row: ALTER TABLE ADD COLUMN cannot add a STORED column. "
                    + "Make it virtual (stored: false), " + plainColumn;
            case DatabaseProvider.Sqlite when defaultSql is not null && !IsSqliteConstant(defaultSql):
                return $"with the non-constant default '{defaultSql}' fails outright on SQLite as soon as '{table}' holds a row: ALTER TABLE ADD COLUMN refuses a default that is not a constant (\"Cannot add a column with non-constant default\"). "
                    + $"Add '{column}' without the default (or with a constant one), backfill it with migrationBuilder.BackfillInBatches(...), then set the default in a later migration, for which EF rebuilds the table.";
            default:
                return null;
        }
    }

    // Written only into a message: every added column of a large table comes through Consequence, and few are reported.
    private static string Backfill(string column) =>
        $"Add '{column}' without the default (or nullable), backfill it with migrationBuilder.BackfillInBatches(...), then set the default in a later migration.";

    // Npgsql's IdentityByDefaultColumn, IdentityAlwaysColumn and SerialColumn; SQL Server's IdentityColumn.
    private static bool IsIdentity(MigrationOperation operation, string annotation) =>
        operation.Annotation(annotation) is { } value
        && (value.SourceText.IndexOf("Identity", StringComparison.Ordinal) >= 0 || value.SourceText.IndexOf("Serial", StringComparison.Ordinal) >= 0);
}
