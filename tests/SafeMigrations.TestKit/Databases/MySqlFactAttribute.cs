using Xunit;

namespace SafeMigrations.TestKit.Databases;

/// <summary>
/// A fact that needs MariaDB (MySQL) (<see cref="MySqlServer"/>). Skipped when the server is unreachable, except in
/// CI (<c>CI=true</c>), where it runs and fails.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class MySqlFactAttribute : FactAttribute
{
    /// <summary>Decides the skip once, from the cached probe.</summary>
    public MySqlFactAttribute()
    {
        if (MySqlServer.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>
/// A theory that needs MariaDB (MySQL) (<see cref="MySqlServer"/>). Skipped when the server is unreachable, except in
/// CI (<c>CI=true</c>), where it runs and fails.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class MySqlTheoryAttribute : TheoryAttribute
{
    /// <summary>Decides the skip once, from the cached probe.</summary>
    public MySqlTheoryAttribute()
    {
        if (MySqlServer.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}
