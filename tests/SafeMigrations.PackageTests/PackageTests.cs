using System.Text.RegularExpressions;

namespace SafeMigrations.PackageTests;

/// <summary>
/// The package does its job for a user: <c>dotnet add package EFCore.SafeMigrations</c> on an EF Core project
/// gives the SM diagnostics in <c>dotnet build</c>, at the migration's file and line, with the help link;
/// on a CI server they fail the build.
/// </summary>
public sealed partial class PackageTests(PackageFixture fixture, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<PackageFixture>
{
    private const string HelpLinkBase = "https://github.com/efcore-safemigrations/EFCore.SafeMigrations/blob/main/analyzers/docs/rules/";

    [Fact]
    public void Package_has_the_documented_layout()
    {
        var content = fixture.PackageEntries
            .Where(e => !e.StartsWith("_rels/", StringComparison.Ordinal)
                && !e.StartsWith("package/", StringComparison.Ordinal)
                && e != "[Content_Types].xml")
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(
            new[]
            {
                "EFCore.SafeMigrations.nuspec",
                "LICENSE.txt",
                "README.md",
                "analyzers/dotnet/cs/Microsoft.SqlServer.TransactSql.ScriptDom.dll",
                "analyzers/dotnet/cs/SafeMigrations.Analyzers.dll",
                "analyzers/dotnet/cs/SafeMigrations.CodeFixes.dll",
                "build/EFCore.SafeMigrations.props",
                "build/EFCore.SafeMigrations.recommended.globalconfig",
                "build/EFCore.SafeMigrations.strict.globalconfig",
                "build/EFCore.SafeMigrations.targets",
                "buildTransitive/EFCore.SafeMigrations.props",
                "buildTransitive/EFCore.SafeMigrations.recommended.globalconfig",
                "buildTransitive/EFCore.SafeMigrations.strict.globalconfig",
                "buildTransitive/EFCore.SafeMigrations.targets",
                "icon.png",
                "lib/net10.0/EFCore.SafeMigrations.dll",
                "lib/net10.0/EFCore.SafeMigrations.xml",
                "lib/net8.0/EFCore.SafeMigrations.dll",
                "lib/net8.0/EFCore.SafeMigrations.xml",
                "lib/net9.0/EFCore.SafeMigrations.dll",
                "lib/net9.0/EFCore.SafeMigrations.xml",
                "readytorun/linux-x64/Microsoft.SqlServer.TransactSql.ScriptDom.dll",
                "readytorun/linux-x64/SafeMigrations.Analyzers.dll",
                "readytorun/linux-x64/SafeMigrations.CodeFixes.dll",
            },
            content);
    }

    [Fact]
    public void Package_declares_the_readme()
    {
        Assert.Contains("<id>EFCore.SafeMigrations</id>", fixture.Nuspec, StringComparison.Ordinal);
        Assert.Contains($"<version>{fixture.Version}</version>", fixture.Nuspec, StringComparison.Ordinal);
        Assert.Contains("<readme>README.md</readme>", fixture.Nuspec, StringComparison.Ordinal);
    }

    /// <summary>
    /// One dependency group per target framework, each on the first Relational of its EF Core line (x.0.0, read from the
    /// packed nuspec), so the package never moves a user's EF Core version within that line; and nothing else. 8.0.0 is
    /// declared even though the registry copy here does not serve it (restore resolves a higher 8.0.x, NU1603).
    /// </summary>
    [Fact]
    public void Package_depends_on_the_lowest_Relational_of_each_EF_Core_line()
    {
        var groups = Regex.Matches(fixture.Nuspec, """<group targetFramework="(?<tfm>[^"]+)">(?<body>.*?)</group>""", RegexOptions.Singleline)
            .ToDictionary(m => m.Groups["tfm"].Value, m => Regex.Matches(m.Groups["body"].Value, """<dependency id="(?<id>[^"]+)" version="(?<version>[^"]+)""")
                .Select(d => d.Groups["id"].Value + " " + d.Groups["version"].Value)
                .ToList());

        Assert.Equal(new[] { "net10.0", "net8.0", "net9.0" }, groups.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(new[] { "Microsoft.EntityFrameworkCore.Relational 8.0.0" }, groups["net8.0"]);
        Assert.Equal(new[] { "Microsoft.EntityFrameworkCore.Relational 9.0.0" }, groups["net9.0"]);
        Assert.Equal(new[] { "Microsoft.EntityFrameworkCore.Relational 10.0.0" }, groups["net10.0"]);

        // The package page says the same.
        var page = File.ReadAllText(Path.Combine(fixture.RepoRoot, "nuget", "README.md"));
        foreach (var (framework, dependencies) in groups)
        {
            var version = dependencies.Single().Split(' ')[1];
            Assert.Contains($"| {framework} | {version.Split('.')[0]} | >= {version} |", page, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Consumer_build_reports_SM1001_at_the_RenameColumn_with_its_help_link()
    {
        Assert.True(fixture.LocalBuild.ExitCode == 0, fixture.LocalBuild.ToString());

        var diagnostic = Assert.Single(Diagnostics(fixture.LocalBuild), d => d.Id == "SM1001");
        Assert.Equal("warning", diagnostic.Severity);
        AssertAt(diagnostic, "_RenameCustomerName.cs", "migrationBuilder.RenameColumn(");
        Assert.Contains("Renaming column 'Name' to 'FullName' on table 'Customers'", diagnostic.Message, StringComparison.Ordinal);
        Assert.EndsWith($"({HelpLinkBase}SM1001.md)", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Consumer_build_reports_SM2001_at_the_CreateIndex_on_PostgreSQL()
    {
        Assert.True(fixture.LocalBuild.ExitCode == 0, fixture.LocalBuild.ToString());

        var diagnostic = Assert.Single(Diagnostics(fixture.LocalBuild), d => d.Id == "SM2001");
        Assert.Equal("warning", diagnostic.Severity);
        AssertAt(diagnostic, "_IndexCustomerEmail.cs", "migrationBuilder.CreateIndex(");
        Assert.Contains("Npgsql:CreatedConcurrently", diagnostic.Message, StringComparison.Ordinal);
        Assert.EndsWith($"({HelpLinkBase}SM2001.md)", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Consumer_build_reads_TSQL_with_the_packed_ScriptDom()
    {
        Assert.True(fixture.LocalBuild.ExitCode == 0, fixture.LocalBuild.ToString());

        var diagnostic = Assert.Single(Diagnostics(fixture.LocalBuild), d => d.Id == "SM4002");
        AssertAt(diagnostic, "_ClearCustomerEmails.cs", "migrationBuilder.Sql(");
        Assert.Contains("The UPDATE of every row of existing table 'Customers' runs as one statement: it holds its row locks", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Consumer_build_reports_nothing_else()
    {
        var ids = Diagnostics(fixture.LocalBuild).Select(d => d.Id).Order(StringComparer.Ordinal);

        Assert.Equal(new[] { "SM1001", "SM2001", "SM4002" }, ids);
        Assert.DoesNotContain(fixture.LocalBuild.Lines, l => l.Contains("AD0001", StringComparison.Ordinal));
    }

    [Fact]
    public void Package_props_make_the_settings_visible_to_the_analyzer()
    {
        var config = Directory.EnumerateFiles(Path.Combine(fixture.ConsumerDirectory, "obj"), "*.GeneratedMSBuildEditorConfig.editorconfig", SearchOption.AllDirectories).Single();
        var text = File.ReadAllText(config);

        foreach (var property in new[] { "SafeMigrationsProvider", "SafeMigrationsStartAfter", "SafeMigrationsSmallTables", "SafeMigrationsSqlServerOnlineIndex", "SafeMigrationsPostgresVersion" })
        {
            Assert.Contains($"build_property.{property} =", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void On_a_CI_server_the_SM_warnings_fail_the_build()
    {
        Assert.NotEqual(0, fixture.CiBuild.ExitCode);

        var diagnostics = Diagnostics(fixture.CiBuild).ToList();
        Assert.Equal(new[] { "SM1001", "SM2001", "SM4002" }, diagnostics.Select(d => d.Id).Order(StringComparer.Ordinal));
        Assert.All(diagnostics, d => Assert.Equal("error", d.Severity));
        AssertAt(diagnostics.Single(d => d.Id == "SM1001"), "_RenameCustomerName.cs", "migrationBuilder.RenameColumn(");
    }

    private void AssertAt(BuildDiagnostic diagnostic, string fileSuffix, string code)
    {
        var file = Directory.EnumerateFiles(Path.Combine(fixture.ConsumerDirectory, "Migrations"), "*" + fileSuffix).Single();
        var lines = File.ReadAllLines(file);
        var line = Array.FindIndex(lines, l => l.Contains(code, StringComparison.Ordinal));
        Assert.True(line >= 0, $"'{code}' not in {file}");

        Assert.Equal(Path.GetFullPath(file), Path.GetFullPath(diagnostic.File));
        Assert.Equal((line + 1, lines[line].IndexOf(code, StringComparison.Ordinal) + 1), (diagnostic.Line, diagnostic.Column));
    }

    /// <summary>The SM diagnostics of a build, once each (the console logger repeats them in its summary).</summary>
    private static IEnumerable<BuildDiagnostic> Diagnostics(DotNetResult build) =>
        build.Lines
            .Select(l => DiagnosticLine().Match(l))
            .Where(m => m.Success)
            .Select(m => new BuildDiagnostic(
                m.Groups["file"].Value,
                int.Parse(m.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(m.Groups["column"].Value, System.Globalization.CultureInfo.InvariantCulture),
                m.Groups["severity"].Value,
                m.Groups["id"].Value,
                m.Groups["message"].Value))
            .Distinct();

    // path(line,col): warning SM1001: message (help link) [project]
    [GeneratedRegex(@"^\s*(?<file>.+?)\((?<line>\d+),(?<column>\d+)\): (?<severity>warning|error) (?<id>SM\d{4}): (?<message>.*?)(?: \[[^\]]+\])?$")]
    private static partial Regex DiagnosticLine();

    private sealed record BuildDiagnostic(string File, int Line, int Column, string Severity, string Id, string Message);
}
