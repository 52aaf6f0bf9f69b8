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
    /// <summary>Text that can make the whole read's hint differ from what the statements before the first entity type say.</summary>
    private static readonly SearchableText.Markers OtherProviderText = new(new[] { "Oracle", "Jet", "Fb", "Db2" });

    /// <summary>Text from which the whole read may take a provider inside the entity blocks.</summary>
    private static readonly SearchableText.Markers ProviderText = new(new[] { "Npgsql", "SqlServer", "MySql", "Sqlite", "Relational:MaxIdentifierLength" });

    private const string ColumnTypeCall = ".HasColumnType(";

    /// <summary>
    /// <c>Read(method, id).ProviderHint</c> when the method's text alone tells it, or null when only the whole read can. The
    /// whole read takes the first provider token in the Designer's order: the model's own statements come before its entity
    /// types (<c>HasAnnotation("Relational:MaxIdentifierLength", 63)</c>, <c>NpgsqlModelBuilderExtensions...</c>), and a SQLite
    /// Designer names none, only its store types, which are mostly SQLite affinities (<see cref="StoreTypeHint(SearchableText, SourceText, TextSpan)"/>).
    /// </summary>
    public static DatabaseProvider? ProviderHintFromText(MethodDeclarationSyntax method)
    {
        if (method.Body is not { } body || !method.SyntaxTree.TryGetText(out var sourceText))
        {
            return null;
        }

        var text = new SearchableText(sourceText);
        var span = body.FullSpan;
        if (text.ContainsAny(span, OtherProviderText))
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

        if (state.ProviderHint != DatabaseProvider.Unknown)
        {
            return state.ProviderHint;
        }

        return MayNameProviderAfterModelStatements(text, body) ? null : StoreTypeHint(text, sourceText, span);
    }

    /// <summary>
    /// Whether the whole read may take a provider from the text past the model's own statements: a provider's extension
    /// class called anywhere (<c>NpgsqlPropertyBuilderExtensions.UseIdentityByDefaultColumn(...)</c>), or a top-level
    /// annotation that names one. An annotation inside an entity block names none to the whole read: a model shared by
    /// several providers keeps every provider's index annotations in each Designer (bitwarden's SQLite Designers hold
    /// <c>Npgsql:IndexInclude</c> and <c>SqlServer:Clustered</c>), and only the names in those string literals are let pass.
    /// </summary>
    private static bool MayNameProviderAfterModelStatements(SearchableText text, BlockSyntax body)
    {
        var span = body.FullSpan;
        if (!text.ContainsAny(span, ProviderText))
        {
            return false;
        }

        var hits = new System.Collections.Generic.List<int>();
        foreach (var (_, members) in ProviderText.Groups)
        {
            foreach (var marker in members)
            {
                hits.Clear();
                text.FindAll(span, marker, hits);
                foreach (var hit in hits)
                {
                    var token = body.FindToken(hit);
                    if (!token.Span.Contains(hit))
                    {
                        continue; // In a comment.
                    }

                    var inEntityAnnotation = token.RawKind == (int)SyntaxKind.StringLiteralToken
                        && token.Parent is LiteralExpressionSyntax { Parent: ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax call } arguments } argument }
                        && arguments.Arguments[0] == argument && NameOf(call) == "HasAnnotation" && !IsOnTopLevelChain(call, body);
                    if (!inEntityAnnotation)
                    {
                        return true;
                    }
                }
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
