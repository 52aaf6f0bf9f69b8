using System.Collections.Concurrent;
using SafeMigrations.Analyzers.Rules;
using SafeMigrations.Analyzers.Tests.Rules;
using SafeMigrations.Analyzers.Tests.Rollback;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.TestKit.Scaffolding;
using static SafeMigrations.Analyzers.Tests.Verifiers.AnalyzerVerifier;

namespace SafeMigrations.Analyzers.Tests.Reading;

/// <summary>
/// A migration at or before <c>start_after</c> is not read at all unless a rule that ignores the setting has something to
/// say about it, so a project adopted with one line pays next to nothing for its old history. The two tests of this
/// class are the only users of <see cref="MigrationAnalyzer.MigrationRead"/>, and xunit runs them one after the other.
/// </summary>
public class StartAfterReadingTests
{
    // Migration names no other test uses: the hook sees every analyzer run of the process.
    private static readonly string[] OwnNames = { "BaselineCustomers", "BaselineRenameName", "AfterBaselineDropEmail" };

    private static MigrationProject History() => InvalidSettingRuleTests.History(OwnNames[0], OwnNames[1], OwnNames[2]);

    private static Microsoft.CodeAnalysis.Testing.DiagnosticResult Drop(MigrationProject project) => InvalidSettingRuleTests.Drop(project);

    private static async Task<string[]> ReadWhileVerifying(MigrationProject project, string editorConfig, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected)
    {
        var read = new ConcurrentDictionary<string, bool>();
        MigrationAnalyzer.MigrationRead = name => read[name] = true;
        try
        {
            await VerifyAsync(project, editorConfig, expected);
        }
        finally
        {
            MigrationAnalyzer.MigrationRead = null;
        }

        return read.Keys.Where(OwnNames.Contains).Order(StringComparer.Ordinal).ToArray();
    }

    [Fact]
    public async Task Migrations_at_or_before_start_after_are_not_read()
    {
        var project = History();

        var read = await ReadWhileVerifying(project, "safe_migrations.start_after = " + project.History[1].Id, Drop(project));

        Assert.Equal(new[] { "AfterBaselineDropEmail" }, read);
    }

    [Fact]
    public async Task A_skipped_migration_with_GenerateRollback_is_still_read_for_SM3003()
    {
        var project = History();
        project.WithMigrationCode(project.History[1], code => RollbackHarness.MarkForRollback(code).Replace(
            "migrationBuilder.RenameColumn(",
            "migrationBuilder.Sql(\"UPDATE \\\"Customers\\\" SET \\\"Name\\\" = trim(\\\"Name\\\")\");\n            migrationBuilder.RenameColumn("));

        var read = await ReadWhileVerifying(
            project,
            "safe_migrations.start_after = " + project.History[1].Id,
            project.Expect(Descriptors.SM3003_RollbackNotGenerated, project.History[1], "Sql")
                .WithArguments("BaselineRenameName", "Sql", "raw SQL has no known reverse; use migrationBuilder.ReversibleSql(up, down) instead"),
            Drop(project));

        Assert.Equal(new[] { "AfterBaselineDropEmail", "BaselineRenameName" }, read);
    }
}
