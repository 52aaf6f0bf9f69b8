using Microsoft.EntityFrameworkCore;
using SafeMigrations.Analyzers.Infrastructure;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.CodeFixes;
using SafeMigrations.TestKit.Scaffolding;
using static SafeMigrations.Analyzers.Tests.CodeFixes.FixHarness;

namespace SafeMigrations.Analyzers.Tests.CodeFixes;

/// <summary>The fix that moves an operation into a migration of its own (SM2002, SM2009, SM4003).</summary>
public class MoveFixTests
{
    internal static void CustomersWithVisits(ModelBuilder model) => model.Entity<Customer>(b =>
    {
        b.ToTable("Customers");
        b.Ignore(c => c.Orders);
        b.Property<int>("Visits");
    });

    internal static MigrationProject WithStatementAfterAddColumn(TestProvider provider, string statement)
    {
        var project = Scaffold(provider, ("Initial", Models.Customers), ("AddVisits", CustomersWithVisits));
        return project.WithMigrationCode(project.Last, code => code.Replace("defaultValue: 0);\n", "defaultValue: 0);\n\n            " + statement + "\n"), keepsDownInStep: true);
    }

    [Fact]
    public async Task SM4003_moves_the_backfill_after_the_migration_with_its_comment()
    {
        var project = WithStatementAfterAddColumn(TestProvider.PostgreSql, "// Existing customers visited once.\n            migrationBuilder.Sql(\"UPDATE \\\"Customers\\\" SET \\\"Visits\\\" = 1;\");");

        var fixedProject = await FixAsync(project, TestProvider.PostgreSql, new MoveToOwnMigrationFix(), "SM4003");

        var main = fixedProject.Source(MigrationProject.PathOf(project.Last));
        Assert.DoesNotContain("UPDATE", main);
        Assert.DoesNotContain("Existing customers", main);
        Assert.Contains("migrationBuilder.AddColumn<int>(", main);
        var added = fixedProject.Source("/Migrations/" + IdAfter(project.Last, "AddVisitsSeparately") + ".cs");
        Assert.Contains("            // Existing customers visited once.\n            migrationBuilder.Sql(\"UPDATE \\\"Customers\\\" SET \\\"Visits\\\" = 1;\");\n", added);
        Assert.DoesNotContain("[GenerateRollback]", added); // raw SQL cannot be inverted; a data change needs no schema rollback
        Assert.Contains("protected override void Down(MigrationBuilder migrationBuilder)", added);
        Assert.DoesNotContain(fixedProject.Diagnostics, d => d.Id is "SM3001" or "SM3003");
    }

    /// <summary>
    /// A backfill written as a multi-line verbatim string, its lines at the left margin: moving it re-indented every line,
    /// those inside the string too, and so changed the data it writes (12 spaces before "Thanks").
    /// </summary>
    [Fact]
    public async Task SM4003_moves_a_multi_line_verbatim_backfill_with_its_text_unchanged()
    {
        const string Sql = "migrationBuilder.Sql(@\"\nUPDATE \"\"Customers\"\" SET \"\"Visits\"\" = 1\nWHERE \"\"Name\"\" <> 'Dear customer,\n  Thanks';\");";
        var project = WithStatementAfterAddColumn(TestProvider.PostgreSql, Sql);

        var fixedProject = await FixAsync(project, TestProvider.PostgreSql, new MoveToOwnMigrationFix(), "SM4003");

        var added = fixedProject.Source("/Migrations/" + IdAfter(project.Last, "AddVisitsSeparately") + ".cs");
        Assert.Contains("            " + Sql + "\n", added);
        Assert.DoesNotContain("UPDATE", fixedProject.Source(MigrationProject.PathOf(project.Last)));
    }

    [Theory]
    [InlineData(100)]
    [InlineData(200)] // widened too: the backfill runs before, on the column as the previous model has it
    public async Task A_backfill_before_the_NOT_NULL_that_needs_it_is_not_SM4003_and_its_batched_form_moves_before_the_migration(int maxLength)
    {
        // UPDATE every row, then make the column NOT NULL: the ALTER's lock comes after the rows are written, so this is
        // not SM4003's case (reads never wait for the UPDATE); the unbatched UPDATE is SM4002, and its fix must run first.
        var project = Scaffold(TestProvider.PostgreSql, ("Initial", TypeModels.EmailOf(100)), ("RequireEmail", m => m.Entity<Customer>(b => { b.ToTable("Customers"); b.Ignore(c => c.Orders); b.Property(c => c.Email).HasMaxLength(maxLength).IsRequired(); })));
        project.WithMigrationCode(project.Last, code => code.Replace(
            "protected override void Up(MigrationBuilder migrationBuilder)\n        {\n",
            "protected override void Up(MigrationBuilder migrationBuilder)\n        {\n            migrationBuilder.Sql(\"UPDATE \\\"Customers\\\" SET \\\"Email\\\" = 'unknown';\");\n\n"), keepsDownInStep: true);
        var runner = FixRunner.For(project.Sources, ProviderConfig(TestProvider.PostgreSql));
        Assert.DoesNotContain(await runner.DiagnosticsAsync(), d => d.Id == "SM4003");

        var fixedProject = await FixAsync(project, TestProvider.PostgreSql, new BackfillInBatchesFix(), "SM4002", "dotnet_diagnostic.SM1008.severity = none");

        var id = IdBefore(project.Last, "RequireEmailBackfill");
        Assert.Contains("setSql: \"\\\"Email\\\" = 'unknown'\"", fixedProject.Source("/Migrations/" + id + ".cs"));
        Assert.Contains("(CAST('unknown' AS character varying(100)))::text", fixedProject.Source("/Migrations/" + id + ".cs"));
        // Before the source, the new migration's model is the previous one.
        Assert.Equal(ModelOf(project.History[0].DesignerCode) with { MigrationId = null }, ModelOf(fixedProject.Source("/Migrations/" + id + ".Designer.cs")) with { MigrationId = null });
    }

    [Fact]
    public async Task SM4003_between_a_change_it_needs_and_one_that_needs_it_gets_no_fix()
    {
        var project = Scaffold(TestProvider.PostgreSql, ("Initial", TypeModels.EmailOf(100)), ("RequireEmail", m => m.Entity<Customer>(b => { b.ToTable("Customers"); b.Ignore(c => c.Orders); b.Property(c => c.Email).HasMaxLength(200).IsRequired(); })));
        project.WithMigrationCode(project.Last, code => code.Replace(
            "protected override void Up(MigrationBuilder migrationBuilder)\n        {\n",
            "protected override void Up(MigrationBuilder migrationBuilder)\n        {\n            migrationBuilder.AddColumn<int>(name: \"Visits\", table: \"Customers\", nullable: true);\n\n            migrationBuilder.Sql(\"UPDATE \\\"Customers\\\" SET \\\"Email\\\" = 'unknown' WHERE \\\"Email\\\" IS NULL;\");\n\n"));

        await AssertNoFixAsync(project, TestProvider.PostgreSql, new MoveToOwnMigrationFix(), "SM4003");
    }

    /// <summary>
    /// EF Core's own example of a hand-edited migration: add a column, fill it from others, drop those. Moved after the
    /// migration, the UPDATE would run once its columns were gone (the data lost, the new migration failing); moved
    /// before it, it would write a column not there yet. No fix.
    /// </summary>
    [Theory]
    [InlineData("migrationBuilder.DropColumn(name: \"Email\", table: \"Customers\");")]
    [InlineData("migrationBuilder.RenameColumn(name: \"Email\", table: \"Customers\", newName: \"Mail\");")]
    [InlineData("migrationBuilder.DropTable(name: \"Orders\");")]
    public async Task SM4003_before_a_drop_or_rename_of_what_it_may_read_gets_no_fix(string laterStep)
    {
        var project = WithStatementAfterAddColumn(TestProvider.PostgreSql, "migrationBuilder.Sql(\"UPDATE \\\"Customers\\\" SET \\\"Visits\\\" = length(\\\"Email\\\");\");\n\n            " + laterStep);
        var runner = FixRunner.For(project.Sources, ProviderConfig(TestProvider.PostgreSql));
        Assert.Contains(await runner.DiagnosticsAsync(), d => d.Id == "SM4003");

        await AssertNoFixAsync(project, TestProvider.PostgreSql, new MoveToOwnMigrationFix(), "SM4003");
    }

    /// <summary>
    /// The same for SM2002 on our batched helpers: moved after the migration, CopyColumnData would copy from a column the
    /// migration drops. Alone after the AddColumn it moves; with the drop after it, no fix.
    /// </summary>
    [Theory]
    [InlineData("", true)]
    [InlineData("\n\n            migrationBuilder.DropColumn(name: \"Email\", table: \"Customers\");", false)]
    [InlineData("\n\n            migrationBuilder.Sql(\"ALTER TABLE \\\"Customers\\\" DROP COLUMN \\\"Email\\\";\");", false)]
    public async Task SM2002_moves_a_batched_helper_after_the_migration_only_when_nothing_after_it_drops_what_it_reads(string laterStep, bool offered)
    {
        var project = WithStatementAfterAddColumn(TestProvider.PostgreSql, "migrationBuilder.CopyColumnData(table: \"Customers\", fromColumn: \"Points\", toColumn: \"Visits\");" + laterStep);
        var runner = FixRunner.For(project.Sources, ProviderConfig(TestProvider.PostgreSql));
        Assert.Contains(await runner.DiagnosticsAsync(), d => d.Id == "SM2002");

        if (offered)
        {
            var fixedProject = await FixAsync(project, TestProvider.PostgreSql, new MoveToOwnMigrationFix(), "SM2002");
            Assert.Contains("CopyColumnData(", fixedProject.Source("/Migrations/" + IdAfter(project.Last, "AddVisitsSeparately") + ".cs"));
        }
        else
        {
            await AssertNoFixAsync(project, TestProvider.PostgreSql, new MoveToOwnMigrationFix(), "SM2002");
        }
    }

    /// <summary>
    /// A batched backfill that reads a row seeded earlier in the migration (InsertData into another table), before the
    /// NOT NULL that needs its data: moved before the migration it would run before the row exists (and write NULLs), and
    /// after it, after the NOT NULL. No fix.
    /// </summary>
    [Fact]
    public async Task SM2002_on_a_backfill_that_reads_what_an_earlier_step_seeds_gets_no_fix()
    {
        var project = Scaffold(TestProvider.PostgreSql, ("Initial", TypeModels.EmailOf(100)), ("RequireEmail", m => m.Entity<Customer>(b => { b.ToTable("Customers"); b.Ignore(c => c.Orders); b.Property(c => c.Email).HasMaxLength(100).IsRequired(); })));
        project.WithMigrationCode(project.Last, code => code.Replace(
            "protected override void Up(MigrationBuilder migrationBuilder)\n        {\n",
            "protected override void Up(MigrationBuilder migrationBuilder)\n        {\n            migrationBuilder.InsertData(table: \"Defaults\", columns: new[] { \"Id\", \"Email\" }, values: new object[] { 1, \"x@example.com\" });\n\n"
            + "            migrationBuilder.BackfillInBatches(table: \"Customers\", setSql: \"\\\"Email\\\" = (SELECT \\\"Email\\\" FROM \\\"Defaults\\\" WHERE \\\"Id\\\" = 1)\", whereSql: \"\\\"Email\\\" IS NULL\");\n\n"));
        var runner = FixRunner.For(project.Sources, ProviderConfig(TestProvider.PostgreSql));
        Assert.Contains(await runner.DiagnosticsAsync(), d => d.Id == "SM2002");

        await AssertNoFixAsync(project, TestProvider.PostgreSql, new MoveToOwnMigrationFix(), "SM2002");
    }

    [Fact]
    public async Task SM2009_moves_the_concurrent_index_into_its_own_migration_outside_the_transaction()
    {
        var project = WithStatementAfterAddColumn(TestProvider.PostgreSql, "migrationBuilder.Sql(\"CREATE INDEX CONCURRENTLY \\\"IX_Customers_Points\\\" ON \\\"Customers\\\" (\\\"Points\\\");\");");

        var fixedProject = await FixAsync(project, TestProvider.PostgreSql, new MoveToOwnMigrationFix(), "SM2009");

        var added = fixedProject.Source("/Migrations/" + IdAfter(project.Last, "AddVisitsSeparately") + ".cs");
        Assert.Contains("ON \\\"Customers\\\" (\\\"Points\\\");\", suppressTransaction: true);", added);
        Assert.Contains("migrationBuilder.Sql(\"DROP INDEX CONCURRENTLY IF EXISTS \\\"IX_Customers_Points\\\";\", suppressTransaction: true);", added);
        Assert.DoesNotContain("CONCURRENTLY", fixedProject.Source(MigrationProject.PathOf(project.Last)));
        Assert.DoesNotContain(fixedProject.Diagnostics, d => d.Id is "SM2002" or "SM2009");
    }

    /// <summary>
    /// A hand-written Down that drops the index itself: that drop moves into the new migration with the build, and the
    /// fix adds no second one (which would fail on the index the first dropped).
    /// </summary>
    [Fact]
    public async Task SM2009_keeps_one_drop_when_Down_drops_the_index_itself()
    {
        var project = WithStatementAfterAddColumn(TestProvider.PostgreSql, "migrationBuilder.Sql(\"CREATE INDEX CONCURRENTLY \\\"IX_Customers_Points\\\" ON \\\"Customers\\\" (\\\"Points\\\");\");");
        project.WithMigrationCode(project.Last, code => code.Replace(
            "protected override void Down(MigrationBuilder migrationBuilder)\n        {\n",
            "protected override void Down(MigrationBuilder migrationBuilder)\n        {\n            migrationBuilder.Sql(\"DROP INDEX \\\"IX_Customers_Points\\\";\");\n\n"), keepsDownInStep: true);
        Assert.Contains("DROP INDEX", project.SourceOf(project.Last), StringComparison.Ordinal);

        var fixedProject = await FixAsync(project, TestProvider.PostgreSql, new MoveToOwnMigrationFix(), "SM2009", "dotnet_diagnostic.SM3002.severity = none");

        var added = fixedProject.Source("/Migrations/" + IdAfter(project.Last, "AddVisitsSeparately") + ".cs");
        var down = added[added.IndexOf("protected override void Down", StringComparison.Ordinal)..];
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(down, "DROP INDEX"));
        Assert.DoesNotContain("DROP INDEX", fixedProject.Source(MigrationProject.PathOf(project.Last)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SM2009_alone_gets_suppressTransaction_in_place()
    {
        var project = Scaffold(TestProvider.PostgreSql, ("Initial", Models.Customers), ("IndexPoints", Models.Customers));
        project.WithMigrationCode(project.Last, code => code.Replace(
            "protected override void Up(MigrationBuilder migrationBuilder)\n        {\n",
            "protected override void Up(MigrationBuilder migrationBuilder)\n        {\n            migrationBuilder.Sql(\"CREATE INDEX CONCURRENTLY ix_points ON \\\"Customers\\\" (\\\"Points\\\");\");\n"));

        var fixedProject = await FixAsync(project, TestProvider.PostgreSql, new MoveToOwnMigrationFix(), "SM2009", "dotnet_diagnostic.SM3002.severity = none");

        Assert.Contains("(\\\"Points\\\");\", suppressTransaction: true);", fixedProject.Source(MigrationProject.PathOf(project.Last)));
        Assert.Equal(project.Sources.Count, fixedProject.Sources.Count);
    }

    [Fact]
    public async Task SM2002_moves_a_concurrent_index_out_of_a_migration_that_does_more()
    {
        var project = Scaffold(TestProvider.PostgreSql, ("Initial", Models.Customers), ("AddVisitsAndEmailIndex", m => { CustomersWithVisits(m); m.Entity<Customer>(b => b.HasIndex(c => c.Email)); }));
        project.WithMigrationCode(project.Last, code => code.Replace("column: \"Email\");", "column: \"Email\")\n                .Annotation(\"Npgsql:CreatedConcurrently\", true);"), keepsDownInStep: true);

        var fixedProject = await FixAsync(project, TestProvider.PostgreSql, new MoveToOwnMigrationFix(), "SM2002");

        var id = IdAfter(project.Last, "AddVisitsAndEmailIndexSeparately");
        Assert.Contains(".Annotation(\"Npgsql:CreatedConcurrently\", true);", fixedProject.Source("/Migrations/" + id + ".cs"));
        Assert.Empty(ModelOf(fixedProject.SourceEndingWith(project.Last.DesignerFileName)).Table("Customers")!.Indexes);
        Assert.Single(ModelOf(fixedProject.Source("/Migrations/" + id + ".Designer.cs")).Table("Customers")!.Indexes);
    }

    /// <summary>
    /// A scaffolded migration that adds Visits and makes one model change, with that change written as our helper
    /// after the AddColumn (a helper before every transactional operation restarts cleanly and is not SM2002).
    /// </summary>
    internal static MigrationProject WithModelHelper(string helper)
    {
        var (initial, change, scaffolded, call) = helper switch
        {
            "SetNotNullSafely" => ((Action<ModelBuilder>)Models.Customers, (Action<ModelBuilder>)(m => { CustomersWithVisits(m); m.Entity<Customer>(b => b.Property(c => c.Email).IsRequired()); }),
                "AlterColumn<string>", "migrationBuilder.SetNotNullSafely(table: \"Customers\", column: \"Email\");"),
            "AddUniqueConstraintUsingIndex" => (Models.Customers, m => { CustomersWithVisits(m); m.Entity<Customer>(b => b.HasAlternateKey(c => c.Points)); },
                "AddUniqueConstraint", "migrationBuilder.AddUniqueConstraintUsingIndex(name: \"AK_Customers_Points\", table: \"Customers\", columns: new[] { \"Points\" });"),
            _ => (Models.CustomersWithEmailIndex, CustomersWithVisits,
                "DropIndex", "migrationBuilder.DropIndexConcurrently(name: \"IX_Customers_Email\", table: \"Customers\");"),
        };
        var project = Scaffold(TestProvider.PostgreSql, ("Initial", initial), ("AddVisitsAnd" + helper, change));
        return project.WithMigrationCode(project.Last, code =>
        {
            // Up's scaffolded call goes; the helper comes after the AddColumn. Down keeps EF's inverse.
            var up = code.IndexOf("protected override void Up", StringComparison.Ordinal);
            var start = code.IndexOf("            migrationBuilder." + scaffolded + "(", up, StringComparison.Ordinal);
            var end = code.IndexOf(";\n", start, StringComparison.Ordinal) + 2;
            Assert.True(start > 0 && start < code.IndexOf("protected override void Down", StringComparison.Ordinal), scaffolded + " not found in Up:\n" + code);
            code = code.Remove(start, end - start + (code[end] == '\n' ? 1 : 0));
            return "using EFCore.SafeMigrations;\n" + code.Replace("defaultValue: 0);\n", "defaultValue: 0);\n\n            " + call + "\n");
        }, keepsDownInStep: true);
    }

    [Theory]
    [InlineData("SetNotNullSafely")]
    [InlineData("AddUniqueConstraintUsingIndex")]
    [InlineData("DropIndexConcurrently")]
    public async Task SM2002_moves_a_helper_that_changes_the_model_and_the_source_Designer_loses_the_change(string helper)
    {
        var project = WithModelHelper(helper);
        var source = project.Last;

        var fixedProject = await FixAsync(project, TestProvider.PostgreSql, new MoveToOwnMigrationFix(), "SM2002");

        var main = fixedProject.Source(MigrationProject.PathOf(source));
        Assert.DoesNotContain("migrationBuilder." + helper + "(", main);
        Assert.Contains("AddColumn<int>(", main);
        var id = IdAfter(source, "AddVisitsAnd" + helper + "Separately");
        var added = fixedProject.Source("/Migrations/" + id + ".cs");
        Assert.Contains("migrationBuilder." + helper + "(", added);
        Assert.Contains("[GenerateRollback]", added);

        // The new migration ends where the source ended (the snapshot); the source's model is the one before, plus Visits.
        var newModel = ModelOf(fixedProject.Source("/Migrations/" + id + ".Designer.cs")) with { MigrationId = null };
        Assert.Equal(ModelOf(source.SnapshotCode) with { MigrationId = null }, newModel);
        var sourceTable = ModelOf(fixedProject.SourceEndingWith(source.DesignerFileName)).Table("Customers")!;
        var previousTable = ModelOf(project.History[0].DesignerCode).Table("Customers")!;
        Assert.NotNull(sourceTable.Column("Visits"));
        Assert.Equal(previousTable with { Columns = sourceTable.Columns }, sourceTable);
        Assert.Equal(previousTable.Columns, sourceTable.Columns.Where(c => c.Name != "Visits").ToEquatableArray());

        // The source's hand-written Down no longer undoes what moved out; the new migration's generated one does.
        var down = main[main.IndexOf("protected override void Down", StringComparison.Ordinal)..];
        if (helper != "SetNotNullSafely") // EF's AlterColumn back to nullable stays: harmless on a column that already is.
        {
            Assert.DoesNotContain(helper == "DropIndexConcurrently" ? "CreateIndex" : "DropUniqueConstraint", down);
        }
    }

    [Fact]
    public async Task SM2002_gets_no_fix_for_SetNotNullSafely_on_a_column_that_was_already_NOT_NULL()
    {
        // Points is NOT NULL before the migration: moving the call would have to make the source's model say otherwise.
        var project = WithStatementAfterAddColumn(TestProvider.PostgreSql, "migrationBuilder.SetNotNullSafely(table: \"Customers\", column: \"Points\");");
        var runner = FixRunner.For(project.Sources, ProviderConfig(TestProvider.PostgreSql));
        Assert.Contains(await runner.DiagnosticsAsync(), d => d.Id == "SM2002");

        await AssertNoFixAsync(project, TestProvider.PostgreSql, new MoveToOwnMigrationFix(), "SM2002");
    }

    [Fact]
    public async Task Half_typed_migrations_get_no_fix_and_no_exception()
    {
        var project = WithStatementAfterAddColumn(TestProvider.PostgreSql, "migrationBuilder.Sql(\"UPDATE \\\"Customers\\\" SET \\\"Visits\\\" = 1;\");");
        var code = project.SourceOf(project.Last);
        var cut = code.IndexOf("UPDATE", StringComparison.Ordinal) + 10;
        var diagnosed = 0;
        foreach (var length in new[] { cut, cut + 15, code.IndexOf("defaultValue: 0", StringComparison.Ordinal) })
        {
            var broken = MigrationProject.From(project.History);
            broken.WithMigrationCode(broken.Last, _ => code[..length]);
            var runner = FixRunner.For(broken.Sources, ProviderConfig(TestProvider.PostgreSql));
            foreach (var diagnostic in (await runner.DiagnosticsAsync()).Where(d => d.Id is "SM4003" or "SM2002").Select(d => d.Id).Distinct())
            {
                diagnosed++;
                Assert.Empty(await runner.ActionsAsync(new MoveToOwnMigrationFix(), diagnostic)); // and no exception
            }
        }

        // The rule still fires on some of the cut files, so the fix was asked; and on the whole file it is offered.
        Assert.True(diagnosed > 0, "no cut file had a diagnostic to fix");
        var whole = FixRunner.For(project.Sources, ProviderConfig(TestProvider.PostgreSql));
        Assert.NotEmpty(await whole.ActionsAsync(new MoveToOwnMigrationFix(), (await whole.DiagnosticsAsync()).First(d => d.Id is "SM4003" or "SM2002").Id));
    }
}
