using System.Collections.Generic;
using SafeMigrations.Analyzers.Infrastructure;
using SafeMigrations.Analyzers.Model;

namespace SafeMigrations.Analyzers.Rollback;

/// <summary>
/// One statement of a generated <c>Down</c>: C# code for a <c>migrationBuilder</c> call, the provider branch it sits in,
/// and the operation the syntax reader reads from the code when the planner built it alongside (SM3002 compares
/// operations, and parsing every planned Down again was most of its cost). A plan made for SM3002 alone
/// (<see cref="PlanOutput.Operations"/>) writes no code for the statements it has an operation for.
/// </summary>
internal sealed record RollbackStatement(string Code, ProviderBranch Branch, MigrationOperation? Operation = null);

/// <summary>
/// An inverse call as the planner writes it: its code, and the operation it stands for when the planner knows it. A class, so
/// its lists are the framework's precompiled shared code (over a struct, a fresh csc process JIT-compiled them).
/// </summary>
internal sealed record PlannedCall(string Code, MigrationOperation? Operation);

/// <summary>What a plan is made for: the generator and the code fixes need the code; SM3002 needs the operations.</summary>
internal enum PlanOutput
{
    Code,
    Operations,
}

/// <summary>The inverse calls of one Up operation, written as the plan's output asks.</summary>
internal sealed class PlannedCalls : List<PlannedCall>
{
    public PlannedCalls(PlanOutput output)
    {
        WritesCode = output == PlanOutput.Code;
        BuildsOperations = output == PlanOutput.Operations;
    }

    /// <summary>False for a plan made only to be compared: its statements' code is empty.</summary>
    public bool WritesCode { get; }

    public bool BuildsOperations { get; }

    public void Add(CallWriter call) => Add(new PlannedCall(WritesCode ? call.Write() : string.Empty, BuildsOperations ? call.Operation() : null));

    /// <summary>A call only its code says (the comparison parses it).</summary>
    public void AddCode(string code) => Add(new PlannedCall(code, null));
}

/// <summary>An <c>Up</c> operation the planner cannot invert, and why (reported as SM3003).</summary>
internal sealed record RollbackProblem(string Operation, string Reason, SourceSpan Span);

/// <summary>The inverse of a migration's <c>Up</c>: the statements of <c>Down</c>, or the problems that prevent it.</summary>
internal sealed record RollbackPlan(EquatableArray<RollbackStatement> Statements, EquatableArray<RollbackProblem> Problems)
{
    public bool CanGenerate => Problems.IsEmpty;
}
