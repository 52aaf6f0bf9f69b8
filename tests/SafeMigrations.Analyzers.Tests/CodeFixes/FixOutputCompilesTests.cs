using Microsoft.EntityFrameworkCore;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.CodeFixes;
using SafeMigrations.TestKit.Scaffolding;
using static SafeMigrations.Analyzers.Tests.CodeFixes.FixHarness;

namespace SafeMigrations.Analyzers.Tests.CodeFixes;

/// <summary>
/// Migrations as people edit them after EF scaffolds them: a renamed builder parameter, a #region around a statement, a
/// DateTime column in a file without <c>using System;</c>. A fix is offered only when its output compiles and keeps the
/// code's meaning; otherwise none is offered.
/// </summary>
public class FixOutputCompilesTests
{
    private static MigrationProject DropEmail() =>
        Scaffold(TestProvider.PostgreSql, ("Initial", Models.Customers), ("DropEmail", Models.CustomersWithoutEmail));

    /// <summary>The Up body of the last migration, edited.</summary>
    private static MigrationProject WithUpBody(MigrationProject project, Func<string, string> edit) =>
        project.WithMigrationCode(project.Last, code =>
        {
            var body = CSharpSyntaxTree.ParseText(code).GetCompilationUnitRoot().DescendantNodes().OfType<MethodDeclarationSyntax>()
                .Single(m => m.Identifier.ValueText == "Up").Body!.Span;
            return code.Remove(body.Start, body.Length).Insert(body.Start, edit(code.Substring(body.Start, body.Length)));
        }, keepsDownInStep: true);

    [Fact]
    public async Task No_fix_when_the_builder_parameter_is_not_named_migrationBuilder()
    {
        var project = DropEmail();
        await FixAsync(DropEmail(), TestProvider.PostgreSql, new DropColumnContractFix(), "SM1003"); // Offered as EF scaffolds it.
        project.WithMigrationCode(project.Last, code => code.Replace("(MigrationBuilder migrationBuilder)", "(MigrationBuilder mb)").Replace("migrationBuilder.", "mb."), keepsDownInStep: true);

        await AssertNoFixAsync(project, TestProvider.PostgreSql, new DropColumnContractFix(), "SM1003");
    }

    /// <summary>An error the file had before the fix (another member being typed) does not stop the fix; only a new one does.</summary>
    [Fact]
    public async Task A_fix_is_still_offered_in_a_file_with_an_error_of_its_own()
    {
        var project = DropEmail();
        project.WithMigrationCode(project.Last, code => code.Replace(
            "protected override void Up(",
            "private static int BeingTyped() => \"not a number\";\n\n        protected override void Up("), keepsDownInStep: true);
        Assert.Contains(Rollback.RollbackHarness.Errors(Rollback.RollbackHarness.Compile(project.Sources)), d => d.Id == "CS0029");
        var runner = FixRunner.For(project.Sources, ProviderConfig(TestProvider.PostgreSql));

        Assert.Single(await runner.ActionsAsync(new DropColumnContractFix(), "SM1003"));
    }

    /// <summary>
    /// The source's usings go into the new migration where they stood: in its namespace when they were in the source's
    /// namespace block (a relative name there resolves against that namespace); none from a list laid out with #if.
    /// </summary>
    [Fact]
    public async Task A_new_migration_gets_the_source_s_usings_in_their_scope_and_none_under_if()
    {
        var project = DropEmail();
        project.WithMigrationCode(project.Last, code => code
            .Replace("using Microsoft.EntityFrameworkCore.Migrations;", "using Microsoft.EntityFrameworkCore.Migrations;\n#if NET8_0_OR_GREATER\nusing System.Text;\n#endif")
            .Replace("namespace Sample.Migrations\n{\n", "namespace Sample.Migrations\n{\n    using System.Collections.Generic;\n\n"), keepsDownInStep: true);
        Assert.Contains("    using System.Collections.Generic;", project.SourceOf(project.Last), StringComparison.Ordinal);

        var fixedProject = await FixAsync(project, TestProvider.PostgreSql, new DropColumnContractFix(), "SM1003");

        var contract = fixedProject.Source("/Migrations/" + IdAfter(project.Last, "DropEmailContract") + ".cs");
        Assert.Contains("namespace Sample.Migrations\n{\n    using System.Collections.Generic;\n", contract, StringComparison.Ordinal);
        Assert.DoesNotContain("System.Text", contract, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("#region contract", "#endregion")]
    [InlineData("#if !SKIP_CONTRACT", "#endif")]
    public async Task No_fix_when_directives_surround_the_statement(string open, string close)
    {
        var project = WithUpBody(DropEmail(), body => body
            .Replace("migrationBuilder.DropColumn(", open + "\n            migrationBuilder.DropColumn(")
            .Replace(");\n        }", ");\n            " + close + "\n        }"));
        Assert.Contains(close, project.SourceOf(project.Last), StringComparison.Ordinal);

        await AssertNoFixAsync(project, TestProvider.PostgreSql, new DropColumnContractFix(), "SM1003");
    }

    /// <summary>
    /// A pure column rename of a DateTime property: EF's migration has no <c>using System;</c>, and the expand and contract
    /// both write <c>DateTime</c> (the new column, the nullability change), so both files get the using.
    /// </summary>
    [Fact]
    public async Task A_rename_of_a_DateTime_column_writes_using_System_where_it_names_DateTime()
    {
        var project = Scaffold(
            TestProvider.PostgreSql,
            ("Initial", LockModels.Members([nameof(Member.JoinedAt)])),
            ("Rename", LockModels.Members([nameof(Member.JoinedAt)], b => b.Property(m => m.JoinedAt).HasColumnName("Joined"))));
        Assert.DoesNotContain("using System;", project.SourceOf(project.Last), StringComparison.Ordinal);

        var fixedProject = await FixAsync(project, TestProvider.PostgreSql, new RenameColumnExpandContractFix(), "SM1001");

        var written = fixedProject.Sources.Where(s => s.Path.StartsWith("/Migrations/", StringComparison.Ordinal) && !s.Path.EndsWith(".Designer.cs", StringComparison.Ordinal)
                                                      && s.Source.Contains("<DateTime>", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(written);
        Assert.All(written, s => Assert.Contains("using System;", s.Source, StringComparison.Ordinal));
    }
}
