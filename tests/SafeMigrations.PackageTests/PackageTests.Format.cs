using System.Diagnostics;

namespace SafeMigrations.PackageTests;

/// <summary>
/// <c>dotnet format analyzers</c> applies the package's code fixes from the command line, new migrations included,
/// and the formatted project builds.
/// </summary>
public sealed partial class PackageTests
{
    private const string SourceMigration = "20261129152456_AddCustomerPhone";

    // The SM2001 fix names the index's own migration after the source, one second later.
    private const string SplitMigration = "20261129152457_AddCustomerPhoneIndexes";

    /// <summary>
    /// On a copy of the consumer with two more migrations (<c>FormatConsumer/</c>, scaffolded by
    /// <c>dotnet ef migrations add</c>: <c>Phone</c> added with an index, then <c>FullName</c> dropped, which the
    /// SM1003 test fixes), <c>dotnet format analyzers --diagnostics SM2001</c> adds the
    /// concurrent annotation in place where the index is the migration's only operation, and moves the index into a
    /// new migration (and Designer) where it is not. Format also writes the new files into the project as
    /// <c>Compile</c> items, duplicates of the SDK's glob; the package's targets compile each once, so the build
    /// succeeds, without SM2001.
    /// </summary>
    [Fact]
    public void Dotnet_format_applies_the_SM2001_fix_and_the_formatted_consumer_builds()
    {
        var (directory, formatTime) = CopyConsumerAndFormat("format-sm2001", "SM2001");
        var migrations = Path.Combine(directory, "Migrations");

        // In place: the index is IndexCustomerEmail's only operation.
        Assert.Contains(
            """
                        migrationBuilder.CreateIndex(
                            name: "IX_Customers_Email",
                            table: "Customers",
                            column: "Email")
                            .Annotation("Npgsql:CreatedConcurrently", true);
            """,
            ReadMigration(migrations, "20261123193410_IndexCustomerEmail.cs"),
            StringComparison.Ordinal);

        // Split: the index leaves AddCustomerPhone, its Down and its Designer ...
        var source = ReadMigration(migrations, SourceMigration + ".cs");
        Assert.Contains("migrationBuilder.AddColumn<string>(", source, StringComparison.Ordinal);
        Assert.DoesNotContain("IX_Customers_Phone", source, StringComparison.Ordinal);
        Assert.DoesNotContain("b.HasIndex(\"Phone\")", ReadMigration(migrations, SourceMigration + ".Designer.cs"), StringComparison.Ordinal);

        // ... for a migration of its own, built concurrently, with the generated rollback and a Designer.
        var split = ReadMigration(migrations, SplitMigration + ".cs");
        Assert.Contains("[GenerateRollback]", split, StringComparison.Ordinal);
        Assert.Contains(
            """
                        migrationBuilder.CreateIndex(
                            name: "IX_Customers_Phone",
                            table: "Customers",
                            column: "Phone")
                            .Annotation("Npgsql:CreatedConcurrently", true);
            """,
            split,
            StringComparison.Ordinal);
        var splitDesigner = ReadMigration(migrations, SplitMigration + ".Designer.cs");
        Assert.Contains($"[Migration(\"{SplitMigration}\")]", splitDesigner, StringComparison.Ordinal);
        Assert.Contains("b.HasIndex(\"Phone\")", splitDesigner, StringComparison.Ordinal);

        // What the package's targets are for: format wrote the added files into the project, which globs them already.
        var project = File.ReadAllText(Path.Combine(directory, "Consumer.csproj"));
        Assert.Contains($"<Compile Include=\"Migrations/{SplitMigration}.cs\" />", project, StringComparison.Ordinal);

        // Without the de-duplication the SDK stops at its duplicate check, before compiling.
        var optedOut = fixture.Run(directory, ci: false, "build", "Consumer.csproj", "--disable-build-servers", "-tl:off", "-p:SafeMigrationsRemoveDuplicateCompileItems=false");
        Assert.NotEqual(0, optedOut.ExitCode);
        Assert.Contains(optedOut.Lines, l => l.Contains("error NETSDK1022", StringComparison.Ordinal));

        var (build, buildTime) = BuildFormatted(directory);

        // SM2001 is gone from both migrations, and the fix brought no new diagnostic: what is left is the consumer's
        // others, and SM1003 at DropCustomerFullName, which the expand/contract test fixes.
        Assert.Equal(new[] { "SM1001", "SM1003", "SM4002" }, Diagnostics(build).Select(d => d.Id).Order(StringComparer.Ordinal));

        output.WriteLine($"dotnet format analyzers: {formatTime.TotalSeconds:0.0} s; dotnet build of the formatted consumer: {buildTime.TotalSeconds:0.0} s");
    }

    /// <summary>
    /// Copies the consumer with <c>FormatConsumer/</c> laid over it into <paramref name="name"/> and runs
    /// <c>dotnet format analyzers --diagnostics <paramref name="diagnostic"/></c> on it, which must succeed.
    /// </summary>
    private (string Directory, TimeSpan Time) CopyConsumerAndFormat(string name, string diagnostic)
    {
        var directory = CopyConsumerForFormat(name);
        var timer = Stopwatch.StartNew();

        // format restores the copy itself; info severity so that it fixes warnings too.
        var format = fixture.Run(directory, ci: false, "format", "analyzers", "Consumer.csproj", "--diagnostics", diagnostic, "--severity", "info");
        Assert.True(format.ExitCode == 0, format.ToString());
        return (directory, timer.Elapsed);
    }

    /// <summary>
    /// <c>dotnet build</c> of a formatted copy, as a user runs it; it must succeed, with no duplicate Compile item
    /// (NETSDK1022, CS2002) and no analyzer or generator crash (AD0001, CS8785).
    /// </summary>
    private (DotNetResult Build, TimeSpan Time) BuildFormatted(string directory, params string[] extra)
    {
        var timer = Stopwatch.StartNew();
        var build = fixture.Run(directory, ci: false, ["build", "Consumer.csproj", "--disable-build-servers", "-tl:off", .. extra]);
        var time = timer.Elapsed;
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.DoesNotContain(
            build.Lines,
            l => new[] { "NETSDK1022", "CS2002", "AD0001", "CS8785" }.Any(id => l.Contains(id, StringComparison.Ordinal)));
        return (build, time);
    }

    /// <summary>Copies the consumer (not its bin and obj) into <paramref name="name"/> and lays <c>FormatConsumer/</c> over it.</summary>
    private string CopyConsumerForFormat(string name)
    {
        var directory = CopyConsumer(name);
        var overlay = Path.Combine(AppContext.BaseDirectory, "FormatConsumer");
        foreach (var file in Directory.EnumerateFiles(overlay, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(directory, Path.GetRelativePath(overlay, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }

        return directory;
    }

    /// <summary>Copies the consumer (not its bin and obj) into <paramref name="name"/>, for a test that changes it.</summary>
    private string CopyConsumer(string name)
    {
        var directory = Path.Combine(fixture.WorkDirectory, name);
        foreach (var file in Directory.EnumerateFiles(fixture.ConsumerDirectory, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(fixture.ConsumerDirectory, file);
            var top = relative.Split(Path.DirectorySeparatorChar)[0];
            if (top is "bin" or "obj")
            {
                continue;
            }

            var target = Path.Combine(directory, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return directory;
    }

    private static string ReadMigration(string migrations, string fileName)
    {
        var path = Path.Combine(migrations, fileName);
        Assert.True(File.Exists(path), $"{fileName} not in {migrations}: {string.Join(", ", Directory.EnumerateFiles(migrations).Select(Path.GetFileName))}");
        return File.ReadAllText(path).ReplaceLineEndings("\n");
    }
}
