using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using SafeMigrations.Analyzers.Context;
using SafeMigrations.Analyzers.Model;

namespace SafeMigrations.Analyzers.Rules;

/// <summary>
/// SM2008 (info): an operation that EF Core's SqliteMigrationsSqlGenerator turns into a table rebuild (create
/// <c>ef_temp_X</c>, copy the rows, drop, rename). The list follows its RewriteOperations: constraint adds and
/// drops (but not an AddForeignKey on a table created in the same migration, which EF folds into the CREATE
/// TABLE), AlterTable, DropColumn, AlterColumn, an AddColumn with a comment or re-adding a column dropped
/// earlier. EF rebuilds each table once per migration, so the rule reports once per table, on its first
/// rebuilding operation.
/// </summary>
internal sealed class SqliteRebuildRule : MigrationRule
{
    public override DiagnosticDescriptor Descriptor => Descriptors.SM2008_SqliteTableRebuild;

    public override void Analyze(MigrationContext context)
    {
        // Most migrations never run on SQLite: checked before the rebuild tracking allocates its tables and closure.
        if (context.AnyUpOperationOn(DatabaseProvider.Sqlite))
        {
            ReportRebuilds(context);
        }
    }

    private void ReportRebuilds(MigrationContext context)
    {
        var rebuilds = new Dictionary<string, Rebuild>(StringComparer.Ordinal);
        var order = new List<Rebuild>();
        var createdTables = new HashSet<string>(StringComparer.Ordinal);

        foreach (var operation in context.Migration.Up.Operations)
        {
            // Only EF's own operations go through its generator's rebuild: DDL written in Sql(...) (which the
            // reader may turn into operations of the same kinds) runs as written.
            if (context.ProviderFor(operation) != DatabaseProvider.Sqlite
                || OperationTypes.FromMethodName(operation.MethodName) != operation.Kind)
            {
                continue;
            }

            var table = operation.Table;
            switch (operation.Kind)
            {
                case OperationType.CreateTable when operation.Name is { } created:
                    createdTables.Add(created);
                    break;
                case OperationType.AddPrimaryKey or OperationType.AddUniqueConstraint or OperationType.AddCheckConstraint
                    or OperationType.AlterTable or OperationType.DropCheckConstraint or OperationType.DropForeignKey
                    or OperationType.DropPrimaryKey or OperationType.DropUniqueConstraint or OperationType.AlterColumn:
                    Add(table, operation, context);
                    break;
                case OperationType.DropColumn:
                    Add(table, operation, context)?.DroppedColumns.Add(operation.Name ?? string.Empty);
                    break;
                case OperationType.AddForeignKey when table is not null && !createdTables.Contains(table):
                    Add(table, operation, context);
                    break;
                case OperationType.AddColumn when table is not null:
                    if ((rebuilds.TryGetValue(table, out var pending) && pending.DroppedColumns.Contains(operation.Name ?? string.Empty))
                        || operation.StringArgument("comment") is not null)
                    {
                        Add(table, operation, context);
                    }

                    break;
                case OperationType.RenameTable when operation.Name is { } from && rebuilds.TryGetValue(from, out var moved):
                    rebuilds.Remove(from);
                    rebuilds[operation.NewName ?? from] = moved;
                    break;
                case OperationType.DropTable when operation.Name is { } dropped && rebuilds.TryGetValue(dropped, out var gone):
                    // EF skips the rebuild of a table that is not in the target model.
                    rebuilds.Remove(dropped);
                    order.Remove(gone);
                    break;
            }
        }

        foreach (var rebuild in order)
        {
            context.Report(Descriptor, rebuild.First.Span, rebuild.Table, string.Join(", ", rebuild.Operations));
        }

        Rebuild? Add(string? table, MigrationOperation operation, MigrationContext context)
        {
            if (table is null)
            {
                return null;
            }

            if (!rebuilds.TryGetValue(table, out var rebuild))
            {
                rebuild = new Rebuild(table, operation);
                rebuilds[table] = rebuild;

                // A table created earlier in this migration has no rows to copy and no triggers to lose.
                if (!NewTables.IsNew(context, operation))
                {
                    order.Add(rebuild);
                }
            }

            var description = operation.Name is { } name ? $"{operation.MethodName} '{name}'" : operation.MethodName;
            if (!rebuild.Operations.Contains(description))
            {
                rebuild.Operations.Add(description);
            }

            return rebuild;
        }
    }

    private sealed class Rebuild
    {
        public Rebuild(string table, MigrationOperation first)
        {
            Table = table;
            First = first;
        }

        public string Table { get; }

        public MigrationOperation First { get; }

        public List<string> Operations { get; } = new();

        public HashSet<string> DroppedColumns { get; } = new(StringComparer.Ordinal);
    }
}
