using EFCore.SafeMigrations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using SafeMigrations.Tests.Infrastructure;

namespace SafeMigrations.Tests.Scenarios.AddNotNull
{
    // A NOT NULL column Accounts.Tier is added: nullable + backfill in the expand, backfill + enforce in the contract.
    public sealed class AddNotNullContext(DbContextOptions<AddNotNullContext> options) : DbContext(options);

    internal static class Tier
    {
        public const string Set = "\"Tier\" = CASE WHEN \"Id\" % 2 = 0 THEN 2 ELSE 1 END";
        public const string Where = "\"Tier\" IS NULL";
    }

    [DbContext(typeof(AddNotNullContext))]
    [Migration("20260103000001_Initial")]
    public sealed class Initial : TestMigration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
            => migrationBuilder.CreateTable(
                name: "Accounts",
                columns: t => new { Id = Key(t), Name = t.Column<string>(type: Text, nullable: true) },
                constraints: t => t.PrimaryKey("PK_Accounts", x => x.Id));

        protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("Accounts");

        protected override void Target(ModelBuilder modelBuilder)
            => Entity(modelBuilder, "Accounts", null, ("Name", typeof(string), true));
    }

    [DbContext(typeof(AddNotNullContext))]
    [Migration("20260103000002_AddTierExpand")]
    public sealed class Expand : TestMigration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(name: "Tier", table: "Accounts", type: Int, nullable: true);
            migrationBuilder.BackfillInBatches("Accounts", Tier.Set, Tier.Where, batchSize: 1_000);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
            => migrationBuilder.DropColumn(name: "Tier", table: "Accounts");

        protected override void Target(ModelBuilder modelBuilder)
            => Entity(modelBuilder, "Accounts", null, ("Name", typeof(string), true), ("Tier", typeof(int), true));
    }

    [DbContext(typeof(AddNotNullContext))]
    [Migration("20260103000003_AddTierContract")]
    [ContractOf("20260103000002_AddTierExpand")]
    public sealed class Contract : TestMigration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Rows the old app version inserted during the expand phase have no tier yet.
            migrationBuilder.BackfillInBatches("Accounts", Tier.Set, Tier.Where, batchSize: 1_000);
            if (Lite)
            {
                migrationBuilder.AlterColumn<int>(
                    name: "Tier", table: "Accounts", type: Int, nullable: false, oldClrType: typeof(int), oldType: Int, oldNullable: true);
            }
            else
            {
                migrationBuilder.SetNotNullSafely("Accounts", "Tier");
            }
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            if (Lite)
            {
                migrationBuilder.AlterColumn<int>(
                    name: "Tier", table: "Accounts", type: Int, nullable: true, oldClrType: typeof(int), oldType: Int, oldNullable: false);
            }
            else
            {
                migrationBuilder.DropNotNullSafely("Accounts", "Tier");
            }
        }

        protected override void Target(ModelBuilder modelBuilder)
            => Entity(modelBuilder, "Accounts", null, ("Name", typeof(string), true), ("Tier", typeof(int), false));
    }
}

namespace SafeMigrations.Tests.Scenarios.EnforceNotNull
{
    // The existing column Contacts.Email becomes NOT NULL: backfill in the expand, backfill + enforce in the contract.
    public sealed class EnforceNotNullContext(DbContextOptions<EnforceNotNullContext> options) : DbContext(options);

    internal static class Email
    {
        public const string Set = "\"Email\" = 'unknown-' || \"Id\"";
        public const string Where = "\"Email\" IS NULL";
    }

    [DbContext(typeof(EnforceNotNullContext))]
    [Migration("20260104000001_Initial")]
    public sealed class Initial : TestMigration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
            => migrationBuilder.CreateTable(
                name: "Contacts",
                columns: t => new { Id = Key(t), Email = t.Column<string>(type: Text, nullable: true) },
                constraints: t => t.PrimaryKey("PK_Contacts", x => x.Id));

        protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("Contacts");

        protected override void Target(ModelBuilder modelBuilder)
            => Entity(modelBuilder, "Contacts", null, ("Email", typeof(string), true));
    }

    [DbContext(typeof(EnforceNotNullContext))]
    [Migration("20260104000002_EmailRequiredExpand")]
    public sealed class Expand : TestMigration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
            => migrationBuilder.BackfillInBatches("Contacts", Email.Set, Email.Where, batchSize: 1_000);

        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }

        protected override void Target(ModelBuilder modelBuilder)
            => Entity(modelBuilder, "Contacts", null, ("Email", typeof(string), true));
    }

    [DbContext(typeof(EnforceNotNullContext))]
    [Migration("20260104000003_EmailRequiredContract")]
    [ContractOf("20260104000002_EmailRequiredExpand")]
    public sealed class Contract : TestMigration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.BackfillInBatches("Contacts", Email.Set, Email.Where, batchSize: 1_000);
            if (Lite)
            {
                migrationBuilder.AlterColumn<string>(
                    name: "Email", table: "Contacts", type: Text, nullable: false, oldClrType: typeof(string), oldType: Text, oldNullable: true);
            }
            else
            {
                migrationBuilder.SetNotNullSafely("Contacts", "Email");
            }
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            if (Lite)
            {
                migrationBuilder.AlterColumn<string>(
                    name: "Email", table: "Contacts", type: Text, nullable: true, oldClrType: typeof(string), oldType: Text, oldNullable: false);
            }
            else
            {
                migrationBuilder.DropNotNullSafely("Contacts", "Email");
            }
        }

        protected override void Target(ModelBuilder modelBuilder)
            => Entity(modelBuilder, "Contacts", null, ("Email", typeof(string), false));
    }
}
