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
/// say about it, so a project adopted with one line pays next to nothing for its old history. The tests of this class
/// are the only users of <see cref="MigrationAnalyzer.MigrationRead"/>, and xunit runs them one after the other.
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

    /// <summary>Each migration's analysis, counted by class name, over a compilation of the project's sources.</summary>
    private static async Task<(ConcurrentDictionary<string, int> Reads, Microsoft.CodeAnalysis.Diagnostic[] Findings)> CountReads(MigrationProject project)
    {
        var reads = new ConcurrentDictionary<string, int>();
        MigrationAnalyzer.MigrationRead = name => reads.AddOrUpdate(name, 1, (_, count) => count + 1);
        try
        {
            var findings = await CompilationHarness.AnalyzeAsync(CompilationHarness.Compile(project.Sources), new SafeMigrationsAnalyzer());
            return (reads, findings.ToArray());
        }
        finally
        {
            MigrationAnalyzer.MigrationRead = null;
        }
    }

    private static string WithoutUp(string code)
    {
        var up = code.IndexOf("protected override void Up(", StringComparison.Ordinal);
        var down = code.IndexOf("/// <inheritdoc />", up, StringComparison.Ordinal);
        Assert.True(up > 0 && down > up, "the scaffolded Up and the Down after it");
        return code.Remove(up, down - up);
    }

    // The analyzer skips Designer parts (BuildTargetModel, no Up or Down) without binding them: the skip must not lose a
    // migration whose Up sits in the Designer, nor one that has no Up yet (being typed), which is read from its main part.
    [Fact]
    public async Task A_Designer_that_declares_Up_is_where_the_migration_is_read_from()
    {
        var project = History();
        var up = project.SourceOf(project.Last);
        var start = up.IndexOf("protected override void Up(", StringComparison.Ordinal);
        var end = up.IndexOf("/// <inheritdoc />", start, StringComparison.Ordinal);
        var upMethod = up.Substring(start, end - start);
        project.WithMigrationCode(project.Last, WithoutUp, keepsDownInStep: true);
        project.WithDesignerCode(project.Last, designer =>
        {
            var at = designer.IndexOf("protected override void BuildTargetModel(", StringComparison.Ordinal);
            return designer.Insert(at, upMethod + "        ");
        });

        var (reads, findings) = await CountReads(project);

        Assert.Equal(1, reads.GetValueOrDefault("AfterBaselineDropEmail"));
        var drop = Assert.Single(findings, f => f.Id == "SM1003");
        Assert.EndsWith(project.Last.DesignerFileName, drop.Location.SourceTree!.FilePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_migration_whose_main_part_is_still_empty_is_read_once_from_it()
    {
        var project = History();
        project.WithMigrationCode(project.Last, code =>
        {
            var body = code.IndexOf('{', code.IndexOf(": Migration", StringComparison.Ordinal));
            var end = code.LastIndexOf('}', code.LastIndexOf('}') - 1);
            return code.Substring(0, body + 1) + "\n    " + code.Substring(end);
        }, keepsDownInStep: true);
        Assert.DoesNotContain("void Up(", project.SourceOf(project.Last), StringComparison.Ordinal);
        Assert.DoesNotContain("void Down(", project.SourceOf(project.Last), StringComparison.Ordinal);

        var (reads, findings) = await CountReads(project);

        Assert.Equal(1, reads.GetValueOrDefault("AfterBaselineDropEmail"));
        Assert.Equal(1, reads.GetValueOrDefault("BaselineRenameName"));
        Assert.DoesNotContain(findings, f => f.Id == "SM1003");
        Assert.DoesNotContain(findings, f => f.Id == "AD0001");
    }
}
