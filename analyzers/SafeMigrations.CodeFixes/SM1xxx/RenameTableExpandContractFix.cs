using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using SafeMigrations.Analyzers.Model;
using SafeMigrations.Analyzers.Rollback;
using SafeMigrations.CodeFixes.Engine;

namespace SafeMigrations.CodeFixes;

/// <summary>
/// SM1002 (PostgreSQL, SQL Server): the expand renames the table, renames its primary key and the foreign keys EF
/// dropped and re-added only for their new names in place (metadata only, instead of rebuilding their indexes and
/// re-checking every row), and creates an updatable view under the old name for the old app version; the contract
/// drops the view. SQLite's views are read-only: no fix there (the rule's page explains <c>ToTable("old")</c>).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RenameTableExpandContractFix))]
public sealed class RenameTableExpandContractFix : ExpandContractCodeFix
{
    public const string EquivalenceKey = "SafeMigrations.RenameTableExpandContract";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("SM1002");

    public override string Key => EquivalenceKey;

    public override string Title => "Rename through expand/contract (compatibility view under the old name)";

    internal override bool TryPlan(FixTarget target, MigrationRewrite rewrite)
    {
        var operation = target.Operation;
        var up = target.Migration.Up.Operations;
        if (operation is not { Kind: OperationType.RenameTable, Name: { } oldName, NewName: { } newName }
            || operation.HasArgument("newSchema")
            || target.Provider is not (DatabaseProvider.PostgreSql or DatabaseProvider.SqlServer)
            || ExpandContract.IsCaseOnlyOffPostgreSql(target.Provider, oldName, newName)
            || target.Migration.ContractOf is not null
            || !target.HasConstantSchema
            || ExpandContract.PreviousModel(target) is not { } previous
            || previous.Table(oldName, operation.Schema) is not { } table)
        {
            return false;
        }

        // Each key EF drops and re-adds around the rename, with the same definition, becomes a rename in place.
        foreach (var drop in up.Where(o => o.Kind is OperationType.DropPrimaryKey or OperationType.DropForeignKey))
        {
            var add = up.FirstOrDefault(o => o.Kind == (drop.Kind == OperationType.DropPrimaryKey ? OperationType.AddPrimaryKey : OperationType.AddForeignKey)
                                             && SameKey(drop, o, previous, oldName, newName));
            if (add is null)
            {
                continue; // A key the migration changes (or drops) for good: EF's own drop and add stay as they are.
            }

            if (drop.Name is not { } from || add.Name is not { } to || add.Table is not { } owner
                || StatementEdits.StatementAt(target, drop) is not { } dropStatement || StatementEdits.StatementAt(target, add) is not { } addStatement)
            {
                return false;
            }

            rewrite.Remove(dropStatement);
            // The key belongs to its own table (a child in another schema, say), not to the renamed one.
            rewrite.Replace(addStatement, new CallWriter("ReversibleSql")
                .Literal("upSql", RenameConstraint(target.Provider, owner, add.Schema, from, to))
                .Literal("downSql", RenameConstraint(target.Provider, owner, add.Schema, to, from)).Write() + ";");
        }

        var view = new CallWriter("CreateCompatibilityView").Literal("oldName", oldName).Literal("newName", newName).Copy(operation, "schema").Write() + ";";
        rewrite.Replace(target.Statement, SourceEdits.TextWithComments(target.Statement), view);
        rewrite.AddToNewMigration(new CallWriter("DropCompatibilityView").Literal("oldName", oldName).Literal("newName", newName).Copy(operation, "schema").Write() + ";");
        rewrite.UsesRuntime = true;
        rewrite.GenerateSourceRollback = true;
        return true;
    }

    /// <summary>A dropped key and an added one that differ only in name (and in the renamed table's name).</summary>
    private static bool SameKey(MigrationOperation drop, MigrationOperation add, TargetModel previous, string oldName, string newName)
    {
        string? Renamed(string? name) => name == oldName ? newName : name;
        if (drop.Schema != add.Schema || Renamed(drop.Table) != add.Table || drop.Table is not { } dropTable || previous.Table(dropTable, drop.Schema) is not { } table)
        {
            return false;
        }

        if (drop.Kind == OperationType.DropPrimaryKey)
        {
            return table.PrimaryKeyName == drop.Name && add.ColumnList().SequenceEqual(table.PrimaryKey);
        }

        // A key re-added with another delete action (the same migration changed it) is a real change, not a rename.
        return table.ForeignKeys.FirstOrDefault(f => f.Name == drop.Name) is { } key
               && add.ColumnList().SequenceEqual(key.Columns)
               && add.StringArgument("principalTable") == Renamed(key.PrincipalTable)
               && add.StringArgument("principalSchema") == key.PrincipalSchema
               && ActionName(add.Argument("onDelete")?.SourceText) == ActionName(RollbackPlanner.ReferentialAction(key.OnDelete))
               && (add.ColumnList("principalColumn", "principalColumns") is { IsEmpty: true } principal || principal.SequenceEqual(key.PrincipalColumns));
    }

    /// <summary>The member of ReferentialAction written (<c>ReferentialAction.Cascade</c> → Cascade); none is EF's default, NoAction.</summary>
    private static string ActionName(string? code) => code?.Split('.').Last() ?? "NoAction";

    private static string RenameConstraint(DatabaseProvider provider, string table, string? schema, string from, string to)
    {
        string Pg(string name) => ExpandContract.Quote(name, DatabaseProvider.PostgreSql);
        string Ms(string name) => ExpandContract.Quote(name, DatabaseProvider.SqlServer);
        return provider == DatabaseProvider.PostgreSql
            ? $"ALTER TABLE {(schema is null ? string.Empty : Pg(schema) + ".")}{Pg(table)} RENAME CONSTRAINT {Pg(from)} TO {Pg(to)};"
            : $"EXEC sp_rename N'{(schema is null ? string.Empty : Ms(schema).Replace("'", "''") + ".")}{Ms(from).Replace("'", "''")}', N'{to.Replace("'", "''")}', N'OBJECT';";
    }
}
