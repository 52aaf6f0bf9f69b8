using System;
using System.Globalization;
using SafeMigrations.Analyzers.Infrastructure;

namespace SafeMigrations.Analyzers.Model;

internal enum ValueKind
{
    /// <summary>An expression whose value is not known at compile time. <see cref="ArgumentValue.SourceText"/> holds it.</summary>
    NonConstant = 0,
    Null,
    String,
    Boolean,
    Number,
    Char,
    Array,
    Type,
}

/// <summary>
/// An argument's value as data: its constant where it has one, and always its source text, so the
/// rollback generator can write the same argument back out.
/// </summary>
internal sealed record ArgumentValue(ValueKind Kind, string? Constant, string SourceText, EquatableArray<ArgumentValue> Items)
    : IEquatable<ArgumentValue>
{
    public bool IsConstant => Kind != ValueKind.NonConstant && (Kind != ValueKind.Array || AllItemsConstant());

    public string? AsString() => Kind == ValueKind.String ? Constant : null;

    public bool? AsBoolean() => Kind == ValueKind.Boolean ? string.Equals(Constant, "true", StringComparison.Ordinal) : null;

    public long? AsInt64() =>
        Kind == ValueKind.Number && long.TryParse(Constant, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    public static ArgumentValue NonConstant(string sourceText) => new(ValueKind.NonConstant, null, sourceText, EquatableArray<ArgumentValue>.Empty);

    /// <summary>
    /// The literals <c>true</c>, <c>false</c> and <c>null</c> as written, one shared instance each: a value compares by its fields,
    /// and <c>nullable: false</c> is on every column of every migration.
    /// </summary>
    public static readonly ArgumentValue True = new(ValueKind.Boolean, "true", "true", EquatableArray<ArgumentValue>.Empty),
        False = new(ValueKind.Boolean, "false", "false", EquatableArray<ArgumentValue>.Empty),
        Null = new(ValueKind.Null, null, "null", EquatableArray<ArgumentValue>.Empty);

    private bool AllItemsConstant()
    {
        foreach (var item in Items)
        {
            if (!item.IsConstant)
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>One argument of a call, by its parameter name (positional arguments are resolved to their parameter).</summary>
internal sealed record OperationArgument(string Name, ArgumentValue Value);

/// <summary>One <c>.Annotation(name, value)</c> or <c>.OldAnnotation(name, value)</c> in a fluent chain.</summary>
internal sealed record OperationAnnotation(string Name, ArgumentValue Value);

/// <summary>Where an operation sits in source: enough to rebuild a <c>Location</c> without holding a syntax tree.</summary>
internal readonly record struct SourceSpan(string FilePath, int Start, int Length);
