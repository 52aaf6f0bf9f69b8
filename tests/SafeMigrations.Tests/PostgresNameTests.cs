using System.Text;
using EFCore.SafeMigrations;
using Microsoft.EntityFrameworkCore.Migrations;
using SafeMigrations.Tests.Infrastructure;
using SafeMigrations.TestKit.Databases;

namespace SafeMigrations.Tests;

/// <summary>
/// Names the helpers make and text they quote, on PostgreSQL: non-ASCII names past 63 bytes (PostgreSQL's limit is in
/// bytes), names that hold quotes and the helpers' own dollar-quote tag.
/// </summary>
public sealed class PostgresNameTests
{
    private const string Pg = "Npgsql.EntityFrameworkCore.PostgreSQL";

    // 49 bytes, with a quote pair and the dollar-quote tag the helpers used to use.
    private const string Table = "Заказы \"клиентов\" $safe_migrations$";
    private const string Old = "Старое имя $body$";

    // Two new columns whose sync names share their first 63 bytes (and more): only the hash tells them apart.
    private const string New1 = "Новое значение колонки номер один";
    private const string New2 = "Новое значение колонки номер два";
    private const string Label = "Метка $safe_migrations$ 'x'";

    private static string Q(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    [Fact]
    public void Generated_names_fit_63_bytes_and_differ_when_only_their_ends_differ()
    {
        var one = SyncName(Sql(b => b.CreateColumnSync(Table, Old, New1)));
        var two = SyncName(Sql(b => b.CreateColumnSync(Table, Old, New2)));
        Assert.NotEqual(one, two);
        Assert.All(new[] { one, two }, n => Assert.InRange(Encoding.UTF8.GetByteCount(n), 55, 63));
        Assert.Equal(one[..^9], two[..^9]);

        // Cut on a character boundary: an emoji (a surrogate pair, 4 bytes) is kept whole or left out.
        var emoji = SyncName(Sql(b => b.CreateColumnSync(new string('t', 40) + "😀😀😀", "o", "n")));
        Assert.DoesNotContain(emoji, c => char.IsSurrogate(c) && !emoji.Contains("😀", StringComparison.Ordinal));
        Assert.InRange(Encoding.UTF8.GetByteCount(emoji), 55, 63);

        // Short ASCII names are as before (deployed triggers keep their names).
        Assert.Equal("sm_sync_Customers_FullName_Name", SyncName(Sql(b => b.CreateColumnSync("Customers", "FullName", "Name"))));
        var check = Sql(b => b.SetNotNullSafely(Table, New1));
        Assert.Contains("sm_nn_", check);
        var nn = QuotedAfter(check, "ADD CONSTRAINT \"");
        Assert.InRange(Encoding.UTF8.GetByteCount(nn), 55, 63);
    }

    [Fact]
    public void Dollar_quotes_use_a_tag_that_is_not_in_the_quoted_text()
    {
        var sql = Sql(b => b.CreateColumnSync("T", "a $safe_migrations$", "b $safe_migrations_1$"));
        Assert.Contains("AS $safe_migrations_2$", sql);
        Assert.EndsWith("$safe_migrations_2$;", sql.Split("\n--\n")[0]);

        var backfill = Sql(b => b.BackfillInBatches("T", "\"x\" = '$safe_migrations$'", "\"x\" IS NULL"));
        Assert.StartsWith("DO $safe_migrations_1$", backfill);
        Assert.StartsWith("DO $safe_migrations$", Sql(b => b.BackfillInBatches("T", "\"x\" = 1", "\"x\" IS NULL")));
    }

    [PostgresFact]
    public void Every_helper_works_on_non_ASCII_quote_and_dollar_bearing_names_past_63_bytes()
    {
        using var db = TestDatabase.Create(Db.Postgres, "sm_names");
        db.Exec($"CREATE TABLE {Q(Table)} (\"Id\" bigint PRIMARY KEY, {Q(Old)} integer, {Q(New1)} integer, {Q(New2)} bigint, {Q(Label)} text)");
        db.Exec($"INSERT INTO {Q(Table)} (\"Id\", {Q(Old)}) SELECT i, i FROM generate_series(1, 5000) AS s(i)");

        db.Apply(b => b
            .CreateColumnSync(Table, Old, New1)
            .CreateColumnSync(Table, Old, New2, oldToNewSql: "{0} * 2", newToOldSql: "({0} / 2)::integer"));
        var triggers = Names(db, $"SELECT tgname FROM pg_trigger WHERE tgrelid = '{Q(Table).Replace("'", "''")}'::regclass AND NOT tgisinternal");
        Assert.Equal(2, triggers.Distinct().Count());
        Assert.All(triggers, n => Assert.True(Encoding.UTF8.GetByteCount(n) <= 63, n));

        db.Apply(b => b
            .CopyColumnData(Table, Old, New1, batchSize: 700)
            .CopyColumnData(Table, Old, New2, batchSize: 700, conversionSql: "{0} * 2")
            .BackfillInBatches(Table, $"{Q(Label)} = 'v$safe_migrations$' || \"Id\"", $"{Q(Label)} IS NULL", batchSize: 700));

        // Both syncs are live: a write to the old column reaches both new columns, and back.
        db.Exec($"UPDATE {Q(Table)} SET {Q(Old)} = -5 WHERE \"Id\" = 1");
        db.Exec($"UPDATE {Q(Table)} SET {Q(New2)} = 84 WHERE \"Id\" = 2");
        var rows = db.Rows($"SELECT \"Id\", {Q(Old)}, {Q(New1)}, {Q(New2)}, {Q(Label)} FROM {Q(Table)}");
        Assert.Equal(5_000, rows.Count);
        Assert.Equal("-5|-5|-10|v$safe_migrations$1", rows[1]);
        // (Two syncs on one old column do not chain: the first trigger has fired when the second changes the old column.)
        Assert.Equal(("42", "84"), (rows[2].Split('|')[0], rows[2].Split('|')[2]));
        Assert.All(rows.Where(r => r.Key > 2), r => Assert.Equal($"{r.Key}|{r.Key}|{2 * r.Key}|v$safe_migrations${r.Key}", r.Value));

        db.Apply(b => b.SetNotNullSafely(Table, Label));
        Assert.Equal(true, db.Scalar($"SELECT attnotnull FROM pg_attribute WHERE attrelid = '{Q(Table).Replace("'", "''")}'::regclass AND attname = '{Label.Replace("'", "''")}'"));
        Assert.Equal(0L, db.Scalar($"SELECT count(*) FROM pg_constraint WHERE conrelid = '{Q(Table).Replace("'", "''")}'::regclass AND contype = 'c'"));

        const string Key = "AK $safe_migrations$ \"уникальный\"";
        db.Apply(b => b.AddUniqueConstraintUsingIndex(Key, Table, New1));
        Assert.Equal("u", db.Scalar($"SELECT contype::text FROM pg_constraint WHERE conname = '{Key.Replace("'", "''")}'"));
        db.Apply(b => b.DropUniqueConstraintUsingIndex(Key, Table));

        db.Apply(b => b.DropColumnSync(Table, Old, New1).DropColumnSync(Table, Old, New2));
        Assert.Empty(Names(db, $"SELECT tgname FROM pg_trigger WHERE tgrelid = '{Q(Table).Replace("'", "''")}'::regclass AND NOT tgisinternal"));
        Assert.Empty(Names(db, "SELECT proname FROM pg_proc WHERE proname LIKE 'sm\\_sync\\_%'"));
    }

    private static List<string> Names(TestDatabase db, string sql)
    {
        using var connection = db.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private static string Sql(Action<MigrationBuilder> build)
    {
        var builder = new MigrationBuilder(Pg);
        build(builder);
        return string.Join("\n--\n", builder.Operations.OfType<Microsoft.EntityFrameworkCore.Migrations.Operations.SqlOperation>().Select(o => o.Sql));
    }

    private static string SyncName(string sql) => QuotedAfter(sql, "CREATE TRIGGER \"");

    private static string QuotedAfter(string sql, string marker)
    {
        var start = sql.IndexOf(marker, StringComparison.Ordinal) + marker.Length;
        var name = new StringBuilder();
        for (var i = start; ; i++)
        {
            if (sql[i] == '"')
            {
                if (sql[i + 1] != '"')
                {
                    return name.ToString();
                }

                i++;
            }

            name.Append(sql[i]);
        }
    }
}
