using SafeMigrations.Analyzers.Infrastructure;
using SafeMigrations.Analyzers.Model;

namespace SafeMigrations.Analyzers.Rollback;

/// <summary>
/// One statement of a generated <c>Down</c>: C# code for a <c>migrationBuilder</c> call, the provider branch it sits in,
/// and the operation the syntax reader reads from the code when the planner built it alongside (SM3002 compares
/// operations, and parsing every planned Down again was most of its cost).
/// </summary>
internal sealed record RollbackStatement(string Code, ProviderBranch Branch, MigrationOperation? Operation = null);

/// <summary>An inverse call as the planner writes it: its code, and the operation it stands for when the planner knows it.</summary>
internal readonly record struct PlannedCall(string Code, MigrationOperation? Operation)
{
    public static PlannedCall CodeOnly(string code) => new(code, null);
}

/// <summary>An <c>Up</c> operation the planner cannot invert, and why (reported as SM3003).</summary>
internal sealed record RollbackProblem(string Operation, string Reason, SourceSpan Span);

/// <summary>The inverse of a migration's <c>Up</c>: the statements of <c>Down</c>, or the problems that prevent it.</summary>
internal sealed record RollbackPlan(EquatableArray<RollbackStatement> Statements, EquatableArray<RollbackProblem> Problems)
{
    public bool CanGenerate => Problems.IsEmpty;
}
