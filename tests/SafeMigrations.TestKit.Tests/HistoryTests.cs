using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using SafeMigrations.TestKit.Scaffolding;

namespace SafeMigrations.TestKit.Tests;

public sealed class HistoryTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public void Ids_are_consecutive_timestamps_in_history_order(TestProvider provider)
    {
        var history = Scaffolder.ScaffoldHistory(provider, Models.History);

        Assert.Equal(
            [
                "20240101000001_CreateCustomers",
                "20240101000002_AddEmailIndex",
                "20240101000003_RenameNameColumn",
                "20240101000004_ChangePointsType",
                "20240101000005_DropPhone",
            ],
            history.Select(m => m.Id));
        Assert.Equal(["CreateCustomers", "AddEmailIndex", "RenameNameColumn", "ChangePointsType", "DropPhone"], history.Select(m => m.Name));
        Assert.Equal(history.Select(m => m.Id).Order(StringComparer.Ordinal), history.Select(m => m.Id));
        Assert.All(history, m => Assert.Equal(m.Id + ".cs", m.MigrationFileName));
        Assert.All(history, m => Assert.Equal(m.Id + ".Designer.cs", m.DesignerFileName));
        Assert.All(history, m => Assert.Equal("ShopContextModelSnapshot.cs", m.SnapshotFileName));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public void First_migration_creates_the_table(TestProvider provider)
    {
        var migration = Scaffolder.ScaffoldHistory(provider, Models.History)[0];

        var create = Assert.IsType<CreateTableOperation>(Assert.Single(migration.UpOperations));
        Assert.Equal("Customers", create.Name);
        Assert.Equal(["Id", "Name", "Email", "Phone", "Points"], create.Columns.Select(c => c.Name));
        Assert.Equal(["Id"], create.PrimaryKey!.Columns);
        var drop = Assert.IsType<DropTableOperation>(Assert.Single(migration.DownOperations));
        Assert.Equal("Customers", drop.Name);

        Assert.Contains("public partial class CreateCustomers : Migration", migration.MigrationCode);
        Assert.Contains("migrationBuilder.CreateTable(", migration.MigrationCode);
        Assert.Contains("name: \"Customers\"", migration.MigrationCode);
        Assert.Contains("table.PrimaryKey(\"PK_Customers\", x => x.Id);", migration.MigrationCode);
        Assert.Contains("migrationBuilder.DropTable(", migration.MigrationCode);

        // Each provider's own key generation annotation, as dotnet ef writes it.
        var identity = provider switch
        {
            TestProvider.Sqlite => ".Annotation(\"Sqlite:Autoincrement\", true)",
            TestProvider.SqlServer => ".Annotation(\"SqlServer:Identity\", \"1, 1\")",
            _ => ".Annotation(\"Npgsql:ValueGenerationStrategy\", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn)",
        };
        Assert.Contains(identity, migration.MigrationCode);
        var idType = provider switch
        {
            TestProvider.Sqlite => "\"INTEGER\"",
            TestProvider.SqlServer => "\"int\"",
            _ => "\"integer\"",
        };
        Assert.Contains("Id = table.Column<int>(type: " + idType + ", nullable: false)", migration.MigrationCode);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public void Adding_an_index_creates_it(TestProvider provider)
    {
        var migration = Scaffolder.ScaffoldHistory(provider, Models.History)[1];

        var create = Assert.Single(migration.UpOperations.OfType<CreateIndexOperation>());
        Assert.Equal("IX_Customers_Email", create.Name);
        Assert.Equal("Customers", create.Table);
        Assert.Equal(["Email"], create.Columns);
        Assert.False(create.IsUnique);
        var drop = Assert.Single(migration.DownOperations.OfType<DropIndexOperation>());
        Assert.Equal("IX_Customers_Email", drop.Name);
        Assert.Contains("migrationBuilder.CreateIndex(", migration.MigrationCode);
        Assert.Contains("name: \"IX_Customers_Email\"", migration.MigrationCode);
        Assert.Contains("migrationBuilder.DropIndex(", migration.MigrationCode);

        if (provider == TestProvider.SqlServer)
        {
            // SQL Server cannot index nvarchar(max): EF shrinks the column to nvarchar(450) first.
            Assert.Equal([typeof(AlterColumnOperation), typeof(CreateIndexOperation)], migration.UpOperations.Select(o => o.GetType()));
            var alter = (AlterColumnOperation)migration.UpOperations[0];
            Assert.Equal("nvarchar(450)", alter.ColumnType);
            Assert.Equal("nvarchar(max)", alter.OldColumn.ColumnType);
            Assert.Contains("migrationBuilder.AlterColumn<string>(", migration.MigrationCode);
        }
        else
        {
            Assert.IsType<CreateIndexOperation>(Assert.Single(migration.UpOperations));
            Assert.IsType<DropIndexOperation>(Assert.Single(migration.DownOperations));
            Assert.DoesNotContain("AlterColumn", migration.MigrationCode);
        }
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public void Changing_a_column_name_is_detected_as_a_rename(TestProvider provider)
    {
        var migration = Scaffolder.ScaffoldHistory(provider, Models.History)[2];

        var up = Assert.IsType<RenameColumnOperation>(Assert.Single(migration.UpOperations));
        Assert.Equal(("Customers", "Name", "FullName"), (up.Table, up.Name, up.NewName));
        var down = Assert.IsType<RenameColumnOperation>(Assert.Single(migration.DownOperations));
        Assert.Equal(("Customers", "FullName", "Name"), (down.Table, down.Name, down.NewName));

        Assert.Contains("migrationBuilder.RenameColumn(", migration.MigrationCode);
        Assert.Contains("newName: \"FullName\"", migration.MigrationCode);
        Assert.Contains("newName: \"Name\"", migration.MigrationCode);
        Assert.DoesNotContain("DropColumn", migration.MigrationCode);
        Assert.DoesNotContain("AddColumn", migration.MigrationCode);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public void Changing_a_column_type_alters_it(TestProvider provider)
    {
        var migration = Scaffolder.ScaffoldHistory(provider, Models.History)[3];

        var up = Assert.IsType<AlterColumnOperation>(Assert.Single(migration.UpOperations));
        Assert.Equal(("Customers", "Points"), (up.Table, up.Name));
        Assert.Equal(typeof(string), up.ClrType);
        Assert.Equal(typeof(int), up.OldColumn.ClrType);
        var (oldType, newType) = provider switch
        {
            TestProvider.Sqlite => ("INTEGER", "TEXT"),
            TestProvider.SqlServer => ("int", "nvarchar(64)"),
            _ => ("integer", "character varying(64)"),
        };
        Assert.Equal((oldType, newType), (up.OldColumn.ColumnType, up.ColumnType));
        var down = Assert.IsType<AlterColumnOperation>(Assert.Single(migration.DownOperations));
        Assert.Equal(typeof(int), down.ClrType);

        Assert.Contains("migrationBuilder.AlterColumn<string>(", migration.MigrationCode);
        Assert.Contains("migrationBuilder.AlterColumn<int>(", migration.MigrationCode);
        Assert.Contains($"type: \"{newType}\"", migration.MigrationCode);
        Assert.Contains($"oldType: \"{oldType}\"", migration.MigrationCode);
        Assert.Contains("oldClrType: typeof(int)", migration.MigrationCode);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public void Removing_a_property_drops_the_column(TestProvider provider)
    {
        var migration = Scaffolder.ScaffoldHistory(provider, Models.History)[4];

        var up = Assert.IsType<DropColumnOperation>(Assert.Single(migration.UpOperations));
        Assert.Equal(("Customers", "Phone"), (up.Table, up.Name));
        Assert.True(up.IsDestructiveChange);
        var down = Assert.IsType<AddColumnOperation>(Assert.Single(migration.DownOperations));
        Assert.Equal(("Customers", "Phone", typeof(string), true), (down.Table, down.Name, down.ClrType, down.IsNullable));

        Assert.Contains("migrationBuilder.DropColumn(", migration.MigrationCode);
        Assert.Contains("name: \"Phone\"", migration.MigrationCode);
        Assert.Contains("migrationBuilder.AddColumn<string>(", migration.MigrationCode);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public void Designer_files_carry_the_id_context_and_target_model(TestProvider provider)
    {
        var history = Scaffolder.ScaffoldHistory(provider, Models.History);
        var productVersion = EfProductVersion();

        Assert.All(history, migration =>
        {
            Assert.StartsWith("// <auto-generated />", migration.DesignerCode);
            Assert.Contains("namespace Sample.Migrations", migration.DesignerCode);
            Assert.Contains("using Sample;", migration.DesignerCode);
            Assert.Contains("[DbContext(typeof(ShopContext))]", migration.DesignerCode);
            Assert.Contains($"[Migration(\"{migration.Id}\")]", migration.DesignerCode);
            Assert.Contains($"partial class {migration.Name}", migration.DesignerCode);
            Assert.Contains("protected override void BuildTargetModel(ModelBuilder modelBuilder)", migration.DesignerCode);
            Assert.Contains($".HasAnnotation(\"ProductVersion\", \"{productVersion}\")", migration.DesignerCode);
            Assert.Contains("modelBuilder.Entity(\"SafeMigrations.TestKit.Tests.Customer\", b =>", migration.DesignerCode);
            Assert.Contains("namespace Sample.Migrations", migration.MigrationCode);
            Assert.Contains($"public partial class {migration.Name} : Migration", migration.MigrationCode);
        });

        // The target model is the model after each migration.
        Assert.DoesNotContain("HasColumnName(\"FullName\")", history[1].DesignerCode);
        Assert.Contains(".HasColumnName(\"FullName\")", history[2].DesignerCode);
        Assert.Contains("b.Property<string>(\"Phone\")", history[3].DesignerCode);
        Assert.DoesNotContain("\"Phone\"", history[4].DesignerCode);

        if (provider == TestProvider.PostgreSql)
        {
            Assert.Contains("NpgsqlModelBuilderExtensions.UseIdentityByDefaultColumns(modelBuilder);", history[0].DesignerCode);
        }
        else if (provider == TestProvider.SqlServer)
        {
            Assert.Contains("SqlServerModelBuilderExtensions.UseIdentityColumns(modelBuilder);", history[0].DesignerCode);
        }
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public void Snapshot_follows_the_history(TestProvider provider)
    {
        var history = Scaffolder.ScaffoldHistory(provider, Models.History);

        Assert.All(history, migration =>
        {
            Assert.Contains("[DbContext(typeof(ShopContext))]", migration.SnapshotCode);
            Assert.Contains("partial class ShopContextModelSnapshot : ModelSnapshot", migration.SnapshotCode);
            Assert.Contains("protected override void BuildModel(ModelBuilder modelBuilder)", migration.SnapshotCode);
            Assert.Equal("ShopContextModelSnapshot", migration.SnapshotName);

            // The snapshot after a migration describes the same model as that migration's designer file.
            Assert.Equal(ModelBody(migration.DesignerCode), ModelBody(migration.SnapshotCode));
        });
        Assert.Contains("b.HasIndex(\"Email\");", history[1].SnapshotCode);
        Assert.DoesNotContain("b.HasIndex(\"Email\");", history[0].SnapshotCode);
        Assert.Contains("b.Property<string>(\"Phone\")", history[3].SnapshotCode);
        Assert.DoesNotContain("\"Phone\"", history[4].SnapshotCode);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public void Changing_the_table_name_is_detected_as_a_rename(TestProvider provider)
    {
        var migrations = Scaffolder.Scaffold(
            provider,
            m => m.Entity<Customer>(b => Models.Customers(b, emailIndex: true)),
            m => m.Entity<Customer>(b => Models.Customers(b, table: "Clients", emailIndex: true)),
            "RenameCustomersToClients");

        Assert.Equal(["20240101000001_Initial", "20240101000002_RenameCustomersToClients"], migrations.Select(m => m.Id));
        Assert.Contains(migrations[0].UpOperations, o => o is CreateTableOperation { Name: "Customers" });

        var migration = migrations[1];
        var rename = Assert.Single(migration.UpOperations.OfType<RenameTableOperation>());
        Assert.Equal(("Customers", "Clients"), (rename.Name, rename.NewName));
        var renameIndex = Assert.Single(migration.UpOperations.OfType<RenameIndexOperation>());
        Assert.Equal(("IX_Customers_Email", "IX_Clients_Email"), (renameIndex.Name, renameIndex.NewName));
        Assert.DoesNotContain(migration.UpOperations, o => o is CreateTableOperation or DropTableOperation);
        Assert.Contains(migration.DownOperations, o => o is RenameTableOperation { Name: "Clients", NewName: "Customers" });

        Assert.Contains("migrationBuilder.RenameTable(", migration.MigrationCode);
        Assert.Contains("newName: \"Clients\"", migration.MigrationCode);
        Assert.Contains("migrationBuilder.RenameIndex(", migration.MigrationCode);
        Assert.DoesNotContain("migrationBuilder.CreateTable(", migration.MigrationCode);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public void An_unchanged_model_gives_an_empty_migration(TestProvider provider)
    {
        // Two different delegates building the same model: no operations either way.
        var migrations = Scaffolder.Scaffold(
            provider,
            m => m.Entity<Customer>(b => Models.Customers(b)),
            m => m.Entity<Customer>(b => Models.Customers(b)),
            "Nothing");

        Assert.Empty(migrations[1].UpOperations);
        Assert.Empty(migrations[1].DownOperations);
        Assert.DoesNotContain("migrationBuilder.", migrations[1].MigrationCode);
        Assert.Contains("protected override void Up(MigrationBuilder migrationBuilder)", migrations[1].MigrationCode);
    }

    [Fact]
    public void Models_are_not_cached_across_delegates()
    {
        // The same context type builds a different model per delegate.
        var first = Scaffolder.Scaffold(TestProvider.Sqlite, m => m.Entity<Customer>(b => Models.Customers(b)), m => m.Entity<Customer>(b => Models.Customers(b, table: "A")), "ToA");
        var second = Scaffolder.Scaffold(TestProvider.Sqlite, m => m.Entity<Customer>(b => Models.Customers(b)), m => m.Entity<Customer>(b => Models.Customers(b, table: "B")), "ToB");

        Assert.Contains(first[1].UpOperations, o => o is RenameTableOperation { NewName: "A" });
        Assert.Contains(second[1].UpOperations, o => o is RenameTableOperation { NewName: "B" });
    }

    [Fact]
    public void Names_are_validated()
    {
        Action<ModelBuilder> model = m => m.Entity<Customer>(b => Models.Customers(b));

        Assert.Throws<ArgumentException>(() => Scaffolder.ScaffoldHistory(TestProvider.Sqlite));
        Assert.Throws<ArgumentException>(() => Scaffolder.ScaffoldHistory(TestProvider.Sqlite, ("Same", model), ("Same", model)));
        Assert.Throws<ArgumentException>(() => Scaffolder.ScaffoldHistory(TestProvider.Sqlite, ("", model)));
        Assert.Throws<ArgumentException>(() => Scaffolder.ScaffoldHistory(TestProvider.Sqlite, ("ShopContext", model)));
    }

    [Fact]
    public void Names_and_timestamps_can_be_chosen()
    {
        var options = new ScaffoldOptions
        {
            ContextName = "BillingContext",
            ContextNamespace = "Billing.Data",
            MigrationsNamespace = "Billing.Data.Migrations",
            FirstTimestamp = new DateTime(2025, 6, 30, 23, 59, 59, DateTimeKind.Utc),
        };

        var history = Scaffolder.ScaffoldHistory(TestProvider.PostgreSql, options, Models.History[0], Models.History[1]);

        Assert.Equal(["20250630235959_CreateCustomers", "20250701000000_AddEmailIndex"], history.Select(m => m.Id));
        Assert.Equal("Billing.Data.BillingContext", options.ContextFullName);
        Assert.All(history, migration =>
        {
            Assert.Contains("namespace Billing.Data.Migrations", migration.MigrationCode);
            Assert.Contains("[DbContext(typeof(BillingContext))]", migration.DesignerCode);
            Assert.Contains("partial class BillingContextModelSnapshot : ModelSnapshot", migration.SnapshotCode);
            Assert.Equal("BillingContextModelSnapshot.cs", migration.SnapshotFileName);
        });
        Assert.Contains("namespace Billing.Data", Scaffolder.DbContextSource(options));
        Assert.Contains("public class BillingContext : DbContext", Scaffolder.DbContextSource(options));
    }

    [Fact]
    public void References_cover_ef_and_the_providers()
    {
        var names = Scaffolder.References.Select(Path.GetFileName).ToHashSet(StringComparer.OrdinalIgnoreCase);

        Assert.Subset(
            names,
            new HashSet<string?>(StringComparer.OrdinalIgnoreCase)
            {
                "Microsoft.EntityFrameworkCore.dll",
                "Microsoft.EntityFrameworkCore.Abstractions.dll",
                "Microsoft.EntityFrameworkCore.Relational.dll",
                "Microsoft.EntityFrameworkCore.Sqlite.dll",
                "Microsoft.EntityFrameworkCore.SqlServer.dll",
                "Npgsql.EntityFrameworkCore.PostgreSQL.dll",
                "Npgsql.dll",
                "Microsoft.Data.Sqlite.dll",
                "Microsoft.Data.SqlClient.dll",
            });
        Assert.All(Scaffolder.References, path => Assert.True(File.Exists(path), path));
        Assert.DoesNotContain("System.Private.CoreLib.dll", names);
        Assert.Contains(Scaffolder.FrameworkReferences, path => Path.GetFileName(path) == "System.Runtime.dll");
        Assert.All(Scaffolder.FrameworkReferences, path => Assert.True(File.Exists(path), path));
    }

    private static string EfProductVersion()
    {
        var version = typeof(DbContext).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }

    private static string ModelBody(string code)
    {
        var start = code.IndexOf("#pragma warning disable 612, 618", StringComparison.Ordinal);
        var end = code.IndexOf("#pragma warning restore 612, 618", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "no model body");
        return code[start..end];
    }
}
