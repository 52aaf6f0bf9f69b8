using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using SafeMigrations.Analyzers.Infrastructure;
using SafeMigrations.Analyzers.Model;
using SafeMigrations.Analyzers.Rollback;
using SafeMigrations.CodeFixes.Engine;

namespace SafeMigrations.CodeFixes;

/// <summary>
/// SM2006 (PostgreSQL, unique constraints): <c>AddUniqueConstraintUsingIndex</c> builds the unique index
/// concurrently and attaches it, which runs outside the transaction, so it moves into a new migration right after
/// when the migration does anything else. Primary keys get no fix: a key on a table with rows is a schema
/// redesign, and EF's re-created key after a table rename is part 2's expand/contract.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddUniqueConstraintUsingIndexFix))]
public sealed class AddUniqueConstraintUsingIndexFix : MigrationCodeFix
{
    public const string EquivalenceKey = "SafeMigrations.AddUniqueConstraintUsingIndex";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("SM2006");

    public override string Key => EquivalenceKey;

    public override string Title => "Build the unique index concurrently, then attach it";

    internal override string NewMigrationSuffix => "UniqueConstraints";

    internal override bool TryPlan(FixTarget target, MigrationRewrite rewrite)
    {
        var operation = target.Operation;
        var columns = operation.ColumnList();
        if (operation is not { Kind: OperationType.AddUniqueConstraint, Name: { } name, Table: { } table }
            || target.Provider != DatabaseProvider.PostgreSql
            || columns.IsEmpty
            || !target.HasConstantSchema)
        {
            return false;
        }

        var call = new CallWriter("AddUniqueConstraintUsingIndex").Literal("name", name).Literal("table", table)
            .Arg("columns", CallWriter.StringArray(columns)).Copy(operation, "schema").Write() + ";";
        if (target.Migration.Up.Operations.Count == 1)
        {
            rewrite.UsesRuntime = true;
            rewrite.Replace(target.Statement, call);

            // A hand-written Down's DropUniqueConstraint becomes the helper's own inverse, with the same arguments.
            foreach (var drop in target.Migration.Down.Operations)
            {
                if (drop is { Kind: OperationType.DropUniqueConstraint } && drop.Name == name && StatementEdits.StatementAt(target, drop) is { } statement)
                {
                    StatementEdits.RenameMethod(statement, rewrite, "DropUniqueConstraintUsingIndex");
                }
            }

            return true;
        }

        // A foreign key of this migration onto the key needs the key first: moved after it, that foreign key would fail.
        if (IsReferencedByForeignKeyOfUp(target.Migration, table, operation.Schema, columns))
        {
            return false;
        }

        rewrite.Move(target, call);
        rewrite.EditDesigner((designer, _) => DesignerEditor.Remove(designer, model => model.Table(table, operation.Schema)?.UniqueConstraints.Any(u => u.Name == name) == true));
        return true;
    }

    /// <summary>Whether an AddForeignKey of Up, or a foreign key of a table Up creates, references exactly these columns of the table.</summary>
    private static bool IsReferencedByForeignKeyOfUp(MigrationModel migration, string table, string? schema, EquatableArray<string> columns)
    {
        foreach (var operation in migration.Up.Operations)
        {
            var foreignKeys = operation.Kind switch
            {
                OperationType.AddForeignKey => new CallModel[] { operation },
                OperationType.CreateTable => operation.Constraints.Where(c => c.MethodName == "ForeignKey").ToArray<CallModel>(),
                _ => System.Array.Empty<CallModel>(),
            };
            if (foreignKeys.Any(fk => fk.StringArgument("principalTable") == table
                && TargetModel.SchemasAgree(fk.StringArgument("principalSchema"), schema)
                && fk.ColumnList("principalColumn", "principalColumns") is var principal && principal.Count == columns.Count && principal.All(columns.Contains)))
            {
                return true;
            }
        }

        return false;
    }
}
