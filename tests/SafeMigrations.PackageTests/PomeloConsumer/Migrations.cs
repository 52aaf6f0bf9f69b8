using EFCore.SafeMigrations;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;

namespace PomeloConsumer;

[DbContext(typeof(ShopContext))]
[Migration("20260101000001_CreateItems")]
public sealed class CreateItems : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Items",
            columns: table => new
            {
                Id = table.Column<int>(type: "int", nullable: false)
                    .Annotation("MySql:ValueGenerationStrategy", MySqlValueGenerationStrategy.IdentityColumn),
                Code = table.Column<string>(type: "varchar(20)", nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_Items", x => x.Id));
        migrationBuilder.Sql("INSERT INTO `Items` (`Code`) VALUES (NULL), ('b'), (NULL), ('d'), (NULL);");
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable(name: "Items");
}

/// <summary>Pomelo's SQL for these calls runs procedures its own migrator creates around the migration (both ways).</summary>
[DbContext(typeof(ShopContext))]
[Migration("20260101000002_RekeyItems")]
public sealed class RekeyItems : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropPrimaryKey(name: "PK_Items", table: "Items");
        migrationBuilder.AddPrimaryKey(name: "PK_Items", table: "Items", column: "Id");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropPrimaryKey(name: "PK_Items", table: "Items");
        migrationBuilder.AddPrimaryKey(name: "PK_Items", table: "Items", column: "Id");
    }
}

[DbContext(typeof(ShopContext))]
[Migration("20260101000003_BackfillCodes")]
public sealed class BackfillCodes : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
        => migrationBuilder.BackfillInBatches("Items", "`Code` = 'none'", "`Code` IS NULL", batchSize: 2);

    protected override void Down(MigrationBuilder migrationBuilder)
    {
    }
}
