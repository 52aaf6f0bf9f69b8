using EFCore.SafeMigrations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
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
        Assert.Contains("EFCore.SafeMigrations.ContractMigrationDeferred", message);
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
