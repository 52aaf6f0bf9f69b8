using Microsoft.CodeAnalysis;
using SafeMigrations.Analyzers.Context;
using SafeMigrations.Analyzers.Model;

namespace SafeMigrations.Analyzers.Rules;

/// <summary>
/// SM9001: no provider could be detected, so provider-specific rules are off for this migration. Stays
/// quiet when every operation sits in an explicit provider branch, because then each one has its provider.
/// </summary>
internal sealed class ProviderUnknownRule : MigrationRule
{
    public override DiagnosticDescriptor Descriptor => Descriptors.SM9001_ProviderUnknown;

    public override void Analyze(MigrationContext context)
    {
        if (context.DetectedProvider == DatabaseProvider.Unknown && context.AnyUpOperationOn(DatabaseProvider.Unknown))
        {
            context.Report(Descriptor, context.Migration.Identifier, context.Migration.ClassName);
        }
    }
}
