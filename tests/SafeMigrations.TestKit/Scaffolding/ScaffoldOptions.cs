namespace SafeMigrations.TestKit.Scaffolding;

/// <summary>Names and ids used in the generated code.</summary>
public sealed record ScaffoldOptions
{
    /// <summary>The defaults: context <c>Sample.ShopContext</c>, migrations in <c>Sample.Migrations</c>.</summary>
    public static ScaffoldOptions Default { get; } = new();

    /// <summary>The simple name of the DbContext class referenced by <c>[DbContext(typeof(...))]</c>.</summary>
    public string ContextName { get; init; } = "ShopContext";

    /// <summary>The namespace of the DbContext class; empty for the global namespace.</summary>
    public string ContextNamespace { get; init; } = "Sample";

    /// <summary>The namespace of the generated migrations and model snapshot.</summary>
    public string MigrationsNamespace { get; init; } = "Sample.Migrations";

    /// <summary>
    /// The timestamp of the first migration's id; each following migration is one second later, so ids
    /// sort in history order (<c>20240101000001_X</c>, <c>20240101000002_Y</c>, ...).
    /// </summary>
    public DateTime FirstTimestamp { get; init; } = new(2024, 1, 1, 0, 0, 1, DateTimeKind.Utc);

    /// <summary>The time between two migrations' timestamps: real histories are minutes or days apart.</summary>
    public TimeSpan Spacing { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The full name of the DbContext class, e.g. <c>Sample.ShopContext</c>.</summary>
    public string ContextFullName => ContextNamespace.Length == 0 ? ContextName : ContextNamespace + "." + ContextName;

    /// <summary>The name of the model snapshot class, e.g. <c>ShopContextModelSnapshot</c>.</summary>
    public string SnapshotName => ContextName + "ModelSnapshot";
}
