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
#if NET9_0_OR_GREATER && !NET10_0_OR_GREATER
    // EF Core 9 runs all of a run's migrations in one transaction.
    private const string NothingAppliedText = "nothing was applied (the run rolled back whole)";
    private const string RolledBackText = "the run rolled back whole";
#else
    // EF Core 8 and 10 commit each migration in a transaction of its own: the ones before the failed migration stay
    // applied (LockTimeoutTests checks it on the EF Core the tests run).
    private const string NothingAppliedText = "it was not applied (it rolled back; the migrations before it in this run stay applied)";
    private const string RolledBackText = "it rolled back (the migrations before it stay applied)";
#endif

    private const string NpgsqlExtensionPrefix = "Npgsql:PostgresExtension:";
    private const string NpgsqlEnumPrefix = "Npgsql:Enum:";
    private const string NpgsqlRangePrefix = "Npgsql:Range:";

    private readonly IMigrationsAssembly _migrationsAssembly;
    private readonly IHistoryRepository _historyRepository;
    private readonly IRelationalConnection _connection;
    private readonly IDiagnosticsLogger<DbLoggerCategory.Migrations> _logger;
    private readonly IDbContextOptions _contextOptions;
    private readonly string _activeProvider;
    private readonly IRawSqlCommandBuilder _rawSqlCommandBuilder;
    private readonly ICurrentDbContext _currentContext;
    private readonly IRelationalCommandDiagnosticsLogger _commandLogger;
    private readonly Lazy<PomeloMigratorCommands>? _pomelo;
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
#if NET9_0_OR_GREATER
        IMigrationsModelDiffer migrationsModelDiffer,
        IDesignTimeModel designTimeModel,
        IDbContextOptions contextOptions,
        IExecutionStrategy executionStrategy,
#else
        IDbContextOptions contextOptions,
#endif
        IServiceProvider services)
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
#if NET9_0_OR_GREATER
            databaseProvider,
            migrationsModelDiffer,
            designTimeModel,
            contextOptions,
            executionStrategy)
#else
            databaseProvider)
#endif
    {
        _migrationsAssembly = migrationsAssembly;
        _historyRepository = historyRepository;
        _connection = connection;
        _logger = logger;
        _contextOptions = contextOptions;
        _activeProvider = databaseProvider.Name;
        _rawSqlCommandBuilder = rawSqlCommandBuilder;
        _currentContext = currentContext;
        _commandLogger = commandLogger;
        _pomelo = _activeProvider == SqlDialect.PomeloProviderName ? new Lazy<PomeloMigratorCommands>(() => PomeloMigratorCommands.Create(services, ProviderAssembly(contextOptions))) : null;
    }

    /// <summary>The database provider's own assembly (its options extension's: IDatabaseProvider is EF Core's generic class).</summary>
    private static Assembly ProviderAssembly(IDbContextOptions options)
        => (options.Extensions.FirstOrDefault(e => e.Info.IsDatabaseProvider) ?? options.Extensions.First()).GetType().Assembly;

    private SafeMigrationsOptions Options
        => _contextOptions.FindExtension<SafeMigrationsOptionsExtension>()?.Options ?? new SafeMigrationsOptions();

    private bool ApplyContractsImmediately => Options.ApplyContractsImmediately;

    private bool IsPostgres => string.Equals(_activeProvider, SqlDialect.NpgsqlProviderName, StringComparison.Ordinal);

    /// <summary>The database family whose lock timeout this migrator sets, or null for one it does not know.</summary>
    private LockTimeoutKind? LockKind => _activeProvider switch
    {
        SqlDialect.NpgsqlProviderName => LockTimeoutKind.PostgreSql,
        SqlDialect.SqlServerProviderName => LockTimeoutKind.SqlServer,
        SqlDialect.PomeloProviderName or SqlDialect.OracleMySqlProviderName => LockTimeoutKind.MySql,
        _ => null,
    };

    /// <summary>
    /// The lock timeout to set, in whole milliseconds, or null: PostgreSQL, SQL Server and MySQL/MariaDB, not in
    /// scripts.
    /// </summary>
    private long? LockTimeoutMilliseconds
        => !_scripting && LockKind is not null && Options.LockTimeout is { } timeout && timeout > TimeSpan.Zero
            ? Math.Max(1, (long)Math.Ceiling(timeout.TotalMilliseconds))
            : null;

    /// <summary>The statement that sets the timeout for the commands that follow it in the migration transaction.</summary>
    private static string SetLockTimeoutSql(LockTimeoutKind kind, long milliseconds)
    {
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        return kind switch
        {
            // Ends with the transaction (commit or rollback), so it needs no reset.
            LockTimeoutKind.PostgreSql => $"SET LOCAL lock_timeout = '{milliseconds.ToString(invariant)}ms';",

            // Session-wide, in milliseconds; error 1222 when it expires.
            LockTimeoutKind.SqlServer => $"SET LOCK_TIMEOUT {milliseconds.ToString(invariant)};",

            // Session-wide, in whole seconds (metadata locks: every DDL statement's); error 1205 when it expires.
            _ => $"SET SESSION lock_wait_timeout = {Math.Max(1L, (milliseconds + 999) / 1000).ToString(invariant)};",
        };
    }

    /// <summary>The statement that puts the session's timeout back (null where the setting ends with the transaction).</summary>
    private static string? ResetLockTimeoutSql(LockTimeoutKind kind)
        => kind switch
        {
            LockTimeoutKind.PostgreSql => null,
            LockTimeoutKind.SqlServer => "SET LOCK_TIMEOUT -1;",
            _ => "SET SESSION lock_wait_timeout = DEFAULT;",
        };

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
                    if (AfterFailedAttempt(run, attempt, e) is not { } delay)
                    {
                        throw;
                    }

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
                    if (AfterFailedAttempt(run, attempt, e) is not { } delay)
                    {
                        throw;
                    }

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

    /// <summary>
    /// After a failed attempt of a run, sync or async: the session's lock timeout is reset either way; a lock timeout
    /// gives the delay before the next attempt, anything else null (rethrow) after releasing what SQLite left locked.
    /// </summary>
    private TimeSpan? AfterFailedAttempt(RunState run, int attempt, Exception exception)
    {
        if (!IsLockTimeout(exception))
        {
            ReleaseSqliteLockLeftBehind(run);
            ResetSessionLockTimeout(run);
            return null;
        }

        ResetSessionLockTimeout(run);
        return RetryDelay(run, attempt, exception);
    }

    /// <summary>
    /// The commands a run (<see cref="Migrate(string?)"/>) sends for one migration's <c>Up</c>, lock timeout included:
    /// for tests that check the SQL of a provider they have no server for.
    /// </summary>
    internal IReadOnlyList<MigrationCommand> GenerateUpSqlAsInRun(Migration migration)
    {
        var previous = _run;
        _run ??= new RunState();
        try
        {
            return GenerateUpSql(migration);
        }
        finally
        {
            _run = previous;
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
            var script = base.GenerateScript(fromMigration, toMigration, options);
            if (_pomelo is null || !options.HasFlag(MigrationsSqlGenerationOptions.Idempotent))
            {
                return script;
            }

            // Pomelo's idempotent script creates its procedures once before all of it and drops them after.
            var scriptOptions = options | MigrationsSqlGenerationOptions.Script;
            var operations = _pomelo.Value.AllOperations(fromMigration, toMigration)
                ?? _migrationsAssembly.Migrations.Values.Select(type => _migrationsAssembly.CreateMigration(type, _activeProvider)).SelectMany(m => m.UpOperations.Concat(m.DownOperations)).ToList();
            return string.Concat(_pomelo.Value.Texts(operations, before: true, scriptOptions)) + script + string.Concat(_pomelo.Value.Texts(operations, before: false, scriptOptions));
        }
        finally
        {
            _scripting = false;
        }
    }

    protected override IReadOnlyList<MigrationCommand> GenerateUpSql(
        Migration migration,
        MigrationsSqlGenerationOptions options = MigrationsSqlGenerationOptions.Default)
    {
        var commands = WithPomeloProcedures(migration.UpOperations, base.GenerateUpSql(migration, options), options);
        var historySql = HistoryInsertSql(migration);
        // Not in scripts: a script is generated where it cannot know the deployment that will run it.
        if (!_scripting && DeploymentTag is { } tag && IsExpandMigration(migration))
        {
            (commands, historySql) = WithDeploymentInHistory(commands, migration, historySql, tag);
        }

        return WithLockTimeout(migration, WithOutsideTransactionTimeout(WithInvalidIndexDropped(WithSqliteRebuildsInOneTransaction(commands, historySql))));
    }

    /// <summary>The hash of <see cref="SafeMigrationsOptions.DeploymentId"/> that an expand migration's history row records, or null without one.</summary>
    private string? DeploymentTag
        => DeploymentId is { } deployment ? DeploymentTagPrefix + SafeMigrationBuilderExtensions.ShortHash(deployment) : null;

    /// <summary><see cref="SafeMigrationsOptions.DeploymentId"/> trimmed, or null when it is blank.</summary>
    private string? DeploymentId => string.IsNullOrWhiteSpace(Options.DeploymentId) ? null : Options.DeploymentId!.Trim();

    private const string DeploymentTagPrefix = "+sm.";

    /// <summary>The history row's insert with the deployment's tag after EF's version, cut to the column's 32 characters.</summary>
    private (IReadOnlyList<MigrationCommand> Commands, string HistorySql) WithDeploymentInHistory(
        IReadOnlyList<MigrationCommand> commands, Migration migration, string historySql, string tag)
    {
        var version = ProductInfo.GetVersion();
        var tagged = (version.Length + tag.Length <= 32 ? version : version.Substring(0, 32 - tag.Length)) + tag;
        if (commands.Count(c => c.CommandText == historySql) != 1)
        {
            // Untagged, the next replica would apply the contract: say so rather than run without the guarantee.
            throw new InvalidOperationException(
                $"EFCore.SafeMigrations: DeploymentId is set, but the history row insert of the expand migration '{migration.GetId()}' "
                + "is not the one EF Core's history repository writes (a custom IHistoryRepository?), so the deployment cannot be "
                + "recorded in it. Remove DeploymentId, or use EF Core's history repository.");
        }

        var taggedSql = _historyRepository.GetInsertScript(new HistoryRow(migration.GetId(), tagged));
        var result = commands.Select(c => c.CommandText == historySql
            ? new MigrationCommand(_rawSqlCommandBuilder.Build(taggedSql), _currentContext.Context, _commandLogger, c.TransactionSuppressed)
            : c).ToList();
        return (result, taggedSql);
    }

    /// <summary>Whether a contract migration of this context names <paramref name="migration"/> as its expand step.</summary>
    private bool IsExpandMigration(Migration migration)
    {
        // A [ContractOf] naming no migration is reported when that contract is pending (Populate), not here.
        _expandIds ??= _migrationsAssembly.Migrations.Values
            .Select(type => type.GetCustomAttribute<ContractOfAttribute>()?.ExpandMigrationId)
            .Select(expand => expand is null ? null : FindExpandId(expand))
            .OfType<string>()
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        return _expandIds.Contains(migration.GetId());
    }

    private HashSet<string>? _expandIds;

    protected override IReadOnlyList<MigrationCommand> GenerateDownSql(
        Migration migration,
        Migration? previousMigration,
        MigrationsSqlGenerationOptions options = MigrationsSqlGenerationOptions.Default)
        => WithLockTimeout(migration, WithOutsideTransactionTimeout(WithInvalidIndexDropped(WithSqliteRebuildsInOneTransaction(WithPomeloProcedures(migration.DownOperations, base.GenerateDownSql(migration, previousMigration, options), options), _historyRepository.GetDeleteScript(migration.GetId())))));

    /// <summary>
    /// Pomelo: its procedures around the commands of a migration that needs them (see <see cref="PomeloMigratorCommands"/>),
    /// as Pomelo's migrator adds them; an idempotent script gets them once, around the whole script (<see cref="GenerateScript"/>).
    /// </summary>
    private IReadOnlyList<MigrationCommand> WithPomeloProcedures(IReadOnlyList<MigrationOperation> operations, IReadOnlyList<MigrationCommand> commands, MigrationsSqlGenerationOptions options)
    {
        if (_pomelo is null || (options.HasFlag(MigrationsSqlGenerationOptions.Script) && options.HasFlag(MigrationsSqlGenerationOptions.Idempotent)))
        {
            return commands;
        }

        var before = _pomelo.Value.Texts(operations, before: true, options);
        var after = _pomelo.Value.Texts(operations, before: false, options);
        if (before.Count == 0 && after.Count == 0)
        {
            return commands;
        }

        MigrationCommand Command(string text) => new PomeloProcedureCommand(_rawSqlCommandBuilder.Build(text), _currentContext.Context, _commandLogger);
        return before.Select(Command).Concat(commands).Concat(after.Select(Command)).ToList();
    }

    /// <summary>A command that creates or drops Pomelo's procedures: safe to run again, so not a statement that a lock-timeout retry must not repeat.</summary>
    private sealed class PomeloProcedureCommand(IRelationalCommand command, DbContext? context, IRelationalCommandDiagnosticsLogger logger)
        : MigrationCommand(command, context, logger);

    // EF's (Npgsql's) concurrent index build: CREATE [UNIQUE] INDEX CONCURRENTLY "name" ON [schema.]"table" ...
    private static readonly System.Text.RegularExpressions.Regex ConcurrentIndexBuild = new(
        @"^\s*CREATE\s+(?:UNIQUE\s+)?INDEX\s+CONCURRENTLY\s+(?<name>""(?:[^""]|"""")+""|\w+)\s+ON\s+(?:ONLY\s+)?(?<table>(?:""(?:[^""]|"""")+""|\w+)(?:\.(?:""(?:[^""]|"""")+""|\w+))?)",
        System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>
    /// PostgreSQL, in a run: before each of EF's concurrent index builds, the drop of an INVALID index of that name on that
    /// table. A build killed or cancelled half way (a deploy stopped, a statement timeout) leaves its index INVALID, and EF's
    /// CREATE INDEX CONCURRENTLY, which has no IF NOT EXISTS, then fails on every later run with "already exists" until
    /// someone drops it by hand. A valid index of the name is left alone, and the build fails on it as before.
    /// </summary>
    private IReadOnlyList<MigrationCommand> WithInvalidIndexDropped(IReadOnlyList<MigrationCommand> commands)
    {
        if (_scripting || !IsPostgres || !commands.Any(c => c.TransactionSuppressed))
        {
            return commands;
        }

        var result = new List<MigrationCommand>(commands.Count + 1);
        foreach (var command in commands)
        {
            if (command.TransactionSuppressed && ConcurrentIndexBuild.Match(command.CommandText) is { Success: true } build)
            {
                var postgres = SqlDialect.ForProvider(SqlProvider.PostgreSql);
                var drop = SafeMigrationBuilderExtensions.PostgresWithBriefLock(
                    SafeMigrationBuilderExtensions.PostgresDropInvalidIndex(
                        "to_regclass(" + postgres.Literal(build.Groups["table"].Value) + ")",
                        postgres.Literal(Unquoted(build.Groups["name"].Value))),
                    "_index regclass;");
                result.Add(new MigrationCommand(_rawSqlCommandBuilder.Build(drop), _currentContext.Context, _commandLogger, transactionSuppressed: true));
            }

            result.Add(command);
        }

        return result;

        static string Unquoted(string identifier) =>
            identifier.StartsWith('"') ? identifier[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : SqlDialect.FoldUnquotedPostgres(identifier);
    }

    /// <summary>
    /// The commands outside the transaction, each run under <see cref="SafeMigrationsOptions.OutsideTransactionCommandTimeout"/>.
    /// Its default applies on PostgreSQL, where the backfill bounds each batch's lock wait itself, and on MySQL/MariaDB,
    /// where InnoDB's innodb_lock_wait_timeout does. On SQL Server it applies to the package's backfill, which bounds its
    /// batches' lock waits itself (and which EF's 30-second default cancelled on any table that takes longer); the other
    /// commands outside the transaction there (an online index build waiting for its last lock) wait without a limit
    /// (LOCK_TIMEOUT is -1 there), and SQLite's driver retries a busy database forever with no timeout, so on those only
    /// a value the user set applies.
    /// </summary>
    private IReadOnlyList<MigrationCommand> WithOutsideTransactionTimeout(IReadOnlyList<MigrationCommand> commands)
    {
        var options = Options;
        if (options.OutsideTransactionCommandTimeout is not { } timeout || !commands.Any(c => c.TransactionSuppressed))
        {
            return commands;
        }

        var everyCommand = options.IsOutsideTransactionCommandTimeoutSet || LockKind is LockTimeoutKind.PostgreSql or LockTimeoutKind.MySql;
        bool Applies(MigrationCommand command) =>
            command.TransactionSuppressed
            && (everyCommand || (LockKind == LockTimeoutKind.SqlServer && command.CommandText.TrimStart().StartsWith(SafeMigrationBuilderExtensions.SqlServerBackfillStart, StringComparison.Ordinal)));
        var seconds = timeout <= TimeSpan.Zero ? 0 : (int)Math.Min(int.MaxValue, Math.Ceiling(timeout.TotalSeconds));
        return commands.Select(c => Applies(c) ? new CommandWithTimeout(c, seconds, _rawSqlCommandBuilder, _currentContext.Context, _commandLogger) : c).ToList();
    }

    /// <summary>The client timeout, in seconds (0: none), a command of a run gets instead of the context's; null when it keeps the context's.</summary>
    internal static int? ClientTimeoutOf(MigrationCommand command) => command is CommandWithTimeout withTimeout ? withTimeout.Seconds : null;

    private string HistoryInsertSql(Migration migration) => _historyRepository.GetInsertScript(new HistoryRow(migration.GetId(), ProductInfo.GetVersion()));

    /// <summary>
    /// SQLite: EF rebuilds a table (<c>ef_temp_</c> copy, drop, rename) with <c>PRAGMA foreign_keys = 0</c> before the drop,
    /// outside the transaction, so the executor commits after the copy and starts a new transaction for the drop. A row
    /// another connection writes in between goes into the old table and is dropped with it: an app writing during a
    /// migration loses writes. Moving that pragma before the migration's first command and <c>PRAGMA foreign_keys = 1</c>
    /// after its last keeps the copy, the drop, the rename and the history row in one transaction, which holds SQLite's
    /// write lock throughout: other writers wait (busy timeout) and then write to the new table. Only when the pragmas
    /// are the migration's only commands outside the transaction besides its history row (which EF leaves outside after
    /// a suppressed last command, and which then joins the transaction); one of the migration's own (a
    /// <c>Sql(..., suppressTransaction: true)</c>) keeps EF's order. So does a migration that also changes data
    /// (<see cref="ChangesSchemaOnly"/>): foreign keys are off for everything between the pragmas.
    /// </summary>
    private IReadOnlyList<MigrationCommand> WithSqliteRebuildsInOneTransaction(IReadOnlyList<MigrationCommand> commands, string historySql)
    {
        if (!string.Equals(_activeProvider, SqlDialect.SqliteProviderName, StringComparison.Ordinal))
        {
            return commands;
        }

        MigrationCommand? disable = null;
        MigrationCommand? enable = null;
        var inTransaction = new List<MigrationCommand>(commands.Count);
        foreach (var command in commands)
        {
            if (!command.TransactionSuppressed)
            {
                if (!ChangesSchemaOnly(command.CommandText, historySql))
                {
                    return commands; // Data it changes must see foreign keys on (cascades, checks): EF's order.
                }

                inTransaction.Add(command);
            }
            else if (ForeignKeysPragma(command.CommandText) is { } on)
            {
                if (on)
                {
                    enable = command;
                }
                else
                {
                    disable ??= command;
                }
            }
            else if (string.Equals(command.CommandText.Trim(), historySql.Trim(), StringComparison.Ordinal))
            {
                inTransaction.Add(Command(command.CommandText));
            }
            else
            {
                return commands;
            }
        }

        if (disable is null || enable is null)
        {
            return commands;
        }

        var result = new List<MigrationCommand>(inTransaction.Count + 2) { disable };
        result.AddRange(inTransaction);
        result.Add(enable);
        return result;
    }

    /// <summary>
    /// Whether a command of the migration's transaction leaves the rows of other tables as they are, so that running it with
    /// foreign keys off changes nothing: DDL (<c>CREATE</c>, <c>DROP</c>, <c>ALTER</c>), the rebuild's copy into its
    /// <c>ef_temp_</c> table, and the history row. An <c>InsertData</c>, <c>DeleteData</c>, <c>UpdateData</c> or a data
    /// <c>Sql(...)</c> is not: with the rewrite, a <c>DELETE</c> of a parent would no longer cascade and an insert of an
    /// orphan would pass.
    /// </summary>
    private static bool ChangesSchemaOnly(string sql, string historySql)
    {
        var text = sql.TrimStart();
        return text.StartsWith("CREATE ", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("DROP ", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("ALTER ", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("INSERT INTO \"ef_temp_", StringComparison.Ordinal)
            || string.Equals(text.TrimEnd(), historySql.Trim(), StringComparison.Ordinal);
    }

    /// <summary>Whether <paramref name="sql"/> is <c>PRAGMA foreign_keys = 1</c> (true) or <c>= 0</c> (false); null for anything else.</summary>
    private static bool? ForeignKeysPragma(string sql)
    {
        var text = sql.Trim().TrimEnd(';').Replace(" ", string.Empty);
        return string.Equals(text, "PRAGMAforeign_keys=1", StringComparison.OrdinalIgnoreCase) ? true
            : string.Equals(text, "PRAGMAforeign_keys=0", StringComparison.OrdinalIgnoreCase) ? false
            : null;
    }

    /// <summary>
    /// Sets the lock timeout before the migration's first transactional command and before each transactional command
    /// that follows one outside the transaction: PostgreSQL <c>SET LOCAL lock_timeout</c> (which ends with the
    /// transaction), SQL Server <c>SET LOCK_TIMEOUT</c> and MySQL <c>SET SESSION lock_wait_timeout</c> (session-wide,
    /// so put back before each command outside the transaction and after the migration's last command). It also notes,
    /// for the retry, which migration runs, whether this run is about to commit work outside its transaction, and on
    /// MySQL (no transactional DDL) whether a command of this migration has run.
    /// </summary>
    private IReadOnlyList<MigrationCommand> WithLockTimeout(Migration migration, IReadOnlyList<MigrationCommand> commands)
    {
        if (_run is { } run)
        {
            run.CurrentMigration = migration.GetId();
            run.CurrentMigrationRanCommand = false;
            if (commands.Any(c => c.TransactionSuppressed))
            {
                run.CommittedOutsideTransaction = true;
            }
        }

        if (LockTimeoutMilliseconds is not { } milliseconds || _run is null || LockKind is not { } kind)
        {
            return commands;
        }

        var set = SetLockTimeoutSql(kind, milliseconds);
        var reset = ResetLockTimeoutSql(kind);
        var result = new List<MigrationCommand>(commands.Count + 4);
        var timeoutSet = false;
        foreach (var command in commands)
        {
            if (command.TransactionSuppressed)
            {
                if (timeoutSet && reset is not null)
                {
                    result.Add(Command(reset));
                }

                timeoutSet = false;
            }
            else if (!timeoutSet)
            {
                result.Add(Command(set));
                timeoutSet = true;
            }

            // Pomelo's procedures are dropped if they exist and created again: running them counts as nothing run.
            result.Add(kind == LockTimeoutKind.MySql && command is not PomeloProcedureCommand ? new TrackedMigrationCommand(command, _run, _rawSqlCommandBuilder, _currentContext.Context, _commandLogger) : command);
        }

        if (timeoutSet && reset is not null)
        {
            result.Add(Command(reset));
        }

        return result;
    }

    private MigrationCommand Command(string sql)
        => new(_rawSqlCommandBuilder.Build(sql), _currentContext.Context, _commandLogger);

    /// <summary>
    /// SQL Server and MySQL: after a failed attempt, puts the session's lock timeout back, since the reset at the end
    /// of the migration did not run (the next attempt's migrations lock, SQL Server's <c>sp_getapplock</c>, would
    /// otherwise wait only that long). Best effort.
    /// </summary>
    private void ResetSessionLockTimeout(RunState run)
    {
        if (!run.LockTaken || LockTimeoutMilliseconds is null || LockKind is not { } kind || ResetLockTimeoutSql(kind) is not { } reset)
        {
            return;
        }

        try
        {
            var opened = _connection.Open();
            try
            {
                using var command = _connection.DbConnection.CreateCommand();
                command.CommandText = reset;
                command.Transaction = _connection.CurrentTransaction?.GetDbTransaction();
                command.ExecuteNonQuery();
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
        catch (InvalidOperationException)
        {
            // The connection is unusable (a broken transaction); closing it ends the session setting too.
        }
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

    /// <summary>
    /// A lock timeout anywhere in the exception chain: PostgreSQL's lock_not_available (SQLSTATE 55P03, which
    /// lock_timeout raises), SQL Server's error 1222 (<c>SET LOCK_TIMEOUT</c>) and MySQL's/MariaDB's error 1205
    /// (<c>lock_wait_timeout</c>, <c>innodb_lock_wait_timeout</c>). The error number is read from the provider's
    /// exception (<c>SqlException.Number</c>, <c>MySqlException.Number</c>) without a reference to its client library.
    /// </summary>
    private bool IsLockTimeout(Exception exception)
    {
        // Only a timeout this migrator set is retried: with LockTimeout off, a 1205 or 55P03 comes from a server or role
        // setting, the commands ran without the tracking that makes a MySQL retry safe, and a retry could run again what
        // MySQL had already committed (an UPDATE before an ALTER that timed out).
        if (_run is null || LockKind is not { } kind || LockTimeoutMilliseconds is null)
        {
            return false;
        }

        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is not System.Data.Common.DbException db)
            {
                continue;
            }

            var isTimeout = kind switch
            {
                LockTimeoutKind.PostgreSql => string.Equals(db.SqlState, "55P03", StringComparison.Ordinal),
                LockTimeoutKind.SqlServer => ErrorNumber(db) == 1222,
                _ => ErrorNumber(db) == 1205,
            };
            if (isTimeout)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The provider's error number (a public <c>int Number</c> property, as SqlException and MySqlException have).</summary>
    internal static int? ErrorNumber(System.Data.Common.DbException exception)
        => exception.GetType().GetProperty("Number", BindingFlags.Public | BindingFlags.Instance) is { } property
            && property.GetIndexParameters().Length == 0
            && property.GetValue(exception) is { } value
            && (value is int || value.GetType().IsEnum)
                ? Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)
                : null;

    /// <summary>The wait before the next attempt, after logging it; or throws when the run must not be retried.</summary>
    private TimeSpan RetryDelay(RunState run, int attempt, Exception exception)
    {
        var options = Options;
        var timeout = options.LockTimeout ?? TimeSpan.Zero;
        var migration = run.CurrentMigration ?? "(unknown)";
        var setting = LockKind switch
        {
            LockTimeoutKind.SqlServer => "LOCK_TIMEOUT",
            LockTimeoutKind.MySql => "lock_wait_timeout",
            _ => "lock_timeout",
        };
        var where = LockKind switch
        {
            LockTimeoutKind.SqlServer => "sys.dm_tran_locks, sys.dm_exec_requests",
            LockTimeoutKind.MySql => "SHOW PROCESSLIST, information_schema.METADATA_LOCK_INFO or performance_schema.metadata_locks",
            _ => "pg_stat_activity, pg_locks",
        };
        if (run.InUserTransaction)
        {
            throw new InvalidOperationException(
                $"EFCore.SafeMigrations: migration '{migration}' gave up waiting for a lock ({setting} {timeout.TotalSeconds:0.###} s). "
                + "It ran in your own transaction, so it is not retried: roll that transaction back and run the migrations again.",
                exception);
        }

        if (LockKind == LockTimeoutKind.MySql)
        {
            // MySQL has no transactional DDL: each DDL statement commits, so what ran of the failed migration stays.
            if (run.CurrentMigrationRanCommand)
            {
                throw new InvalidOperationException(
                    $"EFCore.SafeMigrations: migration '{migration}' gave up waiting for a lock ({setting} {timeout.TotalSeconds:0.###} s) "
                    + "after some of its statements had run. MySQL and MariaDB commit each DDL statement, so that part stays applied "
                    + "and the migration is not retried automatically (running it again from the start could fail or apply it twice). "
                    + $"Find the transaction that holds the lock ({where}), let it end, check which of the migration's statements are "
                    + "applied, and finish it by hand or make it safe to run again; put each DDL statement that may wait in a migration of its own.",
                    exception);
            }

            if (!HistoryMatchesRun(run))
            {
                throw new InvalidOperationException(
                    $"EFCore.SafeMigrations: migration '{migration}' gave up waiting for a lock ({setting} {timeout.TotalSeconds:0.###} s), "
                    + "and the migrations history does not show every migration before it in this run as applied (MySQL commits "
                    + "DDL as it runs, but a history row can be lost with the transaction that rolled back), so it is not retried "
                    + $"automatically. Find the transaction that holds the lock ({where}), let it end, compare __EFMigrationsHistory "
                    + "with the schema, and run the migrations again.",
                    exception);
            }
        }
        else if (run.CommittedOutsideTransaction)
        {
            throw new InvalidOperationException(
                $"EFCore.SafeMigrations: migration '{migration}' gave up waiting for a lock ({setting} {timeout.TotalSeconds:0.###} s) "
                + "in a run that had already committed work outside its transaction (a migration with suppressTransaction commands, "
                + "such as a concurrent index or a batched backfill), so it is not retried automatically. Some of its work may be "
                + $"applied and the rest not: find the transaction that holds the lock ({where}), let it end, and run "
                + "the migrations again; the helpers are written to be run again.",
                exception);
        }

        var applied = LockKind == LockTimeoutKind.MySql
            ? "the migrations before it in this run are applied, and it ran nothing"
            : NothingAppliedText;
        if (attempt > options.LockTimeoutRetries)
        {
            throw new InvalidOperationException(
                $"EFCore.SafeMigrations: migration '{migration}' gave up waiting for a lock ({setting} {timeout.TotalSeconds:0.###} s) "
                + $"{attempt} times; {applied}. A long transaction holds a lock on the table: "
                + $"find it ({where}), let it end, and run the migrations again, or raise LockTimeoutRetries.",
                exception);
        }

        var delay = TimeSpan.FromTicks(options.LockTimeoutRetryDelay.Ticks * (1L << Math.Min(attempt - 1, 16)));
        Log(
            SafeMigrationsEventId.LockTimeoutRetry,
            LogLevel.Warning,
            $"Migration '{migration}' gave up waiting for a lock ({setting} {timeout.TotalSeconds:0.###} s), so nothing queued "
            + $"behind it; {(LockKind == LockTimeoutKind.MySql ? "it ran nothing (the migrations before it stay applied)" : RolledBackText)}. "
            + $"Retry {attempt} of {options.LockTimeoutRetries} in {delay.TotalSeconds:0.###} s.");
        return delay;
    }

    /// <summary>
    /// MySQL: whether the history holds exactly what the failed attempt committed, so that a new attempt starts at the
    /// failed migration: each migration of the run before it applied (reverted, for a rollback), and it not.
    /// </summary>
    private bool HistoryMatchesRun(RunState run)
    {
        if (run.Data is not { } data || run.CurrentMigration is not { } current)
        {
            return false;
        }

        HashSet<string> history;
        try
        {
            history = new HashSet<string>(_historyRepository.GetAppliedMigrations().Select(r => r.MigrationId), StringComparer.OrdinalIgnoreCase);
        }
        catch (System.Data.Common.DbException)
        {
            return false;
        }

        var reverting = data.RevertedMigrations.Any(m => string.Equals(m.GetId(), current, StringComparison.OrdinalIgnoreCase));
        var migrations = reverting ? data.RevertedMigrations : data.AppliedMigrations;
        foreach (var migration in migrations)
        {
            var id = migration.GetId();
            var isCurrent = string.Equals(id, current, StringComparison.OrdinalIgnoreCase);
            if (history.Contains(id) != (reverting == isCurrent))
            {
                return false;
            }

            if (isCurrent)
            {
                return true;
            }
        }

        return false;
    }

#if !NET9_0_OR_GREATER
    // EF Core 8 hands the three lists back as separate out parameters (EF Core 9 made them MigratorData).
    protected override void PopulateMigrations(
        IEnumerable<string> appliedMigrationEntries,
        string? targetMigration,
        out IReadOnlyList<Migration> migrationsToApply,
        out IReadOnlyList<Migration> migrationsToRevert,
        out Migration? actualTargetMigration)
    {
        base.PopulateMigrations(appliedMigrationEntries, targetMigration, out var apply, out var revert, out var target);
        Populate(appliedMigrationEntries, new MigratorData(apply, revert, target), out var parameters);
        migrationsToApply = parameters.AppliedMigrations;
        migrationsToRevert = parameters.RevertedMigrations;
        actualTargetMigration = parameters.TargetMigration;
    }
#else
    protected override void PopulateMigrations(
        IEnumerable<string> appliedMigrationEntries,
        string? targetMigration,
        out MigratorData parameters)
    {
        base.PopulateMigrations(appliedMigrationEntries, targetMigration, out var data);
        Populate(appliedMigrationEntries, data, out parameters);
    }
#endif

    /// <summary>EF Core's choice of migrations for this run, less the contracts whose expand step is not live yet.</summary>
    private void Populate(
        IEnumerable<string> appliedMigrationEntries,
        MigratorData data,
        out MigratorData parameters)
    {
        if (_run is not null && !_scripting)
        {
            // EF Core reads the history for a run after it has taken its migrations lock.
            _run.LockTaken = true;
        }

        var applied = appliedMigrationEntries as IReadOnlyCollection<string> ?? appliedMigrationEntries.ToList();
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
            var expandLive = liveBefore.Contains(expandId);
            var byThisDeployment = expandLive && AppliedByThisDeployment(expandId);
            if (expandLive && !byThisDeployment)
            {
                toApply.Add(migration);
                continue;
            }

            var contractId = migration.GetId();
            if (_run is null || _run.Logged.Add(contractId))
            {
                var reason = byThisDeployment
                    ? $"its expand migration '{expandId}' was applied by this deployment ('{DeploymentId}')"
                    : data.AppliedMigrations.Any(m => string.Equals(m.GetId(), expandId, StringComparison.OrdinalIgnoreCase))
                        ? $"its expand migration '{expandId}' is applied in this run"
                        : $"its expand migration '{expandId}' has not been applied yet";
                LogDeferred(contractId, reason);
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

    /// <summary>The id of the migration a [ContractOf] names by its id or its name, or null.</summary>
    private string? FindExpandId(string expandMigration)
    {
        var ids = _migrationsAssembly.Migrations.Keys;
        return ids.FirstOrDefault(k => string.Equals(k, expandMigration, StringComparison.OrdinalIgnoreCase))
            ?? ids.FirstOrDefault(k => k.Length > 15 && string.Equals(k.Substring(15), expandMigration, StringComparison.OrdinalIgnoreCase));
    }

    private string ResolveExpandId(Migration contract, string expandMigration)
    {
        return FindExpandId(expandMigration)
            ?? throw new InvalidOperationException(
                $"EFCore.SafeMigrations: the contract migration '{contract.GetId()}' is marked [ContractOf(\"{expandMigration}\")], "
                + $"but {_migrationsAssembly.Assembly.GetName().Name} has no migration with that id or name for this context. "
                + "Use the expand migration's id from its [Migration] attribute.");
    }

    /// <summary>
    /// Whether the expand migration's history row carries this deployment's tag (<see cref="SafeMigrationsOptions.DeploymentId"/>):
    /// the history as the run first read it, so a retry after the expand committed in a failed attempt reads the same.
    /// </summary>
    private bool AppliedByThisDeployment(string expandId)
    {
        if (DeploymentTag is not { } tag)
        {
            return false;
        }

        var versions = _run is null
            ? AppliedVersions()
            : _run.AppliedVersions ??= AppliedVersions();
        return versions.TryGetValue(expandId, out var version) && version.EndsWith(tag, StringComparison.Ordinal);

        Dictionary<string, string> AppliedVersions() => _historyRepository.GetAppliedMigrations()
            .GroupBy(row => row.MigrationId, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(group => group.Key, group => group.First().ProductVersion, StringComparer.OrdinalIgnoreCase);
    }

    private void LogDeferred(string contractId, string reason)
    {
        var message =
            $"Contract migration '{contractId}' deferred: {reason}. It will apply on the next deployment, once no "
            + "instance of the previous app version is running (the next Migrate(), 'dotnet ef database update' or bundle run"
            + (DeploymentId is null ? "" : " with another DeploymentId") + "). "
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

    private enum LockTimeoutKind
    {
        PostgreSql,
        SqlServer,
        MySql,
    }

    /// <summary>
    /// A migration's own command, run as it is with something done before and after it: the SQL and the transaction
    /// setting are the inner command's, and <see cref="After"/> runs whether the command succeeded or not.
    /// </summary>
    private abstract class AroundMigrationCommand(
        MigrationCommand inner,
        IRawSqlCommandBuilder rawSqlCommandBuilder,
        DbContext? context,
        IRelationalCommandDiagnosticsLogger logger)
        : MigrationCommand(rawSqlCommandBuilder.Build(inner.CommandText), context, logger, inner.TransactionSuppressed)
    {
        public override string CommandText => inner.CommandText;

        protected abstract void Before(IRelationalConnection connection);

        protected abstract void After(IRelationalConnection connection, bool succeeded);

        public override int ExecuteNonQuery(IRelationalConnection connection, IReadOnlyDictionary<string, object?>? parameterValues = null)
        {
            Before(connection);
            var succeeded = false;
            try
            {
                var result = inner.ExecuteNonQuery(connection, parameterValues);
                succeeded = true;
                return result;
            }
            finally
            {
                After(connection, succeeded);
            }
        }

        public override async Task<int> ExecuteNonQueryAsync(
            IRelationalConnection connection,
            IReadOnlyDictionary<string, object?>? parameterValues = null,
            CancellationToken cancellationToken = default)
        {
            Before(connection);
            var succeeded = false;
            try
            {
                var result = await inner.ExecuteNonQueryAsync(connection, parameterValues, cancellationToken).ConfigureAwait(false);
                succeeded = true;
                return result;
            }
            finally
            {
                After(connection, succeeded);
            }
        }
    }

    /// <summary>A migration's own command that notes, once it has run, that the migration ran something (MySQL).</summary>
    private sealed class TrackedMigrationCommand(
        MigrationCommand inner,
        RunState run,
        IRawSqlCommandBuilder rawSqlCommandBuilder,
        DbContext? context,
        IRelationalCommandDiagnosticsLogger logger)
        : AroundMigrationCommand(inner, rawSqlCommandBuilder, context, logger)
    {
        // A command of several statements (a Sql("UPDATE ...; ALTER TABLE ...")) counts as run before it starts: MySQL commits
        // its first statements when a later DDL statement begins, so one that times out may have committed the others.
        private readonly bool severalStatements = HoldsSeveralStatements(inner.CommandText);

        protected override void Before(IRelationalConnection connection) => run.CurrentMigrationRanCommand |= severalStatements;

        protected override void After(IRelationalConnection connection, bool succeeded) => run.CurrentMigrationRanCommand |= succeeded;

        /// <summary>Whether a semicolon comes before the text's end: on the safe side, one inside a literal counts too.</summary>
        private static bool HoldsSeveralStatements(string sql) => sql.TrimEnd().TrimEnd(';').Contains(';', StringComparison.Ordinal);
    }

    /// <summary>A command run with its own command timeout (0: none), the connection's put back after it.</summary>
    private sealed class CommandWithTimeout(
        MigrationCommand inner,
        int seconds,
        IRawSqlCommandBuilder rawSqlCommandBuilder,
        DbContext? context,
        IRelationalCommandDiagnosticsLogger logger)
        : AroundMigrationCommand(inner, rawSqlCommandBuilder, context, logger)
    {
        private int? previous;

        public int Seconds => seconds;

        protected override void Before(IRelationalConnection connection)
        {
            previous = connection.CommandTimeout;
            connection.CommandTimeout = seconds;
        }

        protected override void After(IRelationalConnection connection, bool succeeded) => connection.CommandTimeout = previous;
    }

    private sealed class RunState
    {
        public HashSet<string>? LiveBefore { get; set; }

        /// <summary>Each applied migration's ProductVersion as the run first read it (only with a deployment id).</summary>
        public Dictionary<string, string>? AppliedVersions { get; set; }

        public HashSet<string> Logged { get; } = new(StringComparer.OrdinalIgnoreCase);

        public MigratorData? Data { get; set; }

        public bool InUserTransaction { get; init; }

        /// <summary>Whether the current attempt generated (so ran, or was about to run) a command outside the transaction.</summary>
        public bool CommittedOutsideTransaction { get; set; }

        public string? CurrentMigration { get; set; }

        /// <summary>MySQL: whether one of the current migration's own commands has run (and so committed, if DDL).</summary>
        public bool CurrentMigrationRanCommand { get; set; }

        /// <summary>Whether EF Core's migrations lock was taken in this run (it is, before the history is read).</summary>
        public bool LockTaken { get; set; }
    }
}

#if !NET9_0_OR_GREATER
/// <summary>EF Core 9's <c>MigratorData</c> (the migrations a run applies and reverts, and its target), for EF Core 8.</summary>
internal sealed class MigratorData(IReadOnlyList<Migration> appliedMigrations, IReadOnlyList<Migration> revertedMigrations, Migration? targetMigration)
{
    public IReadOnlyList<Migration> AppliedMigrations { get; } = appliedMigrations;

    public IReadOnlyList<Migration> RevertedMigrations { get; } = revertedMigrations;

    public Migration? TargetMigration { get; } = targetMigration;
}
#endif
