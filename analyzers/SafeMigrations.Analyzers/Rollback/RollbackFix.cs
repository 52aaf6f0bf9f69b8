using System.Collections.Immutable;
using SafeMigrations.Analyzers.Context;

namespace SafeMigrations.Analyzers.Rollback;

/// <summary>
/// What the "Use the generated rollback" code fix needs to know from the analyzer: whether the generator
/// can invert every operation, and can declare a Down in the class. The fix is offered only then, so its output always
/// gets a Down.
/// </summary>
internal static class RollbackFix
{
    public const string CanGenerateProperty = "SafeMigrations.CanGenerateRollback";

    private static readonly ImmutableDictionary<string, string?> Yes = ImmutableDictionary<string, string?>.Empty.Add(CanGenerateProperty, "true");

    public static ImmutableDictionary<string, string?> Properties(Model.MigrationModel migration, RollbackPlan plan) =>
        plan.CanGenerate && migration.CanHoldGeneratedDown ? Yes : ImmutableDictionary<string, string?>.Empty;

    public static ImmutableDictionary<string, string?> Properties(MigrationContext context) =>
        context.Migration.CanHoldGeneratedDown
            ? Properties(context.Migration, RollbackPlanner.Plan(context.Migration, context.Previous, PlanOutput.Operations))
            : ImmutableDictionary<string, string?>.Empty;
}
