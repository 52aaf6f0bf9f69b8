namespace SafeMigrations.TestKit.Scaffolding;

/// <summary>The database providers whose real EF Core migrations scaffolder the TestKit can drive.</summary>
public enum TestProvider
{
    /// <summary>Microsoft.EntityFrameworkCore.Sqlite.</summary>
    Sqlite,

    /// <summary>Microsoft.EntityFrameworkCore.SqlServer.</summary>
    SqlServer,

    /// <summary>Npgsql.EntityFrameworkCore.PostgreSQL.</summary>
    PostgreSql,
}
