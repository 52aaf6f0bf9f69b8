using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.EntityFrameworkCore;
using SafeMigrations.Analyzers.Rules;
using SafeMigrations.Analyzers.Tests.Rollback;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.TestKit.Scaffolding;

namespace SafeMigrations.Analyzers.Tests.Rules;

public class RollbackMismatchRuleTests
{
    private const string OnlyRollbackRules = RollbackHarness.OnlyRollbackRules;

    /// <summary>Widen Customers.Name from 100 to 200 characters, with EF's scaffolded Down.</summary>
    private static MigrationProject WidenName(TestProvider provider = TestProvider.PostgreSql) => RollbackHarness.Scaffold(provider, "RenamePoints", "WidenName");

    private static string EditDown(string code, Func<string, string> edit) => RollbackHarness.EditDownBody(code, edit);

    private static DiagnosticResult AtDownStatement(MigrationProject project, string startsWith, string message)
    {
        var root = CSharpSyntaxTree.ParseText(project.SourceOf(project.Last)).GetRoot();
        var down = root.DescendantNodes().OfType<MethodDeclarationSyntax>().Single(m => m.Identifier.ValueText == "Down");
        var statement = down.DescendantNodes().OfType<ExpressionStatementSyntax>().First(s => s.Expression.ToString().StartsWith(startsWith, StringComparison.Ordinal));
        var span = statement.Expression.GetLocation().GetLineSpan();
        return new DiagnosticResult(Descriptors.SM3002_RollbackDoesNotReverseUp)
            .WithSpan(MigrationProject.PathOf(project.Last), span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1, span.EndLinePosition.Line + 1, span.EndLinePosition.Character + 1)
            .WithArguments(project.Last.Name, message);
    }

    /// <summary>
    /// The whole analyzer over the project: no SM3002 and no analyzer failure, while <paramref name="readBy"/> fires (so the
    /// analyzer did read the migrations, and the silence is not that of an analyzer that skipped them).
    /// </summary>
    internal static async Task AssertNoMismatchAsync(MigrationProject project, string readBy)
    {
        var diagnostics = await CompilationHarness.AnalyzeAsync(CompilationHarness.Compile(project.Sources), new SafeMigrationsAnalyzer());

        Assert.DoesNotContain(diagnostics, d => d.Id is "SM3002" or "AD0001");
        Assert.Contains(diagnostics, d => d.Id == readBy);
    }

    [Theory]
    [InlineData(TestProvider.PostgreSql)]
    [InlineData(TestProvider.SqlServer)]
    [InlineData(TestProvider.Sqlite)]
    public async Task Never_fires_on_EF_scaffolded_Down_methods(TestProvider provider)
    {
        var project = MigrationProject.Scaffold(provider, RollbackHarness.History(provider));

        await AssertNoMismatchAsync(project, readBy: "SM1003");
    }

    /// <summary>
    /// A model shared by several providers (bitwarden's): an index configured for SQL Server too (IsClustered(false)), whose
    /// PostgreSQL Designer keeps the <c>SqlServer:Clustered</c> annotation while EF's PostgreSQL Down re-creates the index
    /// without it. Another database's annotations are no part of the index here: quiet.
    /// </summary>
    [Fact]
    public async Task Never_fires_on_a_Down_that_leaves_out_another_database_s_index_annotations()
    {
        var project = MigrationProject.Scaffold(
            TestProvider.PostgreSql,
            ("Initial", m => m.Entity<Customer>(b => { b.ToTable("Customers"); b.Ignore(c => c.Orders); b.HasIndex(c => c.Email).IsClustered(false); })),
            ("DropEmailIndex", Models.Customers));
        Assert.Contains("\"SqlServer:Clustered\"", project.History[0].DesignerCode, StringComparison.Ordinal);
        Assert.DoesNotContain("SqlServer:Clustered", project.SourceOf(project.Last), StringComparison.Ordinal);

        await AssertNoMismatchAsync(project, readBy: "SM2003");
    }

    /// <summary>
    /// A history's first migration that turns on a database extension (AlterDatabase): EF's Down drops the tables and leaves
    /// the extension, since it has no model to go back to. The planned rollback does the same, and SM3002 is quiet.
    /// </summary>
    [Fact]
    public async Task Never_fires_on_a_first_migration_s_Down_that_leaves_the_database_s_extensions()
    {
        var project = MigrationProject.Scaffold(
            TestProvider.PostgreSql,
            ("Initial", m => { m.HasPostgresExtension("citext"); Models.Customers(m); }),
            ("DropEmail", m => { m.HasPostgresExtension("citext"); Models.CustomersWithoutEmail(m); }));
        var initial = project.SourceOf(project.History[0]);
        Assert.Contains("migrationBuilder.AlterDatabase()", initial[..initial.IndexOf("void Down(", StringComparison.Ordinal)], StringComparison.Ordinal);
        Assert.DoesNotContain("AlterDatabase", initial[initial.IndexOf("void Down(", StringComparison.Ordinal)..], StringComparison.Ordinal);

        await AssertNoMismatchAsync(project, readBy: "SM1003");
    }

    /// <summary>
    /// An index dropped in a model with a default schema, under Designers as EF Core 3.x wrote them (jellyfin's of 2020):
    /// <c>HasDefaultSchema("app")</c> and <c>b.ToTable("Customers")</c>, no schema in ToTable. EF's Down re-creates the index in
    /// "app", as the planned rollback must (it left the schema out, and SM3002 fired on the Down EF scaffolded).
    /// </summary>
    [Fact]
    public async Task Never_fires_on_a_Down_that_restores_an_index_in_the_default_schema_of_an_EF_Core_3_Designer()
    {
        var project = MigrationProject.Scaffold(
            TestProvider.PostgreSql,
            ("Initial", m => { m.HasDefaultSchema("app"); Models.CustomersWithEmailIndex(m); }),
            ("DropEmailIndex", m => { m.HasDefaultSchema("app"); Models.Customers(m); }));
        foreach (var migration in project.History)
        {
            project.WithDesignerCode(migration, code => code.Replace("b.ToTable(\"Customers\", \"app\")", "b.ToTable(\"Customers\")", StringComparison.Ordinal));
        }

        Assert.Contains("schema: \"app\"", project.SourceOf(project.Last), StringComparison.Ordinal);
        Assert.DoesNotContain(project.Sources, s => s.Path.EndsWith(".Designer.cs", StringComparison.Ordinal) && s.Source.Contains(", \"app\")", StringComparison.Ordinal));

        await AssertNoMismatchAsync(project, readBy: "SM2003");
    }

    /// <summary>
    /// A history whose key, foreign key and index names EF cut to the database's identifier limit (the Designer leaves them
    /// out): every Down EF scaffolded, which drops and re-creates them under the cut names, reverses its Up.
    /// </summary>
    [Theory]
    [InlineData(TestProvider.PostgreSql)]
    [InlineData(TestProvider.SqlServer)]
    [InlineData(TestProvider.Sqlite)]
    public async Task Never_fires_on_EF_scaffolded_Down_methods_with_names_EF_cut(TestProvider provider)
    {
        var project = MigrationProject.Scaffold(provider, LongNameModels.History());
        Assert.Equal(provider != TestProvider.Sqlite, project.History.Skip(2).Any(m => project.SourceOf(m).Contains("~\",", StringComparison.Ordinal)));

        await AssertNoMismatchAsync(project, readBy: "SM1004");
    }

    /// <summary>The project with one text edit to its last migration's scaffolded Down (the text must be there).</summary>
    private static MigrationProject WithDownEdit(MigrationProject project, string find, string replace)
    {
        Assert.Contains(find, project.SourceOf(project.Last), StringComparison.Ordinal);
        project.WithMigrationCode(project.Last, code => EditDown(code, body => body.Replace(find, replace)), keepsDownInStep: true);
        return project;
    }

    /// <summary>EF's scaffolded Down of DropOrders, with one edit to the re-created table's constraints.</summary>
    private static MigrationProject DropOrdersWithDown(string find, string replace) =>
        WithDownEdit(RollbackHarness.Scaffold(TestProvider.PostgreSql, "AddTags", "DropOrders"), find, replace);

    /// <summary>The span of the first Down statement, at any depth (a constraint inside CreateTable), that starts so.</summary>
    private static DiagnosticResult AtNestedDownStatement(MigrationProject project, string startsWith, string message)
    {
        var down = CSharpSyntaxTree.ParseText(project.SourceOf(project.Last)).GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single(m => m.Identifier.ValueText == "Down");
        var span = down.DescendantNodes().OfType<ExpressionStatementSyntax>().First(s => s.Expression.ToString().StartsWith(startsWith, StringComparison.Ordinal)).Expression.GetLocation().GetLineSpan();
        return new DiagnosticResult(Descriptors.SM3002_RollbackDoesNotReverseUp)
            .WithSpan(MigrationProject.PathOf(project.Last), span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1, span.EndLinePosition.Line + 1, span.EndLinePosition.Character + 1)
            .WithArguments(project.Last.Name, message);
    }

    [Fact]
    public async Task Fires_when_Down_recreates_a_dropped_table_without_its_foreign_key()
    {
        const string ForeignKey = "table.ForeignKey(\n                        name: \"FK_Orders_Customers_CustomerId\",\n                        column: x => x.CustomerId,\n"
            + "                        principalTable: \"Customers\",\n                        principalColumn: \"Id\",\n                        onDelete: ReferentialAction.Cascade);";
        var project = DropOrdersWithDown(ForeignKey, string.Empty);
        Assert.DoesNotContain("table.ForeignKey", project.SourceOf(project.Last), StringComparison.Ordinal);

        await AnalyzerVerifier.VerifyAsync(project, OnlyRollbackRules, AtDownStatement(project, "migrationBuilder.CreateTable",
            "CreateTable 'Orders' leaves out foreign key 'FK_Orders_Customers_CustomerId', which the table had when Up dropped it"));
    }

    [Fact]
    public async Task Fires_when_Down_recreates_a_foreign_key_with_another_delete_action()
    {
        var project = DropOrdersWithDown("onDelete: ReferentialAction.Cascade", "onDelete: ReferentialAction.Restrict");

        await AnalyzerVerifier.VerifyAsync(project, OnlyRollbackRules, AtNestedDownStatement(project, "table.ForeignKey",
            "CreateTable 'Orders' sets foreign key 'FK_Orders_Customers_CustomerId' to columns CustomerId onto Customers (Id) on delete Restrict, "
            + "but Up started from columns CustomerId onto Customers (Id) on delete Cascade"));
    }

    public sealed class Owner
    {
        public int Id { get; set; }
    }

    public sealed class Pet
    {
        public int Id { get; set; }

        public int? OwnerId { get; set; }

        public Owner? Owner { get; set; }
    }

    /// <summary>
    /// An optional relationship dropped: its delete behaviour is EF's default (ClientSetNull), which the Designer leaves
    /// unwritten. EF Core 7 and later re-add the key with no action; EF Core 6 and older wrote
    /// <c>onDelete: ReferentialAction.Restrict</c> (jellyfin's Downs of 2021), which every database enforces the same way for
    /// the keys EF creates. Either Down is quiet; a Down that cascades is not.
    /// </summary>
    [Theory]
    [InlineData("", false)]
    [InlineData(",\n                onDelete: ReferentialAction.Restrict", false)]
    [InlineData(",\n                onDelete: ReferentialAction.Cascade", true)]
    public async Task A_foreign_key_re_added_with_Restrict_restores_the_default_of_an_optional_relationship(string onDelete, bool fires)
    {
        var project = MigrationProject.Scaffold(
            TestProvider.PostgreSql,
            ("Initial", m => { m.Entity<Owner>(); m.Entity<Pet>(); }),
            ("DropOwner", m => { m.Entity<Owner>(); m.Entity<Pet>(b => b.Ignore(p => p.Owner)); }));
        const string PrincipalColumn = "principalColumn: \"Id\"";
        Assert.Contains("migrationBuilder.AddForeignKey(", project.SourceOf(project.Last), StringComparison.Ordinal);
        Assert.DoesNotContain("onDelete:", project.SourceOf(project.Last), StringComparison.Ordinal);
        project.WithMigrationCode(project.Last, code => EditDown(code, body => body.Replace(PrincipalColumn, PrincipalColumn + onDelete, StringComparison.Ordinal)), keepsDownInStep: true);

        var messages = (await CompilationHarness.AnalyzeAsync(CompilationHarness.Compile(project.Sources), new SafeMigrationsAnalyzer()))
            .Where(d => d.Id is "SM3002" or "AD0001" or "SM2003")
            .Select(d => d.Id + " " + d.GetMessage(System.Globalization.CultureInfo.InvariantCulture))
            .ToList();

        Assert.Contains(messages, m => m.StartsWith("SM2003", StringComparison.Ordinal)); // The migration was read.
        Assert.Equal(fires ? new[] { "on delete Cascade, but Up started from columns OwnerId onto Owner (Id)" } : [], messages.Where(m => m.StartsWith("SM3002", StringComparison.Ordinal) || m.StartsWith("AD0001", StringComparison.Ordinal))
            .Select(m => m.Substring(m.IndexOf("on delete", StringComparison.Ordinal)).Split('.')[0]));
    }

    [Fact]
    public async Task Stays_quiet_while_a_constraint_of_a_recreated_table_is_typed()
    {
        // The foreign key's name is not typed yet: no comparison, so no message about a key it cannot name.
        var project = DropOrdersWithDown("name: \"FK_Orders_Customers_CustomerId\",", string.Empty);

        await AssertNoMismatchAsync(project, readBy: "SM1004");
    }

    [Fact]
    public async Task Fires_when_Down_recreates_a_check_constraint_with_other_sql()
    {
        var project = DropOrdersWithDown("\"\\\"Total\\\" >= 0\"", "\"\\\"Total\\\" > 0\"");

        await AnalyzerVerifier.VerifyAsync(project, OnlyRollbackRules, AtNestedDownStatement(project, "table.CheckConstraint",
            "CreateTable 'Orders' sets check constraint 'CK_Orders_Total' to sql \"Total\" > 0, but Up started from sql \"Total\" >= 0"));
    }

    [Fact]
    public async Task Fires_when_Down_recreates_a_dropped_table_with_a_key_it_did_not_have()
    {
        var project = DropOrdersWithDown(
            "table.PrimaryKey(\"PK_Orders\", x => x.Id);",
            "table.PrimaryKey(\"PK_Orders\", x => x.Id);\n                    table.UniqueConstraint(\"AK_Orders_Total\", x => x.Total);");

        await AnalyzerVerifier.VerifyAsync(project, OnlyRollbackRules, AtNestedDownStatement(project, "table.UniqueConstraint",
            "CreateTable 'Orders' adds unique constraint 'AK_Orders_Total', which the table did not have when Up dropped it"));
    }

    [Theory]
    [InlineData(TestProvider.PostgreSql)]
    [InlineData(TestProvider.SqlServer)]
    public async Task Never_fires_on_EF_scaffolded_Down_methods_that_recreate_indexes_with_provider_options(TestProvider provider)
    {
        var project = MigrationProject.Scaffold(provider, IndexOptionModels.Dropped(provider == TestProvider.PostgreSql ? IndexOptionModels.Postgres : IndexOptionModels.SqlServer));
        Assert.Contains(".Annotation(", project.SourceOf(project.History[1]), StringComparison.Ordinal);
        await AssertNoMismatchAsync(project, readBy: "SM1004");
    }

    [Fact]
    public async Task Fires_when_Down_recreates_a_GIN_index_as_a_btree()
    {
        var project = WithDownEdit(
            MigrationProject.Scaffold(TestProvider.PostgreSql, IndexOptionModels.Dropped(IndexOptionModels.Postgres).Take(2).ToArray()),
            "\n                .Annotation(\"Npgsql:IndexMethod\", \"gin\")",
            string.Empty);

        await AnalyzerVerifier.VerifyAsync(project, OnlyRollbackRules, AtDownStatement(project, "migrationBuilder.CreateIndex(\n                name: \"IX_Doc_Tags\"",
            "CreateIndex 'Doc.IX_Doc_Tags' sets columns Tags, but Up started from columns Tags, Npgsql:IndexMethod gin"));
    }

    [Fact]
    public async Task Fires_when_Down_recreates_a_sequence_that_starts_elsewhere()
    {
        var project = WithDownEdit(MigrationProject.Scaffold(TestProvider.PostgreSql, ShapeModels.DroppedAtOnce(ShapeModels.MappingStrategies, TestProvider.PostgreSql)), "startValue: 1000L", "startValue: 1L");

        await AnalyzerVerifier.VerifyAsync(project, OnlyRollbackRules, AtDownStatement(project, "migrationBuilder.CreateSequence<int>(",
            "CreateSequence 'InvoiceNumbers' sets type int, startValue 1, incrementBy 5, minValue 10, maxValue 100000, cyclic, "
            + "but Up started from type int, startValue 1000, incrementBy 5, minValue 10, maxValue 100000, cyclic"));
    }

    [Fact]
    public async Task Fires_when_Down_recreates_an_index_without_its_sort_order()
    {
        var project = WithDownEdit(MigrationProject.Scaffold(TestProvider.PostgreSql, FacetModels.SortedIndexDropped()), ",\n                descending: new[] { false, true }", string.Empty);

        await AnalyzerVerifier.VerifyAsync(project, OnlyRollbackRules, AtDownStatement(project, "migrationBuilder.CreateIndex",
            "CreateIndex 'Post.IX_Post_Title_CreatedAt' sets columns Title, CreatedAt, but Up started from columns Title, CreatedAt, descending false, true"));
    }

    [Fact]
    public async Task Fires_when_Down_recreates_an_index_without_its_filter()
    {
        // SQL Server's unique index on a nullable column is filtered (EF writes the filter), so it allows many NULLs.
        var project = WithDownEdit(RollbackHarness.Scaffold(TestProvider.SqlServer, "AddTags", "DropEmail"), ",\n                filter: \"[Email] IS NOT NULL\"", string.Empty);

        await AnalyzerVerifier.VerifyAsync(project, OnlyRollbackRules, AtDownStatement(project, "migrationBuilder.CreateIndex",
            "CreateIndex 'Customers.IX_Customers_Email' sets columns Email, unique, but Up started from columns Email, unique, filter [Email] IS NOT NULL"));
    }

    [Fact]
    public async Task Fires_when_Down_restores_a_unique_constraint_on_another_column()
    {
        var project = WithDownEdit(RollbackHarness.Scaffold(TestProvider.PostgreSql, "AddNameKey", "DropNameKey"), "column: \"Name\"", "column: \"Score\"");

        await AnalyzerVerifier.VerifyAsync(project, OnlyRollbackRules, AtDownStatement(project, "migrationBuilder.AddUniqueConstraint",
            "AddUniqueConstraint 'Clients.AK_Clients_Name' sets columns Score, but Up started from columns Name"));
    }

    /// <summary>
    /// Every model shape whose tables the Designer does not spell out (owned types nested and in JSON, hierarchies of every
    /// mapping strategy, complex types, split tables and entities, join tables, alternate keys, names outside ASCII...),
    /// dropped at once: SM3002 finds EF's scaffolded Down restoring each table, key and index.
    /// </summary>
    [Theory]
    [MemberData(nameof(ShapeModels.ByProvider), new object[] { new TestProvider[0] }, MemberType = typeof(ShapeModels))]
    public async Task Never_fires_on_EF_scaffolded_Down_methods_that_recreate_model_shapes(TestProvider provider, string shape)
    {
        var project = MigrationProject.Scaffold(provider, ShapeModels.DroppedAtOnce(shape, provider));
        Assert.All(ShapeModels.DownMarkers(shape), marker => Assert.Contains(marker, project.SourceOf(project.Last), StringComparison.Ordinal));

        await AssertNoMismatchAsync(project, readBy: "SM1004");
    }

    /// <summary>
    /// A seeded table (HasData) dropped, and a seeded table's column dropped: EF's Down re-creates them and puts the seed rows
    /// back (InsertData, UpdateData), which Up never wrote. That restores more than the schema, not something else: quiet.
    /// </summary>
    [Theory]
    [InlineData(TestProvider.PostgreSql)]
    [InlineData(TestProvider.SqlServer)]
    [InlineData(TestProvider.Sqlite)]
    public async Task Never_fires_on_EF_s_Down_that_puts_back_the_seed_rows_of_what_Up_dropped(TestProvider provider)
    {
        static void Seeded(ModelBuilder m, bool withEmail) => m.Entity<Customer>(b =>
        {
            b.ToTable("Customers");
            b.Ignore(c => c.Orders);
            if (!withEmail)
            {
                b.Ignore(c => c.Email);
            }

            b.HasData(new Customer { Id = 7, Name = "Seeded", Email = withEmail ? "seed@example.com" : null });
        });
        var dropColumn = MigrationProject.Scaffold(provider, ("Initial", m => Seeded(m, withEmail: true)), ("DropEmail", m => Seeded(m, withEmail: false)));
        Assert.Contains("migrationBuilder.UpdateData(", dropColumn.SourceOf(dropColumn.Last));
        await AssertNoMismatchAsync(dropColumn, readBy: "SM1003");

        var dropTable = MigrationProject.Scaffold(provider, ("Initial", m => { Seeded(m, withEmail: true); m.Entity<Order>(b => b.Ignore(o => o.Customer)); }), ("DropCustomers", m => m.Entity<Order>(b => b.Ignore(o => o.Customer))));
        Assert.Contains("migrationBuilder.InsertData(", dropTable.SourceOf(dropTable.Last));
        await AssertNoMismatchAsync(dropTable, readBy: "SM1004");
    }

    [Fact]
    public async Task Fires_when_Down_restores_another_definition()
    {
        var project = WidenName();
        project.WithMigrationCode(project.Last, code => EditDown(code, body => body.Replace("maxLength: 100,", "maxLength: 50,")), keepsDownInStep: true);

        Assert.Contains("maxLength: 50,", project.SourceOf(project.Last));
        await AnalyzerVerifier.VerifyAsync(project, OnlyRollbackRules, AtDownStatement(project, "migrationBuilder.AlterColumn",
            "AlterColumn 'Customers.Name' sets type character varying(100), NOT NULL, max length 50, but Up started from type character varying(100), NOT NULL, max length 100"));
    }

    [Fact]
    public async Task Fires_when_Down_recreates_a_dropped_table_with_a_column_of_another_type()
    {
        // A stale Down: Orders.Total was numeric when Up dropped the table, and Down brings it back as integer.
        const string Scaffolded = "Total = table.Column<decimal>(type: \"numeric\", nullable: false)";
        var project = DropOrdersWithDown(Scaffolded, Scaffolded.Replace("numeric", "integer"));

        var source = project.SourceOf(project.Last);
        var member = CSharpSyntaxTree.ParseText(source).GetRoot().DescendantNodes().OfType<AnonymousObjectMemberDeclaratorSyntax>()
            .Single(m => m.ToString().StartsWith("Total = ", StringComparison.Ordinal)).GetLocation().GetLineSpan();
        await AnalyzerVerifier.VerifyAsync(
            project,
            OnlyRollbackRules,
            new DiagnosticResult(Descriptors.SM3002_RollbackDoesNotReverseUp)
                .WithSpan(MigrationProject.PathOf(project.Last), member.StartLinePosition.Line + 1, member.StartLinePosition.Character + 1, member.EndLinePosition.Line + 1, member.EndLinePosition.Character + 1)
                .WithArguments("DropOrders", "CreateTable 'Orders' sets column 'Total' to type integer, NOT NULL, but Up started from type numeric, NOT NULL"));
    }

    /// <summary>
    /// The scaffolded history with its first Designer as an old EF Core version may write it: no <c>HasColumnType</c> on
    /// <paramref name="property"/>. EF's scaffolded Down of the second migration names the type all the same.
    /// </summary>
    private static MigrationProject WithoutStoreTypeBefore(string previous, string migration, string property, string storeType)
    {
        var project = RollbackHarness.Scaffold(TestProvider.PostgreSql, previous, migration);
        var designer = project.Sources.FindIndex(s => s.Path == "/Migrations/" + project.History[0].DesignerFileName);
        var (path, code) = project.Sources[designer];
        var call = $".HasColumnType(\"{storeType}\")";
        var at = code.IndexOf(call, code.IndexOf(property, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.True(at > 0, code);
        project.Sources[designer] = (path, code.Remove(at, call.Length));
        return project;
    }

    [Fact]
    public async Task A_previous_Designer_without_a_store_type_makes_no_claim_about_a_recreated_column_s_type() =>
        await AnalyzerVerifier.VerifyAsync(WithoutStoreTypeBefore("AddTags", "DropOrders", "b.Property<decimal>(\"Total\")", "numeric"), OnlyRollbackRules);

    [Fact]
    public async Task A_previous_Designer_without_a_store_type_makes_no_claim_about_a_re_added_column_s_type() =>
        await AnalyzerVerifier.VerifyAsync(WithoutStoreTypeBefore("AddTotalCheck", "DropEmail", "b.Property<string>(\"Email\")", "text"), OnlyRollbackRules);

    [Fact]
    public async Task Fires_when_Down_does_extra_work()
    {
        var project = WidenName();
        project.WithMigrationCode(project.Last, code => EditDown(code, body => body.Insert(body.IndexOf('{') + 1, "\n            migrationBuilder.DropColumn(name: \"Score\", table: \"Customers\");")), keepsDownInStep: true);

        await AnalyzerVerifier.VerifyAsync(project, OnlyRollbackRules, AtDownStatement(project, "migrationBuilder.DropColumn", "DropColumn 'Customers.Score' undoes nothing that Up did"));
    }

    /// <summary>
    /// Rows a hand-written Down writes besides the reverse of Up, as jellyfin's Downs do: data copied back before a drop (an
    /// UPDATE), EF's history row of a data migration deleted so that it runs again. Neither changes the schema: quiet. A
    /// DELETE of the app's rows is still extra work (it loses rows Up never wrote).
    /// </summary>
    [Theory]
    [InlineData("UPDATE \"Customers\" SET \"Name\" = upper(\"Name\") WHERE \"Id\" > 0", false)]
    [InlineData("DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = '20240101000000_Backfill'", false)]
    [InlineData("DELETE FROM \"Customers\" WHERE \"Score\" < 0", true)]
    public async Task Rows_Down_writes_beside_the_reverse_of_Up_are_extra_work_only_when_it_deletes_the_app_s_rows(string sql, bool fires)
    {
        // Beside a step that is extra work whatever the rows do, so a quiet SQL statement is one the rule read and let be.
        var project = WidenName();
        var calls = "\n            migrationBuilder.Sql(\"" + sql.Replace("\"", "\\\"", StringComparison.Ordinal) + "\");"
            + "\n            migrationBuilder.DropColumn(name: \"Score\", table: \"Customers\");";
        project.WithMigrationCode(project.Last, code => EditDown(code, body => body.Insert(body.IndexOf('{') + 1, calls)), keepsDownInStep: true);

        var messages = (await CompilationHarness.AnalyzeAsync(CompilationHarness.Compile(project.Sources), new SafeMigrationsAnalyzer()))
            .Where(d => d.Id is "SM3002" or "AD0001")
            .Select(d => d.Id + " " + d.GetMessage(System.Globalization.CultureInfo.InvariantCulture))
            .ToList();

        Assert.Contains(messages, m => m.Contains("DropColumn 'Customers.Score' undoes nothing that Up did", StringComparison.Ordinal));
        Assert.Equal(fires ? 2 : 1, messages.Count);
        Assert.Equal(fires, messages.Any(m => m.Contains("DeleteRows 'Customers' undoes nothing that Up did", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Fires_on_the_Down_method_when_an_Up_step_has_no_inverse()
    {
        var project = MigrationProject.Scaffold(TestProvider.PostgreSql, ("Initial", Models.Customers), ("AddEmailIndex", Models.CustomersWithEmailIndex));
        project.WithMigrationCode(project.Last, code => EditDown(code, body => "{ migrationBuilder.Sql(\"SELECT 1\"); }"), keepsDownInStep: true);

        await AnalyzerVerifier.VerifyAsync(
            project,
            OnlyRollbackRules,
            project.ExpectOnDown(Descriptors.SM3002_RollbackDoesNotReverseUp, project.Last)
                .WithArguments("AddEmailIndex", "nothing in Down does DropIndex 'Customers.IX_Customers_Email'"),
            AtDownStatement(project, "migrationBuilder.Sql", "Sql undoes nothing that Up did"));
    }

    [Fact]
    public async Task Tolerates_an_order_the_database_does_not_care_about()
    {
        var project = RollbackHarness.Scaffold(TestProvider.PostgreSql, "AddTotalCheck", "DropEmail");
        var down = CSharpSyntaxTree.ParseText(project.SourceOf(project.Last)).GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single(m => m.Identifier.ValueText == "Down");
        var statements = down.Body!.Statements.Select(s => s.ToFullString()).ToList();
        Assert.True(statements.Count >= 2, "DropEmail's Down re-adds the column and its index");
        statements.Reverse();
        project.WithMigrationCode(project.Last, code => EditDown(code, _ => "{\n" + string.Concat(statements) + "\n}"), keepsDownInStep: true);

        await AnalyzerVerifier.VerifyAsync(project, OnlyRollbackRules);
    }

    public sealed class DefaultSchemaCustomer
    {
        public int Id { get; set; }

        public string? Email { get; set; }
    }

    public sealed class ShopSchemaCustomer
    {
        public int Id { get; set; }

        public string? Email { get; set; }
    }

    /// <summary>
    /// Two tables named Customers, one in the default schema (first in the Designer) and one in shop, each with an Email
    /// column of its own length and an index EF names IX_Customers_Email in both; without <paramref name="shopEmail"/> the
    /// shop table has neither, so the migration to it drops shop's index and column.
    /// </summary>
    internal static void CustomersInDefaultAndShopSchemas(ModelBuilder model, bool shopEmail)
    {
        model.Entity<DefaultSchemaCustomer>(b =>
        {
            b.ToTable("Customers");
            b.Property(c => c.Email).HasMaxLength(50);
            b.HasIndex(c => c.Email).IsUnique();
        });
        model.Entity<ShopSchemaCustomer>(b =>
        {
            b.ToTable("Customers", "shop");
            if (shopEmail)
            {
                b.Property(c => c.Email).HasMaxLength(200);
                b.HasIndex(c => c.Email);
            }
            else
            {
                b.Ignore(c => c.Email);
            }
        });
    }

    /// <summary>
    /// A table of the default schema comes first in the Designer and agrees with any schema: the dropped column and index
    /// of shop.Customers must be compared with shop's own (the default table's Email is shorter, its index unique).
    /// </summary>
    [Theory]
    [InlineData(TestProvider.PostgreSql)]
    [InlineData(TestProvider.SqlServer)]
    public async Task A_dropped_column_and_index_are_those_of_the_operation_s_schema(TestProvider provider)
    {
        var project = MigrationProject.Scaffold(provider, ("Initial", m => CustomersInDefaultAndShopSchemas(m, shopEmail: true)), ("DropShopEmail", m => CustomersInDefaultAndShopSchemas(m, shopEmail: false)));
        var designer = project.History[0].DesignerCode;
        Assert.True(designer.IndexOf("ToTable(\"Customers\", (string)null)", StringComparison.Ordinal) is var first and >= 0
            && first < designer.IndexOf("ToTable(\"Customers\", \"shop\")", StringComparison.Ordinal), designer);
        var up = project.SourceOf(project.Last);
        Assert.Contains("schema: \"shop\"", up, StringComparison.Ordinal);
        Assert.Contains("DropIndex", up, StringComparison.Ordinal);

        await AssertNoMismatchAsync(project, readBy: "SM1003");

        // The generated Down re-creates shop's column and index, not the default table's.
        var (driver, _) = RollbackHarness.Run(RollbackHarness.Compile(RollbackHarness.MarkForRollback(project, includeFirst: false).Sources));
        var generated = driver.GetRunResult().GeneratedTrees.Single().ToString();
        Assert.Contains("maxLength: 200", generated, StringComparison.Ordinal);
        Assert.DoesNotContain("maxLength: 50", generated, StringComparison.Ordinal);
        Assert.DoesNotContain("unique: true", generated, StringComparison.Ordinal);
    }

    public sealed class ArchivedCustomer
    {
        public int Id { get; set; }
    }

    public sealed class ShopCustomer
    {
        public int Id { get; set; }
    }

    public sealed class Note
    {
        public int Id { get; set; }

        public int CustomerId { get; set; }

        public ShopCustomer Customer { get; set; } = null!;
    }

    /// <summary>Two tables named Customers, in the schemas archive and shop; Note has a foreign key onto the second.</summary>
    internal static void TwoCustomersTables(ModelBuilder model, bool notes)
    {
        model.Entity<ArchivedCustomer>().ToTable("Customers", "archive");
        model.Entity<ShopCustomer>().ToTable("Customers", "shop");
        if (notes)
        {
            model.Entity<Note>(b => b.HasOne(n => n.Customer).WithMany().HasForeignKey(n => n.CustomerId));
        }
    }

    [Fact]
    public async Task A_recreated_foreign_key_names_the_schema_of_its_own_principal()
    {
        // The archive table comes first in the Designer, so the first table named Customers is not the key's principal.
        var project = MigrationProject.Scaffold(TestProvider.PostgreSql, ("Initial", m => TwoCustomersTables(m, notes: true)), ("DropNotes", m => TwoCustomersTables(m, notes: false)));
        var designer = project.History[0].DesignerCode;
        var archive = designer.IndexOf("ToTable(\"Customers\", \"archive\")", StringComparison.Ordinal);
        Assert.True(archive >= 0 && archive < designer.IndexOf("ToTable(\"Customers\", \"shop\")", StringComparison.Ordinal), designer);
        Assert.Contains("principalSchema: \"shop\"", project.SourceOf(project.Last), StringComparison.Ordinal);

        await AssertNoMismatchAsync(project, readBy: "SM1004");

        // The generated Down writes the same principal schema.
        var (driver, _) = RollbackHarness.Run(RollbackHarness.Compile(RollbackHarness.MarkForRollback(project, includeFirst: false).Sources));
        var generated = driver.GetRunResult().GeneratedTrees.Single().ToString();
        Assert.Contains("principalSchema: \"shop\"", generated, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stays_quiet_with_GenerateRollback()
    {
        var project = RollbackHarness.MarkForRollback(WidenName());

        var diagnostics = await CompilationHarness.AnalyzeAsync(RollbackHarness.Compile(project.Sources), new SafeMigrationsAnalyzer());

        Assert.DoesNotContain(diagnostics, d => d.Id is "SM3002" or "SM3001" or "AD0001");
    }
}
