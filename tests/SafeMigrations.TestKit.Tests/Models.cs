using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SafeMigrations.TestKit.Tests;

/// <summary>The steps of the sample history, each a complete model.</summary>
internal static class Models
{
    public static readonly (string Name, Action<ModelBuilder> Model)[] History =
    [
        ("CreateCustomers", m => m.Entity<Customer>(b => Customers(b))),
        ("AddEmailIndex", m => m.Entity<Customer>(b => Customers(b, emailIndex: true))),
        ("RenameNameColumn", m => m.Entity<Customer>(b => Customers(b, emailIndex: true, renameName: true))),
        ("ChangePointsType", m => m.Entity<Customer>(b => Customers(b, emailIndex: true, renameName: true, pointsAsText: true))),
        ("DropPhone", m => m.Entity<Customer>(b => Customers(b, emailIndex: true, renameName: true, pointsAsText: true, dropPhone: true))),
    ];

    public static void Customers(
        EntityTypeBuilder<Customer> b,
        string table = "Customers",
        bool emailIndex = false,
        bool renameName = false,
        bool pointsAsText = false,
        bool dropPhone = false)
    {
        b.ToTable(table);
        if (emailIndex)
        {
            b.HasIndex(c => c.Email);
        }

        if (renameName)
        {
            b.Property(c => c.Name).HasColumnName("FullName");
        }

        if (pointsAsText)
        {
            // int -> string changes the store type on every provider (SQLite: INTEGER -> TEXT);
            // int -> long would be a no-op on SQLite, where both are INTEGER.
            b.Property(c => c.Points).HasConversion<string>();
        }

        if (dropPhone)
        {
            b.Ignore(c => c.Phone);
        }
    }
}
