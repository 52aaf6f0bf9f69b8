using Microsoft.Data.Sqlite;

namespace SafeMigrations.TestKit.Databases;

/// <summary>
/// A SQLite database file of its own for one test, in the temp folder, deleted on dispose. A file (not
/// <c>:memory:</c>) so that several contexts and connections see the same data, as in production.
/// </summary>
public sealed class SqliteDatabase : IDisposable
{
    private SqliteDatabase(string path)
    {
        Path = path;
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, ForeignKeys = true }.ToString();
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>The connection string to the file.</summary>
    public string ConnectionString { get; }

    /// <summary>Creates an empty database file whose name starts with <paramref name="prefix"/>.</summary>
    public static SqliteDatabase Create(string prefix = "sm_test")
        => new(System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{prefix}_{Guid.NewGuid():N}.db"));

    /// <summary>Opens a connection to the file.</summary>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { Path, Path + "-wal", Path + "-shm", Path + "-journal" })
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
                // Best effort.
            }
        }
    }
}
