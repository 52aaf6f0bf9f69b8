using System;
using System.Collections.Generic;
using SafeMigrations.Analyzers.Context;
using SafeMigrations.Analyzers.Model;

namespace SafeMigrations.Analyzers.Rules;

/// <summary>
/// Which tables have no rows yet when an operation runs: created earlier in Up, possibly under another name
/// and renamed since (a staging table renamed into place). The lock rules stay quiet on those.
/// </summary>
internal static class NewTables
{
    public static bool IsNew(MigrationContext context, MigrationOperation operation)
    {
        if (context.IsNewTable(operation))
        {
            return true;
        }

        if (operation.Table is not { } table)
        {
            return false;
        }

        var created = new HashSet<string>(StringComparer.Ordinal);
        foreach (var earlier in context.UpOperations)
        {
            if (ReferenceEquals(earlier, operation))
            {
                break;
            }

            if (earlier.Kind == OperationType.CreateTable && earlier.Name is { } name)
            {
                created.Add(name);
            }
            else if (earlier.Kind == OperationType.RenameTable && earlier.Name is { } from && created.Contains(from))
            {
                created.Add(earlier.NewName ?? from);
            }
        }

        return created.Contains(table);
    }
}
