using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using SafeMigrations.Tests.Infrastructure;

namespace SafeMigrations.Tests.Scenarios.LockTimeout
{
    // Initial creates Items; AddPrice adds a column, which needs a brief ACCESS EXCLUSIVE lock on Items.
    public sealed class LockContext(DbContextOptions<LockContext> options) : DbContext(options);

    // The same, but AddPrice first runs a command outside the transaction, so a failure after it is not rolled back whole.
    public sealed class NonTransactionalLockContext(DbContextOptions<NonTransactionalLockContext> options) : DbContext(options);

    public abstract class LockMigration : TestMigration
    {
        protected virtual bool HasPrice => false;

        protected override void Target(ModelBuilder modelBuilder)
            => Entity(modelBuilder, "Items", null, HasPrice ? [("Name", typeof(string), true), ("Price", typeof(int), true)] : [("Name", typeof(string), true)]);

        protected void CreateItems(MigrationBuilder migrationBuilder)
            => migrationBuilder.CreateTable(
                name: "Items",
                columns: t => new { Id = Key(t), Name = t.Column<string>(type: Text, nullable: true) },
                constraints: t => t.PrimaryKey("PK_Items", x => x.Id));

        protected void AddPrice(MigrationBuilder migrationBuilder)
            => migrationBuilder.AddColumn<int>(name: "Price", table: "Items", type: Int, nullable: true);
    }

    [DbContext(typeof(LockContext))]
    [Migration("20260401000001_Initial")]
    public sealed class Initial : LockMigration
    {
        protected override void Up(MigrationBuilder migrationBuilder) => CreateItems(migrationBuilder);

        protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("Items");
    }

    [DbContext(typeof(LockContext))]
    [Migration("20260401000002_AddPrice")]
    public sealed class AddPriceMigration : LockMigration
    {
        protected override bool HasPrice => true;

        protected override void Up(MigrationBuilder migrationBuilder) => AddPrice(migrationBuilder);

        protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropColumn("Price", "Items");
    }

    [DbContext(typeof(NonTransactionalLockContext))]
    [Migration("20260401000001_Initial")]
    public sealed class NonTransactionalInitial : LockMigration
    {
        protected override void Up(MigrationBuilder migrationBuilder) => CreateItems(migrationBuilder);

        protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("Items");
    }

    [DbContext(typeof(NonTransactionalLockContext))]
    [Migration("20260401000002_AddPrice")]
    public sealed class NonTransactionalAddPrice : LockMigration
    {
        protected override bool HasPrice => true;

        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("CREATE TABLE \"CommittedOutside\" (\"Id\" integer)", suppressTransaction: true);
            AddPrice(migrationBuilder);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn("Price", "Items");
            migrationBuilder.Sql("DROP TABLE \"CommittedOutside\"", suppressTransaction: true);
        }
    }
}
