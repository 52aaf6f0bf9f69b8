using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SafeMigrations.Benchmarks;

/// <summary>
/// A generator that looks for an attribute nobody uses, with <c>ForAttributeWithMetadataName</c>, and writes nothing:
/// what every .NET SDK build already pays (the SDK's own generators, System.Text.Json, Regex, LibraryImport, look
/// for their attributes the same way, and the driver walks each tree once for all of them). The rollback generator's
/// own cost is the time it adds to a driver that runs this one.
/// </summary>
#pragma warning disable RS1036, RS1038, RS1041 // Not shipped: a measuring stick, created directly.
[Generator(LanguageNames.CSharp)]
internal sealed class AttributeScanGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var found = context.SyntaxProvider.ForAttributeWithMetadataName(
            "Benchmark.NeverUsedAttribute",
            static (node, _) => node is ClassDeclarationSyntax,
            static (attribute, _) => attribute.TargetSymbol.Name);
        context.RegisterSourceOutput(found, static (_, _) => { });
    }
}
