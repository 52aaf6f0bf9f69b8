using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace SafeMigrations.PackageTests;

/// <summary>
/// The analyzer and code-fix DLLs load in the oldest host the package claims, Roslyn 4.8 (Visual Studio 17.8,
/// .NET SDK 8.0.100): they reference no assembly newer than that host ships. A newer reference (the code fixes
/// once referenced System.Composition.AttributedModel 8.0.0.0) makes the host skip the fixes without a word.
/// </summary>
public sealed partial class PackageTests
{
    // What Roslyn 4.8 and its hosts carry; the analyzers may reference these versions or older ones.
    private static readonly Dictionary<string, Version> OldestHost = new(StringComparer.Ordinal)
    {
        ["Microsoft.CodeAnalysis"] = new(4, 8, 0, 0),
        ["Microsoft.CodeAnalysis.CSharp"] = new(4, 8, 0, 0),
        ["Microsoft.CodeAnalysis.Workspaces"] = new(4, 8, 0, 0),
        ["Microsoft.CodeAnalysis.CSharp.Workspaces"] = new(4, 8, 0, 0),
        ["System.Collections.Immutable"] = new(7, 0, 0, 0),
        ["System.Reflection.Metadata"] = new(7, 0, 0, 0),
        ["System.Composition.AttributedModel"] = new(7, 0, 0, 0),
        ["System.Memory"] = new(4, 0, 1, 2),
        ["netstandard"] = new(2, 0, 0, 0),
    };

    [Theory]
    [InlineData("analyzers/dotnet/cs/SafeMigrations.Analyzers.dll")]
    [InlineData("analyzers/dotnet/cs/SafeMigrations.CodeFixes.dll")]
    [InlineData("readytorun/linux-x64/SafeMigrations.Analyzers.dll")]
    public void Shipped_analyzer_DLLs_reference_nothing_newer_than_Roslyn_4_8_hosts(string entry)
    {
        using var reader = new PEReader(new MemoryStream(ReadPackageEntry(entry)));
        var metadata = reader.GetMetadataReader();
        var shipped = new[] { "SafeMigrations.Analyzers", "Microsoft.SqlServer.TransactSql.ScriptDom" };
        var references = metadata.AssemblyReferences.Select(h => metadata.GetAssemblyReference(h)).Select(r => (Name: metadata.GetString(r.Name), r.Version)).ToList();
        Assert.NotEmpty(references);
        foreach (var (name, version) in references.Where(r => !shipped.Contains(r.Name)))
        {
            Assert.True(OldestHost.TryGetValue(name, out var most), $"{entry} references {name} {version}, which a Roslyn 4.8 host may not have");
            Assert.True(version <= most, $"{entry} references {name} {version}; the oldest host has {most}");
        }
    }
}
