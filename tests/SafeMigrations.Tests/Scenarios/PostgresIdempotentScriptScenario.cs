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
                name: "Teams",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false),
                },
                constraints: table => table.PrimaryKey("PK_Teams", x => x.Id));

            migrationBuilder.CreateTable(
                name: "Users",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    Email = table.Column<string>(type: "text", nullable: false),
                    TeamId = table.Column<int>(type: "integer", nullable: true),
                },
                constraints: table => table.PrimaryKey("PK_Users", x => x.Id));
        }
    }

    /// <summary>
    /// The PostgreSQL helpers an expand step writes (a rename's, a foreign key's, a NOT NULL dropped), but the concurrent
    /// index builds and the compatibility view (see the test and the README).
    /// </summary>
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
            migrationBuilder.AddForeignKeyNotValid("FK_Users_Teams_TeamId", "Users", "TeamId", "Teams");
            migrationBuilder.DropNotNullSafely("Teams", "Name");
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
            migrationBuilder.ValidateConstraint("Users", "FK_Users_Teams_TeamId");
            migrationBuilder.SetNotNullSafely("Users", "EmailAddress");
            migrationBuilder.DropColumnSync("Users", "Email", "EmailAddress");
            migrationBuilder.DropColumn(name: "Email", table: "Users");
        }
    }
}
