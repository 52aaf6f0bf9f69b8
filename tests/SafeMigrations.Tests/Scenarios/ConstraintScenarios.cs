using EFCore.SafeMigrations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using SafeMigrations.Tests.Infrastructure;

namespace SafeMigrations.Tests.Scenarios.ForeignKey
{
    // A foreign key Orders.CustomerId → Customers.Id on existing data: NOT VALID in the expand, VALIDATE in the contract.
    public sealed class ForeignKeyContext(DbContextOptions<ForeignKeyContext> options) : DbContext(options);

    public abstract class FkMigration : TestMigration
    {
        protected void Model(ModelBuilder modelBuilder, bool withForeignKey)
        {
            Entity(modelBuilder, "Customers", null, ("Name", typeof(string), true));
            Entity(
                modelBuilder,
                "Orders",
                b =>
                {
                    b.HasIndex("CustomerId").HasDatabaseName("IX_Orders_CustomerId");
                    if (withForeignKey)
                    {
                        b.HasOne("Customers", null).WithMany().HasForeignKey("CustomerId")
                            .HasConstraintName("FK_Orders_Customers_CustomerId").OnDelete(DeleteBehavior.NoAction);
                    }
                },
                ("CustomerId", typeof(int), false),
                ("Note", typeof(string), true));
        }
    }

    [DbContext(typeof(ForeignKeyContext))]
    [Migration("20260105000001_Initial")]
    public sealed class Initial : FkMigration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Customers",
                columns: t => new { Id = Key(t), Name = t.Column<string>(type: Text, nullable: true) },
                constraints: t => t.PrimaryKey("PK_Customers", x => x.Id));
            migrationBuilder.CreateTable(
                name: "Orders",
                columns: t => new
                {
                    Id = Key(t),
                    CustomerId = t.Column<int>(type: Int, nullable: false),
                    Note = t.Column<string>(type: Text, nullable: true),
                },
                constraints: t => t.PrimaryKey("PK_Orders", x => x.Id));
            migrationBuilder.CreateIndex(name: "IX_Orders_CustomerId", table: "Orders", column: "CustomerId");
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable("Orders");
            migrationBuilder.DropTable("Customers");
        }

        protected override void Target(ModelBuilder modelBuilder) => Model(modelBuilder, withForeignKey: false);
    }

    [DbContext(typeof(ForeignKeyContext))]
    [Migration("20260105000002_OrderCustomerFkExpand")]
    public sealed class Expand : FkMigration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
            => migrationBuilder.AddForeignKeyNotValid(
                name: "FK_Orders_Customers_CustomerId",
                table: "Orders",
                column: "CustomerId",
                principalTable: "Customers",
                principalColumn: "Id");

        protected override void Down(MigrationBuilder migrationBuilder)
            => migrationBuilder.DropForeignKey(name: "FK_Orders_Customers_CustomerId", table: "Orders");

        protected override void Target(ModelBuilder modelBuilder) => Model(modelBuilder, withForeignKey: true);
    }

    [DbContext(typeof(ForeignKeyContext))]
    [Migration("20260105000003_OrderCustomerFkContract")]
    [ContractOf("20260105000002_OrderCustomerFkExpand")]
    public sealed class Contract : FkMigration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
            => migrationBuilder.ValidateConstraint("Orders", "FK_Orders_Customers_CustomerId");

        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }

        protected override void Target(ModelBuilder modelBuilder) => Model(modelBuilder, withForeignKey: true);
    }
}

namespace SafeMigrations.Tests.Scenarios.Check
{
    // A check constraint Products.PriceCents >= 0 on existing data: NOT VALID in the expand, VALIDATE in the contract.
    public sealed class CheckContext(DbContextOptions<CheckContext> options) : DbContext(options);

    public abstract class CheckMigration : TestMigration
    {
        public const string Condition = "\"PriceCents\" >= 0";

        protected void Model(ModelBuilder modelBuilder, bool withCheck)
            => Entity(
                modelBuilder,
                "Products",
                b =>
                {
                    if (withCheck)
                    {
                        b.ToTable("Products", t => t.HasCheckConstraint("CK_Products_PriceCents", Condition));
                    }
                },
                ("Name", typeof(string), true),
                ("PriceCents", typeof(long), false));
    }

    [DbContext(typeof(CheckContext))]
    [Migration("20260106000001_Initial")]
    public sealed class Initial : CheckMigration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
            => migrationBuilder.CreateTable(
                name: "Products",
                columns: t => new
                {
                    Id = Key(t),
                    Name = t.Column<string>(type: Text, nullable: true),
                    PriceCents = t.Column<long>(type: Long, nullable: false),
                },
                constraints: t => t.PrimaryKey("PK_Products", x => x.Id));

        protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("Products");

        protected override void Target(ModelBuilder modelBuilder) => Model(modelBuilder, withCheck: false);
    }

    [DbContext(typeof(CheckContext))]
    [Migration("20260106000002_PricePositiveExpand")]
    public sealed class Expand : CheckMigration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
            => migrationBuilder.AddCheckConstraintNotValid("CK_Products_PriceCents", "Products", Condition);

        protected override void Down(MigrationBuilder migrationBuilder)
            => migrationBuilder.DropCheckConstraint("CK_Products_PriceCents", "Products");

        protected override void Target(ModelBuilder modelBuilder) => Model(modelBuilder, withCheck: true);
    }

    [DbContext(typeof(CheckContext))]
    [Migration("20260106000003_PricePositiveContract")]
    [ContractOf("20260106000002_PricePositiveExpand")]
    public sealed class Contract : CheckMigration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
            => migrationBuilder.ValidateConstraint("Products", "CK_Products_PriceCents");

        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }

        protected override void Target(ModelBuilder modelBuilder) => Model(modelBuilder, withCheck: true);
    }
}

namespace SafeMigrations.Tests.Scenarios.Unique
{
    // Users.Email becomes unique: a unique constraint built concurrently in the expand; the old non-unique index is
    // dropped concurrently in the contract.
    public sealed class UniqueContext(DbContextOptions<UniqueContext> options) : DbContext(options);

    public abstract class UniqueMigration : TestMigration
    {
        protected void Model(ModelBuilder modelBuilder, bool withPlainIndex, bool withUnique)
            => Entity(
                modelBuilder,
                "Users",
                b =>
                {
                    if (withPlainIndex)
                    {
                        b.HasIndex("Email").HasDatabaseName("IX_Users_Email");
                    }

                    if (withUnique)
                    {
                        b.HasAlternateKey("Email").HasName("AK_Users_Email");
                    }
                },
                ("Email", typeof(string), false));
    }

    [DbContext(typeof(UniqueContext))]
    [Migration("20260107000001_Initial")]
    public sealed class Initial : UniqueMigration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Users",
                columns: t => new { Id = Key(t), Email = t.Column<string>(type: Text, nullable: false) },
                constraints: t => t.PrimaryKey("PK_Users", x => x.Id));
            migrationBuilder.CreateIndex(name: "IX_Users_Email", table: "Users", column: "Email");
        }

        protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("Users");

        protected override void Target(ModelBuilder modelBuilder) => Model(modelBuilder, withPlainIndex: true, withUnique: false);
    }

    [DbContext(typeof(UniqueContext))]
    [Migration("20260107000002_UniqueEmailExpand")]
    public sealed class Expand : UniqueMigration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
            => migrationBuilder.AddUniqueConstraintUsingIndex("AK_Users_Email", "Users", ["Email"]);

        protected override void Down(MigrationBuilder migrationBuilder)
            => migrationBuilder.DropUniqueConstraintUsingIndex("AK_Users_Email", "Users");

        protected override void Target(ModelBuilder modelBuilder) => Model(modelBuilder, withPlainIndex: true, withUnique: true);
    }

    [DbContext(typeof(UniqueContext))]
    [Migration("20260107000003_UniqueEmailContract")]
    [ContractOf("20260107000002_UniqueEmailExpand")]
    public sealed class Contract : UniqueMigration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
            => migrationBuilder.DropIndexConcurrently("IX_Users_Email", "Users");

        protected override void Down(MigrationBuilder migrationBuilder)
            => migrationBuilder.CreateIndex(name: "IX_Users_Email", table: "Users", column: "Email");

        protected override void Target(ModelBuilder modelBuilder) => Model(modelBuilder, withPlainIndex: false, withUnique: true);
    }
}
