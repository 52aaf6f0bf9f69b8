using System;
using System.Collections.Generic;

namespace SafeMigrations.Analyzers.RawSql;

/// <summary>Reads one statement's tokens front to back. Every method tolerates running off the end.</summary>
internal sealed class TokenCursor
{
    private readonly SqlStatement statement;
    private int index;

    public TokenCursor(SqlStatement statement) => this.statement = statement;

    public SqlToken? Peek(int ahead = 0) => index + ahead < statement.Tokens.Count ? statement.Tokens[index + ahead] : null;

    /// <summary>Consumes the words if they come next, in this order; otherwise consumes nothing.</summary>
    public bool Accept(params string[] words)
    {
        for (var i = 0; i < words.Length; i++)
        {
            if (Peek(i) is not { } token || !token.IsWord(words[i]))
            {
                return false;
            }
        }

        index += words.Length;
        return true;
    }

    public bool AcceptSymbol(string symbol)
    {
        if (Peek() is { } token && token.IsSymbol(symbol))
        {
            index++;
            return true;
        }

        return false;
    }

    /// <summary>The next word, if it is one of <paramref name="words"/>, upper-cased and consumed.</summary>
    public string? AcceptAny(params string[] words)
    {
        foreach (var word in words)
        {
            if (Accept(word))
            {
                return word;
            }
        }

        return null;
    }

    public string? Identifier()
    {
        if (Peek() is { IsIdentifier: true } token)
        {
            index++;
            return token.Kind == SqlTokenKind.Word && statement.FoldsUnquotedToLower ? FoldAscii(token.Text) : token.Text;
        }

        return null;
    }

    /// <summary>An unquoted PostgreSQL name as the server stores it: A-Z folded, every other character (Í, Ä) as written.</summary>
    private static string FoldAscii(string name)
    {
        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (chars[i] is >= 'A' and <= 'Z')
            {
                chars[i] = (char)(chars[i] + ('a' - 'A'));
            }
        }

        return new string(chars);
    }

    /// <summary><c>name</c>, <c>schema.name</c> or <c>db.schema.name</c>: the last part is the name, the one before it the schema.</summary>
    public (string? Schema, string? Name) QualifiedName()
    {
        var parts = new List<string>();
        while (Identifier() is { } part)
        {
            parts.Add(part);
            if (!AcceptSymbol("."))
            {
                break;
            }
        }

        return parts.Count switch
        {
            0 => (null, null),
            1 => (null, parts[0]),
            _ => (parts[parts.Count - 2], parts[parts.Count - 1]),
        };
    }

    /// <summary>The identifiers of a parenthesised list, <c>(a, "b", c DESC)</c>: the first identifier of each item.</summary>
    public string[] IdentifierList()
    {
        var names = new List<string>();
        if (!AcceptSymbol("("))
        {
            return names.ToArray();
        }

        var depth = 1;
        var expectName = true;
        while (Peek() is { } token && depth > 0)
        {
            index++;
            var change = Nesting(token);
            depth += change;
            if (change != 0 || depth != 1)
            {
                continue;
            }

            if (token.IsSymbol(","))
            {
                expectName = true;
            }
            else if (expectName && token.IsIdentifier)
            {
                names.Add(token.Text);
                expectName = false;
            }
        }

        return names.ToArray();
    }

    /// <summary>
    /// The source text from here up to (not including) the first top-level token that <paramref name="stop"/>
    /// accepts, or a top-level comma; consumes it. Null when nothing comes before the stop.
    /// </summary>
    public string? TextUntil(Func<SqlToken, bool> stop) => TextUntil((token, _) => stop(token));

    /// <summary>As <see cref="TextUntil(Func{SqlToken, bool})"/>, with the token after the one looked at (null at the end).</summary>
    public string? TextUntil(Func<SqlToken, SqlToken?, bool> stop)
    {
        var first = index;
        var depth = 0;
        while (Peek() is { } token)
        {
            if (depth == 0 && (stop(token, Peek(1)) || token.IsSymbol(",") || token.IsSymbol(")")))
            {
                break;
            }

            depth += Nesting(token);
            index++;
        }

        if (index == first)
        {
            return null;
        }

        var start = statement.Tokens[first].Start - statement.Tokens[0].Start;
        var end = statement.Tokens[index - 1].End - statement.Tokens[0].Start;
        return statement.Text.Substring(start, end - start);
    }

    /// <summary>Consumes tokens up to and including the word, within the current item; false (and nothing consumed) when it does not come.</summary>
    public bool SkipPast(string word)
    {
        if (!ItemContains(word))
        {
            return false;
        }

        var depth = 0;
        while (Peek() is { } token)
        {
            index++;
            depth += Nesting(token);
            if (depth == 0 && token.IsWord(word))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Consumes a parenthesised group, <c>( ... )</c>; false (nothing consumed) when none comes next.</summary>
    public bool SkipGroup()
    {
        if (!AcceptSymbol("("))
        {
            return false;
        }

        var depth = 1;
        while (depth > 0 && Peek() is { } token)
        {
            index++;
            depth += Nesting(token);
        }

        return true;
    }

    /// <summary>Skips to the next top-level comma (consumed) or the end; false at the end.</summary>
    public bool NextItem()
    {
        var depth = 0;
        while (Peek() is { } token)
        {
            index++;
            depth += Nesting(token);
            if (depth == 0 && token.IsSymbol(","))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when a top-level word of the rest of the current item (up to a comma) is <paramref name="words"/>.</summary>
    public bool ItemContains(params string[] words) => FindsAhead(words, withinItem: true);

    /// <summary>True when the rest of the statement has the top-level word sequence (for WHERE, LIMIT).</summary>
    public bool RestContains(params string[] words) => FindsAhead(words, withinItem: false);

    private bool FindsAhead(string[] words, bool withinItem)
    {
        var depth = 0;
        for (var i = index; i < statement.Tokens.Count; i++)
        {
            depth += Nesting(statement.Tokens[i]);
            if (depth == 0 && withinItem && statement.Tokens[i].IsSymbol(","))
            {
                return false;
            }

            if (depth == 0 && Sequence(i, words))
            {
                return true;
            }
        }

        return false;
    }

    // How a token changes the parenthesis depth: the cursor only looks at the top level of a statement.
    private static int Nesting(SqlToken token) => token.IsSymbol("(") ? 1 : token.IsSymbol(")") ? -1 : 0;

    private bool Sequence(int at, string[] words)
    {
        for (var j = 0; j < words.Length; j++)
        {
            if (at + j >= statement.Tokens.Count || !statement.Tokens[at + j].IsWord(words[j]))
            {
                return false;
            }
        }

        return true;
    }
}
