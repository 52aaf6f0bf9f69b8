using EFCore.SafeMigrations;
using Microsoft.EntityFrameworkCore.Migrations;
using SafeMigrations.Tests.Infrastructure;
using SafeMigrations.TestKit.Databases;

namespace SafeMigrations.Tests;

/// <summary>
/// The PostgreSQL helpers on tables that are partitioned declaratively or by old-style inheritance, with real rows: what
/// works is done, and what PostgreSQL cannot do on a partitioned table fails before any step with a message that says
/// what to use instead.
/// </summary>
public sealed class PostgresPartitionTests
{
    private static TestDatabase PartitionedOrders(string name)
    {
        var db = TestDatabase.Create(Db.Postgres, name);
        db.Exec("CREATE TABLE \"Customers\" (\"Id\" bigint PRIMARY KEY)");
        db.Exec("INSERT INTO \"Customers\" SELECT i FROM generate_series(1, 100) AS s(i)");
        db.Exec("CREATE TABLE \"Orders\" (\"Id\" bigint NOT NULL, \"CustomerId\" bigint NOT NULL, \"Code\" text NOT NULL, PRIMARY KEY (\"Id\")) PARTITION BY RANGE (\"Id\")");
        db.Exec("CREATE TABLE \"Orders_1\" PARTITION OF \"Orders\" FOR VALUES FROM (1) TO (501)");
        db.Exec("CREATE TABLE \"Orders_2\" PARTITION OF \"Orders\" FOR VALUES FROM (501) TO (1001)");
        db.Exec("INSERT INTO \"Orders\" SELECT i, 1 + i % 100, 'c' || i FROM generate_series(1, 1000) AS s(i)");
        return db;
    }

    [PostgresFact]
    public void DropIndexConcurrently_drops_the_index_of_a_partitioned_table_and_its_partitions_indexes()
    {
        using var db = PartitionedOrders("sm_part_dropindex");
        db.Exec("CREATE INDEX \"IX_Orders_Code\" ON \"Orders\" (\"Code\")");
        Assert.Equal(3L, Convert.ToInt64(db.Scalar("SELECT count(*) FROM pg_indexes WHERE tablename LIKE 'Orders%' AND indexdef LIKE '%(\"Code\")%'")));

        db.Apply(b => b.DropIndexConcurrently("IX_Orders_Code", "Orders"));

        Assert.Equal(0L, Convert.ToInt64(db.Scalar("SELECT count(*) FROM pg_indexes WHERE tablename LIKE 'Orders%' AND indexdef LIKE '%(\"Code\")%'")));
        Assert.Equal(1000L, Convert.ToInt64(db.Scalar("SELECT count(*) FROM \"Orders\"")));

        // A plain table's index is still dropped CONCURRENTLY, and a second run finds nothing to do.
        db.Exec("CREATE INDEX \"IX_Customers_Id\" ON \"Customers\" (\"Id\")");
        db.Apply(b => b.DropIndexConcurrently("IX_Customers_Id", "Customers"));
        db.Apply(b => b.DropIndexConcurrently("IX_Customers_Id", "Customers"));
        Assert.Null(db.Scalar("SELECT to_regclass('\"IX_Customers_Id\"')::text"));
    }

    [PostgresFact]
    public void AddUniqueConstraintUsingIndex_and_AddForeignKeyNotValid_refuse_a_partitioned_table_before_any_step_and_say_what_to_use()
    {
        using var db = PartitionedOrders("sm_part_refuse");

        var unique = Assert.ThrowsAny<Exception>(() => db.Apply(b => b.AddUniqueConstraintUsingIndex("AK_Orders_Id_Code", "Orders", new[] { "Id", "Code" })));
        Assert.Contains("AddUniqueConstraintUsingIndex cannot run on the partitioned table \"Orders\"", unique.Message, StringComparison.Ordinal);
        Assert.Contains("Use AddUniqueConstraint", unique.Message, StringComparison.Ordinal);
        Assert.Equal(0L, Convert.ToInt64(db.Scalar("SELECT count(*) FROM pg_class WHERE relname = 'AK_Orders_Id_Code'")));

        var key = Assert.ThrowsAny<Exception>(() => db.Apply(b => b.AddForeignKeyNotValid("FK_Orders_Customers", "Orders", new[] { "CustomerId" }, "Customers", principalColumns: new[] { "Id" })));
        Assert.Contains("AddForeignKeyNotValid cannot run on the partitioned table \"Orders\"", key.Message, StringComparison.Ordinal);
        Assert.Equal(0L, Convert.ToInt64(db.Scalar("SELECT count(*) FROM pg_constraint WHERE conname = 'FK_Orders_Customers'")));

        // On a plain table both run as before.
        db.Exec("CREATE TABLE \"Plain\" (\"Id\" bigint PRIMARY KEY, \"CustomerId\" bigint NOT NULL, \"Code\" text NOT NULL)");
        db.Apply(b => b
            .AddUniqueConstraintUsingIndex("AK_Plain_Code", "Plain", new[] { "Code" })
            .AddForeignKeyNotValid("FK_Plain_Customers", "Plain", new[] { "CustomerId" }, "Customers", principalColumns: new[] { "Id" }));
        Assert.Equal(2L, Convert.ToInt64(db.Scalar("SELECT count(*) FROM pg_constraint WHERE conname IN ('AK_Plain_Code', 'FK_Plain_Customers')")));
    }

    /// <summary>
    /// A keyless partitioned table with a row that needs the backfill held by a transaction left open: the sweep's tries on
    /// that partition fail one lock timeout after another while the other partition's succeed, and the backfill ends with
    /// the lock timeout's own error after 21 of them, not after a hundred passes with a message about its WHERE.
    /// </summary>
    [PostgresFact]
    public void A_keyless_backfill_stuck_on_one_partition_fails_with_the_lock_timeout()
    {
        using var db = TestDatabase.Create(Db.Postgres, "sm_part_stuck");
        db.Exec("CREATE TABLE \"Items\" (\"Id\" bigint NOT NULL, \"Code\" integer NOT NULL, \"CodeText\" text NULL) PARTITION BY RANGE (\"Id\")");
        db.Exec("CREATE TABLE \"Items_1\" PARTITION OF \"Items\" FOR VALUES FROM (1) TO (501)");
        db.Exec("CREATE TABLE \"Items_2\" PARTITION OF \"Items\" FOR VALUES FROM (501) TO (1001)");
        db.Exec("INSERT INTO \"Items\" SELECT i, i, NULL FROM generate_series(1, 1000) AS s(i)");
        db.Exec("DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET lock_timeout = ''200ms''', current_database()); END $$");
        using var idle = db.Open();
        using var transaction = idle.BeginTransaction();
        using (var hold = idle.CreateCommand())
        {
            hold.Transaction = transaction;
            hold.CommandText = "UPDATE \"Items\" SET \"Code\" = \"Code\" WHERE \"Id\" = 10";
            hold.ExecuteNonQuery();
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var failure = Assert.ThrowsAny<Exception>(() => db.Apply(b => b.BackfillInBatches("Items", "\"CodeText\" = '#' || \"Code\"", "\"CodeText\" IS NULL", batchSize: 100)));
        transaction.Rollback();

        Assert.Equal("55P03", Assert.IsAssignableFrom<Npgsql.PostgresException>(failure.GetBaseException()).SqlState);
        Assert.True(clock.ElapsedMilliseconds < 60_000, $"took {clock.ElapsedMilliseconds} ms");
    }

    /// <summary>
    /// A sync on an old-style INHERITS parent would never fire for its children's rows (a row trigger fires for the table
    /// that holds the row): refused with a message naming what to do, before any trigger exists. On each child, it works.
    /// </summary>
    [PostgresFact]
    public void ColumnSync_on_an_inheritance_parent_is_refused_and_works_on_each_child()
    {
        using var db = TestDatabase.Create(Db.Postgres, "sm_inhsync");
        db.Exec("CREATE TABLE \"Events\" (\"Id\" bigint NOT NULL, \"Name\" text NULL, \"FullName\" text NULL)");
        db.Exec("CREATE TABLE \"Events_2026\" () INHERITS (\"Events\")");

        var e = Assert.ThrowsAny<Exception>(() => db.Apply(b => b.CreateColumnSync("Events", "Name", "FullName")));
        Assert.Contains("CreateColumnSync per child", e.Message);
        Assert.Equal(0L, db.Scalar("SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal"));

        db.Apply(b => b.CreateColumnSync("Events_2026", "Name", "FullName"));
        db.Exec("INSERT INTO \"Events_2026\" (\"Id\", \"Name\") VALUES (1, 'a')");
        db.Exec("UPDATE \"Events\" SET \"Name\" = 'b' WHERE \"Id\" = 1");
        Assert.Equal("b", db.Scalar("SELECT \"FullName\" FROM \"Events\" WHERE \"Id\" = 1"));
    }

    /// <summary>
    /// A TimescaleDB hypertable is an inheritance parent too (its chunks inherit it), but TimescaleDB copies a trigger made on
    /// it onto every chunk, present and future: not refused. TimescaleDB is not on this machine: its catalog table is made
    /// here with the columns the check reads, which is what tells a hypertable apart.
    /// </summary>
    [PostgresFact]
    public void ColumnSync_on_a_TimescaleDB_hypertable_is_not_refused()
    {
        using var db = TestDatabase.Create(Db.Postgres, "sm_hypersync");
        db.Exec("CREATE TABLE \"Metrics\" (\"Id\" bigint NOT NULL, \"Name\" text NULL, \"FullName\" text NULL)");
        db.Exec("CREATE TABLE \"Metrics_chunk_1\" () INHERITS (\"Metrics\")");
        db.Exec("CREATE SCHEMA _timescaledb_catalog");
        db.Exec("CREATE TABLE _timescaledb_catalog.hypertable (schema_name name NOT NULL, table_name name NOT NULL)");
        db.Exec("INSERT INTO _timescaledb_catalog.hypertable VALUES ('public', 'Metrics')");

        db.Apply(b => b.CreateColumnSync("Metrics", "Name", "FullName"));
        Assert.Equal(1L, db.Scalar("SELECT count(*) FROM pg_trigger WHERE tgrelid = '\"Metrics\"'::regclass AND NOT tgisinternal"));

        // Another parent in the same database is still refused.
        db.Exec("CREATE TABLE \"Events\" (\"Id\" bigint NOT NULL, \"Name\" text NULL, \"FullName\" text NULL)");
        db.Exec("CREATE TABLE \"Events_2026\" () INHERITS (\"Events\")");
        Assert.ThrowsAny<Exception>(() => db.Apply(b => b.CreateColumnSync("Events", "Name", "FullName")));
    }

    /// <summary>
    /// Old-style partitioning (INHERITS, as pg_partman before version 5 and TimescaleDB's chunks make it), no primary key:
    /// the sweep reaches the children's rows too, which pg_partition_tree does not list.
    /// </summary>
    [PostgresFact]
    public void BackfillInBatches_on_an_inheritance_parent_without_a_primary_key_fills_its_children_s_rows()
    {
        using var db = TestDatabase.Create(Db.Postgres, "sm_inherits");
        db.Exec("CREATE TABLE \"Events\" (\"Id\" bigint NOT NULL, \"Code\" integer NOT NULL, \"CodeText\" text NULL)");
        db.Exec("CREATE TABLE \"Events_2025\" () INHERITS (\"Events\")");
        db.Exec("CREATE TABLE \"Events_2026\" () INHERITS (\"Events\")");
        db.Exec("CREATE TABLE \"Events_2026_12\" () INHERITS (\"Events_2026\")");
        db.Exec("INSERT INTO \"Events\" SELECT i, i, NULL FROM generate_series(1, 300) AS s(i)");
        db.Exec("INSERT INTO \"Events_2025\" SELECT i, i, NULL FROM generate_series(301, 900) AS s(i)");
        db.Exec("INSERT INTO \"Events_2026\" SELECT i, i, NULL FROM generate_series(901, 1200) AS s(i)");
        db.Exec("INSERT INTO \"Events_2026_12\" SELECT i, i, NULL FROM generate_series(1201, 1500) AS s(i)");

        db.Apply(b => b.BackfillInBatches("Events", "\"CodeText\" = '#' || \"Code\"", "\"CodeText\" IS NULL", batchSize: 250));

        var rows = db.Rows("SELECT \"Id\", \"Code\", \"CodeText\" FROM \"Events\"");
        Assert.Equal(1500, rows.Count);
        Assert.All(rows, r => Assert.Equal(r.Key + "|#" + r.Key, r.Value));
    }
}
