using EFCore.SafeMigrations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SafeMigrations.Tests.Infrastructure;

/// <summary>
/// A SQL Server context that is never opened (there is no server here): for the SQL EF Core and SafeMigrator write, read
/// as text and parsed with SQL Server's own T-SQL parser.
/// </summary>
internal static class SqlServerScriptContext
{
    public static TContext Create<TContext>(Action<SafeMigrationsOptions>? configure = null)
        where TContext : DbContext
        => (TContext)Activator.CreateInstance(typeof(TContext), new DbContextOptionsBuilder<TContext>()
            .UseSqlServer("Server=127.0.0.1,1;Database=unused;User ID=sa;Password=unused;TrustServerCertificate=true")
            .UseSafeMigrations(configure ?? (_ => { }))
            .ConfigureWarnings(w => w.Ignore(CoreEventId.ManyServiceProvidersCreatedWarning))
            .Options)!;
}
