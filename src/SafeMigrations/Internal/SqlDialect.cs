using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore.Migrations;

namespace EFCore.SafeMigrations.Internal;

/// <summary>The database families the helpers write SQL for.</summary>
internal enum SqlProvider
{
    PostgreSql,
    SqlServer,
    Sqlite,
    MySql,
}

/// <summary>
/// Provider detection, identifier quoting and literal escaping for the helpers. The quoting follows each
/// provider's own <c>ISqlGenerationHelper</c>: PostgreSQL and SQLite <c>"x"</c>, SQL Server <c>[x]</c>,
/// MySQL <c>`x`</c>, with the closing quote doubled inside the name.
/// </summary>
internal sealed class SqlDialect
{
    internal const string NpgsqlProviderName = "Npgsql.EntityFrameworkCore.PostgreSQL";
    internal const string SqlServerProviderName = "Microsoft.EntityFrameworkCore.SqlServer";
    internal const string SqliteProviderName = "Microsoft.EntityFrameworkCore.Sqlite";
    internal const string PomeloProviderName = "Pomelo.EntityFrameworkCore.MySql";
    internal const string OracleMySqlProviderName = "MySql.EntityFrameworkCore";

    private static readonly Dictionary<string, SqlProvider> Providers = new(StringComparer.Ordinal)
    {
        [NpgsqlProviderName] = SqlProvider.PostgreSql,
        [SqlServerProviderName] = SqlProvider.SqlServer,
        [SqliteProviderName] = SqlProvider.Sqlite,
        [PomeloProviderName] = SqlProvider.MySql,
        [OracleMySqlProviderName] = SqlProvider.MySql,
    };

    private SqlDialect(SqlProvider provider)
    {
        Provider = provider;
    }

    public SqlProvider Provider { get; }

    /// <summary>The longest identifier the database keeps without truncating it.</summary>
    public int MaxIdentifierLength => Provider switch
    {
        SqlProvider.PostgreSql => 63,
        SqlProvider.MySql => 64,
        SqlProvider.SqlServer => 128,
        _ => 128,
    };

    public static SqlDialect For(MigrationBuilder migrationBuilder, string helperName)
    {
        if (migrationBuilder is null)
        {
            throw new ArgumentNullException(nameof(migrationBuilder));
        }

        var name = migrationBuilder.ActiveProvider;
        if (name is not null && Providers.TryGetValue(name, out var provider))
        {
            return new SqlDialect(provider);
        }

        throw new NotSupportedException(
            $"EFCore.SafeMigrations: {helperName} has no SQL for the database provider '{name ?? "(none)"}'. "
            + "It supports PostgreSQL (Npgsql), SQL Server, SQLite and MySQL/MariaDB (Pomelo or MySql.EntityFrameworkCore). "
            + "For this provider, write the SQL yourself with migrationBuilder.Sql(...), and guard it with "
            + "migrationBuilder.ActiveProvider if the migration also runs on a supported provider.");
    }

    public static SqlDialect ForProvider(SqlProvider provider) => new(provider);

    public string Quote(string identifier)
    {
        if (string.IsNullOrEmpty(identifier))
        {
            throw new ArgumentException("An identifier cannot be empty.", nameof(identifier));
        }

        return Provider switch
        {
            SqlProvider.SqlServer => "[" + identifier.Replace("]", "]]", StringComparison.Ordinal) + "]",
            SqlProvider.MySql => "`" + identifier.Replace("`", "``", StringComparison.Ordinal) + "`",
            _ => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"",
        };
    }

    /// <summary>
    /// A table, view, trigger or function name, qualified with its schema when one is given. Never on SQLite, which has no
    /// schemas: EF's SQLite provider ignores a model's schema (its migrations carry it all the same), and SQLite would read
    /// <c>"sales"."Orders"</c> as a table of an attached database named sales, which does not exist.
    /// </summary>
    public string Qualify(string name, string? schema)
        => string.IsNullOrEmpty(schema) || Provider == SqlProvider.Sqlite ? Quote(name) : Quote(schema!) + "." + Quote(name);

    public string QuoteList(IEnumerable<string> identifiers) => string.Join(", ", identifiers.Select(Quote));

    /// <summary>A string literal.</summary>
    public string Literal(string value)
    {
        var escaped = value.Replace("'", "''", StringComparison.Ordinal);
        return Provider switch
        {
            SqlProvider.MySql => "'" + escaped.Replace("\\", "\\\\", StringComparison.Ordinal) + "'",
            SqlProvider.SqlServer => "N'" + escaped + "'",
            _ => "'" + escaped + "'",
        };
    }

    /// <summary>
    /// A deterministic name for an object the helpers create (trigger, function, check constraint, procedure), kept
    /// under the provider's identifier limit. A name within the limit is kept as it is. A longer one is cut and gets
    /// <c>_</c> plus the first 8 hex digits of the SHA-256 of the full name, so two long names that share their
    /// beginning do not collide. PostgreSQL counts the limit in UTF-8 bytes (63) and silently truncates longer
    /// identifiers, so the cut is made in bytes, on a character boundary; MySQL (64) and SQL Server (128) count
    /// characters.
    /// </summary>
    public string ObjectName(string prefix, params string[] parts)
    {
        var full = prefix + "_" + string.Join("_", parts);
        if (Length(full) <= MaxIdentifierLength)
        {
            return full;
        }

        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(full)))
            .Substring(0, 8)
            .ToLowerInvariant();
        return Cut(full, MaxIdentifierLength - 9) + "_" + hash;
    }

    /// <summary>
    /// An unquoted PostgreSQL name as the server stores it: only the ASCII letters A-Z are folded to lower case; in a UTF-8
    /// database every other character stays as written (<c>Índice_Items</c> is stored <c>Índice_items</c>).
    /// </summary>
    public static string FoldUnquotedPostgres(string identifier) =>
        string.Create(identifier.Length, identifier, (chars, name) =>
        {
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = name[i] is >= 'A' and <= 'Z' ? (char)(name[i] + ('a' - 'A')) : name[i];
            }
        });

    /// <summary>An identifier's length as the database counts it against <see cref="MaxIdentifierLength"/>.</summary>
    public int Length(string identifier)
        => Provider == SqlProvider.PostgreSql ? Encoding.UTF8.GetByteCount(identifier) : identifier.Length;

    /// <summary>The longest prefix of <paramref name="text"/> within <paramref name="max"/> (bytes or characters), whole characters only.</summary>
    private string Cut(string text, int max)
    {
        var end = 0;
        var length = 0;
        while (end < text.Length)
        {
            var step = char.IsSurrogatePair(text, end) ? 2 : 1;
            var size = Provider == SqlProvider.PostgreSql ? Encoding.UTF8.GetByteCount(text.AsSpan(end, step)) : step;
            if (length + size > max)
            {
                break;
            }

            length += size;
            end += step;
        }

        return text.Substring(0, end);
    }

    /// <summary>
    /// PostgreSQL: <paramref name="body"/> between dollar quotes whose tag does not occur in it (<c>$safe_migrations$</c>,
    /// else <c>$safe_migrations_1$</c>, <c>_2</c>, ...), so identifiers or SQL fragments that hold the tag cannot end
    /// the quoted text early.
    /// </summary>
    public static string DollarQuote(string body)
    {
        var tag = "$safe_migrations$";
        for (var i = 1; body.Contains(tag, StringComparison.Ordinal); i++)
        {
            tag = "$safe_migrations_" + i.ToString(CultureInfo.InvariantCulture) + "$";
        }

        return tag + "\n" + body + "\n" + tag;
    }

    public static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
