using System;

namespace SafeMigrations.Analyzers.Reading;

/// <summary>
/// The pieces of C# that the text readers (<see cref="PlainChainText"/> for a Designer's statements, <see cref="OperationCallText"/>
/// for Up's and Down's) read from a statement's characters: plain names, literals, one type argument, white space. Each
/// refuses (returns null or 0) where C# could read the characters otherwise than they do, and the reader then refuses the
/// statement, which its caller reads by the syntax.
/// </summary>
internal static class PlainText
{
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

        /// <summary><c>typeof(string)</c> (only <see cref="OperationCallText"/> reads it: EF's <c>oldClrType:</c>).</summary>
        TypeOf,

        /// <summary>
        /// <c>new[] { "A", "B" }</c>, <c>new string[] { ... }</c> or <c>["A", "B"]</c>, every item a literal (only
        /// <see cref="OperationCallText"/> reads it: EF's <c>columns:</c> of a composite key or index, <c>values:</c> of seed data).
        /// </summary>
        Array,

        /// <summary>
        /// A lambda of a CreateTable: its <c>columns:</c> or <c>constraints:</c>, or a constraint's column selector
        /// (<c>x => x.Id</c>, <c>x => new { x.A, x.B }</c>); only <see cref="OperationCallText"/> reads it.
        /// </summary>
        Lambda,
    }

    /// <summary>An argument: its kind and where its text is in the statement's characters (a string's quotes included).</summary>
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

    /// <summary>A string argument's value in <paramref name="chars"/>: its text between the quotes, which holds no escape.</summary>
    internal static string StringOf(ReadOnlySpan<char> chars, Argument argument) => Strings.Of(chars.Slice(argument.Start + 1, argument.Length - 2));

    /// <summary>An argument's token in <paramref name="chars"/>, as written.</summary>
    internal static string TextOf(ReadOnlySpan<char> chars, Argument argument) => Strings.Of(chars.Slice(argument.Start, argument.Length));

    /// <summary>An integer literal's value (nine digits at most, as <see cref="Literal"/> reads them: always an int).</summary>
    internal static int IntegerOf(ReadOnlySpan<char> digits)
    {
        var value = 0;
        foreach (var digit in digits)
        {
            value = (value * 10) + (digit - '0');
        }

        return value;
    }

    private const string NullStringText = "(string)null";

    /// <summary>The plain literal (or <c>(string)null</c>) at <paramref name="at"/>, or null for anything else.</summary>
    internal static Argument? Literal(ReadOnlySpan<char> chars, int at)
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
    internal static (string Text, int End)? TypeArgument(ReadOnlySpan<char> chars, int at) => TypeIn(chars, at, '>');

    /// <summary>
    /// <c>typeof(T)</c> at <paramref name="at"/>, with one plain type: the type's text, trimmed (as <c>ValueReader.TypeText</c>
    /// gives it), and the position after the <c>)</c>. Null for anything else.
    /// </summary>
    internal static (string Text, int End)? TypeOf(ReadOnlySpan<char> chars, int at)
    {
        const string Keyword = "typeof";
        if (Identifier(chars, at) != Keyword.Length || !chars.Slice(at, Keyword.Length).SequenceEqual(Keyword.AsSpan()))
        {
            return null;
        }

        var open = Skip(chars, at + Keyword.Length);
        return open < chars.Length && chars[open] == '(' ? TypeIn(chars, open, ')') : null;
    }

    /// <summary>One plain type (see <see cref="TypeEnd"/>) after the opening character at <paramref name="at"/>, closed by <paramref name="close"/>.</summary>
    private static (string Text, int End)? TypeIn(ReadOnlySpan<char> chars, int at, char close)
    {
        var start = SkipSpaces(chars, at + 1);
        return TypeEnd(chars, start) is { } end && end < chars.Length && chars[end] == close
            ? (TypeText(chars.Slice(start, end - start).TrimEnd(' ')), end + 1)
            : null;
    }

    /// <summary>The types of most columns, as EF writes them: their text is taken from here, not made again for every column.</summary>
    internal static readonly string[] CommonTypes = WithNullable(Keywords.PredefinedTypes, "DateTime", "DateTimeOffset", "Guid", "TimeSpan", "DateOnly", "TimeOnly", "byte[]");

    internal static string[] WithNullable(string[] types, params string[] more)
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

    internal static string TypeText(ReadOnlySpan<char> type)
    {
        foreach (var common in CommonTypes)
        {
            if (common.Length == type.Length && common[0] == type[0] && type.SequenceEqual(common.AsSpan()))
            {
                return common;
            }
        }

        return Strings.Of(type);
    }

    /// <summary>
    /// Where the plain type at <paramref name="at"/> ends, spaces after it skipped: dotted names (the first may be an alias,
    /// <c>global::</c>), each with its type arguments, then <c>?</c> and array ranks; a predefined type's keyword alone. Null
    /// for anything C# would not read as such a type (a keyword for a name, brackets left open), which the syntax reads.
    /// </summary>
    internal static int? TypeEnd(ReadOnlySpan<char> chars, int at)
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
    internal static int? Name(ReadOnlySpan<char> chars, int at)
    {
        var length = NameLength(chars, at);
        return length == 0 ? null : SkipSpaces(chars, at + length);
    }

    /// <summary>The length of the plain identifier at <paramref name="at"/> that is not a keyword (see <see cref="Identifier"/>); 0 for none.</summary>
    internal static int NameLength(ReadOnlySpan<char> chars, int at)
    {
        var length = Identifier(chars, at);
        return length == 0 || Keywords.IsReserved(chars.Slice(at, length)) ? 0 : length;
    }

    /// <summary><c>?</c> (never twice in a row) and array ranks (<c>[]</c>, <c>[,]</c>) after a type: the position after them.</summary>
    internal static int? Suffixes(ReadOnlySpan<char> chars, int at)
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
    internal static int SkipSpaces(ReadOnlySpan<char> chars, int at)
    {
        while (at < chars.Length && chars[at] == ' ')
        {
            at++;
        }

        return at;
    }

    internal static string? OneOf(ReadOnlySpan<char> name, string[] names)
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
    internal static int Identifier(ReadOnlySpan<char> chars, int at)
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

    internal static bool Take(ReadOnlySpan<char> chars, ref int at, char expected)
    {
        if (at < chars.Length && chars[at] == expected)
        {
            at = Skip(chars, at + 1);
            return true;
        }

        return false;
    }

    /// <summary>The first position from <paramref name="at"/> that is not white space (a comment is not: it is refused where it stands).</summary>
    internal static int Skip(ReadOnlySpan<char> chars, int at)
    {
        while (at < chars.Length && IsWhiteSpace(chars[at]))
        {
            at++;
        }

        return at;
    }

    /// <summary><paramref name="end"/> with the white space before it taken off: where the text before it ends.</summary>
    internal static int TrimmedEnd(ReadOnlySpan<char> chars, int end)
    {
        while (end > 0 && IsWhiteSpace(chars[end - 1]))
        {
            end--;
        }

        return end;
    }

    /// <summary>The white space the text readers pass over: spaces, tabs and line ends (any other is refused where it stands).</summary>
    private static bool IsWhiteSpace(char c) => c is ' ' or '\t' or '\r' or '\n';

    internal static bool IsLetter(char c) => (uint)((c | 0x20) - 'a') <= 'z' - 'a';

    internal static bool IsDigit(char c) => (uint)(c - '0') <= 9;

    internal static bool IsIdentifierPart(char c) => IsLetter(c) || IsDigit(c) || c == '_';

    /// <summary>C#'s reserved keywords, which no name can be: a statement that puts one where a name goes is the syntax's to read.</summary>
    internal static class Keywords
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

    /// <summary>
    /// The strings the text readers make, kept per thread so the same name, type or table read again is the string made the
    /// first time: read by their syntax, a literal's value and text are the token's, made once by the parser; read by their
    /// text, each read would make them again.
    /// </summary>
    internal static class Strings
    {
        private const int Slots = 2048;

        /// <summary>A longer string (an SQL statement, a default value) is made each time: it is rarely read twice.</summary>
        private const int LengthLimit = 64;

        [ThreadStatic]
        private static string?[]? made;

        public static string Of(ReadOnlySpan<char> chars)
        {
            if (chars.Length > LengthLimit)
            {
                return chars.ToString();
            }

            var slots = made ??= new string?[Slots];
            ref var slot = ref slots[Hash(chars, chars.Length) & (Slots - 1)];
            if (slot is { } kept && chars.SequenceEqual(kept.AsSpan()))
            {
                return kept;
            }

            return slot = chars.ToString();
        }

        /// <summary>A hash of <paramref name="chars"/> for the per-thread caches' slots, continuing from <paramref name="seed"/>.</summary>
        public static int Hash(ReadOnlySpan<char> chars, int seed)
        {
            var hash = seed;
            foreach (var c in chars)
            {
                hash = unchecked((hash * 31) + c);
            }

            return hash;
        }
    }
}
