using System;
using System.Collections.Generic;
using System.Text;

namespace SafeMigrations.Analyzers.RawSql;

internal enum SqlTokenKind
{
    /// <summary>A bare word: a keyword or an unquoted identifier.</summary>
    Word,

    /// <summary>A quoted identifier (<c>"x"</c>, <c>`x`</c>, <c>[x]</c>); <see cref="SqlToken.Text"/> holds it unquoted.</summary>
    QuotedIdentifier,

    /// <summary>A string literal, including PostgreSQL's dollar-quoted bodies.</summary>
    String,
    Number,
    Symbol,
}

/// <summary>A token of raw SQL: its kind, its text (a quoted identifier's unquoted) and where it sits in the SQL.</summary>
/// <remarks>
/// A class, not a struct: the list of a statement's tokens and the nullable token of a look-ahead were generic code of the
/// framework over a struct of ours, which no ReadyToRun image holds, and a fresh csc process JIT-compiled 14 methods for
/// them in every build with raw SQL. A token already holds a string of its own, so the class adds a small allocation to one.
/// </remarks>
internal sealed record SqlToken(SqlTokenKind Kind, string Text, int Start, int End)
{
    public bool IsWord(string keyword) => Kind == SqlTokenKind.Word && string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase);

    public bool IsSymbol(string symbol) => Kind == SqlTokenKind.Symbol && string.Equals(Text, symbol, StringComparison.Ordinal);

    public bool IsIdentifier => Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier;
}

/// <summary>One statement of a <c>Sql(...)</c> text: its tokens and where it sits in the text.</summary>
internal sealed record SqlStatement(IReadOnlyList<SqlToken> Tokens, string Text)
{
    /// <summary>PostgreSQL folds unquoted names to lower case: <c>CREATE INDEX ix ON Orders</c> is about table <c>orders</c>.</summary>
    public bool FoldsUnquotedToLower { get; init; }
}

/// <summary>
/// Splits the SQL of PostgreSQL, SQLite and MySQL into statements of tokens: enough for DDL and simple DML,
/// not a parser. It knows each dialect's quoting, comments and PostgreSQL's dollar quotes, so a semicolon
/// inside a string or a function body does not end a statement. It never throws: an unterminated quote
/// runs to the end of the text.
/// </summary>
internal static class SqlTokenizer
{
    public static IReadOnlyList<SqlStatement> Split(string sql, SqlDialect dialect)
    {
        var statements = new List<SqlStatement>();
        var tokens = new List<SqlToken>();
        var body = new RoutineBody(dialect);
        var position = 0;
        while (Next(sql, ref position, dialect) is { } token)
        {
            if (token.IsSymbol(";") && !body.Open)
            {
                Flush();
                continue;
            }

            tokens.Add(token);
            body.Add(token);
        }

        Flush();
        return statements;

        void Flush()
        {
            if (tokens.Count > 0)
            {
                var start = tokens[0].Start;
                statements.Add(new SqlStatement(tokens.ToArray(), sql.Substring(start, tokens[tokens.Count - 1].End - start)) { FoldsUnquotedToLower = dialect == SqlDialect.PostgreSql });
                tokens.Clear();
            }

            body.Reset();
        }
    }

    // MySQL and SQLite routine and trigger bodies are BEGIN ... END blocks with semicolons inside, sent as
    // one command (a migration has no DELIMITER): such a statement runs to the END that closes its BEGIN.
    // The depth is kept as the tokens come (constant work per token), so a long seed script splits in linear time.
    private sealed class RoutineBody
    {
        private readonly bool tracks;
        private bool create;
        private bool routine;
        private int parentheses;
        private int depth;
        private SqlToken? previous;
        private bool closed;

        public RoutineBody(SqlDialect dialect) => tracks = dialect != SqlDialect.PostgreSql;

        public bool Open => depth > 0;

        public void Reset() => (create, routine, parentheses, depth, previous, closed) = (false, false, 0, 0, null, false);

        public void Add(SqlToken token)
        {
            if (!tracks)
            {
                return;
            }

            var before = previous;
            var afterEnd = closed;
            previous = token;
            closed = false;
            if (before is null)
            {
                create = token.IsWord("CREATE");
                return;
            }

            parentheses = Math.Max(0, parentheses + (token.IsSymbol("(") ? 1 : token.IsSymbol(")") ? -1 : 0));
            if (!create || parentheses > 0 || token.Kind != SqlTokenKind.Word || before.IsSymbol("."))
            {
                return;
            }

            if (token.IsWord("TRIGGER") || token.IsWord("PROCEDURE") || token.IsWord("FUNCTION") || token.IsWord("EVENT"))
            {
                routine = true;
            }
            else if (!routine)
            {
                return;
            }

            if (token.IsWord("BEGIN"))
            {
                // A compound statement, not a column named begin (x = begin, (begin), t.begin).
                if (before.Kind != SqlTokenKind.Symbol || before.Text is ")" or ";" or ":")
                {
                    depth++;
                }
            }
            else if (token.IsWord("CASE") && depth > 0 && !afterEnd)
            {
                depth++;
            }
            else if (token.IsWord("END") && depth > 0)
            {
                depth--;
                closed = true;
            }
            else if (afterEnd && (token.IsWord("IF") || token.IsWord("LOOP") || token.IsWord("WHILE") || token.IsWord("REPEAT") || token.IsWord("FOR")))
            {
                // END IF, END LOOP, ... close a construct that was not counted: the END closed nothing.
                depth++;
            }
        }
    }

    private static SqlToken? Next(string sql, ref int position, SqlDialect dialect)
    {
        SkipTrivia(sql, ref position, dialect);
        if (position >= sql.Length)
        {
            return null;
        }

        var start = position;
        var c = sql[position];
        if (c == '\'' || (c == '"' && dialect == SqlDialect.MySql))
        {
            return Quoted(sql, ref position, c, c, SqlTokenKind.String, backslashEscapes: dialect == SqlDialect.MySql);
        }

        // PostgreSQL's E'...' string takes backslash escapes (E'it\'s'): read as a plain string, \' would end it early.
        if ((c is 'E' or 'e') && dialect == SqlDialect.PostgreSql && At(sql, position + 1, '\''))
        {
            position++;
            var escaped = Quoted(sql, ref position, '\'', '\'', SqlTokenKind.String, backslashEscapes: true);
            return escaped with { Start = start };
        }

        if (c == '"' || (c == '`' && dialect != SqlDialect.PostgreSql) || (c == '[' && dialect == SqlDialect.Sqlite))
        {
            return Quoted(sql, ref position, c, c == '[' ? ']' : c, SqlTokenKind.QuotedIdentifier, backslashEscapes: false);
        }

        if (c == '$' && dialect == SqlDialect.PostgreSql && DollarTag(sql, position) is { } tag)
        {
            var end = sql.IndexOf(tag, position + tag.Length, StringComparison.Ordinal);
            position = end < 0 ? sql.Length : end + tag.Length;
            return new SqlToken(SqlTokenKind.String, sql.Substring(start, position - start), start, position);
        }

        if (char.IsLetter(c) || c == '_')
        {
            while (position < sql.Length && (char.IsLetterOrDigit(sql[position]) || sql[position] is '_' or '$'))
            {
                position++;
            }

            return new SqlToken(SqlTokenKind.Word, sql.Substring(start, position - start), start, position);
        }

        if (char.IsDigit(c))
        {
            while (position < sql.Length && (char.IsLetterOrDigit(sql[position]) || sql[position] == '.'))
            {
                position++;
            }

            return new SqlToken(SqlTokenKind.Number, sql.Substring(start, position - start), start, position);
        }

        // Two-character operators that matter when reading DEFAULT expressions and casts.
        position += position + 1 < sql.Length && sql[position] == ':' && sql[position + 1] == ':' ? 2 : 1;
        return new SqlToken(SqlTokenKind.Symbol, sql.Substring(start, position - start), start, position);
    }

    private static SqlToken Quoted(string sql, ref int position, char open, char close, SqlTokenKind kind, bool backslashEscapes)
    {
        var start = position;
        var text = new StringBuilder();
        position++;
        while (position < sql.Length)
        {
            var c = sql[position];
            if (backslashEscapes && c == '\\' && position + 1 < sql.Length)
            {
                text.Append(sql[position + 1]);
                position += 2;
                continue;
            }

            if (c == close)
            {
                // A doubled closing quote is an escaped quote.
                if (position + 1 < sql.Length && sql[position + 1] == close && open == close)
                {
                    text.Append(c);
                    position += 2;
                    continue;
                }

                position++;
                break;
            }

            text.Append(c);
            position++;
        }

        return new SqlToken(kind, text.ToString(), start, position);
    }

    // $$ or $tag$ opens a dollar-quoted string; $1 (a parameter) does not.
    private static string? DollarTag(string sql, int position)
    {
        var end = position + 1;
        while (end < sql.Length && (char.IsLetterOrDigit(sql[end]) || sql[end] == '_'))
        {
            end++;
        }

        return end < sql.Length && sql[end] == '$' && (end == position + 1 || !char.IsDigit(sql[position + 1]))
            ? sql.Substring(position, end - position + 1)
            : null;
    }

    private static void SkipTrivia(string sql, ref int position, SqlDialect dialect)
    {
        while (position < sql.Length)
        {
            var c = sql[position];
            if (char.IsWhiteSpace(c))
            {
                position++;
            }
            else if ((c == '-' && At(sql, position + 1, '-')) || (c == '#' && dialect == SqlDialect.MySql))
            {
                var end = sql.IndexOf('\n', position);
                position = end < 0 ? sql.Length : end + 1;
            }
            else if (c == '/' && At(sql, position + 1, '*'))
            {
                position = CommentEnd(sql, position, nests: dialect == SqlDialect.PostgreSql);
            }
            else
            {
                return;
            }
        }
    }

    // PostgreSQL block comments nest (/* a /* b */ c */ is one comment); MySQL's and SQLite's end at the first */.
    private static int CommentEnd(string sql, int position, bool nests)
    {
        var depth = 0;
        while (position < sql.Length)
        {
            if (sql[position] == '/' && At(sql, position + 1, '*'))
            {
                depth++;
                position += 2;
            }
            else if (sql[position] == '*' && At(sql, position + 1, '/'))
            {
                position += 2;
                if (--depth == 0 || !nests)
                {
                    return position;
                }
            }
            else
            {
                position++;
            }
        }

        return position;
    }

    private static bool At(string sql, int position, char c) => position < sql.Length && sql[position] == c;
}

/// <summary>The SQL dialects the tokenizer knows; SQL Server's T-SQL goes through ScriptDom instead.</summary>
internal enum SqlDialect
{
    PostgreSql,
    Sqlite,
    MySql,
}
