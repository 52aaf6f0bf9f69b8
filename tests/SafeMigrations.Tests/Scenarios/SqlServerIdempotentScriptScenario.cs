using EFCore.SafeMigrations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace SafeMigrations.Tests.Scenarios.SqlServerIdempotentScript
{
    public sealed class IdempotentContext(DbContextOptions<IdempotentContext> options) : DbContext(options);

    /// <summary>
    /// An expand step that writes every SQL Server helper naming the old column <c>Email</c> in an expression, which the
    /// contract below drops: an idempotent script of both, run again, must not fail to compile the expand's batch.
    /// </summary>
    [DbContext(typeof(IdempotentContext))]
    [Migration("20260410000001_ExpandEmailAddress")]
    public sealed class ExpandEmailAddress : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(name: "EmailAddress", table: "Users", type: "nvarchar(200)", nullable: true);
            migrationBuilder.CreateColumnSync("Users", "Email", "EmailAddress");
            migrationBuilder.CopyColumnData("Users", "Email", "EmailAddress");
            migrationBuilder.AddCheckConstraintNotValid("CK_Users_Email", "Users", "[Email] IS NOT NULL OR [EmailAddress] <> N''");
            migrationBuilder.CreateCompatibilityView("Users", "Accounts");
        }
    }

    [DbContext(typeof(IdempotentContext))]
    [Migration("20260410000002_ContractEmail")]
    [ContractOf("20260410000001_ExpandEmailAddress")]
    public sealed class ContractEmail : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint("CK_Users_Email", "Users");
            migrationBuilder.DropColumnSync("Users", "Email", "EmailAddress");
            migrationBuilder.DropColumn(name: "Email", table: "Users");
        }
    }
}
