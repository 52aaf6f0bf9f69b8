using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Internal;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;

namespace EFCore.SafeMigrations.Internal;

// EF Core's Migrator is "pubternal": deriving from it is the only way to change which migrations a run applies
// while keeping everything else (locking, transactions, execution strategy, seeding) EF Core's own. Npgsql's
// NpgsqlMigrator does the same.
#pragma warning disable EF1001

/// <summary>
/// EF Core's migrator, plus contract deferral: a <see cref="ContractOfAttribute"/> migration is applied only when
/// its expand migration was already applied before the current run started.
/// </summary>
internal sealed class SafeMigrator : Migrator
{
    private const string NpgsqlExtensionPrefix = "Npgsql:PostgresExtension:";
    private const string NpgsqlEnumPrefix = "Npgsql:Enum:";
    private const string NpgsqlRangePrefix = "Npgsql:Range:";

    private readonly IMigrationsAssembly _migrationsAssembly;
    private readonly IRelationalConnection _connection;
    private readonly IDiagnosticsLogger<DbLoggerCategory.Migrations> _logger;
    private readonly IDbContextOptions _contextOptions;
    private readonly string _activeProvider;
    private RunState? _run;
    private bool _scripting;

    public SafeMigrator(
        IMigrationsAssembly migrationsAssembly,
        IHistoryRepository historyRepository,
        IDatabaseCreator databaseCreator,
        IMigrationsSqlGenerator migrationsSqlGenerator,
        IRawSqlCommandBuilder rawSqlCommandBuilder,
        IMigrationCommandExecutor migrationCommandExecutor,
        IRelationalConnection connection,
        ISqlGenerationHelper sqlGenerationHelper,
        ICurrentDbContext currentContext,
        IModelRuntimeInitializer modelRuntimeInitializer,
        IDiagnosticsLogger<DbLoggerCategory.Migrations> logger,
        IRelationalCommandDiagnosticsLogger commandLogger,
        IDatabaseProvider databaseProvider,
        IMigrationsModelDiffer migrationsModelDiffer,
        IDesignTimeModel designTimeModel,
        IDbContextOptions contextOptions,
        IExecutionStrategy executionStrategy)
        : base(
            migrationsAssembly,
            historyRepository,
            databaseCreator,
            migrationsSqlGenerator,
            rawSqlCommandBuilder,
            migrationCommandExecutor,
            connection,
            sqlGenerationHelper,
            currentContext,
            modelRuntimeInitializer,
            logger,
            commandLogger,
            databaseProvider,
            migrationsModelDiffer,
            designTimeModel,
            contextOptions,
            executionStrategy)
    {
        _migrationsAssembly = migrationsAssembly;
        _connection = connection;
        _logger = logger;
        _contextOptions = contextOptions;
        _activeProvider = databaseProvider.Name;
    }

    private bool ApplyContractsImmediately
        => _contextOptions.FindExtension<SafeMigrationsOptionsExtension>()?.ApplyContractsImmediately ?? false;

    public override void Migrate(string? targetMigration)
    {
        var run = _run = new RunState();
        try
        {
            base.Migrate(targetMigration);
        }
        finally
        {
            _run = null;
        }

        if (NeedsNpgsqlTypeReload(run))
        {
            _connection.Open();
            try
            {
                InvokeReloadTypes(_connection.DbConnection, async: false).GetAwaiter().GetResult();
            }
            finally
            {
                _connection.Close();
            }
        }
    }

    public override async Task MigrateAsync(string? targetMigration, CancellationToken cancellationToken = default)
    {
        var run = _run = new RunState();
        try
        {
            await base.MigrateAsync(targetMigration, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _run = null;
        }

        if (NeedsNpgsqlTypeReload(run))
        {
            await _connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await InvokeReloadTypes(_connection.DbConnection, async: true).ConfigureAwait(false);
            }
            finally
            {
                await _connection.CloseAsync().ConfigureAwait(false);
            }
        }
    }

    public override string GenerateScript(
        string? fromMigration = null,
        string? toMigration = null,
        MigrationsSqlGenerationOptions options = MigrationsSqlGenerationOptions.Default)
    {
        // A script cannot know when it runs, so it holds every migration of the range it was asked for.
        _scripting = true;
        try
        {
            return base.GenerateScript(fromMigration, toMigration, options);
        }
        finally
        {
            _scripting = false;
        }
    }

    protected override void PopulateMigrations(
        IEnumerable<string> appliedMigrationEntries,
        string? targetMigration,
        out MigratorData parameters)
    {
        var applied = appliedMigrationEntries as IReadOnlyCollection<string> ?? appliedMigrationEntries.ToList();
        base.PopulateMigrations(applied, targetMigration, out var data);
        if (_scripting || ApplyContractsImmediately || data.AppliedMigrations.Count == 0)
        {
            parameters = data;
            Record(data);
            return;
        }

        // The first look at the history in a run is what was live before it; an execution strategy retry
        // must not let a contract through because its expand migration committed in the failed attempt.
        var liveBefore = _run is null
            ? new HashSet<string>(applied, StringComparer.OrdinalIgnoreCase)
            : _run.LiveBefore ??= new HashSet<string>(applied, StringComparer.OrdinalIgnoreCase);

        var toApply = new List<Migration>(data.AppliedMigrations.Count);
        foreach (var migration in data.AppliedMigrations)
        {
            var contractOf = migration.GetType().GetCustomAttribute<ContractOfAttribute>();
            if (contractOf is null)
            {
                toApply.Add(migration);
                continue;
            }

            var expandId = ResolveExpandId(migration, contractOf.ExpandMigrationId);
            if (liveBefore.Contains(expandId))
            {
                toApply.Add(migration);
                continue;
            }

            var contractId = migration.GetId();
            if (_run is null || _run.Logged.Add(contractId))
            {
                var inThisRun = data.AppliedMigrations.Any(m => string.Equals(m.GetId(), expandId, StringComparison.OrdinalIgnoreCase));
                LogDeferred(contractId, expandId, inThisRun);
            }
        }

        parameters = new MigratorData(toApply, data.RevertedMigrations, data.TargetMigration);
        Record(parameters);
    }

    private void Record(MigratorData data)
    {
        if (_run is not null)
        {
            _run.Data = data;
        }
    }

    private string ResolveExpandId(Migration contract, string expandMigration)
    {
        var ids = _migrationsAssembly.Migrations.Keys;
        var id = ids.FirstOrDefault(k => string.Equals(k, expandMigration, StringComparison.OrdinalIgnoreCase))
            ?? ids.FirstOrDefault(k => k.Length > 15 && string.Equals(k.Substring(15), expandMigration, StringComparison.OrdinalIgnoreCase));
        return id
            ?? throw new InvalidOperationException(
                $"EFCore.SafeMigrations: the contract migration '{contract.GetId()}' is marked [ContractOf(\"{expandMigration}\")], "
                + $"but {_migrationsAssembly.Assembly.GetName().Name} has no migration with that id or name for this context. "
                + "Use the expand migration's id from its [Migration] attribute.");
    }

    private void LogDeferred(string contractId, string expandId, bool expandInThisRun)
    {
        var reason = expandInThisRun
            ? $"its expand migration '{expandId}' is applied in this run"
            : $"its expand migration '{expandId}' has not been applied yet";
        var message =
            $"Contract migration '{contractId}' deferred: {reason}. It will apply on the next deployment, once no "
            + "instance of the previous app version is running (the next Migrate(), 'dotnet ef database update' or bundle run). "
            + "To apply contracts at once (local development), use UseSafeMigrations(o => o.ApplyContractsImmediately = true).";

        var definition = new EventDefinition<string>(
            _logger.Options,
            SafeMigrationsEventId.ContractMigrationDeferred,
            LogLevel.Information,
            SafeMigrationsEventId.ContractMigrationDeferred.Name!,
            level => LoggerMessage.Define<string>(level, SafeMigrationsEventId.ContractMigrationDeferred, "{Message}"));

        if (_logger.ShouldLog(definition))
        {
            definition.Log(_logger, message);
        }

        if (_logger.NeedsEventData(definition, out var diagnosticSourceEnabled, out var simpleLogEnabled))
        {
            var eventData = new EventData(definition, (_, _) => message);
            _logger.DispatchEventData(definition, eventData, diagnosticSourceEnabled, simpleLogEnabled);
        }
    }

    private bool NeedsNpgsqlTypeReload(RunState run)
    {
        if (!string.Equals(_activeProvider, SqlDialect.NpgsqlProviderName, StringComparison.Ordinal) || run.Data is null)
        {
            return false;
        }

        var migrations = run.Data.AppliedMigrations.Count > 0 ? run.Data.AppliedMigrations : run.Data.RevertedMigrations;
        return migrations
            .SelectMany(m => m.UpOperations)
            .OfType<AlterDatabaseOperation>()
            .Any(o => o.GetAnnotations().Any(a =>
                a.Name.StartsWith(NpgsqlExtensionPrefix, StringComparison.Ordinal)
                || a.Name.StartsWith(NpgsqlEnumPrefix, StringComparison.Ordinal)
                || a.Name.StartsWith(NpgsqlRangePrefix, StringComparison.Ordinal)));
    }

    private static Task InvokeReloadTypes(object connection, bool async)
    {
        // NpgsqlConnection.ReloadTypes(), without a reference to Npgsql.
        var type = connection.GetType();
        if (async)
        {
            var reloadAsync = type.GetMethod("ReloadTypesAsync", Type.EmptyTypes)
                ?? type.GetMethod("ReloadTypesAsync", [typeof(CancellationToken)]);
            if (reloadAsync is not null)
            {
                var args = reloadAsync.GetParameters().Length == 0 ? [] : new object[] { CancellationToken.None };
                return reloadAsync.Invoke(connection, args) as Task ?? Task.CompletedTask;
            }
        }

        type.GetMethod("ReloadTypes", Type.EmptyTypes)?.Invoke(connection, null);
        return Task.CompletedTask;
    }

    private sealed class RunState
    {
        public HashSet<string>? LiveBefore { get; set; }

        public HashSet<string> Logged { get; } = new(StringComparer.OrdinalIgnoreCase);

        public MigratorData? Data { get; set; }
    }
}
