using Microsoft.CodeAnalysis;
using SafeMigrations.Analyzers.Context;
using SafeMigrations.Analyzers.Model;

namespace SafeMigrations.Analyzers.Rules;

/// <summary>
/// SM2005: AddCheckConstraint on an existing table. PostgreSQL checks every row under ACCESS EXCLUSIVE, SQL
/// Server checks every row (WITH CHECK is the default), MySQL copies the table to check it. SQLite rebuilds the
/// table instead, which SM2008 reports.
/// </summary>
internal sealed class AddCheckConstraintRule : MigrationRule
{
    public override DiagnosticDescriptor Descriptor => Descriptors.SM2005_AddCheckConstraintValidates;

    public override void Analyze(MigrationContext context)
    {
        foreach (var operation in context.UpOperations)
        {
            if (operation.Kind != OperationType.AddCheckConstraint
                || operation is not { Table: { } table }
                || NewTables.IsNew(context, operation)
                || context.IsSmallTable(operation))
            {
                continue;
            }

            var name = operation.Name ?? "(unnamed)";
            if (Consequence(context.ProviderFor(operation), name, table) is { } consequence)
            {
                context.Report(Descriptor, operation.Span, name, table, consequence);
            }
        }
    }

    internal static string? Consequence(DatabaseProvider provider, string name, string table) => provider switch
    {
        DatabaseProvider.PostgreSql =>
            $"takes an ACCESS EXCLUSIVE lock on '{table}', blocking every read and write while PostgreSQL checks every row. "
            + $"Add it with migrationBuilder.AddCheckConstraintNotValid(...), which checks only new rows, and check the old ones with migrationBuilder.ValidateConstraint(\"{table}\", \"{name}\") in a later migration, which lets reads and writes go on.",
        DatabaseProvider.SqlServer =>
            $"makes SQL Server check every row of '{table}' (WITH CHECK is the default) while it holds a schema-modification lock that blocks every query on '{table}'. "
            + $"Add it with migrationBuilder.AddCheckConstraintNotValid(...) (WITH NOCHECK), which checks only new rows, and check the old ones with migrationBuilder.ValidateConstraint(\"{table}\", \"{name}\") in a later migration, at a quiet time; until then SQL Server marks the constraint untrusted.",
        DatabaseProvider.MySql =>
            $"makes MySQL copy the whole table '{table}' (ALGORITHM=COPY) to check every row, blocking writes to '{table}' until the copy ends. "
            + "MySQL cannot check the old rows later without the same copy: run it at a quiet time.",
        _ => null,
    };
}
