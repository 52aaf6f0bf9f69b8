using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Consumer.Migrations
{
    /// <summary>
    /// Hand-written T-SQL for SQL Server deployments. The analyzer reads it with ScriptDom, which the package
    /// ships beside the analyzer: SM4002 here shows that it loads in a consumer's build.
    /// </summary>
    [DbContext(typeof(CrmContext))]
    [Migration("20261123193420_ClearCustomerEmails")]
    public partial class ClearCustomerEmails : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            if (migrationBuilder.ActiveProvider == "Microsoft.EntityFrameworkCore.SqlServer")
            {
                migrationBuilder.Sql("UPDATE [dbo].[Customers] SET [Email] = NULL;");
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            if (migrationBuilder.ActiveProvider == "Microsoft.EntityFrameworkCore.SqlServer")
            {
                migrationBuilder.Sql("SELECT 1;");
            }
        }
    }
}
