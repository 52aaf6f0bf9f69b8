namespace SafeMigrations.PackageTests;

/// <summary>
/// <c>dotnet format analyzers</c> applies an expand/contract fix of the packed package: the source migration becomes
/// the expand, a new contract migration (and Designer) takes the destructive step, and the rollback generator
/// writes both <c>Down</c>s in the consumer's build.
/// </summary>
public sealed partial class PackageTests
{
    private const string ExpandMigration = "20261129160512_DropCustomerFullName";

    // The contract takes the expand's timestamp plus one second.
    private const string ContractMigration = "20261129160513_DropCustomerFullNameContract";

    /// <summary>
    /// On the same copy of the consumer as the SM2001 test (<c>FormatConsumer/</c> also holds
    /// <c>DropCustomerFullName</c>, the <c>DropColumn</c> of a NOT NULL column that <c>dotnet ef migrations add</c>
    /// scaffolded), <c>dotnet format analyzers --diagnostics SM1003</c> turns the migration into the expand (the
    /// column made nullable, <c>[GenerateRollback]</c> instead of its <c>Down</c>, its Designer keeping the column)
    /// and moves the drop into a contract with <c>[ContractOf]</c>. The formatted consumer builds, the generator
    /// writes both rollbacks, SM1003 is gone and no other SM diagnostic comes.
    /// </summary>
    [Fact]
    public void Dotnet_format_applies_the_SM1003_expand_contract_fix_and_the_formatted_consumer_builds()
    {
        var (directory, formatTime) = CopyConsumerAndFormat("format-sm1003", "SM1003");
        var migrations = Path.Combine(directory, "Migrations");

        // The expand: the column stays, nullable so that the new app version, which no longer writes it, can insert;
        // the generated rollback replaces the scaffolded Down.
        var expand = ReadMigration(migrations, ExpandMigration + ".cs");
        Assert.Contains("[GenerateRollback]", expand, StringComparison.Ordinal);
        Assert.DoesNotContain("void Down(", expand, StringComparison.Ordinal);
        Assert.DoesNotContain("DropColumn", expand, StringComparison.Ordinal);
        Assert.Contains(
            """
                        migrationBuilder.AlterColumn<string>(
                            name: "FullName",
                            table: "Customers",
                            type: "text",
                            nullable: true,
            """,
            expand,
            StringComparison.Ordinal);
        Assert.Contains(
            """
                                b.Property<string>("FullName")
                                    .HasColumnType("text");
            """,
            ReadMigration(migrations, ExpandMigration + ".Designer.cs"),
            StringComparison.Ordinal);

        // The contract: the drop, after the expand, with the generated rollback and a Designer without the column.
        var contract = ReadMigration(migrations, ContractMigration + ".cs");
        Assert.Contains($"[ContractOf(\"{ExpandMigration}\")]", contract, StringComparison.Ordinal);
        Assert.Contains("[GenerateRollback]", contract, StringComparison.Ordinal);
        Assert.DoesNotContain("void Down(", contract, StringComparison.Ordinal);
        Assert.Contains(
            """
                        migrationBuilder.DropColumn(
                            name: "FullName",
                            table: "Customers");
            """,
            contract,
            StringComparison.Ordinal);
        var contractDesigner = ReadMigration(migrations, ContractMigration + ".Designer.cs");
        Assert.Contains($"[Migration(\"{ContractMigration}\")]", contractDesigner, StringComparison.Ordinal);
        Assert.DoesNotContain("\"FullName\"", contractDesigner, StringComparison.Ordinal);

        // The generator's output is written to obj only to be read here; the build itself is the user's.
        var (build, buildTime) = BuildFormatted(directory, "-p:EmitCompilerGeneratedFiles=true");
        Assert.DoesNotContain(build.Lines, l => l.Contains("error CS", StringComparison.Ordinal));
        Assert.Contains("name: \"FullName\"", GeneratedRollback(directory, "DropCustomerFullName"), StringComparison.Ordinal);
        Assert.Contains("migrationBuilder.AddColumn<string>(", GeneratedRollback(directory, "DropCustomerFullNameContract"), StringComparison.Ordinal);

        // SM1003 is gone (the contract drops on purpose), and the fix brought no new diagnostic: what is left is the
        // consumer's others, SM2001 twice since this run fixes SM1003 only.
        Assert.Equal(new[] { "SM1001", "SM2001", "SM2001", "SM4002" }, Diagnostics(build).Select(d => d.Id).Order(StringComparer.Ordinal));

        output.WriteLine($"dotnet format analyzers: {formatTime.TotalSeconds:0.0} s; dotnet build of the formatted consumer: {buildTime.TotalSeconds:0.0} s");
    }

    /// <summary>The rollback the generator wrote for migration class <paramref name="migration"/> of a build with <c>EmitCompilerGeneratedFiles</c>.</summary>
    private static string GeneratedRollback(string directory, string migration)
    {
        var files = Directory.EnumerateFiles(Path.Combine(directory, "obj"), "*.Rollback.g.cs", SearchOption.AllDirectories).ToList();
        // Namespace.Class.<hash>.Rollback.g.cs: the hash tells apart names that differ in case only.
        var file = files.SingleOrDefault(f => System.Text.RegularExpressions.Regex.IsMatch(Path.GetFileName(f), @"\." + migration + @"\.[0-9a-f]{8}\.Rollback\.g\.cs$"));
        Assert.True(file is not null, $"no generated rollback of {migration}: {string.Join(", ", files.Select(Path.GetFileName))}");
        return File.ReadAllText(file).ReplaceLineEndings("\n");
    }
}
