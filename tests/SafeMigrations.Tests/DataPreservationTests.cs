using Microsoft.EntityFrameworkCore;
using SafeMigrations.Tests.Infrastructure;
using SafeMigrations.TestKit.Databases;

namespace SafeMigrations.Tests;

/// <summary>
/// Each expand/contract rewrite on a real database with real data: seed 10,000 rows, apply the expand step
/// (Migrate() defers the contract), write through the old and the new app version's column shapes, apply the
/// contract step (the next Migrate()), compare every row, roll back with Down, and compare again.
/// </summary>
public sealed class DataPreservationTests
{
    private const int SeedRows = 10_000;

    [Fact]
    public void Rename_Sqlite() => Rename(Db.Sqlite);

    [PostgresFact]
    public void Rename_Postgres() => Rename(Db.Postgres);

    [Fact]
    public void TypeChange_Sqlite() => TypeChange(Db.Sqlite);

    [PostgresFact]
    public void TypeChange_Postgres() => TypeChange(Db.Postgres);

    [Fact]
    public void AddNotNullColumn_Sqlite() => AddNotNullColumn(Db.Sqlite);

    [PostgresFact]
    public void AddNotNullColumn_Postgres() => AddNotNullColumn(Db.Postgres);

    [Fact]
    public void EnforceNotNull_Sqlite() => EnforceNotNull(Db.Sqlite);

    [PostgresFact]
    public void EnforceNotNull_Postgres() => EnforceNotNull(Db.Postgres);

    [Fact]
    public void ForeignKey_Sqlite() => ForeignKey(Db.Sqlite);

    [PostgresFact]
    public void ForeignKey_Postgres() => ForeignKey(Db.Postgres);

    [Fact]
    public void Check_Sqlite() => Check(Db.Sqlite);

    [PostgresFact]
    public void Check_Postgres() => Check(Db.Postgres);

    [Fact]
    public void Unique_Sqlite() => Unique(Db.Sqlite);

    [PostgresFact]
    public void Unique_Postgres() => Unique(Db.Postgres);

    private static void Rename(Db kind)
    {
        using var db = TestDatabase.Create(kind, "sm_rename");
        var ids = new[] { "20260101000001_Initial", "20260101000002_RenameFullNameExpand", "20260101000003_RenameFullNameContract" };
        Expand<Scenarios.Rename.RenameContext>(db, ids, () =>
            db.Seed("Customers", "\"FullName\"", "CASE WHEN i % 100 = 0 THEN NULL ELSE 'Customer ' || i END", SeedRows));
        var expected = db.Rows("SELECT \"Id\", \"FullName\" FROM \"Customers\"");
        Assert.Equal(SeedRows, expected.Count);
        Assert.Equal(expected, db.Rows("SELECT \"Id\", \"Name\" FROM \"Customers\""));

        // The old app version writes FullName, the new one writes Name.
        for (var k = 1; k <= 20; k++)
        {
            expected[db.Insert($"INSERT INTO \"Customers\" (\"FullName\") VALUES ('old-{k}')")] = $"old-{k}";
            expected[db.Insert($"INSERT INTO \"Customers\" (\"Name\") VALUES ('new-{k}')")] = $"new-{k}";
        }

        db.Exec("UPDATE \"Customers\" SET \"FullName\" = 'old-update' WHERE \"Id\" = 5");
        expected[5] = "old-update";
        db.Exec("UPDATE \"Customers\" SET \"FullName\" = NULL WHERE \"Id\" = 7");
        expected[7] = "∅";
        db.Exec("UPDATE \"Customers\" SET \"Name\" = 'new-update' WHERE \"Id\" = 6");
        expected[6] = "new-update";
        db.Exec("UPDATE \"Customers\" SET \"Name\" = 'was-null' WHERE \"Id\" = 100");
        expected[100] = "was-null";
        Assert.Equal(expected, db.Rows("SELECT \"Id\", \"FullName\" FROM \"Customers\""));
        Assert.Equal(expected, db.Rows("SELECT \"Id\", \"Name\" FROM \"Customers\""));

        Contract<Scenarios.Rename.RenameContext>(db, ids);
        Assert.False(db.ColumnExists("Customers", "FullName"));
        Assert.Equal(expected, db.Rows("SELECT \"Id\", \"Name\" FROM \"Customers\""));

        RollBack<Scenarios.Rename.RenameContext>(db, ids);
        Assert.False(db.ColumnExists("Customers", "Name"));
        Assert.Equal(expected, db.Rows("SELECT \"Id\", \"FullName\" FROM \"Customers\""));
    }

    private static void TypeChange(Db kind)
    {
        using var db = TestDatabase.Create(kind, "sm_type");
        var ids = new[] { "20260102000001_Initial", "20260102000002_TotalToCentsExpand", "20260102000003_TotalToCentsContract" };
        var seedText = kind == Db.Sqlite
            ? "i || '.' || substr('0' || (i % 100), -2)"
            : "format('%s.%s', i, lpad((i % 100)::text, 2, '0'))";
        Expand<Scenarios.TypeChange.TypeChangeContext>(db, ids, () => db.Seed("Orders", "\"Total\"", seedText, SeedRows));

        // Expected, in cents, and as the old text column shows it.
        var cents = db.Rows("SELECT \"Id\", \"Id\" * 100 + \"Id\" % 100 FROM \"Orders\"");
        Assert.Equal(SeedRows, cents.Count);
        Assert.Equal(cents, db.Rows("SELECT \"Id\", \"TotalCents\" FROM \"Orders\""));

        for (var k = 1; k <= 20; k++)
        {
            cents[db.Insert($"INSERT INTO \"Orders\" (\"Total\") VALUES ('{k}.25')")] = (k * 100 + 25).ToString();
            cents[db.Insert($"INSERT INTO \"Orders\" (\"TotalCents\") VALUES ({k * 1000 + 7})")] = (k * 1000 + 7).ToString();
        }

        db.Exec("UPDATE \"Orders\" SET \"Total\" = '99.99' WHERE \"Id\" = 5");
        cents[5] = "9999";
        db.Exec("UPDATE \"Orders\" SET \"TotalCents\" = 100 WHERE \"Id\" = 6");
        cents[6] = "100";
        var text = cents.ToDictionary(p => p.Key, p => FormatCents(long.Parse(p.Value)));
        Assert.Equal(cents, db.Rows("SELECT \"Id\", \"TotalCents\" FROM \"Orders\""));
        Assert.Equal(text, db.Rows("SELECT \"Id\", \"Total\" FROM \"Orders\""));

        Contract<Scenarios.TypeChange.TypeChangeContext>(db, ids);
        Assert.False(db.ColumnExists("Orders", "Total"));
        Assert.Equal(cents, db.Rows("SELECT \"Id\", \"TotalCents\" FROM \"Orders\""));

        RollBack<Scenarios.TypeChange.TypeChangeContext>(db, ids);
        Assert.False(db.ColumnExists("Orders", "TotalCents"));
        Assert.Equal(text, db.Rows("SELECT \"Id\", \"Total\" FROM \"Orders\""));
    }

    private static string FormatCents(long cents)
        => (cents / 100).ToString(System.Globalization.CultureInfo.InvariantCulture) + "." + (cents % 100).ToString("00", System.Globalization.CultureInfo.InvariantCulture);

    private static void AddNotNullColumn(Db kind)
    {
        using var db = TestDatabase.Create(kind, "sm_addnn");
        var ids = new[] { "20260103000001_Initial", "20260103000002_AddTierExpand", "20260103000003_AddTierContract" };
        Expand<Scenarios.AddNotNull.AddNotNullContext>(db, ids, () => db.Seed("Accounts", "\"Name\"", "'Account ' || i", SeedRows));
        var names = db.Rows("SELECT \"Id\", \"Name\" FROM \"Accounts\"");
        var tiers = names.ToDictionary(p => p.Key, p => p.Key % 2 == 0 ? "2" : "1");
        Assert.Equal(SeedRows, names.Count);
        Assert.Equal(tiers, db.Rows("SELECT \"Id\", \"Tier\" FROM \"Accounts\""));

        // The old app version does not know Tier; the new one sets it.
        for (var k = 1; k <= 20; k++)
        {
            var id = db.Insert($"INSERT INTO \"Accounts\" (\"Name\") VALUES ('old-{k}')");
            names[id] = $"old-{k}";
            tiers[id] = id % 2 == 0 ? "2" : "1";
            id = db.Insert($"INSERT INTO \"Accounts\" (\"Name\", \"Tier\") VALUES ('new-{k}', 3)");
            names[id] = $"new-{k}";
            tiers[id] = "3";
        }

        db.Exec("UPDATE \"Accounts\" SET \"Name\" = 'old-update' WHERE \"Id\" = 5");
        names[5] = "old-update";
        db.Exec("UPDATE \"Accounts\" SET \"Tier\" = 5 WHERE \"Id\" = 6");
        tiers[6] = "5";

        Contract<Scenarios.AddNotNull.AddNotNullContext>(db, ids);
        Assert.False(db.IsNullable("Accounts", "Tier"));
        Assert.Equal(tiers, db.Rows("SELECT \"Id\", \"Tier\" FROM \"Accounts\""));
        Assert.Equal(names, db.Rows("SELECT \"Id\", \"Name\" FROM \"Accounts\""));
        if (kind == Db.Postgres)
        {
            Assert.Null(db.ConstraintValidated("sm_nn_Accounts_Tier"));
        }

        RollBack<Scenarios.AddNotNull.AddNotNullContext>(db, ids);
        Assert.False(db.ColumnExists("Accounts", "Tier"));
        Assert.Equal(names, db.Rows("SELECT \"Id\", \"Name\" FROM \"Accounts\""));
    }

    private static void EnforceNotNull(Db kind)
    {
        using var db = TestDatabase.Create(kind, "sm_enfnn");
        var ids = new[] { "20260104000001_Initial", "20260104000002_EmailRequiredExpand", "20260104000003_EmailRequiredContract" };
        var seeded = new Dictionary<long, string>();
        Expand<Scenarios.EnforceNotNull.EnforceNotNullContext>(db, ids, () =>
        {
            db.Seed("Contacts", "\"Email\"", "CASE WHEN i % 10 = 0 THEN NULL ELSE 'c' || i || '@example.com' END", SeedRows);
            seeded = db.Rows("SELECT \"Id\", \"Email\" FROM \"Contacts\"");
        });
        Assert.Equal(SeedRows, seeded.Count);
        Assert.Equal(SeedRows / 10, seeded.Count(p => p.Value == "∅"));
        var expected = seeded.ToDictionary(p => p.Key, p => p.Value == "∅" ? $"unknown-{p.Key}" : p.Value);
        Assert.Equal(expected, db.Rows("SELECT \"Id\", \"Email\" FROM \"Contacts\""));

        // The old app version still writes NULL; the new one always writes an address.
        for (var k = 1; k <= 20; k++)
        {
            var id = db.Insert("INSERT INTO \"Contacts\" (\"Email\") VALUES (NULL)");
            expected[id] = $"unknown-{id}";
            expected[db.Insert($"INSERT INTO \"Contacts\" (\"Email\") VALUES ('new-{k}@example.com')")] = $"new-{k}@example.com";
        }

        db.Exec("UPDATE \"Contacts\" SET \"Email\" = NULL WHERE \"Id\" = 5");
        expected[5] = "unknown-5";
        db.Exec("UPDATE \"Contacts\" SET \"Email\" = 'changed@example.com' WHERE \"Id\" = 6");
        expected[6] = "changed@example.com";

        Contract<Scenarios.EnforceNotNull.EnforceNotNullContext>(db, ids);
        Assert.False(db.IsNullable("Contacts", "Email"));
        Assert.Equal(expected, db.Rows("SELECT \"Id\", \"Email\" FROM \"Contacts\""));
        Assert.ThrowsAny<Exception>(() => db.Exec("INSERT INTO \"Contacts\" (\"Email\") VALUES (NULL)"));

        RollBack<Scenarios.EnforceNotNull.EnforceNotNullContext>(db, ids);
        Assert.True(db.IsNullable("Contacts", "Email"));
        Assert.Equal(expected, db.Rows("SELECT \"Id\", \"Email\" FROM \"Contacts\""));
    }

    private static void ForeignKey(Db kind)
    {
        using var db = TestDatabase.Create(kind, "sm_fk");
        var ids = new[] { "20260105000001_Initial", "20260105000002_OrderCustomerFkExpand", "20260105000003_OrderCustomerFkContract" };
        Expand<Scenarios.ForeignKey.ForeignKeyContext>(db, ids, () =>
        {
            db.Seed("Customers", "\"Name\"", "'Customer ' || i", 1_000);
            db.Seed("Orders", "\"CustomerId\", \"Note\"", "(i % 1000) + 1, 'order ' || i", SeedRows);
        });
        var expected = db.Rows("SELECT \"Id\", \"CustomerId\", \"Note\" FROM \"Orders\"");
        Assert.Equal(SeedRows, expected.Count);
        if (kind == Db.Postgres)
        {
            Assert.False(db.ConstraintValidated("FK_Orders_Customers_CustomerId"));
        }

        for (var k = 1; k <= 20; k++)
        {
            expected[db.Insert($"INSERT INTO \"Orders\" (\"CustomerId\", \"Note\") VALUES ({k}, 'old-{k}')")] = $"{k}|old-{k}";
            expected[db.Insert($"INSERT INTO \"Orders\" (\"CustomerId\", \"Note\") VALUES ({k + 1}, 'new-{k}')")] = $"{k + 1}|new-{k}";
        }

        db.Exec("UPDATE \"Orders\" SET \"CustomerId\" = 999 WHERE \"Id\" = 5");
        expected[5] = "999|order 5";

        // New rows are checked at once, even before the constraint is validated.
        Assert.ThrowsAny<Exception>(() => db.Exec("INSERT INTO \"Orders\" (\"CustomerId\", \"Note\") VALUES (123456, 'orphan')"));

        Contract<Scenarios.ForeignKey.ForeignKeyContext>(db, ids);
        if (kind == Db.Postgres)
        {
            Assert.True(db.ConstraintValidated("FK_Orders_Customers_CustomerId"));
        }

        Assert.Equal(expected, db.Rows("SELECT \"Id\", \"CustomerId\", \"Note\" FROM \"Orders\""));

        RollBack<Scenarios.ForeignKey.ForeignKeyContext>(db, ids);
        Assert.Equal(expected, db.Rows("SELECT \"Id\", \"CustomerId\", \"Note\" FROM \"Orders\""));
        db.Exec("INSERT INTO \"Orders\" (\"CustomerId\", \"Note\") VALUES (123456, 'orphan allowed again')");
    }

    private static void Check(Db kind)
    {
        using var db = TestDatabase.Create(kind, "sm_check");
        var ids = new[] { "20260106000001_Initial", "20260106000002_PricePositiveExpand", "20260106000003_PricePositiveContract" };
        Expand<Scenarios.Check.CheckContext>(db, ids, () =>
            db.Seed("Products", "\"Name\", \"PriceCents\"", "'Product ' || i, i * 7", SeedRows));
        var expected = db.Rows("SELECT \"Id\", \"Name\", \"PriceCents\" FROM \"Products\"");
        Assert.Equal(SeedRows, expected.Count);
        if (kind == Db.Postgres)
        {
            Assert.False(db.ConstraintValidated("CK_Products_PriceCents"));
        }

        for (var k = 1; k <= 20; k++)
        {
            expected[db.Insert($"INSERT INTO \"Products\" (\"Name\", \"PriceCents\") VALUES ('old-{k}', {k})")] = $"old-{k}|{k}";
            expected[db.Insert($"INSERT INTO \"Products\" (\"Name\", \"PriceCents\") VALUES ('new-{k}', 0)")] = $"new-{k}|0";
        }

        db.Exec("UPDATE \"Products\" SET \"PriceCents\" = 1 WHERE \"Id\" = 5");
        expected[5] = "Product 5|1";
        Assert.ThrowsAny<Exception>(() => db.Exec("INSERT INTO \"Products\" (\"Name\", \"PriceCents\") VALUES ('negative', -1)"));
        Assert.ThrowsAny<Exception>(() => db.Exec("UPDATE \"Products\" SET \"PriceCents\" = -5 WHERE \"Id\" = 6"));

        Contract<Scenarios.Check.CheckContext>(db, ids);
        if (kind == Db.Postgres)
        {
            Assert.True(db.ConstraintValidated("CK_Products_PriceCents"));
        }

        Assert.Equal(expected, db.Rows("SELECT \"Id\", \"Name\", \"PriceCents\" FROM \"Products\""));

        RollBack<Scenarios.Check.CheckContext>(db, ids);
        Assert.Equal(expected, db.Rows("SELECT \"Id\", \"Name\", \"PriceCents\" FROM \"Products\""));
        db.Exec("INSERT INTO \"Products\" (\"Name\", \"PriceCents\") VALUES ('negative allowed again', -1)");
    }

    private static void Unique(Db kind)
    {
        using var db = TestDatabase.Create(kind, "sm_unique");
        var ids = new[] { "20260107000001_Initial", "20260107000002_UniqueEmailExpand", "20260107000003_UniqueEmailContract" };
        Expand<Scenarios.Unique.UniqueContext>(db, ids, () => db.Seed("Users", "\"Email\"", "'user' || i || '@example.com'", SeedRows));
        var expected = db.Rows("SELECT \"Id\", \"Email\" FROM \"Users\"");
        Assert.Equal(SeedRows, expected.Count);
        Assert.True(db.IndexExists("AK_Users_Email"));
        Assert.True(db.IndexExists("IX_Users_Email"));

        for (var k = 1; k <= 20; k++)
        {
            expected[db.Insert($"INSERT INTO \"Users\" (\"Email\") VALUES ('old-{k}@example.com')")] = $"old-{k}@example.com";
            expected[db.Insert($"INSERT INTO \"Users\" (\"Email\") VALUES ('new-{k}@example.com')")] = $"new-{k}@example.com";
        }

        Assert.ThrowsAny<Exception>(() => db.Exec("INSERT INTO \"Users\" (\"Email\") VALUES ('user1@example.com')"));

        Contract<Scenarios.Unique.UniqueContext>(db, ids);
        Assert.False(db.IndexExists("IX_Users_Email"));
        Assert.True(db.IndexExists("AK_Users_Email"));
        Assert.Equal(expected, db.Rows("SELECT \"Id\", \"Email\" FROM \"Users\""));
        Assert.ThrowsAny<Exception>(() => db.Exec("INSERT INTO \"Users\" (\"Email\") VALUES ('user2@example.com')"));

        RollBack<Scenarios.Unique.UniqueContext>(db, ids);
        Assert.True(db.IndexExists("IX_Users_Email"));
        Assert.False(db.IndexExists("AK_Users_Email"));
        Assert.Equal(expected, db.Rows("SELECT \"Id\", \"Email\" FROM \"Users\""));
        db.Exec("INSERT INTO \"Users\" (\"Email\") VALUES ('user2@example.com')");
    }

    /// <summary>Applies the initial migration, seeds, then runs Migrate(): the expand step applies, the contract waits.</summary>
    private static void Expand<TContext>(TestDatabase db, string[] ids, Action seed)
        where TContext : DbContext
    {
        using (var context = db.Context<TContext>())
        {
            TestDatabase.Migrate(context, ids[0]);
            Assert.Equal([ids[0]], TestDatabase.Applied(context));
        }

        seed();

        using (var context = db.Context<TContext>())
        {
            TestDatabase.Migrate(context);
            Assert.Equal([ids[0], ids[1]], TestDatabase.Applied(context));
            Assert.Equal([ids[2]], context.Database.GetPendingMigrations());
        }

        Assert.Contains(db.Log, m => m.Contains($"Contract migration '{ids[2]}' deferred", StringComparison.Ordinal));
    }

    /// <summary>The next deployment's Migrate(): the contract step applies.</summary>
    private static void Contract<TContext>(TestDatabase db, string[] ids)
        where TContext : DbContext
    {
        using var context = db.Context<TContext>();
        TestDatabase.Migrate(context);
        Assert.Equal(ids, TestDatabase.Applied(context));
    }

    /// <summary>Down of the contract and the expand step, back to the initial migration.</summary>
    private static void RollBack<TContext>(TestDatabase db, string[] ids)
        where TContext : DbContext
    {
        using var context = db.Context<TContext>();
        TestDatabase.Migrate(context, ids[0]);
        Assert.Equal([ids[0]], TestDatabase.Applied(context));
    }
}
