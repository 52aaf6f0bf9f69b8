using System.Globalization;

namespace SafeMigrations.Analyzers.Infrastructure;

/// <summary>
/// A position in a string, for the few fixed text shapes the rules test (a function called in a default's SQL, a
/// store type, EF's placeholder defaults). They were regular expressions, and a pattern costs its first use in every
/// process (parsing it, building its interpreter code, the interpreter's first calls): in fresh builds of jellyfin that
/// was 2-5 of the 171-179 perf samples under the analyzer, for one pattern over a handful of defaults. Each shape is
/// matched by hand with the semantics its pattern had (.NET's <c>\s</c>, <c>\d</c>, <c>\w</c>, <c>\b</c> and <c>$</c>, and
/// RegexOptions.IgnoreCase with the invariant culture); HandMatchedShapesTests checks every shape against its old pattern.
/// </summary>
internal struct TextCursor
{
    private readonly string text;

    public TextCursor(string text, int at = 0)
    {
        this.text = text;
        At = at;
    }

    public int At { get; private set; }

    public bool AtEnd => At == text.Length;

    /// <summary><c>$</c>: the end, or a line feed that ends the text.</summary>
    public bool AtEndOfLine => At == text.Length || (At == text.Length - 1 && text[At] == '\n');

    public char Next => At < text.Length ? text[At] : '\0';

    /// <summary>Takes <paramref name="literal"/> exactly, or nothing.</summary>
    public bool Take(string literal)
    {
        if (text.Length - At < literal.Length || string.CompareOrdinal(text, At, literal, 0, literal.Length) != 0)
        {
            return false;
        }

        At += literal.Length;
        return true;
    }

    public bool Take(char character)
    {
        if (AtEnd || text[At] != character)
        {
            return false;
        }

        At++;
        return true;
    }

    /// <summary>Takes <paramref name="lowercaseAscii"/> as RegexOptions.IgnoreCase with the invariant culture matches it, or nothing.</summary>
    public bool TakeIgnoringCase(string lowercaseAscii)
    {
        if (text.Length - At < lowercaseAscii.Length)
        {
            return false;
        }

        for (var i = 0; i < lowercaseAscii.Length; i++)
        {
            if (!SameIgnoringCase(text[At + i], lowercaseAscii[i]))
            {
                return false;
            }
        }

        At += lowercaseAscii.Length;
        return true;
    }

    /// <summary>Takes the first of <paramref name="lowercaseAscii"/> that is here, ignoring case.</summary>
    public bool TakeAnyIgnoringCase(string[] lowercaseAscii)
    {
        foreach (var word in lowercaseAscii)
        {
            if (TakeIgnoringCase(word))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Takes <paramref name="literal"/> as many times as it follows itself (<c>(?:literal)*</c>).</summary>
    public int TakeRepeated(string literal)
    {
        var count = 0;
        while (Take(literal))
        {
            count++;
        }

        return count;
    }

    /// <summary><c>\s*</c>.</summary>
    public void SkipWhiteSpace()
    {
        while (!AtEnd && char.IsWhiteSpace(text[At]))
        {
            At++;
        }
    }

    /// <summary><c>\s*c</c>: <paramref name="character"/> after any white space, or nothing.</summary>
    public bool TakeAfterWhiteSpace(char character)
    {
        var after = this;
        after.SkipWhiteSpace();
        if (!after.Take(character))
        {
            return false;
        }

        this = after;
        return true;
    }

    /// <summary><c>\s*$</c>: only white space is left (which takes a final line feed too).</summary>
    public bool OnlyWhiteSpaceLeft()
    {
        SkipWhiteSpace();
        return AtEnd;
    }

    /// <summary><c>\d*</c>, by Unicode's decimal digits as .NET's <c>\d</c> counts them.</summary>
    public int TakeDigits()
    {
        var start = At;
        while (!AtEnd && char.IsDigit(text[At]))
        {
            At++;
        }

        return At - start;
    }

    /// <summary><c>[0-9a-fA-F]*</c>.</summary>
    public int TakeHexDigits()
    {
        var start = At;
        while (!AtEnd && IsHexDigit(text[At]))
        {
            At++;
        }

        return At - start;
    }

    /// <summary><c>\w*</c>.</summary>
    public int TakeWordCharacters()
    {
        var start = At;
        while (!AtEnd && IsWordCharacter(text[At]))
        {
            At++;
        }

        return At - start;
    }

    /// <summary><c>\b</c> here: a word character on one side only.</summary>
    public bool AtWordBoundary =>
        (At > 0 && IsBoundaryWordCharacter(text[At - 1])) != (At < text.Length && IsBoundaryWordCharacter(text[At]));

    /// <summary>
    /// <c>\b(?:name|…)\s*\(</c> with RegexOptions.IgnoreCase anywhere in <paramref name="text"/>: one of the functions
    /// <paramref name="lowercaseNames"/> called, not the tail of a longer name.
    /// </summary>
    public static bool CallsAny(string text, string[] lowercaseNames)
    {
        for (var at = 0; at < text.Length; at++)
        {
            var cursor = new TextCursor(text, at);
            if (!cursor.AtWordBoundary)
            {
                continue;
            }

            foreach (var name in lowercaseNames)
            {
                var call = cursor;
                if (call.TakeIgnoringCase(name) && call.TakeAfterWhiteSpace('('))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsHexDigit(char character) =>
        character is >= '0' and <= '9' or >= 'a' and <= 'f' or >= 'A' and <= 'F';

    // .NET's \w: letters, non-spacing marks, decimal digits and connector punctuation.
    private static bool IsWordCharacter(char character)
    {
        if (character < 128)
        {
            return character is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '_';
        }

        switch (CharUnicodeInfo.GetUnicodeCategory(character))
        {
            case UnicodeCategory.UppercaseLetter:
            case UnicodeCategory.LowercaseLetter:
            case UnicodeCategory.TitlecaseLetter:
            case UnicodeCategory.ModifierLetter:
            case UnicodeCategory.OtherLetter:
            case UnicodeCategory.NonSpacingMark:
            case UnicodeCategory.DecimalDigitNumber:
            case UnicodeCategory.ConnectorPunctuation:
                return true;
            default:
                return false;
        }
    }

    // \b also counts the zero-width joiner and non-joiner as word characters.
    private static bool IsBoundaryWordCharacter(char character) =>
        IsWordCharacter(character) || character is '\u200D' or '\u200C';

    // RegexOptions.IgnoreCase | CultureInvariant: an ASCII letter is also its other case, and k the KELVIN SIGN, as
    // .NET's case equivalence table has them (LONG S is not s there).
    private static bool SameIgnoringCase(char character, char lowercaseAscii)
    {
        if (character == lowercaseAscii)
        {
            return true;
        }

        if (lowercaseAscii is >= 'a' and <= 'z')
        {
            return character == (char)(lowercaseAscii - 32)
                || (lowercaseAscii == 'k' && character == '\u212A');
        }

        return false;
    }
}
