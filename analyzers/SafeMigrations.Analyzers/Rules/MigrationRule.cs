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

    /// <summary>False for rules that still apply before <c>start_after</c> (none yet).</summary>
    public virtual bool RespectsStartAfter => true;

    public abstract void Analyze(MigrationContext context);
}
