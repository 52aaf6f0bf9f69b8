using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Consumer.Migrations
{
    /// <inheritdoc />
    public partial class DropCustomerFullName : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "FullName",
                table: "Customers");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "FullName",
                table: "Customers",
                type: "text",
                nullable: false,
                defaultValue: "");
        }
    }
}
