using Microsoft.CodeAnalysis;
using SafeMigrations.Analyzers.Context;
using SafeMigrations.Analyzers.Model;

namespace SafeMigrations.Analyzers.Rules;

/// <summary>
/// SM2004: AddForeignKey on an existing table. PostgreSQL checks every row under a SHARE ROW EXCLUSIVE lock on
/// both tables, SQL Server checks every row (WITH CHECK is the default), MySQL copies the table. SQLite rebuilds
/// the table instead, which SM2008 reports.
/// </summary>
internal sealed class AddForeignKeyRule : MigrationRule
{
    public override DiagnosticDescriptor Descriptor => Descriptors.SM2004_AddForeignKeyValidates;

    public override void Analyze(MigrationContext context)
    {
        foreach (var operation in context.UpOperations)
        {
            if (operation.Kind != OperationType.AddForeignKey
                || operation is not { Table: { } table }
                || NewTables.IsNew(context, operation)
                || context.IsSmallTable(operation))
            {
                continue;
            }

            var name = operation.Name ?? "(unnamed)";
            if (Consequence(context.ProviderFor(operation), name, table, operation.StringArgument("principalTable")) is { } consequence)
            {
                context.Report(Descriptor, operation.Span, name, table, consequence);
            }
        }
    }

    // Public for the tests' expected messages.
    internal static string? Consequence(DatabaseProvider provider, string name, string table, string? principalTable)
    {
        var principal = principalTable is null ? "the referenced table" : $"'{principalTable}'";
        return provider switch
        {
            DatabaseProvider.PostgreSql =>
                $"takes a SHARE ROW EXCLUSIVE lock on '{table}' and on {principal}, blocking every INSERT, UPDATE and DELETE on both while PostgreSQL checks every row of '{table}'. "
                + $"Add it with migrationBuilder.AddForeignKeyNotValid(...), which checks only new rows, and check the old ones with migrationBuilder.ValidateConstraint(\"{table}\", \"{name}\") in a later migration, which lets writes go on.",
            DatabaseProvider.SqlServer =>
                $"makes SQL Server check every row of '{table}' against {principal} (WITH CHECK is the default) while it holds a schema-modification lock that blocks every query on '{table}'. "
                + $"Add it with migrationBuilder.AddForeignKeyNotValid(...) (WITH NOCHECK), which checks only new rows, and check the old ones with migrationBuilder.ValidateConstraint(\"{table}\", \"{name}\") in a later migration, at a quiet time; until then SQL Server marks the key untrusted.",
            DatabaseProvider.MySql =>
                $"makes MySQL copy the whole table '{table}' (with foreign_key_checks on, adding a foreign key supports only ALGORITHM=COPY), blocking writes to '{table}' until the copy ends. "
                + "MySQL cannot check the old rows later: run it at a quiet time, or check the rows yourself and add the key in migrationBuilder.Sql(...) under SET foreign_key_checks = 0 with ALGORITHM=INPLACE, which skips the check.",
            _ => null,
        };
    }
}
