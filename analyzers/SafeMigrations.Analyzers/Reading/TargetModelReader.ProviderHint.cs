using System;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using SafeMigrations.Analyzers.Model;

namespace SafeMigrations.Analyzers.Reading;

// The provider a Designer names, without reading its model: a project that references two providers (SQLite and MySQL,
// say) asks it of every migration's own Designer, and reading each whole model for it was five times the callbacks' cost.
internal static partial class TargetModelReader
{
    private const string ColumnTypeCall = ".HasColumnType(";

    /// <summary>
    /// <c>Read(method, id).ProviderHint</c> when the method's text alone tells it, or null when only the whole read can. The
    /// whole read takes the provider from the model's own statements, which come before its entity types
    /// (<c>HasAnnotation("Relational:MaxIdentifierLength", 63)</c>, <c>NpgsqlModelBuilderExtensions...</c>; see
    /// <see cref="ReaderState.EntityTypesBegun"/>); a SQLite Designer names none there, only its store types, which are
    /// mostly SQLite affinities (<see cref="StoreTypeHint(SearchableText, TextSpan)"/>). So the text answers
    /// with those few statements and, for a SQLite Designer, one pass for its store types.
    /// </summary>
    public static DatabaseProvider? ProviderHintFromText(MethodDeclarationSyntax method)
    {
        if (method.Body is not { } body || !method.SyntaxTree.TryGetText(out var sourceText))
        {
            return null;
        }

        var state = new ReaderState();
        foreach (var statement in body.Statements)
        {
            if (statement is not ExpressionStatementSyntax { Expression: var expression })
            {
                continue;
            }

            if (expression is InvocationExpressionSyntax call && IsEntityBlockStatement(call))
            {
                break;
            }

            if (CallsAnywhere(expression, "Entity"))
            {
                return null;
            }

            state.ReadModelStatement(expression);
        }

        return state.OtherProvider ? DatabaseProvider.Unknown
            : state.ProviderHint != DatabaseProvider.Unknown ? state.ProviderHint
            : StoreTypeHint(new SearchableText(sourceText), body.FullSpan);
    }

    /// <summary>
    /// The whole read's <see cref="StoreTypeHint(SearchableText, TextSpan)"/> of a Designer's method. The text is
    /// materialized if the tree does not hold it (an IDE's recoverable tree), so the whole read always answers.
    /// </summary>
    private static DatabaseProvider StoreTypeHint(MethodDeclarationSyntax method)
    {
        if (method.Body is not { } body)
        {
            return DatabaseProvider.Unknown;
        }

        var sourceText = method.SyntaxTree.GetText();
        return StoreTypeHint(new SearchableText(sourceText), body.FullSpan);
    }

    /// <summary>
    /// SQLite, by the store types the Designer writes, where nothing in it names a provider: EF's SQLite provider writes every
    /// store type it chooses as one of SQLite's five affinities (<c>INTEGER</c>, <c>TEXT</c>...), which the other providers
    /// write otherwise (<c>integer</c>, <c>int</c>, <c>nvarchar(max)</c>), and keeps a type the model gives a column itself
    /// (ErsatzTV's <c>varchar(50)</c>). So a Designer most of whose <c>HasColumnType("...")</c> literals are affinities is
    /// SQLite's. Taken from the text, by the whole read and the text's answer alike, so the two agree by construction.
    /// </summary>
    private static DatabaseProvider StoreTypeHint(SearchableText text, TextSpan span)
    {
        var hits = new System.Collections.Generic.List<int>();
        text.FindAll(span, ColumnTypeCall, hits);

        // What follows each call, copied in one piece from the search's own copy: a chunked text (a large Designer) finds
        // the chunk again for every character it is asked for, and a Designer has hundreds of these calls.
        var following = new char[AffinityLiteralLength];
        var affinities = 0;
        foreach (var hit in hits)
        {
            var start = hit + ColumnTypeCall.Length;
            var length = Math.Min(following.Length, span.End - start);
            if (length <= 0)
            {
                continue;
            }

            text.CopyTo(start, following, length);
            if (IsAffinityLiteral(following, length))
            {
                affinities++;
            }
        }

        // A store type not written as a literal, or not an affinity, counts against.
        return affinities > hits.Count - affinities ? DatabaseProvider.Sqlite : DatabaseProvider.Unknown;
    }

    /// <summary>The longest literal of an affinity, its quotes included: <c>"INTEGER"</c>.</summary>
    private const int AffinityLiteralLength = 9;

    /// <summary>Whether the first <paramref name="length"/> characters begin with an affinity's literal, without a string for it.</summary>
    private static bool IsAffinityLiteral(char[] chars, int length)
    {
        if (chars[0] != '"')
        {
            return false;
        }

        foreach (var affinity in SqliteAffinities)
        {
            if (affinity.Length + 2 <= length && chars[affinity.Length + 1] == '"' && Matches(chars, 1, affinity))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Matches(char[] chars, int start, string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (chars[start + i] != value[i])
            {
                return false;
            }
        }

        return true;
    }
}
