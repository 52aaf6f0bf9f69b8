using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using SafeMigrations.Analyzers.Model;
using SafeMigrations.Analyzers.Rollback;
using SafeMigrations.CodeFixes.Engine;

namespace SafeMigrations.CodeFixes;

/// <summary>
/// SM2003: drops the index with <c>DropIndexConcurrently</c>, which runs outside the transaction, so it goes
/// into a new migration right before the source when the source does anything else. Before, not after: EF
/// often drops an index to re-create one of the same name, or before it changes the index's columns.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DropIndexConcurrentlyFix))]
public sealed class DropIndexConcurrentlyFix : MigrationCodeFix
{
    public const string EquivalenceKey = "SafeMigrations.DropIndexConcurrently";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("SM2003");

    public override string Key => EquivalenceKey;

    public override string Title => "Drop the index concurrently, in its own migration";

    internal override string NewMigrationSuffix => "DropIndexes";

    internal override Placement PlacementFor(FixTarget target) => Placement.Before;

    internal override bool TryPlan(FixTarget target, MigrationRewrite rewrite)
    {
        var operation = target.Operation;
        if (operation is not { Kind: OperationType.DropIndex, Name: { } name, Table: { } table }
            || target.Provider != DatabaseProvider.PostgreSql
            || !target.HasConstantSchema)
        {
            return false;
        }

        var call = new CallWriter("DropIndexConcurrently").Literal("name", name).Literal("table", table).Copy(operation, "schema").Write() + ";";
        if (target.Migration.Up.Operations.Count == 1)
        {
            rewrite.UsesRuntime = true;
            rewrite.Replace(target.Statement, call);
            return true;
        }

        rewrite.Move(target, call);
        var present = StatementEdits.HasIndex(operation, name);
        rewrite.EditNewDesigner(designer => DesignerEditor.Remove(designer, present));
        return true;
    }
}
