using System;
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SafeMigrations.Analyzers.Infrastructure;
using SafeMigrations.Analyzers.Model;

namespace SafeMigrations.Analyzers.Reading;

/// <summary>Turns an argument expression into an <see cref="ArgumentValue"/>: constants, arrays and <c>typeof</c>.</summary>
internal static class ValueReader
{
    public static ArgumentValue Read(ExpressionSyntax expression, SemanticModel? semanticModel)
    {
        // A literal's or a name's text is its token's, which the tree already holds; ToString() would build a copy.
        var source = expression switch
        {
            LiteralExpressionSyntax literalToken => literalToken.Token.Text,
            IdentifierNameSyntax name => name.Identifier.Text,
            _ => TextOf(expression),
        };
        switch (expression)
        {
            case ImplicitArrayCreationExpressionSyntax implicitArray:
                return ReadItems(implicitArray.Initializer, semanticModel, source);
            case ArrayCreationExpressionSyntax { Initializer: { } initializer }:
                return ReadItems(initializer, semanticModel, source);
            case InitializerExpressionSyntax nested:
                return ReadItems(nested, semanticModel, source);
            case CollectionExpressionSyntax collection:
                return ReadCollection(collection, semanticModel, source);
            case TypeOfExpressionSyntax typeOf:
                return new ArgumentValue(ValueKind.Type, TypeText(typeOf.Type), source, EquatableArray<ArgumentValue>.Empty);
            case LiteralExpressionSyntax literal:
                return FromConstant(literal.Token.Value, literal.Kind() == SyntaxKind.NullLiteralExpression, source);
            case ParenthesizedExpressionSyntax parenthesized:
                return Read(parenthesized.Expression, semanticModel) with { SourceText = source };
        }

        // EF's scaffolder writes enum members and framework values (ReferentialAction.Cascade, DateTimeKind.Unspecified)
        // whose source text is all anyone needs; asking the semantic model would bind the whole method body.
        if (CanBeNamedConstant(expression))
        {
            ModelQuestions.Note();
            var constant = semanticModel?.GetConstantValue(expression) ?? default;
            if (constant.HasValue)
            {
                return FromConstant(constant.Value, constant.Value is null, source);
            }
        }

        return ArgumentValue.NonConstant(source);
    }

    /// <summary>
    /// <c>node.ToString()</c>, cut from the file's text when the tree has it: ToString() writes out every token of the
    /// node, and a CreateTable's <c>columns:</c> lambda is most of a migration.
    /// </summary>
    internal static string TextOf(SyntaxNode node) =>
        node.SyntaxTree.TryGetText(out var text) ? text.ToString(node.Span) : node.ToString();

    /// <summary>
    /// <c>type.ToString()</c>: a keyword's or a name's token text, which the tree holds already, and otherwise the file's
    /// text. Every <c>Column&lt;T&gt;</c> of a migration and every <c>Property&lt;T&gt;</c> of a Designer asks.
    /// </summary>
    internal static string TypeText(TypeSyntax type) => type switch
    {
        PredefinedTypeSyntax predefined => predefined.Keyword.Text,
        IdentifierNameSyntax name => name.Identifier.Text,
        _ => TextOf(type),
    };

    private static readonly System.Collections.Generic.HashSet<string> WellKnownTypes = new(StringComparer.Ordinal)
    {
        "ReferentialAction", "DateTimeKind", "DateTime", "DateTimeOffset", "TimeSpan", "Guid", "DateOnly", "TimeOnly",
        "NpgsqlValueGenerationStrategy", "SqlServerValueGenerationStrategy", "MySqlValueGenerationStrategy", "SortOrder",
    };

    /// <summary>
    /// Expressions that can stand for a constant the syntax does not show: a const field or local, a
    /// concatenation, a cast, nameof. Lambdas, object creations and the like never are, so they never cost a binding.
    /// </summary>
    private static bool CanBeNamedConstant(ExpressionSyntax expression) => expression switch
    {
        IdentifierNameSyntax => true,

        // string.Empty: System.String declares no constant (Empty is a static readonly field), and the keyword names no other type.
        MemberAccessExpressionSyntax { Expression: PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.StringKeyword } } => false,
        MemberAccessExpressionSyntax => !IsWellKnownMember(expression),
        BinaryExpressionSyntax or CastExpressionSyntax or PrefixUnaryExpressionSyntax or ConditionalExpressionSyntax
            or InterpolatedStringExpressionSyntax or CheckedExpressionSyntax or DefaultExpressionSyntax => true,
        InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" } } => true,
        _ => false,
    };

    private static bool IsWellKnownMember(ExpressionSyntax expression) =>
        expression is MemberAccessExpressionSyntax { Expression: var target }
        && (target is IdentifierNameSyntax { Identifier.ValueText: var name } && WellKnownTypes.Contains(name)
            || target is MemberAccessExpressionSyntax { Name.Identifier.ValueText: var last } && WellKnownTypes.Contains(last));

    /// <summary>
    /// <see cref="IsWellKnownMember(ExpressionSyntax)"/> of a dotted name's text (<c>ReferentialAction.Cascade</c>, as
    /// <see cref="OperationCallText"/> reads it): the name before its last part is one of <see cref="WellKnownTypes"/>.
    /// </summary>
    internal static bool IsWellKnownMember(ReadOnlySpan<char> dottedName)
    {
        var lastDot = dottedName.LastIndexOf('.');
        if (lastDot < 0)
        {
            return false;
        }

        var target = dottedName.Slice(0, lastDot);
        target = target.Slice(target.LastIndexOf('.') + 1);
        foreach (var type in WellKnownTypes)
        {
            if (target.SequenceEqual(type.AsSpan()))
            {
                return true;
            }
        }

        return false;
    }

    private static ArgumentValue FromConstant(object? value, bool isNull, string source)
    {
        if (isNull || value is null)
        {
            return source == "null" ? ArgumentValue.Null : new ArgumentValue(ValueKind.Null, null, source, EquatableArray<ArgumentValue>.Empty);
        }

        if (value is bool literal && source == (literal ? "true" : "false"))
        {
            return literal ? ArgumentValue.True : ArgumentValue.False;
        }

        var (kind, text) = value switch
        {
            string s => (ValueKind.String, s),
            bool b => (ValueKind.Boolean, b ? "true" : "false"),
            char c => (ValueKind.Char, c.ToString()),
            IFormattable number => (ValueKind.Number, IsPlainInteger(source) ? source : number.ToString(null, CultureInfo.InvariantCulture)),
            _ => (ValueKind.NonConstant, (string?)null),
        };
        return new ArgumentValue(kind, text, source, EquatableArray<ArgumentValue>.Empty);
    }

    /// <summary>
    /// Digits without a leading zero (<c>100</c>, not <c>0100</c>, <c>100L</c> or <c>1_000</c>): the literal's text is what its
    /// value formats to, so the text the tree holds is the constant, without a string of its own (every maxLength: and
    /// precision: of a history).
    /// </summary>
    internal static bool IsPlainInteger(string source)
    {
        if (source.Length == 0 || (source[0] == '0' && source.Length > 1))
        {
            return false;
        }

        foreach (var c in source)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }

    private static ArgumentValue ReadItems(InitializerExpressionSyntax initializer, SemanticModel? semanticModel, string source)
    {
        var items = ImmutableArray.CreateBuilder<ArgumentValue>(initializer.Expressions.Count);
        foreach (var item in initializer.Expressions)
        {
            items.Add(Read(item, semanticModel));
        }

        return new ArgumentValue(ValueKind.Array, null, source, items.ToEquatableArray());
    }

    private static ArgumentValue ReadCollection(CollectionExpressionSyntax collection, SemanticModel? semanticModel, string source)
    {
        var items = ImmutableArray.CreateBuilder<ArgumentValue>(collection.Elements.Count);
        foreach (var element in collection.Elements)
        {
            if (element is not ExpressionElementSyntax expressionElement)
            {
                return ArgumentValue.NonConstant(source);
            }

            items.Add(Read(expressionElement.Expression, semanticModel));
        }

        return new ArgumentValue(ValueKind.Array, null, source, items.ToEquatableArray());
    }
}
