using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SafeMigrations.Analyzers.Infrastructure;
using SafeMigrations.Analyzers.Rollback;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.TestKit.Scaffolding;

namespace SafeMigrations.Analyzers.Tests.Rollback;

/// <summary>An edit to one migration, or to an unrelated file, re-emits nothing for the other migrations.</summary>
public class RollbackGeneratorIncrementalTests
{
    private static (CSharpCompilation Compilation, MigrationProject Project) Start()
    {
        var project = RollbackHarness.MarkForRollback(MigrationProject.Scaffold(TestProvider.PostgreSql, RollbackHarness.History(TestProvider.PostgreSql)));
        return (RollbackHarness.Compile(project.Sources), project);
    }

    private static CSharpCompilation Edit(CSharpCompilation compilation, string path, Func<string, string> edit)
    {
        var tree = compilation.SyntaxTrees.Single(t => t.FilePath == path);
        var edited = CSharpSyntaxTree.ParseText(edit(tree.GetText().ToString()), (CSharpParseOptions)tree.Options, path);
        return compilation.ReplaceSyntaxTree(tree, edited);
    }

    /// <summary>Each migration's reason at the source-output step, by class name.</summary>
    private static Dictionary<string, IncrementalStepRunReason> OutputReasons(GeneratorDriver driver)
    {
        var result = driver.GetRunResult().Results.Single();
        return result.TrackedSteps[RollbackGenerator.TrackingNames.Plans]
            .SelectMany(step => step.Outputs)
            .ToDictionary(output => ((RollbackGenerator.RollbackOutput)output.Value).Target.Migration.ClassName, output => output.Reason);
    }

    /// <summary>Only <paramref name="migration"/> was planned again, and its generated Down now holds <paramref name="expected"/>.</summary>
    private static void AssertOnlyReplanned(GeneratorDriver driver, string migration, string expected)
    {
        var reasons = OutputReasons(driver);
        Assert.Equal(IncrementalStepRunReason.Modified, reasons[migration]);
        Assert.All(reasons.Where(r => r.Key != migration), pair => Assert.Equal(IncrementalStepRunReason.Cached, pair.Value));
        var generated = driver.GetRunResult().GeneratedTrees.Single(t => RollbackHarness.GeneratedFor(t) == migration);
        Assert.Contains(expected, generated.GetText().ToString());
    }

    [Fact]
    public void The_attribute_scan_after_an_edit_looks_at_the_edited_file_alone()
    {
        // A project of its own (the scan reuses the answers of the project's last compilation), over the history unmarked.
        var project = MigrationProject.Scaffold(TestProvider.PostgreSql, RollbackHarness.History(TestProvider.PostgreSql));
        var compilation = RollbackHarness.Compile(project.Sources).WithAssemblyName("Scan" + Guid.NewGuid().ToString("N"));
        var trees = compilation.SyntaxTrees.Count();

        Assert.False(MarkedTreeScan.AnyMarked(compilation, CancellationToken.None, out var walked));
        Assert.Equal(trees, walked);

        var unrelated = Edit(compilation, "/ShopContext.cs", code => code + "\nnamespace Sample { public class Unrelated { } }\n");
        Assert.False(MarkedTreeScan.AnyMarked(unrelated, CancellationToken.None, out walked));
        Assert.Equal(1, walked);

        // Marking the last migration is seen at once, from that file alone.
        var migrationPath = unrelated.SyntaxTrees.Select(t => t.FilePath).Last(p => p.StartsWith("/Migrations/2", StringComparison.Ordinal) && !p.EndsWith(".Designer.cs", StringComparison.Ordinal));
        var marked = Edit(unrelated, migrationPath, RollbackHarness.MarkForRollback);
        Assert.True(MarkedTreeScan.AnyMarked(marked, CancellationToken.None, out walked));
        Assert.Equal(1, walked);

        // A tree that outlived a compilation keeps its answer whatever becomes of the compilations (the IDE drops the old
        // ones, and a collection then takes them): asked in a project with no compilation before it, only the tree marked
        // last, which no compilation has outlived yet, is looked at again.
        Assert.True(MarkedTreeScan.AnyMarked(marked.WithAssemblyName("Other" + Guid.NewGuid().ToString("N")), CancellationToken.None, out walked));
        Assert.Equal(1, walked);

        // A fresh compilation's trees (a build's) are each looked at, and answer as the edited ones did.
        var fresh = RollbackHarness.Compile(project.Sources).WithAssemblyName("Fresh" + Guid.NewGuid().ToString("N"));
        Assert.False(MarkedTreeScan.AnyMarked(fresh, CancellationToken.None, out walked));
        Assert.Equal(trees, walked);
    }

    [Fact]
    public void An_unrelated_edit_re_emits_nothing()
    {
        var (compilation, _) = Start();
        var (driver, _) = RollbackHarness.Run(compilation);

        var edited = Edit(compilation, "/ShopContext.cs", code => code + "\nnamespace Sample { public class Unrelated { public int Value => 42; } }\n");
        (driver, _) = RollbackHarness.Run(edited, driver);

        var reasons = OutputReasons(driver);
        Assert.Equal(RollbackHarness.History(TestProvider.PostgreSql).Length, reasons.Count);
        Assert.All(reasons, pair => Assert.Equal(IncrementalStepRunReason.Cached, pair.Value));
    }

    /// <summary>The generator over the history, then again after one edit of AddVisits' Up (its column renamed), by the same driver.</summary>
    private static (GeneratorDriver Driver, MigrationProject Project) RunThenRenameInAddVisits()
    {
        var (compilation, project) = Start();
        var (driver, _) = RollbackHarness.Run(compilation);
        var target = project.History.Single(m => m.Name == "AddVisits");

        var edited = Edit(compilation, MigrationProject.PathOf(target), code => code.Replace("name: \"Visits\"", "name: \"VisitCount\""));
        (driver, _) = RollbackHarness.Run(edited, driver);
        return (driver, project);
    }

    [Fact]
    public void Editing_one_migration_re_emits_only_that_migration()
    {
        var (driver, _) = RunThenRenameInAddVisits();

        AssertOnlyReplanned(driver, "AddVisits", "name: \"VisitCount\"");
    }

    /// <summary>
    /// The read of a marked migration is kept while its trees are unchanged: after an edit only the edited migration is read
    /// again (its step ran: Modified), the others not at all (Cached). Before, every marked migration was bound and read
    /// again in each run, about 0.6 ms each.
    /// </summary>
    [Fact]
    public void Editing_one_migration_reads_only_that_migration_again()
    {
        var (driver, project) = RunThenRenameInAddVisits();

        var reads = driver.GetRunResult().Results.Single().TrackedSteps[RollbackGenerator.TrackingNames.SyntaxReads]
            .SelectMany(step => step.Outputs)
            .ToDictionary(output => ((RollbackGenerator.SyntaxRead)output.Value).Target!.Migration.ClassName, output => output.Reason);
        Assert.Equal(project.History.Count, reads.Count);
        Assert.Equal(IncrementalStepRunReason.Modified, reads["AddVisits"]);
        Assert.All(reads.Where(r => r.Key != "AddVisits"), pair => Assert.Equal(IncrementalStepRunReason.Cached, pair.Value));
    }

    [Fact]
    public void Whitespace_in_another_file_leaves_every_plan_unchanged()
    {
        var (compilation, project) = Start();
        var (driver, _) = RollbackHarness.Run(compilation);

        var edited = Edit(compilation, "/Migrations/" + project.History[0].DesignerFileName, code => code + "\n// a comment\n");
        (driver, _) = RollbackHarness.Run(edited, driver);

        Assert.All(OutputReasons(driver), pair => Assert.Contains(pair.Value, new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged }));
    }

    /// <summary>
    /// The plan of a migration depends on the tables of the previous Designer it asks about, not on the rest of it: DropEmail
    /// asks about Customers. An edit of Orders in the Designer before it plans DropEmail again to the same plan, so nothing
    /// is written again; an edit of the dropped column changes DropEmail's plan, and its Down re-creates the column as the
    /// Designer now says.
    /// </summary>
    [Fact]
    public void A_previous_Designer_edit_re_plans_only_the_migration_whose_tables_it_changes()
    {
        var (compilation, project) = Start();
        var (driver, _) = RollbackHarness.Run(compilation);
        var designerPath = "/Migrations/" + project.History.Single(m => m.Name == "AddTags").DesignerFileName;
        Assert.Equal("DropEmail", project.History[project.History.ToList().FindIndex(m => m.Name == "AddTags") + 1].Name);

        var ordersEdited = Edit(compilation, designerPath, code =>
        {
            var edited = code.Replace("b.ToTable(\"Orders\"", "b.Property<int>(\"Extra\").HasColumnType(\"integer\");\n\n                    b.ToTable(\"Orders\"", StringComparison.Ordinal);
            Assert.NotEqual(code, edited);
            return edited;
        });
        (driver, _) = RollbackHarness.Run(ordersEdited, driver);
        Assert.All(OutputReasons(driver), pair => Assert.Contains(pair.Value, new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged }));

        // The Designer was read again for DropEmail (the step ran: Unchanged, not Cached), and gave the same plan.
        Assert.Equal(IncrementalStepRunReason.Unchanged, OutputReasons(driver)["DropEmail"]);

        var emailEdited = Edit(ordersEdited, designerPath, code =>
        {
            var edited = System.Text.RegularExpressions.Regex.Replace(code, "(b\\.Property<string>\\(\"Email\"\\)\\s*\\.HasColumnType\\(\")text(\"\\))", "${1}character varying(321)${2}");
            Assert.NotEqual(code, edited);
            return edited;
        });
        (driver, _) = RollbackHarness.Run(emailEdited, driver);
        AssertOnlyReplanned(driver, "DropEmail", "character varying(321)");
    }

    [Fact]
    public void Pipeline_models_hold_no_symbols_syntax_or_locations()
    {
        var forbidden = new[] { typeof(ISymbol), typeof(SyntaxNode), typeof(Location), typeof(Compilation), typeof(SemanticModel), typeof(SyntaxTree) };
        var seen = new HashSet<Type>();
        var offenders = new List<string>();

        void Walk(Type type, string path)
        {
            if (!seen.Add(type) || type.IsPrimitive || type == typeof(string) || type.IsEnum)
            {
                return;
            }

            if (forbidden.Any(f => f.IsAssignableFrom(type)))
            {
                offenders.Add(path);
                return;
            }

            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(EquatableArray<>))
            {
                Walk(type.GetGenericArguments()[0], path + "[]");
                return;
            }

            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance))
            {
                Walk(property.PropertyType, path + "." + property.Name);
            }
        }

        Walk(typeof(RollbackGenerator.RollbackOutput), nameof(RollbackGenerator.RollbackOutput));

        Assert.Empty(offenders);
        Assert.Contains(typeof(Model.MigrationOperation), seen);
    }
}
