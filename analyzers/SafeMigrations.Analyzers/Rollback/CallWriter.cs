using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;
using SafeMigrations.Analyzers.Model;

namespace SafeMigrations.Analyzers.Rollback;

/// <summary>Writes a <c>migrationBuilder.Method&lt;T&gt;(name: value, ...)</c> call the way EF's scaffolder lays it out.</summary>
internal sealed class CallWriter
{
    private readonly string method;
    private readonly string? typeArgument;
    private readonly List<(string Name, string Code)> arguments = new();
    private readonly List<(string Name, string Code, bool Old)> annotations = new();

    public CallWriter(string method, string? typeArgument = null)
    {
        this.method = method;
        this.typeArgument = typeArgument;
    }

    public CallWriter Arg(string name, string? code)
    {
        if (code is not null)
        {
            arguments.Add((name, code));
        }

        return this;
    }

    public CallWriter Literal(string name, string? value) => Arg(name, value is null ? null : Quote(value));

    public CallWriter Literal(string name, bool value) => Arg(name, value ? "true" : "false");

    public CallWriter Literal(string name, int? value) => Arg(name, value?.ToString(CultureInfo.InvariantCulture));

    /// <summary>Copies an argument of the Up operation as it was written, under the same or another name.</summary>
    public CallWriter Copy(CallModel from, string name, string? asName = null) => Arg(asName ?? name, CodeOf(from.Argument(name)));

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

    /// <summary>The arguments written so far, for a call built from another's.</summary>
    public IReadOnlyList<(string Name, string Code)> Arguments => arguments;

    public CallWriter Annotation(string name, string code, bool old = false)
    {
        annotations.Add((name, code, old));
        return this;
    }

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
            builder.Append("\n    ").Append(arguments[i].Name).Append(": ").Append(Indent(arguments[i].Code));
            builder.Append(i < arguments.Count - 1 ? "," : string.Empty);
        }

        builder.Append(')');
        foreach (var (name, code, old) in annotations)
        {
            builder.Append("\n    .").Append(old ? "OldAnnotation" : "Annotation").Append('(').Append(Quote(name)).Append(", ").Append(code).Append(')');
        }

        return builder.ToString();
    }

    public static string Quote(string value) => SymbolDisplay.FormatLiteral(value, quote: true);

    public static string StringArray(IEnumerable<string> values) => "new[] { " + string.Join(", ", values.Select(Quote)) + " }";

    /// <summary>Writes one column name as a string, several as an array, under the singular or plural parameter name.</summary>
    public CallWriter Columns(string singular, string plural, IReadOnlyList<string> columns) =>
        columns.Count == 1 ? Literal(singular, columns[0]) : Arg(plural, StringArray(columns));

    private static string Indent(string code) => code.Replace("\n", "\n    ");
}
