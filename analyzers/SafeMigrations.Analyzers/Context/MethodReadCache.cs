using Microsoft.CodeAnalysis.CSharp.Syntax;
using SafeMigrations.Analyzers.Model;
using SafeMigrations.Analyzers.Reading;

namespace SafeMigrations.Analyzers.Context;

/// <summary>
/// Reads of <c>Up</c> and <c>Down</c> kept by their file's text across compilations, for the builds after the first: the
/// compiler server parses every file again for each build, and reading the unchanged migrations again was a quarter of what
/// a rebuild of a long history cost once the Designers' answers were kept (<see cref="DesignerAnswerCache"/>). Only a read that
/// put no question to a semantic model (<see cref="ModelQuestions"/>) is kept: that read is a function of the method's syntax,
/// which its text decides, while one that asked depends on other files (a constant, an extension method) as well. Scaffolded
/// migrations ask none.
/// </summary>
/// <remarks>
/// The key (<see cref="MethodInText"/>) holds the file's path, as a read's spans do, and whether CreateTable's columns were
/// read. Bounded at <see cref="MaxMethods"/> reads.
/// </remarks>
internal static class MethodReadCache
{
    /// <summary>How many reads are kept: Up and Down of a few histories of several hundred migrations.</summary>
    internal const int MaxMethods = 8192;

    internal static readonly KeptByText<MigrationMethod> Reads = new(MaxMethods);

    /// <summary>The key of <paramref name="method"/> read with or without CreateTable's columns; null when it has none or the cache is off.</summary>
    public static MethodInText? KeyOf(MethodDeclarationSyntax method, bool readsTableColumns) =>
        Reads.Enabled ? MethodInText.Of(method, withPath: true, readsTableColumns ? 1 : 0) : null;
}
