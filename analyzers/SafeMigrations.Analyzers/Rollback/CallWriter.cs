using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;
using SafeMigrations.Analyzers.Infrastructure;
using SafeMigrations.Analyzers.Model;
using SafeMigrations.Analyzers.Reading;

namespace SafeMigrations.Analyzers.Rollback;

/// <summary>Writes a <c>migrationBuilder.Method&lt;T&gt;(name: value, ...)</c> call the way EF's scaffolder lays it out.</summary>
internal sealed class CallWriter
{
    private readonly string method;
    private readonly string? typeArgument;

    /// <summary>
    /// The arguments written, each as the reader reads it back: the operation's own arguments, made once (a list of names and
    /// codes beside a list of values made two lists and their arrays for every call planned, then the arguments again). An
    /// argument whose value the writer does not know holds its code in an <see cref="Unread"/> value until
    /// <see cref="Operation"/> parses it; every value's <see cref="ArgumentValue.SourceText"/> is the code written.
    /// </summary>
    private readonly List<OperationArgument> arguments = new();

    // Written annotations as objects, not value tuples: a list of (string, string, bool) is framework code a fresh compiler
    // process compiled for us. Made by the first annotation: most calls written have none.
    private List<WrittenAnnotation>? annotations;

    public CallWriter(string method, string? typeArgument = null)
    {
        this.method = method;
        this.typeArgument = typeArgument;
    }

    public CallWriter Arg(string name, string? code) => Arg(name, code, value: null);

    /// <param name="value">What the syntax reader gives for <paramref name="code"/>, when the caller knows it.</param>
    public CallWriter Arg(string name, string? code, ArgumentValue? value)
    {
        if (code is not null)
        {
            arguments.Add(new OperationArgument(name, value ?? Unread(code)));
        }

        return this;
    }

    /// <summary>Marks a value the writer does not know: its code, parsed when the operation is built. Never leaves the writer.</summary>
    private static readonly string UnreadMark = new(' ', 1);

    private static ArgumentValue Unread(string code) => new(ValueKind.NonConstant, UnreadMark, code, EquatableArray<ArgumentValue>.Empty);

    private static bool IsUnread(ArgumentValue value) => ReferenceEquals(value.Constant, UnreadMark);

    /// <remarks>The literal is quoted once, for the code and the value read back: SM3002 writes every name of every planned operation.</remarks>
    public CallWriter Literal(string name, string? value) => value is null ? this : Arg(name, StringLiteral(value));

    private CallWriter Arg(string name, ArgumentValue value) => Arg(name, value.SourceText, value);

    /// <summary>What the reader reads from the string literal this writer writes for <paramref name="value"/>.</summary>
    public static ArgumentValue StringLiteral(string value) => Constant(ValueKind.String, value, Quote(value));

    public CallWriter Literal(string name, bool value) => Arg(name, value ? ArgumentValue.True : ArgumentValue.False);

    public CallWriter Literal(string name, int? value) =>
        value?.ToString(CultureInfo.InvariantCulture) is { } number ? Arg(name, Constant(ValueKind.Number, number, number)) : this;

    private static ArgumentValue Constant(ValueKind kind, string constant, string code) => new(kind, constant, code, EquatableArray<ArgumentValue>.Empty);

    /// <summary>Copies an argument of the Up operation as it was written, under the same or another name.</summary>
    public CallWriter Copy(CallModel from, string name, string? asName = null)
    {
        var value = from.Argument(name);
        var code = CodeOf(value);
        return Arg(asName ?? name, code, value is null || code is null ? null : ReadBackOf(value, code));
    }

    /// <summary>Writes a value read from another call, as it was written.</summary>
    public CallWriter Copy(string name, ArgumentValue value) => Arg(name, value.SourceText, IsReadFromSyntaxAlone(value) ? value : null);

    /// <summary>
    /// What the syntax reader gives for <paramref name="code"/>, written for <paramref name="value"/>, when that is plain:
    /// the value's own constant written as a literal, or a value the syntax alone decided; null otherwise.
    /// </summary>
    private static ArgumentValue? ReadBackOf(ArgumentValue value, string code)
    {
        if (ReferenceEquals(code, value.SourceText) || code == value.SourceText)
        {
            return IsReadFromSyntaxAlone(value) ? value : null;
        }

        // CodeOf wrote the constant instead of a name that holds it: a literal of the value.
        return value.Kind switch
        {
            ValueKind.String => value with { SourceText = code },
            ValueKind.Boolean => value with { SourceText = code },
            _ => null,
        };
    }

    /// <summary>True when the reader gives this value without a semantic model: a plain literal, or no constant at all.</summary>
    private static bool IsReadFromSyntaxAlone(ArgumentValue value)
    {
        var source = value.SourceText;
        switch (value.Kind)
        {
            case ValueKind.NonConstant:
                return true;
            case ValueKind.Null:
                return source == "null";
            case ValueKind.Boolean:
                return source is "true" or "false";
            case ValueKind.String:
                // A literal with no escape sequence is its text in quotes; anything else is compared with how it is written.
                return value.Constant is { } text
                    && (source.Length == text.Length + 2 && source[0] == '"' && source[source.Length - 1] == '"' && source.IndexOf('\\') < 0
                        && string.CompareOrdinal(source, 1, text, 0, text.Length) == 0
                        || source == Quote(text));
            case ValueKind.Number:
                // One numeric literal token (5, 0L, 1.5m), not an expression such as 1 + 2.
                return source.Length > 0 && char.IsDigit(source[0]) && source.All(c => char.IsLetterOrDigit(c) || c == '.' || c == '_');
            default:
                return false;
        }
    }

    /// <summary>
    /// An argument's code: as written, except a name that holds a constant (<c>table: Tables.Orders</c>), which is
    /// written as its value, so every reader of the written call sees the same value the rules saw.
    /// </summary>
    private static string? CodeOf(ArgumentValue? value)
    {
        if (value is not { Constant: { } constant } || value.SourceText.Length == 0 || !(char.IsLetter(value.SourceText[0]) || value.SourceText[0] == '_')
            || value.SourceText is "true" or "false" or "null")
        {
            return value?.SourceText;
        }

        return value.Kind switch
        {
            ValueKind.String => Quote(constant),
            ValueKind.Boolean => constant,
            _ => value.SourceText,
        };
    }

    /// <summary>How many arguments are written so far, for a call built from another's (<see cref="NameAt"/>, <see cref="CodeAt"/>).</summary>
    public int ArgumentCount => arguments.Count;

    public string NameAt(int index) => arguments[index].Name;

    public string CodeAt(int index) => arguments[index].Value.SourceText;

    public CallWriter Annotation(string name, string code, bool old = false) => Annotation(name, code, old, value: null);

    /// <summary>An annotation copied from another call: its value is known when the syntax alone read it.</summary>
    public CallWriter Annotation(OperationAnnotation annotation, bool old) =>
        Annotation(annotation.Name, annotation.Value.SourceText, old, IsReadFromSyntaxAlone(annotation.Value) ? annotation.Value : null);

    private CallWriter Annotation(string name, string code, bool old, ArgumentValue? value)
    {
        (annotations ??= new()).Add(new WrittenAnnotation(name, code, old, value));
        return this;
    }

    /// <summary>
    /// The operation <see cref="MigrationMethodReader"/> reads from <see cref="Write"/>'s code, built without parsing
    /// it where the written values are known; an argument written as free code is parsed alone.
    /// </summary>
    public MigrationOperation Operation()
    {
        var kind = OperationTypes.FromMethodName(method);
        return new MigrationOperation(
            kind == OperationType.Unknown ? OperationType.Extension : kind,
            method,
            BuiltTypeArguments(),
            BuiltArguments(),
            BuiltAnnotations(old: false),
            BuiltAnnotations(old: true),
            EquatableArray<TableColumn>.Empty,
            EquatableArray<TableConstraint>.Empty,
            ProviderBranch.None,
            default);
    }

    /// <summary>
    /// This call as a column of a CreateTable's <c>columns:</c> lambda (<c>Name = table.Column&lt;T&gt;(...)</c>), as the reader
    /// reads it: what <see cref="Operation"/> gives, without an operation made for every column of every table re-created.
    /// </summary>
    public TableColumn Column(string propertyName) =>
        new(propertyName, "Column", BuiltTypeArguments(), BuiltArguments(), BuiltAnnotations(old: false), default);

    private EquatableArray<string> BuiltTypeArguments() => typeArgument is null ? EquatableArray<string>.Empty : EquatableArray.Of(typeArgument);

    /// <summary>The written arguments in one array of their exact size, each unread code parsed.</summary>
    private EquatableArray<OperationArgument> BuiltArguments()
    {
        if (arguments.Count == 0)
        {
            return EquatableArray<OperationArgument>.Empty;
        }

        var built = ImmutableArray.CreateBuilder<OperationArgument>(arguments.Count);
        foreach (var argument in arguments)
        {
            built.Add(IsUnread(argument.Value) ? new OperationArgument(argument.Name, ReadCode(argument.Value.SourceText)) : argument);
        }

        return built.ToEquatableArray();
    }

    /// <summary>The annotations or old annotations as the operation holds them, in one array of their exact size (none: the shared empty one).</summary>
    private EquatableArray<OperationAnnotation> BuiltAnnotations(bool old)
    {
        if (annotations is null)
        {
            return EquatableArray<OperationAnnotation>.Empty;
        }

        var count = 0;
        foreach (var annotation in annotations)
        {
            count += annotation.Old == old ? 1 : 0;
        }

        if (count == 0)
        {
            return EquatableArray<OperationAnnotation>.Empty;
        }

        var built = ImmutableArray.CreateBuilder<OperationAnnotation>(count);
        foreach (var annotation in annotations)
        {
            if (annotation.Old == old)
            {
                built.Add(new OperationAnnotation(annotation.Name, annotation.Value ?? ReadCode(annotation.Code)));
            }
        }

        return built.ToEquatableArray();
    }

    /// <summary>
    /// The reader's value of one argument's code, as <see cref="Write"/> lays it out. The same few codes come back in every
    /// migration (EF's placeholder defaults, ReferentialAction.Cascade, identity annotations), and parsing one costs a
    /// parser's buffers, so short codes are remembered: the value depends on nothing but the code.
    /// </summary>
    private static ArgumentValue ReadCode(string code)
    {
        if (code.Length > 200)
        {
            return Parse(code);
        }

        if (ReadCodes.TryGetValue(code, out var known))
        {
            return known;
        }

        var value = Parse(code);
        if (ReadCodes.Count < 4096)
        {
            ReadCodes.TryAdd(code, value);
        }

        return value;

        static ArgumentValue Parse(string code) => ValueReader.Read(SyntaxFactory.ParseExpression(Indent(code)), semanticModel: null);
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, ArgumentValue> ReadCodes = new(StringComparer.Ordinal);

    public string Write()
    {
        var builder = new StringBuilder("migrationBuilder.").Append(method);
        if (typeArgument is not null)
        {
            builder.Append('<').Append(typeArgument).Append('>');
        }

        builder.Append('(');
        for (var i = 0; i < arguments.Count; i++)
        {
            builder.Append("\n    ").Append(arguments[i].Name).Append(": ").Append(Indent(arguments[i].Value.SourceText));
            builder.Append(i < arguments.Count - 1 ? "," : string.Empty);
        }

        builder.Append(')');
        if (annotations is not null)
        {
            foreach (var annotation in annotations)
            {
                builder.Append("\n    .").Append(annotation.Old ? "OldAnnotation" : "Annotation").Append('(').Append(Quote(annotation.Name)).Append(", ").Append(annotation.Code).Append(')');
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// The C# literal of <paramref name="value"/>, as <see cref="SymbolDisplay.FormatLiteral(string, bool)"/> writes it. A
    /// name of printable ASCII other than a quote or backslash (almost every one) needs no escape and skips Roslyn's
    /// formatter: SM3002 quotes every name of every planned operation.
    /// </summary>
    public static string Quote(string value)
    {
        foreach (var c in value)
        {
            if (c is < ' ' or > '~' or '"' or '\\')
            {
                return SymbolDisplay.FormatLiteral(value, quote: true);
            }
        }

        return "\"" + value + "\"";
    }

    public static string StringArray(IEnumerable<string> values) => "new[] { " + string.Join(", ", values.Select(Quote)) + " }";

    /// <summary>Writes one column name as a string, several as an array, under the singular or plural parameter name.</summary>
    /// <remarks>Each name is quoted once, for its item and the array's code (the code was <see cref="StringArray"/>, which quoted them again).</remarks>
    public CallWriter Columns(string singular, string plural, EquatableArray<string> columns)
    {
        if (columns.Count == 1)
        {
            return Literal(singular, columns[0]);
        }

        var items = ImmutableArray.CreateBuilder<ArgumentValue>(columns.Count);
        var code = new StringBuilder("new[] { ");
        for (var i = 0; i < columns.Count; i++)
        {
            var item = StringLiteral(columns[i]);
            items.Add(item);
            code.Append(i == 0 ? string.Empty : ", ").Append(item.SourceText);
        }

        var text = code.Append(" }").ToString();
        return Arg(plural, text, new ArgumentValue(ValueKind.Array, null, text, items.ToEquatableArray()));
    }

    private static string Indent(string code) => CodeText.Indent(code, "    ");

    /// <param name="Old">An <c>OldAnnotation</c> (what an altered column or table had before), not an <c>Annotation</c>.</param>
    /// <param name="Value">What reading <paramref name="Code"/> back gives, when the writer knows it without parsing (null: parse).</param>
    private sealed record WrittenAnnotation(string Name, string Code, bool Old, ArgumentValue? Value);
}
