using Npgsql;

namespace SafeMigrations.TestKit.Databases;

/// <summary>
/// A PostgreSQL database of its own for one test or test class: created with a unique name on
/// <see cref="PostgresServer"/>, dropped (with its connections) on dispose.
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable, IDisposable
{
    private bool _disposed;

    private PostgresDatabase(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
    }

    /// <summary>The database name.</summary>
    public string Name { get; }

    /// <summary>The connection string to this database.</summary>
    public string ConnectionString { get; }

    /// <summary>Creates a fresh, empty database whose name starts with <paramref name="prefix"/>.</summary>
    public static PostgresDatabase Create(string prefix = "sm_test")
    {
        var name = (prefix + "_" + Guid.NewGuid().ToString("N")[..12]).ToLowerInvariant();
        if (name.Length > 63)
        {
            name = name[^63..];
        }

        using (var admin = OpenAdmin())
        using (var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin))
        {
            command.ExecuteNonQuery();
        }

        var builder = new NpgsqlConnectionStringBuilder(PostgresServer.ConnectionString) { Database = name };
        return new PostgresDatabase(name, builder.ConnectionString);
    }

    /// <summary>Opens a connection to this database.</summary>
    public NpgsqlConnection Open()
    {
        var connection = new NpgsqlConnection(ConnectionString);
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
        NpgsqlConnection.ClearAllPools();
        try
        {
            using var admin = OpenAdmin();
            using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", admin);
            command.ExecuteNonQuery();
        }
        catch (NpgsqlException)
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

    private static NpgsqlConnection OpenAdmin()
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresServer.ConnectionString) { Pooling = false };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        connection.Open();
        return connection;
    }
}
