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
    public sealed class MyInitial : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder) => MyItems.Create(migrationBuilder);

        protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("Items");
    }

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
    public sealed class MyCommittedInitial : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder) => MyItems.Create(migrationBuilder);

        protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("Items");
    }

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
}
