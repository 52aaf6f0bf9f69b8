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
    private readonly IRawSqlCommandBuilder _rawSqlCommandBuilder;
    private readonly ICurrentDbContext _currentContext;
    private readonly IRelationalCommandDiagnosticsLogger _commandLogger;
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
        _rawSqlCommandBuilder = rawSqlCommandBuilder;
        _currentContext = currentContext;
        _commandLogger = commandLogger;
    }

    private SafeMigrationsOptions Options
        => _contextOptions.FindExtension<SafeMigrationsOptionsExtension>()?.Options ?? new SafeMigrationsOptions();

    private bool ApplyContractsImmediately => Options.ApplyContractsImmediately;

    private bool IsPostgres => string.Equals(_activeProvider, SqlDialect.NpgsqlProviderName, StringComparison.Ordinal);

    /// <summary>The lock timeout to set, in whole milliseconds, or null: PostgreSQL only, and not in scripts.</summary>
    private long? LockTimeoutMilliseconds
        => !_scripting && IsPostgres && Options.LockTimeout is { } timeout && timeout > TimeSpan.Zero
            ? Math.Max(1, (long)Math.Ceiling(timeout.TotalMilliseconds))
            : null;

    public override void Migrate(string? targetMigration)
    {
        var run = _run = new RunState { InUserTransaction = _connection.CurrentTransaction is not null };
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                run.CommittedOutsideTransaction = false;
                try
                {
                    base.Migrate(targetMigration);
                    break;
                }
                catch (Exception e)
                {
                    if (!IsLockTimeout(e))
                    {
                        ReleaseSqliteLockLeftBehind(run);
                        throw;
                    }

                    var delay = RetryDelay(run, attempt, e);
                    Thread.Sleep(delay);
                }
            }
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
        var run = _run = new RunState { InUserTransaction = _connection.CurrentTransaction is not null };
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                run.CommittedOutsideTransaction = false;
                try
                {
                    await base.MigrateAsync(targetMigration, cancellationToken).ConfigureAwait(false);
                    break;
                }
                catch (Exception e)
                {
                    if (!IsLockTimeout(e))
                    {
                        ReleaseSqliteLockLeftBehind(run);
                        throw;
                    }

                    var delay = RetryDelay(run, attempt, e);
                    await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                }
            }
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

    protected override IReadOnlyList<MigrationCommand> GenerateUpSql(
        Migration migration,
        MigrationsSqlGenerationOptions options = MigrationsSqlGenerationOptions.Default)
        => WithLockTimeout(migration, base.GenerateUpSql(migration, options));

    protected override IReadOnlyList<MigrationCommand> GenerateDownSql(
        Migration migration,
        Migration? previousMigration,
        MigrationsSqlGenerationOptions options = MigrationsSqlGenerationOptions.Default)
        => WithLockTimeout(migration, base.GenerateDownSql(migration, previousMigration, options));

    /// <summary>
    /// PostgreSQL: <c>SET LOCAL lock_timeout</c> before the migration's first transactional command and before each
    /// transactional command that follows one outside the transaction (which ends the transaction, and the setting with
    /// it). It also notes, for the retry, that this run is about to commit work outside its transaction.
    /// </summary>
    private IReadOnlyList<MigrationCommand> WithLockTimeout(Migration migration, IReadOnlyList<MigrationCommand> commands)
    {
        if (_run is { } run)
        {
            run.CurrentMigration = migration.GetId();
            if (commands.Any(c => c.TransactionSuppressed))
            {
                run.CommittedOutsideTransaction = true;
            }
        }

        if (LockTimeoutMilliseconds is not { } milliseconds || _run is null)
        {
            return commands;
        }

        var result = new List<MigrationCommand>(commands.Count + 2);
        var needsSet = true;
        foreach (var command in commands)
        {
            if (command.TransactionSuppressed)
            {
                needsSet = true;
            }
            else if (needsSet)
            {
                result.Add(new MigrationCommand(
                    _rawSqlCommandBuilder.Build($"SET LOCAL lock_timeout = '{milliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}ms';"),
                    _currentContext.Context,
                    _commandLogger));
                needsSet = false;
            }

            result.Add(command);
        }

        return result;
    }

    /// <summary>
    /// SQLite: when a run fails after it took EF Core's migrations lock (a row in <c>__EFMigrationsLock</c>), EF Core's
    /// release deletes the row inside the migration transaction that is then rolled back, so the row stays and every
    /// later run waits for it forever. The row has existed without a break since this run inserted it (nobody else can
    /// insert it meanwhile), so it is this run's own: delete it. Called after EF Core's own clean-up ran.
    /// </summary>
    private void ReleaseSqliteLockLeftBehind(RunState run)
    {
        if (!run.LockTaken
            || !string.Equals(_activeProvider, SqlDialect.SqliteProviderName, StringComparison.Ordinal)
            || _connection.CurrentTransaction is not null)
        {
            return;
        }

        try
        {
            var opened = _connection.Open();
            try
            {
                using var command = _connection.DbConnection.CreateCommand();
                command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '__EFMigrationsLock'";
                if (Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 1)
                {
                    command.CommandText = "DELETE FROM \"__EFMigrationsLock\" WHERE \"Id\" = 1";
                    command.ExecuteNonQuery();
                }
            }
            finally
            {
                if (opened)
                {
                    _connection.Close();
                }
            }
        }
        catch (System.Data.Common.DbException)
        {
            // Best effort: the original failure is what the caller must see.
        }
    }

    /// <summary>PostgreSQL's lock_not_available (55P03), which lock_timeout raises, anywhere in the exception chain.</summary>
    private bool IsLockTimeout(Exception exception)
    {
        if (!IsPostgres || _run is null)
        {
            return false;
        }

        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is System.Data.Common.DbException db && string.Equals(db.SqlState, "55P03", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The wait before the next attempt, after logging it; or throws when the run must not be retried.</summary>
    private TimeSpan RetryDelay(RunState run, int attempt, Exception exception)
    {
        var options = Options;
        var timeout = options.LockTimeout ?? TimeSpan.Zero;
        var migration = run.CurrentMigration ?? "(unknown)";
        if (run.InUserTransaction)
        {
            throw new InvalidOperationException(
                $"EFCore.SafeMigrations: migration '{migration}' gave up waiting for a lock (lock_timeout {timeout.TotalSeconds:0.###} s). "
                + "It ran in your own transaction, so it is not retried: roll that transaction back and run the migrations again.",
                exception);
        }

        if (run.CommittedOutsideTransaction)
        {
            throw new InvalidOperationException(
                $"EFCore.SafeMigrations: migration '{migration}' gave up waiting for a lock (lock_timeout {timeout.TotalSeconds:0.###} s) "
                + "in a run that had already committed work outside its transaction (a migration with suppressTransaction commands, "
                + "such as a concurrent index or a batched backfill), so it is not retried automatically. Some of its work may be "
                + "applied and the rest not: find the transaction that holds the lock (pg_stat_activity, pg_locks), let it end, and run "
                + "the migrations again; the helpers are written to be run again.",
                exception);
        }

        if (attempt > options.LockTimeoutRetries)
        {
            throw new InvalidOperationException(
                $"EFCore.SafeMigrations: migration '{migration}' gave up waiting for a lock (lock_timeout {timeout.TotalSeconds:0.###} s) "
                + $"{attempt} times; nothing was applied (the run rolled back whole). A long transaction holds a lock on the table: "
                + "find it (pg_stat_activity, pg_locks), let it end, and run the migrations again, or raise LockTimeoutRetries.",
                exception);
        }

        var delay = TimeSpan.FromTicks(options.LockTimeoutRetryDelay.Ticks * (1L << Math.Min(attempt - 1, 16)));
        Log(
            SafeMigrationsEventId.LockTimeoutRetry,
            LogLevel.Warning,
            $"Migration '{migration}' gave up waiting for a lock (lock_timeout {timeout.TotalSeconds:0.###} s), so nothing queued "
            + $"behind it; the run rolled back whole. Retry {attempt} of {options.LockTimeoutRetries} in {delay.TotalSeconds:0.###} s.");
        return delay;
    }

    protected override void PopulateMigrations(
        IEnumerable<string> appliedMigrationEntries,
        string? targetMigration,
        out MigratorData parameters)
    {
        if (_run is not null && !_scripting)
        {
            // EF Core reads the history for a run after it has taken its migrations lock.
            _run.LockTaken = true;
        }

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

        Log(SafeMigrationsEventId.ContractMigrationDeferred, LogLevel.Information, message);
    }

    private void Log(EventId eventId, LogLevel level, string message)
    {
        var definition = new EventDefinition<string>(
            _logger.Options,
            eventId,
            level,
            eventId.Name!,
            l => LoggerMessage.Define<string>(l, eventId, "{Message}"));

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
        if (!IsPostgres || run.Data is null)
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

        public bool InUserTransaction { get; init; }

        /// <summary>Whether the current attempt generated (so ran, or was about to run) a command outside the transaction.</summary>
        public bool CommittedOutsideTransaction { get; set; }

        public string? CurrentMigration { get; set; }

        /// <summary>Whether EF Core's migrations lock was taken in this run (it is, before the history is read).</summary>
        public bool LockTaken { get; set; }
    }
}
