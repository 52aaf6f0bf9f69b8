using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.EntityFrameworkCore;
using SafeMigrations.Analyzers.Rules;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.TestKit.Scaffolding;
using static SafeMigrations.Analyzers.Tests.Verifiers.AnalyzerVerifier;

namespace SafeMigrations.Analyzers.Tests.Rules;

public class SqliteRebuildRuleTests
{
    // The other rules that scaffolded model changes trigger are about other things.
    private const string OthersOff = """
        dotnet_diagnostic.SM1002.severity = none
        dotnet_diagnostic.SM1003.severity = none
        dotnet_diagnostic.SM1008.severity = none
        """;

    private static void RequiredEmail(ModelBuilder model) => model.Entity<Customer>(b =>
    {
        b.ToTable("Customers");
        b.Ignore(c => c.Orders);
        b.Property(c => c.Email).IsRequired();
    });

    private static void RequiredEmailWithoutPoints(ModelBuilder model) => model.Entity<Customer>(b =>
    {
        b.ToTable("Customers");
        b.Ignore(c => c.Orders);
        b.Ignore(c => c.Points);
        b.Property(c => c.Email).IsRequired();
    });

    private static void CustomersWithComment(ModelBuilder model) => model.Entity<Customer>(b =>
    {
        b.ToTable("Customers", t => t.HasComment("People who order"));
        b.Ignore(c => c.Orders);
    });

    private static readonly Action<ModelBuilder> MembersWithoutScore = LockModels.Members([]);
    private static readonly Action<ModelBuilder> MembersWithScore = LockModels.Members([nameof(Member.Score)]);
    private static readonly Action<ModelBuilder> MembersWithCommentedScore = LockModels.Members([nameof(Member.Score)], b => b.Property(m => m.Score).HasComment("points this season"));

    /// <summary>Scaffolded model changes: before, after.</summary>
    private static readonly Dictionary<string, (Action<ModelBuilder> Before, Action<ModelBuilder> After)> Cases = new()
    {
        ["AddForeignKey"] = (LockModels.CustomersAndUnrelatedOrders, Models.CustomersAndOrders),
        ["DropForeignKey"] = (Models.CustomersAndOrders, LockModels.CustomersAndUnrelatedOrders),
        ["AddCheckConstraint"] = (Models.Customers, LockModels.CustomersWithPointsCheck),
        ["DropCheckConstraint"] = (LockModels.CustomersWithPointsCheck, Models.Customers),
        ["AddUniqueConstraint"] = (Models.Customers, LockModels.CustomersWithUniquePoints),
        ["DropUniqueConstraint"] = (LockModels.CustomersWithUniquePoints, Models.Customers),
        ["AddPrimaryKey"] = (LockModels.KeylessCustomers, LockModels.CustomersKeyedOnId),
        ["DropPrimaryKey"] = (LockModels.CustomersKeyedOnId, LockModels.KeylessCustomers),
        ["RenameTable"] = (Models.CustomersWithEmailIndex, Models.CustomersWithEmailIndexRenamedToClients),
        ["DropColumn"] = (Models.Customers, Models.CustomersWithoutEmail),
        ["AlterColumn"] = (Models.Customers, RequiredEmail),
        ["AlterColumnAndDropColumn"] = (Models.Customers, RequiredEmailWithoutPoints),
        ["AlterTable"] = (Models.Customers, CustomersWithComment),
        ["AddColumnWithComment"] = (MembersWithoutScore, MembersWithCommentedScore),
        ["AddColumn"] = (MembersWithoutScore, MembersWithScore),
        ["CreateIndex"] = (Models.Customers, Models.CustomersWithEmailIndex),
        ["DropIndex"] = (Models.CustomersWithEmailIndex, Models.Customers),
        ["RenameColumn"] = (Models.Customers, Models.CustomersWithRenamedName),
        ["CreateTableWithForeignKey"] = (Models.Customers, Models.CustomersAndOrders),
    };

    public static TheoryData<string> CaseNames() => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Fires_exactly_when_EFs_SQLite_SQL_rebuilds_a_table_once_per_rebuilt_table(string name)
    {
        var (before, after) = Cases[name];
        var project = MigrationProject.Scaffold(TestProvider.Sqlite, ("Initial", before), ("Step", after));

        // What EF Core's own SQLite migrations SQL generator does with the scaffolded operations.
        var sql = EfSql.Text(EfSql.Sqlite(after, project.Last.UpOperations));
        var rebuilt = Regex.Matches(sql, "CREATE TABLE \"ef_temp_([A-Za-z]+)\"").Select(m => m.Groups[1].Value).ToList();

        var compilation = CompilationHarness.Compile(project.Sources);
        var diagnostics = (await CompilationHarness.AnalyzeAsync(compilation, new SafeMigrationsAnalyzer()))
            .Where(d => d.Id == "SM2008" && d.Location.SourceTree?.FilePath == MigrationProject.PathOf(project.Last))
            .ToList();

        Assert.Equal(rebuilt.Count, diagnostics.Count);
        Assert.True(rebuilt.Count <= 1, sql);
        if (rebuilt.Count == 1)
        {
            // Reported on the first rebuilding operation, naming the table as it does (the rename moves it).
            var message = diagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture);
            Assert.StartsWith($"EF rebuilds existing table '{(name == "RenameTable" ? "Customers" : rebuilt[0])}' on SQLite for ", message);
        }
    }

    [Fact]
    public void The_cases_cover_both_outcomes()
    {
        var rebuilds = Cases.Where(c => EfSql.Text(EfSql.Sqlite(c.Value.After, MigrationProject.Scaffold(TestProvider.Sqlite, ("Initial", c.Value.Before), ("Step", c.Value.After)).Last.UpOperations)).Contains("ef_temp_", StringComparison.Ordinal))
            .Select(c => c.Key).OrderBy(k => k, StringComparer.Ordinal).ToList();

        Assert.Equal(
            new[] { "AddCheckConstraint", "AddColumnWithComment", "AddForeignKey", "AddPrimaryKey", "AddUniqueConstraint", "AlterColumn", "AlterColumnAndDropColumn", "AlterTable", "DropCheckConstraint", "DropColumn", "DropForeignKey", "DropPrimaryKey", "DropUniqueConstraint", "RenameTable" },
            rebuilds);
    }

    [Fact]
    public void EF_commits_the_migration_transaction_part_way_through_a_rebuild()
    {
        var (before, after) = Cases["AlterColumn"];
        var commands = EfSql.Sqlite(after, MigrationProject.Scaffold(TestProvider.Sqlite, ("Initial", before), ("Step", after)).Last.UpOperations);

        var copy = commands.ToList().FindIndex(c => c.CommandText.StartsWith("INSERT INTO \"ef_temp_Customers\"", StringComparison.Ordinal));
        var pragma = commands.ToList().FindIndex(c => c.CommandText.Contains("PRAGMA foreign_keys = 0", StringComparison.Ordinal));
        Assert.True(copy >= 0 && pragma > copy);
        Assert.False(commands[copy].TransactionSuppressed);
        Assert.True(commands[pragma].TransactionSuppressed);
    }

    [Fact]
    public async Task Reports_the_message_once_for_a_table_with_two_rebuilding_operations()
    {
        var project = MigrationProject.Scaffold(TestProvider.Sqlite, ("Initial", Models.Customers), ("Step", RequiredEmailWithoutPoints));
        var source = project.SourceOf(project.Last);
        var first = source.IndexOf("migrationBuilder.DropColumn(", StringComparison.Ordinal) < source.IndexOf("migrationBuilder.AlterColumn<", StringComparison.Ordinal) ? "DropColumn" : "AlterColumn";

        await VerifyAsync(project, OthersOff, project.Expect(Descriptors.SM2008_SqliteTableRebuild, project.Last, first)
            .WithArguments("Customers", first == "DropColumn" ? "DropColumn 'Points', AlterColumn 'Email'" : "AlterColumn 'Email', DropColumn 'Points'"));
    }

    [Theory]
    [InlineData(TestProvider.PostgreSql)]
    [InlineData(TestProvider.SqlServer)]
    public async Task Stays_quiet_on_other_providers(TestProvider provider)
    {
        await VerifyAsync(MigrationProject.Scaffold(provider, ("Initial", Models.Customers), ("Step", Models.CustomersWithoutEmail)), OthersOff);
    }

    [Fact]
    public async Task Fires_when_the_provider_setting_says_SQLite()
    {
        var project = MigrationProject.Scaffold(TestProvider.PostgreSql, ("Initial", Models.Customers), ("Step", Models.CustomersWithoutEmail));

        await VerifyAsync(project, OthersOff + "\nsafe_migrations.provider = sqlite", Expected(project, "DropColumn", "DropColumn 'Email'"));
    }

    [Fact]
    public async Task Uses_the_provider_of_the_ActiveProvider_branch()
    {
        var project = MigrationProject.Scaffold(TestProvider.PostgreSql, ("Initial", Models.Customers), ("Step", Models.CustomersWithoutEmail));
        project.WithMigrationCode(project.Last, code => "using Microsoft.EntityFrameworkCore;\n" + code
            .Replace("            migrationBuilder.DropColumn(", "            if (migrationBuilder.IsSqlite())\n            {\n            migrationBuilder.DropColumn(")
            .Replace("table: \"Customers\");\n        }", "table: \"Customers\");\n            }\n        }"));

        Assert.Contains("if (migrationBuilder.IsSqlite())", project.SourceOf(project.Last));
        await VerifyAsync(project, OthersOff, Expected(project, "DropColumn", "DropColumn 'Email'"));
    }

    [Fact]
    public async Task Stays_quiet_for_a_table_created_in_the_same_migration_and_at_or_before_start_after()
    {
        await VerifyAsync(MigrationProject.Scaffold(TestProvider.Sqlite, ("Initial", Models.Customers), ("Step", Models.CustomersAndOrders)));

        var project = MigrationProject.Scaffold(TestProvider.Sqlite, ("Initial", Models.Customers), ("Step", Models.CustomersWithoutEmail));
        await VerifyAsync(project, OthersOff + "\nsafe_migrations.start_after = " + project.Last.Id);
    }

    [Fact]
    public async Task Still_fires_for_small_tables_since_the_triggers_are_lost_all_the_same()
    {
        var project = MigrationProject.Scaffold(TestProvider.Sqlite, ("Initial", Models.Customers), ("Step", Models.CustomersWithoutEmail));

        await VerifyAsync(project, OthersOff + "\nsafe_migrations.small_tables = Customers", Expected(project, "DropColumn", "DropColumn 'Email'"));
    }

    [Fact]
    public async Task Stays_quiet_when_the_table_is_dropped_later_in_the_migration()
    {
        // EF skips the rebuild of a table that is not in the target model.
        var project = MigrationProject.Scaffold(TestProvider.Sqlite, ("Initial", Models.Customers), ("Step", Models.CustomersWithoutEmail));
        project.WithMigrationCode(project.Last, code => code.Replace(
            "table: \"Customers\");\n        }",
            "table: \"Customers\");\n\n            migrationBuilder.DropTable(name: \"Customers\");\n        }"));

        await VerifyAsync(project, OthersOff + "\ndotnet_diagnostic.SM1004.severity = none");
    }

    internal static DiagnosticResult Expected(MigrationProject project, string method, string operations, string table = "Customers") =>
        project.Expect(Descriptors.SM2008_SqliteTableRebuild, project.Last, method).WithArguments(table, operations);
}
