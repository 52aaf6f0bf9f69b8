using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using SafeMigrations.Analyzers.Infrastructure;

namespace SafeMigrations.Analyzers.Reading;

/// <summary>
/// A migration class as its attribute syntax declares it: <c>[Migration("id")]</c>, <c>[DbContext(typeof(X))]</c> and the
/// Designer's <c>BuildTargetModel</c>. Reading the syntax binds nothing, so finding every migration of a project costs the
/// same whether or not the compiler has bound them yet: after an edit in the IDE, or in the generator's own compilation.
/// </summary>
internal sealed record MigrationDeclaration(string Id, string? DbContext, MethodDeclarationSyntax? BuildTargetModel)
{
    /// <summary>The declaration of <paramref name="type"/>, or null when no part of it carries <c>[Migration]</c>.</summary>
    /// <param name="readIdSemantically">Reads an id that is not a string literal (a constant, say), or null to skip such types.</param>
    /// <param name="withBuildTargetModel">Whether to find the Designer's <c>BuildTargetModel</c> (the list of migrations needs only ids).</param>
    public static MigrationDeclaration? Read(INamedTypeSymbol type, System.Func<INamedTypeSymbol, string?>? readIdSemantically, bool withBuildTargetModel, CancellationToken cancellationToken) =>
        Read(type, readIdSemantically, withBuildTargetModel, cancellationToken, out _);

    /// <summary>As above, with the class's parts (<see cref="PartsOf"/>) that were read; null for a type that is not a class.</summary>
    private static MigrationDeclaration? Read(
        INamedTypeSymbol type, System.Func<INamedTypeSymbol, string?>? readIdSemantically, bool withBuildTargetModel, CancellationToken cancellationToken, out List<ClassDeclarationSyntax>? parts)
    {
        parts = type.TypeKind == TypeKind.Class ? PartsOf(type, cancellationToken) : null;
        return parts is null ? null : FromParts(parts, withBuildTargetModel, type, readIdSemantically);
    }

    /// <summary>The class declarations of <paramref name="type"/>'s parts, in the order the compilation has them.</summary>
    /// <remarks>A loop: this runs for every migration, and LINQ with a lambda over the token made a closure, a delegate and two iterators.</remarks>
    public static List<ClassDeclarationSyntax> PartsOf(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var references = type.DeclaringSyntaxReferences;
        var parts = new List<ClassDeclarationSyntax>(references.Length);
        foreach (var reference in references)
        {
            if (reference.GetSyntax(cancellationToken) is ClassDeclarationSyntax declaration)
            {
                parts.Add(declaration);
            }
        }

        return parts;
    }

    /// <summary>The declaration that the partial declarations <paramref name="parts"/> of one class make, or null when none carries <c>[Migration]</c>.</summary>
    /// <param name="type">The class, for <paramref name="readIdSemantically"/>.</param>
    /// <param name="readIdSemantically">Reads an id that is not a string literal (a constant, say), or null to skip such a class.</param>
    /// <remarks>The parts by index and the id reader with its type as data: every source type of a compilation comes through
    /// here, and the enumerable's boxed enumerator and a closure over the type were two objects for each.</remarks>
    public static MigrationDeclaration? FromParts(
        IReadOnlyList<ClassDeclarationSyntax> parts, bool withBuildTargetModel, INamedTypeSymbol? type = null, System.Func<INamedTypeSymbol, string?>? readIdSemantically = null)
    {
        string? id = null, dbContext = null;
        var hasMigrationAttribute = false;
        MethodDeclarationSyntax? buildTargetModel = null;
        for (var i = 0; i < parts.Count; i++)
        {
            var declaration = parts[i];
            foreach (var list in declaration.AttributeLists)
            {
                foreach (var attribute in list.Attributes)
                {
                    switch (SimpleName(attribute.Name))
                    {
                        case "Migration" or "MigrationAttribute":
                            hasMigrationAttribute = true;
                            id ??= FirstArgument(attribute) is LiteralExpressionSyntax { Token.Value: string value } ? value : null;
                            break;
                        case "DbContext" or "DbContextAttribute":
                            dbContext ??= FirstArgument(attribute) is TypeOfExpressionSyntax typeOf ? SimpleName(typeOf.Type) : null;
                            break;
                    }
                }
            }

            if (withBuildTargetModel)
            {
                buildTargetModel ??= MigrationModelReader.FindOverride(declaration, "BuildTargetModel");
            }
        }

        if (hasMigrationAttribute && id is null && type is not null)
        {
            id = readIdSemantically?.Invoke(type);
        }

        return id is null ? null : new MigrationDeclaration(id, dbContext, buildTargetModel);
    }

    /// <summary>
    /// Every migration declared in the compilation's own source, sorted by id, with the class declarations of its parts: a
    /// walk over the declaration table that reads only the attribute syntax of the types <paramref name="include"/> lets through.
    /// </summary>
    /// <remarks>Each as a <see cref="Found"/> (a class), not a value tuple: sorting a list of tuples was framework code that a
    /// fresh compiler process compiled for us (seven methods of the sort helper, and the list's enumerators), where a list of
    /// references sorts with code the framework's image holds.</remarks>
    public static List<Found> All(
        Compilation compilation,
        Func<INamedTypeSymbol, bool> include,
        Func<INamedTypeSymbol, string?>? readIdSemantically,
        bool withBuildTargetModel,
        CancellationToken cancellationToken)
    {
        var found = new List<Found>();
        foreach (var type in SourceTypes(compilation, cancellationToken))
        {
            if (include(type) && Read(type, readIdSemantically, withBuildTargetModel, cancellationToken, out var parts) is { } declaration)
            {
                found.Add(new Found(type, declaration, parts!));
            }
        }

        found.Sort(ById);
        return found;
    }

    private static readonly Comparison<Found> ById = (a, b) => string.CompareOrdinal(a.Declaration.Id, b.Declaration.Id);

    /// <summary>A migration of <see cref="All"/>: its type, its declaration and the class declarations of its parts.</summary>
    internal sealed record Found(INamedTypeSymbol Type, MigrationDeclaration Declaration, List<ClassDeclarationSyntax> Parts);

    /// <summary>Every type declared in the compilation's own source, nested ones too: a walk over the declaration table, binding nothing.</summary>
    public static IEnumerable<INamedTypeSymbol> SourceTypes(Compilation compilation, CancellationToken cancellationToken)
    {
        var containers = new Stack<INamespaceOrTypeSymbol>();
        containers.Push(compilation.Assembly.GlobalNamespace);
        while (containers.Count > 0)
        {
            foreach (var member in containers.Pop().GetMembers())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (member is INamespaceSymbol ns)
                {
                    containers.Push(ns);
                }
                else if (member is INamedTypeSymbol type)
                {
                    yield return type;
                    if (type.GetTypeMembers().Length > 0)
                    {
                        containers.Push(type);
                    }
                }
            }
        }
    }

    /// <summary>
    /// The entry of <paramref name="sortedById"/> just before <paramref name="migrationId"/> for the same DbContext
    /// (<paramref name="dbContext"/> as a display or simple name; an entry without one matches any): a binary search in
    /// the ids, so finding it does not depend on the length of the history.
    /// </summary>
    /// <param name="contextKeys">Whether <paramref name="dbContext"/> and the entries' contexts are keys made alike already
    /// (the analyzer's index writes a full name where two contexts share a simple name), not to be cut to simple names.</param>
    public static T? Previous<T>(IReadOnlyList<T> sortedById, Func<T, string> idOf, Func<T, string?> dbContextOf, string? migrationId, string? dbContext, bool contextKeys = false)
        where T : class
    {
        if (migrationId is null)
        {
            return null;
        }

        dbContext = contextKeys ? dbContext : SimpleNameOf(dbContext);
        int low = 0, high = sortedById.Count;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (string.CompareOrdinal(idOf(sortedById[middle]), migrationId) < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        for (var i = low - 1; i >= 0; i--)
        {
            var entryContext = dbContextOf(sortedById[i]);
            if (dbContext is null || entryContext is null || entryContext == dbContext)
            {
                return sortedById[i];
            }
        }

        return null;
    }

    /// <summary>
    /// The simple name of a DbContext given as a display string (<c>Sample.ShopContext</c> → <c>ShopContext</c>), to compare
    /// with <see cref="DbContext"/>. The analyzer's index tells apart two DbContexts of one simple name declared in the
    /// project (<see cref="Context.MigrationIndex"/>); the rollback generator does not.
    /// </summary>
    public static string? SimpleNameOf(string? displayName)
    {
        if (displayName is null)
        {
            return null;
        }

        var end = displayName.IndexOf('<');
        end = end < 0 ? displayName.Length : end;
        var start = DottedName.LastPartStart(displayName, end);
        return start == 0 && end == displayName.Length ? displayName : displayName.Substring(start, end - start);
    }

    /// <summary>Classes that can be a migration: a base list, attributes or an <c>Up</c>/<c>Down</c> of their own.</summary>
    /// <remarks>Member lists are walked directly: every tree of the project comes through here, and a DescendantNodes walk
    /// with its predicate also visited each class's attribute lists, base list and parameters.</remarks>
    public static List<ClassDeclarationSyntax> CandidateClasses(SyntaxNode root)
    {
        var candidates = new List<ClassDeclarationSyntax>(1);
        if (root is CompilationUnitSyntax unit)
        {
            AddCandidates(unit.Members, candidates);
        }

        return candidates;
    }

    private static void AddCandidates(SyntaxList<MemberDeclarationSyntax> members, List<ClassDeclarationSyntax> candidates)
    {
        foreach (var member in members)
        {
            switch (member)
            {
                case BaseNamespaceDeclarationSyntax namespaceDeclaration:
                    AddCandidates(namespaceDeclaration.Members, candidates);
                    break;
                case ClassDeclarationSyntax declaration:
                    if (declaration.BaseList is not null || declaration.AttributeLists.Count > 0
                        || MigrationModelReader.FindOverride(declaration, "Up") is not null || MigrationModelReader.FindOverride(declaration, "Down") is not null)
                    {
                        candidates.Add(declaration);
                    }

                    AddCandidates(declaration.Members, candidates); // Nested classes come after their container.
                    break;
            }
        }
    }

    /// <summary>
    /// Whether the declaration is a Designer part: a <c>BuildTargetModel</c> of its own, and no <c>Up</c> or <c>Down</c>. Told
    /// from the member list alone, so the analyzer skips the Designer trees (half of a project's) without binding them.
    /// </summary>
    public static bool IsDesignerPart(ClassDeclarationSyntax declaration)
    {
        var buildsTargetModel = false;
        foreach (var member in declaration.Members)
        {
            // The name first: it is on the method's own node, and its parameter list is a node to create.
            if (member is MethodDeclarationSyntax method && method.Identifier.ValueText is "Up" or "Down" or "BuildTargetModel"
                && method.ParameterList.Parameters.Count == 1)
            {
                if (method.Identifier.ValueText != "BuildTargetModel")
                {
                    return false;
                }

                buildsTargetModel = true;
            }
        }

        return buildsTargetModel;
    }

    /// <summary>
    /// Whether the declaration carries <c>[GenerateRollback]</c> by its syntax: the name, qualified or not, with or without
    /// <c>Attribute</c>, or a <c>using</c> alias of the file for it. Binding the attributes of each marked class was most
    /// of what the generator cost (half a millisecond a class, in every build and after every edit); the analyzer asks the
    /// same question, so the two agree on which migrations are marked. Not seen: a <c>global using</c> alias declared in
    /// another file.
    /// </summary>
    public static bool IsMarkedForRollback(ClassDeclarationSyntax declaration)
    {
        foreach (var list in declaration.AttributeLists)
        {
            foreach (var attribute in list.Attributes)
            {
                if (SimpleName(attribute.Name) is { } name && (IsGenerateRollbackName(name) || IsAliasOfGenerateRollback(declaration, name)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The <c>[ContractOf("id")]</c> literal of the declaration, null when it has none, and false when its argument is not a literal.</summary>
    public static bool TryReadContractOf(ClassDeclarationSyntax declaration, out string? contractOf)
    {
        contractOf = null;
        foreach (var list in declaration.AttributeLists)
        {
            foreach (var attribute in list.Attributes)
            {
                if (SimpleName(attribute.Name) is "ContractOf" or "ContractOfAttribute")
                {
                    if (FirstArgument(attribute) is not LiteralExpressionSyntax { Token.Value: string value })
                    {
                        return false;
                    }

                    contractOf = value;
                }
            }
        }

        return true;
    }

    private static bool IsGenerateRollbackName(string name) => name is "GenerateRollback" or "GenerateRollbackAttribute";

    /// <summary>
    /// Whether the tree's text alone shows that no class of it is <see cref="IsMarkedForRollback">marked</see>: each way to
    /// mark one has an identifier whose value is <c>GenerateRollback</c> or <c>GenerateRollbackAttribute</c>, which the text
    /// spells out unless a unicode escape (<c>\u0047</c>) writes part of it. False (walk the tree) when the name or an escape
    /// is there, or when the text is not at hand as one string: copying a large Designer's chunks costs more than the walk.
    /// </summary>
    /// <remarks>
    /// Most trees of a project are neither marked nor mention the name: on a history of 1,000 migrations the search of each
    /// file's text (about 3 µs a file, fresh) is cheaper than the walk to its classes and their attributes (about 5.6 µs),
    /// whose nodes a fresh process makes and clears memory for.
    /// </remarks>
    public static bool TextCannotMarkForRollback(SyntaxTree tree)
    {
        if (!tree.TryGetText(out var text) || new SearchableText(text) is not { IsOneString: true } searchable)
        {
            return false;
        }

        return searchable.Seen(new TextSpan(0, text.Length), MarkText, any: true) == 0;
    }

    /// <summary>
    /// The attribute's name, anchored at its <c>k</c> (rare in C#: every <c>G</c> of <c>ValueGenerated</c> stops a search
    /// for its first character), and the escapes that can write an identifier's character (\u, \U): one pass for both.
    /// </summary>
    private static readonly SearchableText.AnchoredNeedles MarkText = new(escapes: "uU", anchors: "k", "GenerateRollback");

    private static bool IsAliasOfGenerateRollback(SyntaxNode declaration, string name)
    {
        for (var node = declaration.Parent; node is not null; node = node.Parent)
        {
            var usings = node switch
            {
                CompilationUnitSyntax unit => unit.Usings,
                BaseNamespaceDeclarationSyntax ns => ns.Usings,
                _ => default,
            };
            foreach (var directive in usings)
            {
                if (directive.Alias?.Name.Identifier.ValueText == name && directive.Name is { } target && SimpleName(target) is { } targetName && IsGenerateRollbackName(targetName))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static ExpressionSyntax? FirstArgument(AttributeSyntax attribute) =>
        attribute.ArgumentList is { Arguments.Count: > 0 } arguments ? arguments.Arguments[0].Expression : null;

    /// <summary>The rightmost identifier of a (possibly qualified or aliased) name: <c>Sample.ShopContext</c> → <c>ShopContext</c>.</summary>
    internal static string? SimpleName(SyntaxNode name) => name switch
    {
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        AliasQualifiedNameSyntax aliased => aliased.Name.Identifier.ValueText,
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        _ => null,
    };
}
