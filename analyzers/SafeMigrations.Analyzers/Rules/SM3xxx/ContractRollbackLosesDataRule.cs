using Microsoft.CodeAnalysis;
using SafeMigrations.Analyzers.Context;
using SafeMigrations.Analyzers.Model;
using SafeMigrations.Analyzers.Rollback;

namespace SafeMigrations.Analyzers.Rules;

/// <summary>
/// SM3003, second message: a contract migration (<c>[ContractOf]</c>) that drops a column or table whose data no
/// twin kept. SM1003 and SM1004 are quiet there, since the drop is the contract's purpose, but its rollback
/// re-creates the column or table without the data, and the user should know that before it runs. A column a
/// <c>DropColumnSync</c> of the same Up kept equal to a twin (the contract of a rename) is not reported: its
/// generated rollback copies the values back.
/// </summary>
internal sealed class ContractRollbackLosesDataRule : MigrationRule
{
    public override DiagnosticDescriptor Descriptor => Descriptors.SM3003_ContractRollbackLosesData;

    public override void Analyze(MigrationContext context)
    {
        var migration = context.Migration;
        if (migration.ContractOf is null)
        {
            return;
        }

        foreach (var operation in migration.Up.Operations)
        {
            switch (operation)
            {
                case { Kind: OperationType.DropColumn, Name: { } column, Table: { } table }
                    when !context.IsNewColumn(operation, column) && RollbackPlanner.SyncedTwin(operation, migration) is null:
                    var definition = context.PreviousTable(table, operation.Schema)?.Column(column);
                    Report(context, operation, $"column '{column}' of table '{table}'", ReAddedWith(definition), "values");
                    break;
                case { Kind: OperationType.DropTable, Table: { } dropped } when !context.IsNewTable(operation):
                    Report(context, operation, $"table '{dropped}'", "empty", "rows");
                    break;
            }
        }
    }

    private void Report(MigrationContext context, MigrationOperation operation, string what, string how, string data) =>
        context.Report(Descriptor, DiagnosticSeverity.Info, operation.Span, context.Migration.ClassName, what, how, data);

    /// <summary>What the re-added column holds in every existing row: what a generated or scaffolded Down gives it.</summary>
    private static string ReAddedWith(ColumnDefinition? column) => column switch
    {
        null or { IsNullable: true } => "empty",
        { DefaultValue: not null } or { DefaultValueSql: not null } => "with its default in every row",
        _ => "with EF's placeholder value in every row",
    };
}
