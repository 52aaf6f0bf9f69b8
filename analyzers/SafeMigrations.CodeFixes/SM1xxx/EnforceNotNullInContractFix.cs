using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using SafeMigrations.Analyzers.Model;
using SafeMigrations.Analyzers.Rollback;
using SafeMigrations.CodeFixes.Engine;

namespace SafeMigrations.CodeFixes;

/// <summary>
/// SM1007 and SM1008: NOT NULL is enforced in a contract migration, once no old app version inserts rows without
/// the column. The expand adds the column nullable (keeping the default EF scaffolded as its column default), or
/// leaves the existing column nullable; the contract fills the remaining NULLs in batches with that default and
/// runs <c>SetNotNullSafely</c> (on PostgreSQL a NOT VALID check, VALIDATE, then SET NOT NULL without a locked scan).
/// On SQLite, which has no ALTER COLUMN, the contract enforces it with EF's <c>AlterColumn</c> instead: a table
/// rebuild (every row copied, the table's triggers lost), which EF runs after the backfill. PostgreSQL, SQL Server
/// and SQLite.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(EnforceNotNullInContractFix))]
public sealed class EnforceNotNullInContractFix : ExpandContractCodeFix
{
    public const string EquivalenceKey = "SafeMigrations.EnforceNotNullInContract";

    // What may differ between an AlterColumn's new and old side for it to be a change of nullability only.
    private static readonly string[] Facets = { "type", "unicode", "maxLength", "fixedLength", "precision", "scale", "collation", "comment", "computedColumnSql", "defaultValueSql" };

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("SM1007", "SM1008");

    public override string Key => EquivalenceKey;

    public override string Title => "Enforce NOT NULL in a contract migration (expand/contract)";

    internal override bool TryPlan(FixTarget target, MigrationRewrite rewrite)
    {
        var operation = target.Operation;
        if (operation is not { Name: { } column, Table: { } table, TypeArguments.Count: 1 }
            || target.Provider is not (DatabaseProvider.PostgreSql or DatabaseProvider.SqlServer or DatabaseProvider.Sqlite)
            || target.Migration.ContractOf is not null
            || !target.HasConstantSchema
            || operation.Argument("defaultValue") is { IsConstant: false }
            || operation.Argument("defaultValue") is { Kind: ValueKind.Char, Constant: { } character } && char.IsControl(character, 0)
            || operation.StringArgument("type") is not { } storeType
            || (target.Provider == DatabaseProvider.SqlServer && ExpandContract.SqlServerColumnType(operation, storeType) is null)
            || ExpandContract.SqlServerRefusesNotNullOn(target, table, operation.Schema, column))
        {
            return false;
        }

        var fill = operation.Argument("defaultValue") is { Kind: not ValueKind.Null } value ? value : null;
        string? sqliteNotNull;
        switch (operation.Kind)
        {
            case OperationType.AddColumn when operation.BooleanArgument("nullable") != true && !operation.HasArgument("computedColumnSql") && !operation.HasArgument("defaultValueSql"):
                // The expand adds it nullable, with the default EF scaffolded as its column default. On SQLite the contract
                // makes it NOT NULL as the migration's model has it (SQLite's rebuild takes the rest of the column from there).
                if (target.Provider == DatabaseProvider.Sqlite
                    && ExpandContract.OwnModel(target)?.Table(table, operation.Schema) is { } added
                    && added.Column(column) is { IsNullable: false } definition)
                {
                    sqliteNotNull = ColumnCalls.AlterNullability(added, definition with { IsNullable = true }, nullable: false);
                }
                else if (target.Provider == DatabaseProvider.Sqlite)
                {
                    return false;
                }
                else
                {
                    sqliteNotNull = null;
                }

                rewrite.Replace(target.Statement, StatementEdits.WithArgument(target.Statement, "nullable", "true")!);
                break;
            case OperationType.AlterColumn when operation.BooleanArgument("oldNullable") == true && operation.BooleanArgument("nullable") != true && ChangesNullabilityOnly(operation)
                                              && !SetsARealDefault(target, table, column):
                // The existing column stays nullable until the contract; on SQLite the contract runs this AlterColumn itself.
                sqliteNotNull = SourceEdits.TextWithComments(target.Statement);
                rewrite.Remove(target.Statement);
                break;
            default:
                return false;
        }

        ExpandContract.FillThenSetNotNull(target, rewrite, table, column, fill is null ? null : SqlLiteral(fill, target.Provider), notNull: true, storeType, sqliteNotNull);
        rewrite.GenerateSourceRollback = true;
        return true;
    }

    /// <summary>
    /// Whether the AlterColumn gives the column a default the model declares (<c>HasDefaultValue("pending")</c>), not EF's
    /// placeholder for a column made required (<c>defaultValue: ""</c>, which no model holds). Removed with the AlterColumn,
    /// it would never be set: EF leaves the column out of an INSERT whose value is its default, so those inserts would write
    /// NULL, and fail once the contract enforces NOT NULL. The migration's own model tells the two apart; without it, no fix.
    /// </summary>
    private static bool SetsARealDefault(FixTarget target, string table, string column)
    {
        var operation = target.Operation;
        if (string.Equals(operation.Argument("defaultValue")?.SourceText, operation.Argument("oldDefaultValue")?.SourceText, StringComparison.Ordinal))
        {
            return false;
        }

        return ExpandContract.OwnModel(target)?.Table(table, operation.Schema)?.Column(column) is not { DefaultValue: null, DefaultValueSql: null };
    }

    private static bool ChangesNullabilityOnly(MigrationOperation operation)
    {
        foreach (var facet in Facets)
        {
            var now = operation.Argument(facet)?.SourceText;
            var before = operation.Argument(RollbackPlanner.OldArgument(facet))?.SourceText;
            if (!string.Equals(now, before, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A C# constant as SQL: numbers and booleans as they are, strings and characters quoted (no control character: see TryPlan).</summary>
    private static string SqlLiteral(ArgumentValue value, DatabaseProvider provider) => value.Kind switch
    {
        ValueKind.String or ValueKind.Char => (provider == DatabaseProvider.SqlServer ? "N'" : "'") + value.Constant!.Replace("'", "''") + "'",
        ValueKind.Boolean when provider is DatabaseProvider.SqlServer or DatabaseProvider.Sqlite => value.Constant == "true" ? "1" : "0",
        ValueKind.Boolean => value.Constant == "true" ? "TRUE" : "FALSE",
        _ => value.Constant ?? value.SourceText,
    };
}
