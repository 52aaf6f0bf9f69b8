using System.Globalization;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using MySqlConnector;
using SafeMigrations.TestKit.Databases;

namespace SafeMigrations.Tests.MariaDb;

/// <summary>
/// A MariaDB database of its own, with one open connection, that runs the helpers' MySQL SQL for real. Pomelo 9
/// cannot run with EF Core 10, so the helpers write into a bare <see cref="MigrationBuilder"/> for Pomelo's
/// provider name, and each <see cref="SqlOperation"/> runs as one command: the helpers emit one statement per
/// operation (a <c>CREATE PROCEDURE</c> or <c>CREATE TRIGGER</c> body included), with no client-side
/// <c>DELIMITER</c>, which is how Pomelo's migrator sends them too.
/// </summary>
internal sealed class MariaDbDatabase : IDisposable
{
    public const string Provider = "Pomelo.EntityFrameworkCore.MySql";

    private readonly MySqlDatabase _database;
    private readonly MySqlConnection _connection;

    private MariaDbDatabase(MySqlDatabase database)
    {
        _database = database;
        _connection = database.OpenAsPomelo();
    }

    public string Name => _database.Name;

    public static MariaDbDatabase Create(string prefix) => new(MySqlDatabase.Create(prefix));

    /// <summary>A second connection to the database, for a concurrent writer.</summary>
    public MySqlConnection OpenAnother() => _database.OpenAsPomelo();

    /// <summary>The operations a helper call adds, all of them raw SQL (the MySQL paths use no EF operation).</summary>
    public static IReadOnlyList<SqlOperation> Operations(Action<MigrationBuilder> build, string provider = Provider)
    {
        var builder = new MigrationBuilder(provider);
        build(builder);
        return builder.Operations.Select(o => Assert.IsType<SqlOperation>(o)).ToList();
    }

    /// <summary>
    /// Runs what the helpers emit, operation by operation, as EF Core's migration command executor does: the
    /// operations not marked <see cref="SqlOperation.SuppressTransaction"/> in a transaction (which MySQL's DDL
    /// commits implicitly), the others on their own with autocommit. Returns the operations.
    /// </summary>
    /// <param name="provider">The provider name the helpers see (Oracle's <c>MySql.EntityFrameworkCore</c> writes no key walk).</param>
    public IReadOnlyList<SqlOperation> Apply(Action<MigrationBuilder> build, string provider = Provider)
    {
        var operations = Operations(build, provider);
        MySqlTransaction? transaction = null;
        try
        {
            foreach (var operation in operations)
            {
                if (operation.SuppressTransaction)
                {
                    transaction?.Commit();
                    transaction?.Dispose();
                    transaction = null;
                }
                else
                {
                    transaction ??= _connection.BeginTransaction();
                }

                Exec(operation.Sql, transaction);
            }

            transaction?.Commit();
        }
        finally
        {
            transaction?.Dispose();
        }

        return operations;
    }

    public int Exec(string sql) => Exec(sql, null);

    private int Exec(string sql, MySqlTransaction? transaction)
    {
        using var command = new MySqlCommand(sql, _connection, transaction);
        return command.ExecuteNonQuery();
    }

    public object? Scalar(string sql)
    {
        using var command = new MySqlCommand(sql, _connection);
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    public long Count(string sql) => Convert.ToInt64(Scalar(sql), CultureInfo.InvariantCulture);

    /// <summary>Inserts one row and returns its generated id.</summary>
    public long Insert(string sql)
    {
        using var command = new MySqlCommand(sql, _connection);
        command.ExecuteNonQuery();
        return command.LastInsertedId;
    }

    /// <summary>Seeds <paramref name="rows"/> rows, 1,000 a statement; <paramref name="value"/> gets the row number.</summary>
    public void Seed(string table, string columns, Func<int, string> value, int rows)
    {
        for (var start = 1; start <= rows; start += 1_000)
        {
            var values = Enumerable.Range(start, Math.Min(1_000, rows - start + 1)).Select(i => "(" + value(i) + ")");
            Exec($"INSERT INTO `{table}` ({columns}) VALUES {string.Join(", ", values)}");
        }
    }

    /// <summary>The first two columns of a query, the id and a value as invariant text (∅ for NULL).</summary>
    public Dictionary<long, string> Rows(string sql)
    {
        var rows = new Dictionary<long, string>();
        using var command = new MySqlCommand(sql, _connection);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(
                Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture),
                reader.IsDBNull(1) ? "∅" : Convert.ToString(reader.GetValue(1), CultureInfo.InvariantCulture)!);
        }

        return rows;
    }

    /// <summary>Commits this session made so far (each autocommitted statement counts one).</summary>
    /// <summary>The rows this session's statements have read so far (every Handler_read_* counter), for what a statement scans.</summary>
    public long RowsRead()
    {
        using var command = new MySqlCommand("SHOW SESSION STATUS LIKE 'Handler_read%'", _connection);
        using var reader = command.ExecuteReader();
        var read = 0L;
        while (reader.Read())
        {
            read += Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture);
        }

        return read;
    }

    public long Commits()
    {
        using var command = new MySqlCommand("SHOW SESSION STATUS LIKE 'Handler_commit'", _connection);
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        return Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture);
    }

    public bool ColumnExists(string table, string column)
        => Count($"SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '{table}' AND COLUMN_NAME = '{column}'") == 1;

    public bool IsNullable(string table, string column)
        => (string)Scalar($"SELECT IS_NULLABLE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '{table}' AND COLUMN_NAME = '{column}'")! == "YES";

    public string? ColumnDefault(string table, string column)
        => (string?)Scalar($"SELECT COLUMN_DEFAULT FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '{table}' AND COLUMN_NAME = '{column}'");

    public long Triggers(string table)
        => Count($"SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() AND EVENT_OBJECT_TABLE = '{table}'");

    public long Routines()
        => Count("SELECT COUNT(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE()");

    public bool IndexExists(string table, string index)
        => Count($"SELECT COUNT(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '{table}' AND INDEX_NAME = '{index}'") > 0;

    public bool ConstraintExists(string table, string name)
        => Count($"SELECT COUNT(*) FROM information_schema.TABLE_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = '{table}' AND CONSTRAINT_NAME = '{name}'") == 1;

    public bool TableExists(string name)
        => Count($"SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '{name}'") == 1;

    public void Dispose()
    {
        _connection.Dispose();
        _database.Dispose();
    }
}
