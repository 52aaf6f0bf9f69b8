using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using SafeMigrations.TestKit.Scaffolding;

namespace SafeMigrations.Analyzers.Tests.Verifiers;

/// <summary>
/// Microsoft.CodeAnalysis.Testing's verifier, compiling against the real .NET 10 reference assemblies
/// and the real EF Core and provider assemblies.
/// </summary>
public static class AnalyzerVerifier
{
    // The registry copy lacks the exact Microsoft.NETCore.App.Ref versions of ReferenceAssemblies.Net.*.
    public static readonly ReferenceAssemblies Net10 = new("net10.0", new PackageIdentity("Microsoft.NETCore.App.Ref", "10.0.14"), Path.Combine("ref", "net10.0"));


    public static Task VerifyAsync(MigrationProject project, params DiagnosticResult[] expected) =>
        VerifyAsync(project, editorConfig: null, expected);

    /// <param name="editorConfig">Lines under <c>[*]</c> in the project's .editorconfig, such as <c>safe_migrations.provider = sqlite</c>.</param>
    public static Task VerifyAsync(MigrationProject project, string? editorConfig, params DiagnosticResult[] expected) =>
        VerifyAsync(
            project.Sources,
            project.DownOutOfStep ? (editorConfig is null ? string.Empty : editorConfig + "\n") + "dotnet_diagnostic.SM3002.severity = none" : editorConfig,
            globalConfig: null,
            expected);

    public static async Task VerifyAsync(
        IEnumerable<(string Path, string Source)> sources,
        string? editorConfig,
        string? globalConfig,
        params DiagnosticResult[] expected)
    {
        var test = Create<SafeMigrationsAnalyzer>();
        foreach (var source in sources)
        {
            test.TestState.Sources.Add(source);
        }

        if (editorConfig is not null)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*]\n" + editorConfig + "\n"));
        }

        if (globalConfig is not null)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\n" + globalConfig + "\n"));
        }

        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync();
    }

    public static CSharpAnalyzerTest<TAnalyzer, DefaultVerifier> Create<TAnalyzer>()
        where TAnalyzer : Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer, new()
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier> { ReferenceAssemblies = Net10 };
        test.TestState.AdditionalReferences.AddRange(CompilationHarness.EfReferences);

        // The package puts the runtime library in lib/, so every project the analyzer runs on references it.
        test.TestState.AdditionalReferences.Add(Rollback.RollbackHarness.RuntimeReference);
        test.SolutionTransforms.Add(SuppressBindingRedirectWarnings);
        return test;
    }

    /// <summary>
    /// Npgsql's EF provider is built against an older EF Core patch: csc hides the resulting CS1701/CS1702
    /// by default, a hand-built compilation does not.
    /// </summary>
    public static Solution SuppressBindingRedirectWarnings(Solution solution, ProjectId projectId)
    {
        var options = solution.GetProject(projectId)!.CompilationOptions!;
        options = options.WithSpecificDiagnosticOptions(options.SpecificDiagnosticOptions
            .SetItem("CS1701", ReportDiagnostic.Suppress)
            .SetItem("CS1702", ReportDiagnostic.Suppress));
        return solution.WithProjectCompilationOptions(projectId, options);
    }
}
