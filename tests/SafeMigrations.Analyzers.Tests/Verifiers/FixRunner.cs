using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace SafeMigrations.Analyzers.Tests.Verifiers;

/// <summary>
/// Applies a code fix the way the IDE and <c>dotnet format</c> do: a workspace project with the sources, the EF
/// and runtime references and an .editorconfig; the analyzer's real diagnostics; the fix's code action (or its
/// fix-all at project scope); the changed solution's documents, added ones included.
/// </summary>
public sealed class FixRunner
{
    private readonly Project project;

    private FixRunner(Project project) => this.project = project;

    public static FixRunner For(IEnumerable<(string Path, string Source)> sources, string editorConfig)
    {
        var workspace = new AdhocWorkspace();
        var id = ProjectId.CreateNewId();
        var references = Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>()
            .Concat(CompilationHarness.EfReferences)
            .Append(Rollback.RollbackHarness.RuntimeReference);
        var solution = workspace.CurrentSolution
            .AddProject(ProjectInfo.Create(id, VersionStamp.Default, "Migrations", "Migrations", LanguageNames.CSharp, filePath: "/Migrations.csproj")
                .WithCompilationOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)
                    .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic> { ["CS1701"] = ReportDiagnostic.Suppress, ["CS1702"] = ReportDiagnostic.Suppress }))
                .WithParseOptions(CompilationHarness.ParseOptions)
                .WithMetadataReferences(references));
        foreach (var (path, source) in sources)
        {
            var folders = Path.GetDirectoryName(path)!.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
            solution = solution.AddDocument(DocumentId.CreateNewId(id), Path.GetFileName(path), SourceText.From(source), folders, path);
        }

        solution = solution.AddAnalyzerConfigDocument(DocumentId.CreateNewId(id), ".editorconfig", SourceText.From("root = true\n\n[*]\n" + editorConfig + "\n"), filePath: "/.editorconfig");
        return new FixRunner(solution.GetProject(id)!);
    }

    public async Task<ImmutableArray<Diagnostic>> DiagnosticsAsync(Project? of = null)
    {
        of ??= project;
        var compilation = (await of.GetCompilationAsync())!;
        var withAnalyzers = compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new SafeMigrationsAnalyzer()), of.AnalyzerOptions);
        return (await withAnalyzers.GetAnalyzerDiagnosticsAsync()).Where(d => d.Severity > DiagnosticSeverity.Hidden).ToImmutableArray();
    }

    /// <summary>The code actions the fix offers for the <paramref name="occurrence"/>th diagnostic <paramref name="id"/>.</summary>
    public async Task<IReadOnlyList<CodeAction>> ActionsAsync(CodeFixProvider fix, string id, int occurrence = 0)
    {
        var diagnostic = (await DiagnosticsAsync()).Where(d => d.Id == id).OrderBy(d => d.Location.SourceTree!.FilePath).ThenBy(d => d.Location.SourceSpan.Start).ElementAt(occurrence);
        var document = project.GetDocument(diagnostic.Location.SourceTree)!;
        var actions = new List<CodeAction>();
        await fix.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
        return actions;
    }

    /// <summary>Applies the fix to one diagnostic and returns every source of the fixed project.</summary>
    public async Task<FixedProject> FixAsync(CodeFixProvider fix, string id, int occurrence = 0)
    {
        var actions = await ActionsAsync(fix, id, occurrence);
        Assert.True(actions.Count == 1, $"expected one fix for {id}, got {actions.Count}");
        return await ApplyAsync(actions[0]);
    }

    /// <summary>Applies the fix's fix-all to every diagnostic <paramref name="ids"/> of the project.</summary>
    public async Task<FixedProject> FixAllAsync(CodeFixProvider fix, params string[] ids)
    {
        var diagnostics = (await DiagnosticsAsync()).Where(d => ids.Contains(d.Id)).ToImmutableArray();
        Assert.NotEmpty(diagnostics);
        var first = project.GetDocument(diagnostics[0].Location.SourceTree)!;
        var key = (await ActionsAsync(fix, diagnostics[0].Id))[0].EquivalenceKey;
        var context = new FixAllContext(first, fix, FixAllScope.Project, key, ids, new Provider(diagnostics), CancellationToken.None);
        var action = await fix.GetFixAllProvider()!.GetFixAsync(context);
        return await ApplyAsync(action!);
    }

    private async Task<FixedProject> ApplyAsync(CodeAction action)
    {
        var operations = await action.GetOperationsAsync(CancellationToken.None);
        var changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution.GetProject(project.Id)!;
        var sources = new List<(string, string)>();
        foreach (var document in changed.Documents)
        {
            sources.Add((document.FilePath!, (await document.GetTextAsync()).ToString()));
        }

        return new FixedProject(sources, await DiagnosticsAsync(changed));
    }

    private sealed class Provider(ImmutableArray<Diagnostic> diagnostics) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            Task.FromResult(diagnostics.Where(d => d.Location.SourceTree?.FilePath == document.FilePath));

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult(Enumerable.Empty<Diagnostic>());

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);
    }
}

/// <summary>A project after a fix: its sources and what the analyzer reports on them.</summary>
public sealed record FixedProject(List<(string Path, string Source)> Sources, ImmutableArray<Diagnostic> Diagnostics)
{
    public string Source(string path) => Sources.Single(s => s.Path == path).Source;

    public string SourceEndingWith(string suffix) => Sources.Single(s => s.Path.EndsWith(suffix, StringComparison.Ordinal)).Source;

    public IEnumerable<string> Paths => Sources.Select(s => s.Path);

    /// <summary>Compiles with the rollback generator, as a build does; fails the test on any error.</summary>
    public Compilation Compile()
    {
        var (_, output) = Rollback.RollbackHarness.Run(Rollback.RollbackHarness.Compile(Sources));
        var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        return output;
    }
}
