using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using EFCore.SafeMigrations;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using SafeMigrations.Analyzers;
using SafeMigrations.TestKit.Scaffolding;

/// <summary>
/// A scaffolded history after a code fix, as the IDE would leave it: the sources in a Roslyn workspace project,
/// the analyzer's real diagnostic, the fix's one code action applied, the changed project compiled and loaded. Each
/// migration after the base one gives its <c>Up</c> operations (for Npgsql) and what its <c>Up</c> calls.
/// </summary>
internal static class FixedHistory
{
    public const string Npgsql = "Npgsql.EntityFrameworkCore.PostgreSQL";

    private static readonly MetadataReference[] References =
    [
        .. Basic.Reference.Assemblies.Net100.References.All,
        .. Scaffolder.References.Select(path => MetadataReference.CreateFromFile(path)),
        MetadataReference.CreateFromFile(typeof(SafeMigrationBuilderExtensions).Assembly.Location),
    ];

    /// <summary>Applies <paramref name="fix"/> to the first <paramref name="diagnosticId"/> of the history.</summary>
    public static async Task<IReadOnlyList<Migrated>> ApplyAsync(IReadOnlyList<ScaffoldedMigration> history, CodeFixProvider fix, string diagnosticId)
    {
        var id = ProjectId.CreateNewId();
        var solution = new AdhocWorkspace().CurrentSolution.AddProject(
            ProjectInfo.Create(id, VersionStamp.Default, "Migrations", "Migrations", LanguageNames.CSharp, filePath: "/Migrations.csproj")
                .WithCompilationOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)
                    .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic> { ["CS1701"] = ReportDiagnostic.Suppress, ["CS1702"] = ReportDiagnostic.Suppress }))
                .WithParseOptions(CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest))
                .WithMetadataReferences(References));
        var sources = history.SelectMany(m => new[] { (m.MigrationFileName, m.MigrationCode), (m.DesignerFileName, m.DesignerCode) })
            .Append((history[^1].SnapshotFileName, history[^1].SnapshotCode));
        foreach (var (file, code) in sources)
        {
            solution = solution.AddDocument(DocumentId.CreateNewId(id), file, SourceText.From(code), ["Migrations"], "/Migrations/" + file);
        }

        solution = solution
            .AddDocument(DocumentId.CreateNewId(id), "ShopContext.cs", SourceText.From(Scaffolder.DbContextSource()), filePath: "/ShopContext.cs")
            .AddAnalyzerConfigDocument(DocumentId.CreateNewId(id), ".editorconfig", SourceText.From("root = true\n\n[*]\nsafe_migrations.provider = postgresql\n"), filePath: "/.editorconfig");
        var project = solution.GetProject(id)!;

        var diagnostics = await (await project.GetCompilationAsync())!
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new SafeMigrationsAnalyzer()), project.AnalyzerOptions)
            .GetAnalyzerDiagnosticsAsync();
        var diagnostic = diagnostics.FirstOrDefault(d => d.Id == diagnosticId)
            ?? throw new InvalidOperationException($"{diagnosticId} is not reported on the scaffolded history: {string.Join(", ", diagnostics.Select(d => d.Id))}");
        var actions = new List<CodeAction>();
        await fix.RegisterCodeFixesAsync(new CodeFixContext(project.GetDocument(diagnostic.Location.SourceTree)!, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
        var changed = (await actions.Single().GetOperationsAsync(CancellationToken.None)).OfType<ApplyChangesOperation>().Single().ChangedSolution.GetProject(id)!;

        // Up needs no rollback generator: it only writes Down.
        var compilation = (await changed.GetCompilationAsync())!;
        using var stream = new MemoryStream();
        var emitted = compilation.Emit(stream);
        if (!emitted.Success)
        {
            throw new InvalidOperationException("The fixed project does not compile:\n" + string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        }

        stream.Position = 0;
        var assembly = new AssemblyLoadContext(diagnosticId).LoadFromStream(stream);
        return assembly.GetTypes()
            .Where(t => t.GetCustomAttribute<MigrationAttribute>() is not null)
            .OrderBy(t => t.GetCustomAttribute<MigrationAttribute>()!.Id, StringComparer.Ordinal)
            .Skip(1)
            .Select(type =>
            {
                var migration = (Migration)Activator.CreateInstance(type)!;
                migration.ActiveProvider = Npgsql;
                var up = compilation.SyntaxTrees.SelectMany(t => t.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>())
                    .Single(m => m.Identifier.ValueText == "Up" && m.Parent is ClassDeclarationSyntax c && c.Identifier.ValueText == type.Name);
                return new Migrated(Calls(up), migration.UpOperations, type.GetCustomAttributesData().Any(a => a.AttributeType.Name == "ContractOfAttribute"));
            })
            .ToList();
    }

    /// <summary>What a migration's <c>Up</c> calls, for the table: <c>CreateIndex + Npgsql:CreatedConcurrently, ...</c>.</summary>
    public static string Calls(string migrationCode) =>
        Calls(CSharpSyntaxTree.ParseText(migrationCode).GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().First(m => m.Identifier.ValueText == "Up"));

    private static string Calls(MethodDeclarationSyntax up) => string.Join(", ", up.Body!.Statements.OfType<ExpressionStatementSyntax>().Select(statement =>
    {
        var invocations = statement.DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>()
            .Where(i => i.Expression is MemberAccessExpressionSyntax).ToList();
        var call = invocations.Last(i => ((MemberAccessExpressionSyntax)i.Expression).Expression is IdentifierNameSyntax { Identifier.ValueText: "migrationBuilder" });
        var annotations = invocations.Where(i => ((MemberAccessExpressionSyntax)i.Expression).Name.Identifier.ValueText == "Annotation")
            .Select(i => i.ArgumentList.Arguments[0].Expression is LiteralExpressionSyntax literal ? literal.Token.ValueText : "?");
        var name = ((MemberAccessExpressionSyntax)call.Expression).Name.Identifier.ValueText;
        if (name == "Sql" && call.ArgumentList.Arguments[0].Expression is LiteralExpressionSyntax sql)
        {
            name += " " + sql.Token.ValueText.Trim().TrimEnd(';');
        }

        // The batch size decides how long a writer can wait behind one batch: show it as the helpers' labels do.
        if (call.ArgumentList.Arguments.FirstOrDefault(a => a.NameColon?.Name.Identifier.ValueText == "batchSize") is { } batch)
        {
            name += " batchSize: " + batch.Expression;
        }

        return string.Join(" + ", annotations.Prepend(name));
    }));

    /// <summary>
    /// One migration of the fixed history: what its Up calls, its operations, and whether it is a contract
    /// (<c>[ContractOf]</c>: UseSafeMigrations applies it on the next deployment, once the new app version runs).
    /// </summary>
    internal sealed record Migrated(string Calls, IReadOnlyList<MigrationOperation> Operations, bool IsContract);
}
