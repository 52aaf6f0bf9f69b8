using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using SafeMigrations.Analyzers.Model;
using SafeMigrations.Analyzers.Rollback;
using SafeMigrations.CodeFixes.Engine;

namespace SafeMigrations.CodeFixes;

/// <summary>
/// SM2007 (a per-row default, PostgreSQL and SQL Server): adds the column nullable and without the default, then
/// sets the default (metadata only), so new rows get it from the start; a new migration right after fills the
/// existing rows in batches and, for a NOT NULL column, enforces it with <c>SetNotNullSafely</c>. Computed and
/// identity columns get no fix, and neither does SQLite, whose every step here is a table rebuild.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddColumnWithoutRewriteFix))]
public sealed class AddColumnWithoutRewriteFix : MigrationCodeFix
{
    public const string EquivalenceKey = "SafeMigrations.AddColumnWithoutRewrite";

    private static readonly string[] Facets = { "type", "unicode", "maxLength", "fixedLength", "precision", "scale", "collation", "comment" };

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("SM2007");

    public override string Key => EquivalenceKey;

    public override string Title => "Add it without the default, backfill in batches";

    internal override string NewMigrationSuffix => "Backfill";

    internal override bool TryPlan(FixTarget target, MigrationRewrite rewrite)
    {
        var operation = target.Operation;
        if (operation is not { Kind: OperationType.AddColumn, Name: { } column, Table: { } table, TypeArguments.Count: 1 }
            || target.Provider is not (DatabaseProvider.PostgreSql or DatabaseProvider.SqlServer)
            || operation.StringArgument("defaultValueSql") is not { } defaultSql
            || operation.HasArgument("computedColumnSql")
            || !operation.Annotations.IsEmpty
            || operation.StringArgument("type") is not { } storeType
            || (target.Provider == DatabaseProvider.SqlServer && ExpandContract.SqlServerColumnType(operation, storeType) is null)
            || (operation.BooleanArgument("nullable") != true && ExpandContract.SqlServerRefusesNotNullOn(target, table, operation.Schema, column))
            || !target.HasConstantSchema
            || !AllConstant(operation))
        {
            return false;
        }

        var clrType = operation.TypeArguments[0];
        var notNull = operation.BooleanArgument("nullable") != true;

        // Expand, in place: the column comes nullable and empty (metadata only), then gets its default.
        var add = new CallWriter("AddColumn", clrType);
        foreach (var argument in operation.Arguments)
        {
            if (argument.Name is not ("nullable" or "defaultValueSql" or "defaultValue"))
            {
                add.Arg(argument.Name, argument.Value.SourceText);
            }
        }

        add.Literal("nullable", true);
        var alter = new CallWriter("AlterColumn", clrType).Literal("name", column).Literal("table", table).Copy(operation, "schema");
        foreach (var facet in Facets)
        {
            alter.Copy(operation, facet);
        }

        alter.Literal("nullable", true).Literal("defaultValueSql", defaultSql).Arg("oldClrType", $"typeof({clrType})");
        foreach (var facet in Facets)
        {
            alter.Copy(operation, facet, RollbackPlanner.OldArgument(facet));
        }

        alter.Literal("oldNullable", true);
        rewrite.Replace(target.Statement, add.Write() + ";", alter.Write() + ";");

        // The new migration fills the existing rows, then enforces NOT NULL without a long lock.
        ExpandContract.FillThenSetNotNull(target, rewrite, table, column, defaultSql, notNull, storeType);

        return true;
    }

    private static bool AllConstant(MigrationOperation operation)
    {
        foreach (var argument in operation.Arguments)
        {
            if (!argument.Value.IsConstant && argument.Name != "defaultValue")
            {
                return false;
            }
        }

        return true;
    }
}
