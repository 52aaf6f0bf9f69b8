using Npgsql;

namespace SafeMigrations.TestKit.Databases;

/// <summary>
/// The PostgreSQL server the tests use: the connection string in <c>SAFEMIGRATIONS_PG</c>, or the same default
/// that CI exports. The server is probed once per test run.
/// </summary>
public static class PostgresServer
{
    /// <summary>The environment variable that holds the connection string.</summary>
    public const string EnvironmentVariable = "SAFEMIGRATIONS_PG";

    /// <summary>The connection string CI uses, and the default when the variable is unset.</summary>
    public const string DefaultConnectionString =
        "Host=127.0.0.1;Port=5432;Username=safemigrations;Password=safemigrations;Database=safemigrations";

    private static readonly Lazy<string?> Probe = new(ProbeServer, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The connection string to the server's administrative database.</summary>
    public static string ConnectionString
        => Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } value ? value : DefaultConnectionString;

    /// <summary>Whether CI is running: then an unreachable server fails the tests instead of skipping them.</summary>
    public static bool IsCi
        => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Why the PostgreSQL tests are skipped, or <see langword="null"/> when they run: when the server answers,
    /// and always in CI (where a test against a missing server must fail, never skip).
    /// </summary>
    public static string? SkipReason => IsCi ? null : Probe.Value;

    private static string? ProbeServer()
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(ConnectionString) { Timeout = 3, Pooling = false };
            using var connection = new NpgsqlConnection(builder.ConnectionString);
            connection.Open();
            using var command = new NpgsqlCommand("SELECT 1", connection);
            command.ExecuteScalar();
            return null;
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException or System.Net.Sockets.SocketException)
        {
            return $"PostgreSQL is not reachable ({e.GetType().Name}: {e.Message}). Set {EnvironmentVariable} or start the server; in CI (CI=true) these tests fail instead.";
        }
    }
}
