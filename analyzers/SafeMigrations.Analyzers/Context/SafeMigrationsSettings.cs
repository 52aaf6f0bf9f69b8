using System;
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis.Diagnostics;
using SafeMigrations.Analyzers.Model;

namespace SafeMigrations.Analyzers.Context;

/// <summary>
/// The <c>safe_migrations.*</c> settings. Each is read from .editorconfig/.globalconfig first, then from
/// the matching MSBuild property that <c>build/EFCore.SafeMigrations.props</c> makes compiler-visible.
/// </summary>
internal sealed record SafeMigrationsSettings(
    DatabaseProvider Provider,
    string? StartAfter,
    ImmutableHashSet<string> SmallTables,
    bool SqlServerOnlineIndex,
    int PostgresVersion)
{
    public const string ProviderKey = "safe_migrations.provider";
    public const string StartAfterKey = "safe_migrations.start_after";
    public const string SmallTablesKey = "safe_migrations.small_tables";
    public const string SqlServerOnlineIndexKey = "safe_migrations.sqlserver.online_index";
    public const string PostgresVersionKey = "safe_migrations.postgres.version";

    public static readonly SafeMigrationsSettings Default = new(
        DatabaseProvider.Unknown, null, ImmutableHashSet<string>.Empty, SqlServerOnlineIndex: false, PostgresVersion: 12);

    public static SafeMigrationsSettings Read(AnalyzerConfigOptions options, AnalyzerConfigOptions globalOptions)
    {
        string? Get(string key, string property)
        {
            if ((options.TryGetValue(key, out var value) || globalOptions.TryGetValue(key, out value)) && !string.IsNullOrWhiteSpace(value))
            {
                return value.Trim();
            }

            return globalOptions.TryGetValue("build_property." + property, out value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
        }

        var smallTables = ImmutableHashSet.CreateBuilder<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var table in (Get(SmallTablesKey, "SafeMigrationsSmallTables") ?? string.Empty).Split(new[] { ',', ';' }, StringSplitOptions.RemoveEmptyEntries))
        {
            if (table.Trim().Length > 0)
            {
                smallTables.Add(table.Trim());
            }
        }

        return new SafeMigrationsSettings(
            DatabaseProviders.FromSetting(Get(ProviderKey, "SafeMigrationsProvider")),
            Get(StartAfterKey, "SafeMigrationsStartAfter"),
            smallTables.ToImmutable(),
            DatabaseProviders.TryParseFlag(Get(SqlServerOnlineIndexKey, "SafeMigrationsSqlServerOnlineIndex"), out var online) && online,
            int.TryParse(Get(PostgresVersionKey, "SafeMigrationsPostgresVersion"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var version) ? version : 12);
    }

    /// <summary>True when <paramref name="migrationId"/> is at or before <see cref="StartAfter"/>, by timestamp.</summary>
    public bool IsBeforeStart(string? migrationId)
    {
        if (StartAfter is null || migrationId is null)
        {
            return false;
        }

        return string.CompareOrdinal(Timestamp(migrationId), Timestamp(StartAfter)) <= 0;
    }

    /// <summary>True when the table is listed in <c>small_tables</c>, by name or as <c>schema.name</c>.</summary>
    public bool IsSmallTable(string table, string? schema) =>
        SmallTables.Contains(table) || (schema is not null && SmallTables.Contains(schema + "." + table));

    // Ids are "20240101120000_Name"; compare the timestamp so "20240101120000" and the full id mean the same.
    private static string Timestamp(string id)
    {
        var underscore = id.IndexOf('_');
        return underscore > 0 ? id.Substring(0, underscore) : id;
    }
}
