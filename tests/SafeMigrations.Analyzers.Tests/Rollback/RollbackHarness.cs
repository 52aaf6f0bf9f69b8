using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.EntityFrameworkCore;
using SafeMigrations.Analyzers.Rollback;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.TestKit.Scaffolding;

namespace SafeMigrations.Analyzers.Tests.Rollback;

/// <summary>Scaffolded migrations turned into rollback-generator inputs, and the generator run over them.</summary>
public static class RollbackHarness
{
    public sealed class Tag
    {
        public string Name { get; set; } = "";
    }

    /// <summary>A history that touches every kind of operation EF scaffolds, one kind (or a few) per step.</summary>
    public static (string Name, Action<ModelBuilder> Model)[] History(TestProvider provider)
    {
        void Customers(ModelBuilder m, string table = "Customers", int nameLength = 100, bool email = true, bool emailIndex = false, bool renamed = false, bool visits = false, string? schema = null, bool nameKey = false)
        {
            m.Entity<Customer>(b =>
            {
                b.ToTable(table, schema);
                b.Ignore(c => c.Orders);
                b.Property(c => c.Name).HasMaxLength(nameLength);
                if (renamed)
                {
                    b.Property(c => c.Points).HasColumnName("Score");
                }

                if (!email)
                {
                    b.Ignore(c => c.Email);
                }
                else if (emailIndex)
                {
                    b.HasIndex(c => c.Email).IsUnique();
                }

                if (visits)
                {
                    b.Property<int>("Visits");
                }

                if (nameKey)
                {
                    b.HasAlternateKey(c => c.Name);
                }
            });
        }

        void Orders(ModelBuilder m, bool check = false) => m.Entity<Order>(b =>
        {
            b.ToTable("Orders", t =>
            {
                if (check)
                {
                    t.HasCheckConstraint("CK_Orders_Total", provider == TestProvider.SqlServer ? "[Total] >= 0" : "\"Total\" >= 0");
                }
            });
            b.HasOne(o => o.Customer).WithMany().HasForeignKey(o => o.CustomerId);
        });

        void Tags(ModelBuilder m) => m.Entity<Tag>(b =>
        {
            b.ToTable("Tags");
            b.HasKey(t => t.Name);
            b.HasData(new Tag { Name = "new" }, new Tag { Name = "vip" });
        });

        return new (string, Action<ModelBuilder>)[]
        {
            ("Initial", m => { Customers(m); Orders(m); }),
            ("AddEmailIndex", m => { Customers(m, emailIndex: true); Orders(m); }),
            ("RenamePoints", m => { Customers(m, emailIndex: true, renamed: true); Orders(m); }),
            ("WidenName", m => { Customers(m, nameLength: 200, emailIndex: true, renamed: true); Orders(m); }),
            ("AddTotalCheck", m => { Customers(m, nameLength: 200, emailIndex: true, renamed: true); Orders(m, check: true); }),
            ("AddTags", m => { Customers(m, nameLength: 200, emailIndex: true, renamed: true); Orders(m, check: true); Tags(m); }),
            ("DropEmail", m => { Customers(m, nameLength: 200, email: false, renamed: true); Orders(m, check: true); Tags(m); }),

            // After DropEmail: on SQLite, EF's Up rebuilds a table from the model for a DropColumn, which drops the
            // database-only placeholder default EF's own AddColumn gives Visits. That is EF's Up, not the rollback.
            ("AddVisits", m => { Customers(m, nameLength: 200, email: false, renamed: true, visits: true); Orders(m, check: true); Tags(m); }),
            ("DropVisits", m => { Customers(m, nameLength: 200, email: false, renamed: true); Orders(m, check: true); Tags(m); }),
            ("DropOrders", m => { Customers(m, nameLength: 200, email: false, renamed: true); Tags(m); }),
            ("RenameCustomers", m => { Customers(m, table: "Clients", nameLength: 200, email: false, renamed: true); Tags(m); }),
            ("AddNameKey", m => { Customers(m, table: "Clients", nameLength: 200, email: false, renamed: true, nameKey: true); Tags(m); }),
            ("DropNameKey", m => { Customers(m, table: "Clients", nameLength: 200, email: false, renamed: true); Tags(m); }),
        };
    }

    /// <summary>The rollback tests switch the compatibility and locking rules off, the way a user would.</summary>
    public const string OnlyRollbackRules = """
        dotnet_diagnostic.SM1001.severity = none
        dotnet_diagnostic.SM1002.severity = none
        dotnet_diagnostic.SM1003.severity = none
        dotnet_diagnostic.SM1004.severity = none
        dotnet_diagnostic.SM1005.severity = none
        dotnet_diagnostic.SM1006.severity = none
        dotnet_diagnostic.SM1007.severity = none
        dotnet_diagnostic.SM1008.severity = none
        dotnet_diagnostic.SM2001.severity = none
        dotnet_diagnostic.SM2002.severity = none
        dotnet_diagnostic.SM2003.severity = none
        dotnet_diagnostic.SM2004.severity = none
        dotnet_diagnostic.SM2005.severity = none
        dotnet_diagnostic.SM2006.severity = none
        dotnet_diagnostic.SM2007.severity = none
        dotnet_diagnostic.SM2008.severity = none
        dotnet_diagnostic.SM2009.severity = none
        dotnet_diagnostic.SM4001.severity = none
        dotnet_diagnostic.SM4002.severity = none
        dotnet_diagnostic.SM4003.severity = none
        """;

    /// <summary>A history of the named steps of <see cref="History"/>, in the order given.</summary>
    public static MigrationProject Scaffold(TestProvider provider, params string[] steps)
    {
        var all = History(provider);
        return MigrationProject.Scaffold(provider, steps.Select(name => all.Single(s => s.Name == name)).ToArray());
    }

    /// <summary>Rewrites the body of the migration's <c>Down</c> (the block, braces included).</summary>
    public static string EditDownBody(string code, Func<string, string> edit)
    {
        var body = CSharpSyntaxTree.ParseText(code).GetCompilationUnitRoot().DescendantNodes().OfType<MethodDeclarationSyntax>()
            .Single(m => m.Identifier.ValueText == "Down").Body!.Span;
        return code.Remove(body.Start, body.Length).Insert(body.Start, edit(code.Substring(body.Start, body.Length)));
    }

    /// <summary>Marks every migration but the first <c>[GenerateRollback]</c> and deletes its scaffolded Down.</summary>
    public static MigrationProject MarkForRollback(MigrationProject project, bool includeFirst = true)
    {
        foreach (var migration in project.History.Skip(includeFirst ? 0 : 1))
        {
            project.WithMigrationCode(migration, MarkForRollback);
        }

        return project;
    }

    public static string MarkForRollback(string code)
    {
        var root = CSharpSyntaxTree.ParseText(code).GetCompilationUnitRoot();
        var type = root.DescendantNodes().OfType<ClassDeclarationSyntax>().First();
        var down = type.Members.OfType<MethodDeclarationSyntax>().Single(m => m.Identifier.ValueText == "Down");
        var marked = type.RemoveNode(down, SyntaxRemoveOptions.KeepNoTrivia)!
            .AddAttributeLists(SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Attribute(SyntaxFactory.ParseName("EFCore.SafeMigrations.GenerateRollback")))))
            .NormalizeWhitespace(eol: "\n");
        return root.ReplaceNode(type, marked).NormalizeWhitespace(eol: "\n").ToFullString();
    }

    public static readonly MetadataReference RuntimeReference = MetadataReference.CreateFromFile(typeof(EFCore.SafeMigrations.GenerateRollbackAttribute).Assembly.Location);

    public static CSharpCompilation Compile(IEnumerable<(string Path, string Source)> sources) =>
        CompilationHarness.Compile(sources).AddReferences(RuntimeReference);

    /// <summary>Runs the generator; returns the driver (for run results) and the compilation with its output.</summary>
    public static (GeneratorDriver Driver, Compilation Output) Run(CSharpCompilation compilation, GeneratorDriver? driver = null)
    {
        driver ??= CSharpGeneratorDriver.Create(
            new[] { new RollbackGenerator().AsSourceGenerator() },
            parseOptions: (CSharpParseOptions)compilation.SyntaxTrees.First().Options,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        return (driver, output);
    }

    /// <summary>
    /// The class a generated Down's file is for: the part of its name before the hash
    /// (<c>Sample.Migrations.AddVisits.1a2b3c4d.Rollback.g.cs</c>).
    /// </summary>
    public static string GeneratedFor(SyntaxTree tree)
    {
        var parts = Path.GetFileName(tree.FilePath).Split('.');
        return parts.Length >= 5 && tree.FilePath.EndsWith(".Rollback.g.cs", StringComparison.Ordinal) ? parts[^5] : string.Empty;
    }

    public static ImmutableArray<Diagnostic> Errors(Compilation compilation) =>
        compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray();
}

/// <summary>
/// Committed <c>*.verified.cs</c> snapshots. On a mismatch (or a missing snapshot) the actual text is
/// written beside it as <c>*.received.cs</c> and the test fails; review it and rename it to accept.
/// </summary>
public static class Snapshot
{
    public static void Verify(string name, string actual, [CallerFilePath] string callerPath = "")
    {
        var directory = Path.Combine(Path.GetDirectoryName(callerPath)!, "Snapshots");
        var verified = Path.Combine(directory, name + ".verified.cs");
        var received = Path.Combine(directory, name + ".received.cs");
        var expected = File.Exists(verified) ? File.ReadAllText(verified).ReplaceLineEndings("\n") : null;
        if (expected == actual.ReplaceLineEndings("\n"))
        {
            File.Delete(received);
            return;
        }

        Directory.CreateDirectory(directory);
        File.WriteAllText(received, actual);
        Assert.Fail(expected is null
            ? $"No snapshot {verified}; wrote {received} to review and rename."
            : $"Snapshot {verified} differs; wrote {received}. Diff the two, and rename the received file if the change is right.");
    }
}
