using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
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

        rewrite.Move(target, call);
        rewrite.EditDesigner((designer, _) => DesignerEditor.Remove(designer, model => model.Table(table, operation.Schema)?.UniqueConstraints.Any(u => u.Name == name) == true));
        return true;
    }
}
