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

    [MySqlFact]
    public void EnforceNotNull_MariaDb()
    {
        using var db = MariaDbDatabase.Create("sm_my_enfnn");
        db.Exec("CREATE TABLE `Contacts` (`Id` int NOT NULL AUTO_INCREMENT PRIMARY KEY, `Email` varchar(200) NULL)");
        db.Seed("Contacts", "`Email`", i => i % 10 == 0 ? "NULL" : $"'c{i}@example.com'", SeedRows);
        var seeded = db.Rows("SELECT `Id`, `Email` FROM `Contacts`");
        Assert.Equal(SeedRows / 10, seeded.Count(p => p.Value == "∅"));
        const string Set = "`Email` = CONCAT('unknown-', `Id`)";
        const string Where = "`Email` IS NULL";

        // Expand: backfill.
        db.Apply(b => b.BackfillInBatches("Contacts", Set, Where, batchSize: 1_000));
        var expected = seeded.ToDictionary(p => p.Key, p => p.Value == "∅" ? $"unknown-{p.Key}" : p.Value);
        Assert.Equal(expected, db.Rows("SELECT `Id`, `Email` FROM `Contacts`"));

        // The old app version still writes NULL; the new one always writes an address.
        for (var k = 1; k <= 20; k++)
        {
            var id = db.Insert("INSERT INTO `Contacts` (`Email`) VALUES (NULL)");
            expected[id] = $"unknown-{id}";
            expected[db.Insert($"INSERT INTO `Contacts` (`Email`) VALUES ('new-{k}@example.com')")] = $"new-{k}@example.com";
        }

        db.Exec("UPDATE `Contacts` SET `Email` = NULL WHERE `Id` = 5");
        expected[5] = "unknown-5";
        db.Exec("UPDATE `Contacts` SET `Email` = 'changed@example.com' WHERE `Id` = 6");
        expected[6] = "changed@example.com";

        // Contract: backfill again, then enforce.
        db.Apply(b => b
            .BackfillInBatches("Contacts", Set, Where, batchSize: 1_000)
            .SetNotNullSafely("Contacts", "Email", columnType: "varchar(200)"));
        Assert.False(db.IsNullable("Contacts", "Email"));
        Assert.Equal(expected, db.Rows("SELECT `Id`, `Email` FROM `Contacts`"));
        Assert.ThrowsAny<Exception>(() => db.Exec("INSERT INTO `Contacts` (`Email`) VALUES (NULL)"));

        // Roll back: the contract's Down (the expand's is empty).
        db.Apply(b => b.DropNotNullSafely("Contacts", "Email", columnType: "varchar(200)"));
        Assert.True(db.IsNullable("Contacts", "Email"));
        Assert.Equal(expected, db.Rows("SELECT `Id`, `Email` FROM `Contacts`"));
        Assert.Equal(0, db.Routines());
    }

    [MySqlFact]
    public void ForeignKey_MariaDb()
    {
        using var db = MariaDbDatabase.Create("sm_my_fk_scenario");
        db.Exec("CREATE TABLE `Customers` (`Id` int NOT NULL AUTO_INCREMENT PRIMARY KEY, `Name` varchar(200) NULL)");
        db.Exec("CREATE TABLE `Orders` (`Id` int NOT NULL AUTO_INCREMENT PRIMARY KEY, `CustomerId` int NOT NULL, `Note` varchar(200) NULL)");
        db.Seed("Customers", "`Name`", i => $"'Customer {i}'", 1_000);
        db.Seed("Orders", "`CustomerId`, `Note`", i => $"{i % 1000 + 1}, 'order {i}'", SeedRows);
        var expected = db.Rows("SELECT `Id`, CONCAT(`CustomerId`, '|', `Note`) FROM `Orders`");
        Assert.Equal(SeedRows, expected.Count);

        // Expand.
        db.Apply(b => b.AddForeignKeyNotValid("FK_Orders_Customers_CustomerId", "Orders", "CustomerId", "Customers", principalColumn: "Id"));
        for (var k = 1; k <= 20; k++)
        {
            expected[db.Insert($"INSERT INTO `Orders` (`CustomerId`, `Note`) VALUES ({k}, 'old-{k}')")] = $"{k}|old-{k}";
            expected[db.Insert($"INSERT INTO `Orders` (`CustomerId`, `Note`) VALUES ({k + 1}, 'new-{k}')")] = $"{k + 1}|new-{k}";
        }

        db.Exec("UPDATE `Orders` SET `CustomerId` = 999 WHERE `Id` = 5");
        expected[5] = "999|order 5";
        Assert.ThrowsAny<Exception>(() => db.Exec("INSERT INTO `Orders` (`CustomerId`, `Note`) VALUES (123456, 'orphan')"));

        // Contract.
        Assert.Empty(db.Apply(b => b.ValidateConstraint("Orders", "FK_Orders_Customers_CustomerId")));
        Assert.True(db.ConstraintExists("Orders", "FK_Orders_Customers_CustomerId"));
        Assert.Equal(expected, db.Rows("SELECT `Id`, CONCAT(`CustomerId`, '|', `Note`) FROM `Orders`"));

        // Roll back: the expand's Down is EF Core's DropForeignKey.
        db.Exec("ALTER TABLE `Orders` DROP FOREIGN KEY `FK_Orders_Customers_CustomerId`");
        Assert.Equal(expected, db.Rows("SELECT `Id`, CONCAT(`CustomerId`, '|', `Note`) FROM `Orders`"));
        db.Exec("INSERT INTO `Orders` (`CustomerId`, `Note`) VALUES (123456, 'orphan allowed again')");
    }

    [MySqlFact]
    public void Check_MariaDb()
    {
        using var db = MariaDbDatabase.Create("sm_my_check_scenario");
        db.Exec("CREATE TABLE `Products` (`Id` int NOT NULL AUTO_INCREMENT PRIMARY KEY, `Name` varchar(200) NULL, `PriceCents` int NOT NULL)");
        db.Seed("Products", "`Name`, `PriceCents`", i => $"'Product {i}', {i * 7}", SeedRows);
        var expected = db.Rows("SELECT `Id`, CONCAT(`Name`, '|', `PriceCents`) FROM `Products`");
        Assert.Equal(SeedRows, expected.Count);

        db.Apply(b => b.AddCheckConstraintNotValid("CK_Products_PriceCents", "Products", "`PriceCents` >= 0"));
        for (var k = 1; k <= 20; k++)
        {
            expected[db.Insert($"INSERT INTO `Products` (`Name`, `PriceCents`) VALUES ('old-{k}', {k})")] = $"old-{k}|{k}";
            expected[db.Insert($"INSERT INTO `Products` (`Name`, `PriceCents`) VALUES ('new-{k}', 0)")] = $"new-{k}|0";
        }

        db.Exec("UPDATE `Products` SET `PriceCents` = 1 WHERE `Id` = 5");
        expected[5] = "Product 5|1";
        Assert.ThrowsAny<Exception>(() => db.Exec("INSERT INTO `Products` (`Name`, `PriceCents`) VALUES ('negative', -1)"));
        Assert.ThrowsAny<Exception>(() => db.Exec("UPDATE `Products` SET `PriceCents` = -5 WHERE `Id` = 6"));

        Assert.Empty(db.Apply(b => b.ValidateConstraint("Products", "CK_Products_PriceCents")));
        Assert.Equal(expected, db.Rows("SELECT `Id`, CONCAT(`Name`, '|', `PriceCents`) FROM `Products`"));

        // Roll back: EF Core's DropCheckConstraint.
        db.Exec("ALTER TABLE `Products` DROP CONSTRAINT `CK_Products_PriceCents`");
        Assert.Equal(expected, db.Rows("SELECT `Id`, CONCAT(`Name`, '|', `PriceCents`) FROM `Products`"));
        db.Exec("INSERT INTO `Products` (`Name`, `PriceCents`) VALUES ('negative allowed again', -1)");
    }

    [MySqlFact]
    public void Unique_MariaDb()
    {
        using var db = MariaDbDatabase.Create("sm_my_unique_scenario");
        db.Exec("CREATE TABLE `Users` (`Id` int NOT NULL AUTO_INCREMENT PRIMARY KEY, `Email` varchar(200) NULL, INDEX `IX_Users_Email` (`Email`))");
        db.Seed("Users", "`Email`", i => $"'user{i}@example.com'", SeedRows);
        var expected = db.Rows("SELECT `Id`, `Email` FROM `Users`");
        Assert.Equal(SeedRows, expected.Count);

        // Expand: the unique constraint next to the old index.
        db.Apply(b => b.AddUniqueConstraintUsingIndex("AK_Users_Email", "Users", "Email"));
        Assert.True(db.IndexExists("Users", "AK_Users_Email"));
        Assert.True(db.IndexExists("Users", "IX_Users_Email"));
        for (var k = 1; k <= 20; k++)
        {
            expected[db.Insert($"INSERT INTO `Users` (`Email`) VALUES ('old-{k}@example.com')")] = $"old-{k}@example.com";
            expected[db.Insert($"INSERT INTO `Users` (`Email`) VALUES ('new-{k}@example.com')")] = $"new-{k}@example.com";
        }

        Assert.ThrowsAny<Exception>(() => db.Exec("INSERT INTO `Users` (`Email`) VALUES ('user1@example.com')"));

        // Contract: the old index goes.
        db.Apply(b => b.DropIndexConcurrently("IX_Users_Email", "Users"));
        Assert.False(db.IndexExists("Users", "IX_Users_Email"));
        Assert.True(db.IndexExists("Users", "AK_Users_Email"));
        Assert.Equal(expected, db.Rows("SELECT `Id`, `Email` FROM `Users`"));
        Assert.ThrowsAny<Exception>(() => db.Exec("INSERT INTO `Users` (`Email`) VALUES ('user2@example.com')"));

        // Roll back: EF Core's CreateIndex, then DropUniqueConstraintUsingIndex.
        db.Exec("CREATE INDEX `IX_Users_Email` ON `Users` (`Email`)");
        db.Apply(b => b.DropUniqueConstraintUsingIndex("AK_Users_Email", "Users"));
        Assert.True(db.IndexExists("Users", "IX_Users_Email"));
        Assert.False(db.IndexExists("Users", "AK_Users_Email"));
        Assert.Equal(expected, db.Rows("SELECT `Id`, `Email` FROM `Users`"));
        db.Exec("INSERT INTO `Users` (`Email`) VALUES ('user2@example.com')");
    }

    private static string FormatCents(long cents)
        => (cents / 100).ToString(CultureInfo.InvariantCulture) + "." + (cents % 100).ToString("00", CultureInfo.InvariantCulture);
}
