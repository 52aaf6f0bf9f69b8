using Microsoft.EntityFrameworkCore;

namespace SafeMigrations.Analyzers.Tests.Verifiers;

// Entity classes for scaffolded test inputs. Each test describes its models with these and lets EF
// Core's real scaffolder write the migrations.
public class Customer
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    public string? Email { get; set; }

    public int Points { get; set; }

    public List<Order> Orders { get; set; } = new();
}

public class Order
{
    public int Id { get; set; }

    public int CustomerId { get; set; }

    public Customer? Customer { get; set; }

    public decimal Total { get; set; }
}

/// <summary>Model steps shared by the rule tests.</summary>
public static class Models
{
    /// <summary>A named model step; a lambda in a tuple literal has no type to take otherwise.</summary>
    public static (string Name, Action<ModelBuilder> Model) Step(string name, Action<ModelBuilder> model) => (name, model);

    public static void Customers(ModelBuilder model) => model.Entity<Customer>(b =>
    {
        b.ToTable("Customers");
        b.Ignore(c => c.Orders);
    });

    public static void CustomersWithEmailIndex(ModelBuilder model) => model.Entity<Customer>(b =>
    {
        b.ToTable("Customers");
        b.Ignore(c => c.Orders);
        b.HasIndex(c => c.Email);
    });

    public static void CustomersWithRenamedName(ModelBuilder model) => model.Entity<Customer>(b =>
    {
        b.ToTable("Customers");
        b.Ignore(c => c.Orders);
        b.Property(c => c.Name).HasColumnName("FullName");
    });

    public static void CustomersWithoutEmail(ModelBuilder model) => model.Entity<Customer>(b =>
    {
        b.ToTable("Customers");
        b.Ignore(c => c.Orders);
        b.Ignore(c => c.Email);
    });

    public static void CustomersWithEmailIndexRenamedToClients(ModelBuilder model) => model.Entity<Customer>(b =>
    {
        b.ToTable("Clients");
        b.Ignore(c => c.Orders);
        b.HasIndex(c => c.Email);
    });

    public static void CustomersWithoutPoints(ModelBuilder model) => model.Entity<Customer>(b =>
    {
        b.ToTable("Customers");
        b.Ignore(c => c.Orders);
        b.Ignore(c => c.Points);
    });

    public static void CustomersAndOrders(ModelBuilder model)
    {
        model.Entity<Customer>(b => b.ToTable("Customers"));
        model.Entity<Order>(b => b.ToTable("Orders"));
    }
}

// Two versions of one table for type changes the CLR type drives (SM1005, SM1006): Points is int in
// Ledger and long in WideLedger, both mapped to "Ledgers".
public class Ledger
{
    public int Id { get; set; }

    public int Points { get; set; }

    public decimal Amount { get; set; }
}

public class WideLedger
{
    public int Id { get; set; }

    public long Points { get; set; }

    public decimal Amount { get; set; }
}

/// <summary>Model steps for the column type rules.</summary>
public static class TypeModels
{
    public static void Ledgers(ModelBuilder model) => model.Entity<Ledger>(b => b.ToTable("Ledgers"));

    public static void WideLedgers(ModelBuilder model) => model.Entity<WideLedger>(b => b.ToTable("Ledgers"));

    /// <summary>Customers with Email limited to <paramref name="length"/> characters, optionally indexed.</summary>
    public static Action<ModelBuilder> EmailOf(int? length, bool indexed = false, string? columnType = null) => model => model.Entity<Customer>(b =>
    {
        b.ToTable("Customers");
        b.Ignore(c => c.Orders);
        var email = b.Property(c => c.Email);
        if (length is { } n)
        {
            email.HasMaxLength(n);
        }

        if (columnType is not null)
        {
            email.HasColumnType(columnType);
        }

        if (indexed)
        {
            b.HasIndex(c => c.Email);
        }
    });

    /// <summary>Customers with Points stored as <paramref name="columnType"/> (the CLR type stays int).</summary>
    public static void PointsAsBigint(ModelBuilder model) => model.Entity<Customer>(b =>
    {
        b.ToTable("Customers");
        b.Ignore(c => c.Orders);
        b.Property(c => c.Points).HasColumnType("bigint");
    });

    /// <summary>Customers with Points stored as text through a value converter: a CLR and affinity change.</summary>
    public static void PointsAsText(ModelBuilder model) => model.Entity<Customer>(b =>
    {
        b.ToTable("Customers");
        b.Ignore(c => c.Orders);
        b.Property(c => c.Points).HasConversion<string>();
    });

    public static void Items(ModelBuilder model) => model.Entity<Item>(b => b.ToTable("Items"));

    public static void DecimalItems(ModelBuilder model) => model.Entity<DecimalItem>(b =>
    {
        b.ToTable("Items");
        b.Property(i => i.Price).HasPrecision(10, 2);
    });

    /// <summary>Ledgers with Amount at the given precision and scale.</summary>
    public static Action<ModelBuilder> AmountOf(int precision, int scale) => model => model.Entity<Ledger>(b =>
    {
        b.ToTable("Ledgers");
        b.Property(l => l.Amount).HasPrecision(precision, scale);
    });
}

// A price stored as double, then as decimal, both mapped to "Items" (SM1005 on SQLite, SM1006 elsewhere).
public class Item
{
    public int Id { get; set; }

    public double Price { get; set; }
}

public class DecimalItem
{
    public int Id { get; set; }

    public decimal Price { get; set; }
}

/// <summary>Model steps for the lock rules (SM2004-SM2008).</summary>
public static class LockModels
{
    /// <summary>Customers and Orders, with Orders.CustomerId a plain column: no relationship yet.</summary>
    public static void CustomersAndUnrelatedOrders(ModelBuilder model)
    {
        model.Entity<Customer>(b => { b.ToTable("Customers"); b.Ignore(c => c.Orders); });
        model.Entity<Order>(b => { b.ToTable("Orders"); b.Ignore(o => o.Customer); });
    }

    /// <summary>Customers with a check constraint on Points.</summary>
    public static void CustomersWithPointsCheck(ModelBuilder model) => model.Entity<Customer>(b =>
    {
        b.ToTable("Customers", t => t.HasCheckConstraint("CK_Customers_Points", "\"Points\" >= 0"));
        b.Ignore(c => c.Orders);
    });

    /// <summary>Customers with Points as an alternate key (a unique constraint).</summary>
    public static void CustomersWithUniquePoints(ModelBuilder model) => model.Entity<Customer>(b =>
    {
        b.ToTable("Customers");
        b.Ignore(c => c.Orders);
        b.HasAlternateKey(c => c.Points);
    });

    /// <summary>Customers as a keyless table, Id a plain column.</summary>
    public static void KeylessCustomers(ModelBuilder model) => model.Entity<Customer>(b =>
    {
        b.ToTable("Customers");
        b.Ignore(c => c.Orders);
        b.HasNoKey();
    });

    /// <summary>Customers keyed on Id, with no value generation, so only the key changes from <see cref="KeylessCustomers"/>.</summary>
    public static void CustomersKeyedOnId(ModelBuilder model) => model.Entity<Customer>(b =>
    {
        b.ToTable("Customers");
        b.Ignore(c => c.Orders);
        b.HasKey(c => c.Id);
        b.Property(c => c.Id).ValueGeneratedNever();
    });

    /// <summary>
    /// Members with only Id and Name, plus the properties named in <paramref name="include"/>, each configured by
    /// <paramref name="configure"/>: the step that adds one column with a default or a computed value.
    /// </summary>
    public static Action<ModelBuilder> Members(string[] include, Action<Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<Member>>? configure = null) => model => model.Entity<Member>(b =>
    {
        b.ToTable("Members");
        foreach (var property in new[] { nameof(Member.Token), nameof(Member.OptionalToken), nameof(Member.JoinedAt), nameof(Member.Score), nameof(Member.DoubleScore) })
        {
            if (Array.IndexOf(include, property) < 0)
            {
                b.Ignore(property);
            }
        }

        configure?.Invoke(b);
    });
}

/// <summary>An entity for the AddColumn default and computed-column cases (SM2007).</summary>
public class Member
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    public Guid Token { get; set; }

    public Guid? OptionalToken { get; set; }

    public DateTime JoinedAt { get; set; }

    public int Score { get; set; }

    public int DoubleScore { get; set; }
}
