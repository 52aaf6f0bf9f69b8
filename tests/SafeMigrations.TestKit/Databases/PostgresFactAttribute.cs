using Xunit;

namespace SafeMigrations.TestKit.Databases;

/// <summary>
/// A fact that needs PostgreSQL (<see cref="PostgresServer"/>). Skipped when the server is unreachable, except in
/// CI (<c>CI=true</c>), where it runs and fails.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class PostgresFactAttribute : FactAttribute
{
    /// <summary>Decides the skip once, from the cached probe.</summary>
    public PostgresFactAttribute()
    {
        if (PostgresServer.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>
/// A theory that needs PostgreSQL (<see cref="PostgresServer"/>). Skipped when the server is unreachable, except in
/// CI (<c>CI=true</c>), where it runs and fails.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class PostgresTheoryAttribute : TheoryAttribute
{
    /// <summary>Decides the skip once, from the cached probe.</summary>
    public PostgresTheoryAttribute()
    {
        if (PostgresServer.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}
