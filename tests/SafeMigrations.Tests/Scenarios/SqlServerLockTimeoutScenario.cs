using EFCore.SafeMigrations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace SafeMigrations.Tests.Scenarios.SqlServerLockTimeout
{
    public sealed class MsLockContext(DbContextOptions<MsLockContext> options) : DbContext(options);

    public sealed class MsBackfillContext(DbContextOptions<MsBackfillContext> options) : DbContext(options);

    /// <summary>A batched backfill and a plain command outside the transaction (a context of its own: the scripts of MsLockContext stay as they are).</summary>
    [DbContext(typeof(MsBackfillContext))]
    [Migration("20260403000101_Backfill")]
    public sealed class MsBackfillMigration : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.BackfillInBatches("Items", "[Price] = 0", "[Price] IS NULL", batchSize: 1_000);
            migrationBuilder.Sql("UPDATE [Items] SET [Cost] = 0 WHERE [Cost] IS NULL", suppressTransaction: true);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }
    }

    // A column added in the transaction, a command outside it (a backfill), another column added in the transaction.
    [DbContext(typeof(MsLockContext))]
    [Migration("20260403000001_Mixed")]
    public sealed class MsMixedMigration : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(name: "Price", table: "Items", type: "int", nullable: true);
            migrationBuilder.Sql("UPDATE [Items] SET [Price] = 0 WHERE [Price] IS NULL", suppressTransaction: true);
            migrationBuilder.AddColumn<int>(name: "Cost", table: "Items", type: "int", nullable: true);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn("Cost", "Items");
            migrationBuilder.DropColumn("Price", "Items");
        }
    }
}
