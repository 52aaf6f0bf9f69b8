using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using SafeMigrations.Analyzers.Rules;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.CodeFixes;
using SafeMigrations.TestKit.Scaffolding;
using static SafeMigrations.Analyzers.Tests.CodeFixes.FixHarness;

namespace SafeMigrations.Analyzers.Tests.Rules;

/// <summary>
/// SM3003's second message: a contract migration that drops a column or table no twin kept says, as info, that its
/// rollback re-creates it without the data. On EF-scaffolded drops marked as contracts, and on the fixes' own output.
/// </summary>
public class ContractRollbackLosesDataTests
{
    private static MigrationProject AsContract(MigrationProject project) =>
        project.WithMigrationCode(
            project.Last,
            code => code.Replace("    public partial class ", "    [EFCore.SafeMigrations.ContractOf(\"" + project.History[0].Id + "\")]\n    public partial class "),
            keepsDownInStep: true);

    private static DiagnosticResult Expected(MigrationProject project, string method, params object[] arguments) =>
        project.Expect(Descriptors.SM3003_ContractRollbackLosesData, project.Last, method).WithSeverity(DiagnosticSeverity.Info).WithArguments(arguments);

    [Theory]
    [InlineData(TestProvider.PostgreSql)]
    [InlineData(TestProvider.SqlServer)]
    [InlineData(TestProvider.Sqlite)]
    public async Task A_contract_that_drops_a_column_says_its_rollback_brings_it_back_empty(TestProvider provider)
    {
        var project = AsContract(Scaffold(provider, ("Initial", Models.Customers), ("DropEmail", Models.CustomersWithoutEmail)));

        await AnalyzerVerifier.VerifyAsync(project, ProviderConfig(provider, "dotnet_diagnostic.SM2008.severity = none"), Expected(project, "DropColumn", "DropEmail", "column 'Email' of table 'Customers'", "empty", "values"));
    }

    [Fact]
    public async Task A_NOT_NULL_column_comes_back_with_the_placeholder_and_the_message_says_so()
    {
        var project = AsContract(Scaffold(TestProvider.PostgreSql, ("Initial", Models.Customers), ("DropPoints", Models.CustomersWithoutPoints)));

        await AnalyzerVerifier.VerifyAsync(project, ProviderConfig(TestProvider.PostgreSql), Expected(project, "DropColumn", "DropPoints", "column 'Points' of table 'Customers'", "with EF's placeholder value in every row", "values"));
    }

    [Fact]
    public async Task A_contract_that_drops_a_table_says_its_rollback_brings_it_back_empty()
    {
        var project = AsContract(Scaffold(TestProvider.PostgreSql, ("Initial", Models.CustomersAndOrders), ("DropOrders", Models.Customers)));

        await AnalyzerVerifier.VerifyAsync(project, ProviderConfig(TestProvider.PostgreSql), Expected(project, "DropTable", "DropOrders", "table 'Orders'", "empty", "rows"));
    }

    [Fact]
    public async Task The_message_reads_plainly()
    {
        var project = AsContract(Scaffold(TestProvider.PostgreSql, ("Initial", Models.Customers), ("DropEmail", Models.CustomersWithoutEmail)));
        var diagnostic = Assert.Single(await FixRunner.For(project.Sources, ProviderConfig(TestProvider.PostgreSql)).DiagnosticsAsync());

        Assert.Equal(
            "Rolling back contract migration 'DropEmail' re-creates column 'Email' of table 'Customers' empty: the values it drops are not brought back, because nothing in the database kept a copy of them. "
                + "Back them up before this contract runs if a rollback may need them.",
            diagnostic.GetMessage());
        Assert.Equal(DiagnosticSeverity.Info, diagnostic.Severity);
    }

    [Fact]
    public async Task The_same_drop_outside_a_contract_is_SM1003_not_this()
    {
        var project = Scaffold(TestProvider.PostgreSql, ("Initial", Models.Customers), ("DropEmail", Models.CustomersWithoutEmail));

        var ids = (await FixRunner.For(project.Sources, ProviderConfig(TestProvider.PostgreSql)).DiagnosticsAsync()).Select(d => d.Id);
        Assert.Equal(new[] { "SM1003" }, ids);
    }

    [Fact]
    public async Task The_contract_of_the_rename_fix_is_quiet_its_twin_kept_the_values()
    {
        var project = Scaffold(TestProvider.PostgreSql, ("Initial", Models.Customers), ("RenameName", Models.CustomersWithRenamedName));

        var fixedProject = await FixAsync(project, TestProvider.PostgreSql, new RenameColumnExpandContractFix(), "SM1001");

        Assert.Contains(fixedProject.Sources, s => s.Source.Contains("DropColumnSync(") && s.Source.Contains("[ContractOf("));
        Assert.DoesNotContain(fixedProject.Diagnostics, d => d.Id == "SM3003");
    }

    [Fact]
    public async Task The_contract_of_the_drop_fix_says_it()
    {
        var project = Scaffold(TestProvider.PostgreSql, ("Initial", Models.Customers), ("DropEmail", Models.CustomersWithoutEmail));

        var fixedProject = await FixAsync(project, TestProvider.PostgreSql, new DropColumnContractFix(), "SM1003");

        var diagnostic = Assert.Single(fixedProject.Diagnostics);
        Assert.Equal(("SM3003", DiagnosticSeverity.Info), (diagnostic.Id, diagnostic.Severity));
        Assert.EndsWith("_DropEmailContract.cs", diagnostic.Location.SourceTree!.FilePath);
        Assert.StartsWith("Rolling back contract migration 'DropEmailContract' re-creates column 'Email' of table 'Customers' empty", diagnostic.GetMessage());
    }

    [Fact]
    public async Task It_stays_info_in_a_CI_build_where_the_warnings_become_errors()
    {
        var project = AsContract(Scaffold(TestProvider.PostgreSql, ("Initial", Models.Customers), ("DropEmail", Models.CustomersWithoutEmail)));
        project.WithMigrationCode(project.Last, code => code.Replace("migrationBuilder.DropColumn(", "migrationBuilder.RenameColumn(name: \"Name\", table: \"Customers\", newName: \"FullName\");\n            migrationBuilder.DropColumn("), keepsDownInStep: true);

        // SM1001 of the same migration proves the CI mode is on: its warning is an error, while this stays info.
        await AnalyzerVerifier.VerifyAsync(
            project.Sources,
            ProviderConfig(TestProvider.PostgreSql, "dotnet_diagnostic.SM3002.severity = none"),
            "build_property.SafeMigrationsFailBuild = true",
            project.Expect(Descriptors.SM1001_RenameColumn, project.Last, "RenameColumn").WithSeverity(DiagnosticSeverity.Error).WithArguments("Name", "FullName", "Customers"),
            Expected(project, "DropColumn", "DropEmail", "column 'Email' of table 'Customers'", "empty", "values"));
    }
}
