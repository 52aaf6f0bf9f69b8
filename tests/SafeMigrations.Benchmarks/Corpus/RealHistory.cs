using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SafeMigrations.Benchmarks.Corpus;

/// <summary>
/// A real project's migrations folder (ErsatzTV's, bitwarden's, jellyfin's: the histories issue 15 measured), compiled as
/// that project's migrations assembly is: its migrations, their Designers and the model snapshot, plus declarations for
/// what they name from the rest of the project, which is not here. Those are written from the files themselves:
/// <list type="bullet">
/// <item>each <c>[DbContext(typeof(X))]</c> context, one empty <c>DbContext</c>: in the project's namespace that every file
/// naming it imports (where it lives), else in each naming migration's own namespace;</item>
/// <item>each namespace a file imports that neither the references nor the files declare, one empty class;</item>
/// <item>the SDK's implicit usings (<c>ImplicitUsings</c>), which these projects enable.</item>
/// </list>
/// The stubs are declarations without bodies, so the compile costs what the migrations cost. Other files of the folder (a
/// design-time factory, helpers) name more of the project and are left out, and listed.
/// </summary>
internal static class RealHistory
{
    public const string StubsPath = "SafeMigrationsBenchmarkStubs.cs";

    /// <summary>Where the <c>--stubs</c> file goes: the project's own helpers that a history's migrations call.</summary>
    public const string ExtraStubsPath = "SafeMigrationsBenchmarkProjectStubs.cs";

    private const string ImplicitUsings = """
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.IO;
        global using global::System.Linq;
        global using global::System.Net.Http;
        global using global::System.Threading;
        global using global::System.Threading.Tasks;

        """;

    /// <summary>The folder's migration files (as <c>Migrations/...</c>, the layout the benchmark's other corpora have) and the stubs.</summary>
    public static IReadOnlyList<(string Path, string Source)> Load(string directory, string? extraStubs, Func<IReadOnlyList<(string Path, string Source)>, Compilation> compile, TextWriter log)
    {
        var all = Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
            .Where(path => !IsBuildOutput(Path.GetRelativePath(directory, path)))
            .Order(StringComparer.Ordinal)
            .Select(path => (Path: "Migrations/" + Path.GetRelativePath(directory, path).Replace('\\', '/'), Source: File.ReadAllText(path)))
            .ToList();
        var kept = all.Where(f => IsMigrationFile(Path.GetFileName(f.Path))).ToList();
        foreach (var left in all.Except(kept))
        {
            log.WriteLine($"// left out (not a migration, Designer or snapshot): {left.Path}");
        }

        var trees = kept.Select(f => CSharpSyntaxTree.ParseText(f.Source)).ToList();
        var withoutStubs = compile([.. kept, ("ImplicitUsings.cs", ImplicitUsings + extraStubs)]);
        var missing = trees.SelectMany(ImportedNamespaces).Distinct()
            .Where(name => !NamespaceExists(withoutStubs.GlobalNamespace, name))
            .ToHashSet(StringComparer.Ordinal);
        var stubs = new StringBuilder(ImplicitUsings);
        foreach (var name in missing.Order(StringComparer.Ordinal))
        {
            stubs.Append("namespace ").Append(name).AppendLine(" { internal static class SafeMigrationsBenchmarkStub { } }");
        }

        // One context type however many namespaces the migrations sit in (the analyzer groups a history by its context):
        // declared in the missing namespace every file that names it imports (the project's own, where it lives), else in
        // each naming file's own namespace.
        foreach (var group in trees.SelectMany(tree => DbContextsNamed(tree).Select(c => (c.Namespace, c.Context, Imports: c.Qualified ? [] : ImportedNamespaces(tree).Where(missing.Contains).ToHashSet(StringComparer.Ordinal))))
                     .GroupBy(c => c.Context, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var shared = group.Select(c => c.Imports).Aggregate((a, b) => a.Intersect(b, StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal));
            var namespaces = shared.Count > 0 ? [shared.Order(StringComparer.Ordinal).First()] : group.Select(c => c.Namespace).Distinct().Order(StringComparer.Ordinal).ToArray();
            foreach (var ns in namespaces)
            {
                stubs.Append("namespace ").Append(ns).Append(" { public class ").Append(group.Key).AppendLine(" : Microsoft.EntityFrameworkCore.DbContext { } }");
            }
        }

        return [.. kept, (StubsPath, stubs.ToString()), .. extraStubs is null ? [] : new[] { (ExtraStubsPath, extraStubs) }];
    }

    /// <summary>A migration (<c>20240101000000_Name.cs</c>), its Designer, or the model snapshot.</summary>
    private static bool IsMigrationFile(string fileName) =>
        (fileName.Length > 15 && fileName[..14].All(char.IsAsciiDigit) && fileName[14] == '_') || fileName.EndsWith("ModelSnapshot.cs", StringComparison.Ordinal);

    private static bool IsBuildOutput(string relativePath) =>
        relativePath.Split('/', '\\').Any(part => part is "obj" or "bin");

    private static IEnumerable<string> ImportedNamespaces(SyntaxTree tree) =>
        tree.GetRoot().DescendantNodes(node => node is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax)
            .OfType<UsingDirectiveSyntax>()
            .Where(u => u.Alias is null && u.StaticKeyword.IsKind(SyntaxKind.None) && u.Name is not null)
            .Select(u => u.Name!.ToString());

    /// <summary>Each context a <c>[DbContext(typeof(X))]</c> names, with the namespace to declare it in (X's qualifier, else the migration's own).</summary>
    private static IEnumerable<(string Namespace, string Context, bool Qualified)> DbContextsNamed(SyntaxTree tree)
    {
        foreach (var attribute in tree.GetRoot().DescendantNodes().OfType<AttributeSyntax>())
        {
            if (attribute.Name.ToString() is "DbContext" or "DbContextAttribute"
                && attribute.ArgumentList?.Arguments.FirstOrDefault()?.Expression is TypeOfExpressionSyntax { Type: var type }
                && attribute.FirstAncestorOrSelf<BaseNamespaceDeclarationSyntax>() is { } enclosing)
            {
                yield return type is QualifiedNameSyntax qualified
                    ? (qualified.Left.ToString(), qualified.Right.ToString(), true)
                    : (enclosing.Name.ToString(), type.ToString(), false);
            }
        }
    }

    private static bool NamespaceExists(INamespaceSymbol global, string dottedName)
    {
        var current = global;
        foreach (var part in dottedName.Split('.'))
        {
            if (current.GetNamespaceMembers().FirstOrDefault(n => n.Name == part) is not { } next)
            {
                return false;
            }

            current = next;
        }

        return true;
    }
}
