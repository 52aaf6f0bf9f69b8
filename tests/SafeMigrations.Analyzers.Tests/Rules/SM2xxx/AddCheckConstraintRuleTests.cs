using SafeMigrations.Analyzers.Model;
using SafeMigrations.Analyzers.Rules;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.TestKit.Scaffolding;
using static SafeMigrations.Analyzers.Tests.Verifiers.AnalyzerVerifier;

namespace SafeMigrations.Analyzers.Tests.Rules;

public class AddCheckConstraintRuleTests
{
    // SQLite's rebuild is SM2008's.
    private const string RebuildOff = "dotnet_diagnostic.SM2008.severity = none";

    private static MigrationProject AddCheck(TestProvider provider) =>
        MigrationProject.Scaffold(provider, ("Initial", Models.Customers), ("AddPointsCheck", LockModels.CustomersWithPointsCheck));

    private static Microsoft.CodeAnalysis.Testing.DiagnosticResult Expected(MigrationProject project, DatabaseProvider provider) =>
        project.Expect(Descriptors.SM2005_AddCheckConstraintValidates, project.Last, "AddCheckConstraint")
            .WithArguments("CK_Customers_Points", "Customers", Message(provider));

    private static string Message(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.PostgreSql =>
            "takes an ACCESS EXCLUSIVE lock on 'Customers', blocking every read and write while PostgreSQL checks every row. "
            + "Add it with migrationBuilder.AddCheckConstraintNotValid(...), which checks only new rows, and check the old ones with migrationBuilder.ValidateConstraint(\"Customers\", \"CK_Customers_Points\") in a later migration, which lets reads and writes go on.",
        DatabaseProvider.SqlServer =>
            "makes SQL Server check every row of 'Customers' (WITH CHECK is the default) while it holds a schema-modification lock that blocks every query on 'Customers'. "
            + "Add it with migrationBuilder.AddCheckConstraintNotValid(...) (WITH NOCHECK), which checks only new rows, and check the old ones with migrationBuilder.ValidateConstraint(\"Customers\", \"CK_Customers_Points\") in a later migration, at a quiet time; until then SQL Server marks the constraint untrusted.",
        _ =>
            "makes MySQL copy the whole table 'Customers' (ALGORITHM=COPY) to check every row, blocking writes to 'Customers' until the copy ends. "
            + "MySQL cannot check the old rows later without the same copy: run it at a quiet time.",
    };

    [Theory]
    [InlineData(TestProvider.PostgreSql)]
    [InlineData(TestProvider.SqlServer)]
    public async Task Fires_for_a_check_on_an_existing_table(TestProvider scaffolder)
    {
        var project = AddCheck(scaffolder);

        Assert.Contains("migrationBuilder.AddCheckConstraint(", project.SourceOf(project.Last));
        await VerifyAsync(project, Expected(project, scaffolder == TestProvider.PostgreSql ? DatabaseProvider.PostgreSql : DatabaseProvider.SqlServer));
    }

    [Fact]
    public async Task Fires_on_MySQL()
    {
        // No MySQL scaffolder runs on EF Core 10 (Pomelo 9): a SQL Server migration, its store types as Pomelo
        // writes them, analysed as MySQL.
        var project = AddCheck(TestProvider.SqlServer);
        project.WithMigrationCode(project.Last, code => code.Replace("\"nvarchar(max)\"", "\"longtext\""), keepsDownInStep: true);

        await VerifyAsync(project, "safe_migrations.provider = mysql", Expected(project, DatabaseProvider.MySql));
    }

    [Fact]
    public async Task Stays_quiet_on_SQLite_where_the_rebuild_is_SM2008s()
    {
        await VerifyAsync(AddCheck(TestProvider.Sqlite), RebuildOff);
    }

    [Theory]
    [InlineData(TestProvider.PostgreSql)]
    [InlineData(TestProvider.SqlServer)]
    [InlineData(TestProvider.Sqlite)]
    public async Task Stays_quiet_for_a_table_created_in_the_same_migration(TestProvider provider)
    {
        var project = MigrationProject.Scaffold(provider, ("Initial", LockModels.CustomersWithPointsCheck));

        Assert.Contains("table.CheckConstraint(", project.SourceOf(project.Last));
        await VerifyAsync(project);
    }

    [Fact]
    public async Task Stays_quiet_for_small_tables()
    {
        await VerifyAsync(AddCheck(TestProvider.PostgreSql), "safe_migrations.small_tables = Customers");
    }

    [Fact]
    public async Task The_provider_setting_wins_over_the_Designer()
    {
        var project = AddCheck(TestProvider.SqlServer);

        await VerifyAsync(project, "safe_migrations.provider = postgresql", Expected(project, DatabaseProvider.PostgreSql));
    }

    [Fact]
    public async Task Uses_the_provider_of_the_ActiveProvider_branch()
    {
        var project = AddCheck(TestProvider.Sqlite);
        project.WithMigrationCode(project.Last, code => "using Microsoft.EntityFrameworkCore;\n" + code
            .Replace("            migrationBuilder.AddCheckConstraint(", "            if (migrationBuilder.IsSqlServer())\n            {\n            migrationBuilder.AddCheckConstraint(")
            .Replace("sql: \"\\\"Points\\\" >= 0\");\n        }", "sql: \"\\\"Points\\\" >= 0\");\n            }\n        }"));

        Assert.Contains("if (migrationBuilder.IsSqlServer())", project.SourceOf(project.Last));
        await VerifyAsync(project, RebuildOff, Expected(project, DatabaseProvider.SqlServer));
    }

    [Fact]
    public async Task Stays_quiet_for_the_NOT_VALID_helper()
    {
        var project = AddCheck(TestProvider.PostgreSql);
        project.WithMigrationCode(project.Last, code => "using EFCore.SafeMigrations;\n" + code.Replace(
            "            migrationBuilder.AddCheckConstraint(",
            "            migrationBuilder.AddCheckConstraintNotValid("));

        Assert.Contains("AddCheckConstraintNotValid(", project.SourceOf(project.Last));
        await VerifyAsync(project);
    }
}
