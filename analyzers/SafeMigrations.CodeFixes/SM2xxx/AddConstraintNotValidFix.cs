using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using SafeMigrations.Analyzers.Model;
using SafeMigrations.Analyzers.Rollback;
using SafeMigrations.CodeFixes.Engine;

namespace SafeMigrations.CodeFixes;

/// <summary>
/// SM2004/SM2005: adds the foreign key or check constraint without checking the existing rows
/// (<c>AddForeignKeyNotValid</c>/<c>AddCheckConstraintNotValid</c>, whose parameters are EF's own), and checks
/// them with <c>ValidateConstraint</c> in a new migration right after, which lets writes go on. PostgreSQL and
/// SQL Server: MySQL has no way to check the rows later.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddConstraintNotValidFix))]
public sealed class AddConstraintNotValidFix : MigrationCodeFix
{
    public const string EquivalenceKey = "SafeMigrations.AddConstraintNotValid";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("SM2004", "SM2005");

    public override string Key => EquivalenceKey;

    public override string Title => "Add it NOT VALID, validate in a new migration";

    internal override string NewMigrationSuffix => "Validate";

    internal override bool TryPlan(FixTarget target, MigrationRewrite rewrite)
    {
        var operation = target.Operation;
        var helper = operation.Kind switch
        {
            OperationType.AddForeignKey => "AddForeignKeyNotValid",
            OperationType.AddCheckConstraint => "AddCheckConstraintNotValid",
            _ => null,
        };
        if (helper is null
            || target.Provider is not (DatabaseProvider.PostgreSql or DatabaseProvider.SqlServer)
            || operation is not { Name: { } name, Table: { } table }
            || !target.HasConstantSchema
            || !StatementEdits.RenameMethod(target, rewrite, helper))
        {
            return false;
        }

        rewrite.UsesRuntime = true;
        rewrite.AddToNewMigration(new CallWriter("ValidateConstraint").Literal("table", table).Literal("name", name).Copy(operation, "schema").Write() + ";");
        return true;
    }
}
