using System.Globalization;
using EFCore.SafeMigrations;
using Microsoft.EntityFrameworkCore.Migrations;
using SafeMigrations.TestKit.Databases;

namespace SafeMigrations.Tests.MariaDb;

/// <summary>
/// The expand/contract rewrites on real MariaDB with real data, as <see cref="DataPreservationTests"/> does on
/// SQLite and PostgreSQL: seed 10,000 rows, run the expand step, write through the old and the new app version's
/// column shapes, run the contract step, compare every row, roll back (the contract's then the expand's Down),
/// and compare again. The steps are the helpers' MySQL SQL plus the table DDL written here in MySQL SQL.
/// </summary>
public sealed class MariaDbDataPreservationTests
{
    private const int SeedRows = 10_000;

    [MySqlFact]
    public void Rename_MariaDb()
    {
        using var db = MariaDbDatabase.Create("sm_my_rename");
        db.Exec("CREATE TABLE `Customers` (`Id` int NOT NULL AUTO_INCREMENT PRIMARY KEY, `FullName` varchar(200) NULL)");
        db.Seed("Customers", "`FullName`", i => i % 100 == 0 ? "NULL" : $"'Customer {i}'", SeedRows);

        // Expand.
        db.Apply(b =>
        {
            b.Sql("ALTER TABLE `Customers` ADD `Name` varchar(200) NULL");
            b.CreateColumnSync("Customers", "FullName", "Name");
            b.CopyColumnData("Customers", "FullName", "Name", batchSize: 1_000);
        });
        var expected = db.Rows("SELECT `Id`, `FullName` FROM `Customers`");
        Assert.Equal(SeedRows, expected.Count);
        Assert.Equal(100, expected.Count(p => p.Value == "∅"));
        Assert.Equal(expected, db.Rows("SELECT `Id`, `Name` FROM `Customers`"));

        // The old app version writes FullName, the new one writes Name.
        for (var k = 1; k <= 20; k++)
        {
            expected[db.Insert($"INSERT INTO `Customers` (`FullName`) VALUES ('old-{k}')")] = $"old-{k}";
            expected[db.Insert($"INSERT INTO `Customers` (`Name`) VALUES ('new-{k}')")] = $"new-{k}";
        }

        db.Exec("UPDATE `Customers` SET `FullName` = 'old-update' WHERE `Id` = 5");
        expected[5] = "old-update";
        db.Exec("UPDATE `Customers` SET `FullName` = NULL WHERE `Id` = 7");
        expected[7] = "∅";
        db.Exec("UPDATE `Customers` SET `Name` = 'new-update' WHERE `Id` = 6");
        expected[6] = "new-update";
        db.Exec("UPDATE `Customers` SET `Name` = 'was-null' WHERE `Id` = 100");
        expected[100] = "was-null";
        Assert.Equal(expected, db.Rows("SELECT `Id`, `FullName` FROM `Customers`"));
        Assert.Equal(expected, db.Rows("SELECT `Id`, `Name` FROM `Customers`"));

        // Contract.
        db.Apply(b =>
        {
            b.DropColumnSync("Customers", "FullName", "Name");
            b.Sql("ALTER TABLE `Customers` DROP COLUMN `FullName`");
        });
        Assert.False(db.ColumnExists("Customers", "FullName"));
        Assert.Equal(0, db.Triggers("Customers"));
        Assert.Equal(expected, db.Rows("SELECT `Id`, `Name` FROM `Customers`"));

        // Roll back: the contract's Down, then the expand's Down.
        db.Apply(b =>
        {
            b.Sql("ALTER TABLE `Customers` ADD `FullName` varchar(200) NULL");
            b.CopyColumnData("Customers", "Name", "FullName", batchSize: 1_000);
            b.CreateColumnSync("Customers", "FullName", "Name");
        });
        Assert.Equal(expected, db.Rows("SELECT `Id`, `FullName` FROM `Customers`"));
        db.Apply(b =>
        {
            b.DropColumnSync("Customers", "FullName", "Name");
            b.Sql("ALTER TABLE `Customers` DROP COLUMN `Name`");
        });
        Assert.False(db.ColumnExists("Customers", "Name"));
        Assert.Equal(0, db.Triggers("Customers"));
        Assert.Equal(0, db.Routines());
        Assert.Equal(expected, db.Rows("SELECT `Id`, `FullName` FROM `Customers`"));
    }

    [MySqlFact]
    public void TypeChange_MariaDb()
    {
        using var db = MariaDbDatabase.Create("sm_my_type");
        db.Exec("CREATE TABLE `Orders` (`Id` int NOT NULL AUTO_INCREMENT PRIMARY KEY, `Total` varchar(30) NULL)");
        db.Seed("Orders", "`Total`", i => $"'{i}.{i % 100:00}'", SeedRows);

        // Expand: Total (decimal text) becomes TotalCents (bigint).
        db.Apply(b =>
        {
            b.Sql("ALTER TABLE `Orders` ADD `TotalCents` bigint NULL");
            b.CreateColumnSync("Orders", "Total", "TotalCents", oldToNewSql: MariaDbConversions.ToCents, newToOldSql: MariaDbConversions.ToText);
            b.CopyColumnData("Orders", "Total", "TotalCents", batchSize: 1_000, conversionSql: MariaDbConversions.ToCents);
        });
        var cents = db.Rows("SELECT `Id`, `Id` * 100 + `Id` % 100 FROM `Orders`");
        Assert.Equal(SeedRows, cents.Count);
        Assert.Equal(cents, db.Rows("SELECT `Id`, `TotalCents` FROM `Orders`"));

        for (var k = 1; k <= 20; k++)
        {
            cents[db.Insert($"INSERT INTO `Orders` (`Total`) VALUES ('{k}.25')")] = (k * 100 + 25).ToString(CultureInfo.InvariantCulture);
            cents[db.Insert($"INSERT INTO `Orders` (`TotalCents`) VALUES ({k * 1000 + 7})")] = (k * 1000 + 7).ToString(CultureInfo.InvariantCulture);
        }

        db.Exec("UPDATE `Orders` SET `Total` = '99.99' WHERE `Id` = 5");
        cents[5] = "9999";
        db.Exec("UPDATE `Orders` SET `TotalCents` = 100 WHERE `Id` = 6");
        cents[6] = "100";
        var text = cents.ToDictionary(p => p.Key, p => FormatCents(long.Parse(p.Value, CultureInfo.InvariantCulture)));
        Assert.Equal(cents, db.Rows("SELECT `Id`, `TotalCents` FROM `Orders`"));
        Assert.Equal(text, db.Rows("SELECT `Id`, `Total` FROM `Orders`"));

        // Contract.
        db.Apply(b =>
        {
            b.DropColumnSync("Orders", "Total", "TotalCents", oldToNewSql: MariaDbConversions.ToCents, newToOldSql: MariaDbConversions.ToText);
            b.Sql("ALTER TABLE `Orders` DROP COLUMN `Total`");
        });
        Assert.False(db.ColumnExists("Orders", "Total"));
        Assert.Equal(cents, db.Rows("SELECT `Id`, `TotalCents` FROM `Orders`"));

        // Roll back.
        db.Apply(b =>
        {
            b.Sql("ALTER TABLE `Orders` ADD `Total` varchar(30) NULL");
            b.CopyColumnData("Orders", "TotalCents", "Total", batchSize: 1_000, conversionSql: MariaDbConversions.ToText);
            b.CreateColumnSync("Orders", "Total", "TotalCents", oldToNewSql: MariaDbConversions.ToCents, newToOldSql: MariaDbConversions.ToText);
        });
        Assert.Equal(text, db.Rows("SELECT `Id`, `Total` FROM `Orders`"));
        db.Apply(b =>
        {
            b.DropColumnSync("Orders", "Total", "TotalCents", oldToNewSql: MariaDbConversions.ToCents, newToOldSql: MariaDbConversions.ToText);
            b.Sql("ALTER TABLE `Orders` DROP COLUMN `TotalCents`");
        });
        Assert.False(db.ColumnExists("Orders", "TotalCents"));
        Assert.Equal(0, db.Triggers("Orders"));
        Assert.Equal(text, db.Rows("SELECT `Id`, `Total` FROM `Orders`"));
    }

    private static string FormatCents(long cents)
        => (cents / 100).ToString(CultureInfo.InvariantCulture) + "." + (cents % 100).ToString("00", CultureInfo.InvariantCulture);
}
