using EFCore.SafeMigrations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using SafeMigrations.Tests.Infrastructure;

namespace SafeMigrations.Tests.Scenarios.Rename;

// Customers.FullName is renamed to Customers.Name, expand/contract.
public sealed class RenameContext(DbContextOptions<RenameContext> options) : DbContext(options);

[DbContext(typeof(RenameContext))]
[Migration("20260101000001_Initial")]
public sealed class Initial : TestMigration
{
    protected override void Up(MigrationBuilder migrationBuilder)
        => migrationBuilder.CreateTable(
            name: "Customers",
            columns: t => new { Id = Key(t), FullName = t.Column<string>(type: Text, nullable: true) },
            constraints: t => t.PrimaryKey("PK_Customers", x => x.Id));

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("Customers");

    protected override void Target(ModelBuilder modelBuilder)
        => Entity(modelBuilder, "Customers", null, ("FullName", typeof(string), true));
}

[DbContext(typeof(RenameContext))]
[Migration("20260101000002_RenameFullNameExpand")]
public sealed class Expand : TestMigration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>(name: "Name", table: "Customers", type: Text, nullable: true);
        migrationBuilder.CreateColumnSync("Customers", "FullName", "Name");
        migrationBuilder.CopyColumnData("Customers", "FullName", "Name", batchSize: 1_000);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumnSync("Customers", "FullName", "Name");
        migrationBuilder.DropColumn(name: "Name", table: "Customers");
    }

    protected override void Target(ModelBuilder modelBuilder)
        => Entity(modelBuilder, "Customers", null, ("FullName", typeof(string), true), ("Name", typeof(string), true));
}

[DbContext(typeof(RenameContext))]
[Migration("20260101000003_RenameFullNameContract")]
[ContractOf("20260101000002_RenameFullNameExpand")]
public sealed class Contract : TestMigration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumnSync("Customers", "FullName", "Name");
        migrationBuilder.DropColumn(name: "FullName", table: "Customers");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>(name: "FullName", table: "Customers", type: Text, nullable: true);
        migrationBuilder.CopyColumnData("Customers", "Name", "FullName", batchSize: 1_000);
        migrationBuilder.CreateColumnSync("Customers", "FullName", "Name");
    }

    protected override void Target(ModelBuilder modelBuilder)
        => Entity(modelBuilder, "Customers", null, ("Name", typeof(string), true));
}
