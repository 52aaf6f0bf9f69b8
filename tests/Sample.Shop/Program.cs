using EFCore.SafeMigrations;
using Microsoft.EntityFrameworkCore;

namespace Sample.Shop;

/// <summary>
/// Applies the shop's migrations, seeds a few rows and prints what it did.
/// <c>dotnet run --project tests/Sample.Shop</c> uses a SQLite file, shop.db, beside the app;
/// <c>-- --postgres "Host=...;Database=...;Username=...;Password=..."</c> uses PostgreSQL instead.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        using var context = CreateContext(args, out var where);
        Console.WriteLine($"Shop database: {where}");

        var pending = context.Database.GetPendingMigrations().ToList();
        Console.WriteLine(pending.Count == 0 ? "No pending migrations." : $"Applying {pending.Count} migration(s):");
        foreach (var migration in pending)
        {
            Console.WriteLine($"  {migration}");
        }

        context.Database.Migrate();

        // UseSafeMigrations() holds a contract migration back for one deployment; show what is left.
        var stillPending = context.Database.GetPendingMigrations().ToList();
        foreach (var migration in stillPending)
        {
            Console.WriteLine($"  held back until the next run: {migration}");
        }

        Seed(context);

        Console.WriteLine(
            $"Customers: {context.Customers.Count()}, products: {context.Products.Count()}, orders: {context.Orders.Count()}, order lines: {context.OrderLines.Count()}.");
        foreach (var order in context.Orders.Include(o => o.Customer).Include(o => o.Lines).OrderBy(o => o.Id).ToList())
        {
            var total = order.Lines.Sum(l => l.Quantity * l.UnitPrice);
            Console.WriteLine($"  order {order.Id}: {order.Customer.FullName}, {order.Lines.Count} line(s), {total:0.00}, {order.Status}");
        }

        return 0;
    }

    private static ShopContext CreateContext(string[] args, out string where)
    {
        var postgres = Array.IndexOf(args, "--postgres");
        if (postgres >= 0)
        {
            if (postgres + 1 >= args.Length)
            {
                throw new ArgumentException("--postgres needs a connection string.");
            }

            where = "PostgreSQL";
            return new PostgresShopContext(new DbContextOptionsBuilder<PostgresShopContext>()
                .UseNpgsql(args[postgres + 1])
                .UseSafeMigrations()
                .Options);
        }

        var file = Path.Combine(AppContext.BaseDirectory, "shop.db");
        where = file;
        return new ShopContext(new DbContextOptionsBuilder<ShopContext>()
            .UseSqlite($"Data Source={file}")
            .UseSafeMigrations()
            .Options);
    }

    private static void Seed(ShopContext context)
    {
        if (context.Customers.Any())
        {
            Console.WriteLine("Already seeded.");
            return;
        }

        var ada = new Customer { FullName = "Ada Lovelace", Email = "ada@example.com" };
        var alan = new Customer { FullName = "Alan Turing", Email = "alan@example.com" };
        var grace = new Customer { FullName = "Grace Hopper", Email = "grace@example.com" };
        var kettle = new Product { Name = "Kettle", Sku = "KT-100", Price = 39.90m };
        var teapot = new Product { Name = "Teapot", Sku = "TP-200", Price = 24.50m };
        var mugs = new Product { Name = "Mugs (set of 4)", Sku = "MG-400", Price = 18.00m };

        context.AddRange(ada, alan, grace, kettle, teapot, mugs);
        context.AddRange(
            new Order
            {
                Customer = ada,
                PlacedAt = new DateTime(2024, 3, 1, 9, 30, 0, DateTimeKind.Utc),
                Status = OrderStatus.Shipped,
                Lines = [new OrderLine { Product = kettle, Quantity = 1, UnitPrice = 39.90 }, new OrderLine { Product = mugs, Quantity = 2, UnitPrice = 18.00 }],
            },
            new Order
            {
                Customer = grace,
                PlacedAt = new DateTime(2024, 3, 2, 14, 5, 0, DateTimeKind.Utc),
                Status = OrderStatus.Paid,
                Lines = [new OrderLine { Product = teapot, Quantity = 1, UnitPrice = 24.50 }],
            });
        var rows = context.SaveChanges();
        Console.WriteLine($"Seeded {rows} rows.");
    }
}
