using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SafeMigrations.Analyzers.Infrastructure;
using SafeMigrations.Analyzers.Model;
using SafeMigrations.Analyzers.Reading;

namespace SafeMigrations.Analyzers.Rollback;

// Finding and reading the marked migrations without binding them. ForAttributeWithMetadataName bound each marked class
// and all its attributes again in every run (half a millisecond a class: a build's generators run on a compilation the
// compiler then discards, and the IDE makes a new one for every edit), and its transform read every marked migration
// again after every edit.
public sealed partial class RollbackGenerator
{
    /// <summary>The marked migrations and the Designers of a compilation (<see cref="FindDeclarations"/>).</summary>
    internal sealed record Declarations(EquatableArray<MarkedMigration> Marked, EquatableArray<DesignerMethod> Designers)
    {
        public static readonly Declarations None = new(EquatableArray<MarkedMigration>.Empty, EquatableArray<DesignerMethod>.Empty);
    }

    /// <summary>
    /// A class with <c>[GenerateRollback]</c>: its partial declarations, compared by reference (the value is unchanged exactly
    /// while its trees are), and what its attribute syntax says. The next step turns it into data.
    /// </summary>
    internal sealed class MarkedMigration : IEquatable<MarkedMigration>
    {
        public MarkedMigration(EquatableArray<ClassDeclarationSyntax> parts, MigrationDeclaration? declaration, bool isMigrationShaped)
        {
            Parts = parts;
            Declaration = declaration;
            IsMigrationShaped = isMigrationShaped;
        }

        public EquatableArray<ClassDeclarationSyntax> Parts { get; }

        /// <summary>The <c>[Migration]</c> id and DbContext from the attribute syntax; null when no part has a literal id.</summary>
        public MigrationDeclaration? Declaration { get; }

        /// <summary>A plain migration: not nested, generic or abstract, every part partial, one of them <c>: Migration</c>. Anything else is read with the symbol.</summary>
        public bool IsMigrationShaped { get; }

        public bool Equals(MarkedMigration? other)
        {
            if (other is null || other.Parts.Count != Parts.Count || !Equals(other.Declaration?.Id, Declaration?.Id) || !Equals(other.Declaration?.DbContext, Declaration?.DbContext))
            {
                return false;
            }

            for (var i = 0; i < Parts.Count; i++)
            {
                if (!ReferenceEquals(Parts[i], other.Parts[i]))
                {
                    return false;
                }
            }

            return true;
        }

        public override bool Equals(object? obj) => Equals(obj as MarkedMigration);

        public override int GetHashCode() => Parts.Count == 0 ? 0 : Parts[0].GetHashCode();
    }

    /// <summary>A marked migration as its syntax alone reads; <see cref="Target"/> is null when it must be read with its symbol.</summary>
    internal sealed record SyntaxRead(MarkedMigration Source, RollbackTarget? Target);

    /// <summary>
    /// The classes marked <c>[GenerateRollback]</c> by their syntax, and, only when there is one, every Designer: each file's
    /// classes looked at (the answers reused by the project's next compilation, see <see cref="MarkedTreeScan"/>), then, when
    /// one is marked, one walk over the declaration table to gather their partial declarations. Binds nothing.
    /// </summary>
    internal static Declarations FindDeclarations(Compilation compilation, CancellationToken cancellationToken)
    {
        try
        {
            return ReadDeclarations(compilation, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return Declarations.None; // Half-typed code: no Down this time, rather than an exception that drops every generator output.
        }
    }

    private static Declarations ReadDeclarations(Compilation compilation, CancellationToken cancellationToken)
    {
        // The syntax first: a symbol lookup in a new compilation merges the declarations of all its files (5 ms per edit on
        // 2,000 files), while an unchanged file keeps its syntax nodes from one compilation to the next.
        if (!MarkedTreeScan.AnyMarked(compilation, cancellationToken, out _)
            || compilation.GetTypeByMetadataName(EfSymbols.GenerateRollbackMetadataName) is null
            || compilation.GetTypeByMetadataName(EfSymbols.MigrationMetadataName) is null)
        {
            return Declarations.None; // Nothing marked, or the package's attribute or EF Core's migrations are not referenced.
        }

        var marked = new List<MarkedMigration>();
        var designers = new List<INamedTypeSymbol>();
        foreach (var type in MigrationDeclaration.SourceTypes(compilation, cancellationToken))
        {
            if (DesignerFinder.IsMigrationShaped(type))
            {
                designers.Add(type);
            }

            if (type.MemberNames.Contains("Up"))
            {
                var parts = MigrationDeclaration.PartsOf(type, cancellationToken).ToEquatableArray();
                if (parts.Any(MigrationDeclaration.IsMarkedForRollback))
                {
                    marked.Add(Mark(type, parts));
                }
            }
        }

        return marked.Count == 0 ? Declarations.None : new Declarations(marked.ToEquatableArray(), DesignerFinder.Designers(designers, DesignerFinder.IdReader(compilation), cancellationToken));
    }

    /// <param name="parts">The class's declarations, read once by the caller.</param>
    private static MarkedMigration Mark(INamedTypeSymbol type, EquatableArray<ClassDeclarationSyntax> parts)
    {
        var isShaped = type.ContainingType is null && !type.IsGenericType && !type.IsAbstract && parts.Count == type.DeclaringSyntaxReferences.Length
                       && parts.All(part => part.Modifiers.Any(SyntaxKind.PartialKeyword))
                       && parts.Any(DerivesFromMigrationByName);
        return new MarkedMigration(parts, MigrationDeclaration.FromParts(parts, withBuildTargetModel: false), isShaped);
    }

    /// <summary>
    /// <c>: Migration</c>, as EF scaffolds it. A class with another base (a project's own migration base class) may still
    /// be a migration: it is read with its symbol, which says.
    /// </summary>
    private static bool DerivesFromMigrationByName(ClassDeclarationSyntax part) =>
        part.BaseList?.Types.FirstOrDefault()?.Type is { } baseType && MigrationDeclaration.SimpleName(baseType) == "Migration";

    /// <summary>
    /// Reads a marked migration from its syntax, with no semantic model. The result stands only when the readers asked no
    /// question a model would have answered (<see cref="ModelQuestions"/>): then it is what the symbol's read gives, and it
    /// depends on nothing but these trees. Otherwise the target is null and the migration is read with its symbol.
    /// </summary>
    internal static SyntaxRead ReadFromSyntax(MarkedMigration marked, CancellationToken cancellationToken)
    {
        if (!marked.IsMigrationShaped || marked.Declaration is not { } declaration || marked.Parts.Count == 0)
        {
            return new SyntaxRead(marked, null);
        }

        try
        {
            string? contractOf = null;
            foreach (var part in marked.Parts)
            {
                if (MigrationModelReader.IsGeneratedRollback(part.SyntaxTree) || !MigrationDeclaration.TryReadContractOf(part, out var partContract))
                {
                    return new SyntaxRead(marked, null);
                }

                contractOf ??= partContract;
            }

            var (up, down, owner) = MigrationModelReader.UpAndDown(marked.Parts); // An owner: the parts are not empty, and none was left out.

            var questionsBefore = ModelQuestions.Count;
            MigrationMethod Read(MethodDeclarationSyntax? method) =>
                method is null ? MigrationMethod.Missing : MigrationMethodReader.Read(method, semanticModel: null, symbols: null, cancellationToken);
            var upRead = Read(up);
            var downRead = Read(down);
            if (ModelQuestions.Count != questionsBefore)
            {
                return new SyntaxRead(marked, null);
            }

            var migration = new MigrationModel(
                owner!.Identifier.ValueText,
                NamespaceOf(owner),
                declaration.Id,
                declaration.DbContext,
                upRead,
                downRead,
                HasGenerateRollback: true,
                contractOf,
                MigrationModelReader.IdentifierOf(owner));
            return new SyntaxRead(marked, TargetOf(migration, marked.Parts, cancellationToken));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return new SyntaxRead(marked, null);
        }
    }

    /// <summary>A marked migration the syntax could not read alone, read as before: from its symbol, with semantic models.</summary>
    internal static RollbackTarget? ReadWithSymbol(MarkedMigration marked, Compilation compilation, CancellationToken cancellationToken)
    {
        try
        {
            if (marked.Parts.Count == 0
                || compilation.GetSemanticModel(marked.Parts[0].SyntaxTree).GetDeclaredSymbol(marked.Parts[0], cancellationToken) is not { } type
                || EfSymbols.TryCreate(compilation) is not { } symbols
                || !symbols.IsMigration(type))
            {
                return null;
            }

            var parts = MigrationDeclaration.PartsOf(type, cancellationToken);
            if (!MigrationModelReader.HasGenerateRollback(type, symbols, parts))
            {
                return null;
            }

            var migration = MigrationModelReader.Read(
                type,
                symbols,
                parts,
                MigrationModelReader.ReadAttributes(type, symbols),
                method => MigrationMethodReader.Read(method, compilation.GetSemanticModel(method.SyntaxTree), symbols, cancellationToken));
            return TargetOf(migration, parts, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Half-typed code: no Down this time; the analyzer reports what it can.
            return null;
        }
    }

    /// <summary>
    /// The target of a read migration: Down can be generated only into a class <see cref="RollbackDeclaration"/> accepts
    /// (the syntax read takes no other) that does not write Down itself.
    /// </summary>
    private static RollbackTarget TargetOf(MigrationModel migration, IReadOnlyList<ClassDeclarationSyntax> parts, CancellationToken cancellationToken)
    {
        var canDeclare = migration.DownNotDeclarableBecause is null && migration.Down.State == MethodBodyState.Missing;

        // The planner writes DateTime, Guid or ReferentialAction bare, as EF does: the generated file needs the usings of the
        // file and of the namespaces around the class, each where it was (a namespace's usings inside the namespace).
        var usings = UsingsText(parts.SelectMany(part => part.SyntaxTree.GetCompilationUnitRoot(cancellationToken).Usings), except: null);
        var namespaceUsings = UsingsText(parts.SelectMany(part => part.Ancestors().OfType<BaseNamespaceDeclarationSyntax>().Reverse().SelectMany(ns => ns.Usings)), except: usings);

        // Arguments copied from Up name Up's builder parameter (mb.IsNpgsql() ? ...): Down declares it when Up calls it otherwise.
        var up = MigrationModelReader.UpAndDown(parts).Up;
        var builderName = up?.ParameterList.Parameters.FirstOrDefault()?.Identifier.ValueText ?? BuilderParameter;
        return new RollbackTarget(migration, usings, canDeclare) { NamespaceUsings = namespaceUsings, UpBuilderName = builderName };
    }

    /// <summary>The name of the generated Down's parameter, as EF scaffolds it.</summary>
    internal const string BuilderParameter = "migrationBuilder";

    /// <summary>Each using's text with its whitespace normalised, once, sorted; a global using applies without a copy.</summary>
    private static EquatableArray<string> UsingsText(IEnumerable<UsingDirectiveSyntax> directives, EquatableArray<string>? except) => directives
        .Where(u => u.GlobalKeyword.IsKind(SyntaxKind.None))
        .Select(u => u.NormalizeWhitespace().ToString())
        .Where(u => except is null || !except.Value.Contains(u))
        .Distinct(StringComparer.Ordinal)
        .OrderBy(u => u, StringComparer.Ordinal)
        .ToEquatableArray();

    /// <summary>The namespace a declaration sits in, unescaped as the symbol's read gives it (<c>A.B</c> for <c>namespace A { namespace B</c>, <c>Shop.class</c> for <c>Shop.@class</c>), or null.</summary>
    private static string? NamespaceOf(SyntaxNode declaration)
    {
        string? result = null;
        for (var node = declaration.Parent; node is not null; node = node.Parent)
        {
            if (node is BaseNamespaceDeclarationSyntax ns)
            {
                var name = NameText(ns.Name);
                result = result is null ? name : name + "." + result;
            }
        }

        return result;
    }

    private static string NameText(NameSyntax name) => name switch
    {
        QualifiedNameSyntax qualified => NameText(qualified.Left) + "." + qualified.Right.Identifier.ValueText,
        AliasQualifiedNameSyntax aliased => aliased.Name.Identifier.ValueText,
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        _ => name.ToString(),
    };
}
