using System;

using static SafeMigrations.Analyzers.Reading.PlainText;

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
    public string StringOf(Argument argument) => PlainText.StringOf(Chars.Span, argument);

    /// <summary>Whether a string argument's value is <paramref name="value"/>.</summary>
    public bool StringIs(Argument argument, string value) => Chars.Span.Slice(argument.Start + 1, argument.Length - 2).SequenceEqual(value.AsSpan());

    /// <summary>An integer argument's value (nine digits at most: always an int).</summary>
    public int IntegerOf(Argument argument) => PlainText.IntegerOf(Chars.Span.Slice(argument.Start, argument.Length));

    /// <summary>The argument's token as written.</summary>
    public string TextOf(Argument argument) => PlainText.TextOf(Chars.Span, argument);

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

}
