using Microsoft.CodeAnalysis;
using SafeMigrations.Analyzers.Context;

namespace SafeMigrations.Analyzers.Rules;

/// <summary>
/// SM9002: a <c>safe_migrations.*</c> setting whose value cannot be right (an unknown provider, a
/// <c>start_after</c> that names no migration or lies after all of them), which would otherwise turn rules on or
/// off without a word. Reported once, on the newest migration, and whatever <c>start_after</c> says.
/// </summary>
internal sealed class InvalidSettingRule : MigrationRule
{
    public override DiagnosticDescriptor Descriptor => Descriptors.SM9002_InvalidSetting;

    public override bool AnalyzesBeforeStart(MigrationHeader header) => header.HasSettingProblems;

    public override void Analyze(MigrationContext context)
    {
        foreach (var (key, value, why) in context.SettingProblems)
        {
            context.Report(Descriptor, context.Migration.Identifier, key, value, why);
        }
    }
}
