using Microsoft.CodeAnalysis;
using SafeMigrations.Analyzers.Context;

namespace SafeMigrations.Analyzers.Rules;

/// <summary>
/// SM4001 (Info): a <c>Sql(...)</c> call that holds SQL the analyzer cannot read: not a constant, not
/// parseable, or a statement it does not know. What it can read is reported under the typed rules' IDs.
/// </summary>
internal sealed class SqlNotCheckedRule : MigrationRule
{
    public override DiagnosticDescriptor Descriptor => Descriptors.SM4001_SqlNotChecked;

    public override void Analyze(MigrationContext context)
    {
        foreach (var (sql, reason) in context.UncheckedSql)
        {
            context.Report(Descriptor, sql.Span, reason);
        }
    }
}
