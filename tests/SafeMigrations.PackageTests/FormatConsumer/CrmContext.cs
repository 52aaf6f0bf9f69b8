using Microsoft.EntityFrameworkCore;

namespace Consumer;

public class Customer
{
    public int Id { get; set; }

    public string Email { get; set; } = "";

    public string? Phone { get; set; }
}

public class CrmContext : DbContext
{
    public DbSet<Customer> Customers => Set<Customer>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Customer>().HasIndex(c => c.Email);
        modelBuilder.Entity<Customer>().HasIndex(c => c.Phone);
    }

    protected override void OnConfiguring(DbContextOptionsBuilder options) =>
        options.UseNpgsql("Host=localhost;Database=crm");
}
