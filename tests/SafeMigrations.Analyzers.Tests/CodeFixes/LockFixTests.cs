using Microsoft.CodeAnalysis;
using Microsoft.EntityFrameworkCore;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.CodeFixes;
using SafeMigrations.TestKit.Scaffolding;
using static SafeMigrations.Analyzers.Tests.CodeFixes.FixHarness;

namespace SafeMigrations.Analyzers.Tests.CodeFixes;

/// <summary>The fixes of the lock rules (SM2001, SM2003, SM2004, SM2005) on scaffolded migrations.</summary>
public class LockFixTests
{
    private static void CustomersWithEmailIndexAndLongerName(ModelBuilder model) => model.Entity<Customer>(b =>
    {
        b.ToTable("Customers");
        b.Ignore(c => c.Orders);
        b.HasIndex(c => c.Email);
        b.Property(c => c.Name).HasMaxLength(300);
    });

    private static void CustomersWithLongerName(ModelBuilder model) => model.Entity<Customer>(b =>
    {
        b.ToTable("Customers");
        b.Ignore(c => c.Orders);
        b.Property(c => c.Name).HasMaxLength(300);
    });

    [Theory]
    [InlineData(TestProvider.PostgreSql)]
    [InlineData(TestProvider.SqlServer)]
    public async Task SM2004_adds_the_foreign_key_not_valid_and_validates_it_in_a_new_migration(TestProvider provider)
    {
        var project = Scaffold(provider, ("Initial", LockModels.CustomersAndUnrelatedOrders), ("AddOrderCustomer", Models.CustomersAndOrders));
        var source = project.Last;

        var fixedProject = await FixAsync(project, provider, new AddConstraintNotValidFix(), "SM2004");

        var main = fixedProject.Source(MigrationProject.PathOf(source));
        Assert.Contains("migrationBuilder.AddForeignKeyNotValid(\n                name: \"FK_Orders_Customers_CustomerId\",", main);
        Assert.DoesNotContain("migrationBuilder.AddForeignKey(", main);
        Assert.Contains("using EFCore.SafeMigrations;\nusing Microsoft.EntityFrameworkCore.Migrations;", main);
        Assert.Equal(1, CountOf(main, "using EFCore.SafeMigrations;"));

        var id = IdAfter(source, "AddOrderCustomerValidate");
        var added = fixedProject.Source("/Migrations/" + id + ".cs");
        Assert.Equal(
            """
            using EFCore.SafeMigrations;
            using Microsoft.EntityFrameworkCore.Migrations;

            #nullable disable

            namespace Sample.Migrations
            {
                /// <inheritdoc />
                [GenerateRollback]
                public partial class AddOrderCustomerValidate : Migration
                {
                    /// <inheritdoc />
                    protected override void Up(MigrationBuilder migrationBuilder)
                    {
                        migrationBuilder.ValidateConstraint(
                            table: "Orders",
                            name: "FK_Orders_Customers_CustomerId");
                    }
                }
            }

            """.Replace("\r\n", "\n"),
            added);

        // The new Designer is the source's, under the new id: the constraint is in the model either way.
        var designer = fixedProject.Source("/Migrations/" + id + ".Designer.cs");
        Assert.Contains($"[Migration(\"{id}\")]", designer);
        Assert.Contains("partial class AddOrderCustomerValidate", designer);
        Assert.Equal(ModelOf(source.DesignerCode) with { MigrationId = null }, ModelOf(designer) with { MigrationId = null });
        Assert.Equal(source.DesignerCode, fixedProject.SourceEndingWith(source.DesignerFileName));
    }

    [Theory]
    [InlineData(TestProvider.PostgreSql)]
    [InlineData(TestProvider.SqlServer)]
    public async Task SM2005_adds_the_check_not_valid_and_validates_it_in_a_new_migration(TestProvider provider)
    {
        var project = Scaffold(provider, ("Initial", Models.Customers), ("AddPointsCheck", LockModels.CustomersWithPointsCheck));

        var fixedProject = await FixAsync(project, provider, new AddConstraintNotValidFix(), "SM2005");

        Assert.Contains("migrationBuilder.AddCheckConstraintNotValid(", fixedProject.Source(MigrationProject.PathOf(project.Last)));
        Assert.Contains("migrationBuilder.ValidateConstraint(\n                table: \"Customers\",\n                name: \"CK_Customers_Points\");",
            fixedProject.Source("/Migrations/" + IdAfter(project.Last, "AddPointsCheckValidate") + ".cs"));
    }

    [Fact]
    public async Task SM2004_fix_all_writes_one_new_migration_per_source_migration()
    {
        // Two foreign keys in one migration: one new migration validates both.
        var project = Scaffold(
            TestProvider.PostgreSql,
            ("Initial", LockModels.CustomersAndUnrelatedOrders),
            ("AddOrderCustomer", Models.CustomersAndOrders));
        project.WithMigrationCode(project.Last, code => code.Replace(
            "        }\n\n        /// <inheritdoc />\n        protected override void Down",
            "\n            migrationBuilder.AddForeignKey(\n                name: \"FK_Orders_Customers_Id\",\n                table: \"Orders\",\n                column: \"Id\",\n                principalTable: \"Customers\",\n                principalColumn: \"Id\");\n        }\n\n        /// <inheritdoc />\n        protected override void Down"));

        var fixedProject = await FixAsync(project, TestProvider.PostgreSql, new AddConstraintNotValidFix(), "SM2004", "dotnet_diagnostic.SM3002.severity = none", fixAll: true);

        var added = fixedProject.Sources.Where(s => s.Path.EndsWith("Validate.cs", StringComparison.Ordinal)).ToList();
        var only = Assert.Single(added);
        Assert.Contains("name: \"FK_Orders_Customers_CustomerId\"", only.Source);
        Assert.Contains("name: \"FK_Orders_Customers_Id\"", only.Source);
        Assert.Equal(2, CountOf(fixedProject.Source(MigrationProject.PathOf(project.Last)), "AddForeignKeyNotValid("));
    }

    [Fact]
    public async Task SM2001_alone_in_its_migration_gets_the_concurrent_annotation_in_place()
    {
        var project = Scaffold(TestProvider.PostgreSql, ("Initial", Models.Customers), ("AddEmailIndex", Models.CustomersWithEmailIndex));

        var fixedProject = await FixAsync(project, TestProvider.PostgreSql, new CreateIndexConcurrentlyFix(), "SM2001");

        Assert.Contains("column: \"Email\")\n                .Annotation(\"Npgsql:CreatedConcurrently\", true);", fixedProject.Source(MigrationProject.PathOf(project.Last)));
        Assert.Equal(project.Sources.Count, fixedProject.Sources.Count);
    }

    [Fact]
    public async Task SM2001_on_SQL_Server_builds_online_in_place()
    {
        var project = Scaffold(TestProvider.SqlServer, ("Initial", Models.Customers), ("AddEmailIndexAndLongerName", CustomersWithEmailIndexAndLongerName));

        var fixedProject = await FixAsync(project, TestProvider.SqlServer, new CreateIndexConcurrentlyFix(), "SM2001", "safe_migrations.sqlserver.online_index = true");

        Assert.Contains(".Annotation(\"SqlServer:Online\", true);", fixedProject.Source(MigrationProject.PathOf(project.Last)));
        Assert.Equal(project.Sources.Count, fixedProject.Sources.Count);
    }

    /// <summary>An index beside a widened column: SM2001, whose fix moves the index into a new migration.</summary>
    private static MigrationProject IndexBesideWidening(string name = "AddEmailIndexAndLongerName") =>
        Scaffold(TestProvider.PostgreSql, ("Initial", Models.Customers), (name, CustomersWithEmailIndexAndLongerName));

    /// <summary>SM2001 is reported, and its fix offers nothing.</summary>
    private static async Task AssertSM2001WithoutFixAsync(MigrationProject project)
    {
        Assert.Contains(await FixRunner.For(project.Sources, ProviderConfig(TestProvider.PostgreSql)).DiagnosticsAsync(), d => d.Id == "SM2001");
        await AssertNoFixAsync(project, TestProvider.PostgreSql, new CreateIndexConcurrentlyFix(), "SM2001");
    }

    /// <summary>
    /// A migration whose id is near EF's limit: the history table's MigrationId holds 150 characters, and the new step's id
    /// (the name plus "Indexes") would not fit; its insert would fail after the concurrent build had run. No fix.
    /// </summary>
    [Fact]
    public async Task SM2001_on_a_migration_whose_new_steps_id_would_pass_150_characters_gets_no_fix()
    {
        var name = "AddEmailIndexAndLongerName" + new string('X', 150 - 15 - "AddEmailIndexAndLongerName".Length);
        var project = IndexBesideWidening(name);
        Assert.Equal(150, project.Last.Id.Length);
        await AssertSM2001WithoutFixAsync(project);
    }

    /// <summary>
    /// A migration nested in another class: the fix would write the new step as a top-level class and copy the Designer
    /// with the nested class renamed in it, which does not compile (the compile check of a fix's output skips Designers).
    /// No fix, where the same migration at the top level gets one (the test below); an edit in place is still offered.
    /// </summary>
    [Fact]
    public async Task SM2001_on_a_migration_nested_in_another_class_gets_no_fix_that_writes_a_new_migration()
    {
        var project = IndexBesideWidening();
        project.NestedInOuterClass(project.Last);
        await AssertSM2001WithoutFixAsync(project);

        // An index alone in its migration is annotated in place, which a nested class allows.
        var alone = Scaffold(TestProvider.PostgreSql, ("Initial", Models.Customers), ("AddEmailIndex", Models.CustomersWithEmailIndex));
        alone.NestedInOuterClass(alone.Last);
        Assert.Contains(".Annotation(\"Npgsql:CreatedConcurrently\", true);", (await FixAsync(alone, TestProvider.PostgreSql, new CreateIndexConcurrentlyFix(), "SM2001")).Source(MigrationProject.PathOf(alone.Last)), StringComparison.Ordinal);
    }

    /// <summary>
    /// Down in another part of the class (its own file): the fix removes the moved step's inverse from the Down beside Up,
    /// so this Down kept the DropIndex, and rolling back would drop an index the migration no longer creates. No fix.
    /// </summary>
    [Fact]
    public async Task SM2001_with_Down_in_another_file_of_the_class_gets_no_fix()
    {
        var project = IndexBesideWidening();
        var root = (Microsoft.CodeAnalysis.CSharp.Syntax.CompilationUnitSyntax)Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(project.SourceOf(project.Last)).GetRoot();
        var down = root.DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax>().Single(m => m.Identifier.ValueText == "Down");
        var type = (Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax)down.Parent!;
        var downOnly = root.ReplaceNode(type, type.WithMembers(Microsoft.CodeAnalysis.CSharp.SyntaxFactory.SingletonList<Microsoft.CodeAnalysis.CSharp.Syntax.MemberDeclarationSyntax>(down)).WithBaseList(null)).ToFullString();
        project.WithMigrationCode(project.Last, _ => root.RemoveNode(down, Microsoft.CodeAnalysis.SyntaxRemoveOptions.KeepNoTrivia)!.ToFullString(), keepsDownInStep: true);
        project.Sources.Add(("/Migrations/" + project.Last.Id + ".Down.cs", downOnly));
        await AssertSM2001WithoutFixAsync(project);
    }

    [Fact]
    public async Task SM2001_beside_other_operations_moves_the_concurrent_index_into_a_new_migration_and_keeps_every_model_true()
    {
        var project = Scaffold(TestProvider.PostgreSql, ("Initial", Models.Customers), ("AddEmailIndexAndLongerName", CustomersWithEmailIndexAndLongerName));
        var source = project.Last;

        var fixedProject = await FixAsync(project, TestProvider.PostgreSql, new CreateIndexConcurrentlyFix(), "SM2001");

        var main = fixedProject.Source(MigrationProject.PathOf(source));
        Assert.DoesNotContain("CreateIndex", main);
        Assert.DoesNotContain("DropIndex", main); // its inverse goes with it, into the generated rollback
        Assert.Contains("AlterColumn", main);

        var id = IdAfter(source, "AddEmailIndexAndLongerNameIndexes");
        var added = fixedProject.Source("/Migrations/" + id + ".cs");
        Assert.Contains("[GenerateRollback]", added);
        Assert.Contains("migrationBuilder.CreateIndex(\n                name: \"IX_Customers_Email\",\n                table: \"Customers\",\n                column: \"Email\")\n                .Annotation(\"Npgsql:CreatedConcurrently\", true);", added);

        // The source's model no longer has the index; the new one's is the source's old model, which is the snapshot's.
        var sourceModel = ModelOf(fixedProject.SourceEndingWith(source.DesignerFileName));
        Assert.Empty(sourceModel.Table("Customers")!.Indexes);
        Assert.Equal(300, sourceModel.Table("Customers")!.Column("Name")!.MaxLength);
        var newModel = ModelOf(fixedProject.Source("/Migrations/" + id + ".Designer.cs"));
        Assert.Equal(ModelOf(source.SnapshotCode) with { MigrationId = null }, newModel with { MigrationId = null });
    }

    [Fact]
    public async Task SM2003_alone_becomes_DropIndexConcurrently_in_place()
    {
        var project = Scaffold(TestProvider.PostgreSql, ("Initial", Models.CustomersWithEmailIndex), ("DropEmailIndex", Models.Customers));

        var fixedProject = await FixAsync(project, TestProvider.PostgreSql, new DropIndexConcurrentlyFix(), "SM2003");

        var main = fixedProject.Source(MigrationProject.PathOf(project.Last));
        Assert.Contains("migrationBuilder.DropIndexConcurrently(\n                name: \"IX_Customers_Email\",\n                table: \"Customers\");", main);
        Assert.Contains("using EFCore.SafeMigrations;", main);
    }

    [Fact]
    public async Task SM2003_beside_other_operations_drops_the_index_in_a_new_migration_before_it()
    {
        var project = Scaffold(TestProvider.PostgreSql, ("Initial", Models.CustomersWithEmailIndex), ("DropEmailIndexAndLongerName", CustomersWithLongerName));
        var source = project.Last;

        var fixedProject = await FixAsync(project, TestProvider.PostgreSql, new DropIndexConcurrentlyFix(), "SM2003");

        var main = fixedProject.Source(MigrationProject.PathOf(source));
        Assert.DoesNotContain("DropIndex", main);
        Assert.DoesNotContain("CreateIndex", main); // the hand-written Down no longer re-creates it: the new migration's rollback does
        var id = IdBefore(source, "DropEmailIndexAndLongerNameDropIndexes");
        var added = fixedProject.Source("/Migrations/" + id + ".cs");
        Assert.Contains("migrationBuilder.DropIndexConcurrently(", added);

        // Before the source: the new model is the previous one without the index, and the source's model is untouched.
        var previous = ModelOf(project.History[0].DesignerCode);
        var newModel = ModelOf(fixedProject.Source("/Migrations/" + id + ".Designer.cs"));
        Assert.NotEmpty(previous.Table("Customers")!.Indexes);
        Assert.Empty(newModel.Table("Customers")!.Indexes);
        Assert.Equal(previous.Table("Customers")!.Columns, newModel.Table("Customers")!.Columns);
        Assert.Equal(source.DesignerCode, fixedProject.SourceEndingWith(source.DesignerFileName));
    }

    [Fact]
    public async Task No_fix_on_MySQL_or_without_room_for_a_new_id_before_the_source()
    {
        var fk = Scaffold(TestProvider.SqlServer, ("Initial", LockModels.CustomersAndUnrelatedOrders), ("AddOrderCustomer", Models.CustomersAndOrders));
        var runner = FixRunner.For(fk.Sources, "safe_migrations.provider = mysql");
        Assert.Contains(await runner.DiagnosticsAsync(), d => d.Id == "SM2004");
        Assert.Empty(await runner.ActionsAsync(new AddConstraintNotValidFix(), "SM2004"));

        // Migrations one second apart leave no free timestamp before the source: no fix rather than a clash.
        var tight = MigrationProject.From(Scaffolder.ScaffoldHistory(TestProvider.PostgreSql, ("Initial", Models.CustomersWithEmailIndex), ("DropEmailIndexAndLongerName", CustomersWithLongerName)));
        await AssertNoFixAsync(tight, TestProvider.PostgreSql, new DropIndexConcurrentlyFix(), "SM2003");
    }

    [Fact]
    public async Task Migrations_one_second_apart_get_the_new_migration_under_the_source_timestamp()
    {
        var project = MigrationProject.From(Scaffolder.ScaffoldHistory(
            TestProvider.PostgreSql,
            ("Initial", LockModels.CustomersAndUnrelatedOrders),
            ("AddOrderCustomer", Models.CustomersAndOrders),
            ("AddPointsCheck", m => { Models.CustomersAndOrders(m); m.Entity<Customer>(b => b.ToTable("Customers", t => t.HasCheckConstraint("CK_Customers_Points", "\"Points\" >= 0"))); })));
        var source = project.History[1];

        var fixedProject = await FixAsync(project, TestProvider.PostgreSql, new AddConstraintNotValidFix(), "SM2004");

        var id = source.Id[..14] + "_AddOrderCustomerValidate";
        Assert.Contains("/Migrations/" + id + ".cs", fixedProject.Paths);
        var ids = project.History.Select(m => m.Id).Append(id).OrderBy(i => i, StringComparer.Ordinal).ToList();
        Assert.Equal(2, ids.IndexOf(id)); // right after its source, before the next migration
    }

    [Fact]
    public async Task No_fix_for_an_operation_in_a_provider_branch()
    {
        var project = Scaffold(TestProvider.PostgreSql, ("Initial", Models.Customers), ("AddPointsCheck", LockModels.CustomersWithPointsCheck));
        project.WithMigrationCode(project.Last, code => code.Replace("            migrationBuilder.AddCheckConstraint(", "            if (migrationBuilder.IsNpgsql())\n            migrationBuilder.AddCheckConstraint("), keepsDownInStep: true);

        await AssertNoFixAsync(project, TestProvider.PostgreSql, new AddConstraintNotValidFix(), "SM2005");
    }

    private static int CountOf(string text, string value) => (text.Length - text.Replace(value, string.Empty).Length) / value.Length;
}
