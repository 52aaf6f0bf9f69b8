using EFCore.SafeMigrations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging;
using SafeMigrations.Tests.Infrastructure;
using SafeMigrations.Tests.Scenarios.BadContract;
using SafeMigrations.Tests.Scenarios.Deferral;
using SafeMigrations.TestKit.Databases;

namespace SafeMigrations.Tests;

/// <summary>UseSafeMigrations(): a contract migration waits for the run after the one that applies its expand step.</summary>
public sealed class DeferralTests
{
    private const string Initial = "20260301000001_Initial";
    private const string Expand = "20260301000002_RenameTitleExpand";
    private const string Contract = "20260301000003_RenameTitleContract";
    private const string Later = "20260301000004_AddPrice";

    [Fact]
    public void Migrate_twice_applies_the_expand_step_then_the_contract_Sqlite() => MigrateTwice(Db.Sqlite, async: false);

    [Fact]
    public void MigrateAsync_twice_applies_the_expand_step_then_the_contract_Sqlite() => MigrateTwice(Db.Sqlite, async: true);

    [PostgresFact]
    public void Migrate_twice_applies_the_expand_step_then_the_contract_Postgres() => MigrateTwice(Db.Postgres, async: false);

    [PostgresFact]
    public void MigrateAsync_twice_applies_the_expand_step_then_the_contract_Postgres() => MigrateTwice(Db.Postgres, async: true);

    private static void MigrateTwice(Db kind, bool async)
    {
        using var db = TestDatabase.Create(kind, "sm_defer");
        using (var context = db.Context<DeferralContext>())
        {
            Run(context, async);
            Assert.Equal([Initial, Expand, Later], TestDatabase.Applied(context));
            Assert.Equal([Contract], context.Database.GetPendingMigrations());
        }

        var message = Assert.Single(db.Log, m => m.Contains("deferred", StringComparison.Ordinal));
        Assert.Contains($"Contract migration '{Contract}' deferred: its expand migration '{Expand}' is applied in this run.", message);
        Assert.Contains("next deployment", message);
        Assert.Contains("ApplyContractsImmediately", message);
        Assert.Contains("Microsoft.EntityFrameworkCore.Migrations.SafeMigrations.ContractMigrationDeferred", message);
        Assert.False(TableExists(db, "ContractRan"));

        db.Log.Clear();
        using (var context = db.Context<DeferralContext>())
        {
            Run(context, async);
            Assert.Equal([Initial, Expand, Contract, Later], TestDatabase.Applied(context));
            Assert.Empty(context.Database.GetPendingMigrations());
        }

        Assert.DoesNotContain(db.Log, m => m.Contains("deferred", StringComparison.Ordinal));
        Assert.True(TableExists(db, "ContractRan"));

        // Rolling back is not affected.
        using (var context = db.Context<DeferralContext>())
        {
            TestDatabase.Migrate(context, Initial);
            Assert.Equal([Initial], TestDatabase.Applied(context));
        }

        Assert.False(TableExists(db, "ContractRan"));
    }

    [Fact]
    public void Replicas_and_restarts_of_one_deployment_leave_the_contract_to_the_next_deployment_Sqlite() => OneDeploymentAtATime(Db.Sqlite, async: false);

    [PostgresFact]
    public void Replicas_and_restarts_of_one_deployment_leave_the_contract_to_the_next_deployment_Postgres() => OneDeploymentAtATime(Db.Postgres, async: false);

    [PostgresFact]
    public void Replicas_of_one_deployment_migrating_async_leave_the_contract_to_the_next_deployment_Postgres() => OneDeploymentAtATime(Db.Postgres, async: true);

    /// <summary>
    /// Every replica of a release migrates at startup: with a deployment id, the second replica (or a restart) finds the
    /// expand step applied by its own deployment and leaves the contract for the next release, while instances of the
    /// previous release may still be running. Without one, the second run applies it (<see cref="MigrateTwice"/>).
    /// </summary>
    private static void OneDeploymentAtATime(Db kind, bool async)
    {
        using var db = TestDatabase.Create(kind, "sm_deploy");
        void Deploy(string release)
        {
            using var context = db.Context<DeferralContext>(configure: o => o.DeploymentId = release);
            Run(context, async);
        }

        Deploy("release-7");
        Deploy(" release-7\n"); // the second replica, its id read from a file
        using (var context = db.Context<DeferralContext>())
        {
            Assert.Equal([Initial, Expand, Later], TestDatabase.Applied(context));
        }

        Assert.Contains(db.Log, m => m.Contains($"its expand migration '{Expand}' was applied by this deployment ('release-7')", StringComparison.Ordinal) && m.Contains("with another DeploymentId", StringComparison.Ordinal));
        Assert.False(TableExists(db, "ContractRan"));

        // The expand's history row says which deployment applied it; the others keep EF's version.
        Assert.Matches(@"^\d+\.\d+\.\d+[^+]*\+sm\.[0-9a-f]{8}$", (string)db.Scalar($"SELECT \"ProductVersion\" FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = '{Expand}'")!);
        Assert.DoesNotContain("+sm.", (string)db.Scalar($"SELECT \"ProductVersion\" FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = '{Later}'")!);

        Deploy("release-8");
        using (var context = db.Context<DeferralContext>())
        {
            Assert.Equal([Initial, Expand, Contract, Later], TestDatabase.Applied(context));
        }

        Assert.True(TableExists(db, "ContractRan"));
    }

    /// <summary>A blank id is no id (the second run applies the contract), and a script records no deployment.</summary>
    [Fact]
    public void A_blank_deployment_id_is_unset_and_scripts_record_no_deployment_Sqlite()
    {
        using var db = TestDatabase.Create(Db.Sqlite, "sm_deploy_blank");
        for (var run = 0; run < 2; run++)
        {
            using var context = db.Context<DeferralContext>(configure: o => o.DeploymentId = "  ");
            context.Database.Migrate();
        }

        using (var context = db.Context<DeferralContext>())
        {
            Assert.Equal([Initial, Expand, Contract, Later], TestDatabase.Applied(context));
        }

        using (var context = db.Context<DeferralContext>(configure: o => o.DeploymentId = "release-7"))
        {
            var script = context.GetService<IMigrator>().GenerateScript();
            Assert.Contains($"'{Expand}'", script);
            Assert.DoesNotContain("+sm.", script);
        }
    }

    [Fact]
    public void ApplyContractsImmediately_applies_both_in_one_run_Sqlite() => Immediately(Db.Sqlite);

    [PostgresFact]
    public void ApplyContractsImmediately_applies_both_in_one_run_Postgres() => Immediately(Db.Postgres);

    private static void Immediately(Db kind)
    {
        using var db = TestDatabase.Create(kind, "sm_now");
        using var context = db.Context<DeferralContext>(applyContractsImmediately: true);
        TestDatabase.Migrate(context);
        Assert.Equal([Initial, Expand, Contract, Later], TestDatabase.Applied(context));
        Assert.DoesNotContain(db.Log, m => m.Contains("deferred", StringComparison.Ordinal));
    }

    [Fact]
    public void The_deferral_is_logged_under_the_migrations_category_with_an_event_id_to_filter_on()
    {
        using var db = TestDatabase.Create(Db.Sqlite, "sm_logcat");

        // EF Core's category filter (LogTo with DbLoggerCategory.Migrations.Name) and an id filter both let it through;
        // another category's filter does not.
        var byCategory = new List<string>();
        var byId = new List<string>();
        var otherCategory = new List<string>();
        var captured = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(captured).SetMinimumLevel(LogLevel.Trace));
        using (var context = new DeferralContext(new DbContextOptionsBuilder<DeferralContext>()
            .UseSqlite(db.ConnectionString)
            .UseSafeMigrations()
            .UseLoggerFactory(loggerFactory)
            .LogTo(byCategory.Add, [DbLoggerCategory.Migrations.Name], LogLevel.Information)
            .Options))
        {
            TestDatabase.Migrate(context);
        }

        using (var context = db.Context<DeferralContext>())
        {
            TestDatabase.Migrate(context, Initial);
        }

        using (var context = new DeferralContext(new DbContextOptionsBuilder<DeferralContext>()
            .UseSqlite(db.ConnectionString)
            .UseSafeMigrations()
            .LogTo(byId.Add, [SafeMigrationsEventId.ContractMigrationDeferred])
            .Options))
        {
            TestDatabase.Migrate(context);
        }

        using (var context = db.Context<DeferralContext>())
        {
            TestDatabase.Migrate(context, Initial);
        }

        using (var context = new DeferralContext(new DbContextOptionsBuilder<DeferralContext>()
            .UseSqlite(db.ConnectionString)
            .UseSafeMigrations()
            .LogTo(otherCategory.Add, [DbLoggerCategory.Database.Command.Name], LogLevel.Information)
            .Options))
        {
            TestDatabase.Migrate(context);
        }

        Assert.Single(byCategory, m => m.Contains($"Contract migration '{Contract}' deferred", StringComparison.Ordinal));
        Assert.Contains(byCategory, m => m.Contains("Applying migration", StringComparison.Ordinal));
        Assert.Single(byId);
        Assert.Contains($"Contract migration '{Contract}' deferred", byId[0]);
        Assert.DoesNotContain(otherCategory, m => m.Contains("deferred", StringComparison.Ordinal));
        Assert.NotEmpty(otherCategory);

        // Through ILoggerFactory: the logger's category is EF Core's migrations category, the id is ours.
        var entry = Assert.Single(captured.Entries, e => e.EventId.Id == SafeMigrationsEventId.ContractMigrationDeferred.Id);
        Assert.Equal(DbLoggerCategory.Migrations.Name, entry.Category);
        Assert.Equal(LogLevel.Information, entry.Level);
        Assert.StartsWith(DbLoggerCategory.Migrations.Name + ".", entry.EventId.Name);
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public List<(string Category, EventId EventId, LogLevel Level)> Entries { get; } = [];

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLoggerProvider provider, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull
                => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (provider.Entries)
                {
                    provider.Entries.Add((category, eventId, logLevel));
                }
            }
        }
    }

    [Fact]
    public void UseSafeMigrations_on_a_provider_that_is_not_relational_says_migrations_need_a_relational_one()
    {
        // No non-relational provider package (InMemory, Cosmos) is available to the tests. This stand-in is a database
        // provider extension the way theirs are (IsDatabaseProvider, no RelationalOptionsExtension); the IMigrator that
        // UseSafeMigrations() registers is resolved from those options, as Database.Migrate() resolves it.
        var builder = new DbContextOptionsBuilder<DeferralContext>().UseSafeMigrations();
        ((IDbContextOptionsBuilderInfrastructure)builder).AddOrUpdateExtension(new NonRelationalProviderExtension());
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<IDbContextOptions>(services, builder.Options);
        foreach (var extension in builder.Options.Extensions)
        {
            extension.ApplyServices(services);
        }

        using var provider = Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(services);
        using var scope = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.CreateScope(provider);
        var e = Assert.Throws<InvalidOperationException>(() => scope.ServiceProvider.GetService(typeof(IMigrator)));
        Assert.Equal(
            "EFCore.SafeMigrations: migrations need a relational database provider, and this context's provider "
            + "(NonRelationalProviderExtension) is not relational. UseSafeMigrations() holds contract migrations back when "
            + "migrations run; call Migrate() only on a context that uses a relational provider (SQL Server, PostgreSQL, "
            + "SQLite, MySQL, ...). With InMemory, use EnsureCreated() instead.",
            e.Message);

        // A relational provider still gets the migrator (the deferral tests run it).
        using var sqlite = new DeferralContext(new DbContextOptionsBuilder<DeferralContext>().UseSqlite("Data Source=:memory:").UseSafeMigrations().Options);
        Assert.Equal("SafeMigrator", sqlite.GetService<IMigrator>().GetType().Name);
    }

    private sealed class NonRelationalProviderExtension : IDbContextOptionsExtension
    {
        public DbContextOptionsExtensionInfo Info => new ExtensionInfo(this);

        public void ApplyServices(Microsoft.Extensions.DependencyInjection.IServiceCollection services)
        {
        }

        public void Validate(IDbContextOptions options)
        {
        }

        private sealed class ExtensionInfo(IDbContextOptionsExtension extension) : DbContextOptionsExtensionInfo(extension)
        {
            public override bool IsDatabaseProvider => true;

            public override string LogFragment => "NonRelational ";

            public override int GetServiceProviderHashCode() => 0;

            public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other) => other is ExtensionInfo;

            public override void PopulateDebugInfo(IDictionary<string, string> debugInfo)
            {
            }
        }
    }

    [Fact]
    public void On_SQLite_a_failing_migration_leaves_no_migrations_lock_behind_so_the_next_run_does_not_wait()
    {
        // EF Core's release of the SQLite lock row runs inside the migration transaction that the failure rolls back,
        // so from the second failing run on, the row stayed and the next run waited for it forever.
        using var db = TestDatabase.Create(Db.Sqlite, "sm_sqlitelock");
        var shared = db.Context<SafeMigrations.Tests.Scenarios.Failing.FailingContext>();
        for (var run = 0; run < 4; run++)
        {
            var context = run % 2 == 0 ? shared : db.Context<SafeMigrations.Tests.Scenarios.Failing.FailingContext>();
            string? failure = null;
            var thread = new Thread(() =>
            {
                try
                {
                    if (run == 3)
                    {
                        context.GetService<IMigrator>().MigrateAsync().GetAwaiter().GetResult();
                    }
                    else
                    {
                        TestDatabase.Migrate(context);
                    }

                    failure = "no failure";
                }
                catch (InvalidOperationException e)
                {
                    failure = e.Message;
                }
            });
            thread.Start();
            Assert.True(thread.Join(15_000), $"run {run} waited for the migrations lock");
            Assert.Equal("Up failed", failure);
            Assert.Equal(0L, db.Scalar("SELECT count(*) FROM \"__EFMigrationsLock\""));
            Assert.Equal(["20260501000001_Initial"], TestDatabase.Applied(context));
            if (context != shared)
            {
                context.Dispose();
            }
        }

        shared.Dispose();
    }

    [Fact]
    public void Without_UseSafeMigrations_EF_applies_everything()
    {
        using var db = TestDatabase.Create(Db.Sqlite, "sm_plain");
        using var context = db.Context<DeferralContext>(safeMigrations: false);
        TestDatabase.Migrate(context);
        Assert.Equal([Initial, Expand, Contract, Later], TestDatabase.Applied(context));
    }

    [Fact]
    public void A_contract_whose_expand_was_applied_earlier_applies_with_a_target()
    {
        using var db = TestDatabase.Create(Db.Sqlite, "sm_target");
        using (var context = db.Context<DeferralContext>())
        {
            TestDatabase.Migrate(context, Contract);
            Assert.Equal([Initial, Expand], TestDatabase.Applied(context));
        }

        using (var context = db.Context<DeferralContext>())
        {
            TestDatabase.Migrate(context, Contract);
            Assert.Equal([Initial, Expand, Contract], TestDatabase.Applied(context));
        }
    }

    [Fact]
    public void Scripts_hold_every_migration_of_the_range()
    {
        using var db = TestDatabase.Create(Db.Sqlite, "sm_script");
        using var context = db.Context<DeferralContext>();
        var migrator = context.GetService<IMigrator>();
        var all = migrator.GenerateScript();
        Assert.Contains(Contract, all);
        Assert.Contains("CREATE TABLE \"ContractRan\"", all);

        // The documented way to hold the contract back: end this deployment's script at the expand migration.
        var first = migrator.GenerateScript(toMigration: Expand);
        Assert.DoesNotContain(Contract, first);
        var next = migrator.GenerateScript(fromMigration: Expand);
        Assert.Contains(Contract, next);
        Assert.DoesNotContain("'" + Expand + "'", next);
    }

    [Fact]
    public void A_contract_naming_an_unknown_expand_migration_fails_clearly()
    {
        using var db = TestDatabase.Create(Db.Sqlite, "sm_bad");
        using var context = db.Context<BadContractContext>();
        var e = Assert.Throws<InvalidOperationException>(() => TestDatabase.Migrate(context));
        Assert.Contains("20260302000002_Contract", e.Message);
        Assert.Contains("20260302000009_Missing", e.Message);
    }

    [Fact]
    public void UseSafeMigrations_called_again_keeps_the_earlier_setting_unless_it_configures_it()
    {
        var builder = new DbContextOptionsBuilder<DeferralContext>().UseSqlite("Data Source=:memory:");
        builder.UseSafeMigrations(o => o.ApplyContractsImmediately = true);
        builder.UseSafeMigrations();
        var info = builder.Options.Extensions.Single(e => e.GetType().Name == "SafeMigrationsOptionsExtension").Info;
        Assert.Contains("ApplyContractsImmediately", info.LogFragment);
        Assert.False(info.IsDatabaseProvider);
    }

    private static void Run(DbContext context, bool async)
    {
        // The public entry points, as an app calls them.
        if (async)
        {
            context.Database.MigrateAsync().GetAwaiter().GetResult();
        }
        else
        {
            context.Database.Migrate();
        }
    }

    private static bool TableExists(TestDatabase db, string table)
        => Convert.ToInt64(db.Scalar(
            db.IsSqlite
                ? $"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '{table}'"
                : $"SELECT count(*) FROM information_schema.tables WHERE table_name = '{table}'")) == 1;
}
