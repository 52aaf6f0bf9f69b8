using System;
using static SafeMigrations.Analyzers.Reading.PlainText;

namespace SafeMigrations.Analyzers.Reading;

/// <summary>
/// An Up or Down statement of EF's plain shape read from its text, without its syntax nodes: a builder call with named
/// arguments that are plain literals, and the annotations after it:
/// <code>
/// migrationBuilder.AddColumn&lt;string&gt;(
///     name: "Note",
///     table: "Orders",
///     type: "character varying(200)",
///     maxLength: 200,
///     nullable: true)
///     .Annotation("Relational:Collation", "C");
/// </code>
/// Most statements of a scaffolded history are of this shape; read by their syntax, each of their arguments is four or five
/// nodes that Roslyn makes for the read (in a fresh compiler process it has dropped the ones it made to bind the method).
/// </summary>
/// <remarks>
/// Only that shape is read: the builder's parameter name, a call name with at most one type argument, arguments that are all
/// named (or <c>Sql("...")</c> and <c>Sql("...", true)</c>, which the syntax reader names without binding too), each a plain
/// literal (see <see cref="PlainText.Literal"/>) or a member of a type the syntax reader knows without binding
/// (<c>ReferentialAction.Cascade</c>, see <see cref="ValueReader.IsWellKnownMember(ReadOnlySpan{char})"/>), then <c>.Annotation(name, value)</c>
/// and <c>.OldAnnotation(name, value)</c> calls with a string name and such a value, then the semicolon. Anything else is
/// refused and read by its syntax: a <c>CreateTable</c> (its lambdas), arrays, casts, negative numbers, a name alone (it may be
/// a constant, which takes binding), positional arguments, comments, escapes. <c>OperationCallTextTests</c> reads every Up and
/// Down of the scaffolded histories, hand-written statements and random edits of EF's both ways.
/// </remarks>
internal sealed class OperationCallText
{
    [ThreadStatic]
    private static OperationCallText? ofThread;

    private NamedArgument[] arguments = new NamedArgument[8];
    private Annotation[] annotations = new Annotation[4];

    private OperationCallText()
    {
    }

    /// <summary>The thread's reader (its buffers are reused from statement to statement).</summary>
    public static OperationCallText OfThread => ofThread ??= new OperationCallText();

    /// <summary>The statement's characters, as parsed last.</summary>
    public ReadOnlyMemory<char> Chars { get; private set; }

    /// <summary>The call's name.</summary>
    public string MethodName { get; private set; } = string.Empty;

    /// <summary>The call's type argument as written (<c>ValueReader.TypeText</c>'s), or null without one.</summary>
    public string? TypeArgument { get; private set; }

    /// <summary>The length of the statement's expression: its characters up to the last call's <c>)</c>.</summary>
    public int ExpressionLength { get; private set; }

    public int ArgumentCount { get; private set; }

    public int AnnotationCount { get; private set; }

    /// <summary>An argument: its parameter's name and its value (with a <c>typeof</c>'s type).</summary>
    public readonly struct NamedArgument
    {
        public NamedArgument(string name, Argument value, string? typeOf)
        {
            Name = name;
            Value = value;
            TypeOf = typeOf;
        }

        public string Name { get; }

        public Argument Value { get; }

        /// <summary>The type of a <see cref="ArgumentKind.TypeOf"/> value, as <c>ValueReader.TypeText</c> gives it.</summary>
        public string? TypeOf { get; }
    }

    /// <summary>An <c>.Annotation(name, value)</c> (or <c>.OldAnnotation</c>) after the call, its name a string.</summary>
    public readonly struct Annotation
    {
        public Annotation(bool isOld, Argument name, Argument value)
        {
            IsOld = isOld;
            Name = name;
            Value = value;
        }

        public bool IsOld { get; }

        public Argument Name { get; }

        public Argument Value { get; }
    }

    public NamedArgument ArgumentAt(int position) => arguments[position];

    public Annotation AnnotationAt(int position) => annotations[position];

    /// <summary>The positional parameters of <c>Sql</c>, which the syntax reader names without binding (see <c>MigrationMethodReader.IsLiteralSqlOnBuilder</c>).</summary>
    private static readonly string[] SqlParameters = { "sql", "suppressTransaction" };

    /// <summary>
    /// Reads <paramref name="statement"/> (a statement's text, from its first token to its semicolon) as a call on
    /// <paramref name="builderName"/>; false when it is not of the shape.
    /// </summary>
    public bool TryParse(ReadOnlyMemory<char> statement, string builderName)
    {
        Chars = statement;
        ArgumentCount = AnnotationCount = 0;
        TypeArgument = null;
        var chars = statement.Span;
        var receiver = Identifier(chars, 0);
        if (receiver == 0 || !chars.Slice(0, receiver).SequenceEqual(builderName.AsSpan()))
        {
            return false;
        }

        var at = Skip(chars, receiver);
        if (!Take(chars, ref at, '.'))
        {
            return false;
        }

        var method = Identifier(chars, at);
        if (method == 0 || Keywords.IsReserved(chars.Slice(at, method)))
        {
            return false;
        }

        var methodName = chars.Slice(at, method);
        var isSql = methodName.SequenceEqual("Sql".AsSpan());
        at = Skip(chars, at + method);
        if (at < chars.Length && chars[at] == '<')
        {
            if (isSql || PlainText.TypeArgument(chars, at) is not { } type)
            {
                return false;
            }

            TypeArgument = type.Text;
            at = Skip(chars, type.End);
        }

        if (!Arguments(chars, ref at, isSql, out var positional) || (isSql && !IsPlainSql(positional)))
        {
            return false;
        }

        var expressionEnd = at;
        while (at < chars.Length && chars[at] == '.')
        {
            at = Skip(chars, at + 1);
            var name = Identifier(chars, at);
            var isOld = chars.Slice(at, name).SequenceEqual("OldAnnotation".AsSpan());
            if (!isOld && !chars.Slice(at, name).SequenceEqual("Annotation".AsSpan()))
            {
                return false;
            }

            at = Skip(chars, at + name);
            if (!Take(chars, ref at, '(') || Literal(chars, at) is not { Kind: ArgumentKind.String } annotationName)
            {
                return false;
            }

            at = Skip(chars, annotationName.Start + annotationName.Length);
            if (!Take(chars, ref at, ',') || Literal(chars, at) is not { } value)
            {
                return false;
            }

            at = Skip(chars, value.Start + value.Length);
            if (!Take(chars, ref at, ')'))
            {
                return false;
            }

            if (AnnotationCount == annotations.Length)
            {
                Array.Resize(ref annotations, annotations.Length * 2);
            }

            annotations[AnnotationCount++] = new Annotation(isOld, annotationName, value);
            expressionEnd = at;
        }

        // A positional Sql with annotations after it: the syntax reader names its arguments only when Sql is the outermost call.
        if (at != chars.Length - 1 || chars[at] != ';' || (positional > 0 && AnnotationCount > 0))
        {
            return false;
        }

        MethodName = Strings.Of(methodName);
        ExpressionLength = TrimmedEnd(chars, expressionEnd);
        return true;
    }

    /// <summary>
    /// The argument list at <paramref name="at"/>, every argument named, or for <c>Sql</c> the first ones positional (checked
    /// by <see cref="IsPlainSql"/>); the position after it, white space skipped.
    /// </summary>
    private bool Arguments(ReadOnlySpan<char> chars, ref int at, bool isSql, out int positional)
    {
        positional = 0;
        if (!Take(chars, ref at, '('))
        {
            return false;
        }

        if (Take(chars, ref at, ')'))
        {
            return true;
        }

        while (true)
        {
            string name;
            var nameLength = Identifier(chars, at);
            var colon = Skip(chars, at + nameLength);
            if (nameLength > 0 && colon < chars.Length && chars[colon] == ':' && (colon + 1 == chars.Length || chars[colon + 1] != ':'))
            {
                if (Keywords.IsReserved(chars.Slice(at, nameLength)))
                {
                    return false;
                }

                name = Strings.Of(chars.Slice(at, nameLength));
                at = Skip(chars, colon + 1);
            }
            else if (isSql && positional == ArgumentCount && ArgumentCount < SqlParameters.Length)
            {
                name = SqlParameters[positional++];
            }
            else
            {
                return false; // A positional argument (after a named one, or of another call): the syntax reader binds the call to name it.
            }

            Argument value;
            string? typeOf = null;
            if (PlainText.TypeOf(chars, at) is { } type)
            {
                value = new Argument(ArgumentKind.TypeOf, at, type.End - at);
                typeOf = type.Text;
            }
            else if (Literal(chars, at) is { } literal)
            {
                value = literal;
            }
            else
            {
                return false;
            }

            if (ArgumentCount == arguments.Length)
            {
                Array.Resize(ref arguments, arguments.Length * 2);
            }

            arguments[ArgumentCount++] = new NamedArgument(name, value, typeOf);
            at = Skip(chars, value.Start + value.Length);
            if (Take(chars, ref at, ')'))
            {
                return true;
            }

            if (!Take(chars, ref at, ','))
            {
                return false;
            }
        }
    }

    /// <summary>
    /// A <c>Sql</c> call the syntax reader names without binding: all named, or its SQL a positional string and a second
    /// argument, if any, <c>true</c> or <c>false</c>, positional or named <c>suppressTransaction</c>.
    /// </summary>
    private bool IsPlainSql(int positional) =>
        positional == 0
        || (ArgumentCount is 1 or 2
            && arguments[0].Value.Kind == ArgumentKind.String
            && (ArgumentCount == 1 || (arguments[1].Value.Kind is ArgumentKind.True or ArgumentKind.False && arguments[1].Name == SqlParameters[1])));
}
