using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;

namespace SafeMigrations.PackageTests;

/// <summary>
/// The precompiled (ReadyToRun) analyzer: the package holds the same build of the analyzer compiled ahead of time for
/// linux-x64, and a .NET SDK build on linux-x64 runs it in place of the IL copy, with the same findings. Elsewhere, and
/// with <c>SafeMigrationsReadyToRun=false</c>, the IL copy runs. An image for another platform does not load at all
/// (CS8034), which is why the swap is limited to the platform the image is for.
/// </summary>
public sealed partial class PackageTests
{
    private const string ReadyToRunAnalyzer = "readytorun/linux-x64/SafeMigrations.Analyzers.dll";

    // The PE machine of a ReadyToRun image for Linux: the processor's, XOR the operating system's value (x64: 0x8664).
    private const ushort LinuxX64ReadyToRunMachine = 0x8664 ^ 0x7B79;

    [Fact]
    public void ReadyToRun_analyzer_is_the_packed_analyzer_compiled_for_linux_x64()
    {
        var il = ReadPackageEntry("analyzers/dotnet/cs/SafeMigrations.Analyzers.dll");
        var precompiled = ReadPackageEntry(ReadyToRunAnalyzer);

        using var ilReader = new PEReader(new MemoryStream(il));
        using var precompiledReader = new PEReader(new MemoryStream(precompiled));
        Assert.Equal(0, ilReader.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size);
        Assert.NotEqual(0, precompiledReader.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size);
        Assert.Equal(LinuxX64ReadyToRunMachine, (ushort)precompiledReader.PEHeaders.CoffHeader.Machine);

        // The same build: crossgen2 keeps the assembly's metadata, module version id included.
        var ilMetadata = ilReader.GetMetadataReader();
        var precompiledMetadata = precompiledReader.GetMetadataReader();
        Assert.Equal(ilMetadata.GetGuid(ilMetadata.GetModuleDefinition().Mvid), precompiledMetadata.GetGuid(precompiledMetadata.GetModuleDefinition().Mvid));

        // The code fixes sit beside it, so they load this copy of the analyzer assembly and not the IL one.
        Assert.Equal(ReadPackageEntry("analyzers/dotnet/cs/SafeMigrations.CodeFixes.dll"), ReadPackageEntry("readytorun/linux-x64/SafeMigrations.CodeFixes.dll"));

        // So does the T-SQL parser, the same file as the IL analyzer's: the image finds it in its own folder.
        Assert.Contains("readytorun/linux-x64/Microsoft.SqlServer.TransactSql.ScriptDom.dll", fixture.PackageEntries);
        Assert.Equal(ReadPackageEntry("analyzers/dotnet/cs/Microsoft.SqlServer.TransactSql.ScriptDom.dll"), ReadPackageEntry("readytorun/linux-x64/Microsoft.SqlServer.TransactSql.ScriptDom.dll"));

        // And the image reads T-SQL with it: the SQL Server raw-SQL finding (SM4002) of the fixture's build, which runs the image here.
        Assert.True(fixture.LocalBuild.ExitCode == 0, fixture.LocalBuild.ToString());
        var tsql = Assert.Single(Diagnostics(fixture.LocalBuild), d => d.Id == "SM4002");
        AssertAt(tsql, "_ClearCustomerEmails.cs", "migrationBuilder.Sql(");
        Assert.Contains("The UPDATE of every row of existing table 'Customers' runs as one statement", tsql.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// The image where it loads (this machine's SDK, if it is a linux-x64 one of version 10), and the IL copy when turned
    /// off, or under an SDK of another platform or version (given here as the properties the SDK sets).
    /// </summary>
    [Fact]
    public void Build_runs_the_ReadyToRun_analyzer_on_linux_x64_only_and_not_when_turned_off()
    {
        var il = new[] { "analyzers/dotnet/cs/Microsoft.SqlServer.TransactSql.ScriptDom.dll", "analyzers/dotnet/cs/SafeMigrations.Analyzers.dll", "analyzers/dotnet/cs/SafeMigrations.CodeFixes.dll" };
        var sdk = fixture.Run(fixture.ConsumerDirectory, ci: false, "msbuild", "Consumer.csproj", "-getProperty:NETCoreSdkRuntimeIdentifier", "-getProperty:NETCoreSdkVersion");
        Assert.True(sdk.ExitCode == 0, sdk.ToString());
        var expected = sdk.Output.Contains("\"NETCoreSdkRuntimeIdentifier\": \"linux-x64\"", StringComparison.Ordinal) && sdk.Output.Contains("\"NETCoreSdkVersion\": \"10.", StringComparison.Ordinal)
            ? new[] { "readytorun/linux-x64/Microsoft.SqlServer.TransactSql.ScriptDom.dll", "readytorun/linux-x64/SafeMigrations.Analyzers.dll", "readytorun/linux-x64/SafeMigrations.CodeFixes.dll" }
            : il;
        Assert.Equal(expected, PackageAnalyzers());
        Assert.Equal(il, PackageAnalyzers("-p:SafeMigrationsReadyToRun=false"));
        Assert.Equal(il, PackageAnalyzers("-p:NETCoreSdkRuntimeIdentifier=win-x64"));
        Assert.Equal(il, PackageAnalyzers("-p:NETCoreSdkRuntimeIdentifier=linux-arm64"));
        Assert.Equal(il, PackageAnalyzers("-p:NETCoreSdkVersion=9.0.300"));
        Assert.Equal(il, PackageAnalyzers("-p:NETCoreSdkVersion=11.0.100-preview.1.26101.1"));
    }

    /// <summary>The IL analyzer reports exactly what the build with the precompiled one (the fixture's build) reported.</summary>
    [Fact]
    public void IL_analyzer_reports_the_same_as_the_ReadyToRun_one()
    {
        Assert.True(fixture.LocalBuild.ExitCode == 0, fixture.LocalBuild.ToString());
        var copy = Path.Combine(fixture.WorkDirectory, "consumer-il");
        fixture.WriteProject("Consumer", copy, new Dictionary<string, string>());
        var ilBuild = fixture.Run(copy, ci: false, "build", "Consumer.csproj", "--disable-build-servers", "-tl:off", "-p:SafeMigrationsReadyToRun=false");
        Assert.True(ilBuild.ExitCode == 0, ilBuild.ToString());

        static IEnumerable<string> Findings(DotNetResult build) =>
            Diagnostics(build).Select(d => $"{Path.GetFileName(d.File)}({d.Line},{d.Column}) {d.Severity} {d.Id}: {d.Message}").Distinct().Order(StringComparer.Ordinal);
        Assert.NotEmpty(Findings(ilBuild));
        Assert.Equal(Findings(ilBuild), Findings(fixture.LocalBuild));
        Assert.DoesNotContain(fixture.LocalBuild.Lines, l => l.Contains("CS8034", StringComparison.Ordinal) || l.Contains("AD0001", StringComparison.Ordinal));
    }

    /// <summary>The package's analyzer files the consumer's build passes to the compiler, relative to the package folder.</summary>
    private IEnumerable<string> PackageAnalyzers(params string[] properties)
    {
        var result = fixture.Run(fixture.ConsumerDirectory, ci: false, ["msbuild", "Consumer.csproj", "-t:ResolveLockFileAnalyzers", "-getItem:Analyzer", .. properties]);
        Assert.True(result.ExitCode == 0, result.ToString());
        var packageFolder = $"/efcore.safemigrations/{fixture.Version}/";
        return Regex.Matches(result.Output, "\"Identity\": \"(?<path>[^\"]+)\"")
            .Select(m => m.Groups["path"].Value.Replace('\\', '/'))
            .Where(p => p.Contains(packageFolder, StringComparison.OrdinalIgnoreCase))
            .Select(p => p[(p.IndexOf(packageFolder, StringComparison.OrdinalIgnoreCase) + packageFolder.Length)..])
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>An entry of the packed package, as bytes (the DLL tests read their PE headers and metadata from it).</summary>
    private byte[] ReadPackageEntry(string entry)
    {
        using var package = ZipFile.OpenRead(fixture.PackagePath);
        using var stream = package.GetEntry(entry)!.Open();
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }
}
