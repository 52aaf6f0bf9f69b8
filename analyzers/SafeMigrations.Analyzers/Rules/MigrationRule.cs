using Microsoft.CodeAnalysis;
using SafeMigrations.Analyzers.Context;

namespace SafeMigrations.Analyzers.Rules;

/// <summary>
/// One rule: it reads the migration model through its context and reports findings. Rules hold no
/// state, so one instance serves every compilation.
/// </summary>
internal abstract class MigrationRule
{
    public abstract DiagnosticDescriptor Descriptor { get; }

    /// <summary>
    /// Whether the rule analyses a migration at or before <c>start_after</c>, decided from what is known before the
    /// migration is read. No rule does by default, and a migration no rule wants is not read at all.
    /// </summary>
    public virtual bool AnalyzesBeforeStart(MigrationHeader header) => false;

    public abstract void Analyze(MigrationContext context);
}

/// <summary>What is known of a migration before its <c>Up</c> and <c>Down</c> are read: its attributes and the project's settings.</summary>
/// <param name="HasGenerateRollback">The class carries <c>[GenerateRollback]</c>.</param>
/// <param name="HasSettingProblems">A setting cannot be right, and this is the migration they are reported on (the newest).</param>
internal readonly record struct MigrationHeader(bool HasGenerateRollback, bool HasSettingProblems);
