using System;
using Microsoft.CodeAnalysis;
using SafeMigrations.Analyzers.Context;
using SafeMigrations.Analyzers.Model;

namespace SafeMigrations.Analyzers.Rules;

/// <summary>
/// SM2006: AddPrimaryKey or AddUniqueConstraint on an existing table builds a unique index while the table is
/// locked: ACCESS EXCLUSIVE on PostgreSQL, an offline build on SQL Server (a clustered key rewrites the table).
/// MySQL adds both in place with concurrent DML, so it stays quiet; SQLite rebuilds the table (SM2008).
/// EF scaffolds DropPrimaryKey + RenameTable + AddPrimaryKey for a table rename: that rebuild is real, and the
/// message says how to keep the key instead.
/// </summary>
internal sealed class AddKeyRule : MigrationRule
{
    private const string ClusteredAnnotation = "SqlServer:Clustered";

    public override DiagnosticDescriptor Descriptor => Descriptors.SM2006_AddKeyBuildsIndex;

    public override void Analyze(MigrationContext context)
    {
        foreach (var operation in context.UpOperations)
        {
            if (operation.Kind is not (OperationType.AddPrimaryKey or OperationType.AddUniqueConstraint)
                || operation is not { Table: { } table }
                || NewTables.IsNew(context, operation)
                || context.IsSmallTable(operation))
            {
                continue;
            }

            // An online build (WITH (ONLINE = ON) in raw T-SQL) lets reads and writes go on, as for CreateIndex (SM2001).
            if (context.ProviderFor(operation) == DatabaseProvider.SqlServer && operation.Annotation(CreateIndexRule.OnlineAnnotation)?.AsBoolean() == true)
            {
                continue;
            }

            var primaryKey = operation.Kind == OperationType.AddPrimaryKey;
            var name = operation.Name ?? "(unnamed)";
            var rebuiltKey = primaryKey ? DroppedPrimaryKey(context, operation) : null;
            var clustered = operation.Annotation(ClusteredAnnotation)?.AsBoolean() ?? primaryKey;
            if (Consequence(context.ProviderFor(operation), primaryKey, name, table, rebuiltKey, clustered) is { } consequence)
            {
                context.Report(Descriptor, operation.Span, primaryKey ? "primary key" : "unique constraint", name, table, consequence);
            }
        }
    }

    internal static string? Consequence(DatabaseProvider provider, bool primaryKey, string name, string table, DroppedKey? rebuilt, bool clustered)
    {
        var duplicates = primaryKey
            ? $", and fails outright if '{table}' holds duplicates or NULLs in the key"
            : $", and fails outright if '{table}' already holds duplicates";
        switch (provider)
        {
            case DatabaseProvider.PostgreSql when rebuilt is { Renamed: true } key:
                return $"rebuilds the key's unique index under an ACCESS EXCLUSIVE lock on '{table}', blocking every read and write until the build finishes: EF drops '{key.Name}' and re-creates it as '{name}' only because the table was renamed. "
                    + $"Keep the key instead: name it '{key.Name}' in the model (HasKey(...).HasName(\"{key.Name}\")), or rename it with migrationBuilder.Sql(\"ALTER TABLE ... RENAME CONSTRAINT ...\"), which is metadata-only.";
            case DatabaseProvider.PostgreSql when primaryKey:
                return $"builds its unique index under an ACCESS EXCLUSIVE lock on '{table}', blocking every read and write until the build finishes{duplicates}. "
                    + $"Build the index first with CREATE UNIQUE INDEX CONCURRENTLY in migrationBuilder.Sql(..., suppressTransaction: true), in a migration of its own, then add the key with ALTER TABLE ... ADD CONSTRAINT \"{name}\" PRIMARY KEY USING INDEX, which is metadata-only.";
            case DatabaseProvider.PostgreSql:
                return $"builds its unique index under an ACCESS EXCLUSIVE lock on '{table}', blocking every read and write until the build finishes{duplicates}. "
                    + $"Use migrationBuilder.AddUniqueConstraintUsingIndex(\"{name}\", \"{table}\", ...), which builds the index concurrently and then attaches it, in a migration of its own.";
            case DatabaseProvider.SqlServer when rebuilt is { Renamed: true } key:
                return $"rebuilds the key's index offline{(clustered ? $", and as a clustered key that rewrites the whole table under a schema-modification lock that blocks every read and write on '{table}'" : $", which blocks writes to '{table}'")}: EF drops '{key.Name}' and re-creates it as '{name}' only because the table was renamed. "
                    + $"Keep the key instead: name it '{key.Name}' in the model (HasKey(...).HasName(\"{key.Name}\")), or rename it with migrationBuilder.Sql(\"EXEC sp_rename ...\"), which is metadata-only.";
            case DatabaseProvider.SqlServer:
                return $"builds its index offline{(clustered ? $", and as a clustered index that rewrites the whole table under a schema-modification lock that blocks every read and write on '{table}' until it finishes" : $", which blocks writes to '{table}' until the build finishes")}"
                    + (rebuilt is null ? duplicates : string.Empty) + ". "
                    + "Run it at a quiet time, or, on an edition with online index builds (Enterprise, Azure SQL), add it with WITH (ONLINE = ON) in migrationBuilder.Sql(...).";
            case DatabaseProvider.MySql when primaryKey && rebuilt is not null:
                // MySQL/InnoDB: adding a primary key is in place, but dropping one (and adding the next in the same ALTER) copies the table.
                return $"follows the drop of '{rebuilt.Name}', and dropping a primary key makes MySQL copy the whole table '{table}' (ALGORITHM=COPY), blocking writes until the copy ends"
                    + (rebuilt.Renamed ? $": EF drops and re-creates it only because the table was renamed. Keep the key's name in the model (HasKey(...).HasName(\"{rebuilt.Name}\")) instead." : ". Run it at a quiet time.");
            default:
                return null;
        }
    }

    /// <summary>The primary key dropped earlier in Up on this table, or on the table renamed to it.</summary>
    private static DroppedKey? DroppedPrimaryKey(MigrationContext context, MigrationOperation addKey)
    {
        string? oldName = null;
        foreach (var operation in context.UpOperations)
        {
            if (ReferenceEquals(operation, addKey))
            {
                break;
            }

            if (operation.Kind == OperationType.RenameTable
                && string.Equals(operation.NewName ?? operation.Name, addKey.Table, StringComparison.Ordinal)
                && !string.Equals(operation.Name, addKey.Table, StringComparison.Ordinal))
            {
                oldName = operation.Name;
            }
        }

        foreach (var operation in context.UpOperations)
        {
            if (ReferenceEquals(operation, addKey))
            {
                break;
            }

            if (operation.Kind == OperationType.DropPrimaryKey
                && (string.Equals(operation.Table, addKey.Table, StringComparison.Ordinal) || (oldName is not null && string.Equals(operation.Table, oldName, StringComparison.Ordinal))))
            {
                return new DroppedKey(operation.Name ?? "(unnamed)", oldName is not null);
            }
        }

        return null;
    }

    internal sealed record DroppedKey(string Name, bool Renamed);
}
