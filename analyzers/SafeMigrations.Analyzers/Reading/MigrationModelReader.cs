using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SafeMigrations.Analyzers.Model;

namespace SafeMigrations.Analyzers.Reading;

/// <summary>Reads a migration class, across all its partial declarations, into a <see cref="MigrationModel"/>.</summary>
internal static class MigrationModelReader
{
    /// <param name="readMethod">Reads one <c>Up</c>/<c>Down</c> declaration; the caller decides where the semantic model comes from.</param>
    public static MigrationModel Read(INamedTypeSymbol type, EfSymbols symbols, Func<MethodDeclarationSyntax, MigrationMethod> readMethod, CancellationToken cancellationToken) =>
        Read(type, symbols, MigrationDeclaration.PartsOf(type, cancellationToken), ReadAttributes(type, symbols), readMethod);

    /// <summary>As above, from the class's parts and attributes as the caller read them already (the analyzer needs them first).</summary>
    public static MigrationModel Read(
        INamedTypeSymbol type, EfSymbols symbols, IReadOnlyList<ClassDeclarationSyntax> parts, MigrationAttributes attributes, Func<MethodDeclarationSyntax, MigrationMethod> readMethod)
    {
        var (up, down, owner) = UpAndDown(parts);
        var hasGenerateRollback = HasGenerateRollback(type, symbols, parts);
        var (id, dbContext, contractOf) = attributes;
        return new MigrationModel(
            type.Name,
            NamespaceOf(type),
            id,
            dbContext,
            up is null ? MigrationMethod.Missing : readMethod(up),
            down is null ? MigrationMethod.Missing : readMethod(down),
            hasGenerateRollback,
            contractOf,
            IdentifierOf(owner))
        {
            InheritsDown = down is null && InheritsOverride(type, "Down", symbols),
            CanHoldGeneratedDown = type.ContainingType is null && !type.IsGenericType,
            DownNotDeclarableBecause = hasGenerateRollback
                ? Rollback.RollbackDeclaration.WhyNotDeclarable(type.ContainingType is not null, type.IsGenericType, parts.Where(p => !IsGeneratedRollback(p.SyntaxTree)))
                : null,
        };
    }

    /// <summary>
    /// Whether a base class below EF's <c>Migration</c> overrides <paramref name="name"/> with a body that does something: one
    /// that is empty or only throws (a "forward-only" base) is no rollback, and SM3001 says so as for the class's own.
    /// </summary>
    private static bool InheritsOverride(INamedTypeSymbol type, string name, EfSymbols symbols)
    {
        for (var current = type.BaseType; current is not null && !SymbolEqualityComparer.Default.Equals(current, symbols.Migration); current = current.BaseType)
        {
            foreach (var member in current.GetMembers(name))
            {
                if (member is IMethodSymbol { IsOverride: true, IsAbstract: false, Parameters.Length: 1 } method)
                {
                    // A base from another assembly is taken at its word.
                    return method.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is not MethodDeclarationSyntax declaration
                        || MigrationMethodReader.StateOf(declaration) is not (MethodBodyState.Empty or MethodBodyState.ThrowsOnly);
                }
            }
        }

        return false;
    }

    /// <summary>
    /// The namespace's names as the metadata spells them, without the <c>@</c> of a keyword (<c>Shop.event</c> for
    /// <c>Shop.@event</c>), as the syntax reader gives it; whoever writes it into code escapes it.
    /// </summary>
    private static string? NamespaceOf(INamedTypeSymbol type)
    {
        string? result = null;
        for (var ns = type.ContainingNamespace; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
        {
            result = result is null ? ns.Name : ns.Name + "." + result;
        }

        return result;
    }

    /// <summary>
    /// <c>Up</c>, <c>Down</c> and the declaration that names the migration (Up's, or the first), over a class's partial
    /// declarations; a generated rollback's part is left out.
    /// </summary>
    /// <remarks>A list, walked by index: a <c>foreach</c> over an interface boxed the list's enumerator for every migration.</remarks>
    public static (MethodDeclarationSyntax? Up, MethodDeclarationSyntax? Down, ClassDeclarationSyntax? Owner) UpAndDown(IReadOnlyList<ClassDeclarationSyntax> parts)
    {
        MethodDeclarationSyntax? up = null, down = null;
        ClassDeclarationSyntax? firstClass = null;
        for (var i = 0; i < parts.Count; i++)
        {
            var declaration = parts[i];
            if (IsGeneratedRollback(declaration.SyntaxTree))
            {
                continue;
            }

            firstClass ??= declaration;
            up ??= FindOverride(declaration, "Up");
            down ??= FindOverride(declaration, "Down");
        }

        return (up, down, up?.Parent as ClassDeclarationSyntax ?? firstClass);
    }

    /// <summary>Where a finding about the whole migration goes: the class name of the declaration that names it.</summary>
    public static SourceSpan IdentifierOf(ClassDeclarationSyntax? owner) =>
        owner is null ? default : new SourceSpan(owner.SyntaxTree.FilePath ?? string.Empty, owner.Identifier.Span.Start, owner.Identifier.Span.Length);

    /// <summary>
    /// The rollback generator's own output: in a build the analyzer sees it beside the hand-written partial,
    /// and its Down is the generated rollback, not one the user wrote.
    /// </summary>
    public static bool IsGeneratedRollback(SyntaxTree tree) =>
        (tree.FilePath ?? string.Empty).EndsWith(GeneratedRollbackSuffix, StringComparison.Ordinal);

    public const string GeneratedRollbackSuffix = ".Rollback.g.cs";

    /// <summary>The one-parameter method <paramref name="name"/> of the declaration (a loop: it runs for every class of every tree).</summary>
    public static MethodDeclarationSyntax? FindOverride(ClassDeclarationSyntax declaration, string name)
    {
        foreach (var member in declaration.Members)
        {
            if (member is MethodDeclarationSyntax method && method.Identifier.ValueText == name && method.ParameterList.Parameters.Count == 1)
            {
                return method;
            }
        }

        return null;
    }

    /// <summary>
    /// Whether the class carries the package's <c>[GenerateRollback]</c>, written so the generator sees it too: the generator
    /// recognises it by its syntax (<see cref="MigrationDeclaration.IsMarkedForRollback"/>) without binding, and a class it
    /// does not write Down for must not pass for marked here.
    /// </summary>
    /// <param name="parts">The class's declarations (<see cref="MigrationDeclaration.PartsOf"/>).</param>
    /// <remarks>A loop over the attributes: a lambda over the attribute's symbol made its closure on every call, marked or not.</remarks>
    public static bool HasGenerateRollback(INamedTypeSymbol type, EfSymbols symbols, IReadOnlyList<ClassDeclarationSyntax> parts)
    {
        if (symbols.GenerateRollbackAttribute is not { } generate || !AnyMarkedForRollback(parts))
        {
            return false;
        }

        foreach (var attribute in type.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, generate))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>By index, as <see cref="UpAndDown"/>: every migration asks, and few are marked.</summary>
    private static bool AnyMarkedForRollback(IReadOnlyList<ClassDeclarationSyntax> parts)
    {
        for (var i = 0; i < parts.Count; i++)
        {
            if (MigrationDeclaration.IsMarkedForRollback(parts[i]))
            {
                return true;
            }
        }

        return false;
    }

    public static string? ReadMigrationId(INamedTypeSymbol type, EfSymbols symbols) => ReadAttributes(type, symbols).Id;

    public static string? ReadDbContext(INamedTypeSymbol type, EfSymbols symbols) => ReadAttributes(type, symbols).DbContext;

    /// <summary>
    /// The <c>[Migration]</c> id, the <c>[DbContext]</c>'s display name and the <c>[ContractOf]</c>
    /// id in one walk over the attributes (each the first of its kind), as every migration's read needs all three.
    /// </summary>
    public static MigrationAttributes ReadAttributes(INamedTypeSymbol type, EfSymbols symbols)
    {
        string? id = null, dbContext = null, contractOf = null;
        foreach (var attribute in type.GetAttributes())
        {
            var attributeClass = attribute.AttributeClass;
            if (attribute.ConstructorArguments.Length != 1 || attributeClass is null)
            {
                continue;
            }

            var value = attribute.ConstructorArguments[0].Value;
            if (id is null && value is string migrationId && SymbolEqualityComparer.Default.Equals(attributeClass, symbols.MigrationAttribute))
            {
                id = migrationId;
            }
            else if (dbContext is null && value is ITypeSymbol context && SymbolEqualityComparer.Default.Equals(attributeClass, symbols.DbContextAttribute))
            {
                dbContext = symbols.DisplayName(context);
            }
            else if (contractOf is null && value is string contract && symbols.ContractOfAttribute is { } contractOfAttribute
                     && SymbolEqualityComparer.Default.Equals(attributeClass, contractOfAttribute))
            {
                contractOf = contract;
            }
        }

        return new MigrationAttributes(id, dbContext, contractOf);
    }
}

/// <summary>What a migration's attributes say: the <c>[Migration]</c> id, the <c>[DbContext]</c>'s display name, the <c>[ContractOf]</c> id.</summary>
internal readonly record struct MigrationAttributes(string? Id, string? DbContext, string? ContractOf);
