namespace SafeMigrations.PackageTests;

/// <summary>
/// In CI the SM warnings fail the build, but every way a user lowers or silences a rule still wins: the
/// analyzer reports them as errors itself, so .editorconfig, .globalconfig, NoWarn, #pragma and
/// [SuppressMessage] apply on top (WarningsAsErrors, used before, beat .editorconfig).
/// </summary>
public sealed partial class PackageTests
{
    [Fact]
    public void In_CI_a_rule_set_to_none_in_editorconfig_or_globalconfig_or_NoWarn_does_not_fail_the_build()
    {
        var directory = CopyConsumer("ci-config");
        File.WriteAllText(Path.Combine(directory, ".editorconfig"), "root = true\n\n[*.cs]\ndotnet_diagnostic.SM1001.severity = none\n");
        File.WriteAllText(Path.Combine(directory, ".globalconfig"), "is_global = true\ndotnet_diagnostic.SM2001.severity = none\n");

        var build = fixture.Run(directory, ci: true, "build", "Consumer.csproj", "--disable-build-servers", "-tl:off", "-p:NoWarn=SM4002");

        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Empty(Diagnostics(build));
    }

    [Fact]
    public void In_CI_pragma_SuppressMessage_and_a_severity_set_to_warning_are_respected()
    {
        var directory = CopyConsumer("ci-suppress");
        var migrations = Path.Combine(directory, "Migrations");
        Edit(migrations, "_RenameCustomerName.cs", "            migrationBuilder.RenameColumn(", "#pragma warning disable SM1001 // deployed with the only reader\n            migrationBuilder.RenameColumn(");
        Edit(migrations, "_IndexCustomerEmail.cs", "    public partial class IndexCustomerEmail", "    [System.Diagnostics.CodeAnalysis.SuppressMessage(\"Locking\", \"SM2001\", Justification = \"a small table\")]\n    public partial class IndexCustomerEmail");
        File.WriteAllText(Path.Combine(directory, ".editorconfig"), "root = true\n\n[*.cs]\ndotnet_diagnostic.SM4002.severity = warning\n");

        var build = fixture.Run(directory, ci: true, "build", "Consumer.csproj", "--disable-build-servers", "-tl:off");

        Assert.True(build.ExitCode == 0, build.ToString());
        var remaining = Assert.Single(Diagnostics(build));
        Assert.Equal(("SM4002", "warning"), (remaining.Id, remaining.Severity));
    }

    private static void Edit(string migrations, string suffix, string find, string replace)
    {
        var file = Directory.EnumerateFiles(migrations, "*" + suffix).Single();
        var text = File.ReadAllText(file);
        Assert.Contains(find, text, StringComparison.Ordinal);
        File.WriteAllText(file, text.Replace(find, replace, StringComparison.Ordinal));
    }
}

/// <summary>The presets: strict makes every rule an error, recommended keeps the CI mode, and the project's own .editorconfig still wins.</summary>
public sealed partial class PackageTests
{
    [Fact]
    public void The_strict_preset_makes_the_rules_errors_and_the_projects_editorconfig_wins()
    {
        var directory = CopyConsumer("preset-strict");
        File.WriteAllText(Path.Combine(directory, ".editorconfig"), "root = true\n\n[*.cs]\ndotnet_diagnostic.SM1001.severity = warning\n");

        var build = fixture.Run(directory, ci: false, "build", "Consumer.csproj", "--disable-build-servers", "-tl:off", "-p:SafeMigrationsPreset=strict");

        Assert.True(build.ExitCode != 0, build.ToString());
        var severities = Diagnostics(build).ToDictionary(d => d.Id, d => d.Severity);
        Assert.Equal("warning", severities["SM1001"]);
        Assert.Equal("error", severities["SM2001"]);
        Assert.Equal("error", severities["SM4002"]);
    }

    /// <summary>
    /// The recommended preset keeps the CI mode: it sets no warning rule (an explicit severity, even <c>warning</c>, wins
    /// over the CI mode), so in CI the SM warnings still fail the build.
    /// </summary>
    [Fact]
    public void In_CI_the_recommended_preset_still_fails_the_build_on_the_SM_warnings()
    {
        var directory = CopyConsumer("preset-recommended-ci");

        var build = fixture.Run(directory, ci: true, "build", "Consumer.csproj", "--disable-build-servers", "-tl:off", "-p:SafeMigrationsPreset=recommended");

        Assert.True(build.ExitCode != 0, build.ToString());
        var diagnostics = Diagnostics(build).ToList();
        Assert.Equal(new[] { "SM1001", "SM2001", "SM4002" }, diagnostics.Select(d => d.Id).Order(StringComparer.Ordinal));
        Assert.All(diagnostics, d => Assert.Equal("error", d.Severity));
    }

    [Fact]
    public void An_unknown_preset_is_reported()
    {
        var directory = CopyConsumer("preset-unknown");

        var build = fixture.Run(directory, ci: false, "build", "Consumer.csproj", "--disable-build-servers", "-tl:off", "-p:SafeMigrationsPreset=strictest");

        Assert.Contains(build.Lines, l => l.Contains("warning SM9003", StringComparison.Ordinal) && l.Contains("'strictest'", StringComparison.Ordinal));
    }
}
