using System;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using SafeMigrations.Analyzers.Model;

namespace SafeMigrations.Analyzers.Reading;

// The provider a Designer names, without reading its model: a project that references two providers (SQLite and MySQL,
// say) asks it of every migration's own Designer, and reading each whole model for it was five times the callbacks' cost.
internal static partial class TargetModelReader
{
    /// <summary>What the name of a provider's extension class ends with: <c>NpgsqlPropertyBuilderExtensions</c>.</summary>
    internal const string ExtensionClassSuffix = "Extensions";

    private const string ColumnTypeCall = ".HasColumnType(";

    /// <summary>
    /// <c>Read(method, id).ProviderHint</c> when the method's text alone tells it, or null when only the whole read can. The
    /// whole read takes the provider from the model's own statements, which come before its entity types
    /// (<c>HasAnnotation("Relational:MaxIdentifierLength", 63)</c>, <c>NpgsqlModelBuilderExtensions...</c>), and from a
    /// provider's extension class called in an entity block (<c>SqlServerPropertyBuilderExtensions.UseIdentityColumn(...)</c>),
    /// the first one it meets; a SQLite Designer names none, only its store types, which are mostly SQLite affinities
    /// (<see cref="StoreTypeHint(SearchableText, SourceText, TextSpan)"/>). So the text answers with the statements before the
    /// first entity type and two passes over the rest, one for extension classes and one for store types, where it used to
    /// take one pass for each provider's name.
    /// </summary>
    public static DatabaseProvider? ProviderHintFromText(MethodDeclarationSyntax method)
    {
        if (method.Body is not { } body || !method.SyntaxTree.TryGetText(out var sourceText))
        {
            return null;
        }

        var state = new ReaderState();
        var entityTypesStart = body.Span.End;
        foreach (var statement in body.Statements)
        {
            if (statement is not ExpressionStatementSyntax { Expression: var expression })
            {
                continue;
            }

            if (expression is InvocationExpressionSyntax call && IsEntityBlockStatement(call))
            {
                entityTypesStart = statement.SpanStart;
                break;
            }

            if (CallsAnywhere(expression, "Entity"))
            {
                return null;
            }

            state.ReadModelStatement(expression);
        }

        if (state.OtherProvider)
        {
            return DatabaseProvider.Unknown;
        }

        var text = new SearchableText(sourceText);
        if (MayNameProviderInEntityBlocks(text, sourceText, body.FullSpan, entityTypesStart, providerKnown: state.ProviderHint != DatabaseProvider.Unknown))
        {
            return null;
        }

        return state.ProviderHint != DatabaseProvider.Unknown ? state.ProviderHint : StoreTypeHint(text, sourceText, body.FullSpan);
    }

    /// <summary>
    /// Whether an extension class from <paramref name="entityTypesStart"/> on (the entity blocks) may change the whole read's
    /// answer: one of a provider this package does not support (which leaves no provider), or with
    /// <paramref name="providerKnown"/> false, any provider's. Found by its name's end, so
    /// <c>NpgsqlPropertyBuilderExtensions .UseIdentityColumn(...)</c> is found too. A name in a comment or a string, or one
    /// written with an escape, only sends the Designer to the whole read, which is never wrong. The whole body is searched,
    /// as the store types are next, so that a large text is copied for the searches once.
    /// </summary>
    private static bool MayNameProviderInEntityBlocks(SearchableText text, SourceText sourceText, TextSpan body, int entityTypesStart, bool providerKnown)
    {
        var hits = new System.Collections.Generic.List<int>();
        text.FindAll(body, ExtensionClassSuffix, hits);
        foreach (var hit in hits)
        {
            if (hit < entityTypesStart)
            {
                continue; // A model statement's, read already.
            }

            // Back to the name's beginning, as the whole read sees it (the identifier as written).
            var start = hit;
            var escaped = false;
            while (start > entityTypesStart && (SyntaxFacts.IsIdentifierPartCharacter(sourceText[start - 1]) || sourceText[start - 1] == '\\'))
            {
                escaped |= sourceText[start - 1] == '\\';
                start--;
            }

            if (escaped || !SyntaxFacts.IsIdentifierStartCharacter(sourceText[start]))
            {
                return true;
            }

            // As Hint reads a holder's name; a string only for the rare name found (none in a SQLite Designer).
            var name = sourceText.ToString(TextSpan.FromBounds(start, hit + ExtensionClassSuffix.Length));
            if (DatabaseProviders.IsUnsupportedProviderToken(name) || (!providerKnown && DatabaseProviders.FromClassName(name) != DatabaseProvider.Unknown))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the text from <paramref name="start"/> to <paramref name="end"/> is an affinity's name, without a string for it (a Designer has hundreds).</summary>
    private static bool IsSqliteAffinity(SourceText text, int start, int end)
    {
        foreach (var affinity in SqliteAffinities)
        {
            if (affinity.Length == end - start && Matches(text, start, affinity))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Matches(SourceText text, int start, string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (text[start + i] != value[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The whole read's <see cref="StoreTypeHint(SearchableText, SourceText, TextSpan)"/> of a Designer's method. The text is
    /// materialized if the tree does not hold it (an IDE's recoverable tree), so the whole read always answers.
    /// </summary>
    private static DatabaseProvider StoreTypeHint(MethodDeclarationSyntax method)
    {
        if (method.Body is not { } body)
        {
            return DatabaseProvider.Unknown;
        }

        var sourceText = method.SyntaxTree.GetText();
        return StoreTypeHint(new SearchableText(sourceText), sourceText, body.FullSpan);
    }

    /// <summary>
    /// SQLite, by the store types the Designer writes, where nothing in it names a provider: EF's SQLite provider writes every
    /// store type it chooses as one of SQLite's five affinities (<c>INTEGER</c>, <c>TEXT</c>...), which the other providers
    /// write otherwise (<c>integer</c>, <c>int</c>, <c>nvarchar(max)</c>), and keeps a type the model gives a column itself
    /// (ErsatzTV's <c>varchar(50)</c>). So a Designer most of whose <c>HasColumnType("...")</c> literals are affinities is
    /// SQLite's. Taken from the text, by the whole read and the text's answer alike, so the two agree by construction.
    /// </summary>
    private static DatabaseProvider StoreTypeHint(SearchableText text, SourceText sourceText, TextSpan span)
    {
        var hits = new System.Collections.Generic.List<int>();
        text.FindAll(span, ColumnTypeCall, hits);
        var affinities = 0;
        foreach (var hit in hits)
        {
            // A store type not written as a literal, or longer than an affinity, counts against.
            var start = hit + ColumnTypeCall.Length + 1;
            if (start - 1 >= span.End || sourceText[start - 1] != '"')
            {
                continue;
            }

            var end = start;
            while (end < span.End && end - start <= 8 && sourceText[end] != '"')
            {
                end++;
            }

            if (end < span.End && sourceText[end] == '"' && IsSqliteAffinity(sourceText, start, end))
            {
                affinities++;
            }
        }

        return affinities > hits.Count - affinities ? DatabaseProvider.Sqlite : DatabaseProvider.Unknown;
    }
}
