using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SafeMigrations.Analyzers.Infrastructure;
using SafeMigrations.Analyzers.Model;

namespace SafeMigrations.Analyzers.Reading;

/// <summary>
/// A call unwound from its fluent chain: <c>x.Method&lt;T&gt;(args).Annotation(a, b).OldAnnotation(c, d)</c>.
/// </summary>
internal readonly struct ChainedCall
{
    public ChainedCall(
        InvocationExpressionSyntax invocation,
        ExpressionSyntax? receiver,
        string methodName,
        EquatableArray<string> typeArguments,
        EquatableArray<OperationArgument> arguments,
        EquatableArray<OperationAnnotation> annotations,
        EquatableArray<OperationAnnotation> oldAnnotations,
        IMethodSymbol? method)
    {
        Invocation = invocation;
        Receiver = receiver;
        MethodName = methodName;
        TypeArguments = typeArguments;
        Arguments = arguments;
        Annotations = annotations;
        OldAnnotations = oldAnnotations;
        Method = method;
    }

    /// <summary>The innermost invocation: the operation call itself, without annotations.</summary>
    public InvocationExpressionSyntax Invocation { get; }

    /// <summary>What the method was called on, or null for a plain <c>Helper(...)</c> call.</summary>
    public ExpressionSyntax? Receiver { get; }

    public string MethodName { get; }

    public EquatableArray<string> TypeArguments { get; }

    public EquatableArray<OperationArgument> Arguments { get; }

    public EquatableArray<OperationAnnotation> Annotations { get; }

    public EquatableArray<OperationAnnotation> OldAnnotations { get; }

    public IMethodSymbol? Method { get; }
}

internal static class CallReader
{
    /// <summary>The method symbol of a call whose syntax did not need it, for the rare callers that do.</summary>
    public static IMethodSymbol? ResolveLater(in ChainedCall call, SemanticModel? semanticModel, CancellationToken cancellationToken) =>
        call.Method ?? ResolveMethod(call.Invocation, semanticModel, cancellationToken);

    /// <summary>Unwinds <paramref name="expression"/>; false when it is not a call at all.</summary>
    /// <param name="knownParameters">The parameter names of a call the caller knows by its receiver, given its method name and
    /// argument count, or null: positional arguments are then named without binding the call.</param>
    public static bool TryRead(
        ExpressionSyntax expression,
        SemanticModel? semanticModel,
        CancellationToken cancellationToken,
        out ChainedCall call,
        Func<string, int, string[]?>? knownParameters = null)
    {
        call = default;
        // Most calls have no annotations. Those that have are counted first and filled from the end (the chain is read from
        // its last call), so each list is one array of its exact size, not a builder's eight slots copied.
        CountAnnotations(expression, out var annotationCount, out var oldAnnotationCount);
        var annotations = AnnotationSlots(annotationCount);
        var oldAnnotations = AnnotationSlots(oldAnnotationCount);
        var current = expression;
        while (IsAnnotation(current, out var chainAccess, out var chainArguments))
        {
            if (ValueReader.Read(chainArguments[0].Expression, semanticModel).AsString() is { } annotationName)
            {
                var isOld = chainAccess.Name.Identifier.ValueText != "Annotation";
                var slot = isOld ? --oldAnnotationCount : --annotationCount;
                (isOld ? oldAnnotations : annotations)![slot] = new OperationAnnotation(annotationName, ValueReader.Read(chainArguments[1].Expression, semanticModel));
            }

            current = chainAccess.Expression;
        }

        if (current is not InvocationExpressionSyntax invocation)
        {
            return false;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var (receiver, nameSyntax) = invocation.Expression switch
        {
            MemberAccessExpressionSyntax access => (access.Expression, access.Name),
            SimpleNameSyntax simple => ((ExpressionSyntax?)null, simple),
            _ => (null, (SimpleNameSyntax?)null),
        };
        if (nameSyntax is null)
        {
            return false;
        }

        // Binding a call means binding its whole method body: ask the semantic model only when the syntax cannot
        // say which parameter an argument is (positional arguments) or what the receiver is.
        var known = receiver is IdentifierNameSyntax ? knownParameters?.Invoke(nameSyntax.Identifier.ValueText, invocation.ArgumentList.Arguments.Count) : null;
        var needsSymbol = known is null && (HasPositionalArgument(invocation.ArgumentList) || (receiver is not null and not IdentifierNameSyntax));
        var method = needsSymbol ? ResolveMethod(invocation, semanticModel, cancellationToken) : null;
        call = new ChainedCall(
            invocation,
            receiver,
            nameSyntax.Identifier.ValueText,
            ReadTypeArguments(nameSyntax),
            ReadArguments(invocation.ArgumentList, method, semanticModel, known, skipsTableLambdas: nameSyntax.Identifier.ValueText == "CreateTable"),
            Filled(annotations, annotationCount),
            Filled(oldAnnotations, oldAnnotationCount),
            method);
        return true;
    }

    /// <summary>Whether the chain ends in <c>.Annotation(name, value)</c> or <c>.OldAnnotation(name, value)</c>, and its member access and arguments.</summary>
    /// <remarks>Out parameters, not a nullable tuple: a tuple of a struct of Roslyn's is framework code a fresh compiler process compiles for us.</remarks>
    private static bool IsAnnotation(ExpressionSyntax expression, out MemberAccessExpressionSyntax access, out SeparatedSyntaxList<ArgumentSyntax> arguments)
    {
        if (expression is InvocationExpressionSyntax
            {
                Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Annotation" or "OldAnnotation", Expression: InvocationExpressionSyntax } chained,
                ArgumentList.Arguments: { Count: 2 } chainedArguments,
            })
        {
            access = chained;
            arguments = chainedArguments;
            return true;
        }

        access = null!;
        arguments = default;
        return false;
    }

    private static void CountAnnotations(ExpressionSyntax expression, out int annotations, out int oldAnnotations)
    {
        annotations = oldAnnotations = 0;
        while (IsAnnotation(expression, out var access, out _))
        {
            if (access.Name.Identifier.ValueText == "Annotation")
            {
                annotations++;
            }
            else
            {
                oldAnnotations++;
            }

            expression = access.Expression;
        }
    }

    private static ImmutableArray<OperationAnnotation>.Builder? AnnotationSlots(int count)
    {
        if (count == 0)
        {
            return null;
        }

        var slots = ImmutableArray.CreateBuilder<OperationAnnotation>(count);
        slots.Count = count;
        return slots;
    }

    /// <summary>The slots filled; <paramref name="unfilled"/> at the front are those of annotations whose name is no constant string, left out.</summary>
    private static EquatableArray<OperationAnnotation> Filled(ImmutableArray<OperationAnnotation>.Builder? slots, int unfilled)
    {
        if (slots is null)
        {
            return EquatableArray<OperationAnnotation>.Empty;
        }

        return unfilled == 0 ? slots.ToEquatableArray() : new(ImmutableArray.Create(slots.ToArray(), unfilled, slots.Count - unfilled));
    }

    private static bool HasPositionalArgument(ArgumentListSyntax arguments)
    {
        foreach (var argument in arguments.Arguments)
        {
            if (argument.NameColon is null)
            {
                return true;
            }
        }

        return false;
    }

    private static IMethodSymbol? ResolveMethod(InvocationExpressionSyntax invocation, SemanticModel? semanticModel, CancellationToken cancellationToken)
    {
        ModelQuestions.Note();
        if (semanticModel is null)
        {
            return null;
        }

        var info = semanticModel.GetSymbolInfo(invocation, cancellationToken);
        if (info.Symbol is IMethodSymbol method)
        {
            return method;
        }

        // Half-typed code: a single candidate still tells us the parameter names.
        return info.CandidateSymbols.Length == 1 ? info.CandidateSymbols[0] as IMethodSymbol : null;
    }

    private static EquatableArray<string> ReadTypeArguments(SimpleNameSyntax name)
    {
        if (name is not GenericNameSyntax generic)
        {
            return EquatableArray<string>.Empty;
        }

        if (generic.TypeArgumentList.Arguments.Count == 1)
        {
            return EquatableArray.Of(ValueReader.TypeText(generic.TypeArgumentList.Arguments[0])); // Column<int>: no builder
        }

        var builder = ImmutableArray.CreateBuilder<string>(generic.TypeArgumentList.Arguments.Count);
        foreach (var type in generic.TypeArgumentList.Arguments)
        {
            builder.Add(ValueReader.TypeText(type));
        }

        return builder.ToEquatableArray();
    }

    /// <summary>Arguments by parameter name; positional ones are matched to the method's parameters.</summary>
    /// <param name="skipsTableLambdas">Leaves out a CreateTable's <c>columns:</c> and <c>constraints:</c> lambdas, which
    /// <see cref="CreateTableReader"/> reads call by call: their value would be a copy of most of the migration's text.</param>
    public static EquatableArray<OperationArgument> ReadArguments(
        ArgumentListSyntax arguments, IMethodSymbol? method, SemanticModel? semanticModel, string[]? knownParameters = null, bool skipsTableLambdas = false)
    {
        var builder = ImmutableArray.CreateBuilder<OperationArgument>(arguments.Arguments.Count);
        var position = 0;
        foreach (var argument in arguments.Arguments)
        {
            var name = argument.NameColon?.Name.Identifier.ValueText
                ?? (knownParameters is not null && position < knownParameters.Length ? knownParameters[position] : ParameterName(method, position));
            position++;
            if (skipsTableLambdas && name is ("columns" or "constraints") && argument.Expression is LambdaExpressionSyntax)
            {
                continue;
            }

            builder.Add(new OperationArgument(name, ValueReader.Read(argument.Expression, semanticModel)));
        }

        return builder.ToEquatableArray();
    }

    private static string ParameterName(IMethodSymbol? method, int position)
    {
        if (method is null)
        {
            return "#" + position.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var parameters = method.Parameters;
        if (position < parameters.Length)
        {
            return parameters[position].Name;
        }

        // Extra arguments belong to a trailing params array.
        return parameters.Length > 0 && parameters[parameters.Length - 1].IsParams
            ? parameters[parameters.Length - 1].Name
            : "#" + position.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public static SourceSpan SpanOf(SyntaxNode node) =>
        new(node.SyntaxTree.FilePath ?? string.Empty, node.Span.Start, node.Span.Length);

    internal static bool IsName(SimpleNameSyntax? name, string text) =>
        name is not null && string.Equals(name.Identifier.ValueText, text, StringComparison.Ordinal);
}
