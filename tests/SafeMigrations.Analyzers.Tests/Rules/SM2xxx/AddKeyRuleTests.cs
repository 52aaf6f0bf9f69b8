using Microsoft.EntityFrameworkCore;
using Microsoft.CodeAnalysis.Testing;
using SafeMigrations.Analyzers.Rules;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.TestKit.Scaffolding;
using static SafeMigrations.Analyzers.Tests.Verifiers.AnalyzerVerifier;

namespace SafeMigrations.Analyzers.Tests.Rules;

public class AddKeyRuleTests
{
    // SQLite's rebuild is SM2008's; a rename's SM1002 is RenameTableRuleTests'.
    private const string OthersOff = "dotnet_diagnostic.SM2008.severity = none\ndotnet_diagnostic.SM1002.severity = none";

    private const string PostgresUnique =
        "builds its unique index under an ACCESS EXCLUSIVE lock on 'Customers', blocking every read and write until the build finishes, and fails outright if 'Customers' already holds duplicates. "
        + "Use migrationBuilder.AddUniqueConstraintUsingIndex(\"AK_Customers_Points\", \"Customers\", ...), which builds the index concurrently and then attaches it, in a migration of its own.";

    private const string PostgresPrimaryKey =
        "builds its unique index under an ACCESS EXCLUSIVE lock on 'Customers', blocking every read and write until the build finishes, and fails outright if 'Customers' holds duplicates or NULLs in the key. "
        + "Build the index first with CREATE UNIQUE INDEX CONCURRENTLY in migrationBuilder.Sql(..., suppressTransaction: true), in a migration of its own, then add the key with ALTER TABLE ... ADD CONSTRAINT \"PK_Customers\" PRIMARY KEY USING INDEX, which is metadata-only.";

    internal const string PostgresRename =
        "rebuilds the key's unique index under an ACCESS EXCLUSIVE lock on 'Clients', blocking every read and write until the build finishes: EF drops 'PK_Customers' and re-creates it as 'PK_Clients' only because the table was renamed. "
        + "Keep the key instead: name it 'PK_Customers' in the model (HasKey(...).HasName(\"PK_Customers\")), or rename it with migrationBuilder.Sql(\"ALTER TABLE ... RENAME CONSTRAINT ...\"), which is metadata-only.";

    private const string SqlServerPrimaryKey =
        "builds its index offline, and as a clustered index that rewrites the whole table under a schema-modification lock that blocks every read and write on 'Customers' until it finishes, and fails outright if 'Customers' holds duplicates or NULLs in the key. "
        + "Run it at a quiet time, or, on an edition with online index builds (Enterprise, Azure SQL), add it with WITH (ONLINE = ON) in migrationBuilder.Sql(...).";

    private const string SqlServerUnique =
        "builds its index offline, which blocks writes to 'Customers' until the build finishes, and fails outright if 'Customers' already holds duplicates. "
        + "Run it at a quiet time, or, on an edition with online index builds (Enterprise, Azure SQL), add it with WITH (ONLINE = ON) in migrationBuilder.Sql(...).";

    internal const string SqlServerRename =
        "rebuilds the key's index offline, and as a clustered key that rewrites the whole table under a schema-modification lock that blocks every read and write on 'Clients': EF drops 'PK_Customers' and re-creates it as 'PK_Clients' only because the table was renamed. "
        + "Keep the key instead: name it 'PK_Customers' in the model (HasKey(...).HasName(\"PK_Customers\")), or rename it with migrationBuilder.Sql(\"EXEC sp_rename ...\"), which is metadata-only.";

    private static MigrationProject AddUnique(TestProvider provider) =>
        MigrationProject.Scaffold(provider, ("Initial", Models.Customers), ("AddUniquePoints", LockModels.CustomersWithUniquePoints));

    private static MigrationProject AddKey(TestProvider provider) =>
        MigrationProject.Scaffold(provider, ("Initial", LockModels.KeylessCustomers), ("AddKey", LockModels.CustomersKeyedOnId));

    private static MigrationProject Rename(TestProvider provider) =>
        MigrationProject.Scaffold(provider, ("Initial", Models.CustomersWithEmailIndex), ("RenameCustomers", Models.CustomersWithEmailIndexRenamedToClients));

    private static DiagnosticResult Unique(MigrationProject project, string message) =>
        project.Expect(Descriptors.SM2006_AddKeyBuildsIndex, project.Last, "AddUniqueConstraint").WithArguments("unique constraint", "AK_Customers_Points", "Customers", message);

    private static DiagnosticResult Key(MigrationProject project, string name, string table, string message) =>
        project.Expect(Descriptors.SM2006_AddKeyBuildsIndex, project.Last, "AddPrimaryKey").WithArguments("primary key", name, table, message);

    [Fact]
    public async Task Fires_on_PostgreSQL_for_a_unique_constraint_and_proposes_AddUniqueConstraintUsingIndex()
    {
        var project = AddUnique(TestProvider.PostgreSql);

        await VerifyAsync(project, Unique(project, PostgresUnique));
    }

    [Fact]
    public async Task Fires_on_PostgreSQL_for_a_primary_key_and_proposes_USING_INDEX()
    {
        var project = AddKey(TestProvider.PostgreSql);

        Assert.Contains("migrationBuilder.AddPrimaryKey(", project.SourceOf(project.Last));
        await VerifyAsync(project, Key(project, "PK_Customers", "Customers", PostgresPrimaryKey));
    }

    [Fact]
    public async Task Fires_on_SQL_Server_for_a_clustered_primary_key()
    {
        var project = AddKey(TestProvider.SqlServer);

        await VerifyAsync(project, Key(project, "PK_Customers", "Customers", SqlServerPrimaryKey));
    }

    [Fact]
    public async Task Fires_on_SQL_Server_for_a_unique_constraint()
    {
        var project = AddUnique(TestProvider.SqlServer);

        await VerifyAsync(project, Unique(project, SqlServerUnique));
    }

    [Fact]
    public async Task Fires_on_SQL_Server_for_a_nonclustered_primary_key_as_blocking_writes_only()
    {
        var project = MigrationProject.Scaffold(
            TestProvider.SqlServer,
            ("Initial", LockModels.KeylessCustomers),
            Models.Step("AddKey", m => m.Entity<Customer>(b => { b.ToTable("Customers"); b.Ignore(c => c.Orders); b.HasKey(c => c.Id).IsClustered(false); b.Property(c => c.Id).ValueGeneratedNever(); })));

        Assert.Contains(".Annotation(\"SqlServer:Clustered\", false)", project.SourceOf(project.Last));
        await VerifyAsync(project, Key(project, "PK_Customers", "Customers",
            "builds its index offline, which blocks writes to 'Customers' until the build finishes, and fails outright if 'Customers' holds duplicates or NULLs in the key. "
            + "Run it at a quiet time, or, on an edition with online index builds (Enterprise, Azure SQL), add it with WITH (ONLINE = ON) in migrationBuilder.Sql(...)."));
    }

    [Fact]
    public async Task On_a_scaffolded_table_rename_says_the_key_is_rebuilt_only_for_its_name_on_PostgreSQL()
    {
        // EF scaffolds DropPrimaryKey + RenameTable + AddPrimaryKey: on PostgreSQL the ADD really builds a new index.
        var project = Rename(TestProvider.PostgreSql);

        Assert.Contains("migrationBuilder.DropPrimaryKey(", project.SourceOf(project.Last));
        await VerifyAsync(project, OthersOff, Key(project, "PK_Clients", "Clients", PostgresRename));
    }

    [Fact]
    public async Task On_a_scaffolded_table_rename_says_the_key_is_rebuilt_only_for_its_name_on_SQL_Server()
    {
        var project = Rename(TestProvider.SqlServer);

        await VerifyAsync(project, OthersOff, Key(project, "PK_Clients", "Clients", SqlServerRename));
    }

    [Theory]
    [InlineData("mysql")]
    [InlineData("sqlite")]
    public async Task Stays_quiet_where_the_key_is_added_online_or_by_a_rebuild(string provider)
    {
        // MySQL adds a unique index or a primary key in place with concurrent DML; SQLite rebuilds the table (SM2008).
        // No MySQL scaffolder runs on EF Core 10 (Pomelo 9): SQL Server migrations, whose key operations carry no store types.
        await VerifyAsync(AddUnique(TestProvider.SqlServer), OthersOff + "\nsafe_migrations.provider = " + provider);
        await VerifyAsync(AddKey(TestProvider.SqlServer), OthersOff + "\nsafe_migrations.provider = " + provider);
    }

    [Fact]
    public async Task Stays_quiet_on_SQLite()
    {
        await VerifyAsync(AddUnique(TestProvider.Sqlite), OthersOff);
        await VerifyAsync(Rename(TestProvider.Sqlite), OthersOff);
    }

    [Theory]
    [InlineData(TestProvider.PostgreSql)]
    [InlineData(TestProvider.SqlServer)]
    [InlineData(TestProvider.Sqlite)]
    public async Task Stays_quiet_for_a_table_created_in_the_same_migration(TestProvider provider)
    {
        var project = MigrationProject.Scaffold(provider, ("Initial", LockModels.CustomersWithUniquePoints));

        Assert.Contains("table.UniqueConstraint(", project.SourceOf(project.Last));
        await VerifyAsync(project);
    }

    [Fact]
    public async Task Stays_quiet_for_small_tables()
    {
        await VerifyAsync(AddUnique(TestProvider.PostgreSql), "safe_migrations.small_tables = Customers");
        await VerifyAsync(Rename(TestProvider.PostgreSql), OthersOff + "\nsafe_migrations.small_tables = Clients");
    }

    [Fact]
    public async Task The_provider_setting_wins_over_the_Designer()
    {
        var project = AddUnique(TestProvider.SqlServer);

        await VerifyAsync(project, "safe_migrations.provider = postgresql", Unique(project, PostgresUnique));
    }

    [Fact]
    public async Task Uses_the_provider_of_the_ActiveProvider_branch()
    {
        var project = AddUnique(TestProvider.Sqlite);
        project.WithMigrationCode(project.Last, code => "using Microsoft.EntityFrameworkCore;\n" + code
            .Replace("            migrationBuilder.AddUniqueConstraint(", "            if (migrationBuilder.IsNpgsql())\n            {\n            migrationBuilder.AddUniqueConstraint(")
            .Replace("column: \"Points\");\n        }", "column: \"Points\");\n            }\n        }"));

        Assert.Contains("if (migrationBuilder.IsNpgsql())", project.SourceOf(project.Last));
        await VerifyAsync(project, OthersOff, Unique(project, PostgresUnique));
    }

    [Fact]
    public async Task Stays_quiet_for_the_concurrent_helper()
    {
        var project = AddUnique(TestProvider.PostgreSql);
        project.WithMigrationCode(project.Last, code => "using EFCore.SafeMigrations;\n" + code.Replace(
            "            migrationBuilder.AddUniqueConstraint(",
            "            migrationBuilder.AddUniqueConstraintUsingIndex("));

        await VerifyAsync(project);
    }
}
