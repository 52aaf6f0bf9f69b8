using System.Data.Common;
using EFCore.SafeMigrations;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;
using SafeMigrations.TestKit.Databases;

namespace SafeMigrations.Tests.Infrastructure;

public enum Db
{
    Sqlite,
    Postgres,
}

/// <summary>A real database for one test (SQLite file or PostgreSQL database), with raw SQL access and EF contexts.</summary>
public sealed class TestDatabase : IDisposable
{
    private readonly SqliteDatabase? _sqlite;
    private readonly PostgresDatabase? _postgres;

    private TestDatabase(Db kind, SqliteDatabase? sqlite, PostgresDatabase? postgres)
    {
        Kind = kind;
        _sqlite = sqlite;
        _postgres = postgres;
    }

    public Db Kind { get; }

    public bool IsSqlite => Kind == Db.Sqlite;

    public List<string> Log { get; } = [];

    public static TestDatabase Create(Db kind, string prefix)
        => kind == Db.Sqlite
            ? new TestDatabase(kind, SqliteDatabase.Create(prefix), null)
            : new TestDatabase(kind, null, PostgresDatabase.Create(prefix));

    public string ConnectionString => _sqlite?.ConnectionString ?? _postgres!.ConnectionString;

    public TContext Context<TContext>(bool applyContractsImmediately = false, bool safeMigrations = true, Action<SafeMigrationsOptions>? configure = null)
        where TContext : DbContext
    {
        var builder = new DbContextOptionsBuilder<TContext>();
        if (IsSqlite)
        {
            builder.UseSqlite(ConnectionString);
        }
        else
        {
            builder.UseNpgsql(ConnectionString);
        }

        if (safeMigrations)
        {
            builder.UseSafeMigrations(o =>
            {
                o.ApplyContractsImmediately = applyContractsImmediately;
                configure?.Invoke(o);
            });
        }

        builder
            .LogTo(m => { lock (Log) { Log.Add(m); } }, LogLevel.Information)
            .ConfigureWarnings(w => w.Ignore(CoreEventId.ManyServiceProvidersCreatedWarning));
        return (TContext)Activator.CreateInstance(typeof(TContext), builder.Options)!;
    }

    public DbConnection Open()
        => _sqlite is not null ? _sqlite.Open() : _postgres!.Open();

    public int Exec(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }

    public object? Scalar(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    public long Insert(string sql) => Convert.ToInt64(Scalar(sql + " RETURNING \"Id\""));

    /// <summary>Every row of a query as id → the other columns joined with '|' (NULL as ∅).</summary>
    public Dictionary<long, string> Rows(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new Dictionary<long, string>();
        while (reader.Read())
        {
            var values = new List<string>();
            for (var i = 1; i < reader.FieldCount; i++)
            {
                values.Add(reader.IsDBNull(i) ? "∅" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!);
            }

            rows.Add(Convert.ToInt64(reader.GetValue(0)), string.Join("|", values));
        }

        return rows;
    }

    public bool ColumnExists(string table, string column)
        => IsSqlite
            ? Convert.ToInt64(Scalar($"SELECT count(*) FROM pragma_table_info('{table}') WHERE name = '{column}'")) == 1
            : Convert.ToInt64(Scalar($"SELECT count(*) FROM information_schema.columns WHERE table_name = '{table}' AND column_name = '{column}'")) == 1;

    public bool IsNullable(string table, string column)
        => IsSqlite
            ? Convert.ToInt64(Scalar($"SELECT \"notnull\" FROM pragma_table_info('{table}') WHERE name = '{column}'")) == 0
            : (string)Scalar($"SELECT is_nullable FROM information_schema.columns WHERE table_name = '{table}' AND column_name = '{column}'")! == "YES";

    /// <summary>PostgreSQL: whether a constraint exists and is validated; null when it does not exist.</summary>
    public bool? ConstraintValidated(string name)
        => Scalar($"SELECT convalidated FROM pg_constraint WHERE conname = '{name}'") is bool b ? b : null;

    public bool IndexExists(string name)
        => IsSqlite
            ? Convert.ToInt64(Scalar($"SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = '{name}'")) == 1
            : Convert.ToInt64(Scalar($"SELECT count(*) FROM pg_indexes WHERE indexname = '{name}'")) == 1;

    /// <summary>Seeds rows with one INSERT ... SELECT over 1..count; <paramref name="select"/> uses <c>i</c>.</summary>
    public void Seed(string table, string columns, string select, int count)
    {
        if (IsSqlite)
        {
            Exec($"WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {count}) INSERT INTO \"{table}\" ({columns}) SELECT {select} FROM s;");
        }
        else
        {
            Exec($"INSERT INTO \"{table}\" ({columns}) SELECT {select} FROM generate_series(1, {count}) AS s(i);");
        }
    }

    public static void Migrate(DbContext context, string? target = null)
        => context.GetService<IMigrator>().Migrate(target);

    public static IReadOnlyList<string> Applied(DbContext context)
        => context.Database.GetAppliedMigrations().ToList();

    /// <summary>Runs helper operations directly through the provider's migrations SQL generator and executor.</summary>
    public void Apply(Action<MigrationBuilder> build)
    {
        using var context = Context<PlainContext>(safeMigrations: false);
        var migrationBuilder = new MigrationBuilder(context.Database.ProviderName);
        build(migrationBuilder);
        var commands = context.GetService<IMigrationsSqlGenerator>().Generate(migrationBuilder.Operations);
        context.GetService<IMigrationCommandExecutor>().ExecuteNonQuery(commands, context.GetService<IRelationalConnection>());
    }

    public void Dispose()
    {
        _sqlite?.Dispose();
        _postgres?.Dispose();
        SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
    }
}

/// <summary>A context with no model and no migrations, to run SQL through EF's services.</summary>
public sealed class PlainContext(DbContextOptions<PlainContext> options) : DbContext(options);
