using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using SafeMigrations.Analyzers.Rules;

namespace SafeMigrations.Analyzers.Tests;

/// <summary>Every rule has one descriptor, a help link computed from its ID, a docs page and a release-tracking line.</summary>
public class RuleCatalogueTests
{
    private static readonly string RepoRoot = FindRepoRoot();

    public static TheoryData<string> RuleIds()
    {
        var data = new TheoryData<string>();
        foreach (var id in new SafeMigrationsAnalyzer().SupportedDiagnostics.Select(d => d.Id).Distinct())
        {
            data.Add(id);
        }

        return data;
    }

    /// <summary>The rule's first descriptor, whose title heads its page; a second message of a rule (SM3003's) comes after it.</summary>
    private static DiagnosticDescriptor Descriptor(string id) => new SafeMigrationsAnalyzer().SupportedDiagnostics.First(d => d.Id == id);

    [Fact]
    public void A_rule_with_two_messages_keeps_one_category_and_default_severity()
    {
        // Release tracking, the presets and dotnet_diagnostic.<id>.severity know one category and severity per ID.
        foreach (var rule in new SafeMigrationsAnalyzer().SupportedDiagnostics.GroupBy(d => d.Id))
        {
            Assert.Single(rule.Select(d => (d.Category, d.DefaultSeverity, d.HelpLinkUri)).Distinct());
        }

        Assert.Equal(2, new SafeMigrationsAnalyzer().SupportedDiagnostics.Count(d => d.Id == "SM3003"));
    }

    [Fact]
    public void Every_descriptor_in_the_catalogue_is_reported_by_the_analyzer()
    {
        var catalogue = typeof(Descriptors).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
            .Select(d => d.Id)
            .OrderBy(id => id);

        Assert.Equal(catalogue, new SafeMigrationsAnalyzer().SupportedDiagnostics.Select(d => d.Id).OrderBy(id => id));
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Has_a_fixed_format_ID_and_a_help_link_to_its_docs_page(string id)
    {
        Assert.Matches(new Regex("^SM[1-49][0-9]{3}$"), id);
        Assert.Equal(Descriptors.HelpLinkBase + id + ".md", Descriptor(id).HelpLinkUri);
        Assert.True(Uri.IsWellFormedUriString(Descriptor(id).HelpLinkUri, UriKind.Absolute));
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Has_a_docs_page_that_starts_with_its_ID_and_title(string id)
    {
        var page = Path.Combine(RepoRoot, "analyzers", "docs", "rules", id + ".md");

        Assert.True(File.Exists(page), $"missing {page}");
        Assert.StartsWith($"# {id}: {Descriptor(id).Title}", File.ReadAllText(page));
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Has_a_release_tracking_line_with_its_category_and_severity(string id)
    {
        var unshipped = File.ReadAllLines(Path.Combine(RepoRoot, "analyzers", "SafeMigrations.Analyzers", "AnalyzerReleases.Unshipped.md"));
        var descriptor = Descriptor(id);

        Assert.Contains(unshipped, line => Regex.IsMatch(line, $@"^{id}\s*\|\s*{descriptor.Category}\s*\|\s*{descriptor.DefaultSeverity}\s*\|"));
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Is_listed_in_the_README_rule_table_with_a_link(string id)
    {
        var readme = File.ReadAllText(Path.Combine(RepoRoot, "README.md"));

        Assert.Contains($"analyzers/docs/rules/{id}.md", readme);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Is_listed_in_the_package_page_rule_table_with_its_link_and_severity(string id)
    {
        // The package page (nuget/README.md) goes stale silently otherwise: it once listed 3 of 25 rules.
        var page = File.ReadAllText(Path.Combine(RepoRoot, "nuget", "README.md"));
        var severity = Descriptor(id).DefaultSeverity == Microsoft.CodeAnalysis.DiagnosticSeverity.Warning ? "warning" : "info";

        Assert.Matches($@"\| \[{id}\]\({Regex.Escape(SafeMigrations.Analyzers.Rules.Descriptors.HelpLink(id))}\) \| {severity} \|", page);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Has_a_page_section_on_configuring_and_suppressing_it(string id)
    {
        var page = File.ReadAllText(Path.Combine(RepoRoot, "analyzers", "docs", "rules", id + ".md"));
        var section = page[page.IndexOf("## Configure or suppress it", StringComparison.Ordinal)..];

        Assert.Contains($"dotnet_diagnostic.{id}.severity", section);
        Assert.Contains($"#pragma warning disable {id}", section);
        Assert.Contains($"[SuppressMessage(\"{Descriptor(id).Category}\", \"{id}\"", section);
        Assert.Contains($"<NoWarn>$(NoWarn);{id}</NoWarn>", section);
    }

    /// <summary>
    /// Strict sets every rule. Recommended sets only the info rules: an explicit severity wins over the CI mode (a user's
    /// <c>warning</c> keeps a rule a warning in CI), so a preset line for a warning rule, even <c>= warning</c>, would stop
    /// it failing the CI build. Nor SM3003, whose two messages have two defaults.
    /// </summary>
    [Theory]
    [InlineData("recommended")]
    [InlineData("strict")]
    public void Each_preset_sets_its_rules_and_recommended_leaves_the_warnings_to_the_CI_mode(string preset)
    {
        var lines = File.ReadAllLines(Path.Combine(RepoRoot, "build", $"EFCore.SafeMigrations.{preset}.globalconfig"));
        Assert.Contains("is_global = true", lines);
        Assert.Contains("global_level = -1", lines);
        foreach (var id in Enumerable.Select<object[], string>(RuleIds(), row => (string)row[0]))
        {
            var warning = Descriptor(id).DefaultSeverity == Microsoft.CodeAnalysis.DiagnosticSeverity.Warning;
            if (preset == "recommended" && (warning || id == "SM3003"))
            {
                Assert.DoesNotContain(lines, line => line.StartsWith($"dotnet_diagnostic.{id}.", StringComparison.Ordinal));
                continue;
            }

            var expected = preset == "strict" ? (warning ? "error" : "warning") : "suggestion";
            Assert.Contains($"dotnet_diagnostic.{id}.severity = {expected}", lines);
        }
    }

    private static string FindRepoRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Analyzers.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Analyzers.sln not found above " + AppContext.BaseDirectory);
    }
}
