using SafeMigrations.TestKit.Databases;

namespace SafeMigrations.PackageTests;

/// <summary>
/// The package with Pomelo's MySQL provider, on EF Core 9 (Pomelo 9 does not run on EF Core 10, where the other tests
/// run): <c>UseSafeMigrations()</c> replaces Pomelo's own migrator, which creates the procedures Pomelo's SQL for
/// <c>DropPrimaryKey</c>/<c>AddPrimaryKey</c> calls; a migration that drops and re-adds a key must still run both ways,
/// with the key's AUTO_INCREMENT kept, beside the package's batched backfill, on a live MariaDB.
/// </summary>
public sealed partial class PackageTests
{
    [MySqlFact]
    public void Pomelo_consumer_migrates_a_primary_key_change_and_a_backfill_both_ways()
    {
        using var database = MySqlDatabase.Create("pomelo_consumer");
        var directory = Path.Combine(fixture.WorkDirectory, "pomelo");
        fixture.WriteProject("PomeloConsumer", directory, new Dictionary<string, string>());

        var build = fixture.Run(directory, ci: false, "build", "PomeloConsumer.csproj", "--disable-build-servers", "-tl:off");
        output.WriteLine(build.ToString());
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.DoesNotContain(build.Lines, l => l.Contains("AD0001", StringComparison.Ordinal));

        var app = Path.Combine(directory, "bin", "Debug", "net9.0", "PomeloConsumer.dll");
        var run = fixture.Run(directory, ci: false, new Dictionary<string, string?> { ["DOTNET_ROLL_FORWARD"] = "Major" }, app, database.ConnectionString);
        output.WriteLine(run.ToString());
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("EF Core 9.0.", run.Output, StringComparison.Ordinal);
        Assert.Contains("POMELO OK", run.Lines);
    }
}
