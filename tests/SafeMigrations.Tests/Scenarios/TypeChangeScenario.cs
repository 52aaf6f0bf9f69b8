using EFCore.SafeMigrations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using SafeMigrations.Tests.Infrastructure;

namespace SafeMigrations.Tests.Scenarios.TypeChange;

// Orders.Total (text, "12.34") becomes Orders.TotalCents (bigint, 1234), expand/contract with conversions both ways.
public sealed class TypeChangeContext(DbContextOptions<TypeChangeContext> options) : DbContext(options);

internal static class Conversions
{
    public static string ToCents(bool lite)
        => lite ? "CAST(ROUND(CAST({0} AS REAL) * 100) AS INTEGER)" : "CAST(ROUND(CAST({0} AS numeric) * 100) AS bigint)";

    public static string ToText(bool lite)
        => lite ? "printf('%.2f', {0} / 100.0)" : "to_char({0} / 100.0, 'FM9999999990.00')";
}

[DbContext(typeof(TypeChangeContext))]
[Migration("20260102000001_Initial")]
public sealed class Initial : TestMigration
{
    protected override void Up(MigrationBuilder migrationBuilder)
        => migrationBuilder.CreateTable(
            name: "Orders",
            columns: t => new { Id = Key(t), Total = t.Column<string>(type: Text, nullable: true) },
            constraints: t => t.PrimaryKey("PK_Orders", x => x.Id));

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("Orders");

    protected override void Target(ModelBuilder modelBuilder)
        => Entity(modelBuilder, "Orders", null, ("Total", typeof(string), true));
}

[DbContext(typeof(TypeChangeContext))]
[Migration("20260102000002_TotalToCentsExpand")]
public sealed class Expand : TestMigration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<long>(name: "TotalCents", table: "Orders", type: Long, nullable: true);
        migrationBuilder.CreateColumnSync(
            "Orders", "Total", "TotalCents", oldToNewSql: Conversions.ToCents(Lite), newToOldSql: Conversions.ToText(Lite));
        migrationBuilder.CopyColumnData("Orders", "Total", "TotalCents", batchSize: 1_000, conversionSql: Conversions.ToCents(Lite));
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumnSync(
            "Orders", "Total", "TotalCents", oldToNewSql: Conversions.ToCents(Lite), newToOldSql: Conversions.ToText(Lite));
        migrationBuilder.DropColumn(name: "TotalCents", table: "Orders");
    }

    protected override void Target(ModelBuilder modelBuilder)
        => Entity(modelBuilder, "Orders", null, ("Total", typeof(string), true), ("TotalCents", typeof(long), true));
}

[DbContext(typeof(TypeChangeContext))]
[Migration("20260102000003_TotalToCentsContract")]
[ContractOf("TotalToCentsExpand")]
public sealed class Contract : TestMigration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumnSync(
            "Orders", "Total", "TotalCents", oldToNewSql: Conversions.ToCents(Lite), newToOldSql: Conversions.ToText(Lite));
        migrationBuilder.DropColumn(name: "Total", table: "Orders");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>(name: "Total", table: "Orders", type: Text, nullable: true);
        migrationBuilder.CopyColumnData("Orders", "TotalCents", "Total", batchSize: 1_000, conversionSql: Conversions.ToText(Lite));
        migrationBuilder.CreateColumnSync(
            "Orders", "Total", "TotalCents", oldToNewSql: Conversions.ToCents(Lite), newToOldSql: Conversions.ToText(Lite));
    }

    protected override void Target(ModelBuilder modelBuilder)
        => Entity(modelBuilder, "Orders", null, ("TotalCents", typeof(long), true));
}
