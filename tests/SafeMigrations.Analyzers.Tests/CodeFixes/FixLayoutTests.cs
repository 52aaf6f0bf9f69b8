using Microsoft.CodeAnalysis.CodeFixes;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.CodeFixes;
using SafeMigrations.TestKit.Scaffolding;
using static SafeMigrations.Analyzers.Tests.CodeFixes.FixHarness;

namespace SafeMigrations.Analyzers.Tests.CodeFixes;

/// <summary>
/// Fixes leave the user's layout alone: code they do not rewrite stays byte for byte, and a project whose files use
/// CRLF (a Windows checkout) gets exactly the same fix as one with LF, in CRLF, in the edited migration and in the new files.
/// </summary>
public class FixLayoutTests
{
    [Fact]
    public async Task Code_around_a_rewritten_statement_keeps_its_odd_spacing_and_comments()
    {
        var project = BackfillFixTests.AddToken(TestProvider.PostgreSql, "gen_random_uuid()");
        var path = MigrationProject.PathOf(project.Last);
        var index = project.Sources.FindIndex(s => s.Path == path);
        const string Odd = "            // the user's note,   spaced   their way\n            migrationBuilder.Sql( \"SELECT  1\" ,suppressTransaction:false ) ;\n\n";
        var original = project.Sources[index].Source;
        var at = original.IndexOf("            migrationBuilder.AddColumn", StringComparison.Ordinal);
        original = original.Insert(at, Odd);
        project.Sources[index] = (path, original);

        var fixedProject = await FixAsync(project, TestProvider.PostgreSql, new AddColumnWithoutRewriteFix(), "SM2007");

        var main = fixedProject.Source(path).Replace("using EFCore.SafeMigrations;\n", string.Empty);
        var statementEnd = original.IndexOf(");", at + Odd.Length, StringComparison.Ordinal) + 2;
        Assert.StartsWith(original[..(at + Odd.Length)], main);
        Assert.EndsWith(original[statementEnd..], main);
        Assert.Contains("AlterColumn<Guid>(", main);
    }

    [Theory]
    [InlineData("using System;\nusing Microsoft.EntityFrameworkCore.Migrations;\n", "using System;\nusing EFCore.SafeMigrations;\nusing Microsoft.EntityFrameworkCore.Migrations;\n")]
    [InlineData("// <copyright>Shop</copyright>\n\nusing Microsoft.EntityFrameworkCore.Migrations;\nusing System;\n", "// <copyright>Shop</copyright>\n\nusing EFCore.SafeMigrations;\nusing Microsoft.EntityFrameworkCore.Migrations;\nusing System;\n")]
    [InlineData("using System;\nusing Microsoft.EntityFrameworkCore.Migrations;\nusing EFCore.SafeMigrations;\n", "using System;\nusing Microsoft.EntityFrameworkCore.Migrations;\nusing EFCore.SafeMigrations;\n")]
    public async Task The_using_goes_where_the_users_order_puts_it_once(string usings, string expected)
    {
        var project = BackfillFixTests.AddToken(TestProvider.PostgreSql, "gen_random_uuid()");
        project.WithMigrationCode(project.Last, code => usings + code[code.IndexOf("\n\n", StringComparison.Ordinal)..].TrimStart('\n').Insert(0, "\n"), keepsDownInStep: true);

        var fixedProject = await FixAsync(project, TestProvider.PostgreSql, new AddColumnWithoutRewriteFix(), "SM2007");

        var main = fixedProject.Source(MigrationProject.PathOf(project.Last));
        Assert.StartsWith(expected + "\n#nullable disable", main);
    }

    public static TheoryData<string> Cases => new() { "SM2007 in place, using and new migration", "SM2001 annotation appended", "SM2001 moved out", "SM1003 [GenerateRollback] added" };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_CRLF_project_gets_the_LF_output_with_CRLF_line_breaks(string name)
    {
        var (lf, provider, fix, id, config) = Case(name);
        var crlf = Case(name).Project;
        for (var i = 0; i < crlf.Sources.Count; i++)
        {
            crlf.Sources[i] = (crlf.Sources[i].Path, ToCrlf(crlf.Sources[i].Source));
        }

        var expected = await FixAsync(lf, provider, fix, id, config);
        var actual = await FixAsync(crlf, provider, fix, id, config);

        Assert.Equal(expected.Paths.Order(), actual.Paths.Order());
        foreach (var (path, source) in expected.Sources)
        {
            var crlfSource = actual.Source(path);
            Assert.True(crlfSource.Replace("\r\n", string.Empty).IndexOf('\n') < 0, path + " has a line that ends in LF alone:\n" + crlfSource);
            Assert.Equal(ToCrlf(source), crlfSource);
        }

        // The fix changed something, so the comparison above covers new code, not only copied lines.
        Assert.NotEqual(lf.Sources.Select(s => s.Source), expected.Sources.Select(s => s.Source));
    }

    private static string ToCrlf(string source) => source.Replace("\r\n", "\n").Replace("\n", "\r\n");

    private static (MigrationProject Project, TestProvider Provider, CodeFixProvider Fix, string Id, string? Config) Case(string name) => name switch
    {
        "SM2007 in place, using and new migration" => (BackfillFixTests.AddToken(TestProvider.PostgreSql, "gen_random_uuid()"), TestProvider.PostgreSql, new AddColumnWithoutRewriteFix(), "SM2007", null),
        "SM2001 annotation appended" => (Scaffold(TestProvider.SqlServer, ("Initial", Models.Customers), ("AddEmailIndex", Models.CustomersWithEmailIndex)),
            TestProvider.SqlServer, new CreateIndexConcurrentlyFix(), "SM2001", "safe_migrations.sqlserver.online_index = true"),
        "SM2001 moved out" => (Scaffold(TestProvider.PostgreSql, ("Initial", Models.Customers), ("AddEmailIndexAndDropPoints", m =>
            {
                Models.CustomersWithEmailIndex(m);
                m.Entity<Customer>().Ignore(c => c.Points);
            })),
            TestProvider.PostgreSql, new CreateIndexConcurrentlyFix(), "SM2001", null),
        _ => (Scaffold(TestProvider.PostgreSql, ("Initial", Models.Customers), ("DropEmail", Models.CustomersWithoutEmail)), TestProvider.PostgreSql, new DropColumnContractFix(), "SM1003", null),
    };
}
