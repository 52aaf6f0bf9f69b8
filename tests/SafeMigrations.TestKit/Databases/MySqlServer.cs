using MySqlConnector;

namespace SafeMigrations.TestKit.Databases;

/// <summary>
/// The MariaDB (MySQL) server the tests use: the connection string in <c>SAFEMIGRATIONS_MYSQL</c>, or the same
/// default that CI exports (<c>.ci/mariadb.sh</c> installs and starts MariaDB). The server is probed once per test run.
/// </summary>
public static class MySqlServer
{
    /// <summary>The environment variable that holds the connection string.</summary>
    public const string EnvironmentVariable = "SAFEMIGRATIONS_MYSQL";

    /// <summary>The connection string CI uses, and the default when the variable is unset.</summary>
    public const string DefaultConnectionString =
        "Server=127.0.0.1;Port=3306;User ID=safemigrations;Password=safemigrations;Database=safemigrations";

    private static readonly Lazy<string?> Probe = new(ProbeServer, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// The connection string to the server. Its database need not exist (CI creates none): the probe and the
    /// administrative connections connect without one, and each test database is created with its own name.
    /// </summary>
    public static string ConnectionString
        => Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } value ? value : DefaultConnectionString;

    /// <summary>Whether CI is running: then an unreachable server fails the tests instead of skipping them.</summary>
    public static bool IsCi
        => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Why the MariaDB tests are skipped, or <see langword="null"/> when they run: when the server answers,
    /// and always in CI (where a test against a missing server must fail, never skip).
    /// </summary>
    public static string? SkipReason => IsCi ? null : Probe.Value;

    private static string? ProbeServer()
    {
        try
        {
            var builder = new MySqlConnectionStringBuilder(ConnectionString) { ConnectionTimeout = 3, Pooling = false, Database = string.Empty };
            using var connection = new MySqlConnection(builder.ConnectionString);
            connection.Open();
            using var command = new MySqlCommand("SELECT 1", connection);
            command.ExecuteScalar();
            return null;
        }
        catch (Exception e) when (e is MySqlException or InvalidOperationException or TimeoutException or System.Net.Sockets.SocketException)
        {
            return $"MariaDB (MySQL) is not reachable ({e.GetType().Name}: {e.Message}). Set {EnvironmentVariable} or start the server; in CI (CI=true) these tests fail instead.";
        }
    }
}
