using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using SafeMigrations.Benchmarks.Corpus;
using SafeMigrations.TestKit.Scaffolding;

namespace SafeMigrations.Benchmarks;

/// <summary>
/// The corpus built the way a user builds it: <c>dotnet build</c> of a generated project that references EF Core, the
/// provider and our package's analyzer assembly, with <c>ReportAnalyzer</c> on. Roslyn then reports every analyzer's
/// and generator's time itself, beside the SDK's own analyzers that run in every build, and MSBuild reports the Csc
/// task's time. This is how issue #15 measured (analyzer telemetry over the compile), and it counts what the
/// in-process compiles do not: the JIT of our code in a fresh compiler process, and the SDK's analyzers competing for
/// the same 2 cores.
/// </summary>
internal static class RealBuild
{
    private static readonly Regex CscTime = new(@"^\s+(\d+) ms\s+Csc\s+\d+ calls", RegexOptions.Multiline);
    private static readonly Regex TotalAnalyzers = new(@"Total analyzer execution time: ([\d.]+) seconds", RegexOptions.Multiline);
    private static readonly Regex TotalGenerators = new(@"Total generator execution time: ([\d.]+) seconds", RegexOptions.Multiline);
    private static readonly Regex AssemblyLine = new(@"^\s+([\d.<]+)\s+[\d<]+\s+([\w.]+), Version=", RegexOptions.Multiline);

    /// <summary>The label of the build with the peer analyzer alone (<c>--peer</c>).</summary>
    private const string PeerVariant = "with the peer alone";

    private sealed record Result(double CscSeconds, double AnalyzersSeconds, double GeneratorsSeconds, double OurAnalyzerSeconds, double OurGeneratorSeconds, double PeerSeconds, string SlowestOther);

    public static void Run(MigrationCorpus corpus, int rounds, TextWriter output)
    {
        var project = WriteProject(corpus);
        Run(project, "restore");

        // The analyzer as the package ships it: the IL assembly everywhere, and on linux-x64 also its ReadyToRun image
        // (build/EFCore.SafeMigrations.targets swaps that in there), made from the same build by the package's own target.
        var analyzer = typeof(SafeMigrations.Analyzers.SafeMigrationsAnalyzer).Assembly.Location;
        var readyToRun = ReadyToRunImage(output);
        if (readyToRun is not null && ModuleVersionId(readyToRun) != ModuleVersionId(analyzer))
        {
            throw new InvalidOperationException($"The ReadyToRun image {readyToRun} is not of the analyzer this benchmark runs ({analyzer}): build both in Release.");
        }

        var variants = new List<(string Label, string? Analyzer)> { ("without", null), ("with SafeMigrations", analyzer) };
        if (readyToRun is not null)
        {
            variants.Add(("with SafeMigrations, ReadyToRun", readyToRun));
        }

        // The peer (--peer) built the same way, alone: the issue asks for no more than the fastest peer on the same input.
        var peer = BenchmarkSettings.PeerAnalyzer;
        if (peer is not null)
        {
            variants.Add((PeerVariant, peer));
        }

        output.WriteLine($"Real builds of {project} (dotnet build --no-incremental, ReportAnalyzer), {rounds} round(s):");
        var results = new Dictionary<string, List<Result>>();
        foreach (var server in new[] { false, true })
        {
            if (server)
            {
                // Starts and warms the compiler server, with each analyzer it will load; not counted.
                foreach (var (_, analyzerPath) in variants.Where(v => v.Analyzer is not null))
                {
                    Build(project, analyzerPath, server: true);
                }
            }

            for (var round = 1; round <= rounds; round++)
            {
                foreach (var (variant, analyzerPath) in variants)
                {
                    var label = (server ? "warm compiler server" : "fresh csc process (no server)") + ", " + variant;
                    var result = Build(project, analyzerPath, server);
                    (results.TryGetValue(label, out var list) ? list : results[label] = new List<Result>()).Add(result);
                    output.WriteLine(
                        $"  {label,-66} Csc {result.CscSeconds,6:F1} s; all analyzers {result.AnalyzersSeconds,5:F2} s, generators {result.GeneratorsSeconds,4:F2} s"
                        + (analyzerPath is not null && analyzerPath == peer ? $"; peer {Path.GetFileNameWithoutExtension(peer)} {result.PeerSeconds * 1000,4:F0} ms = {100 * result.PeerSeconds / result.CscSeconds:F2} %" : string.Empty)
                        + (analyzerPath is not null && analyzerPath != peer ? $"; SafeMigrations analyzer {result.OurAnalyzerSeconds * 1000,4:F0} ms = {100 * result.OurAnalyzerSeconds / result.CscSeconds:F2} %, generator {result.OurGeneratorSeconds * 1000,3:F0} ms = {100 * result.OurGeneratorSeconds / result.CscSeconds:F2} %" : string.Empty)
                        + $"; slowest SDK analyzer: {result.SlowestOther}");
                }
            }
        }

        Run(project, "build-server shutdown");
        foreach (var (label, list) in results.Where(r => r.Key.EndsWith(", " + PeerVariant, StringComparison.Ordinal)))
        {
            var shares = list.Select(r => r.PeerSeconds / r.CscSeconds).Order().ToList();
            output.WriteLine($"  PEER in a real build, {label}: {100 * shares[0]:F2} % of the Csc task (lowest), {100 * HistoryProfile.Median(shares):F2} % (median), {100 * shares[^1]:F2} % (highest)");
        }

        foreach (var (label, list) in results.Where(r => !r.Key.EndsWith(", without", StringComparison.Ordinal) && !r.Key.EndsWith(", " + PeerVariant, StringComparison.Ordinal)))
        {
            var ours = list.Select(r => (r.OurAnalyzerSeconds + r.OurGeneratorSeconds) / r.CscSeconds).Order().ToList();
            output.WriteLine($"  PACKAGE in a real build, {label}: {100 * ours[0]:F2} % of the Csc task (lowest), {100 * HistoryProfile.Median(ours):F2} % (median), {100 * ours[^1]:F2} % (highest) (goal <= 0.50 %)");
        }
    }

    /// <summary>
    /// The ReadyToRun image the package ships for linux-x64, made by nuget/EFCore.SafeMigrations.csproj's
    /// <c>SafeMigrationsReadyToRun</c> target from the Release analyzer this benchmark runs; null on other platforms.
    /// </summary>
    private static string? ReadyToRunImage(TextWriter output)
    {
        if (System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier != "linux-x64")
        {
            output.WriteLine("// No ReadyToRun variant: the package ships its image for linux-x64 only.");
            return null;
        }

        var repository = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(repository.FullName, "Analyzers.sln")))
        {
            repository = repository.Parent ?? throw new InvalidOperationException("Analyzers.sln not found above " + AppContext.BaseDirectory);
        }

        // Restored on its own: a restore with the TargetFramework property would restore the analyzer for net10.0.
        var pack = Path.Combine(repository.FullName, "nuget", "EFCore.SafeMigrations.csproj");
        Run(repository.FullName, $"restore \"{pack}\"");
        var log = Run(repository.FullName, $"msbuild \"{pack}\" -t:SafeMigrationsReadyToRun -p:TargetFramework=net10.0 -p:Configuration=Release -getTargetResult:SafeMigrationsReadyToRun");
        var image = Regex.Match(log, "\"Identity\": \"(?<path>[^\"]+)\"").Groups["path"].Value;
        if (!File.Exists(image))
        {
            throw new InvalidOperationException("The package's SafeMigrationsReadyToRun target made no image:\n" + log);
        }

        output.WriteLine($"// ReadyToRun image: {image}");
        return image;
    }

    /// <summary>The build an assembly comes from: crossgen2 keeps the IL assembly's module version id in its image.</summary>
    private static Guid ModuleVersionId(string assembly)
    {
        using var reader = new System.Reflection.PortableExecutable.PEReader(File.OpenRead(assembly));
        var metadata = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(reader);
        return metadata.GetGuid(metadata.GetModuleDefinition().Mvid);
    }

    /// <summary>A project over the corpus's files, shielded from the repository's build files.</summary>
    private static string WriteProject(MigrationCorpus corpus)
    {
        var directory = corpus.Directory.TrimEnd(Path.DirectorySeparatorChar) + ".build";
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(directory, "Directory.Build.targets"), "<Project />");
        File.WriteAllText(Path.Combine(directory, "Directory.Packages.props"), "<Project><PropertyGroup><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup></Project>");
        // The sources the in-process compiles compile, written out: a real project's folder (--history-dir) needs the stubs
        // the benchmark writes for the rest of the project, and must leave out the files the corpus leaves out.
        var sources = Path.Combine(directory, "Sources");
        if (Directory.Exists(sources))
        {
            Directory.Delete(sources, recursive: true);
        }

        foreach (var (path, source) in corpus.Files)
        {
            var file = Path.Combine(sources, path);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, source);
        }

        var provider = BenchmarkSettings.Provider == TestProvider.Sqlite ? "Microsoft.EntityFrameworkCore.Sqlite" : "Npgsql.EntityFrameworkCore.PostgreSQL";
        File.WriteAllText(Path.Combine(directory, "Corpus.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <EnableDefaultCompileItems>false</EnableDefaultCompileItems>
                <ReportAnalyzer>true</ReportAnalyzer>
                <NoWarn>$(NoWarn);CS1591;NU1603</NoWarn>
              </PropertyGroup>
              <ItemGroup>
                <Compile Include="Sources/**/*.cs" />
                <PackageReference Include="Microsoft.EntityFrameworkCore.Relational" Version="{PackageVersion("Microsoft.EntityFrameworkCore.Relational")}" />
                <PackageReference Include="{provider}" Version="{PackageVersion(provider)}" />
              </ItemGroup>
              <!-- Where a package's analyzers join the list, after the project's own and before the framework's generators, as
                   a PackageReference adds them. Roslyn charges the driver's first attribute search to the first generator. -->
              <Target Name="AddSafeMigrationsAnalyzer" AfterTargets="ResolveLockFileAnalyzers" Condition="'$(SafeMigrationsAnalyzer)' != ''">
                <ItemGroup>
                  <Analyzer Include="$(SafeMigrationsAnalyzer)" />
                  <!-- A peer's own dependencies beside it (MigrationLint.Core), which csc loads only when they are analyzers too. -->
                  <Analyzer Include="$([System.IO.Path]::GetDirectoryName($(SafeMigrationsAnalyzer)))/*.dll" Exclude="$(SafeMigrationsAnalyzer)" Condition="'$(SafeMigrationsAnalyzerWithDependencies)' == 'true'" />
                </ItemGroup>
              </Target>
            </Project>
            """);
        return directory;
    }

    /// <summary>The version the repository pins (Directory.Packages.props), so the build compiles what the tests compile.</summary>
    private static string PackageVersion(string id)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var props = Path.Combine(directory.FullName, "Directory.Packages.props");
            if (File.Exists(props) && XDocument.Load(props).Descendants("PackageVersion").FirstOrDefault(e => (string?)e.Attribute("Include") == id) is { } entry)
            {
                return (string)entry.Attribute("Version")!;
            }
        }

        throw new InvalidOperationException($"No version of {id} in the repository's Directory.Packages.props.");
    }

    /// <param name="analyzer">The analyzer assembly to add, or null for the build without the package.</param>
    private static Result Build(string project, string? analyzer, bool server)
    {
        var isPeer = analyzer is not null && analyzer == BenchmarkSettings.PeerAnalyzer;
        var log = Run(
            project,
            $"build -c Release --no-restore --no-incremental -v:d -clp:PerformanceSummary \"-p:SafeMigrationsAnalyzer={analyzer}\" -p:SafeMigrationsAnalyzerWithDependencies={(isPeer ? "true" : "false")} -p:UseSharedCompilation={(server ? "true" : "false")}",
            allowErrors: isPeer);
        var analyzersAt = log.IndexOf("Total analyzer execution time", StringComparison.Ordinal);
        var generatorsAt = log.IndexOf("Total generator execution time", StringComparison.Ordinal);
        if (analyzersAt < 0 || generatorsAt < analyzersAt || CscTime.Match(log) is not { Success: true } csc)
        {
            throw new InvalidOperationException("The build printed no analyzer report or no Csc time:\n" + log[Math.Max(0, log.Length - 3000)..]);
        }

        var analyzerSection = log[analyzersAt..generatorsAt];
        static double Seconds(string text) => text.StartsWith('<') ? 0 : double.Parse(text, CultureInfo.InvariantCulture);
        double TimeOf(string section, string assembly) => AssemblyLine.Matches(section).FirstOrDefault(m => m.Groups[2].Value == assembly) is { } line ? Seconds(line.Groups[1].Value) : 0;
        double OursIn(string section) => TimeOf(section, "SafeMigrations.Analyzers");
        var peerName = isPeer ? Path.GetFileNameWithoutExtension(analyzer!) : null;
        var slowestOther = AssemblyLine.Matches(analyzerSection).Where(m => m.Groups[2].Value != "SafeMigrations.Analyzers" && m.Groups[2].Value != peerName)
            .OrderByDescending(m => Seconds(m.Groups[1].Value)).Select(m => $"{m.Groups[2].Value} {Seconds(m.Groups[1].Value):F2} s").FirstOrDefault() ?? "none";
        return new Result(
            double.Parse(csc.Groups[1].Value, CultureInfo.InvariantCulture) / 1000,
            double.Parse(TotalAnalyzers.Match(log).Groups[1].Value, CultureInfo.InvariantCulture),
            TotalGenerators.Match(log) is { Success: true } generators ? double.Parse(generators.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
            OursIn(analyzerSection),
            OursIn(log[generatorsAt..]),
            peerName is null ? 0 : TimeOf(analyzerSection, peerName),
            slowestOther);
    }

    /// <param name="allowErrors">A build that fails is still measured: MigrationLint reports its findings as errors.</param>
    private static string Run(string directory, string arguments, bool allowErrors = false)
    {
        // A build's -p:UseSharedCompilation, a global property, wins over the variable some machines (and CI) set.
        var start = new ProcessStartInfo("dotnet", arguments) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        var log = stdout.Result + stderr.Result;
        if (process.ExitCode != 0 && !allowErrors)
        {
            throw new InvalidOperationException($"dotnet {arguments} failed:\n{log[Math.Max(0, log.Length - 3000)..]}");
        }

        return log;
    }
}
