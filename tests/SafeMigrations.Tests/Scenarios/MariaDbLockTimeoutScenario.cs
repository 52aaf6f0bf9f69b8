using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace SafeMigrations.Tests.Scenarios.MariaDbLockTimeout
{
    // Initial creates Items; AddOther creates another table (no lock on Items); AddPrice adds a column to Items, which
    // needs an exclusive metadata lock on it.
    public sealed class MyLockContext(DbContextOptions<MyLockContext> options) : DbContext(options);

    // Initial, then one migration that creates a table (committed at once: MySQL has no transactional DDL) and then
    // adds the column to Items.
    public sealed class MyCommittedLockContext(DbContextOptions<MyCommittedLockContext> options) : DbContext(options);

    /// <summary>Every context's first migration: creates Items (each context needs a migration class of its own).</summary>
    public abstract class MyItemsInitial : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder) => MyItems.Create(migrationBuilder);

        protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("Items");
    }

    internal static class MyItems
    {
        public static void Create(MigrationBuilder migrationBuilder)
            => migrationBuilder.CreateTable(
                name: "Items",
                columns: t => new
                {
                    Id = t.Column<int>(type: "int", nullable: false).Annotation("MySQL:ValueGenerationStrategy", MySql.EntityFrameworkCore.Metadata.MySQLValueGenerationStrategy.IdentityColumn),
                    Name = t.Column<string>(type: "varchar(50)", nullable: true),
                },
                constraints: t => t.PrimaryKey("PK_Items", x => x.Id));

        public static void AddPrice(MigrationBuilder migrationBuilder)
            => migrationBuilder.AddColumn<int>(name: "Price", table: "Items", type: "int", nullable: true);
    }

    [DbContext(typeof(MyLockContext))]
    [Migration("20260402000001_Initial")]
    public sealed class MyInitial : MyItemsInitial;

    [DbContext(typeof(MyLockContext))]
    [Migration("20260402000002_AddOther")]
    public sealed class MyAddOther : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
            => migrationBuilder.CreateTable(
                name: "Other",
                columns: t => new { Id = t.Column<int>(type: "int", nullable: false) },
                constraints: t => t.PrimaryKey("PK_Other", x => x.Id));

        protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("Other");
    }

    [DbContext(typeof(MyLockContext))]
    [Migration("20260402000003_AddPrice")]
    public sealed class MyAddPrice : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder) => MyItems.AddPrice(migrationBuilder);

        protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropColumn("Price", "Items");
    }

    [DbContext(typeof(MyCommittedLockContext))]
    [Migration("20260402000001_Initial")]
    public sealed class MyCommittedInitial : MyItemsInitial;

    [DbContext(typeof(MyCommittedLockContext))]
    [Migration("20260402000002_CreateThenAddPrice")]
    public sealed class MyCreateThenAddPrice : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("CREATE TABLE `CommittedBefore` (`Id` int NOT NULL PRIMARY KEY)");
            MyItems.AddPrice(migrationBuilder);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn("Price", "Items");
            migrationBuilder.Sql("DROP TABLE `CommittedBefore`");
        }
    }

    // Initial, then one migration whose single command updates every row and then alters Items: MySQL commits the UPDATE
    // when the ALTER begins, and the ALTER then waits for the metadata lock.
    public sealed class MyOneCommandContext(DbContextOptions<MyOneCommandContext> options) : DbContext(options);

    [DbContext(typeof(MyOneCommandContext))]
    [Migration("20260402000001_Initial")]
    public sealed class MyOneCommandInitial : MyItemsInitial;

    [DbContext(typeof(MyOneCommandContext))]
    [Migration("20260402000002_MarkThenAddPrice")]
    public sealed class MyMarkThenAddPrice : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
            => migrationBuilder.Sql("UPDATE `Items` SET `Name` = CONCAT(`Name`, '+'); ALTER TABLE `Items` ADD `Price` int NULL;");

        protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropColumn("Price", "Items");
    }

    // Initial, then a migration that sets a short lock_wait_timeout itself (as a server or role setting would), updates
    // every row and adds a column to Items: with UseSafeMigrations' LockTimeout off, nothing is retried.
    public sealed class MyServerTimeoutContext(DbContextOptions<MyServerTimeoutContext> options) : DbContext(options);

    [DbContext(typeof(MyServerTimeoutContext))]
    [Migration("20260402000001_Initial")]
    public sealed class MyServerTimeoutInitial : MyItemsInitial;

    [DbContext(typeof(MyServerTimeoutContext))]
    [Migration("20260402000002_MarkThenAddPrice")]
    public sealed class MyServerTimeoutMarkThenAddPrice : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("SET SESSION lock_wait_timeout = 1");
            migrationBuilder.Sql("UPDATE `Items` SET `Name` = CONCAT(`Name`, '+')");
            MyItems.AddPrice(migrationBuilder);
        }

        protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropColumn("Price", "Items");
    }
}
