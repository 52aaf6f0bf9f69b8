using System.Linq;
using Microsoft.CodeAnalysis.CSharp;

namespace SafeMigrations.Analyzers.Rollback;

/// <summary>Names in the code the generator emits.</summary>
internal static class CodeText
{
    /// <summary>A name as C# spells it: a keyword with <c>@</c> (<c>event</c> is written <c>@event</c>). Models keep names unescaped.</summary>
    public static string Identifier(string name) => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    /// <summary>A dotted name (a namespace) with each part escaped as <see cref="Identifier"/> does.</summary>
    public static string DottedName(string name) => string.Join(".", name.Split('.').Select(Identifier));
}
