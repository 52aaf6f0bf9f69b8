using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.TestKit.Scaffolding;
using Xunit.Abstractions;

namespace SafeMigrations.Analyzers.Tests.Corpus;

/// <summary>
/// Deterministic random truncations, deletions and insertions (characters and tokens) in corpus migration
/// files and their Designer files: the analyzer must never throw (AD0001).
/// </summary>
[Collection("Corpus")]
public class FuzzTests
{
    private const int MutationsPerProvider = 300;

    private static readonly string[] Tokens =
    [
        "(", ")", "{", "}", "[", "]", ";", ",", ".", "\"", "'", "=>", "=", ":", "?", "!", "<", ">", "@", "#", "/*", "//", "\n",
        "migrationBuilder.", "migrationBuilder.DropTable(", "b.Property<int>(", "name:", "table:", "columns:", "new", "null", "default", "0",
        "-1", "true", "nameof(x)", "typeof(int)", "new[] {", "\"\"", "Up", "Down", "partial", "override", "protected", "void", "string", "var",
    ];

    private readonly ITestOutputHelper output;

    public FuzzTests(ITestOutputHelper output) => this.output = output;

    public static TheoryData<TestProvider> Providers => new() { TestProvider.PostgreSql, TestProvider.SqlServer, TestProvider.Sqlite };

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Mutated_migrations_and_Designers_analyse_without_AD0001(TestProvider provider)
    {
        var clock = Stopwatch.StartNew();
        var project = CorpusGenerator.Projects(provider)[0];
        var random = new Random(4242 + (int)provider);
        var failures = new List<string>();
        var kinds = new Dictionary<string, int>();
        var mutations = 0;

        // Ten migrations spread over the history; each analysed with its Designer, the previous Designer and the context.
        var picks = Enumerable.Range(0, 10).Select(i => 1 + (i * (project.History.Count - 1) / 10)).ToList();
        foreach (var index in picks)
        {
            var migration = project.History[index];
            var previous = project.History[index - 1];
            var migrationPath = MigrationProject.PathOf(migration);
            var designerPath = "/Migrations/" + migration.DesignerFileName;
            var sources = project.Sources.Where(s => s.Path == migrationPath || s.Path == designerPath
                || s.Path == "/Migrations/" + previous.DesignerFileName || s.Path == "/ShopContext.cs").ToList();
            var compilation = CompilationHarness.Compile(sources);
            for (var m = 0; m < MutationsPerProvider / picks.Count; m++)
            {
                var path = random.Next(3) == 0 ? designerPath : migrationPath;
                var tree = compilation.SyntaxTrees.Single(t => t.FilePath == path);
                var text = tree.GetText().ToString();
                var (kind, mutated) = Mutate(random, text);
                kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
                var mutatedTree = CSharpSyntaxTree.ParseText(mutated, (CSharpParseOptions)tree.Options, path);
                var diagnostics = await CompilationHarness.AnalyzeAsync(compilation.ReplaceSyntaxTree(tree, mutatedTree), new SafeMigrationsAnalyzer());
                mutations++;
                foreach (var d in diagnostics.Where(d => d.Id == "AD0001"))
                {
                    failures.Add($"{migration.Name} {Path.GetFileName(path)} {kind}: {d.GetMessage()}");
                    File.WriteAllText(Path.Combine(Path.GetTempPath(), $"fuzz_{provider}_{mutations}.cs"), mutated);
                }
            }
        }

        output.WriteLine($"{provider}: {mutations} mutations ({string.Join(", ", kinds.OrderBy(k => k.Key).Select(k => $"{k.Key}={k.Value}"))}) in {clock.Elapsed.TotalSeconds:0.0}s, {failures.Count} AD0001");
        foreach (var failure in failures.Take(20))
        {
            output.WriteLine(failure);
        }

        Assert.Empty(failures);
    }

    private static (string Kind, string Text) Mutate(Random random, string text)
    {
        var at = random.Next(text.Length + 1);
        switch (random.Next(5))
        {
            case 0:
                return ("truncate", text[..at]);
            case 1:
                var length = Math.Min(text.Length - at, random.Next(1, 40));
                return ("delete-chars", text.Remove(at, length));
            case 2:
                {
                    // Delete one to three whole tokens.
                    var tokens = CSharpSyntaxTree.ParseText(text).GetRoot().DescendantTokens().ToList();
                    if (tokens.Count == 0)
                    {
                        return ("truncate", text[..at]);
                    }

                    var first = random.Next(tokens.Count);
                    var last = Math.Min(tokens.Count - 1, first + random.Next(3));
                    var start = tokens[first].SpanStart;
                    return ("delete-tokens", text.Remove(start, tokens[last].Span.End - start));
                }

            case 3:
                return ("insert-token", text.Insert(at, Tokens[random.Next(Tokens.Length)]));
            default:
                return ("insert-chars", text.Insert(at, new string(Enumerable.Range(0, random.Next(1, 6)).Select(_ => (char)random.Next(32, 127)).ToArray())));
        }
    }
}
