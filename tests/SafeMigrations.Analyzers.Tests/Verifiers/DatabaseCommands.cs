using System.Data.Common;
using Microsoft.EntityFrameworkCore.Migrations;

namespace SafeMigrations.Analyzers.Tests.Verifiers;

/// <summary>Plain ADO.NET for the tests that run migrations on a real database.</summary>
public static class DatabaseCommands
{
    public static void Execute(DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }

    public static object? Scalar(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    /// <summary>Each row as <c>a | b | NULL</c>, one per line.</summary>
    public static string Rows(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var lines = new List<string>();
        while (reader.Read())
        {
            lines.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i)))));
        }

        return string.Join("\n", lines);
    }

    /// <summary>Runs the SQL EF's migrations SQL generator produced, command by command.</summary>
    public static void Run(DbConnection connection, IEnumerable<MigrationCommand> commands)
    {
        foreach (var command in commands)
        {
            Execute(connection, command.CommandText);
        }
    }

    /// <summary>
    /// SQLite's schema: every table's columns (by name: a re-added column comes back last, as with EF's own
    /// Down), indexes with their columns, foreign keys and whether a CHECK exists. History rows are EF's
    /// bookkeeping, not schema.
    /// </summary>
    public static string SqliteSchema(DbConnection connection)
    {
        var tables = Rows(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__EF%' ORDER BY name").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var dump = new List<string> { "objects:", Rows(connection, "SELECT type, name, tbl_name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND name NOT LIKE '__EF%' ORDER BY type, name") };
        foreach (var table in tables)
        {
            dump.Add($"table {table}:");
            dump.Add(Rows(connection, $"SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info('{table}') ORDER BY name"));
            dump.Add(Rows(connection, $"SELECT il.name, il.\"unique\", il.origin, group_concat(ii.name) FROM pragma_index_list('{table}') il JOIN pragma_index_info(il.name) ii GROUP BY il.name ORDER BY il.name"));
            dump.Add(Rows(connection, $"SELECT \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list('{table}') ORDER BY \"from\""));
            dump.Add(Rows(connection, $"SELECT sql LIKE '%CHECK%' FROM sqlite_master WHERE name = '{table}'"));
        }

        return string.Join("\n", dump);
    }
}
