using EFCore.SafeMigrations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace SafeMigrations.Tests.Scenarios.PostgresIdempotentScript
{
    public sealed class PgIdempotentContext(DbContextOptions<PgIdempotentContext> options) : DbContext(options);

    [DbContext(typeof(PgIdempotentContext))]
    [Migration("20260411000001_Users")]
    public sealed class Users : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Users",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    Email = table.Column<string>(type: "text", nullable: false),
                },
                constraints: table => table.PrimaryKey("PK_Users", x => x.Id));
        }
    }

    /// <summary>Every PostgreSQL helper an expand step of a rename writes, but the concurrent index builds (see the test).</summary>
    [DbContext(typeof(PgIdempotentContext))]
    [Migration("20260411000002_ExpandEmailAddress")]
    public sealed class ExpandEmailAddress : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(name: "EmailAddress", table: "Users", type: "text", nullable: true);
            migrationBuilder.CreateColumnSync("Users", "Email", "EmailAddress");
            migrationBuilder.CopyColumnData("Users", "Email", "EmailAddress", batchSize: 1_000);
            migrationBuilder.AddCheckConstraintNotValid("CK_Users_EmailAddress", "Users", "\"EmailAddress\" IS NOT NULL");
        }
    }

    [DbContext(typeof(PgIdempotentContext))]
    [Migration("20260411000003_ContractEmail")]
    [ContractOf("20260411000002_ExpandEmailAddress")]
    public sealed class ContractEmail : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.ValidateConstraint("Users", "CK_Users_EmailAddress");
            migrationBuilder.SetNotNullSafely("Users", "EmailAddress");
            migrationBuilder.DropColumnSync("Users", "Email", "EmailAddress");
            migrationBuilder.DropColumn(name: "Email", table: "Users");
        }
    }
}
