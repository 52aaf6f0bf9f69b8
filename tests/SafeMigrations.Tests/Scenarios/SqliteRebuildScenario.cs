using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using SafeMigrations.Tests.Infrastructure;

namespace SafeMigrations.Tests.Scenarios.SqliteRebuild
{
    /// <summary>Both contexts' first migration: Customers with a Note column (each context needs a class of its own).</summary>
    public abstract class CustomersWithNote : TestMigration
    {
        protected override void Target(ModelBuilder modelBuilder) =>
            Entity(modelBuilder, "Customers", null, ("Name", typeof(string), false), ("Note", typeof(string), true));

        protected override void Up(MigrationBuilder migrationBuilder)
            => migrationBuilder.CreateTable(
                name: "Customers",
                columns: t => new { Id = Key(t), Name = t.Column<string>(type: Text, nullable: false), Note = t.Column<string>(type: Text, nullable: true) },
                constraints: t => t.PrimaryKey("PK_Customers", x => x.Id));

        protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("Customers");
    }

    // A table, then a dropped column, which EF's SQLite provider runs as a table rebuild (copy, drop, rename).
    public sealed class RebuildContext(DbContextOptions<RebuildContext> options) : DbContext(options);

    [DbContext(typeof(RebuildContext))]
    [Migration("20260501000001_Initial")]
    public sealed class Initial : CustomersWithNote;

    [DbContext(typeof(RebuildContext))]
    [Migration("20260501000002_DropNote")]
    public sealed class DropNote : TestMigration
    {
        protected override void Target(ModelBuilder modelBuilder) => Entity(modelBuilder, "Customers", null, ("Name", typeof(string), false));

        protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.DropColumn(name: "Note", table: "Customers");

        protected override void Down(MigrationBuilder migrationBuilder) =>
            migrationBuilder.AddColumn<string>(name: "Note", table: "Customers", type: Text, nullable: true);
    }

    // The same rebuild in a migration that also deletes a row whose children cascade (Parents and Children are created
    // by the test, outside the model): EF runs the DELETE before it turns foreign keys off, so the children go too.
    public sealed class RebuildWithDeleteContext(DbContextOptions<RebuildWithDeleteContext> options) : DbContext(options);

    [DbContext(typeof(RebuildWithDeleteContext))]
    [Migration("20260501000001_Initial")]
    public sealed class InitialBeforeDelete : CustomersWithNote;

    [DbContext(typeof(RebuildWithDeleteContext))]
    [Migration("20260501000002_DeleteParentDropNote")]
    public sealed class DeleteParentDropNote : TestMigration
    {
        protected override void Target(ModelBuilder modelBuilder) => Entity(modelBuilder, "Customers", null, ("Name", typeof(string), false));

        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DELETE FROM \"Parents\" WHERE \"Id\" = 1");
            migrationBuilder.DropColumn(name: "Note", table: "Customers");
        }

        protected override void Down(MigrationBuilder migrationBuilder) =>
            migrationBuilder.AddColumn<string>(name: "Note", table: "Customers", type: Text, nullable: true);
    }
}
