using EFCore.SafeMigrations;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace MatrixConsumer;

[DbContext(typeof(ShopContext))]
[Migration(Ids.CreateCustomers)]
[GenerateRollback]
public partial class CreateCustomers : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Customers",
            columns: table => new
            {
                Id = table.Column<int>(type: "INTEGER", nullable: false)
                    .Annotation("Sqlite:Autoincrement", true),
                Name = table.Column<string>(type: "TEXT", nullable: false),
                Notes = table.Column<string>(type: "TEXT", nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_Customers", x => x.Id));
    }
}

/// <summary>The expand step: FullName beside Name, filled and kept in sync; Down is generated.</summary>
[DbContext(typeof(ShopContext))]
[Migration(Ids.AddFullName)]
[GenerateRollback]
public partial class AddFullName : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>(name: "FullName", table: "Customers", type: "TEXT", nullable: true);
        migrationBuilder.CopyColumnData("Customers", "Name", "FullName");
        migrationBuilder.CreateColumnSync("Customers", "Name", "FullName");
    }
}

/// <summary>The contract step: held back by UseSafeMigrations() in the run that applies AddFullName.</summary>
[DbContext(typeof(ShopContext))]
[Migration(Ids.DropName)]
[ContractOf(Ids.AddFullName)]
public partial class DropName : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumnSync("Customers", "Name", "FullName");
        // EF Core's DropColumn rebuilds the table on SQLite, from a target model these hand-written migrations lack.
        migrationBuilder.Sql("ALTER TABLE \"Customers\" DROP COLUMN \"Name\";");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>(name: "Name", table: "Customers", type: "TEXT", nullable: true);
        migrationBuilder.CopyColumnData("Customers", "FullName", "Name");
        migrationBuilder.CreateColumnSync("Customers", "Name", "FullName");
    }
}

/// <summary>A plain rename, which SM1001 reports (the running app still reads Notes).</summary>
[DbContext(typeof(ShopContext))]
[Migration(Ids.RenameNotes)]
[GenerateRollback]
public partial class RenameNotes : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.RenameColumn(name: "Notes", table: "Customers", newName: "Remarks");
    }
}

public static class Ids
{
    public const string CreateCustomers = "20260101000000_CreateCustomers";
    public const string AddFullName = "20260101000100_AddFullName";
    public const string DropName = "20260101000200_DropName";
    public const string RenameNotes = "20260101000300_RenameNotes";
}
