using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using SafeMigrations.Analyzers.Tests.Verifiers;
using Xunit.Abstractions;

namespace SafeMigrations.Analyzers.Tests.Precision;

/// <summary>What each provider's EF SQL really does with a nullable → NOT NULL AlterColumn that states a default.</summary>
public class SetNotNullSqlTests(ITestOutputHelper output)
{
    private static void Required(ModelBuilder model) => model.Entity<Customer>(b =>
    {
        b.ToTable("Customers");
        b.Ignore(c => c.Orders);
        b.Property(c => c.Email).IsRequired();
    });

    private static AlterColumnOperation Alter(string type) => new()
    {
        Name = "Email",
        Table = "Customers",
        ClrType = typeof(string),
        ColumnType = type,
        IsNullable = false,
        DefaultValue = "",
        OldColumn = new AddColumnOperation { Name = "Email", Table = "Customers", ClrType = typeof(string), ColumnType = type, IsNullable = true },
    };

    [Fact]
    public void PostgreSQL_and_SQL_Server_fill_the_NULLs_with_the_default_before_NOT_NULL_and_SQLite_copies_them_as_the_default()
    {
        var postgres = EfSql.Text(EfSql.Postgres(Required, [Alter("text")]));
        var sqlServer = EfSql.Text(EfSql.SqlServer(Required, [Alter("nvarchar(max)")]));
        var sqlite = EfSql.Text(EfSql.Sqlite(Required, [Alter("TEXT")]));
        output.WriteLine(postgres + "\n---\n" + sqlServer + "\n---\n" + sqlite);

        Assert.Contains("UPDATE \"Customers\" SET \"Email\" = '' WHERE \"Email\" IS NULL", postgres, StringComparison.Ordinal);
        Assert.Contains("UPDATE [Customers] SET [Email] = N'' WHERE [Email] IS NULL", sqlServer, StringComparison.Ordinal);
        Assert.Contains("IFNULL(\"Email\", '')", sqlite, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SafeMigrations.TestKit.Scaffolding.TestProvider.PostgreSql, "postgresql", "makes EF first run UPDATE ... SET 'Email' = \"\" WHERE 'Email' IS NULL: existing NULLs silently become \"\"")]
    [InlineData(SafeMigrations.TestKit.Scaffolding.TestProvider.Sqlite, "sqlite", "the copy writes \"\" into every row where 'Email' is NULL: existing NULLs silently become \"\"")]
    public async Task SM1008_says_the_NULLs_silently_become_the_scaffolded_default(SafeMigrations.TestKit.Scaffolding.TestProvider provider, string setting, string expected)
    {
        var project = MigrationProject.Scaffold(provider, ("Initial", Models.Customers), ("RequireEmail", Required));
        Assert.Contains("defaultValue: \"\"", project.SourceOf(project.Last), StringComparison.Ordinal);

        var diagnostic = Assert.Single(await FixRunner.For(project.Sources, "safe_migrations.provider = " + setting).DiagnosticsAsync(), d => d.Id == "SM1008");

        Assert.Contains(expected, diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.DoesNotContain("fails if any row holds NULL", diagnostic.GetMessage(), StringComparison.Ordinal);
    }
}
