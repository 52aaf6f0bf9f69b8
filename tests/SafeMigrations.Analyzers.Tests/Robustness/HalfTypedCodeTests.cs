using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.EntityFrameworkCore;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.TestKit.Scaffolding;
using Xunit.Abstractions;

namespace SafeMigrations.Analyzers.Tests.Robustness;

/// <summary>
/// The analyzer meets half-typed code all day in the IDE. Every prefix of a scaffolded migration file,
/// beside its Designer, must analyse without an analyzer exception (AD0001). The analyzer is built in
/// Debug here, where its safety net rethrows, so a reader bug surfaces as AD0001 instead of hiding.
/// </summary>
public class HalfTypedCodeTests
{
    private readonly ITestOutputHelper output;

    public HalfTypedCodeTests(ITestOutputHelper output) => this.output = output;

    private static void Evolved(ModelBuilder model)
    {
        model.Entity<Customer>(b =>
        {
            b.ToTable("Customers");
            b.Property(c => c.Name).HasColumnName("FullName").HasMaxLength(200);
            b.HasIndex(c => c.Email).IsUnique();
        });
        model.Entity<Order>(b => b.ToTable("Orders"));
    }

    /// <summary>Only the migration under test, its Designer and the context: each prefix recompiles the project.</summary>
    private static MigrationProject Minimal(MigrationProject project)
    {
        project.Sources.RemoveAll(s => s.Path.Contains(project.History[0].Id, StringComparison.Ordinal) || s.Path.EndsWith("ModelSnapshot.cs", StringComparison.Ordinal));
        return project;
    }

    public static TheoryData<TestProvider> Providers => new() { TestProvider.PostgreSql, TestProvider.SqlServer, TestProvider.Sqlite };

    // Every prefix of the PostgreSQL file (the richest: annotations on most operations); every fifth for the others.
    [Theory]
    [InlineData(TestProvider.PostgreSql, 1)]
    [InlineData(TestProvider.SqlServer, 5)]
    [InlineData(TestProvider.Sqlite, 5)]
    public async Task Every_prefix_of_a_scaffolded_migration_analyses_without_AD0001(TestProvider provider, int stride)
    {
        // Hand-written SQL too, so the raw SQL reader meets every half-typed string.
        var project = Minimal(MigrationProject.Scaffold(provider, ("Initial", Models.Customers), ("Evolve", Evolved)))
            .AppendToUp("migrationBuilder.Sql(@\"CREATE INDEX \"\"IX_Raw\"\" ON \"\"Orders\"\" (\"\"Total\"\"); UPDATE [Orders] SET [Total] = 0; ALTER TABLE `Orders` ADD CONSTRAINT FK FOREIGN KEY (CustomerId) REFERENCES Customers (Id)\", suppressTransaction: true);");
        var migrationPath = MigrationProject.PathOf(project.Last);
        var full = project.SourceOf(project.Last);
        Assert.Contains("migrationBuilder.RenameColumn(", full);
        Assert.Contains("migrationBuilder.CreateTable(", full);
        Assert.Contains("migrationBuilder.Sql(", full);

        // Sanity: the whole file does produce findings, so the analyzer is really running.
        var compilation = CompilationHarness.Compile(project.Sources);
        var findings = await CompilationHarness.AnalyzeAsync(compilation, new SafeMigrationsAnalyzer());
        Assert.Contains(findings, d => d.Id == "SM1001");

        var tree = compilation.SyntaxTrees.Single(t => t.FilePath == migrationPath);
        var failures = new List<string>();
        for (var length = 0; length <= full.Length; length = length == full.Length ? length + 1 : Math.Min(length + stride, full.Length))
        {
            var prefix = CSharpSyntaxTree.ParseText(full.Substring(0, length), (CSharpParseOptions)tree.Options, migrationPath);
            var partial = compilation.ReplaceSyntaxTree(tree, prefix);
            var diagnostics = await CompilationHarness.AnalyzeAsync(partial, new SafeMigrationsAnalyzer());
            failures.AddRange(diagnostics.Where(d => d.Id == "AD0001").Select(d => $"prefix {length}: {d.GetMessage()}"));
            tree = prefix;
            compilation = partial;
        }

        output.WriteLine($"{(full.Length / stride) + 1} prefixes analysed");
        Assert.Empty(failures);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Prefixes_of_the_Designer_analyse_without_AD0001(TestProvider provider)
    {
        var project = Minimal(MigrationProject.Scaffold(provider, ("Initial", Models.Customers), ("Evolve", Evolved)));
        var designerPath = "/Migrations/" + project.Last.DesignerFileName;
        var full = project.Last.DesignerCode;
        var compilation = CompilationHarness.Compile(project.Sources);
        var tree = compilation.SyntaxTrees.Single(t => t.FilePath == designerPath);
        var failures = new List<string>();

        // Every seventh prefix: the Designer is read by syntax alone, so neighbouring prefixes behave alike.
        for (var length = 0; length <= full.Length; length += 7)
        {
            var prefix = CSharpSyntaxTree.ParseText(full.Substring(0, length), (CSharpParseOptions)tree.Options, designerPath);
            var partial = compilation.ReplaceSyntaxTree(tree, prefix);
            var diagnostics = await CompilationHarness.AnalyzeAsync(partial, new SafeMigrationsAnalyzer());
            failures.AddRange(diagnostics.Where(d => d.Id == "AD0001").Select(d => $"prefix {length}: {d.GetMessage()}"));
            tree = prefix;
            compilation = partial;
        }

        Assert.Empty(failures);
    }

    /// <summary>
    /// The rollback generator reads a marked migration from its syntax as it is typed: every fifth prefix of the file, run
    /// by one driver as the IDE runs it after each edit, never makes the generator fail, and the whole file gets its Down.
    /// </summary>
    [Theory]
    [MemberData(nameof(Providers))]
    public void Every_prefix_of_a_marked_migration_runs_the_generator_without_an_exception(TestProvider provider)
    {
        var project = Minimal(MigrationProject.Scaffold(provider, ("Initial", Models.Customers), ("Evolve", Evolved)));
        project.WithMigrationCode(project.Last, Rollback.RollbackHarness.MarkForRollback);
        var migrationPath = MigrationProject.PathOf(project.Last);
        var full = project.SourceOf(project.Last);
        var compilation = Rollback.RollbackHarness.Compile(project.Sources);
        var tree = compilation.SyntaxTrees.Single(t => t.FilePath == migrationPath);
        var (driver, _) = Rollback.RollbackHarness.Run(compilation);
        var failures = new List<string>();
        for (var length = 0; length <= full.Length; length = length == full.Length ? length + 1 : Math.Min(length + 5, full.Length))
        {
            var prefix = CSharpSyntaxTree.ParseText(full.Substring(0, length), (CSharpParseOptions)tree.Options, migrationPath);
            compilation = compilation.ReplaceSyntaxTree(tree, prefix);
            tree = prefix;
            (driver, _) = Rollback.RollbackHarness.Run(compilation, driver);
            var result = driver.GetRunResult();
            if (result.Results.Single().Exception is { } exception)
            {
                failures.Add($"prefix {length}: {exception.Message}");
            }

            failures.AddRange(result.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => $"prefix {length}: {d.GetMessage()}"));
        }

        Assert.Empty(failures);
        Assert.Single(driver.GetRunResult().GeneratedTrees, t => SafeMigrations.Analyzers.Tests.Rollback.RollbackHarness.GeneratedFor(t) == project.Last.Name);
    }

    [Fact]
    public async Task The_harness_reports_an_analyzer_exception_as_AD0001()
    {
        var compilation = CompilationHarness.Compile(new[] { ("/A.cs", "class A { }") });

        var diagnostics = await CompilationHarness.AnalyzeAsync(compilation, new ThrowingAnalyzer());

        Assert.Contains(diagnostics, d => d.Id == "AD0001");
    }

    // Not registered anywhere: only handed to CompilationHarness, so it carries no [DiagnosticAnalyzer].
#pragma warning disable RS1001
    private sealed class ThrowingAnalyzer : Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer
    {
#pragma warning disable RS2008 // a test double, not a shipped rule
        private static readonly DiagnosticDescriptor Rule = new("TEST0001", "t", "t", "t", DiagnosticSeverity.Warning, true);
#pragma warning restore RS2008

        public override System.Collections.Immutable.ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => System.Collections.Immutable.ImmutableArray.Create(Rule);

        public override void Initialize(Microsoft.CodeAnalysis.Diagnostics.AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(Microsoft.CodeAnalysis.Diagnostics.GeneratedCodeAnalysisFlags.None);
            context.RegisterSymbolAction(_ => throw new InvalidOperationException("boom"), SymbolKind.NamedType);
        }
    }
#pragma warning restore RS1001
}
