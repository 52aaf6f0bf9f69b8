using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SafeMigrations.Analyzers.Infrastructure;
using SafeMigrations.Analyzers.Model;

namespace SafeMigrations.Analyzers.Reading;

/// <summary>
/// Reads the provider an <c>if</c> condition selects: <c>migrationBuilder.IsNpgsql()</c>,
/// <c>ActiveProvider == "..."</c>, their negations. Any other condition gives an opaque branch
/// (<see cref="ProviderBranch.IsOpaque"/>): the operation may or may not run.
/// </summary>
internal static class ProviderConditionReader
{
    /// <summary>The branch for the <c>then</c> part, combined with the enclosing branch.</summary>
    public static ProviderBranch Then(ExpressionSyntax condition, ProviderBranch outer) => Combine(outer, Read(condition, negate: false));

    /// <summary>The branch for the <c>else</c> part, combined with the enclosing branch.</summary>
    public static ProviderBranch Else(ExpressionSyntax condition, ProviderBranch outer) => Combine(outer, Read(condition, negate: true));

    /// <summary>The branch for a <c>case "Npgsql.EntityFrameworkCore.PostgreSQL":</c> section of a switch on ActiveProvider.</summary>
    public static ProviderBranch Case(string providerName, ProviderBranch outer) =>
        Combine(outer, Select(DatabaseProviders.FromProviderName(providerName), negate: false));

    public static bool IsActiveProvider(ExpressionSyntax expression) =>
        expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ActiveProvider" }
            or IdentifierNameSyntax { Identifier.ValueText: "ActiveProvider" };

    private static ProviderBranch Read(ExpressionSyntax condition, bool negate)
    {
        switch (condition)
        {
            case ParenthesizedExpressionSyntax parenthesized:
                return Read(parenthesized.Expression, negate);
            case PrefixUnaryExpressionSyntax prefix when prefix.IsKind(SyntaxKind.LogicalNotExpression):
                return Read(prefix.Operand, !negate);
            case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access }:
                return Select(DatabaseProviders.FromCheckMethod(access.Name.Identifier.ValueText), negate);
            case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.EqualsExpression) || binary.IsKind(SyntaxKind.NotEqualsExpression):
                var literal = IsActiveProvider(binary.Left) ? binary.Right : IsActiveProvider(binary.Right) ? binary.Left : null;
                if (literal is LiteralExpressionSyntax { Token.Value: string name })
                {
                    return Select(DatabaseProviders.FromProviderName(name), negate ^ binary.IsKind(SyntaxKind.NotEqualsExpression));
                }

                return ProviderBranch.Opaque;
            default:
                return ProviderBranch.Opaque;
        }
    }

    private static ProviderBranch Select(DatabaseProvider provider, bool negate)
    {
        if (provider == DatabaseProvider.Unknown)
        {
            return ProviderBranch.Opaque; // A check for a provider this package does not know (IsOracle(), "Oracle.EntityFrameworkCore").
        }

        return negate ? new ProviderBranch(DatabaseProvider.Unknown, ImmutableArray.Create(provider).ToEquatableArray()) : Only(provider);
    }

    private static ProviderBranch Only(DatabaseProvider provider) => new(provider, default); // No exclusions (see ProviderBranch).

    /// <summary>The branch of a switch section on ActiveProvider with <paramref name="labels"/>: one known provider's name, or opaque.</summary>
    public static ProviderBranch Section(SyntaxList<SwitchLabelSyntax> labels, ProviderBranch outer)
    {
        // Several labels are one provider when they all name it (Pomelo's and Oracle's MySQL providers, say); default:,
        // a constant or labels of two providers are no single provider this reader can name.
        var provider = DatabaseProvider.Unknown;
        foreach (var label in labels)
        {
            if (label is not CaseSwitchLabelSyntax { Value: LiteralExpressionSyntax { Token.Value: string name } }
                || DatabaseProviders.FromProviderName(name) is var named && (named == DatabaseProvider.Unknown || (provider != DatabaseProvider.Unknown && named != provider)))
            {
                return Combine(outer, ProviderBranch.Opaque);
            }

            provider = named;
        }

        return provider == DatabaseProvider.Unknown ? Combine(outer, ProviderBranch.Opaque) : Combine(outer, Only(provider));
    }

    /// <summary>An inner positive condition wins; exclusions accumulate; a condition the reader cannot read stays with the operation.</summary>
    private static ProviderBranch Combine(ProviderBranch outer, ProviderBranch inner)
    {
        var opaque = outer.IsOpaque || inner.IsOpaque;
        if (inner.Only != DatabaseProvider.Unknown)
        {
            return inner with { IsOpaque = opaque };
        }

        if (outer.Only != DatabaseProvider.Unknown || inner.Not.IsEmpty)
        {
            return outer with { IsOpaque = opaque };
        }

        var excluded = ImmutableArray.CreateBuilder<DatabaseProvider>();
        excluded.AddRange(outer.Not.AsImmutableArray());
        excluded.AddRange(inner.Not.AsImmutableArray());
        return new ProviderBranch(DatabaseProvider.Unknown, excluded.ToEquatableArray()) { IsOpaque = opaque };
    }
}
