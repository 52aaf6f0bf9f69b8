using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Testing;
using SafeMigrations.TestKit.Scaffolding;

namespace SafeMigrations.Analyzers.Tests.Verifiers;

/// <summary>
/// A project's worth of sources built from scaffolded migrations: each migration and its Designer, the
/// last snapshot and the DbContext, at the paths <c>dotnet ef</c> would use.
/// </summary>
public sealed class MigrationProject
{
    private MigrationProject(IReadOnlyList<ScaffoldedMigration> history, List<(string Path, string Source)> sources)
    {
        History = history;
        Sources = sources;
    }

    public IReadOnlyList<ScaffoldedMigration> History { get; }

    public List<(string Path, string Source)> Sources { get; }

    public ScaffoldedMigration Last => History[^1];

    public static MigrationProject Scaffold(TestProvider provider, params (string Name, Action<Microsoft.EntityFrameworkCore.ModelBuilder> Model)[] steps) =>
        From(Scaffolder.ScaffoldHistory(provider, steps));

    public static MigrationProject From(IReadOnlyList<ScaffoldedMigration> history)
    {
        var sources = new List<(string, string)>();
        foreach (var migration in history)
        {
            sources.Add((PathOf(migration), migration.MigrationCode));
            sources.Add(("/Migrations/" + migration.DesignerFileName, migration.DesignerCode));
        }

        sources.Add(("/Migrations/" + history[^1].SnapshotFileName, history[^1].SnapshotCode));
        sources.Add(("/ShopContext.cs", Scaffolder.DbContextSource()));
        return new MigrationProject(history, sources);
    }

    public static string PathOf(ScaffoldedMigration migration) => "/Migrations/" + migration.MigrationFileName;

    /// <summary>
    /// True once a hand edit changed a migration without keeping its Down in step, so SM3002 (Down does not
    /// reverse Up) would rightly fire; the verifier then switches SM3002 off for tests about other rules.
    /// </summary>
    public bool DownOutOfStep { get; private set; }

    /// <summary>Replaces the source of <paramref name="migration"/>'s main file, for hand edits of odd shapes.</summary>
    /// <param name="keepsDownInStep">True when the edit keeps Down the inverse of Up, or is about Down itself.</param>
    public MigrationProject WithMigrationCode(ScaffoldedMigration migration, Func<string, string> edit, bool keepsDownInStep = false)
    {
        DownOutOfStep |= !keepsDownInStep;
        var path = PathOf(migration);
        var index = Sources.FindIndex(s => s.Path == path);
        Sources[index] = (path, edit(Sources[index].Source));
        return this;
    }

    public string SourceOf(ScaffoldedMigration migration) => Sources.Single(s => s.Path == PathOf(migration)).Source;

    /// <summary>Replaces the source of <paramref name="migration"/>'s Designer, for a model shape EF does not scaffold.</summary>
    public MigrationProject WithDesignerCode(ScaffoldedMigration migration, Func<string, string> edit)
    {
        var path = "/Migrations/" + migration.DesignerFileName;
        var index = Sources.FindIndex(s => s.Path == path);
        Sources[index] = (path, edit(Sources[index].Source));
        return this;
    }

    /// <summary>
    /// <paramref name="migration"/>'s class, in its file (after <paramref name="editCode"/>) and in its Designer (with its
    /// attributes), nested in <c>public static partial class Outer</c>.
    /// </summary>
    public MigrationProject NestedInOuterClass(ScaffoldedMigration migration, Func<string, string>? editCode = null, bool keepsDownInStep = false)
    {
        static string Nest(string code, string classStart)
        {
            var at = code.IndexOf(classStart, StringComparison.Ordinal);
            var end = code.LastIndexOf('}');
            Assert.True(at > 0 && end > at, "no " + classStart.Trim());
            return code.Substring(0, at) + "    public static partial class Outer\n    {\n" + code.Substring(at, end - at) + "}\n" + code.Substring(end);
        }

        WithMigrationCode(migration, code => Nest(editCode?.Invoke(code) ?? code, "    public partial class " + migration.Name + " "), keepsDownInStep);
        return WithDesignerCode(migration, code => Nest(code, "    [DbContext("));
    }

    public string DesignerOf(ScaffoldedMigration migration) => Sources.Single(s => s.Path == "/Migrations/" + migration.DesignerFileName).Source;

    /// <summary>
    /// The expected diagnostic on the <paramref name="occurrence"/>th <c>Up</c> operation whose call is
    /// <c>migrationBuilder.{method}(</c>: its span is the whole expression, annotations included.
    /// </summary>
    public DiagnosticResult Expect(DiagnosticDescriptor descriptor, ScaffoldedMigration migration, string method, int occurrence = 0)
    {
        var source = SourceOf(migration);
        var up = CSharpSyntaxTree.ParseText(source).GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().First(m => m.Identifier.ValueText == "Up");
        var statement = up.DescendantNodes().OfType<ExpressionStatementSyntax>()
            .Where(s => s.Expression.ToString().StartsWith("migrationBuilder." + method + "(", StringComparison.Ordinal)
                        || s.Expression.ToString().StartsWith("migrationBuilder." + method + "<", StringComparison.Ordinal))
            .ElementAt(occurrence);
        var span = statement.Expression.GetLocation().GetLineSpan();
        return new DiagnosticResult(descriptor).WithSpan(PathOf(migration), span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1, span.EndLinePosition.Line + 1, span.EndLinePosition.Character + 1);
    }

    /// <summary>The expected diagnostic on the name of <paramref name="migration"/>'s <c>Down</c> method (SM3001, SM3002).</summary>
    public DiagnosticResult ExpectOnDown(DiagnosticDescriptor descriptor, ScaffoldedMigration migration)
    {
        var down = CSharpSyntaxTree.ParseText(SourceOf(migration)).GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>()
            .Single(m => m.Identifier.ValueText == "Down").Identifier.GetLocation().GetLineSpan();
        return new DiagnosticResult(descriptor).WithSpan(PathOf(migration), down.StartLinePosition.Line + 1, down.StartLinePosition.Character + 1, down.EndLinePosition.Line + 1, down.EndLinePosition.Character + 1);
    }

    /// <summary>The expected diagnostic on the migration class name in its main file (SM9001).</summary>
    public DiagnosticResult ExpectOnClass(DiagnosticDescriptor descriptor, ScaffoldedMigration migration)
    {
        var source = SourceOf(migration);
        var declaration = CSharpSyntaxTree.ParseText(source).GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>().First();
        var span = declaration.Identifier.GetLocation().GetLineSpan();
        return new DiagnosticResult(descriptor).WithSpan(PathOf(migration), span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1, span.EndLinePosition.Line + 1, span.EndLinePosition.Character + 1);
    }
}
