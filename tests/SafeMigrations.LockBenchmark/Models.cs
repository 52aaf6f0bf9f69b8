using Microsoft.EntityFrameworkCore;

// The benchmark's tables as EF models, for the cases with a code fix: EF's scaffolder writes the base migration
// (which creates the table) and the unsafe one from them, and the code fix rewrites the unsafe one.
public class Item
{
    public int Id { get; set; }

    public int? Code { get; set; }

    public string? Note { get; set; }

    public int Counter { get; set; }

    public Guid Token { get; set; }

    public int Priority { get; set; }
}

public class Customer
{
    public int Id { get; set; }

    public string? Name { get; set; }
}

public class Order
{
    public int Id { get; set; }

    public int CustomerId { get; set; }

    public int Counter { get; set; }
}

public class Account
{
    public int Id { get; set; }

    public long Number { get; set; }

    public string? Note { get; set; }

    public int Counter { get; set; }
}

internal static class Models
{
    /// <summary>
    /// Items (Id, Code, Note, Counter default 0), with Token and Priority when asked; <paramref name="change"/> adds
    /// the case's change.
    /// </summary>
    public static Action<ModelBuilder> Items(Action<Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<Item>>? change = null, bool token = false, bool priority = false) => model => model.Entity<Item>(b =>
    {
        b.ToTable("Items");
        b.Property(i => i.Counter).HasDefaultValue(0);
        if (!token)
        {
            b.Ignore(i => i.Token);
        }

        if (!priority)
        {
            b.Ignore(i => i.Priority);
        }

        change?.Invoke(b);
    });

    /// <summary>Customers and Orders (CustomerId indexed), with or without the foreign key between them.</summary>
    public static Action<ModelBuilder> CustomersAndOrders(bool foreignKey) => model =>
    {
        model.Entity<Customer>(b => b.ToTable("Customers"));
        model.Entity<Order>(b =>
        {
            b.ToTable("Orders");
            b.Property(o => o.Counter).HasDefaultValue(0);
            b.HasIndex(o => o.CustomerId);
            if (foreignKey)
            {
                b.HasOne<Customer>().WithMany().HasForeignKey(o => o.CustomerId);
            }
        });
    };

    /// <summary>Accounts, with or without Number as an alternate key (a unique constraint).</summary>
    public static Action<ModelBuilder> Accounts(bool uniqueNumber) => model => model.Entity<Account>(b =>
    {
        b.ToTable("Accounts");
        b.Property(a => a.Counter).HasDefaultValue(0);
        if (uniqueNumber)
        {
            b.HasAlternateKey(a => a.Number);
        }
    });
}
