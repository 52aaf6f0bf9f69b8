using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using SafeMigrations.Analyzers.Tests.Corpus;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.TestKit.Scaffolding;
using Xunit.Abstractions;

namespace SafeMigrations.Analyzers.Tests.Precision;

/// <summary>
/// The scaffolded corpus rewritten into shapes real projects have, which mean exactly the same migrations: a
/// file-scoped namespace, table names held in constants, and Up and Down inside a branch on the detected provider.
/// Every rule must say the same thing about each variant as about the original, and no message may carry an empty
/// name.
/// </summary>
public class OddVariantsCorpusTests(ITestOutputHelper output)
{
    public static TheoryData<TestProvider, string> Cases => new()
    {
        { TestProvider.PostgreSql, "file-scoped" }, { TestProvider.PostgreSql, "constants" }, { TestProvider.PostgreSql, "provider-branch" },
        { TestProvider.SqlServer, "file-scoped" }, { TestProvider.SqlServer, "constants" }, { TestProvider.SqlServer, "provider-branch" },
        { TestProvider.Sqlite, "file-scoped" }, { TestProvider.Sqlite, "constants" }, { TestProvider.Sqlite, "provider-branch" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Every_rule_says_the_same_about_a_variant_that_means_the_same(TestProvider provider, string variant)
    {
        var project = CorpusGenerator.Projects(provider)[0];
        var original = await FindingsAsync(project.Sources);
        var rewritten = project.Sources.Select(s => IsMigration(s) ? (s.Path, Rewrite(s.Source, variant, provider)) : s).ToList();
        Assert.NotEqual(project.Sources.Select(s => s.Source), rewritten.Select(s => s.Item2));

        var findings = await FindingsAsync(rewritten);

        output.WriteLine($"{provider} {variant}: {original.Count} findings, {findings.Count} after");
        Assert.Equal(original, findings);
        Assert.NotEmpty(original);
    }

    private static bool IsMigration((string Path, string Source) source) =>
        source.Path.StartsWith("/Migrations/", StringComparison.Ordinal) && !source.Path.EndsWith(".Designer.cs", StringComparison.Ordinal) && !source.Path.Contains("Snapshot", StringComparison.Ordinal);

    /// <summary>Each finding as rule, file and message; a message with an empty name fails the test at once.</summary>
    private static async Task<List<string>> FindingsAsync(IEnumerable<(string Path, string Source)> sources)
    {
        var diagnostics = await CompilationHarness.AnalyzeAsync(CompilationHarness.Compile(sources).AddReferences(Rollback.RollbackHarness.RuntimeReference), new SafeMigrationsAnalyzer());
        var findings = new List<string>();
        foreach (var diagnostic in diagnostics)
        {
            var message = diagnostic.GetMessage();
            Assert.True(diagnostic.Id != "AD0001", message);
            Assert.False(message.Contains("''", StringComparison.Ordinal), $"{diagnostic.Id} has an empty name: {message}");
            findings.Add($"{diagnostic.Id} {diagnostic.Location.SourceTree?.FilePath} {message}");
        }

        findings.Sort(StringComparer.Ordinal);
        return findings;
    }

    private static string Rewrite(string code, string variant, TestProvider provider) => variant switch
    {
        "file-scoped" => FileScoped(code),
        "constants" => Constants(code),
        _ => InBranch(code, provider),
    };

    // namespace X { ... } becomes namespace X; ... with the body outdented.
    private static string FileScoped(string code)
    {
        var match = Regex.Match(code, @"namespace (?<name>[\w.]+)\n\{\n(?<body>.*)\n\}\s*$", RegexOptions.Singleline);
        return match.Success ? code[..match.Index] + "namespace " + match.Groups["name"].Value + ";\n\n" + Regex.Replace(match.Groups["body"].Value, "^    ", string.Empty, RegexOptions.Multiline) + "\n" : code;
    }

    // table: "Orders" becomes table: Names.Orders, with the constants in a nested class.
    private static string Constants(string code)
    {
        var tables = Regex.Matches(code, @"table: ""(?<t>\w+)""").Select(m => m.Groups["t"].Value).Distinct().ToList();
        if (tables.Count == 0)
        {
            return code;
        }

        code = Regex.Replace(code, @"table: ""(?<t>\w+)""", m => "table: Names." + m.Groups["t"].Value);
        var declaration = Regex.Match(code, @"public partial class \w+ : Migration\n(?<indent>\s*)\{\n");
        var indent = declaration.Groups["indent"].Value.TrimStart('\n') + "    ";
        var constants = indent + "private static class Names\n" + indent + "{\n"
            + string.Concat(tables.Select(t => indent + "    public const string " + t + " = \"" + t + "\";\n")) + indent + "}\n\n";
        return code.Insert(declaration.Index + declaration.Length, constants);
    }

    // Up's and Down's bodies inside if (migrationBuilder.ActiveProvider == "<provider>") { ... }.
    private static string InBranch(string code, TestProvider provider)
    {
        var name = provider switch
        {
            TestProvider.PostgreSql => "Npgsql.EntityFrameworkCore.PostgreSQL",
            TestProvider.SqlServer => "Microsoft.EntityFrameworkCore.SqlServer",
            _ => "Microsoft.EntityFrameworkCore.Sqlite",
        };
        return Regex.Replace(
            code,
            @"(?<head>protected override void (Up|Down)\(MigrationBuilder migrationBuilder\)\n(?<indent> *)\{\n)(?<body>.*?)\n\k<indent>\}",
            m => m.Groups["head"].Value + m.Groups["indent"].Value + "    if (migrationBuilder.ActiveProvider == \"" + name + "\")\n" + m.Groups["indent"].Value + "    {\n"
                 + m.Groups["body"].Value + "\n" + m.Groups["indent"].Value + "    }\n" + m.Groups["indent"].Value + "}",
            RegexOptions.Singleline);
    }
}
