using EFCore.SafeMigrations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using SafeMigrations.Tests.Infrastructure;

namespace SafeMigrations.Tests.Scenarios.Deferral
{
    // Initial, an expand migration, its contract, and a later ordinary migration.
    public sealed class DeferralContext(DbContextOptions<DeferralContext> options) : DbContext(options);

    public abstract class DeferralMigration : TestMigration
    {
        /// <summary>The columns of Items after this migration (besides Id).</summary>
        protected virtual (string Name, Type Clr, bool Nullable)[] Columns => [];

        protected override void Target(ModelBuilder modelBuilder)
        {
            if (Columns.Length > 0)
            {
                Entity(modelBuilder, "Items", null, Columns);
            }
        }
    }

    [DbContext(typeof(DeferralContext))]
    [Migration("20260301000001_Initial")]
    public sealed class Initial : DeferralMigration
    {
        protected override (string Name, Type Clr, bool Nullable)[] Columns => [("Title", typeof(string), true)];

        protected override void Up(MigrationBuilder migrationBuilder)
            => migrationBuilder.CreateTable(
                name: "Items",
                columns: t => new { Id = Key(t), Title = t.Column<string>(type: Text, nullable: true) },
                constraints: t => t.PrimaryKey("PK_Items", x => x.Id));

        protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("Items");
    }

    [DbContext(typeof(DeferralContext))]
    [Migration("20260301000002_RenameTitleExpand")]
    public sealed class Expand : DeferralMigration
    {
        protected override (string Name, Type Clr, bool Nullable)[] Columns => [("Title", typeof(string), true), ("Name", typeof(string), true)];

        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(name: "Name", table: "Items", type: Text, nullable: true);
            migrationBuilder.CreateColumnSync("Items", "Title", "Name");
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumnSync("Items", "Title", "Name");
            migrationBuilder.DropColumn(name: "Name", table: "Items");
        }
    }

    [DbContext(typeof(DeferralContext))]
    [Migration("20260301000003_RenameTitleContract")]
    [ContractOf("20260301000002_RenameTitleExpand")]
    public sealed class Contract : DeferralMigration
    {
        protected override (string Name, Type Clr, bool Nullable)[] Columns => [("Title", typeof(string), true), ("Name", typeof(string), true)];

        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumnSync("Items", "Title", "Name");
            migrationBuilder.ReversibleSql(
                "CREATE TABLE \"ContractRan\" (\"Id\" integer PRIMARY KEY)",
                "DROP TABLE \"ContractRan\"");
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.ReversibleSql("DROP TABLE \"ContractRan\"", "CREATE TABLE \"ContractRan\" (\"Id\" integer PRIMARY KEY)");
            migrationBuilder.CreateColumnSync("Items", "Title", "Name");
        }
    }

    [DbContext(typeof(DeferralContext))]
    [Migration("20260301000004_AddPrice")]
    public sealed class Later : DeferralMigration
    {
        protected override (string Name, Type Clr, bool Nullable)[] Columns
            => [("Title", typeof(string), true), ("Name", typeof(string), true), ("Price", typeof(int), true)];

        protected override void Up(MigrationBuilder migrationBuilder)
            => migrationBuilder.AddColumn<int>(name: "Price", table: "Items", type: Int, nullable: true);

        protected override void Down(MigrationBuilder migrationBuilder)
            => migrationBuilder.DropColumn(name: "Price", table: "Items");
    }
}

namespace SafeMigrations.Tests.Scenarios.BadContract
{
    // A contract that names an expand migration the context does not have.
    public sealed class BadContractContext(DbContextOptions<BadContractContext> options) : DbContext(options);

    [DbContext(typeof(BadContractContext))]
    [Migration("20260302000001_Initial")]
    public sealed class Initial : Deferral.DeferralMigration
    {
        protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("SELECT 1");
    }

    [DbContext(typeof(BadContractContext))]
    [Migration("20260302000002_Contract")]
    [ContractOf("20260302000009_Missing")]
    public sealed class Contract : Deferral.DeferralMigration
    {
        protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("SELECT 2");
    }
}
