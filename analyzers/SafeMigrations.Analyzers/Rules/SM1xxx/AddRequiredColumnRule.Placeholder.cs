using SafeMigrations.Analyzers.Infrastructure;

namespace SafeMigrations.Analyzers.Rules;

/// <summary>SM1007's placeholder defaults written as code, matched by hand (see <see cref="TextCursor"/> for why not Regex).</summary>
internal sealed partial class AddRequiredColumnRule
{
    // Written as they are: the default's code with white space, "global::" and "System." removed.
    private static readonly string[] PlaceholderNames =
    {
        "DateTime.MinValue", "default(DateTime)", "DateTimeOffset.MinValue", "default(DateTimeOffset)", "TimeSpan.Zero",
        "default(TimeSpan)", "newDateOnly(1,1,1)", "DateOnly.MinValue", "TimeOnly.MinValue",
        "newGuid(\"00000000-0000-0000-0000-000000000000\")", "Guid.Empty", "default(Guid)",
        "newbyte[0]", "newbyte[]{}", "Array.Empty<byte>()", "[]",
    };

    private static readonly string[] NumericTypes =
    {
        "short", "ushort", "byte", "sbyte", "int", "uint", "long", "ulong", "float", "double", "decimal", "char",
    };

    /// <summary>
    /// The placeholders EF writes for required value types: a cast zero (<c>(decimal)0m</c>), the first day of the
    /// calendar, a zero time span, the empty Guid, an empty byte array.
    /// </summary>
    internal static bool IsPlaceholderText(string code)
    {
        var cursor = new TextCursor(code);
        foreach (var name in PlaceholderNames)
        {
            var named = cursor;
            if (named.Take(name) && named.AtEndOfLine)
            {
                return true;
            }
        }

        if (cursor.Take('('))
        {
            return TakeCastZero(ref cursor) && cursor.AtEndOfLine;
        }

        if (cursor.Take("newTimeSpan(0") || cursor.Take("newTimeOnly(0"))
        {
            return TakeMoreZeros(ref cursor) && cursor.AtEndOfLine;
        }

        var firstDay = cursor;
        if (TakeFirstDay(ref firstDay) && firstDay.AtEndOfLine)
        {
            return true;
        }

        if (!cursor.Take("newDateTimeOffset("))
        {
            return false;
        }

        // new DateTimeOffset(new DateTime(1, 1, 1, ...), offset) or new DateTimeOffset(1, 1, 1, ..., offset)
        var ofDateTime = cursor;
        if (TakeFirstDay(ref ofDateTime) && ofDateTime.Take(',') && TakeZeroOffset(ref ofDateTime) && ofDateTime.Take(')') && ofDateTime.AtEndOfLine)
        {
            return true;
        }

        if (!cursor.Take("1,1,1"))
        {
            return false;
        }

        cursor.TakeRepeated(",0");
        return cursor.Take(',') && TakeZeroOffset(ref cursor) && cursor.Take(')') && cursor.AtEndOfLine;
    }

    // (type)0, (type)0.0 and a literal suffix; the opening parenthesis is taken.
    private static bool TakeCastZero(ref TextCursor cursor)
    {
        var typed = false;
        foreach (var type in NumericTypes)
        {
            var cast = cursor;
            if (cast.Take(type) && cast.Take(')'))
            {
                cursor = cast;
                typed = true;
                break;
            }
        }

        if (!typed || !cursor.Take('0'))
        {
            return false;
        }

        var fraction = cursor;
        if (fraction.Take('.') && fraction.TakeRepeated("0") > 0)
        {
            cursor = fraction;
        }

        while (!cursor.AtEnd && "mMlLuUfFdD".IndexOf(cursor.Next) >= 0)
        {
            cursor.Take(cursor.Next);
        }

        return true;
    }

    // newDateTime(1,1,1(,0)*(,DateTimeKind.\w+)?)
    private static bool TakeFirstDay(ref TextCursor cursor)
    {
        if (!cursor.Take("newDateTime(1,1,1"))
        {
            return false;
        }

        cursor.TakeRepeated(",0");
        if (cursor.Take(",DateTimeKind.") && cursor.TakeWordCharacters() == 0)
        {
            return false;
        }

        return cursor.Take(')');
    }

    // newTimeSpan(0(,0)*) or TimeSpan.Zero
    private static bool TakeZeroOffset(ref TextCursor cursor) =>
        cursor.Take("TimeSpan.Zero") || (cursor.Take("newTimeSpan(0") && TakeMoreZeros(ref cursor));

    // (,0)*\): the rest of a call whose arguments are all zero, after its first.
    private static bool TakeMoreZeros(ref TextCursor cursor)
    {
        cursor.TakeRepeated(",0");
        return cursor.Take(')');
    }
}
