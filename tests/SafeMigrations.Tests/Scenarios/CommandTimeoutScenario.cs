using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using SafeMigrations.Tests.Infrastructure;

namespace SafeMigrations.Tests.Scenarios.CommandTimeout
{
    // Initial creates Items; Slow runs a long command, outside the transaction (as a backfill or a concurrent index build
    // does) in SlowOutsideContext, inside it in SlowInsideContext. The contexts' timeout is 1 second, and Npgsql cancels a
    // timed-out command by a cancel request on a new connection: on a loaded machine that request can take more than a
    // second to land, so each sleep leaves the cancel seconds of margin (a 2-second sleep once finished first and the
    // expected timeout never came).
    public sealed class SlowOutsideContext(DbContextOptions<SlowOutsideContext> options) : DbContext(options);

    public sealed class SlowInsideContext(DbContextOptions<SlowInsideContext> options) : DbContext(options);

    public abstract class ItemsMigration : TestMigration
    {
        protected override void Target(ModelBuilder modelBuilder) => Entity(modelBuilder, "Items", null, ("Name", typeof(string), true));

        protected void CreateItems(MigrationBuilder migrationBuilder)
            => migrationBuilder.CreateTable(
                name: "Items",
                columns: t => new { Id = Key(t), Name = t.Column<string>(type: Text, nullable: true) },
                constraints: t => t.PrimaryKey("PK_Items", x => x.Id));

        protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("Items");
    }

    [DbContext(typeof(SlowOutsideContext))]
    [Migration("20260501000001_Initial")]
    public sealed class OutsideInitial : ItemsMigration
    {
        protected override void Up(MigrationBuilder migrationBuilder) => CreateItems(migrationBuilder);
    }

    /// <summary>A slow command, outside the migration's transaction or inside it.</summary>
    public abstract class SlowMigration(bool outsideTransaction, int seconds) : ItemsMigration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
            => migrationBuilder.Sql($"SELECT pg_sleep({seconds})", suppressTransaction: outsideTransaction);

        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }
    }

    [DbContext(typeof(SlowOutsideContext))]
    [Migration("20260501000002_Slow")]
    // Runs to completion in most tests, so it is as short as the cancel's margin allows.
    public sealed class SlowOutside() : SlowMigration(outsideTransaction: true, seconds: 5);

    [DbContext(typeof(SlowInsideContext))]
    [Migration("20260501000001_Initial")]
    public sealed class InsideInitial : ItemsMigration
    {
        protected override void Up(MigrationBuilder migrationBuilder) => CreateItems(migrationBuilder);
    }

    [DbContext(typeof(SlowInsideContext))]
    [Migration("20260501000002_Slow")]
    // Always cancelled after the 1-second timeout, so its length is only the time a cancel may take to land.
    public sealed class SlowInside() : SlowMigration(outsideTransaction: false, seconds: 30);
}

namespace SafeMigrations.Tests.Scenarios.InvalidIndex
{
    // Initial creates Items (Code a plain integer); AddCodeIndex builds an index on it CONCURRENTLY, as EF writes it with
    // Npgsql's CreatedConcurrently annotation (the SM2001 fix's output).
    public sealed class InvalidIndexContext(DbContextOptions<InvalidIndexContext> options) : DbContext(options);

    public abstract class CodeMigration : TestMigration
    {
        protected override void Target(ModelBuilder modelBuilder) => Entity(modelBuilder, "Items", null, ("Code", typeof(int), false));

        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }

        /// <summary>The Initial migration's table: Items, with an integer Code.</summary>
        protected void CreateItems(MigrationBuilder migrationBuilder)
            => migrationBuilder.CreateTable(
                name: "Items",
                columns: t => new { Id = Key(t), Code = t.Column<int>(type: Int, nullable: false) },
                constraints: t => t.PrimaryKey("PK_Items", x => x.Id));
    }

    [DbContext(typeof(InvalidIndexContext))]
    [Migration("20260601000001_Initial")]
    public sealed class Initial : CodeMigration
    {
        protected override void Up(MigrationBuilder migrationBuilder) => CreateItems(migrationBuilder);
    }

    [DbContext(typeof(InvalidIndexContext))]
    [Migration("20260601000002_AddCodeIndex")]
    public sealed class AddCodeIndex : CodeMigration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
            => migrationBuilder.CreateIndex(name: "IX_Items_Code", table: "Items", column: "Code").Annotation("Npgsql:CreatedConcurrently", true);
    }
}

namespace SafeMigrations.Tests.Scenarios.InvalidUnquotedIndex
{
    // AddCodeIndex builds a unique index CONCURRENTLY under an unquoted non-ASCII name, in raw SQL: PostgreSQL folds only its
    // ASCII letters (Índice_Items_Code is stored Índice_items_code).
    public sealed class InvalidUnquotedIndexContext(DbContextOptions<InvalidUnquotedIndexContext> options) : DbContext(options);

    [DbContext(typeof(InvalidUnquotedIndexContext))]
    [Migration("20260601000001_Initial")]
    public sealed class Initial : InvalidIndex.CodeMigration
    {
        protected override void Up(MigrationBuilder migrationBuilder) => CreateItems(migrationBuilder);
    }

    [DbContext(typeof(InvalidUnquotedIndexContext))]
    [Migration("20260601000002_AddCodeIndex")]
    public sealed class AddCodeIndex : InvalidIndex.CodeMigration
    {
        public const string Sql = "CREATE UNIQUE INDEX CONCURRENTLY Índice_Items_Code ON \"Items\" (\"Code\");";

        protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(Sql, suppressTransaction: true);
    }
}

