using EFCore.SafeMigrations;
using Microsoft.EntityFrameworkCore.Migrations;
using MySqlConnector;
using SafeMigrations.TestKit.Databases;

namespace SafeMigrations.Tests.MariaDb;

/// <summary>Each helper's MySQL SQL (provider name Pomelo's) run on a real MariaDB database with real rows.</summary>
public sealed class MariaDbHelperTests
{
    private static MariaDbDatabase WithItems(int rows, string prefix = "sm_my")
    {
        var db = MariaDbDatabase.Create(prefix);
        db.Exec("CREATE TABLE `Items` (`Id` int NOT NULL AUTO_INCREMENT PRIMARY KEY, `Code` int NULL, `CodeText` varchar(50) NULL)");
        db.Seed("Items", "`Code`", i => i.ToString(System.Globalization.CultureInfo.InvariantCulture), rows);
        return db;
    }

    [MySqlFact]
    public void CopyColumnData_runs_in_batches_is_restartable_and_keeps_values_the_new_app_wrote()
    {
        using var db = WithItems(5_000);
        const string Conversion = "CONCAT('#', {0})";

        // A first run that stopped half way, and a value the new app version wrote meanwhile.
        db.Exec("UPDATE `Items` SET `CodeText` = CONCAT('#', `Id`) WHERE `Id` <= 2000");
        db.Exec("UPDATE `Items` SET `CodeText` = 'kept' WHERE `Id` = 3000");
        var before = db.Commits();
        var operations = db.Apply(b => b.CopyColumnData("Items", "Code", "CodeText", batchSize: 300, conversionSql: Conversion));
        var commits = db.Commits() - before;
        Assert.All(operations, o => Assert.True(o.SuppressTransaction));
        Assert.DoesNotContain(operations, o => o.Sql.Contains("DELIMITER", StringComparison.OrdinalIgnoreCase));

        var rows = db.Rows("SELECT `Id`, `CodeText` FROM `Items`");
        Assert.Equal(5_000, rows.Count);
        Assert.All(rows, p => Assert.Equal(p.Key == 3000 ? "kept" : "#" + p.Key, p.Value));

        // 5,000 keys walked 300 a batch: 17 batches, each committing its key read and its update on its own (plus the
        // procedure's DDL and the sweep's one pass).
        Assert.InRange(commits, 2 * 17, 2 * 17 + 20);
        Assert.Equal(0, db.Routines());

        // Running it again changes nothing, and the procedure is gone again.
        db.Apply(b => b.CopyColumnData("Items", "Code", "CodeText", batchSize: 300, conversionSql: Conversion));
        Assert.Equal(rows, db.Rows("SELECT `Id`, `CodeText` FROM `Items`"));
        Assert.Equal(0, db.Routines());
    }

    /// <summary>
    /// A transaction of the app holds a row the backfill has nothing to do for (already filled) while the backfill runs. Under
    /// InnoDB's REPEATABLE READ each batch locks every row it scans and would wait for that row (lock wait timeout); under the
    /// READ COMMITTED the batches run with, it reads the row's committed version, sees it does not match, and goes on.
    /// </summary>
    [MySqlFact]
    public void BackfillInBatches_does_not_wait_for_a_row_the_app_holds_that_needs_no_update()
    {
        using var db = WithItems(3_000);
        db.Exec("UPDATE `Items` SET `CodeText` = 'done' WHERE `Id` <= 10");
        using var app = db.OpenAnother();
        using var appTransaction = app.BeginTransaction();
        using (var hold = new MySqlCommand("UPDATE `Items` SET `Code` = `Code` + 1 WHERE `Id` = 5", app, appTransaction))
        {
            Assert.Equal(1, hold.ExecuteNonQuery());
        }

        db.Exec("SET SESSION innodb_lock_wait_timeout = 2");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        db.Apply(b => b.BackfillInBatches("Items", "`CodeText` = CONCAT('x', `Code`)", "`CodeText` IS NULL", batchSize: 500));
        watch.Stop();
        appTransaction.Rollback();

        Assert.Equal(0, db.Count("SELECT COUNT(*) FROM `Items` WHERE `CodeText` IS NULL"));
        Assert.Equal(2_990, db.Count("SELECT COUNT(*) FROM `Items` WHERE `CodeText` = CONCAT('x', `Code`)"));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"the backfill took {watch.Elapsed}");

        // The session's own isolation level is untouched.
        Assert.Equal("REPEATABLE-READ", db.Scalar("SELECT @@session.tx_isolation"));
    }

    /// <summary>A session with autocommit off (a server configured so): each batch is still committed on its own.</summary>
    [MySqlFact]
    public void BackfillInBatches_commits_each_batch_with_autocommit_off()
    {
        using var db = WithItems(3_000);
        db.Exec("SET SESSION autocommit = 0");
        db.Apply(b => b.BackfillInBatches("Items", "`CodeText` = CONCAT('x', `Code`)", "`CodeText` IS NULL", batchSize: 500));

        // Seen from another session: committed.
        using var other = db.OpenAnother();
        using var count = new MySqlCommand("SELECT COUNT(*) FROM `Items` WHERE `CodeText` = CONCAT('x', `Code`)", other);
        Assert.Equal(3_000L, Convert.ToInt64(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [MySqlTheory]
    [InlineData(1_000, 20)]
    [InlineData(7_000, 3)]
    [InlineData(50_000, 1)]
    public void BackfillInBatches_updates_every_row_one_batch_per_commit(int batchSize, int batches)
    {
        using var db = WithItems(20_000);
        var before = db.Commits();
        db.Apply(b => b.BackfillInBatches("Items", "`CodeText` = CONCAT('x', `Code`)", "`CodeText` IS NULL", batchSize: batchSize));
        var commits = db.Commits() - before;
        Assert.Equal(0, db.Count("SELECT COUNT(*) FROM `Items` WHERE `CodeText` IS NULL"));
        Assert.Equal(20_000, db.Count("SELECT COUNT(*) FROM `Items` WHERE `CodeText` = CONCAT('x', `Code`)"));

        // Each batch of the key walk commits its key read and its update on its own; plus a few for the procedure's DDL,
        // the walk's last, empty read and the sweep's one pass, which finds nothing left.
        Assert.InRange(commits, 2 * batches, 2 * batches + 20);
        Assert.Equal(0, db.Routines());
    }

    /// <summary>
    /// A backfill whose SET leaves its rows matching the WHERE would loop forever (it runs without a client timeout): after
    /// updating twice the table's rows it stops with an error instead.
    /// </summary>
    [MySqlFact]
    public void BackfillInBatches_whose_SET_keeps_its_rows_matching_stops_with_an_error()
    {
        using var db = MariaDbDatabase.Create("sm_my_endless");
        db.Exec("CREATE TABLE `Items` (`Id` int NOT NULL AUTO_INCREMENT PRIMARY KEY, `Code` int NULL)");
        db.Seed("Items", "`Code`", _ => "1", 50);

        var e = Assert.ThrowsAny<Exception>(() => db.Apply(b => b.BackfillInBatches("Items", "`Code` = `Code` + 1", "`Code` > 0", batchSize: 10)));

        Assert.Contains("its SET does not make its WHERE false", e.Message);
        // The key walk updates each row once; the sweep then about twice the rows, and stops.
        Assert.InRange(Convert.ToInt64(db.Scalar("SELECT SUM(`Code`) FROM `Items`")), 50 + 50 + 100, 50 + 50 + 130);
    }

    /// <summary>A FLOAT's edit in its seventh digit: the values differ though their text may round alike, and the sync copies it.</summary>
    [MySqlFact]
    public void ColumnSync_copies_an_edit_of_a_FLOAT_in_its_last_digits()
    {
        using var db = MariaDbDatabase.Create("sm_my_sync_float");
        db.Exec("CREATE TABLE `Readings` (`Id` int NOT NULL AUTO_INCREMENT PRIMARY KEY, `Value` float NULL, `Reading` float NULL)");
        db.Exec("INSERT INTO `Readings` (`Value`, `Reading`) VALUES (1.234567, 1.234567)");
        db.Apply(b => b.CreateColumnSync("Readings", "Value", "Reading"));

        db.Exec("UPDATE `Readings` SET `Value` = 1.234568 WHERE `Id` = 1");

        Assert.Equal(0L, Convert.ToInt64(db.Scalar("SELECT COUNT(*) FROM `Readings` WHERE NOT (`Value` <=> `Reading`)")));
        Assert.Equal(1L, Convert.ToInt64(db.Scalar("SELECT COUNT(*) FROM `Readings` WHERE `Reading` > 1.2345675")));
    }

    /// <summary>
    /// MySQL commits each trigger on its own, so the old app writes between them. After every prefix of the sync's
    /// statements, the old app inserts a row and then renames it; once the rest of the sync and the backfill have run, the
    /// new column holds the renamed value. With the INSERT trigger created first, the row inserted between the two kept
    /// its first name in the new column, non-NULL, which the backfill does not touch.
    /// </summary>
    [MySqlFact]
    public void ColumnSync_created_while_the_old_app_writes_misses_no_update()
    {
        var statements = MariaDbDatabase.Operations(b => b.CreateColumnSync("Customers", "FullName", "Name"));
        for (var prefix = 0; prefix <= statements.Count; prefix++)
        {
            using var db = MariaDbDatabase.Create("sm_my_syncwin");
            db.Exec("CREATE TABLE `Customers` (`Id` int NOT NULL AUTO_INCREMENT PRIMARY KEY, `FullName` varchar(200) NOT NULL, `Name` varchar(200) NULL)");
            db.Seed("Customers", "`FullName`", i => $"'Customer {i}'", 10);
            foreach (var statement in statements.Take(prefix))
            {
                db.Exec(statement.Sql);
            }

            var id = db.Insert("INSERT INTO `Customers` (`FullName`) VALUES ('bob')");
            db.Exec($"UPDATE `Customers` SET `FullName` = 'Robert' WHERE `Id` = {id}");
            foreach (var statement in statements.Skip(prefix))
            {
                db.Exec(statement.Sql);
            }

            db.Apply(b => b.CopyColumnData("Customers", "FullName", "Name", batchSize: 100));
            Assert.Equal(db.Rows("SELECT `Id`, `FullName` FROM `Customers`"), db.Rows("SELECT `Id`, `Name` FROM `Customers`"));
            Assert.Equal("Robert", db.Rows("SELECT `Id`, `Name` FROM `Customers`")[id]);
        }
    }

    [MySqlFact]
    public void ColumnSync_makes_writes_through_the_old_and_the_new_column_converge()
    {
        using var db = MariaDbDatabase.Create("sm_my_sync");

        // The old column is NOT NULL without a default: the BEFORE INSERT trigger fills it for the new app version.
        db.Exec("CREATE TABLE `Customers` (`Id` int NOT NULL AUTO_INCREMENT PRIMARY KEY, `FullName` varchar(200) NOT NULL, `Name` varchar(200) NULL)");
        db.Seed("Customers", "`FullName`", i => $"'Customer {i}'", 1_000);
        db.Apply(b => b.CreateColumnSync("Customers", "FullName", "Name"));
        Assert.Equal(2, db.Triggers("Customers"));
        db.Apply(b => b.CopyColumnData("Customers", "FullName", "Name", batchSize: 100));

        var oldInsert = db.Insert("INSERT INTO `Customers` (`FullName`) VALUES ('old app')");
        var newInsert = db.Insert("INSERT INTO `Customers` (`Name`) VALUES ('new app')");
        var bothInsert = db.Insert("INSERT INTO `Customers` (`FullName`, `Name`) VALUES ('same', 'same')");
        db.Exec("UPDATE `Customers` SET `FullName` = 'old update' WHERE `Id` = 5");
        db.Exec("UPDATE `Customers` SET `Name` = 'new update' WHERE `Id` = 6");
        db.Exec("UPDATE `Customers` SET `FullName` = 'old again' WHERE `Id` = 6");
        db.Exec("UPDATE `Customers` SET `Name` = 'new again' WHERE `Id` = 5");
        db.Exec("UPDATE `Customers` SET `FullName` = 'id only' WHERE `Id` = 7 AND `Name` = 'Customer 7'");

        // Edits the default case-insensitive, PAD SPACE collation calls no change: the case only, a trailing space.
        db.Exec("UPDATE `Customers` SET `FullName` = 'CUSTOMER 10' WHERE `Id` = 10");
        db.Exec("UPDATE `Customers` SET `Name` = 'customer 11' WHERE `Id` = 11");
        db.Exec("UPDATE `Customers` SET `FullName` = 'Customer 12 ' WHERE `Id` = 12");

        var oldColumn = db.Rows("SELECT `Id`, `FullName` FROM `Customers`");
        Assert.Equal(oldColumn, db.Rows("SELECT `Id`, `Name` FROM `Customers`"));
        Assert.Equal("old app", oldColumn[oldInsert]);
        Assert.Equal("new app", oldColumn[newInsert]);
        Assert.Equal("same", oldColumn[bothInsert]);
        Assert.Equal("new again", oldColumn[5]);
        Assert.Equal("old again", oldColumn[6]);
        Assert.Equal("id only", oldColumn[7]);
        Assert.Equal("Customer 8", oldColumn[8]);
        Assert.Equal("CUSTOMER 10", oldColumn[10]);
        Assert.Equal("customer 11", oldColumn[11]);
        Assert.Equal("Customer 12 ", oldColumn[12]);

        // Dropping the sync (twice: it drops only what exists) stops it.
        db.Apply(b => b.DropColumnSync("Customers", "FullName", "Name"));
        db.Apply(b => b.DropColumnSync("Customers", "FullName", "Name"));
        Assert.Equal(0, db.Triggers("Customers"));
        db.Exec("UPDATE `Customers` SET `Name` = 'after' WHERE `Id` = 9");
        Assert.Equal("Customer 9", db.Scalar("SELECT `FullName` FROM `Customers` WHERE `Id` = 9"));
    }

    [MySqlFact]
    public void Helpers_keep_their_object_names_within_the_64_character_limit()
    {
        using var db = MariaDbDatabase.Create("sm_my_long");
        var table = "Customer_Addresses_With_A_Rather_Long_Name_" + new string('t', 20);
        const string Old = "Previous_Postal_Code_Text_Column";
        const string New = "Current_Postal_Code_Text_Column";
        db.Exec($"CREATE TABLE `{table}` (`Id` int NOT NULL AUTO_INCREMENT PRIMARY KEY, `{Old}` varchar(20) NULL, `{New}` varchar(20) NULL)");
        db.Seed(table, $"`{Old}`", i => $"'p{i}'", 500);

        db.Apply(b => b
            .CreateColumnSync(table, Old, New)
            .CopyColumnData(table, Old, New, batchSize: 100)
            .BackfillInBatches(table, $"`{New}` = 'x'", $"`{New}` IS NULL", batchSize: 100)
            .SetNotNullSafely(table, New, columnType: "varchar(20)"));
        Assert.Equal(2, db.Triggers(table));
        db.Insert($"INSERT INTO `{table}` (`{Old}`) VALUES ('old')");
        db.Exec($"UPDATE `{table}` SET `{New}` = 'new' WHERE `Id` = 1");
        Assert.Equal(db.Rows($"SELECT `Id`, `{Old}` FROM `{table}`"), db.Rows($"SELECT `Id`, `{New}` FROM `{table}`"));

        db.Apply(b => b.DropColumnSync(table, Old, New));
        Assert.Equal(0, db.Triggers(table));
        Assert.Equal(0, db.Routines());
    }

    [MySqlFact]
    public void Every_helper_works_on_non_ASCII_backtick_quote_and_dollar_bearing_names()
    {
        using var db = MariaDbDatabase.Create("sm_my_names");
        const string Table = "Заказы `клиентов` $safe_migrations$ 'q'";
        const string Old = "Старое `имя` $body$";

        // Sync names (prefix, table, old, new, suffix) pass 64 characters and share far more than their first 55.
        const string New1 = "Новое значение колонки номер один с хвостом";
        const string New2 = "Новое значение колонки номер два с хвостом";
        static string Q(string name) => "`" + name.Replace("`", "``", StringComparison.Ordinal) + "`";
        db.Exec($"CREATE TABLE {Q(Table)} (`Id` int NOT NULL AUTO_INCREMENT PRIMARY KEY, {Q(Old)} int NULL, {Q(New1)} int NULL, {Q(New2)} int NULL, `Label` varchar(40) NULL) CHARACTER SET utf8mb4");
        db.Seed(Table.Replace("`", "``", StringComparison.Ordinal), $"{Q(Old)}", i => i.ToString(System.Globalization.CultureInfo.InvariantCulture), 2_000);

        db.Apply(b => b
            .CreateColumnSync(Table, Old, New1)
            .CreateColumnSync(Table, Old, New2, oldToNewSql: "{0} * 2", newToOldSql: "{0} DIV 2")
            .CopyColumnData(Table, Old, New1, batchSize: 300)
            .CopyColumnData(Table, Old, New2, batchSize: 300, conversionSql: "{0} * 2")
            .BackfillInBatches(Table, "`Label` = CONCAT('v$safe_migrations$', `Id`)", "`Label` IS NULL", batchSize: 300)
            .SetNotNullSafely(Table, "Label", columnType: "varchar(40)")
            .AddUniqueConstraintUsingIndex("AK $safe_migrations$ `уникальный`", Table, New1));

        var literal = "'" + Table.Replace("'", "''", StringComparison.Ordinal) + "'";
        Assert.Equal(4L, db.Count($"SELECT COUNT(DISTINCT TRIGGER_NAME) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() AND EVENT_OBJECT_TABLE = {literal}"));
        Assert.Equal(0L, db.Count($"SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() AND CHAR_LENGTH(TRIGGER_NAME) > 64"));
        db.Exec($"UPDATE {Q(Table)} SET {Q(Old)} = -5 WHERE `Id` = 1");
        var rows = db.Rows($"SELECT `Id`, CONCAT_WS('|', {Q(Old)}, {Q(New1)}, {Q(New2)}, `Label`) FROM {Q(Table)}");
        Assert.Equal(2_000, rows.Count);
        Assert.Equal("-5|-5|-10|v$safe_migrations$1", rows[1]);
        Assert.All(rows.Where(r => r.Key > 1), r => Assert.Equal($"{r.Key}|{r.Key}|{2 * r.Key}|v$safe_migrations${r.Key}", r.Value));
        Assert.Equal(1L, db.Count($"SELECT COUNT(*) FROM information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = {literal} AND CONSTRAINT_TYPE = 'UNIQUE'"));

        db.Apply(b => b.DropColumnSync(Table, Old, New1).DropColumnSync(Table, Old, New2));
        Assert.Equal(0L, db.Count($"SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()"));
        Assert.Equal(0, db.Routines());
    }

    [MySqlFact]
    public void ColumnSync_converts_between_the_column_types()
    {
        using var db = MariaDbDatabase.Create("sm_my_sync_type");
        db.Exec("CREATE TABLE `Orders` (`Id` int NOT NULL AUTO_INCREMENT PRIMARY KEY, `Total` varchar(30) NULL, `TotalCents` bigint NULL)");
        db.Seed("Orders", "`Total`", i => $"'{i}.{i % 100:00}'", 500);
        db.Apply(b => b
            .CreateColumnSync("Orders", "Total", "TotalCents", oldToNewSql: MariaDbConversions.ToCents, newToOldSql: MariaDbConversions.ToText)
            .CopyColumnData("Orders", "Total", "TotalCents", batchSize: 100, conversionSql: MariaDbConversions.ToCents));
        db.Exec("UPDATE `Orders` SET `Total` = '1.05' WHERE `Id` = 1");
        db.Exec("UPDATE `Orders` SET `TotalCents` = 250 WHERE `Id` = 2");
        var a = db.Insert("INSERT INTO `Orders` (`Total`) VALUES ('7.50')");
        var b = db.Insert("INSERT INTO `Orders` (`TotalCents`) VALUES (1203)");

        Assert.Equal("105", db.Scalar("SELECT `TotalCents` FROM `Orders` WHERE `Id` = 1")!.ToString());
        Assert.Equal("2.50", db.Scalar("SELECT `Total` FROM `Orders` WHERE `Id` = 2"));
        Assert.Equal("750", db.Scalar($"SELECT `TotalCents` FROM `Orders` WHERE `Id` = {a}")!.ToString());
        Assert.Equal("12.03", db.Scalar($"SELECT `Total` FROM `Orders` WHERE `Id` = {b}"));
        Assert.Equal(0, db.Count("SELECT COUNT(*) FROM `Orders` WHERE NOT (`TotalCents` <=> CAST(ROUND(CAST(`Total` AS DECIMAL(20,2)) * 100) AS SIGNED))"));
    }

    [MySqlFact]
    public void AddForeignKeyNotValid_enforces_the_key_and_ValidateConstraint_emits_nothing()
    {
        using var db = MariaDbDatabase.Create("sm_my_fk");
        db.Exec("CREATE TABLE `Customers` (`Id` int NOT NULL AUTO_INCREMENT PRIMARY KEY, `Name` varchar(50) NULL)");
        db.Exec("CREATE TABLE `Orders` (`Id` int NOT NULL AUTO_INCREMENT PRIMARY KEY, `CustomerId` int NULL)");
        db.Seed("Customers", "`Name`", i => $"'c{i}'", 100);
        db.Seed("Orders", "`CustomerId`", i => (i % 100 + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), 1_000);
        var orphan = db.Insert("INSERT INTO `Orders` (`CustomerId`) VALUES (5000)");

        // MySQL checks the existing rows when the key is added: an orphan fails the add.
        Action<MigrationBuilder> add = b => b.AddForeignKeyNotValid(
            "FK_Orders_Customers", "Orders", "CustomerId", "Customers", principalColumn: "Id", onDelete: ReferentialAction.Cascade);
        Assert.Throws<MySqlException>(() => db.Apply(add));
        Assert.False(db.ConstraintExists("Orders", "FK_Orders_Customers"));

        db.Exec($"DELETE FROM `Orders` WHERE `Id` = {orphan}");
        db.Apply(add);
        Assert.Empty(db.Apply(b => b.ValidateConstraint("Orders", "FK_Orders_Customers")));
        Assert.True(db.ConstraintExists("Orders", "FK_Orders_Customers"));
        Assert.Throws<MySqlException>(() => db.Exec("INSERT INTO `Orders` (`CustomerId`) VALUES (5000)"));
        db.Exec("DELETE FROM `Customers` WHERE `Id` = 1");
        Assert.Equal(0, db.Count("SELECT COUNT(*) FROM `Orders` WHERE `CustomerId` = 1"));
        Assert.Equal(990, db.Count("SELECT COUNT(*) FROM `Orders`"));

        // Its inverse, EF Core's DropForeignKey, is ALTER TABLE ... DROP FOREIGN KEY on MySQL.
        db.Exec("ALTER TABLE `Orders` DROP FOREIGN KEY `FK_Orders_Customers`");
        db.Exec("INSERT INTO `Orders` (`CustomerId`) VALUES (5000)");
    }

    [MySqlFact]
    public void AddCheckConstraintNotValid_is_enforced_by_MariaDB()
    {
        using var db = WithItems(1_000, "sm_my_check");
        db.Exec("UPDATE `Items` SET `Code` = -1 WHERE `Id` = 50");
        Action<MigrationBuilder> add = b => b.AddCheckConstraintNotValid("CK_Items_Code", "Items", "`Code` >= 0");

        // The existing rows are checked when it is added.
        Assert.Throws<MySqlException>(() => db.Apply(add));
        db.Exec("UPDATE `Items` SET `Code` = 50 WHERE `Id` = 50");
        db.Apply(add);
        Assert.Empty(db.Apply(b => b.ValidateConstraint("Items", "CK_Items_Code")));
        Assert.True(db.ConstraintExists("Items", "CK_Items_Code"));
        var e = Assert.Throws<MySqlException>(() => db.Exec("INSERT INTO `Items` (`Code`) VALUES (-5)"));
        Assert.Contains("CK_Items_Code", e.Message);
        Assert.Throws<MySqlException>(() => db.Exec("UPDATE `Items` SET `Code` = -5 WHERE `Id` = 1"));
        db.Exec("INSERT INTO `Items` (`Code`) VALUES (NULL)");

        // Its inverse, EF Core's DropCheckConstraint, is ALTER TABLE ... DROP CONSTRAINT on MariaDB.
        db.Exec("ALTER TABLE `Items` DROP CONSTRAINT `CK_Items_Code`");
        db.Exec("INSERT INTO `Items` (`Code`) VALUES (-5)");
    }

    [MySqlFact]
    public void AddUniqueConstraintUsingIndex_and_its_inverse()
    {
        using var db = WithItems(5_000, "sm_my_unique");
        db.Exec("UPDATE `Items` SET `CodeText` = CONCAT('t', `Id` % 10)");
        Action<MigrationBuilder> add = b => b.AddUniqueConstraintUsingIndex("AK_Items_Code_CodeText", "Items", new[] { "Code", "CodeText" });

        db.Exec("UPDATE `Items` SET `Code` = 1, `CodeText` = 't1' WHERE `Id` = 2");
        Assert.Throws<MySqlException>(() => db.Apply(add));
        Assert.False(db.IndexExists("Items", "AK_Items_Code_CodeText"));

        db.Exec("UPDATE `Items` SET `Code` = 2, `CodeText` = 't2' WHERE `Id` = 2");
        db.Apply(add);
        Assert.True(db.ConstraintExists("Items", "AK_Items_Code_CodeText"));
        Assert.Throws<MySqlException>(() => db.Exec("INSERT INTO `Items` (`Code`, `CodeText`) VALUES (3, 't3')"));
        db.Exec("INSERT INTO `Items` (`Code`, `CodeText`) VALUES (3, 't4')");

        db.Apply(b => b.DropUniqueConstraintUsingIndex("AK_Items_Code_CodeText", "Items"));
        Assert.False(db.IndexExists("Items", "AK_Items_Code_CodeText"));
        db.Exec("INSERT INTO `Items` (`Code`, `CodeText`) VALUES (3, 't3')");
    }

    [MySqlFact]
    public void DropIndexConcurrently_drops_the_index_in_place()
    {
        using var db = WithItems(2_000, "sm_my_dropidx");
        db.Exec("CREATE INDEX `IX_Items_Code` ON `Items` (`Code`)");
        Assert.True(db.IndexExists("Items", "IX_Items_Code"));
        db.Apply(b => b.DropIndexConcurrently("IX_Items_Code", "Items"));
        Assert.False(db.IndexExists("Items", "IX_Items_Code"));
        Assert.Equal(2_000, db.Count("SELECT COUNT(*) FROM `Items`"));

        // Its inverse, EF Core's CreateIndex.
        db.Exec("CREATE INDEX `IX_Items_Code` ON `Items` (`Code`)");
        Assert.True(db.IndexExists("Items", "IX_Items_Code"));
    }

    [MySqlFact]
    public void SetNotNullSafely_fails_on_nulls_then_succeeds_and_DropNotNullSafely_reverts_it()
    {
        using var db = WithItems(2_000, "sm_my_notnull");
        db.Exec("ALTER TABLE `Items` MODIFY COLUMN `CodeText` varchar(50) NULL DEFAULT 'none'");
        db.Exec("UPDATE `Items` SET `CodeText` = CONCAT('c', `Id`) WHERE `Id` > 10");

        // Restate the full definition (type and default), as MODIFY COLUMN replaces it. Without a strict sql_mode
        // a plain MODIFY COLUMN would turn the NULLs into '': the helper fails on them in any mode.
        const string Type = "varchar(50) DEFAULT 'none'";
        db.Exec("SET SESSION sql_mode = ''");
        var e = Assert.Throws<MySqlException>(() => db.Apply(b => b.SetNotNullSafely("Items", "CodeText", columnType: Type)));
        Assert.Contains("CodeText", e.Message);
        Assert.True(db.IsNullable("Items", "CodeText"));
        Assert.Equal(10, db.Count("SELECT COUNT(*) FROM `Items` WHERE `CodeText` IS NULL"));
        Assert.Equal(string.Empty, db.Scalar("SELECT @@SESSION.sql_mode"));

        db.Exec("UPDATE `Items` SET `CodeText` = 'backfilled' WHERE `CodeText` IS NULL");
        var rows = db.Rows("SELECT `Id`, `CodeText` FROM `Items`");
        db.Apply(b => b.SetNotNullSafely("Items", "CodeText", columnType: Type));
        Assert.Equal(string.Empty, db.Scalar("SELECT @@SESSION.sql_mode"));
        Assert.Equal(0, db.Routines());
        db.Exec("SET SESSION sql_mode = DEFAULT");
        Assert.False(db.IsNullable("Items", "CodeText"));
        Assert.Equal("'none'", db.ColumnDefault("Items", "CodeText"));
        Assert.Equal(rows, db.Rows("SELECT `Id`, `CodeText` FROM `Items`"));
        Assert.Throws<MySqlException>(() => db.Exec("INSERT INTO `Items` (`Code`, `CodeText`) VALUES (1, NULL)"));
        Assert.Equal("none", db.Scalar($"SELECT `CodeText` FROM `Items` WHERE `Id` = {db.Insert("INSERT INTO `Items` (`Code`) VALUES (1)")}"));

        db.Apply(b => b.DropNotNullSafely("Items", "CodeText", columnType: Type));
        Assert.True(db.IsNullable("Items", "CodeText"));
        Assert.Equal("'none'", db.ColumnDefault("Items", "CodeText"));
        db.Exec("INSERT INTO `Items` (`Code`, `CodeText`) VALUES (1, NULL)");
    }

    [MySqlFact]
    public void CompatibilityView_lets_the_old_app_read_and_write_under_the_old_name()
    {
        using var db = MariaDbDatabase.Create("sm_my_view");
        db.Exec("CREATE TABLE `Customers` (`Id` int NOT NULL AUTO_INCREMENT PRIMARY KEY, `Name` varchar(50) NULL)");
        db.Seed("Customers", "`Name`", i => $"'c{i}'", 1_000);

        // The table is renamed to Clients; the old app version keeps using Customers.
        db.Exec("RENAME TABLE `Customers` TO `Clients`");
        db.Apply(b => b.CreateCompatibilityView("Customers", "Clients"));
        Assert.Equal(1_000, db.Count("SELECT COUNT(*) FROM `Customers`"));
        var id = db.Insert("INSERT INTO `Customers` (`Name`) VALUES ('via view')");
        db.Exec("UPDATE `Customers` SET `Name` = 'updated via view' WHERE `Id` = 3");
        db.Exec("DELETE FROM `Customers` WHERE `Id` = 4");
        Assert.Equal("via view", db.Scalar($"SELECT `Name` FROM `Clients` WHERE `Id` = {id}"));
        Assert.Equal("updated via view", db.Scalar("SELECT `Name` FROM `Clients` WHERE `Id` = 3"));
        Assert.Equal(1_000, db.Count("SELECT COUNT(*) FROM `Clients`"));
        Assert.Equal(db.Rows("SELECT `Id`, `Name` FROM `Clients`"), db.Rows("SELECT `Id`, `Name` FROM `Customers`"));

        db.Apply(b => b.DropCompatibilityView("Customers", "Clients"));
        db.Apply(b => b.DropCompatibilityView("Customers", "Clients"));
        Assert.False(db.TableExists("Customers"));
        Assert.True(db.TableExists("Clients"));
    }

    [MySqlFact]
    public void ReversibleSql_runs_up_and_its_inverse_runs_down()
    {
        using var db = WithItems(100, "sm_my_sql");
        const string Up = "CREATE INDEX `IX_Items_CodeText` ON `Items` (`CodeText`)";
        const string Down = "DROP INDEX `IX_Items_CodeText` ON `Items`";
        db.Apply(b => b.ReversibleSql(Up, Down));
        Assert.True(db.IndexExists("Items", "IX_Items_CodeText"));
        db.Apply(b => b.ReversibleSql(Down, Up));
        Assert.False(db.IndexExists("Items", "IX_Items_CodeText"));
    }
}

/// <summary>The type-change conversions in MySQL SQL: decimal text such as <c>12.34</c> to cents and back.</summary>
internal static class MariaDbConversions
{
    public const string ToCents = "CAST(ROUND(CAST({0} AS DECIMAL(20,2)) * 100) AS SIGNED)";
    public const string ToText = "CONCAT({0} DIV 100, '.', LPAD({0} MOD 100, 2, '0'))";
}
