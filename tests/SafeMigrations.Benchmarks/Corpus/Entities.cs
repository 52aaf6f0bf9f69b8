// The CLR entity types of the benchmark's model. They sit in namespace Sample, next to the ShopContext the
// generated migrations name, so the Designer files read like a real project's ("Sample.Customer").
// Columns added by the history are shadow properties; the short-lived side tables are property bags.
namespace Sample;

#pragma warning disable CA1711, CA1724 // Names of a sample domain.

public abstract class EntityBase
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    public DateTime CreatedAt { get; set; }
}

public sealed class Customer : EntityBase;

public sealed class Order : EntityBase;

public sealed class Product : EntityBase;

public sealed class Invoice : EntityBase;

public sealed class Shipment : EntityBase;

public sealed class Supplier : EntityBase;
