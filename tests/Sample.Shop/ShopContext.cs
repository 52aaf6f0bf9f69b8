using EFCore.SafeMigrations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Sample.Shop;

/// <summary>
/// The shop's model. The app runs on SQLite (this context, migrations in Migrations/Sqlite); production
/// deployments run on PostgreSQL (<see cref="PostgresShopContext"/>, migrations in Migrations/Postgres).
/// Both histories come from the same model changes, scaffolded by <c>dotnet ef migrations add</c>.
/// </summary>
public class ShopContext : DbContext
{
    public ShopContext(DbContextOptions<ShopContext> options)
        : base(options)
    {
    }

    protected ShopContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<Customer> Customers => Set<Customer>();

    public DbSet<Product> Products => Set<Product>();

    public DbSet<Order> Orders => Set<Order>();

    public DbSet<OrderLine> OrderLines => Set<OrderLine>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Customer>(customer =>
        {
            customer.Property(c => c.FullName).HasMaxLength(200);
            customer.Property(c => c.Email).HasMaxLength(320);
            customer.HasIndex(c => c.Email).IsUnique();
        });

        modelBuilder.Entity<Product>(product =>
        {
            product.Property(p => p.Name).HasMaxLength(200);
            product.Property(p => p.Sku).HasMaxLength(32);
            product.HasIndex(p => p.Sku).IsUnique();
            product.Property(p => p.Price).HasPrecision(10, 2);
        });

        modelBuilder.Entity<Order>(order =>
        {
            order.HasOne(o => o.Customer).WithMany(c => c.Orders).HasForeignKey(o => o.CustomerId);
            order.HasIndex(o => o.Status);
        });

        modelBuilder.Entity<OrderLine>(line =>
        {
            line.HasOne(l => l.Order).WithMany(o => o.Lines).HasForeignKey(l => l.OrderId);
            line.HasOne(l => l.Product).WithMany().HasForeignKey(l => l.ProductId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}

/// <summary>The same model on PostgreSQL, with its own migration history.</summary>
public class PostgresShopContext : ShopContext
{
    public PostgresShopContext(DbContextOptions<PostgresShopContext> options)
        : base(options)
    {
    }
}

/// <summary>Lets <c>dotnet ef</c> build the SQLite context; with <c>UseSafeMigrations()</c>, so <c>dotnet ef database update</c> defers contracts too.</summary>
public sealed class ShopContextFactory : IDesignTimeDbContextFactory<ShopContext>
{
    public ShopContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<ShopContext>().UseSqlite("Data Source=shop.db").UseSafeMigrations().Options);
}

/// <summary>Lets <c>dotnet ef</c> build the PostgreSQL context. Scaffolding never connects.</summary>
public sealed class PostgresShopContextFactory : IDesignTimeDbContextFactory<PostgresShopContext>
{
    public PostgresShopContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresShopContext>().UseNpgsql("Host=localhost;Database=shop").UseSafeMigrations().Options);
}
