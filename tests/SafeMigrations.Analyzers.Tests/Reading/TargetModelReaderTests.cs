using Microsoft.EntityFrameworkCore;
using SafeMigrations.Analyzers.Model;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.TestKit.Scaffolding;

namespace SafeMigrations.Analyzers.Tests.Reading;

public class TargetModelReaderTests
{
    private static void RichModel(ModelBuilder model)
    {
        model.Entity<Customer>(b =>
        {
            b.ToTable("Customers", "shop");
            b.Property(c => c.Name).HasMaxLength(100).HasColumnName("full_name");
            b.Property(c => c.Points).HasDefaultValue(10);
            b.HasIndex(c => c.Email).IsUnique();
        });
        model.Entity<Order>(b =>
        {
            b.ToTable("Orders", "shop", t => t.HasCheckConstraint("CK_Orders_Total", "\"Total\" >= 0"));
            b.Property(o => o.Total).HasPrecision(18, 2);
        });
    }

    [Theory]
    [InlineData(TestProvider.PostgreSql, "character varying(100)", "integer", "PostgreSql")]
    [InlineData(TestProvider.SqlServer, "nvarchar(100)", "int", "SqlServer")]
    [InlineData(TestProvider.Sqlite, "TEXT", "INTEGER", "Sqlite")]
    public void Reads_tables_columns_keys_indexes_and_foreign_keys_from_a_scaffolded_Designer(TestProvider provider, string nameType, string intType, string hint)
    {
        var migration = Scaffolder.ScaffoldHistory(provider, ("Initial", RichModel))[0];

        var model = CompilationHarness.ReadTargetModel(migration.DesignerCode);

        Assert.Equal(Enum.Parse<DatabaseProvider>(hint), model.ProviderHint);
        var customers = model.Table("Customers", "shop")!;
        Assert.Equal("Sample.Customer", customers.EntityType.Replace("SafeMigrations.Analyzers.Tests.Verifiers", "Sample"));
        var name = customers.Column("full_name")!;
        Assert.Equal(("Name", "string", nameType, false, 100), (name.PropertyName, name.ClrType, name.StoreType, name.IsNullable, name.MaxLength));
        var email = customers.Column("Email")!;
        Assert.True(email.IsNullable);
        var points = customers.Column("Points")!;
        Assert.Equal((intType, false, "10"), (points.StoreType, points.IsNullable, points.DefaultValue));
        Assert.Equal(new[] { "Id" }, customers.PrimaryKey);
        Assert.Equal("PK_Customers", customers.PrimaryKeyName);
        var index = Assert.Single(customers.Indexes);
        Assert.Equal(("IX_Customers_Email", true), (index.Name, index.IsUnique));
        Assert.Equal(new[] { "Email" }, index.Columns);

        var orders = model.Table("Orders")!;
        var total = orders.Column("Total")!;
        Assert.Equal((18, 2), (total.Precision, total.Scale));
        var foreignKey = Assert.Single(orders.ForeignKeys);
        Assert.Equal(("FK_Orders_Customers_CustomerId", "Customers"), (foreignKey.Name, foreignKey.PrincipalTable));
        Assert.Equal(new[] { "CustomerId" }, foreignKey.Columns);
        Assert.Equal(new[] { "Id" }, foreignKey.PrincipalColumns);
        Assert.Equal("CK_Orders_Total", Assert.Single(orders.CheckConstraints).Name);
        Assert.Equal(new[] { "IX_Orders_CustomerId" }, orders.Indexes.Select(i => i.Name));
    }

    [Theory]
    [InlineData(TestProvider.PostgreSql)]
    [InlineData(TestProvider.SqlServer)]
    [InlineData(TestProvider.Sqlite)]
    public void The_previous_model_is_the_Designer_of_the_migration_before(TestProvider provider)
    {
        var project = MigrationProject.Scaffold(provider, ("Initial", Models.Customers), ("RenameName", Models.CustomersWithRenamedName));

        var compilation = CompilationHarness.Compile(project.Sources);
        var before = CompilationHarness.PreviousModel(compilation, "RenameName")!;
        var first = CompilationHarness.PreviousModel(compilation, "Initial");

        Assert.Equal(project.History[0].Id, before.MigrationId);
        Assert.NotNull(before.Table("Customers")!.Column("Name"));
        Assert.Null(before.Table("Customers")!.Column("FullName"));
        Assert.Null(first);
    }
}
