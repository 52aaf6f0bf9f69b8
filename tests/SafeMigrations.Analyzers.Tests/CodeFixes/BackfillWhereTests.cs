using System.Data.Common;
using EFCore.SafeMigrations;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using SafeMigrations.Analyzers.Model;
using SafeMigrations.CodeFixes;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using SafeMigrations.TestKit.Databases;

namespace SafeMigrations.Analyzers.Tests.CodeFixes;

/// <summary>
/// SM4002's fix replaces <c>UPDATE t SET c = literal</c> with batches that run until no row matches a WHERE written from the
/// SET. On real databases, over values that differ from the literal only in case, accents, trailing spaces or type: the
/// batched form leaves exactly the rows the UPDATE leaves, and ends. Each case also runs the plain comparison
/// (<c>c IS NULL OR c &lt;&gt; literal</c>) as a control: it skips rows (a case-insensitive column) or never ends (a
/// real column), so the case does test what it claims.
/// </summary>
public sealed class BackfillWhereTests
{
    [PostgresFact]
    public void PostgreSQL_citext_real_and_numeric_columns_end_as_the_UPDATE_leaves_them()
    {
        using var database = PostgresDatabase.Create("backfill_where");
        using var connection = database.Open();
        Exec(connection, "CREATE EXTENSION IF NOT EXISTS citext");
        var provider = new Provider(DatabaseProvider.PostgreSql, "Npgsql.EntityFrameworkCore.PostgreSQL", "\"", "(\"V\")::text");

        AssertSameAsUpdate(connection, provider, "citext", ["'active'", "'ACTIVE'", "'Active'", "'Active '", "NULL", "'other'"], "'Active'", plainComparison: Skips);

        // A nondeterministic collation (EF's UseCollation) carries over to the column's text: compared under "C" instead.
        Exec(connection, "CREATE COLLATION IF NOT EXISTS case_insensitive (provider = icu, locale = 'und-u-ks-level2', deterministic = false)");
        AssertSameAsUpdate(connection, provider, "text COLLATE case_insensitive", ["'active'", "'ACTIVE'", "'Active'", "NULL"], "'Active'", plainComparison: Skips);
        AssertSameAsUpdate(connection, provider, "real", ["0.5", "0.1", "NULL", "3"], "0.1", plainComparison: NeverEnds);
        AssertSameAsUpdate(connection, provider, "numeric(10,2)", ["1.50", "1.5", "2", "NULL"], "1.5", plainComparison: Agrees);
        AssertSameAsUpdate(connection, provider, "character varying(20)", ["'Zoë'", "'zoë'", "NULL"], "'Zoë'", plainComparison: Agrees);
    }

    [Fact]
    public void SQLite_NOCASE_and_REAL_columns_end_as_the_UPDATE_leaves_them()
    {
        using var database = SqliteDatabase.Create("backfill_where");
        using var connection = database.Open();
        var provider = new Provider(DatabaseProvider.Sqlite, "Microsoft.EntityFrameworkCore.Sqlite", "\"", "quote(\"V\")");

        AssertSameAsUpdate(connection, provider, "TEXT COLLATE NOCASE", ["'active'", "'ACTIVE'", "'Active'", "NULL"], "'Active'", plainComparison: Skips);
        AssertSameAsUpdate(connection, provider, "TEXT COLLATE RTRIM", ["'Active  '", "'Active'", "NULL"], "'Active'", plainComparison: Skips);
        AssertSameAsUpdate(connection, provider, "REAL", ["0.5", "0.1", "NULL"], "0.1", plainComparison: Agrees);
    }

    [MySqlFact]
    public void MariaDB_case_accent_and_trailing_space_insensitive_text_ends_as_the_UPDATE_leaves_it()
    {
        using var database = MySqlDatabase.Create("backfill_where");
        using var connection = database.OpenAsPomelo();
        var provider = new Provider(DatabaseProvider.MySql, "Pomelo.EntityFrameworkCore.MySql", "`", "HEX(`V`)");

        AssertSameAsUpdate(connection, provider, "varchar(50) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci", ["'active'", "'ACTIVE'", "'Active '", "'Áctive'", "NULL", "'x'"], "'Active'", plainComparison: Skips);
        AssertSameAsUpdate(connection, provider, "varchar(50) CHARACTER SET latin1 COLLATE latin1_swedish_ci", ["'zoë'", "'ZOË'", "'Zoë'", "NULL"], "'Zoë'", plainComparison: Skips);
        AssertSameAsUpdate(connection, provider, "char(10)", ["'active'", "'Active'", "NULL"], "'Active'", plainComparison: Skips);
        AssertSameAsUpdate(connection, provider, "decimal(10,2)", ["1.50", "2", "NULL"], "1.5", plainComparison: Agrees);
        AssertSameAsUpdate(connection, provider, "int", ["1", "2", "NULL"], "1", plainComparison: Agrees);

        // An enum member is stored as the column spells it ('active' as 'Active'): compared under the column's collation.
        AssertSameAsUpdate(connection, provider, "enum('Active','Inactive')", ["'Inactive'", "'Active'", "NULL"], "'active'", plainComparison: Agrees);

        // Values MySQL stores as something else than the literal: no exact comparison, so no fix.
        Assert.Null(BackfillInBatchesFix.WhereStillToDo("`V` = 0.1", DatabaseProvider.MySql, _ => "float"));
        Assert.Null(BackfillInBatchesFix.WhereStillToDo("`V` = 1.5", DatabaseProvider.MySql, _ => "int"));
        Assert.Null(BackfillInBatchesFix.WhereStillToDo("`V` = 1.555", DatabaseProvider.MySql, _ => "decimal(10,2)"));
        Assert.Null(BackfillInBatchesFix.WhereStillToDo("`V` = 'b,a'", DatabaseProvider.MySql, _ => "set('a','b')")); // stored sorted
        Assert.Null(BackfillInBatchesFix.WhereStillToDo("`V` = '2024-01-31 10:00:00.6'", DatabaseProvider.MySql, _ => "datetime")); // stored rounded
    }

    /// <summary>No SQL Server here: the WHERE for each kind of column parses, in the backfill's dynamic SQL as SQL Server will run it.</summary>
    /// <remarks>
    /// A char/varchar column's bytes are in its own collation's code page (a UTF-8 collation, say), which a cast of the value
    /// to varchar would not use: both sides are compared as the type's Unicode twin, which keeps char(n)'s padding.
    /// </remarks>
    [Theory]
    [InlineData("[Status] = N'Active'", "nvarchar(20)", "nvarchar(20)")]
    [InlineData("[Status] = 'Active'", "varchar(max)", "nvarchar(max)")]
    [InlineData("[Status] = 'Active'", "varchar(20)", "nvarchar(20)")]
    [InlineData("[Status] = 'Active'", "char(10)", "nchar(10)")]
    [InlineData("[Status] = 'Active'", "varchar(8000)", "nvarchar(max)")]
    [InlineData("[Ratio] = 0.1", "real", "real")]
    [InlineData("[Due] = '2024-01-31'", "datetime2", "datetime2")]
    public void SQL_Server_compares_as_bytes_of_the_column_s_type_and_parses(string set, string storeType, string comparedAs)
    {
        var where = BackfillInBatchesFix.WhereStillToDo(set, DatabaseProvider.SqlServer, _ => storeType)!;
        Assert.Contains($" AS {comparedAs}) AS varbinary(max))", where);
        Assert.Equal(storeType == comparedAs ? 2 : 4, where.Split($" AS {comparedAs})").Length - 1);

        // Bytes that differ only in trailing zeros (a string ending in U+0000) are equal to SQL Server: lengths too.
        Assert.Contains(" OR DATALENGTH(", where);

        var builder = new MigrationBuilder("Microsoft.EntityFrameworkCore.SqlServer");
        builder.BackfillInBatches("Orders", set, where, batchSize: 1000);
        var outer = Assert.Single(builder.Operations.OfType<SqlOperation>()).Sql;
        var call = Assert.IsType<ExecuteStatement>(Assert.Single(Assert.Single(ParseTSql(outer).Batches).Statements));
        var loop = Assert.IsType<StringLiteral>(Assert.Single(call.ExecuteSpecification.ExecutableEntity.Parameters).ParameterValue).Value;
        Assert.Contains("WHERE " + where, loop);
        ParseTSql(loop);
    }

    private static TSqlScript ParseTSql(string sql)
    {
        using var reader = new StringReader(sql);
        var script = (TSqlScript)new TSql160Parser(initialQuotedIdentifiers: false).Parse(reader, out var errors);
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => e.Message)) + "\n" + sql);
        return script;
    }

    [Fact]
    public void Without_the_column_s_type_there_is_no_fix_but_on_SQLite()
    {
        Assert.Null(BackfillInBatchesFix.WhereStillToDo("\"V\" = 'a'", DatabaseProvider.PostgreSql, _ => null));
        Assert.Null(BackfillInBatchesFix.WhereStillToDo("[V] = N'a'", DatabaseProvider.SqlServer, _ => null));
        Assert.Null(BackfillInBatchesFix.WhereStillToDo("`V` = 'a'", DatabaseProvider.MySql, _ => null));
        Assert.Null(BackfillInBatchesFix.WhereStillToDo("[V] = 'a'", DatabaseProvider.SqlServer, _ => "char(max)"));
        Assert.Equal("(\"V\" IS NOT 'a' COLLATE BINARY)", BackfillInBatchesFix.WhereStillToDo("\"V\" = 'a'", DatabaseProvider.Sqlite, _ => null));

        // The name is looked up as the model spells it.
        var asked = new List<string>();
        BackfillInBatchesFix.WhereStillToDo("\"My\"\"Col\" = 1, visits = 2", DatabaseProvider.PostgreSql, name => { asked.Add(name); return "integer"; });
        Assert.Equal(["My\"Col", "visits"], asked);
    }

    private sealed record Provider(DatabaseProvider Kind, string Name, string Quote, string ValueAsText);

    private const string Agrees = "agrees";
    private const string Skips = "skips rows";
    private const string NeverEnds = "never ends";

    private static int tableNumber;

    /// <summary>
    /// Three copies of a table of <paramref name="values"/>: the UPDATE on one, the fix's batches on another, the plain
    /// comparison's batches on the third. The fix's copy must equal the UPDATE's; the control shows what the plain one does.
    /// </summary>
    private static void AssertSameAsUpdate(DbConnection connection, Provider provider, string type, string[] values, string value, string plainComparison)
    {
        string Table(string role) => $"t{Interlocked.Increment(ref tableNumber)}_{role}";
        string Q(string name) => provider.Quote + name + provider.Quote;
        var set = $"{Q("V")} = {value}";
        var where = BackfillInBatchesFix.WhereStillToDo(set, provider.Kind, column => column == "V" ? type.Split([" CHARACTER SET", " COLLATE"], StringSplitOptions.None)[0] : null);
        Assert.NotNull(where);

        string Create(string role)
        {
            var table = Table(role);
            Exec(connection, $"CREATE TABLE {Q(table)} ({Q("Id")} integer PRIMARY KEY, {Q("V")} {type})");
            Exec(connection, $"INSERT INTO {Q(table)} ({Q("Id")}, {Q("V")}) VALUES " + string.Join(", ", values.Select((v, i) => $"({i + 1}, {v})")));
            return table;
        }

        var updated = Create("update");
        Exec(connection, $"UPDATE {Q(updated)} SET {set}");
        var expected = Contents(connection, provider, updated);

        var batched = Create("fixed");
        Backfill(connection, provider, batched, set, where!);
        Assert.Equal(expected, Contents(connection, provider, batched));

        var plain = Create("plain");
        var plainWhere = $"({Q("V")} IS NULL OR {Q("V")} <> {value})";
        if (plainComparison == NeverEnds)
        {
            Assert.Contains("still finds rows matching its WHERE", Assert.ThrowsAny<DbException>(() => Backfill(connection, provider, plain, set, plainWhere)).Message);
            return;
        }

        Backfill(connection, provider, plain, set, plainWhere);
        Assert.True(
            (Contents(connection, provider, plain) == expected) == (plainComparison == Agrees),
            $"{type}: the plain comparison was expected to {plainComparison}: {Contents(connection, provider, plain)} against {expected}");
    }

    private static void Backfill(DbConnection connection, Provider provider, string table, string set, string where)
    {
        var builder = new MigrationBuilder(provider.Name);
        builder.BackfillInBatches(table, set, where, batchSize: 2);
        foreach (var operation in builder.Operations.OfType<SqlOperation>())
        {
            Exec(connection, operation.Sql);
        }
    }

    /// <summary>Every row as <c>id=value</c>, the value as the database's exact text of it (NULL as ∅).</summary>
    private static string Contents(DbConnection connection, Provider provider, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {provider.Quote}Id{provider.Quote}, {provider.ValueAsText} FROM {provider.Quote}{table}{provider.Quote} ORDER BY 1";
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add($"{reader.GetValue(0)}={(reader.IsDBNull(1) ? "∅" : Convert.ToString(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture))}");
        }

        return string.Join(" ", rows);
    }

    private static void Exec(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
