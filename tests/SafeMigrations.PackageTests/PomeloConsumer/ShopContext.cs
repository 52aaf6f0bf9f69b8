using EFCore.SafeMigrations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PomeloConsumer;

/// <summary>A context with no entity types: the program reads the table with SQL, so no model snapshot is needed.</summary>
public sealed class ShopContext(string connectionString) : DbContext
{
    protected override void OnConfiguring(DbContextOptionsBuilder options)
        => options
            .UseMySql(connectionString, ServerVersion.AutoDetect(connectionString))
            .UseSafeMigrations()
            .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
}
