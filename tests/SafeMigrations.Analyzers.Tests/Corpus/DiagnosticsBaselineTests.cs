using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using SafeMigrations.Analyzers.Tests.Rollback;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.TestKit.Scaffolding;
using Xunit.Abstractions;

namespace SafeMigrations.Analyzers.Tests.Corpus;

/// <summary>
/// Every diagnostic the analyzer reports on <see cref="CorpusGenerator"/>'s scaffolded histories (as they are, and
/// with <c>[GenerateRollback]</c> on every migration), with its file, span, message and fix properties, compared
/// line by line with a baseline recorded before a change. A performance change to the reading or the context
/// (what is read when, what is cached) must leave every line as it was. After a change that is meant to alter
/// findings, record the baseline again: <c>SAFE_MIGRATIONS_UPDATE_BASELINE=1 dotnet test --filter DiagnosticsBaseline</c>,
/// and review the diff.
/// </summary>
[Collection("Corpus")]
public class DiagnosticsBaselineTests
{
    private readonly ITestOutputHelper output;

    public DiagnosticsBaselineTests(ITestOutputHelper output) => this.output = output;

    public static TheoryData<TestProvider> Providers => new() { TestProvider.PostgreSql, TestProvider.SqlServer, TestProvider.Sqlite };

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Diagnostics_on_the_scaffolded_histories_match_the_baseline(TestProvider provider)
    {
        var lines = new List<string>();
        var history = 0;
        foreach (var project in CorpusGenerator.Projects(provider))
        {
            history++;
            var marked = RollbackHarness.MarkForRollback(MigrationProject.From(project.History));
            foreach (var (variant, compilation) in new[] { ("as scaffolded", CompilationHarness.Compile(project.Sources)), ("[GenerateRollback]", RollbackHarness.Compile(marked.Sources)) })
            {
                var diagnostics = await CompilationHarness.AnalyzeAsync(compilation, new SafeMigrationsAnalyzer());
                lines.AddRange(diagnostics.Select(d => $"h{history} {variant} {Line(d)}"));
            }
        }

        lines.Sort(StringComparer.Ordinal);
        var path = BaselinePath(provider);
        if (Environment.GetEnvironmentVariable("SAFE_MIGRATIONS_UPDATE_BASELINE") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllLinesAsync(path, lines);
            output.WriteLine($"recorded {lines.Count} diagnostics in {path}");
            return;
        }

        // The baseline is of the default corpus size; a run with another size has nothing to compare with.
        if (CorpusGenerator.Histories != 3)
        {
            output.WriteLine($"SAFE_MIGRATIONS_CORPUS_HISTORIES={CorpusGenerator.Histories}: no baseline for this size, {lines.Count} diagnostics not compared");
            return;
        }

        var expected = await File.ReadAllLinesAsync(path);
        var missing = expected.Except(lines, StringComparer.Ordinal).ToList();
        var extra = lines.Except(expected, StringComparer.Ordinal).ToList();
        output.WriteLine($"{provider}: {lines.Count} diagnostics, baseline {expected.Length}; missing {missing.Count}, new {extra.Count}");
        foreach (var line in missing.Take(20))
        {
            output.WriteLine("- " + line);
        }

        foreach (var line in extra.Take(20))
        {
            output.WriteLine("+ " + line);
        }

        Assert.Equal(expected, lines);
    }

    private static string Line(Diagnostic d)
    {
        var span = d.Location.IsInSource ? $"{Path.GetFileName(d.Location.SourceTree!.FilePath)}:{d.Location.SourceSpan.Start}+{d.Location.SourceSpan.Length}" : "<none>";
        var properties = string.Join(";", d.Properties.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
        return $"{span} {d.Id} {d.Severity} {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)} [{properties}]".ReplaceLineEndings("\\n");
    }

    private static string BaselinePath(TestProvider provider, [CallerFilePath] string here = "") =>
        Path.Combine(Path.GetDirectoryName(here)!, "Baselines", $"diagnostics-{provider.ToString().ToLowerInvariant()}.txt");
}
