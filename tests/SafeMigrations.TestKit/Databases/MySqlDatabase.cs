using MySqlConnector;

namespace SafeMigrations.TestKit.Databases;

/// <summary>
/// A MariaDB (MySQL) database of its own for one test or test class: created with a unique name on
/// <see cref="MySqlServer"/>, dropped on dispose.
/// </summary>
public sealed class MySqlDatabase : IAsyncDisposable, IDisposable
{
    private bool _disposed;

    private MySqlDatabase(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
    }

    /// <summary>The database name.</summary>
    public string Name { get; }

    /// <summary>The connection string to this database.</summary>
    public string ConnectionString { get; }

    /// <summary>Creates a fresh, empty database whose name starts with <paramref name="prefix"/>.</summary>
    public static MySqlDatabase Create(string prefix = "sm_test")
    {
        var name = (prefix + "_" + Guid.NewGuid().ToString("N")[..12]).ToLowerInvariant();
        if (name.Length > 64)
        {
            name = name[^64..];
        }

        using (var admin = OpenAdmin())
        using (var command = new MySqlCommand($"CREATE DATABASE `{name}`", admin))
        {
            command.ExecuteNonQuery();
        }

        var builder = new MySqlConnectionStringBuilder(MySqlServer.ConnectionString) { Database = name };
        return new MySqlDatabase(name, builder.ConnectionString);
    }

    /// <summary>
    /// Opens a connection with the options Pomelo sets on every connection string it is given: user variables allowed
    /// (the helpers' key walk uses them) and affected rows counted as found rows. What a migration's SQL meets under Pomelo.
    /// </summary>
    public MySqlConnection OpenAsPomelo()
    {
        var connection = new MySqlConnection(new MySqlConnectionStringBuilder(ConnectionString) { AllowUserVariables = true, UseAffectedRows = false }.ConnectionString);
        connection.Open();
        return connection;
    }

    /// <summary>Opens a connection to this database.</summary>
    public MySqlConnection Open()
    {
        var connection = new MySqlConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        MySqlConnection.ClearAllPools();
        try
        {
            using var admin = OpenAdmin();
            using var command = new MySqlCommand($"DROP DATABASE IF EXISTS `{Name}`", admin);
            command.ExecuteNonQuery();
        }
        catch (MySqlException)
        {
            // Best effort: a leftover test database must not fail the test that used it.
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private static MySqlConnection OpenAdmin()
    {
        var builder = new MySqlConnectionStringBuilder(MySqlServer.ConnectionString) { Pooling = false, Database = string.Empty };
        var connection = new MySqlConnection(builder.ConnectionString);
        connection.Open();
        return connection;
    }
}
