using System.Globalization;
using System.IO.Compression;

namespace SafeMigrations.PackageTests;

/// <summary>
/// Packs the repo's <c>nuget/EFCore.SafeMigrations.csproj</c> once, into a temp feed, and builds the
/// <c>Consumer</c> project against it twice: as on a developer's machine, and as on a CI server.
/// </summary>
/// <remarks>
/// Everything happens under one temp folder outside the repo, so nothing here races the solution build:
/// <list type="bullet">
/// <item>the pack builds into its own artifacts folder (<c>--artifacts-path</c>), not the projects' bin/obj;</item>
/// <item>the package gets a version no other run uses, so no NuGet cache can hand back a stale copy;</item>
/// <item>the consumer restores into its own packages folder, with the machine's global packages folder as a
/// read-only fallback so EF Core and Npgsql are not downloaded again;</item>
/// <item>the consumer's folder has its own Directory.Build.props/.targets and Directory.Packages.props, so it
/// inherits nothing from this repo or from the temp folder's parents.</item>
/// </list>
/// </remarks>
public sealed class PackageFixture : IDisposable
{
    public PackageFixture()
    {
        RepoRoot = FindRepoRoot();
        WorkDirectory = Path.Combine(Path.GetTempPath(), "safemigrations-package-" + Guid.NewGuid().ToString("N")[..12]);
        Version = "0.1.0-packagetest." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);
        var feed = Path.Combine(WorkDirectory, "feed");
        ConsumerDirectory = Path.Combine(WorkDirectory, "consumer");
        Directory.CreateDirectory(feed);
        FeedDirectory = feed;

        Pack = DotNet.Run(
            RepoRoot,
            new Dictionary<string, string?>(),
            "pack",
            Path.Combine(RepoRoot, "nuget", "EFCore.SafeMigrations.csproj"),
            "-o", feed,
            "--artifacts-path", Path.Combine(WorkDirectory, "artifacts"),
            "-p:PackageVersion=" + Version,
            "--disable-build-servers",
            "-tl:off");
        PackagePath = Path.Combine(feed, $"EFCore.SafeMigrations.{Version}.nupkg");
        if (Pack.ExitCode != 0 || !File.Exists(PackagePath))
        {
            throw new InvalidOperationException("dotnet pack failed.\n" + Pack);
        }

        using (var package = ZipFile.OpenRead(PackagePath))
        {
            PackageEntries = package.Entries.Select(e => e.FullName).ToList();
            using var nuspec = new StreamReader(package.GetEntry("EFCore.SafeMigrations.nuspec")!.Open());
            Nuspec = nuspec.ReadToEnd();
        }

        WriteConsumer();
        PackagesDirectory = Path.Combine(WorkDirectory, "packages");

        // As on a developer's machine: no CI variable set, whatever the machine running this test has.
        LocalBuild = Build(ci: false);

        // As on a CI server; --no-incremental because WarningsAsErrors alone does not make the compiler rerun.
        CiBuild = Build(ci: true, "--no-incremental");
    }

    public string RepoRoot { get; }

    public string WorkDirectory { get; }

    public string ConsumerDirectory { get; }

    /// <summary>The local feed that holds the packed package.</summary>
    public string FeedDirectory { get; }

    /// <summary>The consumer's own NuGet packages folder (<c>NUGET_PACKAGES</c>), which holds the packed package.</summary>
    public string PackagesDirectory { get; }

    public string Version { get; }

    public string PackagePath { get; }

    public IReadOnlyList<string> PackageEntries { get; }

    public string Nuspec { get; }

    public DotNetResult Pack { get; }

    public DotNetResult LocalBuild { get; }

    public DotNetResult CiBuild { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(WorkDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>
    /// Runs <c>dotnet</c> in <paramref name="workingDirectory"/> (the consumer or a copy of it) as the consumer's
    /// builds run: its packages folder, and no CI variable unless <paramref name="ci"/>.
    /// </summary>
    public DotNetResult Run(string workingDirectory, bool ci, params string[] arguments)
        => Run(workingDirectory, ci, new Dictionary<string, string?>(), arguments);

    /// <summary>As <see cref="Run(string, bool, string[])"/>, with more environment variables (null removes one).</summary>
    public DotNetResult Run(string workingDirectory, bool ci, IReadOnlyDictionary<string, string?> moreEnvironment, params string[] arguments)
    {
        var environment = new Dictionary<string, string?>
        {
            ["NUGET_PACKAGES"] = PackagesDirectory,
            ["CI"] = ci ? "true" : null,
            ["TF_BUILD"] = null,
            ["GITHUB_ACTIONS"] = null,
            ["ContinuousIntegrationBuild"] = null,
        };
        foreach (var (name, value) in moreEnvironment)
        {
            environment[name] = value;
        }

        return DotNet.Run(workingDirectory, environment, arguments);
    }

    private DotNetResult Build(bool ci, params string[] extra) =>
        Run(ConsumerDirectory, ci, ["build", "Consumer.csproj", "--disable-build-servers", "-tl:off", .. extra]);

    private void WriteConsumer() => WriteProject("Consumer", ConsumerDirectory, new Dictionary<string, string>());

    /// <summary>
    /// Writes a copy of the project template <paramref name="template"/> (a folder beside this assembly, with a
    /// <c>&lt;name&gt;.csproj.template</c>) to <paramref name="directory"/>, its placeholders filled in
    /// (<c>$SafeMigrationsVersion$</c> always), shut off from this repo's build files and restoring from the test feed.
    /// </summary>
    public void WriteProject(string template, string directory, IReadOnlyDictionary<string, string> placeholders)
    {
        var source = Path.Combine(AppContext.BaseDirectory, template);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(directory, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        var project = Path.Combine(directory, template + ".csproj");
        File.Move(project + ".template", project);
        var text = File.ReadAllText(project).Replace("$SafeMigrationsVersion$", Version, StringComparison.Ordinal);
        foreach (var (name, value) in placeholders)
        {
            text = text.Replace("$" + name + "$", value, StringComparison.Ordinal);
        }

        File.WriteAllText(project, text);

        // Stop MSBuild's upward search for these files at the project's folder.
        File.WriteAllText(Path.Combine(directory, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(directory, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(
            Path.Combine(directory, "Directory.Packages.props"),
            "<Project>\n  <PropertyGroup>\n    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>\n  </PropertyGroup>\n</Project>\n");

        // The machine's package sources stay (no <clear />); the feed is added, and the global packages folder
        // serves what it already holds.
        File.WriteAllText(
            Path.Combine(directory, "nuget.config"),
            $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="safemigrations-test-feed" value="{FeedDirectory}" />
              </packageSources>
              <fallbackPackageFolders>
                <add key="machine-global-packages" value="{GlobalPackagesFolder()}" />
              </fallbackPackageFolders>
            </configuration>

            """);
    }

    private string GlobalPackagesFolder()
    {
        var locals = DotNet.Run(RepoRoot, new Dictionary<string, string?>(), "nuget", "locals", "global-packages", "--list");
        const string Prefix = "global-packages:";
        var line = locals.Lines.FirstOrDefault(l => l.StartsWith(Prefix, StringComparison.Ordinal));
        return line is not null
            ? line[Prefix.Length..].Trim()
            : Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
    }

    private static string FindRepoRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Analyzers.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Analyzers.sln not found above " + AppContext.BaseDirectory);
    }
}
