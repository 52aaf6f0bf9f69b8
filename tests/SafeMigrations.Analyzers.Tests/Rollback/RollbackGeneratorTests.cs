using Microsoft.CodeAnalysis;
using SafeMigrations.Analyzers.Rollback;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.TestKit.Scaffolding;

namespace SafeMigrations.Analyzers.Tests.Rollback;

public class RollbackGeneratorTests
{
    public static TheoryData<TestProvider> Providers => new() { TestProvider.PostgreSql, TestProvider.SqlServer, TestProvider.Sqlite };

    private static MigrationProject Project(TestProvider provider) =>
        RollbackHarness.MarkForRollback(MigrationProject.Scaffold(provider, RollbackHarness.History(provider)));

    [Theory]
    [MemberData(nameof(Providers))]
    public void Generates_a_Down_that_compiles_for_every_scaffolded_migration(TestProvider provider)
    {
        var project = Project(provider);

        var (driver, output) = RollbackHarness.Run(RollbackHarness.Compile(project.Sources));

        var generated = driver.GetRunResult().GeneratedTrees.ToList();
        Assert.All(generated, t => Assert.StartsWith("Sample.Migrations.", Path.GetFileName(t.FilePath), StringComparison.Ordinal));
        Assert.Equal(project.History.Select(m => m.Name).OrderBy(n => n), generated.Select(RollbackHarness.GeneratedFor).OrderBy(n => n));
        Assert.Empty(RollbackHarness.Errors(output));
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Warning && d.Id is not ("CS1701" or "CS1702")));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Generated_code_matches_the_snapshots(TestProvider provider)
    {
        var project = Project(provider);

        var (driver, _) = RollbackHarness.Run(RollbackHarness.Compile(project.Sources));

        var mismatches = new List<string>();
        foreach (var tree in driver.GetRunResult().GeneratedTrees)
        {
            var name = RollbackHarness.GeneratedFor(tree);
            try
            {
                Snapshot.Verify($"{provider}.{name}", tree.GetText().ToString());
            }
            catch (Xunit.Sdk.FailException failure)
            {
                mismatches.Add(failure.Message);
            }
        }

        Assert.Empty(mismatches);
        Assert.Equal(project.History.Count, driver.GetRunResult().GeneratedTrees.Length);
    }
}

/// <summary>Each helper with an inverse in the runtime's table (<c>SafeMigrationInverses</c>) gets it in a generated Down.</summary>
public class HelperInverseGenerationTests
{
    /// <summary>
    /// <c>DropUniqueConstraintUsingIndex</c>'s inverse, <c>AddUniqueConstraintUsingIndex</c> with the key's columns from the
    /// model before the migration, as the runtime's inverse table documents it (it had none in the generator: SM3003).
    /// </summary>
    [Fact]
    public void DropUniqueConstraintUsingIndex_is_rolled_back_with_the_key_s_columns()
    {
        var project = MigrationProject.Scaffold(
            TestProvider.PostgreSql,
            ("Initial", m => { Models.Customers(m); m.Entity<Customer>().HasAlternateKey(c => c.Points); }),
            ("DropPointsKey", Models.Customers));
        project.WithMigrationCode(project.Last, code => System.Text.RegularExpressions.Regex.Replace(
            "using EFCore.SafeMigrations;\n" + RollbackHarness.MarkForRollback(code),
            @"migrationBuilder\.DropUniqueConstraint\(\s*name: ""AK_Customers_Points"",\s*table: ""Customers""\);",
            "migrationBuilder.DropUniqueConstraintUsingIndex(name: \"AK_Customers_Points\", table: \"Customers\");"));
        Assert.Contains("DropUniqueConstraintUsingIndex(", project.SourceOf(project.Last));
        Assert.Equal(EFCore.SafeMigrations.InverseKind.FromPreviousModel, EFCore.SafeMigrations.SafeMigrationInverses.Find("DropUniqueConstraintUsingIndex")!.Kind);

        var (driver, output) = RollbackHarness.Run(RollbackHarness.Compile(project.Sources));

        var down = driver.GetRunResult().GeneratedTrees.Single(t => t.FilePath.Contains("DropPointsKey", StringComparison.Ordinal)).GetText().ToString();
        Assert.Contains("migrationBuilder.AddUniqueConstraintUsingIndex(\n", down.Replace("\r\n", "\n"));
        Assert.Contains("name: \"AK_Customers_Points\"", down);
        Assert.Contains("column: \"Points\"", down);
        Assert.Empty(RollbackHarness.Errors(output));
    }
}

/// <summary>SQL Server facets of a dropped table that a Designer writes outside the property and key calls.</summary>
public class SqlServerRecreateTests
{
    public sealed class Ticket
    {
        public Guid Id { get; set; }

        public int Number { get; set; }
    }

    public sealed class Invoice
    {
        public int Id { get; set; }

        public int Number { get; set; }
    }

    /// <summary>An identity that starts at 1000 and steps by 5, dropped with its table: it comes back with that seed and increment, not 1, 1.</summary>
    [Fact]
    public async Task A_dropped_table_s_identity_keeps_its_seed_and_increment()
    {
        var scaffolded = MigrationProject.Scaffold(
            TestProvider.SqlServer,
            ("Initial", m => { Models.Customers(m); m.Entity<Invoice>(b => Microsoft.EntityFrameworkCore.SqlServerPropertyBuilderExtensions.UseIdentityColumn(b.Property(i => i.Id), 1000, 5)); }),
            ("DropInvoices", Models.Customers));
        Assert.Contains("UseIdentityColumn(b.Property<int>(\"Id\"), 1000L, 5);", scaffolded.History[0].DesignerCode);
        Assert.Contains(".Annotation(\"SqlServer:Identity\", \"1000, 5\")", scaffolded.SourceOf(scaffolded.Last));
        await Rules.RollbackMismatchRuleTests.AssertNoMismatchAsync(scaffolded, readBy: "SM1004");

        var project = RollbackHarness.MarkForRollback(scaffolded, includeFirst: false);
        var (driver, output) = RollbackHarness.Run(RollbackHarness.Compile(project.Sources));
        var down = driver.GetRunResult().GeneratedTrees.Single(t => t.FilePath.Contains("DropInvoices", StringComparison.Ordinal)).GetText().ToString();
        Assert.Contains(".Annotation(\"SqlServer:Identity\", \"1000, 5\")", down);
        Assert.Empty(RollbackHarness.Errors(output));
    }

    private static void Tickets(Microsoft.EntityFrameworkCore.ModelBuilder model)
    {
        Models.Customers(model);
        model.Entity<Ticket>(b =>
        {
            Microsoft.EntityFrameworkCore.SqlServerKeyBuilderExtensions.IsClustered(b.HasKey(t => t.Id), false);
            Microsoft.EntityFrameworkCore.SqlServerIndexBuilderExtensions.IsClustered(b.HasIndex(t => t.Number));
        });
    }

    /// <summary>
    /// A GUID key made nonclustered, the table clustered on another index (a common SQL Server layout), dropped: the generated
    /// Down re-creates the key nonclustered and the index clustered, as EF's Down does. A clustered key there made the
    /// clustered index's CREATE fail ("Cannot create more than one clustered index"), and the index's IsClustered() written
    /// without its value stopped the generator.
    /// </summary>
    [Fact]
    public async Task A_dropped_table_s_nonclustered_primary_key_comes_back_nonclustered()
    {
        var scaffolded = MigrationProject.Scaffold(TestProvider.SqlServer, ("Initial", Tickets), ("DropTickets", Models.Customers));
        Assert.Contains("SqlServerKeyBuilderExtensions.IsClustered(b.HasKey(\"Id\"), false);", scaffolded.History[0].DesignerCode);
        Assert.Contains(".Annotation(\"SqlServer:Clustered\", false)", scaffolded.SourceOf(scaffolded.Last));

        // EF's own Down restores it: SM3002 says nothing.
        await Rules.RollbackMismatchRuleTests.AssertNoMismatchAsync(scaffolded, readBy: "SM1004");

        var project = RollbackHarness.MarkForRollback(scaffolded, includeFirst: false);
        var (driver, output) = RollbackHarness.Run(RollbackHarness.Compile(project.Sources));
        var trees = driver.GetRunResult().GeneratedTrees;
        Assert.Contains(trees, t => t.FilePath.Contains("DropTickets", StringComparison.Ordinal)); // IsClustered() without its value read as EF writes it, true
        Assert.Matches(@"CreateIndex\([^;]*name: ""IX_Ticket_Number""[^;]*\.Annotation\(""SqlServer:Clustered"", true\);", trees.Single(t => t.FilePath.Contains("DropTickets", StringComparison.Ordinal)).GetText().ToString());
        var down = trees.Single(t => t.FilePath.Contains("DropTickets", StringComparison.Ordinal)).GetText().ToString().Replace("\r\n", "\n");
        Assert.Matches(@"table\.PrimaryKey\(""PK_Ticket"", x => x\.Id\)\s*\.Annotation\(""SqlServer:Clustered"", false\);", down);
        Assert.Empty(RollbackHarness.Errors(output));
    }
}

/// <summary>
/// A dropped table whose column names are not C# identifiers: the re-created CreateTable names its anonymous members as
/// identifiers (a keyword with <c>@</c>, a leading digit after <c>_</c>, a space as <c>_</c>) and keeps each column's own
/// name in <c>name:</c>, in its columns, its composite key's and its index's selectors.
/// </summary>
public class RecreatedOddColumnNamesTests
{
    public sealed class Oddity
    {
        public int Id { get; set; }

        public int Class { get; set; }

        public int First { get; set; }

        public string? OrderDate { get; set; }

        public string? Books { get; set; }
    }

    private static void Oddities(Microsoft.EntityFrameworkCore.ModelBuilder model)
    {
        Models.Customers(model);
        model.Entity<Oddity>(b =>
        {
            Microsoft.EntityFrameworkCore.RelationalPropertyBuilderExtensions.HasColumnName(b.Property(o => o.Class), "class");
            Microsoft.EntityFrameworkCore.RelationalPropertyBuilderExtensions.HasColumnName(b.Property(o => o.First), "1st");
            Microsoft.EntityFrameworkCore.RelationalPropertyBuilderExtensions.HasColumnName(b.Property(o => o.OrderDate), "Order Date");
            Microsoft.EntityFrameworkCore.RelationalPropertyBuilderExtensions.HasColumnName(b.Property(o => o.Books), "Bücher");
            b.HasAlternateKey(o => new { o.Class, o.First });
            b.HasIndex(o => new { o.OrderDate, o.Books });
        });
    }

    [Theory]
    [InlineData(TestProvider.PostgreSql)]
    [InlineData(TestProvider.Sqlite)]
    public async Task Columns_named_by_keywords_digits_spaces_and_umlauts_come_back_under_their_names(TestProvider provider)
    {
        var scaffolded = MigrationProject.Scaffold(provider, ("Initial", Oddities), ("DropOddities", Models.Customers));

        // EF's own Down re-creates the table: SM3002, which compares it with the planned CreateTable, says nothing.
        await Rules.RollbackMismatchRuleTests.AssertNoMismatchAsync(scaffolded, readBy: "SM1004");

        var project = RollbackHarness.MarkForRollback(scaffolded, includeFirst: false);
        var (driver, output) = RollbackHarness.Run(RollbackHarness.Compile(project.Sources));
        var down = driver.GetRunResult().GeneratedTrees.Single(t => t.FilePath.Contains("DropOddities", StringComparison.Ordinal)).GetText().ToString().Replace("\r\n", "\n");
        Assert.Matches(@"@class = table\.Column<int>\(\s*name: ""class"",\s*type: ""[^""]+"",\s*nullable: false\)", down);
        Assert.Matches(@"_1st = table\.Column<int>\(\s*name: ""1st"",", down);
        Assert.Matches(@"Order_Date = table\.Column<string>\(\s*name: ""Order Date"",", down);
        Assert.Matches(@"Bücher = table\.Column<string>\(\s*type: ""[^""]+"",\s*nullable: true\)", down);
        Assert.Matches(@"table\.UniqueConstraint\(""AK_Oddity_class_1st"", x => new \{ x\.@class, x\._1st \}\);", down);
        Assert.Matches(@"CreateIndex\(\s*name: ""IX_Oddity_Order Date_Bücher"",\s*table: ""Oddity"",\s*columns: new\[\] \{ ""Order Date"", ""Bücher"" \}\);", down);
        Assert.Empty(RollbackHarness.Errors(output));
    }
}
