using SafeMigrations.Analyzers.Model;
using SafeMigrations.Analyzers.Rules;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.TestKit.Scaffolding;
using static SafeMigrations.Analyzers.Tests.Verifiers.AnalyzerVerifier;

namespace SafeMigrations.Analyzers.Tests.Rules;

public class AddForeignKeyRuleTests
{
    // The index EF scaffolds before the key is SM2001's concern on PostgreSQL; SQLite's rebuild is SM2008's.
    private const string OthersOff = "dotnet_diagnostic.SM2001.severity = none\ndotnet_diagnostic.SM2008.severity = none";

    private static MigrationProject AddRelationship(TestProvider provider) =>
        MigrationProject.Scaffold(provider, ("Initial", LockModels.CustomersAndUnrelatedOrders), ("AddOrderCustomer", Models.CustomersAndOrders));

    private static Microsoft.CodeAnalysis.Testing.DiagnosticResult Expected(MigrationProject project, DatabaseProvider provider) =>
        project.Expect(Descriptors.SM2004_AddForeignKeyValidates, project.Last, "AddForeignKey")
            .WithArguments("FK_Orders_Customers_CustomerId", "Orders", Message(provider));

    private static string Message(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.PostgreSql =>
            "takes a SHARE ROW EXCLUSIVE lock on 'Orders' and on 'Customers', blocking every INSERT, UPDATE and DELETE on both while PostgreSQL checks every row of 'Orders'. "
            + "Add it with migrationBuilder.AddForeignKeyNotValid(...), which checks only new rows, and check the old ones with migrationBuilder.ValidateConstraint(\"Orders\", \"FK_Orders_Customers_CustomerId\") in a later migration, which lets writes go on.",
        DatabaseProvider.SqlServer =>
            "makes SQL Server check every row of 'Orders' against 'Customers' (WITH CHECK is the default) while it holds a schema-modification lock that blocks every query on 'Orders'. "
            + "Add it with migrationBuilder.AddForeignKeyNotValid(...) (WITH NOCHECK), which checks only new rows, and check the old ones with migrationBuilder.ValidateConstraint(\"Orders\", \"FK_Orders_Customers_CustomerId\") in a later migration, at a quiet time; until then SQL Server marks the key untrusted.",
        _ =>
            "makes MySQL copy the whole table 'Orders' (with foreign_key_checks on, adding a foreign key supports only ALGORITHM=COPY), blocking writes to 'Orders' until the copy ends. "
            + "MySQL cannot check the old rows later: run it at a quiet time, or check the rows yourself and add the key in migrationBuilder.Sql(...) under SET foreign_key_checks = 0 with ALGORITHM=INPLACE, which skips the check.",
    };

    [Fact]
    public async Task Fires_on_PostgreSQL_for_a_new_relationship_between_existing_tables()
    {
        var project = AddRelationship(TestProvider.PostgreSql);

        Assert.Contains("migrationBuilder.AddForeignKey(", project.SourceOf(project.Last));
        await VerifyAsync(project, OthersOff, Expected(project, DatabaseProvider.PostgreSql));
    }

    [Fact]
    public async Task Fires_on_SQL_Server()
    {
        var project = AddRelationship(TestProvider.SqlServer);

        await VerifyAsync(project, Expected(project, DatabaseProvider.SqlServer));
    }

    [Fact]
    public async Task Fires_on_MySQL()
    {
        // No MySQL scaffolder runs on EF Core 10 (Pomelo 9): a SQL Server migration, its store types as Pomelo
        // writes them, analysed as MySQL.
        var project = AddRelationship(TestProvider.SqlServer);
        project.WithMigrationCode(project.Last, code => code.Replace("\"nvarchar(max)\"", "\"longtext\""), keepsDownInStep: true);

        await VerifyAsync(project, "safe_migrations.provider = mysql", Expected(project, DatabaseProvider.MySql));
    }

    [Fact]
    public async Task Stays_quiet_on_SQLite_where_the_rebuild_is_SM2008s()
    {
        await VerifyAsync(AddRelationship(TestProvider.Sqlite), OthersOff);
    }

    [Theory]
    [InlineData(TestProvider.PostgreSql)]
    [InlineData(TestProvider.SqlServer)]
    [InlineData(TestProvider.Sqlite)]
    public async Task Stays_quiet_for_a_key_on_a_table_created_in_the_same_migration(TestProvider provider)
    {
        var project = MigrationProject.Scaffold(provider, ("Initial", Models.Customers), ("AddOrders", Models.CustomersAndOrders));

        Assert.Contains("principalTable: \"Customers\"", project.SourceOf(project.Last));
        await VerifyAsync(project);
    }

    [Fact]
    public async Task Stays_quiet_for_small_tables()
    {
        await VerifyAsync(AddRelationship(TestProvider.PostgreSql), OthersOff + "\nsafe_migrations.small_tables = orders");
    }

    [Fact]
    public async Task The_provider_setting_wins_over_the_Designer()
    {
        var project = AddRelationship(TestProvider.PostgreSql);

        await VerifyAsync(project, OthersOff + "\nsafe_migrations.provider = sqlserver", Expected(project, DatabaseProvider.SqlServer));
    }

    [Fact]
    public async Task Uses_the_provider_of_the_ActiveProvider_branch()
    {
        // A SQLite project whose migration adds the key only on PostgreSQL.
        var project = AddRelationship(TestProvider.Sqlite);
        project.WithMigrationCode(project.Last, code => "using Microsoft.EntityFrameworkCore;\n" + code
            .Replace("            migrationBuilder.AddForeignKey(", "            if (migrationBuilder.IsNpgsql())\n            {\n            migrationBuilder.AddForeignKey(")
            .Replace("onDelete: ReferentialAction.Cascade);\n        }", "onDelete: ReferentialAction.Cascade);\n            }\n        }"));

        Assert.Contains("if (migrationBuilder.IsNpgsql())", project.SourceOf(project.Last));
        await VerifyAsync(project, OthersOff, Expected(project, DatabaseProvider.PostgreSql));
    }

    [Fact]
    public async Task Stays_quiet_for_the_NOT_VALID_helper()
    {
        var project = AddRelationship(TestProvider.PostgreSql);
        project.WithMigrationCode(project.Last, code => "using EFCore.SafeMigrations;\n" + code.Replace(
            "            migrationBuilder.AddForeignKey(",
            "            migrationBuilder.AddForeignKeyNotValid("));

        Assert.Contains("AddForeignKeyNotValid(", project.SourceOf(project.Last));
        await VerifyAsync(project, OthersOff);
    }
}
