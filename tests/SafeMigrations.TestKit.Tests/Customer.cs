namespace SafeMigrations.TestKit.Tests;

public sealed class Customer
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    public string? Email { get; set; }

    public string? Phone { get; set; }

    public int Points { get; set; }
}
