using Microsoft.EntityFrameworkCore;
using SafeMigrations.Analyzers.Rules;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.TestKit.Scaffolding;
using static SafeMigrations.Analyzers.Tests.Verifiers.AnalyzerVerifier;

namespace SafeMigrations.Analyzers.Tests.Rules;

public class InvalidSettingRuleTests
{
    // Initial, RenameName (SM1001), DropEmail (SM1003): three migrations, two warnings when every rule runs. Other tests
    // give the migrations names of their own.
    internal static MigrationProject History(string initial = "Initial", string renameName = "RenameName", string dropEmail = "DropEmail") => MigrationProject.Scaffold(
        TestProvider.PostgreSql,
        (initial, Models.Customers),
        (renameName, Models.CustomersWithRenamedName),
        Models.Step(dropEmail, m => m.Entity<Customer>(b => { b.ToTable("Customers"); b.Ignore(c => c.Orders); b.Ignore(c => c.Email); b.Property(c => c.Name).HasColumnName("FullName"); })));

    private static Microsoft.CodeAnalysis.Testing.DiagnosticResult Rename(MigrationProject project) =>
        project.Expect(Descriptors.SM1001_RenameColumn, project.History[1], "RenameColumn").WithArguments("Name", "FullName", "Customers");

    internal static Microsoft.CodeAnalysis.Testing.DiagnosticResult Drop(MigrationProject project) =>
        project.Expect(Descriptors.SM1003_DropColumn, project.Last, "DropColumn").WithArguments("Email", "Customers", "all of its text data");

    private static Microsoft.CodeAnalysis.Testing.DiagnosticResult Invalid(MigrationProject project, string key, string value, string why) =>
        project.ExpectOnClass(Descriptors.SM9002_InvalidSetting, project.Last).WithArguments(key, value, why);

    [Fact]
    public async Task A_bare_name_that_names_one_migration_means_that_migration()
    {
        var project = History();

        // start_after = RenameName: RenameName and earlier are skipped, DropEmail is analyzed; nothing to complain about.
        await VerifyAsync(project, "safe_migrations.start_after = RenameName", Drop(project));
    }

    [Fact]
    public async Task A_bare_name_in_another_case_means_that_migration_as_for_dotnet_ef()
    {
        var project = History();

        // dotnet ef database update renamename finds RenameName (EF compares names ignoring case).
        await VerifyAsync(project, "safe_migrations.start_after = renamename", Drop(project));
    }

    [Fact]
    public async Task A_hand_written_id_without_a_timestamp_is_matched_as_written()
    {
        var project = History();
        var handWritten = new[] { "001_Initial", "002_RenameName", "003_DropEmail" };
        for (var i = 0; i < project.Sources.Count; i++)
        {
            var source = project.Sources[i].Source;
            for (var m = 0; m < project.History.Count; m++)
            {
                source = source.Replace("\"" + project.History[m].Id + "\"", "\"" + handWritten[m] + "\"", StringComparison.Ordinal);
            }

            project.Sources[i] = (project.Sources[i].Path, source);
        }

        Assert.Contains(project.Sources, s => s.Source.Contains("[Migration(\"002_RenameName\")]", StringComparison.Ordinal));
        await VerifyAsync(project, "safe_migrations.start_after = 002_RenameName", Drop(project));
    }

    [Fact]
    public async Task A_full_id_with_a_migrations_name_and_another_timestamp_is_reported_and_its_timestamp_used()
    {
        var project = History();
        var misdated = project.History[0].Id.Substring(0, 14) + "_RenameName";

        // The boundary is the first migration's timestamp, so RenameName is analyzed.
        await VerifyAsync(
            project,
            "safe_migrations.start_after = " + misdated,
            Rename(project),
            Invalid(project, "safe_migrations.start_after", misdated, $"no migration has this id, but {project.History[1].Id} has its name: the timestamp {misdated.Substring(0, 14)} is used as the boundary"),
            Drop(project));
    }

    [Fact]
    public async Task A_full_id_of_another_projects_history_is_quiet_and_its_timestamp_used()
    {
        // One SafeMigrationsStartAfter in Directory.Build.props for two migration projects: the id is the other one's.
        var project = History();
        var otherProjects = project.History[1].Id.Substring(0, 14) + "_AddInvoices";

        await VerifyAsync(project, "safe_migrations.start_after = " + otherProjects, Drop(project));
    }

    [Fact]
    public async Task A_name_in_its_own_case_wins_over_one_in_another_case()
    {
        var project = History(dropEmail: "renamename");

        // RenameName as written is the second migration; renamename (the third) matches it only without case.
        await VerifyAsync(project, "safe_migrations.start_after = RenameName", Drop(project));
    }

    [Fact]
    public async Task A_bare_name_that_names_no_migration_is_reported_once_on_the_newest()
    {
        var project = History();

        await VerifyAsync(
            project,
            "safe_migrations.start_after = IndexBooksByIsbn",
            Rename(project),
            Invalid(project, "safe_migrations.start_after", "IndexBooksByIsbn", "no migration is named that: give a migration id (20240101120000_Name), its timestamp, or the name of one migration, so every rule is not silently off or on"),
            Drop(project));
    }

    [Fact]
    public async Task An_id_after_every_migration_is_reported_even_though_it_skips_every_rule()
    {
        var project = History();

        await VerifyAsync(
            project,
            "safe_migrations.start_after = 20991231000000_Future",
            Invalid(project, "safe_migrations.start_after", "20991231000000_Future", "it is later than every migration of the project, so no migration is analyzed at all: give the id of the last migration to leave unanalyzed"));
    }

    [Theory]
    [InlineData("safe_migrations.provider", "postgress", "it is not a provider this package knows: use postgresql, sqlserver, sqlite or mysql (postgres, npgsql, mssql and mariadb are accepted too)")]
    [InlineData("safe_migrations.postgres.version", "twelve", "it is not a PostgreSQL major version such as 12 or 16")]
    [InlineData("safe_migrations.postgres.version", "8", "it is not a PostgreSQL major version such as 12 or 16")]
    [InlineData("safe_migrations.sqlserver.online_index", "yes", "it is not true or false")]
    public async Task A_value_that_cannot_be_right_is_reported_with_what_is_accepted(string key, string value, string why)
    {
        var project = History();

        await VerifyAsync(project, $"{key} = {value}", Rename(project), Invalid(project, key, value, why), Drop(project));
    }

    [Theory]
    [InlineData("safe_migrations.provider = postgres")]
    [InlineData("safe_migrations.start_after = 20240101000002")]
    [InlineData("safe_migrations.postgres.version = 16")]
    public async Task Valid_values_are_quiet(string setting)
    {
        var project = History();
        var skipsRename = setting.Contains("start_after", StringComparison.Ordinal);

        await VerifyAsync(project, setting, skipsRename ? new[] { Drop(project) } : new[] { Rename(project), Drop(project) });
    }
}
