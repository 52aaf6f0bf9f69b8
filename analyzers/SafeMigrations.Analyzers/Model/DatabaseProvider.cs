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
