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

namespace SafeMigrations.Tests.Scenarios.LockTimeoutRun
{
    // A run of two migrations: First creates a table; AddPrice then alters Held, a table the test creates and locks.
    public sealed class TwoStepContext(DbContextOptions<TwoStepContext> options) : DbContext(options);

    public abstract class TwoStepMigration : TestMigration
    {
        protected override void Target(ModelBuilder modelBuilder) => Entity(modelBuilder, "First", null, ("Name", typeof(string), true));

        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }
    }

    [DbContext(typeof(TwoStepContext))]
    [Migration("20260801000001_First")]
    public sealed class First : TwoStepMigration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
            => migrationBuilder.CreateTable(
                name: "First",
                columns: t => new { Id = Key(t), Name = t.Column<string>(type: Text, nullable: true) },
                constraints: t => t.PrimaryKey("PK_First", x => x.Id));
    }

    [DbContext(typeof(TwoStepContext))]
    [Migration("20260801000002_AddPrice")]
    public sealed class AddPrice : TwoStepMigration
    {
        protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.AddColumn<int>(name: "Price", table: "Held", type: Int, nullable: true);
    }
}
