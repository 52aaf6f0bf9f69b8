using SafeMigrations.Analyzers.Infrastructure;
using SafeMigrations.Analyzers.Model;

namespace SafeMigrations.Analyzers.Rollback;

/// <summary>One statement of a generated <c>Down</c>: C# code for a <c>migrationBuilder</c> call, and the provider branch it sits in.</summary>
internal sealed record RollbackStatement(string Code, ProviderBranch Branch);

/// <summary>An <c>Up</c> operation the planner cannot invert, and why (reported as SM3003).</summary>
internal sealed record RollbackProblem(string Operation, string Reason, SourceSpan Span);

/// <summary>The inverse of a migration's <c>Up</c>: the statements of <c>Down</c>, or the problems that prevent it.</summary>
internal sealed record RollbackPlan(EquatableArray<RollbackStatement> Statements, EquatableArray<RollbackProblem> Problems)
{
    public bool CanGenerate => Problems.IsEmpty;
}
