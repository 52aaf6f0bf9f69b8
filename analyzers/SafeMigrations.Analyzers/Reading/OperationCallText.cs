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
/// refused and read by its syntax: casts, negative numbers, a name alone (it may be a constant, which takes binding), positional
/// arguments, comments, escapes, an array of anything but such literals. A <c>CreateTable</c> is read when its <c>columns:</c>
/// lambda is an anonymous object of such calls on the lambda's parameter (<c>Id = table.Column&lt;int&gt;(...)</c>) and its
/// <c>constraints:</c> lambda a block of such calls whose column arguments are selectors (<c>x => x.Id</c>,
/// <c>x => new { x.A, x.B }</c>), positional only where the syntax reader names them without binding (see
/// <see cref="CreateTableReader.ConstraintParameters"/>). <c>OperationCallTextTests</c> reads every Up and Down of the scaffolded
/// histories, hand-written statements and random edits of EF's both ways.
/// </remarks>
internal sealed class OperationCallText
{
    /// <summary>A statement longer than this is left to the syntax (a CreateTable of a wide table is a few thousand characters).</summary>
    internal const int LengthLimit = 64 * 1024;

    [ThreadStatic]
    private static OperationCallText? ofThread;

    [ThreadStatic]
    private static OperationCallText? innerOfThread;

    private NamedArgument[] arguments = new NamedArgument[8];
    private Annotation[] annotations = new Annotation[4];
    private ColumnMember[] columns = new ColumnMember[8];
    private int[] constraintStarts = new int[4];

    private OperationCallText()
    {
    }

    /// <summary>The thread's reader of statements (its buffers are reused from statement to statement).</summary>
    public static OperationCallText OfThread => ofThread ??= new OperationCallText();

    /// <summary>The thread's reader of the calls inside a CreateTable's lambdas, which the statement's reader still holds.</summary>
    public static OperationCallText InnerOfThread => innerOfThread ??= new OperationCallText();

    /// <summary>Which call is read: a builder call (a statement), a column of a CreateTable, or one of its constraints.</summary>
    public enum Place : byte
    {
        Statement,
        Column,
        Constraint,
    }

    /// <summary>The statement's characters, as parsed last.</summary>
    public ReadOnlyMemory<char> Chars { get; private set; }

    /// <summary>The call's name.</summary>
    public string MethodName { get; private set; } = string.Empty;

    /// <summary>The call's type argument as written (<c>ValueReader.TypeText</c>'s), or null without one.</summary>
    public string? TypeArgument { get; private set; }

    /// <summary>Where the call's expression starts in <see cref="Chars"/>: 0 for a statement.</summary>
    public int ExpressionStart { get; private set; }

    /// <summary>Where the call's expression ends in <see cref="Chars"/>: after the last call's <c>)</c>.</summary>
    public int ExpressionEnd { get; private set; }

    /// <summary>The length of the call's expression: its characters up to the last call's <c>)</c>.</summary>
    public int ExpressionLength => ExpressionEnd - ExpressionStart;

    public int ArgumentCount { get; private set; }

    public int AnnotationCount { get; private set; }

    /// <summary>A CreateTable's columns, in order (none for any other call).</summary>
    public int ColumnCount { get; private set; }

    /// <summary>A CreateTable's constraints, in order (none for any other call).</summary>
    public int ConstraintCount { get; private set; }

    /// <summary>Whether the call is a CreateTable with a <c>columns:</c> lambda.</summary>
    public bool HasColumns { get; private set; }

    /// <summary>Whether the call is a CreateTable with a <c>constraints:</c> lambda.</summary>
    public bool HasConstraints { get; private set; }

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

    /// <summary>A member of a CreateTable's <c>columns:</c> object: its property's name and where its call starts.</summary>
    public readonly struct ColumnMember
    {
        public ColumnMember(int nameStart, int nameLength, int callStart)
        {
            NameStart = nameStart;
            NameLength = nameLength;
            CallStart = callStart;
        }

        public int NameStart { get; }

        public int NameLength { get; }

        public int CallStart { get; }
    }

    public NamedArgument ArgumentAt(int position) => arguments[position];

    public Annotation AnnotationAt(int position) => annotations[position];

    public ColumnMember ColumnAt(int position) => columns[position];

    /// <summary>Where the constraint's call starts in <see cref="Chars"/>.</summary>
    public int ConstraintStartAt(int position) => constraintStarts[position];

    /// <summary>The positional parameters of <c>Sql</c>, which the syntax reader names without binding (see <c>MigrationMethodReader.IsLiteralSqlOnBuilder</c>).</summary>
    private static readonly string[] SqlParameters = { "sql", "suppressTransaction" };

    /// <summary>
    /// Reads <paramref name="statement"/> (a statement's text, from its first token to its semicolon) as a call on
    /// <paramref name="builderName"/>; false when it is not of the shape.
    /// </summary>
    public bool TryParse(ReadOnlyMemory<char> statement, string builderName)
    {
        Chars = statement;
        var chars = statement.Span;
        var at = 0;
        return Call(chars, ref at, Place.Statement, builderName) && at == chars.Length - 1 && chars[at] == ';';
    }

    /// <summary>
    /// Reads the call at <paramref name="at"/> in <paramref name="chars"/> (a CreateTable statement's, as its reader parsed it) as
    /// a column's or a constraint's call on any name; false when it is not of the shape. <paramref name="at"/> is then after the
    /// call's chain and the white space after it.
    /// </summary>
    public bool TryParseInner(ReadOnlyMemory<char> chars, ref int at, Place place)
    {
        Chars = chars;
        return Call(chars.Span, ref at, place, builderName: null);
    }

    /// <summary>The call at <paramref name="at"/>: the receiver, the call, its arguments and its annotations; <paramref name="at"/> after them.</summary>
    private bool Call(ReadOnlySpan<char> chars, ref int at, Place place, string? builderName)
    {
        ArgumentCount = AnnotationCount = ColumnCount = ConstraintCount = 0;
        HasColumns = HasConstraints = false;
        TypeArgument = null;
        ExpressionStart = at;
        var receiver = Identifier(chars, at);
        var receiverName = chars.Slice(at, receiver);
        if (receiver == 0 || (builderName is null ? Keywords.IsReserved(receiverName) : !receiverName.SequenceEqual(builderName.AsSpan())))
        {
            return false;
        }

        at = Skip(chars, at + receiver);
        if (!Take(chars, ref at, '.'))
        {
            return false;
        }

        var method = NameLength(chars, at);
        if (method == 0)
        {
            return false;
        }

        var methodName = chars.Slice(at, method);
        var isSql = place == Place.Statement && methodName.SequenceEqual("Sql".AsSpan());
        var isCreateTable = place == Place.Statement && methodName.SequenceEqual("CreateTable".AsSpan());
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

        if (!Arguments(chars, ref at, place, isSql, isCreateTable, out var positional) || (isSql && !IsPlainSql(positional)))
        {
            return false;
        }

        MethodName = Strings.Of(methodName);
        if (positional > 0 && place == Place.Constraint && !NamePositional())
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
        if (isSql && positional > 0 && AnnotationCount > 0)
        {
            return false;
        }

        ExpressionEnd = TrimmedEnd(chars, expressionEnd);
        return true;
    }

    /// <summary>
    /// The argument list at <paramref name="at"/>, every argument named, or for <c>Sql</c> and a constraint some positional
    /// (checked by <see cref="IsPlainSql"/> and <see cref="NamePositional"/>); the position after it, white space skipped.
    /// </summary>
    private bool Arguments(ReadOnlySpan<char> chars, ref int at, Place place, bool isSql, bool isCreateTable, out int positional)
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
            string? name;
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
            else if (place == Place.Constraint)
            {
                name = null; // Named by NamePositional once the call's name and argument count are known.
                positional++;
            }
            else
            {
                return false; // A positional argument (after a named one, or of another call): the syntax reader binds the call to name it.
            }

            Argument value;
            string? typeOf = null;
            if (isCreateTable && name is "columns" or "constraints")
            {
                if (TableLambdaEnd(chars, at, isColumns: name == "columns") is not { } end)
                {
                    return false;
                }

                value = new Argument(ArgumentKind.Lambda, at, end - at);
            }
            else if (place == Place.Constraint && SelectorEnd(chars, at) is { } selectorEnd)
            {
                value = new Argument(ArgumentKind.Lambda, at, selectorEnd - at);
            }
            else if (PlainText.TypeOf(chars, at) is { } type)
            {
                value = new Argument(ArgumentKind.TypeOf, at, type.End - at);
                typeOf = type.Text;
            }
            else if (ArrayEnd(chars, at) is { } arrayEnd)
            {
                value = new Argument(ArgumentKind.Array, at, arrayEnd - at);
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

            arguments[ArgumentCount++] = new NamedArgument(name!, value, typeOf);
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

    /// <summary>
    /// Names a constraint's positional arguments as the syntax reader does without binding (by their position, from
    /// <see cref="CreateTableReader.ConstraintParameters"/>); false for a call it binds to name them.
    /// </summary>
    private bool NamePositional()
    {
        if (CreateTableReader.ConstraintParameters(MethodName, ArgumentCount) is not { } names)
        {
            return false;
        }

        for (var i = 0; i < ArgumentCount; i++)
        {
            if (arguments[i].Name is null)
            {
                arguments[i] = new NamedArgument(names[i], arguments[i].Value, arguments[i].TypeOf);
            }
        }

        return true;
    }

    /// <summary>
    /// Where the CreateTable lambda at <paramref name="at"/> ends (after its <c>}</c>): <c>table => new { Id = table.Column&lt;int&gt;(...), ... }</c>
    /// (<paramref name="isColumns"/>) or <c>table => { table.PrimaryKey(...); ... }</c>, each call read by <see cref="InnerOfThread"/>
    /// and where it starts kept (<see cref="ColumnAt"/>, <see cref="ConstraintStartAt"/>); null for any other shape.
    /// </summary>
    private int? TableLambdaEnd(ReadOnlySpan<char> chars, int at, bool isColumns)
    {
        if ((isColumns ? HasColumns : HasConstraints) || LambdaBody(chars, at) is not { } body)
        {
            return null; // Twice, or no lambda (the syntax reader reads none for a variable, say: left to it).
        }

        if (isColumns)
        {
            HasColumns = true;
        }
        else
        {
            HasConstraints = true;
        }

        at = body;
        if (isColumns && !TakeNew(chars, ref at))
        {
            return null;
        }

        if (!Take(chars, ref at, '{'))
        {
            return null;
        }

        var inner = InnerOfThread;
        if (at < chars.Length && chars[at] == '}')
        {
            return at + 1;
        }

        while (true)
        {
            var start = at;
            if (isColumns)
            {
                var name = NameLength(chars, at);
                if (name == 0)
                {
                    return null;
                }

                at = Skip(chars, at + name);
                if (at + 1 >= chars.Length || chars[at] != '=' || chars[at + 1] is '=' or '>')
                {
                    return null;
                }

                at = Skip(chars, at + 1);
                var callStart = at;
                if (!inner.TryParseInner(Chars, ref at, Place.Column))
                {
                    return null;
                }

                if (ColumnCount == columns.Length)
                {
                    Array.Resize(ref columns, columns.Length * 2);
                }

                columns[ColumnCount++] = new ColumnMember(start, name, callStart);
                if (at < chars.Length && chars[at] == '}')
                {
                    return at + 1;
                }

                if (!Take(chars, ref at, ',') || (at < chars.Length && chars[at] == '}'))
                {
                    return null; // A trailing comma is C#, but rare enough to leave to the syntax.
                }
            }
            else
            {
                if (!inner.TryParseInner(Chars, ref at, Place.Constraint) || !Take(chars, ref at, ';'))
                {
                    return null;
                }

                if (ConstraintCount == constraintStarts.Length)
                {
                    Array.Resize(ref constraintStarts, constraintStarts.Length * 2);
                }

                constraintStarts[ConstraintCount++] = start;
                if (at < chars.Length && chars[at] == '}')
                {
                    return at + 1;
                }
            }
        }
    }

    /// <summary>
    /// Where the column selector at <paramref name="at"/> ends: <c>x => x.Id</c> (after the name) or <c>x => new { x.A, x.B }</c>
    /// (after the <c>}</c>), each column a name on a plain name; null for any other lambda or none.
    /// </summary>
    internal static int? SelectorEnd(ReadOnlySpan<char> chars, int at)
    {
        if (LambdaBody(chars, at) is not { } body)
        {
            return null;
        }

        at = body;
        if (!TakeNew(chars, ref at))
        {
            return MemberEnd(chars, at);
        }

        if (!Take(chars, ref at, '{'))
        {
            return null;
        }

        while (true)
        {
            if (MemberEnd(chars, at) is not { } end)
            {
                return null;
            }

            at = Skip(chars, end);
            if (at < chars.Length && chars[at] == '}')
            {
                return at + 1;
            }

            if (!Take(chars, ref at, ','))
            {
                return null;
            }
        }
    }

    /// <summary>Where <c>x.Name</c> at <paramref name="at"/> ends (after <c>Name</c>), both plain names; null for anything else.</summary>
    internal static int? MemberEnd(ReadOnlySpan<char> chars, int at)
    {
        var target = NameLength(chars, at);
        if (target == 0)
        {
            return null;
        }

        at = Skip(chars, at + target);
        if (!Take(chars, ref at, '.'))
        {
            return null;
        }

        var name = NameLength(chars, at);
        return name == 0 ? null : at + name;
    }

    /// <summary>The body of the lambda <c>x => </c> at <paramref name="at"/> (its parameter a plain name, not parenthesized); null for none.</summary>
    internal static int? LambdaBody(ReadOnlySpan<char> chars, int at)
    {
        var parameter = NameLength(chars, at);
        if (parameter == 0)
        {
            return null;
        }

        at = Skip(chars, at + parameter);
        return at + 1 < chars.Length && chars[at] == '=' && chars[at + 1] == '>' ? Skip(chars, at + 2) : null;
    }

    /// <summary>Takes the keyword <c>new</c> at <paramref name="at"/> and the white space after it.</summary>
    private static bool TakeNew(ReadOnlySpan<char> chars, ref int at)
    {
        if (Identifier(chars, at) != 3 || !chars.Slice(at, 3).SequenceEqual("new".AsSpan()))
        {
            return false;
        }

        at = Skip(chars, at + 3);
        return true;
    }

    /// <summary>
    /// Where the array at <paramref name="at"/> ends (after its <c>}</c> or <c>]</c>): <c>new[] { ... }</c>, <c>new T[] { ... }</c>
    /// (a plain type) or <c>[ ... ]</c>, its items plain literals (see <see cref="ItemsOf"/>); null for anything else.
    /// </summary>
    internal static int? ArrayEnd(ReadOnlySpan<char> chars, int at)
    {
        char close;
        if (at < chars.Length && chars[at] == '[')
        {
            close = ']';
            at = Skip(chars, at + 1);
        }
        else if (TakeNew(chars, ref at))
        {
            if (at < chars.Length && chars[at] == '[')
            {
                at = Skip(chars, at + 1);
                if (!Take(chars, ref at, ']'))
                {
                    return null;
                }
            }
            else if (TypeEnd(chars, at) is not { } typeEnd || typeEnd == at || chars[TrimmedEnd(chars, typeEnd) - 1] != ']')
            {
                return null;
            }
            else
            {
                at = Skip(chars, typeEnd);
            }

            close = '}';
            if (!Take(chars, ref at, '{'))
            {
                return null;
            }
        }
        else
        {
            return null;
        }

        if (at < chars.Length && chars[at] == close)
        {
            return at + 1;
        }

        while (true)
        {
            if (Literal(chars, at) is not { } item)
            {
                return null;
            }

            at = Skip(chars, item.Start + item.Length);
            if (at < chars.Length && chars[at] == close)
            {
                return at + 1;
            }

            if (!Take(chars, ref at, ',') || (at < chars.Length && chars[at] == close))
            {
                return null; // A trailing comma: left to the syntax.
            }
        }
    }

    /// <summary>
    /// The items of the array <paramref name="array"/> (one <see cref="ArrayEnd"/> read), in order, into <paramref name="items"/>;
    /// their count.
    /// </summary>
    internal static int ItemsOf(ReadOnlySpan<char> chars, Argument array, ref Argument[] items)
    {
        var at = array.Start;
        var end = array.Start + array.Length - 1; // The closing bracket.
        at = chars[at] == '[' ? Skip(chars, at + 1) : Skip(chars, chars.Slice(at, end - at).IndexOf('{') + at + 1);
        var count = 0;
        while (at < end)
        {
            var item = Literal(chars, at)!.Value;
            if (count == items.Length)
            {
                Array.Resize(ref items, items.Length * 2);
            }

            items[count++] = item;
            at = Skip(chars, item.Start + item.Length);
            at = at < end ? Skip(chars, at + 1) : at; // The comma.
        }

        return count;
    }
}
