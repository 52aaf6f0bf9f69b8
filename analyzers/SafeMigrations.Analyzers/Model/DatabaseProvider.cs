using System;

namespace SafeMigrations.Analyzers.Model;

/// <summary>The databases whose migration semantics the rules know.</summary>
internal enum DatabaseProvider
{
    Unknown = 0,
    PostgreSql,
    SqlServer,
    Sqlite,
    MySql,
}

internal static class DatabaseProviders
{
    /// <summary>The provider's name, as <c>ToString()</c> writes it, without the enum's reflection on every finding.</summary>
    public static string Name(this DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.PostgreSql => nameof(DatabaseProvider.PostgreSql),
        DatabaseProvider.SqlServer => nameof(DatabaseProvider.SqlServer),
        DatabaseProvider.Sqlite => nameof(DatabaseProvider.Sqlite),
        DatabaseProvider.MySql => nameof(DatabaseProvider.MySql),
        DatabaseProvider.Unknown => nameof(DatabaseProvider.Unknown),
        _ => provider.ToString(),
    };

    /// <summary>The provider from a <c>safe_migrations.provider</c> value, or Unknown.</summary>
    public static DatabaseProvider FromSetting(string? value)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case "postgresql":
            case "postgres":
            case "npgsql":
                return DatabaseProvider.PostgreSql;
            case "sqlserver":
            case "mssql":
                return DatabaseProvider.SqlServer;
            case "sqlite":
                return DatabaseProvider.Sqlite;
            case "mysql":
            case "mariadb":
                return DatabaseProvider.MySql;
            default:
                return DatabaseProvider.Unknown;
        }
    }

    /// <summary>
    /// The provider an annotation's prefix names (<c>Npgsql</c> of <c>Npgsql:IndexMethod</c>), or Unknown for one of EF's
    /// own (<c>Relational:</c>) or none. Without a string for the prefix: it runs for every annotation compared.
    /// </summary>
    public static DatabaseProvider FromAnnotationName(string name)
    {
        var colon = name.IndexOf(':');
        foreach (var (prefix, provider) in NamePrefixes)
        {
            if (HasPrefix(name, colon, prefix))
            {
                return provider;
            }
        }

        return DatabaseProvider.Unknown;
    }

    private static bool HasPrefix(string name, int colon, string prefix) =>
        colon == prefix.Length && string.CompareOrdinal(name, 0, prefix, 0, colon) == 0;

    /// <summary>
    /// The provider a name in a Designer's model statements begins with: a class it calls (<c>NpgsqlModelBuilderExtensions</c>)
    /// or an annotation's prefix (<c>SqlServer</c> of <c>SqlServer:ValueGenerationStrategy</c>); Unknown for any other.
    /// </summary>
    public static DatabaseProvider FromDesignerName(string name)
    {
        foreach (var (prefix, provider) in NamePrefixes)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                return provider;
            }
        }

        return DatabaseProvider.Unknown;
    }

    /// <summary>How each provider begins its annotations' and its classes' names (none begins another's).</summary>
    private static readonly (string Prefix, DatabaseProvider Provider)[] NamePrefixes =
    {
        ("Npgsql", DatabaseProvider.PostgreSql),
        ("SqlServer", DatabaseProvider.SqlServer),
        ("Sqlite", DatabaseProvider.Sqlite),
        ("MySql", DatabaseProvider.MySql),
    };

    /// <summary>The provider from an EF provider assembly name or <c>ActiveProvider</c> string.</summary>
    public static DatabaseProvider FromProviderName(string? name)
    {
        switch (name)
        {
            case "Npgsql.EntityFrameworkCore.PostgreSQL":
                return DatabaseProvider.PostgreSql;
            case "Microsoft.EntityFrameworkCore.SqlServer":
                return DatabaseProvider.SqlServer;
            case "Microsoft.EntityFrameworkCore.Sqlite":
                return DatabaseProvider.Sqlite;
            case "Pomelo.EntityFrameworkCore.MySql":
            case "MySql.EntityFrameworkCore":
            case "MySql.Data.EntityFrameworkCore":
                return DatabaseProvider.MySql;
            default:
                return DatabaseProvider.Unknown;
        }
    }

    /// <summary>
    /// Whether an assembly is an EF provider this package does not support (Oracle, Jet, Firebird, Db2): a project that
    /// references one is not taken for the single supported provider it may also reference (SQL Server, pulled in by a library).
    /// </summary>
    public static bool IsUnsupportedProviderAssembly(string name) => name is
        "Oracle.EntityFrameworkCore" or "EntityFrameworkCore.Jet" or "FirebirdSql.EntityFrameworkCore.Firebird" or "IBM.EntityFrameworkCore";

    /// <summary>
    /// Whether a Designer's annotation prefix (<c>Oracle:</c> of <c>Oracle:ValueGenerationStrategy</c>) or extension class
    /// (<c>OracleModelBuilderExtensions</c>) belongs to such a provider. Their Designers also write
    /// <c>Relational:MaxIdentifierLength</c> 128, which alone reads as SQL Server.
    /// </summary>
    public static bool IsUnsupportedProviderToken(string token) =>
        token is "Oracle" or "Jet" or "Fb" or "Db2"
        || (token.EndsWith("Extensions", StringComparison.Ordinal)
            && (token.StartsWith("Oracle", StringComparison.Ordinal) || token.StartsWith("Jet", StringComparison.Ordinal)
                || token.StartsWith("Fb", StringComparison.Ordinal) || token.StartsWith("Db2", StringComparison.Ordinal)));

    /// <summary>The provider an <c>IsNpgsql()</c>-style extension method tests for.</summary>
    public static DatabaseProvider FromCheckMethod(string methodName)
    {
        switch (methodName)
        {
            case "IsNpgsql":
                return DatabaseProvider.PostgreSql;
            case "IsSqlServer":
                return DatabaseProvider.SqlServer;
            case "IsSqlite":
                return DatabaseProvider.Sqlite;
            case "IsMySql":
                return DatabaseProvider.MySql;
            default:
                return DatabaseProvider.Unknown;
        }
    }

    public static string DisplayName(this DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.PostgreSql => "PostgreSQL",
        DatabaseProvider.SqlServer => "SQL Server",
        DatabaseProvider.Sqlite => "SQLite",
        DatabaseProvider.MySql => "MySQL",
        _ => "unknown",
    };

    public static bool TryParseFlag(string? value, out bool flag)
    {
        flag = false;
        return value is not null && bool.TryParse(value.Trim(), out flag);
    }

    internal static bool EqualsIgnoreCase(string? left, string? right) =>
        string.Equals(left, right, StringComparison.OrdinalIgnoreCase);
}
