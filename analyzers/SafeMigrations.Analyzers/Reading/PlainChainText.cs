using System;

namespace SafeMigrations.Analyzers.Reading;

/// <summary>
/// A Designer statement of EF's plain shape read from its text, without its syntax nodes: a column
/// (<c>b.Property&lt;string&gt;("Name").IsRequired().HasMaxLength(200).HasColumnType("text");</c>), a key
/// (<c>b.HasKey("Id");</c>), an index (<c>b.HasIndex("CustomerId").IsUnique();</c>), a table (<c>b.ToTable("Orders");</c>) or a
/// relationship (<c>b.HasOne("Shop.Customer", null).WithMany().HasForeignKey("CustomerId").OnDelete(DeleteBehavior.Cascade);</c>):
/// most of the statements a table's read goes through. Roslyn makes a dozen nodes or more for each call of such a statement
/// when it is read by its syntax; in a fresh compiler process those nodes and the syntax code that makes them were half of a
/// table's read.
/// </summary>
/// <remarks>
/// Only that shape is read: a receiver name, one of <see cref="Heads"/> with at most one type argument, then calls, every call's
/// arguments plain literals (strings without escapes, integers of up to nine digits, <c>true</c>, <c>false</c>, <c>null</c>),
/// <c>(string)null</c> or dotted names (<c>DeleteBehavior.Cascade</c>), then the semicolon, with white space between. Anything
/// else (a comment, an escape, a verbatim, interpolated or raw string, a named argument, a lambda, an array, a cast, a call as
/// an argument, a generic call after the first, a keyword where a name goes, a type C# would not read as one) is refused, and
/// the caller reads the statement by its syntax, as before. <c>PlainChainTextTests</c> reads every such statement of the
/// scaffolded Designers, hand-written ones and random edits of EF's, both ways.
/// </remarks>
internal sealed class PlainChainText
{
    /// <summary>A statement longer than this is not the short chain EF writes (left to the syntax).</summary>
    internal const int LengthLimit = 1024;

    [ThreadStatic]
    private static PlainChainText? ofThread;

    private Call[] calls = new Call[8];
    private Argument[] arguments = new Argument[8];

    private PlainChainText()
    {
    }

    /// <summary>The thread's reader (its buffers are reused from statement to statement).</summary>
    public static PlainChainText OfThread => ofThread ??= new PlainChainText();

    /// <summary>The statement's characters, as parsed last.</summary>
    public ReadOnlyMemory<char> Chars { get; private set; }

    /// <summary>The first call's type argument as written (<c>ValueReader.TypeText</c>'s), or <c>object</c> without one.</summary>
    public string ClrType { get; private set; } = "object";

    /// <summary>The calls, the first (one of <see cref="Heads"/>) at 0.</summary>
    public int CallCount { get; private set; }

    public enum ArgumentKind : byte
    {
        String,
        Integer,
        True,
        False,
        Null,

        /// <summary><c>(string)null</c>, as EF writes a table's schema (<c>b.ToTable("T", (string)null)</c>): no literal, so no value.</summary>
        NullString,

        /// <summary>A dotted name (<c>DeleteBehavior.Cascade</c>): no literal, so no value but its text.</summary>
        Name,
    }

    /// <summary>An argument: its kind and where its text is in <see cref="Chars"/> (a string's quotes included).</summary>
    public readonly struct Argument
    {
        public Argument(ArgumentKind kind, int start, int length)
        {
            Kind = kind;
            Start = start;
            Length = length;
        }

        public ArgumentKind Kind { get; }

        public int Start { get; }

        public int Length { get; }
    }

    private readonly struct Call
    {
        public Call(string? name, int firstArgument, int argumentCount)
        {
            Name = name;
            FirstArgument = firstArgument;
            ArgumentCount = argumentCount;
        }

        public string? Name { get; }

        public int FirstArgument { get; }

        public int ArgumentCount { get; }
    }

    /// <summary>The name of call <paramref name="call"/>: the first call's, and after it a name the reader reads (see <see cref="KnownNames"/>), otherwise null.</summary>
    public string? NameOf(int call) => calls[call].Name;

    public int ArgumentCountOf(int call) => calls[call].ArgumentCount;

    public Argument ArgumentOf(int call, int position) => arguments[calls[call].FirstArgument + position];

    /// <summary>A string argument's value (its text between the quotes, which holds no escape).</summary>
    public string StringOf(Argument argument) => Chars.Span.Slice(argument.Start + 1, argument.Length - 2).ToString();

    /// <summary>Whether a string argument's value is <paramref name="value"/>.</summary>
    public bool StringIs(Argument argument, string value) => Chars.Span.Slice(argument.Start + 1, argument.Length - 2).SequenceEqual(value.AsSpan());

    /// <summary>An integer argument's value (nine digits at most: always an int).</summary>
    public int IntegerOf(Argument argument)
    {
        var digits = Chars.Span.Slice(argument.Start, argument.Length);
        var value = 0;
        foreach (var digit in digits)
        {
            value = (value * 10) + (digit - '0');
        }

        return value;
    }

    /// <summary>The argument's token as written.</summary>
    public string TextOf(Argument argument) => Chars.Span.Slice(argument.Start, argument.Length).ToString();

    /// <summary>The first calls of the statements read by their text: a column, a key, an index, a table, a relationship.</summary>
    internal static readonly string[] Heads = { "Property", "PrimitiveCollection", "HasKey", "HasIndex", "ToTable", "HasOne" };

    /// <summary>
    /// The calls after the first that the reader reads (a column's facets, a key's and an index's names and options). A call of
    /// another name is kept as a call with no name: its arguments are checked to be literals, and it is passed over as the
    /// syntax reader passes over it.
    /// </summary>
    internal static readonly string[] KnownNames =
    {
        "IsRequired", "HasMaxLength", "HasColumnType", "HasColumnName", "HasPrecision", "HasDefaultValueSql", "HasDefaultValue",
        "HasComputedColumnSql", "IsFixedLength", "ValueGeneratedOnAdd", "IsUnicode",
        "HasName", "IsUnique", "HasDatabaseName", "HasFilter", "IsDescending", "HasAnnotation",
        "HasForeignKey", "HasPrincipalKey", "WithOne", "HasConstraintName", "OnDelete",
    };

    /// <summary>Reads <paramref name="statement"/> (a statement's text, from its first token to its semicolon); false when it is not of the shape.</summary>
    public bool TryParse(ReadOnlyMemory<char> statement)
    {
        Chars = statement;
        CallCount = 0;
        var chars = statement.Span;
        var at = 0;

        // The receiver: a name that is not a provider's extension class (SqlServerIndexBuilderExtensions.X(b.Property(...)) is read otherwise).
        var receiver = Identifier(chars, at);
        var receiverName = chars.Slice(at, receiver);
        if (receiver == 0
            || (Keywords.IsReserved(receiverName) && !receiverName.SequenceEqual("this".AsSpan()) && !receiverName.SequenceEqual("base".AsSpan()))
            || receiverName.EndsWith("BuilderExtensions".AsSpan(), StringComparison.Ordinal))
        {
            return false;
        }

        at = Skip(chars, at + receiver);
        if (!Take(chars, ref at, '.'))
        {
            return false;
        }

        var method = Identifier(chars, at);
        if (OneOf(chars.Slice(at, method), Heads) is not { } head)
        {
            return false;
        }

        at = Skip(chars, at + method);
        var clrType = "object";
        if (at < chars.Length && chars[at] == '<')
        {
            if (TypeArgument(chars, at) is not { } type)
            {
                return false;
            }

            clrType = type.Text;
            at = Skip(chars, type.End);
        }

        ClrType = clrType;
        var argumentCount = 0;
        var known = head;
        while (true)
        {
            var first = argumentCount;
            if (!Arguments(chars, ref at, ref argumentCount))
            {
                return false;
            }

            if (CallCount == calls.Length)
            {
                Array.Resize(ref calls, calls.Length * 2);
            }

            calls[CallCount++] = new Call(known, first, argumentCount - first);
            if (at >= chars.Length || chars[at] != '.')
            {
                return at == chars.Length - 1 && chars[at] == ';';
            }

            at = Skip(chars, at + 1);
            method = Identifier(chars, at);
            if (method == 0)
            {
                return false;
            }

            known = OneOf(chars.Slice(at, method), KnownNames);
            if (known is null && Keywords.IsReserved(chars.Slice(at, method)))
            {
                return false;
            }

            at = Skip(chars, at + method);
            if (at < chars.Length && chars[at] == '<')
            {
                return false; // A generic call (HasConversion<int>()): the syntax reader's.
            }
        }
    }

    /// <summary>A parenthesized list of literal arguments at <paramref name="at"/>, added to <see cref="arguments"/>; the position after it, white space skipped.</summary>
    private bool Arguments(ReadOnlySpan<char> chars, ref int at, ref int count)
    {
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
            if (Literal(chars, at) is not { } argument)
            {
                return false;
            }

            if (count == arguments.Length)
            {
                Array.Resize(ref arguments, arguments.Length * 2);
            }

            arguments[count++] = argument;
            at = Skip(chars, argument.Start + argument.Length);
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

    private const string NullStringText = "(string)null";

    /// <summary>The plain literal (or <c>(string)null</c>) at <paramref name="at"/>, or null for anything else.</summary>
    private static Argument? Literal(ReadOnlySpan<char> chars, int at)
    {
        if (at >= chars.Length)
        {
            return null;
        }

        if (chars[at] == '"')
        {
            for (var end = at + 1; end < chars.Length; end++)
            {
                switch (chars[end])
                {
                    case '"':
                        return new Argument(ArgumentKind.String, at, end - at + 1);
                    case '\\' or '\r' or '\n' or '\u2028' or '\u2029' or '\u0085':
                        return null; // An escape (its value is not its text), or a string left open.
                }
            }

            return null;
        }

        if (chars.Slice(at).StartsWith(NullStringText.AsSpan(), StringComparison.Ordinal))
        {
            return new Argument(ArgumentKind.NullString, at, NullStringText.Length);
        }

        if (IsDigit(chars[at]))
        {
            var end = at;
            while (end < chars.Length && IsDigit(chars[end]))
            {
                end++;
            }

            // 10 digits or more may be a long, a uint or too large; a suffix, a hex or real literal is not a plain int.
            return end - at > 9 || (end < chars.Length && (IsIdentifierPart(chars[end]) || chars[end] == '.')) ? null : new Argument(ArgumentKind.Integer, at, end - at);
        }

        var word = Identifier(chars, at);
        var text = chars.Slice(at, word);
        var kind = text.SequenceEqual("true".AsSpan()) ? ArgumentKind.True
            : text.SequenceEqual("false".AsSpan()) ? ArgumentKind.False
            : text.SequenceEqual("null".AsSpan()) ? ArgumentKind.Null
            : (ArgumentKind?)null;
        if (kind is { } found)
        {
            return new Argument(found, at, word);
        }

        // A dotted name, every part a name and not a keyword, with no space inside (its text is the argument's as written).
        var nameEnd = at;
        while (true)
        {
            var part = Identifier(chars, nameEnd);
            if (part == 0 || Keywords.IsReserved(chars.Slice(nameEnd, part)))
            {
                return null;
            }

            nameEnd += part;
            if (nameEnd + 1 >= chars.Length || chars[nameEnd] != '.' || !(IsLetter(chars[nameEnd + 1]) || chars[nameEnd + 1] == '_'))
            {
                return new Argument(ArgumentKind.Name, at, nameEnd - at);
            }

            nameEnd++;
        }
    }

    /// <summary>
    /// The type argument list at <paramref name="at"/> (its <c>&lt;</c>) with one plain type (see <see cref="TypeEnd"/>): the type's
    /// text, trimmed, and the position after the list's <c>&gt;</c>. Null for anything else (two type arguments, none, a tuple).
    /// </summary>
    private static (string Text, int End)? TypeArgument(ReadOnlySpan<char> chars, int at)
    {
        var start = SkipSpaces(chars, at + 1);
        return TypeEnd(chars, start) is { } end && end < chars.Length && chars[end] == '>'
            ? (TypeText(chars.Slice(start, end - start).TrimEnd(' ')), end + 1)
            : null;
    }

    /// <summary>The types of most columns, as EF writes them: their text is taken from here, not made again for every column.</summary>
    private static readonly string[] CommonTypes = WithNullable(Keywords.PredefinedTypes, "DateTime", "DateTimeOffset", "Guid", "TimeSpan", "DateOnly", "TimeOnly", "byte[]");

    private static string[] WithNullable(string[] types, params string[] more)
    {
        var all = new string[(types.Length + more.Length) * 2];
        var count = 0;
        foreach (var type in types)
        {
            all[count++] = type;
            all[count++] = type + "?";
        }

        foreach (var type in more)
        {
            all[count++] = type;
            all[count++] = type + "?";
        }

        return all;
    }

    private static string TypeText(ReadOnlySpan<char> type)
    {
        foreach (var common in CommonTypes)
        {
            if (common.Length == type.Length && common[0] == type[0] && type.SequenceEqual(common.AsSpan()))
            {
                return common;
            }
        }

        return type.ToString();
    }

    /// <summary>
    /// Where the plain type at <paramref name="at"/> ends, spaces after it skipped: dotted names (the first may be an alias,
    /// <c>global::</c>), each with its type arguments, then <c>?</c> and array ranks; a predefined type's keyword alone. Null
    /// for anything C# would not read as such a type (a keyword for a name, brackets left open), which the syntax reads.
    /// </summary>
    private static int? TypeEnd(ReadOnlySpan<char> chars, int at)
    {
        var length = Identifier(chars, at);
        if (length == 0)
        {
            return null;
        }

        var first = chars.Slice(at, length);
        at = SkipSpaces(chars, at + length);
        if (Keywords.IsPredefinedType(first))
        {
            return Suffixes(chars, at);
        }

        if (Keywords.IsReserved(first))
        {
            return null;
        }

        if (at + 1 < chars.Length && chars[at] == ':' && chars[at + 1] == ':')
        {
            at = SkipSpaces(chars, at + 2);
            if (Name(chars, at) is not { } afterAlias)
            {
                return null;
            }

            at = afterAlias;
        }

        while (true)
        {
            if (at < chars.Length && chars[at] == '<')
            {
                at = SkipSpaces(chars, at + 1);
                while (true)
                {
                    if (TypeEnd(chars, at) is not { } argumentEnd || argumentEnd >= chars.Length)
                    {
                        return null;
                    }

                    at = argumentEnd;
                    if (chars[at] == '>')
                    {
                        at = SkipSpaces(chars, at + 1);
                        break;
                    }

                    if (chars[at] != ',')
                    {
                        return null;
                    }

                    at = SkipSpaces(chars, at + 1);
                }
            }

            if (at >= chars.Length || chars[at] != '.')
            {
                return Suffixes(chars, at);
            }

            if (Name(chars, SkipSpaces(chars, at + 1)) is not { } next)
            {
                return null;
            }

            at = next;
        }
    }

    /// <summary>A name that is not a keyword at <paramref name="at"/>: the position after it, spaces skipped.</summary>
    private static int? Name(ReadOnlySpan<char> chars, int at)
    {
        var length = Identifier(chars, at);
        return length == 0 || Keywords.IsReserved(chars.Slice(at, length)) ? null : SkipSpaces(chars, at + length);
    }

    /// <summary><c>?</c> (never twice in a row) and array ranks (<c>[]</c>, <c>[,]</c>) after a type: the position after them.</summary>
    private static int? Suffixes(ReadOnlySpan<char> chars, int at)
    {
        var nullable = false;
        while (at < chars.Length)
        {
            if (chars[at] == '?' && !nullable)
            {
                nullable = true;
                at = SkipSpaces(chars, at + 1);
            }
            else if (chars[at] == '[')
            {
                at = SkipSpaces(chars, at + 1);
                while (at < chars.Length && chars[at] == ',')
                {
                    at = SkipSpaces(chars, at + 1);
                }

                if (at >= chars.Length || chars[at] != ']')
                {
                    return null;
                }

                nullable = false;
                at = SkipSpaces(chars, at + 1);
            }
            else
            {
                break;
            }
        }

        return at;
    }

    /// <summary>Spaces alone, inside a type: a line break or a tab there is rare enough to leave to the syntax.</summary>
    private static int SkipSpaces(ReadOnlySpan<char> chars, int at)
    {
        while (at < chars.Length && chars[at] == ' ')
        {
            at++;
        }

        return at;
    }

    private static string? OneOf(ReadOnlySpan<char> name, string[] names)
    {
        foreach (var known in names)
        {
            if (name.SequenceEqual(known.AsSpan()))
            {
                return known;
            }
        }

        return null;
    }

    /// <summary>The length of the plain identifier at <paramref name="at"/> (ASCII letters, digits and underscores; no <c>@</c>, no escapes); 0 for none.</summary>
    private static int Identifier(ReadOnlySpan<char> chars, int at)
    {
        if (at >= chars.Length || !(IsLetter(chars[at]) || chars[at] == '_'))
        {
            return 0;
        }

        var end = at + 1;
        while (end < chars.Length && IsIdentifierPart(chars[end]))
        {
            end++;
        }

        // A name that goes on in a character outside ASCII is refused whole: the syntax reader knows Unicode's letters.
        return end < chars.Length && chars[end] > 0x7f ? 0 : end - at;
    }

    private static bool Take(ReadOnlySpan<char> chars, ref int at, char expected)
    {
        if (at < chars.Length && chars[at] == expected)
        {
            at = Skip(chars, at + 1);
            return true;
        }

        return false;
    }

    /// <summary>The first position from <paramref name="at"/> that is not white space (a comment is not: it is refused where it stands).</summary>
    private static int Skip(ReadOnlySpan<char> chars, int at)
    {
        while (at < chars.Length && chars[at] is ' ' or '\t' or '\r' or '\n')
        {
            at++;
        }

        return at;
    }

    private static bool IsLetter(char c) => (uint)((c | 0x20) - 'a') <= 'z' - 'a';

    private static bool IsDigit(char c) => (uint)(c - '0') <= 9;

    private static bool IsIdentifierPart(char c) => IsLetter(c) || IsDigit(c) || c == '_';

    /// <summary>C#'s reserved keywords, which no name can be: a statement that puts one where a name goes is the syntax's to read.</summary>
    private static class Keywords
    {
        public static readonly string[] PredefinedTypes =
        {
            "bool", "byte", "char", "decimal", "double", "float", "int", "long", "object", "sbyte", "short", "string", "uint", "ulong", "ushort",
        };

        private static readonly string[] Others =
        {
            "abstract", "as", "base", "break", "case", "catch", "checked", "class", "const", "continue", "default", "delegate", "do",
            "else", "enum", "event", "explicit", "extern", "false", "finally", "fixed", "for", "foreach", "goto", "if", "implicit", "in",
            "interface", "internal", "is", "lock", "namespace", "new", "null", "operator", "out", "override", "params", "private",
            "protected", "public", "readonly", "ref", "return", "sealed", "sizeof", "stackalloc", "static", "struct", "switch", "this",
            "throw", "true", "try", "typeof", "unchecked", "unsafe", "using", "virtual", "void", "volatile", "while",
        };

        public static bool IsPredefinedType(ReadOnlySpan<char> name) => IsOneOf(name, PredefinedTypes);

        public static bool IsReserved(ReadOnlySpan<char> name) => IsOneOf(name, PredefinedTypes) || IsOneOf(name, Others);

        // Every keyword starts with a lower-case letter: EF's names (Property, HasMaxLength, b) are passed at the first test or two.
        private static bool IsOneOf(ReadOnlySpan<char> name, string[] words)
        {
            if (name.Length < 2 || name[0] is < 'a' or > 'z')
            {
                return false;
            }

            foreach (var word in words)
            {
                if (word.Length == name.Length && word[0] == name[0] && name.SequenceEqual(word.AsSpan()))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
