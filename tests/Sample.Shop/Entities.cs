namespace Sample.Shop;

public class Customer
{
    public int Id { get; set; }

    public string FullName { get; set; } = "";

    public string Email { get; set; } = "";

    public List<Order> Orders { get; set; } = [];
}

public class Product
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    public string Sku { get; set; } = "";

    public decimal Price { get; set; }
}

public class Order
{
    public int Id { get; set; }

    public int CustomerId { get; set; }

    public Customer Customer { get; set; } = null!;

    public DateTime PlacedAt { get; set; }

    public OrderStatus Status { get; set; }

    public List<OrderLine> Lines { get; set; } = [];
}

public class OrderLine
{
    public int Id { get; set; }

    public int OrderId { get; set; }

    public Order Order { get; set; } = null!;

    public int ProductId { get; set; }

    public Product Product { get; set; } = null!;

    public int Quantity { get; set; }

    public double UnitPrice { get; set; }
}

public enum OrderStatus
{
    Placed = 1,
    Paid = 2,
    Shipped = 3,
    Cancelled = 4,
}
