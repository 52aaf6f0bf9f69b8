using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using SafeMigrations.Tests.Infrastructure;

namespace SafeMigrations.Tests.Scenarios.Failing
{
    // A migration whose Up throws part-way (a statement the database rejects).
    public sealed class FailingContext(DbContextOptions<FailingContext> options) : DbContext(options);

    [DbContext(typeof(FailingContext))]
    [Migration("20260501000001_Initial")]
    public sealed class Initial : TestMigration
    {
        protected override void Target(ModelBuilder modelBuilder) => Entity(modelBuilder, "Items", null, [("Name", typeof(string), true)]);

        protected override void Up(MigrationBuilder migrationBuilder)
            => migrationBuilder.CreateTable(
                name: "Items",
                columns: t => new { Id = Key(t), Name = t.Column<string>(type: Text, nullable: true) },
                constraints: t => t.PrimaryKey("PK_Items", x => x.Id));

        protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("Items");
    }

    [DbContext(typeof(FailingContext))]
    [Migration("20260501000002_Broken")]
    public sealed class Broken : TestMigration
    {
        protected override void Target(ModelBuilder modelBuilder) => Entity(modelBuilder, "Items", null, [("Name", typeof(string), true)]);

        protected override void Up(MigrationBuilder migrationBuilder)
            => throw new InvalidOperationException("Up failed");

        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }
    }
}
