using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SafeMigrations.Analyzers.Rollback;

/// <summary>
/// Whether the generator can add <c>Down</c> to a marked class as another part of it. One answer for the generator, which
/// then emits nothing, and for SM3003, which says why.
/// </summary>
internal static class RollbackDeclaration
{
    /// <summary>Why the generated Down cannot be declared in the class, or null when it can.</summary>
    public static string? WhyNotDeclarable(bool isNested, bool isGeneric, IEnumerable<ClassDeclarationSyntax> parts)
    {
        if (isNested)
        {
            return "it is nested in another type, and the generator writes Down only into a top-level class";
        }

        if (isGeneric)
        {
            return "it is generic, and the generator writes Down only into a class without type parameters";
        }

        return parts.All(part => part.Modifiers.Any(SyntaxKind.PartialKeyword))
            ? null
            : "it is not declared partial, and the generated Down is another part of the class";
    }
}
