using EFCore.SafeMigrations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace MatrixConsumer;

/// <summary>A context with no entity types: the program reads the tables with SQL, so no model snapshot is needed.</summary>
public sealed class ShopContext(string path, List<string> log, string? deploymentId = null) : DbContext
{
    protected override void OnConfiguring(DbContextOptionsBuilder options)
    {
        options
            .UseSqlite($"Data Source={path};Pooling=False")
            .UseSafeMigrations(o => o.DeploymentId = deploymentId)
            .LogTo(log.Add, new[] { SafeMigrationsEventId.ContractMigrationDeferred });
#if NET9_0_OR_GREATER
        // The migrations are written by hand, without a model snapshot.
        options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
#endif
    }
}
