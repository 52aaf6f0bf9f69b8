using System;
using System.Collections.Immutable;
using System.Globalization;
using System.Collections.Generic;
using System.Linq;
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
    /// <summary>The values as written, for <see cref="Problems"/>: a value that cannot be right is reported, not ignored.</summary>
    public ImmutableArray<(string Key, string Value)> Written { get; init; } = ImmutableArray<(string, string)>.Empty;

    public const string ProviderKey = "safe_migrations.provider";
    public const string StartAfterKey = "safe_migrations.start_after";
    public const string SmallTablesKey = "safe_migrations.small_tables";
    public const string SqlServerOnlineIndexKey = "safe_migrations.sqlserver.online_index";
    public const string PostgresVersionKey = "safe_migrations.postgres.version";

    public static readonly SafeMigrationsSettings Default = new(
        DatabaseProvider.Unknown, null, ImmutableHashSet<string>.Empty, SqlServerOnlineIndex: false, PostgresVersion: 12);

    private static readonly ImmutableHashSet<string> NoSmallTables = ImmutableHashSet<string>.Empty.WithComparer(StringComparer.OrdinalIgnoreCase);

    /// <summary>What <see cref="Read"/> gives a project that sets nothing (declared after <see cref="NoSmallTables"/>, which it holds).</summary>
    private static readonly SafeMigrationsSettings NothingSet = new(DatabaseProvider.Unknown, null, NoSmallTables, SqlServerOnlineIndex: false, PostgresVersion: 12);

    /// <summary>Each setting's key and the MSBuild property behind it, as the compiler sees the property.</summary>
    private static readonly (string Key, string Property)[] Keys =
    {
        (ProviderKey, "build_property.SafeMigrationsProvider"),
        (StartAfterKey, "build_property.SafeMigrationsStartAfter"),
        (SmallTablesKey, "build_property.SafeMigrationsSmallTables"),
        (SqlServerOnlineIndexKey, "build_property.SafeMigrationsSqlServerOnlineIndex"),
        (PostgresVersionKey, "build_property.SafeMigrationsPostgresVersion"),
    };

    /// <summary>
    /// Reads the settings of each migration's file for one compilation. The global values (.globalconfig and the MSBuild
    /// properties) are the same for every file, so they are read once, at the start; each file's own options are then
    /// asked only for the five keys. Files that share one options object share one answer (the last one is kept): csc gives
    /// every file that no .editorconfig section applies to the same empty object, and each other file an object of its own.
    /// </summary>
    internal sealed class Reader
    {
        private readonly string?[] globalValues = new string?[Keys.Length];
        private readonly SafeMigrationsSettings globalSettings;

        // The options object last read and its settings, as one reference: threads that analyse two trees at once each
        // see a whole pair, never one half of each.
        private Answer? last;

        public Reader(AnalyzerConfigOptions globalOptions)
        {
            for (var setting = 0; setting < Keys.Length; setting++)
            {
                var (key, property) = Keys[setting];
                globalValues[setting] = Value(globalOptions, key) ?? Value(globalOptions, property);
            }

            globalSettings = Create(globalValues);
        }

        public SafeMigrationsSettings Read(AnalyzerConfigOptions options)
        {
            if (last is { } known && ReferenceEquals(known.Options, options))
            {
                return known.Settings;
            }

            string?[]? values = null;
            for (var setting = 0; setting < Keys.Length; setting++)
            {
                if (Value(options, Keys[setting].Key) is { } own)
                {
                    values ??= (string?[])globalValues.Clone();
                    values[setting] = own;
                }
            }

            var settings = values is null ? globalSettings : Create(values);
            last = new Answer(options, settings);
            return settings;
        }

        private static string? Value(AnalyzerConfigOptions options, string key) =>
            options.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

        private sealed record Answer(AnalyzerConfigOptions Options, SafeMigrationsSettings Settings);
    }

    /// <summary>The settings from each key's value (in the order of <see cref="Keys"/>); a project that sets nothing (most) allocates nothing here.</summary>
    private static SafeMigrationsSettings Create(string?[] values)
    {
        string? provider = values[0], startAfter = values[1], smallTablesSetting = values[2], onlineIndex = values[3], postgresVersion = values[4];
        if (provider is null && startAfter is null && smallTablesSetting is null && onlineIndex is null && postgresVersion is null)
        {
            return NothingSet;
        }

        var smallTables = NoSmallTables;
        if (smallTablesSetting is not null)
        {
            var tables = ImmutableHashSet.CreateBuilder<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var table in smallTablesSetting.Split(new[] { ',', ';' }, StringSplitOptions.RemoveEmptyEntries))
            {
                if (table.Trim().Length > 0)
                {
                    tables.Add(table.Trim());
                }
            }

            smallTables = tables.ToImmutable();
        }

        var written = ImmutableArray.CreateBuilder<(string, string)>();
        foreach (var (key, value) in new[] { (ProviderKey, provider), (StartAfterKey, startAfter), (SqlServerOnlineIndexKey, onlineIndex), (PostgresVersionKey, postgresVersion) })
        {
            if (value is not null)
            {
                written.Add((key, value));
            }
        }

        return new SafeMigrationsSettings(
            DatabaseProviders.FromSetting(provider),
            startAfter,
            smallTables,
            DatabaseProviders.TryParseFlag(onlineIndex, out var online) && online,
            PostgresMajor(postgresVersion) ?? 12)
        {
            Written = written.ToImmutable(),
        };
    }

    /// <summary>
    /// What a <c>start_after</c> value means among the project's migrations, and what is wrong with it (null when nothing).
    /// As <c>dotnet ef database update</c> reads a migration: a full id (any case), a bare name (the part after the
    /// timestamp, any case), or a timestamp. A name that matches no migration, or several, gives no boundary (SM9002 says
    /// so): a setting that cannot be right must not switch every rule off. Computed once per compilation and value
    /// (<see cref="MigrationIndex.StartAfter"/>): it reads every id.
    /// </summary>
    public static (string? Id, string? Problem) ResolveStartAfter(string value, IReadOnlyList<string> ids)
    {
        // As written first, then in any case: AddIndex still means AddIndex beside an Addindex.
        foreach (var comparison in new[] { StringComparison.Ordinal, StringComparison.OrdinalIgnoreCase })
        {
            foreach (var id in ids)
            {
                if (string.Equals(id, value, comparison))
                {
                    return (id, null);
                }
            }
        }

        if (!HasTimestamp(value))
        {
            var named = ids.Where(id => string.Equals(Name(id), value, StringComparison.Ordinal)).Take(2).ToList();
            if (named.Count == 0)
            {
                named = ids.Where(id => string.Equals(Name(id), value, StringComparison.OrdinalIgnoreCase)).Take(2).ToList();
            }

            return named.Count switch
            {
                1 => (named[0], null),
                0 => (null, ids.Count == 0 ? null : "no migration is named that: give a migration id (20240101120000_Name), its timestamp, or the name of one migration, so every rule is not silently off or on"),
                _ => (null, "several migrations have that name: give the full id (20240101120000_Name)"),
            };
        }

        if (ids.Count == 0)
        {
            return (value, null);
        }

        var latest = string.Empty;
        foreach (var id in ids)
        {
            latest = string.CompareOrdinal(Timestamp(id), latest) > 0 ? Timestamp(id) : latest;
        }

        if (string.CompareOrdinal(Timestamp(value), latest) > 0)
        {
            return (value, "it is later than every migration of the project, so no migration is analyzed at all: give the id of the last migration to leave unanalyzed");
        }

        // A full id whose name is a migration of this project under another timestamp (a typo in the timestamp): its own
        // timestamp still marks the boundary, which is not where the setting meant it. An id no migration here is named
        // like is left alone: one value in Directory.Build.props serves projects of other histories too.
        var name = value.Length > 15 ? value.Substring(15) : null;
        var misdated = name is null ? null : ids.FirstOrDefault(id => string.Equals(Name(id), name, StringComparison.OrdinalIgnoreCase));
        return (value, misdated is null ? null : $"no migration has this id, but {misdated} has its name: the timestamp {Timestamp(value)} is used as the boundary");
    }

    /// <summary>The settings that cannot be right, each with the value and what is accepted; <paramref name="startAfterProblem"/> judges start_after.</summary>
    public IEnumerable<(string Key, string Value, string Why)> Problems(Func<string, string?> startAfterProblem)
    {
        foreach (var (key, value) in Written)
        {
            switch (key)
            {
                case ProviderKey when DatabaseProviders.FromSetting(value) == DatabaseProvider.Unknown:
                    yield return (key, value, "it is not a provider this package knows: use postgresql, sqlserver, sqlite or mysql (postgres, npgsql, mssql and mariadb are accepted too)");
                    break;
                case SqlServerOnlineIndexKey when !DatabaseProviders.TryParseFlag(value, out _):
                    yield return (key, value, "it is not true or false");
                    break;
                case PostgresVersionKey when PostgresMajor(value) is null:
                    yield return (key, value, "it is not a PostgreSQL major version such as 12 or 16");
                    break;
                case StartAfterKey when startAfterProblem(value) is { } why:
                    yield return (key, value, why);
                    break;
            }
        }
    }

    /// <summary>A PostgreSQL major version (9 to 99), or null for anything else, which is reported and not used.</summary>
    private static int? PostgresMajor(string? value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var major) && major is >= 9 and <= 99 ? major : null;

    private static bool HasTimestamp(string value) =>
        value.Length >= 14 && value.Substring(0, 14).All(char.IsDigit) && (value.Length == 14 || value[14] == '_');

    private static string Name(string id)
    {
        var underscore = id.IndexOf('_');
        return underscore > 0 ? id.Substring(underscore + 1) : id;
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
