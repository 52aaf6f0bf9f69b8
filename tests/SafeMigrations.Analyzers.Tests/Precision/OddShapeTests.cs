using Microsoft.EntityFrameworkCore;
using Microsoft.CodeAnalysis;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.TestKit.Scaffolding;

namespace SafeMigrations.Analyzers.Tests.Precision;

/// <summary>
/// Hand-written shapes that real projects have, where a wrong warning teaches a team to ignore the package:
/// provider branches, names in constants, drops that cover what was built on them, half-typed calls.
/// </summary>
public class OddShapeTests
{
    private static async Task<IReadOnlyList<Diagnostic>> AnalyzeAsync(MigrationProject project, string provider = "postgresql")
    {
        var runner = FixRunner.For(project.Sources, "safe_migrations.provider = " + provider);
        return await runner.DiagnosticsAsync();
    }

    [Fact]
    public async Task Provider_branches_are_alternatives_not_a_sequence()
    {
        var project = MigrationProject.Scaffold(TestProvider.PostgreSql, ("Initial", Models.Customers), ("AddEmailIndex", Models.CustomersWithEmailIndex));
        project.WithMigrationCode(project.Last, code => code.Replace(
            "            migrationBuilder.CreateIndex(\n                name: \"IX_Customers_Email\",\n                table: \"Customers\",\n                column: \"Email\");",
            "            if (migrationBuilder.IsNpgsql())\n            {\n                migrationBuilder.CreateIndex(\n                    name: \"IX_Customers_Email\",\n                    table: \"Customers\",\n                    column: \"Email\")\n                    .Annotation(\"Npgsql:CreatedConcurrently\", true);\n            }\n            else\n            {\n                migrationBuilder.CreateIndex(\n                    name: \"IX_Customers_Email\",\n                    table: \"Customers\",\n                    column: \"Email\");\n            }"), keepsDownInStep: true);
        Assert.Contains("IsNpgsql()", project.SourceOf(project.Last));

        var diagnostics = await AnalyzeAsync(project);

        // The concurrent index is alone in its PostgreSQL deployment, and Down's one DropIndex reverses either branch.
        Assert.DoesNotContain(diagnostics, d => d.Id is "SM2002" or "SM3002" or "SM2001");
        Assert.DoesNotContain(await AnalyzeAsync(project, "sqlserver"), d => d.Id is "SM2002" or "SM3002");
    }

    [Fact]
    public async Task Names_held_in_constants_are_read_the_same_by_every_rule()
    {
        var project = MigrationProject.Scaffold(TestProvider.PostgreSql, ("Initial", Models.Customers), ("AddEmailIndex", Models.CustomersWithEmailIndex));
        project.WithMigrationCode(project.Last, code => code
            .Replace("    public partial class AddEmailIndex : Migration\n    {", "    public partial class AddEmailIndex : Migration\n    {\n        private const string Table = \"Customers\";")
            .Replace("table: \"Customers\"", "table: Table"), keepsDownInStep: true);
        Assert.Contains("table: Table", project.SourceOf(project.Last));

        var diagnostics = await AnalyzeAsync(project);

        Assert.DoesNotContain(diagnostics, d => d.Id == "SM3002");
        Assert.Contains(diagnostics, d => d.Id == "SM2001" && d.GetMessage().Contains("'Customers'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_dropped_table_covers_the_columns_and_indexes_built_on_it()
    {
        var project = MigrationProject.Scaffold(TestProvider.PostgreSql, ("Initial", Models.Customers), ("AddOrders", Models.CustomersAndOrders));
        project.WithMigrationCode(project.Last, code => code.Replace(
            "        protected override void Down(",
            "        private static void Unused() { }\n\n        /// <inheritdoc />\n        protected override void Down(").Replace(
            "            migrationBuilder.CreateIndex(",
            "            migrationBuilder.AddColumn<int>(\n                name: \"Extra\",\n                table: \"Orders\",\n                type: \"integer\",\n                nullable: true);\n\n            migrationBuilder.CreateIndex("), keepsDownInStep: true);
        Assert.Contains("name: \"Extra\"", project.SourceOf(project.Last));

        Assert.DoesNotContain(await AnalyzeAsync(project), d => d.Id == "SM3002");
    }

    [Fact]
    public async Task A_call_being_typed_gets_no_rollback_message_with_a_missing_name()
    {
        var project = MigrationProject.Scaffold(TestProvider.PostgreSql, ("Initial", Models.Customers), ("RenameName", Models.CustomersWithRenamedName));
        var code = project.SourceOf(project.Last);
        var cut = code.IndexOf("newName: \"FullName\");", StringComparison.Ordinal);
        foreach (var typed in new[] { "tab", "table: \"Customers\",\n                new" })
        {
            var start = code.IndexOf("table: \"Customers\",", StringComparison.Ordinal);
            var partial = code[..start] + typed + "\n        }\n\n" + code[(code.IndexOf("        /// <inheritdoc />\n        protected override void Down", StringComparison.Ordinal))..];
            var edited = MigrationProject.From(project.History);
            edited.WithMigrationCode(edited.Last, _ => partial);

            var diagnostics = await AnalyzeAsync(edited);

            Assert.DoesNotContain(diagnostics, d => d.Id == "SM3002");
            Assert.DoesNotContain(diagnostics, d => d.GetMessage().Contains("''", StringComparison.Ordinal) || d.GetMessage().Contains(" .", StringComparison.Ordinal));
            Assert.True(cut > 0);
        }
    }

    [Fact]
    public async Task Unquoted_PostgreSQL_names_in_raw_SQL_are_folded_to_lower_case()
    {
        var project = MigrationProject.Scaffold(TestProvider.PostgreSql, ("Initial", Models.Customers), ("IndexPoints", Models.Customers))
            .AppendToUp("migrationBuilder.Sql(\"CREATE INDEX IX_Points ON Customers (Points);\");");

        var diagnostic = Assert.Single(await AnalyzeAsync(project), d => d.Id == "SM2001");

        Assert.Contains("index 'ix_points' on existing table 'customers'", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_schema_move_is_no_rename_on_SQLite_which_has_no_schemas()
    {
        var project = MigrationProject.Scaffold(TestProvider.Sqlite, ("Initial", Models.Customers), ("MoveCustomers", Models.Customers))
            .AppendToUp("migrationBuilder.RenameTable(name: \"Customers\", schema: \"app\", newName: \"Customers\");");

        Assert.DoesNotContain(await AnalyzeAsync(project, "sqlite"), d => d.Id == "SM1002");

        // Elsewhere a missing newSchema means "unchanged" to EF's generators, which emit no SQL for it either: no rename
        // for the running app, but the table stays where the new model will not look, which is said instead. A real move
        // names the new schema and is reported as a rename.
        var onPostgres = Assert.Single(await AnalyzeAsync(project, "postgresql"), d => d.Id == "SM1002");
        Assert.StartsWith("This RenameTable does nothing on PostgreSQL", onPostgres.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("newSchema: \"public\"", onPostgres.GetMessage(), StringComparison.Ordinal);
        var moved = MigrationProject.Scaffold(TestProvider.PostgreSql, ("Initial", Models.Customers), ("MoveCustomers", Models.Customers))
            .AppendToUp("migrationBuilder.RenameTable(name: \"Customers\", schema: \"app\", newName: \"Customers\", newSchema: \"public\");");
        Assert.Contains(await AnalyzeAsync(moved, "postgresql"), d => d.Id == "SM1002");
    }

    [Fact]
    public async Task A_unique_index_on_an_existing_SQLite_table_is_reported_for_its_duplicates()
    {
        var project = Rollback.RollbackHarness.Scaffold(TestProvider.Sqlite, "Initial", "AddEmailIndex");

        var diagnostic = Assert.Single(await AnalyzeAsync(project, "sqlite"), d => d.Id == "SM2001");

        Assert.Contains("as a unique index fails outright, and with it the deployment, if 'Customers' already holds duplicates of (Email)", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_primary_key_dropped_and_added_again_on_MySQL_copies_the_table()
    {
        var project = MigrationProject.Scaffold(TestProvider.SqlServer, ("Initial", Models.CustomersAndOrders), ("RenameCustomers", CodeFixes.ExpandContractFixTests.ClientsAndOrders));

        var diagnostic = Assert.Single(await AnalyzeAsync(project, "mysql"), d => d.Id == "SM2006");

        Assert.Contains("dropping a primary key makes MySQL copy the whole table 'Clients' (ALGORITHM=COPY)", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SM1007_does_not_claim_the_placeholder_stays_when_the_migration_backfills_the_column()
    {
        var project = CodeFixes.MoveFixTests.WithStatementAfterAddColumn(TestProvider.PostgreSql, "migrationBuilder.Sql(\"UPDATE \\\"Customers\\\" SET \\\"Visits\\\" = 1;\");");

        var diagnostic = Assert.Single(await AnalyzeAsync(project), d => d.Id == "SM1007");

        Assert.Contains("the UPDATE later in this migration replaces it in the existing rows", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.DoesNotContain("fills every existing row", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Raw_SQL_in_Down_that_is_the_inverse_counts_as_the_inverse()
    {
        var project = MigrationProject.Scaffold(TestProvider.PostgreSql, ("Initial", Models.Customers), ("AddVisits", CodeFixes.MoveFixTests.CustomersWithVisits));
        project.WithMigrationCode(project.Last, code => Rollback.RollbackHarness.EditDownBody(code, _ => "{\n            migrationBuilder.Sql(\"ALTER TABLE \\\"Customers\\\" DROP COLUMN \\\"Visits\\\";\");\n        }"), keepsDownInStep: true);
        Assert.Contains("DROP COLUMN", project.SourceOf(project.Last));

        Assert.DoesNotContain(await AnalyzeAsync(project), d => d.Id == "SM3002");
    }

    public static TheoryData<TestProvider> Providers => new() { TestProvider.PostgreSql, TestProvider.SqlServer, TestProvider.Sqlite };

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task An_index_dropped_and_created_again_under_its_name_is_reversed_by_EFs_own_Down(TestProvider provider)
    {
        // Made unique, then moved to other columns under a name the model fixes: both times EF scaffolds DropIndex and
        // CreateIndex of one name in Up, and the same pair with the old definition in Down.
        var project = MigrationProject.Scaffold(
            provider,
            ("Initial", Models.CustomersWithEmailIndex),
            ("MakeEmailUnique", (Action<ModelBuilder>)(model => model.Entity<Customer>(b =>
            {
                b.ToTable("Customers");
                b.Ignore(c => c.Orders);
                b.HasIndex(c => c.Email).IsUnique();
            }))),
            ("MoveIndexToName", (Action<ModelBuilder>)(model => model.Entity<Customer>(b =>
            {
                b.ToTable("Customers");
                b.Ignore(c => c.Orders);
                b.HasIndex(c => c.Name).IsUnique().HasDatabaseName("IX_Customers_Email");
            }))));
        foreach (var migration in project.History.Skip(1))
        {
            var code = project.SourceOf(migration);
            Assert.Contains("DropIndex(", code, StringComparison.Ordinal);
            Assert.Equal(2, code.Split("name: \"IX_Customers_Email\"").Length - 1 - CountInDown(code));
        }

        var diagnostics = await AnalyzeAsync(project, provider.ToString().ToLowerInvariant());

        Assert.DoesNotContain(diagnostics, d => d.Id is "SM3002" or "SM3001" or "AD0001");

        // The comparer does look at this shape: a Down that re-creates the index on the wrong column is reported.
        project.WithMigrationCode(project.Last, code => code[..code.IndexOf("void Down(", StringComparison.Ordinal)]
            + code[code.IndexOf("void Down(", StringComparison.Ordinal)..].Replace("column: \"Email\"", "column: \"Name\""), keepsDownInStep: true);
        Assert.Contains(await AnalyzeAsync(project, provider.ToString().ToLowerInvariant()), d => d.Id == "SM3002");
    }

    [Fact]
    public async Task An_index_EF_drops_around_an_AlterColumn_and_creates_again_is_reversed_by_EFs_own_Down()
    {
        // Older EF versions scaffolded DropIndex, AlterColumn, CreateIndex of the same name around an indexed column's type
        // change, in Up and again in Down (bitwarden's history is full of these); EF 10 leaves that to its SQL generator, so
        // the pair is written here around EF 10's AlterColumn as those versions wrote it.
        var project = MigrationProject.Scaffold(
            TestProvider.SqlServer,
            ("Initial", Models.CustomersWithEmailIndex),
            ("LimitEmail", (Action<ModelBuilder>)(model => model.Entity<Customer>(b =>
            {
                b.ToTable("Customers");
                b.Ignore(c => c.Orders);
                b.Property(c => c.Email).HasMaxLength(200);
                b.HasIndex(c => c.Email);
            }))));
        const string drop = "            migrationBuilder.DropIndex(\n                name: \"IX_Customers_Email\",\n                table: \"Customers\");\n\n";
        const string create = "\n\n            migrationBuilder.CreateIndex(\n                name: \"IX_Customers_Email\",\n                table: \"Customers\",\n                column: \"Email\");";
        project.WithMigrationCode(project.Last, code => System.Text.RegularExpressions.Regex.Replace(
            code,
            @"(            migrationBuilder\.AlterColumn<string>\((?:.|\n)*?\);)",
            match => drop + match.Value + create), keepsDownInStep: true);
        var code = project.SourceOf(project.Last);
        Assert.Equal(2, code.Split("DropIndex(").Length - 1);
        Assert.Equal(2, code.Split("CreateIndex(").Length - 1);

        var diagnostics = await AnalyzeAsync(project, "sqlserver");

        Assert.DoesNotContain(diagnostics, d => d.Id is "SM3002" or "SM3001" or "AD0001");
    }

    [Theory]
    [InlineData(TestProvider.Sqlite)]
    [InlineData(TestProvider.PostgreSql)]
    [InlineData(TestProvider.SqlServer)]
    public async Task A_schema_move_scaffolded_by_EF_is_reversed_by_its_own_Down(TestProvider provider)
    {
        // jellyfin moved its tables out of the "jellyfin" schema: EF scaffolds a RenameTable per table in Up, and EnsureSchema
        // plus the renames back in Down. Here with two related tables, their key, foreign key and index.
        static Action<ModelBuilder> Tables(string? schema) => model =>
        {
            model.Entity<Customer>(b => b.ToTable("Customers", schema));
            model.Entity<Order>(b => b.ToTable("Orders", schema));
        };
        var project = MigrationProject.Scaffold(provider, ("Initial", Tables("jellyfin")), ("LeaveSchema", Tables(null)));
        var code = project.SourceOf(project.Last);
        Assert.Equal(4, code.Split("RenameTable(").Length - 1);
        Assert.Contains("EnsureSchema(", code, StringComparison.Ordinal);

        var diagnostics = await AnalyzeAsync(project, provider.ToString().ToLowerInvariant());

        // EF emits no SQL for the Up on any provider (on SQLite there are no schemas; elsewhere a missing newSchema means
        // "unchanged"), so nothing breaks the running app.
        Assert.DoesNotContain(diagnostics, d => d.Id is "SM3001" or "AD0001");
        var rollback = diagnostics.Where(d => d.Id == "SM3002").Select(d => d.GetMessage()).ToList();
        if (provider == TestProvider.Sqlite)
        {
            Assert.DoesNotContain(diagnostics, d => d.Id == "SM1002");
            Assert.Empty(rollback); // and no SQL for its Down either
        }
        else
        {
            // The tables stay in "jellyfin", where the new model will not look: said once per table.
            var stays = diagnostics.Where(d => d.Id == "SM1002").Select(d => d.GetMessage()).ToList();
            Assert.Equal(2, stays.Count);
            var (database, defaultSchema) = provider == TestProvider.PostgreSql ? ("PostgreSQL", "public") : ("SQL Server", "dbo");
            Assert.All(stays, message => Assert.StartsWith("This RenameTable does nothing on " + database, message, StringComparison.Ordinal));
            Assert.All(stays, message => Assert.EndsWith($"newSchema: \"{defaultSchema}\".", message, StringComparison.Ordinal));

            // Down, though, really moves both tables into "jellyfin", which Up never moved out of: that is reported.
            Assert.Equal(2, rollback.Count);
            Assert.All(rollback, message => Assert.Contains("undoes nothing that Up did", message, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_move_out_of_the_default_schema_gets_no_generated_Down_that_would_silently_do_nothing()
    {
        // The inverse would be RenameTable(..., newSchema: null), which EF reads as "unchanged": no SQL, the table stays in "shop".
        var project = MigrationProject.Scaffold(
            TestProvider.PostgreSql,
            ("Initial", Models.Customers),
            ("MoveToShop", (Action<ModelBuilder>)(model => model.Entity<Customer>(b =>
            {
                b.ToTable("Customers", "shop");
                b.Ignore(c => c.Orders);
            }))));
        Assert.Contains("newSchema: \"shop\"", project.SourceOf(project.Last), StringComparison.Ordinal);
        project.WithMigrationCode(project.Last, code => Rollback.RollbackHarness.MarkForRollback(code), keepsDownInStep: true);

        var diagnostics = await AnalyzeAsync(project);

        var problem = Assert.Single(diagnostics, d => d.Id == "SM3003");
        Assert.Contains("out of the default schema into 'shop'", problem.GetMessage(), StringComparison.Ordinal);
    }

    private static int CountInDown(string code) => code[code.IndexOf("void Down(", StringComparison.Ordinal)..].Split("name: \"IX_Customers_Email\"").Length - 1;
}
