using EFCore.SafeMigrations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SafeMigrations.Tests.Infrastructure;
using SafeMigrations.Tests.Scenarios.CommandTimeout;
using SafeMigrations.TestKit.Databases;

namespace SafeMigrations.Tests;

/// <summary>
/// A context with a 1-second command timeout, and a migration whose command takes longer: outside the transaction
/// (where the backfills and concurrent index builds run, and take as long as the table is big) it gets no client-side
/// limit under UseSafeMigrations(); inside it, the context's timeout still holds.
/// </summary>
public sealed class CommandTimeoutTests
{
    [PostgresFact]
    public void A_long_command_outside_the_transaction_is_not_cancelled_by_the_context_s_command_timeout()
    {
        using var db = TestDatabase.Create(Db.Postgres, "sm_cmdtimeout");
        using (var context = Context<SlowOutsideContext>(db, o => o.OutsideTransactionCommandTimeout = null))
        {
            // The context's own timeout, kept on purpose: EF cancels the command after a second.
            Assert.ThrowsAny<Exception>(() => context.Database.Migrate());
            Assert.DoesNotContain("20260501000002_Slow", context.Database.GetAppliedMigrations());
        }

        using (var context = Context<SlowOutsideContext>(db, _ => { }))
        {
            context.Database.Migrate();
            Assert.Contains("20260501000002_Slow", context.Database.GetAppliedMigrations());
            Assert.Equal(1, context.Database.GetCommandTimeout());
        }
    }

    [PostgresFact]
    public async Task The_async_run_lifts_the_limit_too_and_a_command_inside_the_transaction_keeps_it()
    {
        using var db = TestDatabase.Create(Db.Postgres, "sm_cmdtimeout_async");
        using (var context = Context<SlowOutsideContext>(db, _ => { }))
        {
            await context.Database.MigrateAsync();
            Assert.Contains("20260501000002_Slow", await context.Database.GetAppliedMigrationsAsync());
        }

        using var inside = TestDatabase.Create(Db.Postgres, "sm_cmdtimeout_inside");
        using (var context = Context<SlowInsideContext>(inside, _ => { }))
        {
            await Assert.ThrowsAnyAsync<Exception>(() => context.Database.MigrateAsync());
            Assert.DoesNotContain("20260501000002_Slow", await context.Database.GetAppliedMigrationsAsync());
        }
    }

    private static TContext Context<TContext>(TestDatabase db, Action<SafeMigrationsOptions> configure)
        where TContext : DbContext
    {
        var options = new DbContextOptionsBuilder<TContext>()
            .UseNpgsql(db.ConnectionString, npgsql => npgsql.CommandTimeout(1))
            .UseSafeMigrations(o =>
            {
                o.LockTimeoutRetries = 0;
                configure(o);
            })
            .ConfigureWarnings(w => w.Ignore(CoreEventId.ManyServiceProvidersCreatedWarning))
            .Options;
        return (TContext)Activator.CreateInstance(typeof(TContext), options)!;
    }
}
