using SafeMigrations.Analyzers.Infrastructure;

namespace SafeMigrations.Analyzers.Rules;

/// <summary>SM2007's reading of a default's SQL and a store type, by hand (see <see cref="TextCursor"/> for why not Regex).</summary>
internal sealed partial class AddColumnRewriteRule
{
    // PostgreSQL functions marked VOLATILE that people put in defaults (pg_proc.provolatile = 'v'); now(),
    // CURRENT_TIMESTAMP, transaction_timestamp() and statement_timestamp() are STABLE and do not rewrite.
    internal static readonly string[] PostgresVolatile =
    {
        "random", "random_normal", "clock_timestamp", "timeofday", "gen_random_uuid", "gen_random_bytes", "uuid_generate_v1",
        "uuid_generate_v1mc", "uuid_generate_v4", "uuid_generate_v7", "uuidv4", "uuidv7", "nextval", "currval", "lastval", "setval",
        "txid_current", "pg_current_xact_id",
    };

    // Not runtime constants on SQL Server: evaluated once per row.
    internal static readonly string[] SqlServerPerRow = { "newid", "newsequentialid" };

    // Defaults that MariaDB cannot add in place (tested on 10.11: ALGORITHM=INPLACE is refused, COPY is needed).
    internal static readonly string[] MariaDbCopies = { "uuid", "uuid_short", "sysdate" };

    private static readonly string[] SqlServerMaxTypes = { "nvarchar", "varchar", "varbinary" };
    private static readonly string[] SqlServerLargeObjectTypes = { "xml", "text", "ntext", "image", "hierarchyid", "geometry", "geography" };
    private static readonly string[] SqlServerRowVersionTypes = { "rowversion", "timestamp" };
    private static readonly string[] SqliteKeywordConstants = { "true", "false", "null" };

    /// <summary>
    /// SQL Server's large object types, for which adding a column with a default writes it into every row on every edition
    /// (only other types get the metadata-only add of a runtime-constant default): varchar(max), nvarchar(max),
    /// varbinary(max), xml, the old text, ntext and image, and the CLR types.
    /// </summary>
    internal static bool IsLargeObjectType(string? type)
    {
        if (type is null)
        {
            return false;
        }

        var start = new TextCursor(type);
        start.SkipWhiteSpace();

        var max = start;
        if (max.TakeAnyIgnoringCase(SqlServerMaxTypes) && max.TakeAfterWhiteSpace('('))
        {
            max.SkipWhiteSpace();
            if (max.TakeIgnoringCase("max") && max.TakeAfterWhiteSpace(')') && max.OnlyWhiteSpaceLeft())
            {
                return true;
            }
        }

        foreach (var name in SqlServerLargeObjectTypes)
        {
            var named = start;
            if (named.TakeIgnoringCase(name) && named.AtWordBoundary)
            {
                return true;
            }
        }

        return false;
    }

    internal static bool IsRowVersionType(string? type)
    {
        if (type is null)
        {
            return false;
        }

        var cursor = new TextCursor(type);
        cursor.SkipWhiteSpace();
        return cursor.TakeAnyIgnoringCase(SqlServerRowVersionTypes) && cursor.OnlyWhiteSpaceLeft();
    }

    /// <summary>
    /// What SQLite's ALTER TABLE ADD COLUMN accepts as a constant default: a signed number, a string or blob literal,
    /// TRUE, FALSE or NULL, in any number of parentheses (EF writes DEFAULT (&lt;sql&gt;)).
    /// </summary>
    internal static bool IsSqliteConstant(string sql)
    {
        var text = sql.Trim();
        while (text.Length >= 2 && text[0] == '(' && text[text.Length - 1] == ')')
        {
            text = text.Substring(1, text.Length - 2).Trim();
        }

        var start = new TextCursor(text); // trimmed: ^\s* is taken
        TakeSign(ref start);
        start.SkipWhiteSpace();

        var literal = start;
        if (TakeDecimal(ref literal) && literal.OnlyWhiteSpaceLeft())
        {
            return true;
        }

        literal = start;
        if (literal.Take('0') && (literal.Take('x') || literal.Take('X')) && literal.TakeHexDigits() > 0 && literal.OnlyWhiteSpaceLeft())
        {
            return true;
        }

        literal = start;
        if (TakeQuoted(ref literal) && literal.OnlyWhiteSpaceLeft())
        {
            return true;
        }

        literal = start;
        if ((literal.Take('x') || literal.Take('X')) && literal.Take('\''))
        {
            literal.TakeHexDigits();
            if (literal.Take('\'') && literal.OnlyWhiteSpaceLeft())
            {
                return true;
            }
        }

        literal = start;
        return literal.TakeAnyIgnoringCase(SqliteKeywordConstants) && literal.OnlyWhiteSpaceLeft();
    }

    // \d+(\.\d*)?([eE][-+]?\d+)? or \.\d+([eE][-+]?\d+)?
    private static bool TakeDecimal(ref TextCursor cursor)
    {
        if (cursor.TakeDigits() > 0)
        {
            if (cursor.Take('.'))
            {
                cursor.TakeDigits();
            }
        }
        else if (!cursor.Take('.') || cursor.TakeDigits() == 0)
        {
            return false;
        }

        var exponent = cursor;
        if (exponent.Take('e') || exponent.Take('E'))
        {
            TakeSign(ref exponent);
            if (exponent.TakeDigits() > 0)
            {
                cursor = exponent;
            }
        }

        return true;
    }

    // [-+]?
    private static void TakeSign(ref TextCursor cursor)
    {
        if (!cursor.Take('-'))
        {
            cursor.Take('+');
        }
    }

    // '([^']|'')*': a string literal, its quotes doubled.
    private static bool TakeQuoted(ref TextCursor cursor)
    {
        if (!cursor.Take('\''))
        {
            return false;
        }

        while (!cursor.AtEnd)
        {
            if (cursor.Next != '\'')
            {
                cursor.Take(cursor.Next);
            }
            else if (!cursor.Take("''"))
            {
                break;
            }
        }

        return cursor.Take('\'');
    }
}
