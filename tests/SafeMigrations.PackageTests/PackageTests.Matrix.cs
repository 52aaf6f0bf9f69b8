using System.Text.Json;

namespace SafeMigrations.PackageTests;

/// <summary>
/// The package on every EF Core line it supports: a console app on SQLite (<c>MatrixConsumer/</c>) per target
/// framework and EF Core version, restored and built against the packed nupkg and run. Each restore keeps the app's
/// EF Core version (no downgrade, conflict or incompatibility; NU1603 is this registry copy's missing versions), the
/// build reports the SM warning, and the run shows <c>UseSafeMigrations()</c> deferring the contract migration (also in
/// a second replica of the same deployment), then applying it in the next deployment, and a generated <c>Down</c> rolling back.
/// </summary>
/// <remarks>
/// Only a .NET 10 runtime may be installed where this runs: the apps run with <c>DOTNET_ROLL_FORWARD=Major</c>,
/// which uses the app's own runtime when it is installed and the next major one when it is not. The app prints the
/// runtime it got.
/// </remarks>
public sealed partial class PackageTests
{
    /// <summary>The restore codes that mean the package moved or does not fit the app's EF Core or framework.</summary>
    private static readonly string[] ForbiddenRestoreCodes = ["NU1605", "NU1107", "NU1202", "NU1701"];

    [Theory]
    [InlineData("net8.0", "8.0.30")] // EF Core 8: the lowest 8.0.x the registry copy serves
    [InlineData("net9.0", "9.0.0")]
    [InlineData("net10.0", "10.0.0")]
    [InlineData("net10.0", "10.0.15")] // the latest 10.0.x the registry copy serves
    public void Consumer_on_each_EF_Core_line_restores_builds_and_runs(string targetFramework, string efCoreVersion)
    {
        var directory = Path.Combine(fixture.WorkDirectory, $"matrix-{targetFramework}-{efCoreVersion}");
        fixture.WriteProject(
            "MatrixConsumer",
            directory,
            new Dictionary<string, string> { ["TargetFramework"] = targetFramework, ["EfCoreVersion"] = efCoreVersion });

        var build = fixture.Run(directory, ci: false, "build", "MatrixConsumer.csproj", "--disable-build-servers", "-tl:off");
        output.WriteLine(build.ToString());

        // The restore: none of the codes in the output or in the assets file, and the app's EF Core kept.
        Assert.DoesNotContain(build.Lines, l => ForbiddenRestoreCodes.Any(c => l.Contains(c, StringComparison.Ordinal)));
        var assets = Path.Combine(directory, "obj", "project.assets.json");
        Assert.True(File.Exists(assets), build.ToString());
        using (var json = JsonDocument.Parse(File.ReadAllText(assets)))
        {
            var codes = json.RootElement.TryGetProperty("logs", out var logs)
                ? logs.EnumerateArray().Select(l => l.GetProperty("code").GetString()).ToList()
                : [];
            Assert.DoesNotContain(codes, c => ForbiddenRestoreCodes.Contains(c));
            var libraries = json.RootElement.GetProperty("libraries").EnumerateObject().Select(p => p.Name).ToList();
            Assert.Contains("Microsoft.EntityFrameworkCore.Relational/" + efCoreVersion, libraries);
            Assert.Contains("Microsoft.EntityFrameworkCore/" + efCoreVersion, libraries);
            Assert.Contains("EFCore.SafeMigrations/" + fixture.Version, libraries);
        }

        // The build: the runtime API compiles against lib/<framework>, and the analyzer reports the rename.
        Assert.True(build.ExitCode == 0, build.ToString());
        var diagnostic = Assert.Single(Diagnostics(build));
        Assert.Equal(("SM1001", "warning"), (diagnostic.Id, diagnostic.Severity));
        Assert.EndsWith("Migrations.cs", diagnostic.File, StringComparison.Ordinal);
        Assert.DoesNotContain(build.Lines, l => l.Contains("AD0001", StringComparison.Ordinal));

        // The run.
        var app = Path.Combine(directory, "bin", "Debug", targetFramework, "MatrixConsumer.dll");
        var run = fixture.Run(directory, ci: false, new Dictionary<string, string?> { ["DOTNET_ROLL_FORWARD"] = "Major" }, app);
        output.WriteLine(run.ToString());
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"EF Core {efCoreVersion}.0 on .NET ", run.Output, StringComparison.Ordinal);
        Assert.Contains("deferral messages logged: 2", run.Output, StringComparison.Ordinal);
        Assert.Contains("deferrals for the same deployment: 1", run.Output, StringComparison.Ordinal); // DeploymentId, on every EF Core line
        Assert.Contains("MATRIX OK", run.Lines);
    }
}
