using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text;

namespace SafeMigrations.PackageTests;

/// <summary>
/// What users of a well-kept package expect of it: a licence (the MIT expression, and the text in the package), an
/// icon, the commit it was built from, the runtime library's symbols in a .snupkg, and a reproducible build: two packs
/// of one commit, in two clones as two CI servers would make them, give byte-identical DLLs.
/// </summary>
public sealed partial class PackageTests
{
    /// <summary>The DLLs that must come out the same from every build of a commit.</summary>
    private static readonly string[] ReproducibleEntries =
    [
        "analyzers/dotnet/cs/SafeMigrations.Analyzers.dll",
        "analyzers/dotnet/cs/SafeMigrations.CodeFixes.dll",
        "lib/net8.0/EFCore.SafeMigrations.dll",
        "lib/net9.0/EFCore.SafeMigrations.dll",
        "lib/net10.0/EFCore.SafeMigrations.dll",
        "readytorun/linux-x64/SafeMigrations.Analyzers.dll",
        "readytorun/linux-x64/SafeMigrations.CodeFixes.dll",
    ];

    [Fact]
    public void Package_declares_the_MIT_licence_and_the_icon()
    {
        // The commit (RepositoryCommit, from SourceLink) is there only in a clone of the GitHub repository, which the
        // reproducibility test below makes and checks; this working copy may have no remote, or a local one.
        Assert.Contains("""<license type="expression">MIT</license>""", fixture.Nuspec, StringComparison.Ordinal);
        Assert.Contains("<icon>icon.png</icon>", fixture.Nuspec, StringComparison.Ordinal);

        using var package = ZipFile.OpenRead(fixture.PackagePath);
        using (var licence = new StreamReader(package.GetEntry("LICENSE.txt")!.Open()))
        {
            Assert.StartsWith("MIT License", licence.ReadToEnd(), StringComparison.Ordinal);
        }

        using var icon = new MemoryStream();
        using (var entry = package.GetEntry("icon.png")!.Open())
        {
            entry.CopyTo(icon);
        }

        // A PNG, 128 by 128 (its IHDR chunk's width and height).
        var png = icon.ToArray();
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        Assert.Equal((128, 128), (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20))));
    }

    [Fact]
    public void Symbol_package_holds_the_runtime_library_PDBs()
    {
        var symbols = Path.ChangeExtension(fixture.PackagePath, ".snupkg");
        Assert.True(File.Exists(symbols), symbols);

        using var package = ZipFile.OpenRead(symbols);
        var pdbs = package.Entries.Select(e => e.FullName).Where(e => e.EndsWith(".pdb", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        Assert.Equal(
            new[] { "lib/net10.0/EFCore.SafeMigrations.pdb", "lib/net8.0/EFCore.SafeMigrations.pdb", "lib/net9.0/EFCore.SafeMigrations.pdb" },
            pdbs);
    }

    /// <summary>
    /// Two clones of the commit in two folders, each packed as on a CI server (<c>CI=true</c>, so
    /// ContinuousIntegrationBuild maps the clone's path to <c>/_/</c>): the analyzer and runtime DLLs are
    /// byte-identical, and neither holds its clone's path. This packs the commit (HEAD), not uncommitted changes.
    /// </summary>
    [Fact]
    public void Two_CI_packs_of_one_commit_give_identical_DLLs()
    {
        var head = Git(fixture.RepoRoot, "rev-parse", "HEAD").Trim();
        var first = PackClone("repro-a", head);
        var second = PackClone("repro-b", head);

        foreach (var entry in ReproducibleEntries)
        {
            var a = first.Entries[entry];
            var b = second.Entries[entry];
            Assert.True(a.AsSpan().SequenceEqual(b), $"{entry} differs between two packs of {head}");
            Assert.DoesNotContain(first.Clone, Encoding.UTF8.GetString(a), StringComparison.Ordinal);
        }

        Assert.Equal(head, CommitOf(first.Nuspec));
        Assert.Equal(head, CommitOf(second.Nuspec));

        // The same holds for the PDBs in the symbol package.
        Assert.Equal(first.Symbols.Keys.Order(StringComparer.Ordinal), second.Symbols.Keys.Order(StringComparer.Ordinal));
        Assert.All(first.Symbols, p => Assert.True(p.Value.AsSpan().SequenceEqual(second.Symbols[p.Key]), $"{p.Key} differs"));

        // PathMap: the PDB path recorded in the DLL is under /_/, not under the clone.
        using var reader = new PEReader(new MemoryStream(first.Entries["lib/net10.0/EFCore.SafeMigrations.dll"]));
        var codeView = reader.ReadDebugDirectory().First(d => d.Type == DebugDirectoryEntryType.CodeView);
        Assert.StartsWith("/_/", reader.ReadCodeViewDebugDirectoryData(codeView).Path, StringComparison.Ordinal);
    }

    private (string Clone, string Nuspec, Dictionary<string, byte[]> Entries, Dictionary<string, byte[]> Symbols) PackClone(string name, string commit)
    {
        var clone = Path.Combine(fixture.WorkDirectory, name);
        Git(fixture.WorkDirectory, "clone", "--quiet", "--no-checkout", fixture.RepoRoot, clone);
        Git(clone, "checkout", "--quiet", "--detach", commit);

        // As a CI server's checkout: the GitHub remote, which SourceLink turns into the PDBs' source URLs.
        Git(clone, "remote", "set-url", "origin", "https://github.com/efcore-safemigrations/EFCore.SafeMigrations.git");

        var feed = Path.Combine(fixture.WorkDirectory, name + "-feed");
        var environment = new Dictionary<string, string?>
        {
            ["CI"] = "true",
            ["TF_BUILD"] = null,
            ["GITHUB_ACTIONS"] = null,
            ["ContinuousIntegrationBuild"] = null,
        };
        var pack = DotNet.Run(
            clone,
            environment,
            "pack", Path.Combine(clone, "nuget", "EFCore.SafeMigrations.csproj"),
            "-o", feed,
            "-p:PackageVersion=" + fixture.Version,
            "--disable-build-servers",
            "-tl:off");
        output.WriteLine(pack.ToString());
        Assert.True(pack.ExitCode == 0, pack.ToString());

        var package = Path.Combine(feed, $"EFCore.SafeMigrations.{fixture.Version}.nupkg");
        return (clone, ReadEntry(package, "EFCore.SafeMigrations.nuspec"), ReadAll(package, ".dll"), ReadAll(Path.ChangeExtension(package, ".snupkg"), ".pdb"));
    }

    private static string ReadEntry(string zip, string entry)
    {
        using var package = ZipFile.OpenRead(zip);
        using var reader = new StreamReader(package.GetEntry(entry)!.Open());
        return reader.ReadToEnd();
    }

    private static Dictionary<string, byte[]> ReadAll(string zip, string extension)
    {
        using var package = ZipFile.OpenRead(zip);
        var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var entry in package.Entries.Where(e => e.FullName.EndsWith(extension, StringComparison.Ordinal)))
        {
            using var stream = entry.Open();
            using var bytes = new MemoryStream();
            stream.CopyTo(bytes);
            entries[entry.FullName] = bytes.ToArray();
        }

        return entries;
    }

    private static string CommitOf(string nuspec)
        => System.Text.RegularExpressions.Regex.Match(nuspec, "commit=\"(?<commit>[0-9a-f]{40})\"").Groups["commit"].Value;

    private static string Git(string workingDirectory, params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo("git")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"git {string.Join(' ', arguments)}: {stderr.Result}");
        return stdout;
    }
}
