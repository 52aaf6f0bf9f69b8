using System.Text.RegularExpressions;
using EFCore.SafeMigrations;
using Microsoft.EntityFrameworkCore.Migrations;
using SafeMigrations.Tests.Infrastructure;
using SafeMigrations.Tests.MariaDb;
using SafeMigrations.TestKit.Databases;

namespace SafeMigrations.Tests;

/// <summary>
/// Two column syncs whose names joined with "_" are the same: <c>order_item.price</c> and <c>order.item_price</c>, both to
/// <c>price_cents</c>, were both <c>sm_sync_order_item_price_price_cents</c>. The second replaced the first's PostgreSQL
/// function (every write to order_item then failed) or dropped its SQLite and MySQL triggers (order_item stopped syncing).
/// </summary>
public sealed class ColumnSyncNameTests
{
    private const string Legacy = "sm_sync_order_item_price_price_cents";

    [Fact]
    public void Two_syncs_whose_parts_join_to_one_name_both_sync_and_drop_cleanly_Sqlite() => BothSync(Db.Sqlite);

    [PostgresFact]
    public void Two_syncs_whose_parts_join_to_one_name_both_sync_and_drop_cleanly_Postgres() => BothSync(Db.Postgres);

    private static void BothSync(Db kind)
    {
        using var db = WithTwoTables(kind);
        var (toText, toInt) = Conversions(kind);
        db.Apply(b => b.CreateColumnSync("order_item", "price", "price_cents", oldToNewSql: toText, newToOldSql: toInt));
        db.Apply(b => b.CreateColumnSync("order", "item_price", "price_cents", oldToNewSql: toText, newToOldSql: toInt));

        db.Exec("INSERT INTO \"order_item\" (\"price\") VALUES (12)");
        db.Exec("INSERT INTO \"order\" (\"item_price\") VALUES (34)");
        db.Exec("UPDATE \"order_item\" SET \"price_cents\" = '56'");
        Assert.Equal(56L, Convert.ToInt64(db.Scalar("SELECT \"price\" FROM \"order_item\"")));
        Assert.Equal("34", db.Scalar("SELECT \"price_cents\" FROM \"order\""));

        db.Apply(b => b.DropColumnSync("order_item", "price", "price_cents"));
        db.Apply(b => b.DropColumnSync("order", "item_price", "price_cents"));
        Assert.Equal(0L, SyncObjects(db));
    }

    [PostgresFact]
    public void DropColumnSync_removes_an_earlier_versions_sync_on_its_table_and_keeps_the_other_tables()
    {
        using var db = WithTwoTables(Db.Postgres);
        var (toText, toInt) = Conversions(Db.Postgres);

        // As an earlier version created them: both tables' triggers named Legacy, sharing the function of that name.
        foreach (var sql in SqlOf(b => b.CreateColumnSync("order_item", "price", "price_cents", oldToNewSql: toText, newToOldSql: toInt)))
        {
            db.Exec(Regex.Replace(sql, Legacy + "_[0-9a-f]{8}", Legacy));
        }

        db.Exec($"CREATE TRIGGER \"{Legacy}\" BEFORE INSERT OR UPDATE ON \"order\" FOR EACH ROW EXECUTE FUNCTION \"{Legacy}\"()");
        Assert.Equal(2L, SyncObjects(db, "pg_trigger", "tgname"));

        db.Apply(b => b.DropColumnSync("order_item", "price", "price_cents"));
        Assert.Equal(1L, SyncObjects(db, "pg_trigger", "tgname")); // order's
        Assert.Equal(1L, SyncObjects(db, "pg_proc", "proname"));   // still used by order's trigger

        db.Apply(b => b.DropColumnSync("order", "item_price", "price_cents"));
        Assert.Equal(0L, SyncObjects(db));
    }

    [MySqlFact]
    public void Two_syncs_whose_parts_join_to_one_name_both_sync_and_an_earlier_versions_triggers_go_only_from_their_table_MariaDb()
    {
        using var db = MariaDbDatabase.Create("sm_sync_names");
        db.Exec("CREATE TABLE `order_item` (`Id` int NOT NULL AUTO_INCREMENT PRIMARY KEY, `price` int NULL, `price_cents` varchar(20) NULL)");
        db.Exec("CREATE TABLE `order` (`Id` int NOT NULL AUTO_INCREMENT PRIMARY KEY, `item_price` int NULL, `price_cents` varchar(20) NULL)");
        db.Apply(b => b.CreateColumnSync("order_item", "price", "price_cents", oldToNewSql: "CAST({0} AS CHAR)", newToOldSql: "CAST({0} AS SIGNED)"));
        db.Apply(b => b.CreateColumnSync("order", "item_price", "price_cents", oldToNewSql: "CAST({0} AS CHAR)", newToOldSql: "CAST({0} AS SIGNED)"));

        db.Exec("INSERT INTO `order_item` (`price`) VALUES (12)");
        db.Exec("INSERT INTO `order` (`item_price`) VALUES (34)");
        Assert.Equal("12", db.Scalar("SELECT `price_cents` FROM `order_item`"));
        Assert.Equal("34", db.Scalar("SELECT `price_cents` FROM `order`"));

        // An earlier version's trigger of the joined name on order: dropping order_item's sync leaves it.
        db.Exec($"CREATE TRIGGER `{Legacy}_ins` BEFORE INSERT ON `order` FOR EACH ROW SET NEW.`price_cents` = NEW.`item_price`");
        db.Apply(b => b.DropColumnSync("order_item", "price", "price_cents"));
        Assert.Equal(1L, db.Count($"SELECT count(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() AND TRIGGER_NAME = '{Legacy}_ins'"));

        db.Apply(b => b.DropColumnSync("order", "item_price", "price_cents"));
        Assert.Equal(0L, db.Count("SELECT count(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()"));
        Assert.Equal(0L, db.Routines());
    }

    private static TestDatabase WithTwoTables(Db kind)
    {
        var db = TestDatabase.Create(kind, "sm_sync_names");
        var id = kind == Db.Sqlite ? "\"Id\" INTEGER PRIMARY KEY AUTOINCREMENT" : "\"Id\" integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";
        db.Exec($"CREATE TABLE \"order_item\" ({id}, \"price\" integer NULL, \"price_cents\" text NULL)");
        db.Exec($"CREATE TABLE \"order\" ({id}, \"item_price\" integer NULL, \"price_cents\" text NULL)");
        return db;
    }

    private static (string ToText, string ToInt) Conversions(Db kind) =>
        kind == Db.Sqlite ? ("CAST({0} AS TEXT)", "CAST({0} AS INTEGER)") : ("{0}::text", "{0}::integer");

    private static IEnumerable<string> SqlOf(Action<MigrationBuilder> build)
    {
        var builder = new MigrationBuilder("Npgsql.EntityFrameworkCore.PostgreSQL");
        build(builder);
        return builder.Operations.OfType<Microsoft.EntityFrameworkCore.Migrations.Operations.SqlOperation>().Select(o => o.Sql);
    }

    private static long SyncObjects(TestDatabase db) =>
        db.IsSqlite
            ? Convert.ToInt64(db.Scalar("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"))
            : SyncObjects(db, "pg_trigger", "tgname") + SyncObjects(db, "pg_proc", "proname");

    private static long SyncObjects(TestDatabase db, string catalog, string column) =>
        Convert.ToInt64(db.Scalar($"SELECT count(*) FROM {catalog} WHERE {column} LIKE 'sm\\_sync\\_%'"));
}
