using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using SafeMigrations.Analyzers;
using SafeMigrations.Analyzers.Rules;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.TestKit.Databases;
using SafeMigrations.TestKit.Scaffolding;
using static SafeMigrations.Analyzers.Tests.Verifiers.DatabaseCommands;

namespace SafeMigrations.Analyzers.Tests.Rollback;

/// <summary>
/// Up bodies written by hand rather than scaffolded: conditions that are not provider checks, locals, an AlterColumn that
/// does not say what the column was, a branch for Oracle's MySQL provider. The generated Down must do what Up's inverse
/// does, or not be generated (SM3003), never be a Down that fails or changes the schema when it runs.
/// </summary>
public class HandWrittenUpRollbackTests
{
    private const string UnreadableCondition = "it runs under a condition that is not a provider check (ActiveProvider == \"...\" or IsNpgsql()), which Down cannot repeat";

    /// <summary>The AddVisits step of the rollback history, marked [GenerateRollback], its Up replaced by <paramref name="up"/>.</summary>
    private static MigrationProject WithUp(TestProvider provider, string up)
    {
        var project = RollbackHarness.MarkForRollback(RollbackHarness.Scaffold(provider, "DropEmail", "AddVisits"), includeFirst: false);
        project.WithMigrationCode(project.Last, code =>
        {
            var body = CSharpSyntaxTree.ParseText(code).GetCompilationUnitRoot().DescendantNodes().OfType<MethodDeclarationSyntax>()
                .Single(m => m.Identifier.ValueText == "Up").Body!.Span;
            return code.Remove(body.Start, body.Length).Insert(body.Start, "{\n" + up + "\n}");
        });
        return project;
    }

    [Fact]
    public async Task SM3003_names_operations_under_an_if_or_a_switch_section_it_cannot_repeat()
    {
        var project = WithUp(TestProvider.PostgreSql, """
            if (System.Environment.GetEnvironmentVariable("SHOP_EXTRA") == "1")
            {
                migrationBuilder.AddColumn<int>(name: "A", table: "Customers", nullable: true);
            }
            else
            {
                migrationBuilder.AddColumn<int>(name: "B", table: "Customers", nullable: true);
            }

            switch (migrationBuilder.ActiveProvider)
            {
                case "Npgsql.EntityFrameworkCore.PostgreSQL":
                    migrationBuilder.CreateIndex(name: "IX_C", table: "Customers", column: "Name");
                    break;
                default:
                    migrationBuilder.CreateIndex(name: "IX_D", table: "Customers", column: "Points");
                    break;
            }

            if (migrationBuilder.ActiveProvider == "Oracle.EntityFrameworkCore")
            {
                migrationBuilder.AddColumn<int>(name: "E", table: "Customers", nullable: true);
            }
            """);

        await AnalyzerVerifier.VerifyAsync(
            project,
            RollbackHarness.OnlyRollbackRules,
            project.Expect(Descriptors.SM3003_RollbackNotGenerated, project.Last, "AddColumn", occurrence: 0).WithArguments("AddVisits", "AddColumn 'Customers.A'", UnreadableCondition),
            project.Expect(Descriptors.SM3003_RollbackNotGenerated, project.Last, "AddColumn", occurrence: 1).WithArguments("AddVisits", "AddColumn 'Customers.B'", UnreadableCondition),
            project.Expect(Descriptors.SM3003_RollbackNotGenerated, project.Last, "CreateIndex", occurrence: 1).WithArguments("AddVisits", "CreateIndex 'Customers.IX_D'", UnreadableCondition),
            project.Expect(Descriptors.SM3003_RollbackNotGenerated, project.Last, "AddColumn", occurrence: 2).WithArguments("AddVisits", "AddColumn 'Customers.E'", UnreadableCondition));
        Assert.Empty(GeneratedDowns(project));
    }

    [Fact]
    public async Task SM3003_names_an_operation_whose_argument_is_a_local_of_Up()
    {
        var project = WithUp(TestProvider.PostgreSql, """
            var table = "Customers";
            const string column = "Points";
            migrationBuilder.AddColumn<int>(name: "A", table: table, nullable: true);
            migrationBuilder.CreateIndex(name: "IX_Points", table: "Customers", column: column);
            """);

        // The constant is written into Down as its value; only the variable stops the generator.
        await AnalyzerVerifier.VerifyAsync(
            project,
            RollbackHarness.OnlyRollbackRules,
            project.Expect(Descriptors.SM3003_RollbackNotGenerated, project.Last, "AddColumn").WithArguments("AddVisits", "AddColumn 'A'", "its arguments use 'table', a local of Up, which Down cannot see"));
        Assert.Empty(GeneratedDowns(project));
    }

    [Theory]
    [InlineData("var prefix = \"Cust\";\nmigrationBuilder.AddColumn<int>(name: \"A\", table: $\"{prefix}omers\", nullable: true);", "AddColumn 'A'", "prefix")]
    [InlineData("var (table, column) = (\"Customers\", \"A\");\nmigrationBuilder.AddColumn<int>(name: column, table: table, nullable: true);", "AddColumn", "column")]
    [InlineData("int.TryParse(\"3\", out var shard);\nmigrationBuilder.AddColumn<int>(name: $\"A{shard}\", table: \"Customers\", nullable: true);", "AddColumn 'Customers'", "shard")]
    [InlineData("var ok = int.TryParse(\"3\", out var shard);\nmigrationBuilder.AddColumn<int>(name: $\"A{shard}\", table: \"Customers\", nullable: true);", "AddColumn 'Customers'", "shard")]
    public async Task SM3003_sees_locals_in_interpolated_strings_and_deconstructions(string up, string operation, string local)
    {
        var project = WithUp(TestProvider.PostgreSql, up);

        await AnalyzerVerifier.VerifyAsync(
            project,
            RollbackHarness.OnlyRollbackRules,
            project.Expect(Descriptors.SM3003_RollbackNotGenerated, project.Last, "AddColumn").WithArguments("AddVisits", operation, $"its arguments use '{local}', a local of Up, which Down cannot see"));
        Assert.Empty(GeneratedDowns(project));
    }

    /// <summary>A lambda's own parameter that shares a local's name is not that local.</summary>
    [Fact]
    public void A_lambda_parameter_named_like_a_local_does_not_stop_the_generator()
    {
        var project = WithUp(TestProvider.PostgreSql, """
            var x = 1;
            migrationBuilder.CreateTable(
                name: "Notes",
                columns: x => new { Id = x.Column<int>(type: "integer", nullable: false) },
                constraints: x => x.PrimaryKey("PK_Notes", y => y.Id));
            """);

        Assert.Contains("migrationBuilder.DropTable(", Assert.Single(GeneratedDowns(project)).ToString(), StringComparison.Ordinal);
    }

    /// <summary>An AlterColumn written with only <c>oldClrType</c> (as EF Core 2 scaffolded a type change) goes back to the model's column.</summary>
    [Fact]
    public void An_AlterColumn_with_only_oldClrType_gets_a_Down_that_compiles()
    {
        var project = WithUp(TestProvider.PostgreSql, "migrationBuilder.AlterColumn<long>(name: \"Score\", table: \"Customers\", oldClrType: typeof(int));");

        var down = Assert.Single(GeneratedDowns(project)).ToString();
        Assert.Contains("migrationBuilder.AlterColumn<int>(", down, StringComparison.Ordinal);
        Assert.Contains("oldClrType: typeof(long)", down, StringComparison.Ordinal);
        Assert.DoesNotContain("oldOldClrType", down, StringComparison.Ordinal);
    }

    [Fact]
    public void A_switch_section_with_both_MySQL_provider_names_is_one_MySQL_branch()
    {
        var project = WithUp(TestProvider.Sqlite, """
            switch (migrationBuilder.ActiveProvider)
            {
                case "Pomelo.EntityFrameworkCore.MySql":
                case "MySql.EntityFrameworkCore":
                    migrationBuilder.CreateIndex(name: "IX_X", table: "Customers", column: "Name");
                    break;
            }
            """);

        Assert.Equal(new[] { "IX_X" }, DroppedIndexes(project, "MySql.EntityFrameworkCore"));
        Assert.Empty(DroppedIndexes(project, "Microsoft.EntityFrameworkCore.Sqlite"));
    }

    /// <summary>EF reads Oracle's provider (the MySQL provider that runs on EF Core 10) and Pomelo's as MySQL alike; Down must too.</summary>
    [Fact]
    public void A_branch_for_Oracle_s_MySQL_provider_is_rolled_back_under_that_provider()
    {
        var project = WithUp(TestProvider.Sqlite, """
            if (migrationBuilder.ActiveProvider == "MySql.EntityFrameworkCore")
            {
                migrationBuilder.CreateIndex(name: "IX_X", table: "Customers", column: "Name");
            }

            if (migrationBuilder.ActiveProvider != "MySql.EntityFrameworkCore")
            {
                migrationBuilder.CreateIndex(name: "IX_Y", table: "Customers", column: "Name");
            }
            """);

        Assert.Equal(new[] { "IX_X" }, DroppedIndexes(project, "MySql.EntityFrameworkCore"));
        Assert.Equal(new[] { "IX_X" }, DroppedIndexes(project, "Pomelo.EntityFrameworkCore.MySql"));
        Assert.Equal(new[] { "IX_Y" }, DroppedIndexes(project, "Npgsql.EntityFrameworkCore.PostgreSQL"));
    }

    /// <summary>
    /// An AlterColumn written without its old* arguments: EF then takes the old column for a NOT NULL one of the CLR
    /// type's default store type, so swapping the arguments would alter the column into that. Down restores the column
    /// as the model before the migration has it, on a real database.
    /// </summary>
    [PostgresFact]
    public void An_AlterColumn_without_old_arguments_is_rolled_back_to_the_column_the_model_had()
    {
        var project = WithUp(TestProvider.PostgreSql, """
            migrationBuilder.AlterColumn<string>(name: "Name", table: "Customers", type: "character varying(320)", maxLength: 320, nullable: true);
            """);
        using var database = PostgresDatabase.Create("alter-without-old");
        using var migrations = LoadedMigrations.Open(project, options => options.UseNpgsql(database.ConnectionString)
            .ConfigureWarnings(w => w.Ignore(Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.PendingModelChangesWarning)));
        migrations.Migrator.Migrate(project.History[0].Id);
        using (var connection = database.Open())
        {
            Execute(connection, "INSERT INTO \"Customers\" (\"Name\", \"Score\") VALUES ('Ada', 3)");
        }

        string before;
        using (var connection = database.Open())
        {
            before = RollbackDatabaseTests.PostgresSchema(connection);
        }

        migrations.Migrator.Migrate(project.Last.Id);
        using (var connection = database.Open())
        {
            Assert.Equal("YES", Scalar(connection, "SELECT is_nullable FROM information_schema.columns WHERE table_name = 'Customers' AND column_name = 'Name'"));
        }

        migrations.Migrator.Migrate(project.History[0].Id);
        using (var connection = database.Open())
        {
            Assert.Equal(before, RollbackDatabaseTests.PostgresSchema(connection));
            Assert.Equal("Ada", Scalar(connection, "SELECT \"Name\" FROM \"Customers\""));
        }
    }

    /// <summary>A local function's calls run where it is called, which the reader does not follow: not an Up that does nothing.</summary>
    [Fact]
    public async Task SM3003_names_a_local_function_that_uses_the_builder()
    {
        var project = WithUp(TestProvider.PostgreSql, """
            void Add(string n) => migrationBuilder.AddColumn<int>(name: n, table: "Customers", nullable: true);
            Add("A");
            """);

        Assert.Contains(await Sm3003Messages(project), m => m.Contains("'Add'", StringComparison.Ordinal));
        Assert.Empty(GeneratedDowns(project));
    }

    /// <summary>What follows an early return or a jump runs on some paths only: a Down that undoes it always would be wrong.</summary>
    [Theory]
    [InlineData("if (System.Environment.GetEnvironmentVariable(\"SKIP\") == \"1\") return;\nmigrationBuilder.CreateIndex(name: \"IX_X\", table: \"Customers\", column: \"Name\");", "ReturnStatement")]
    [InlineData("if (System.Environment.GetEnvironmentVariable(\"SKIP\") == \"1\") { return; }\nmigrationBuilder.CreateIndex(name: \"IX_X\", table: \"Customers\", column: \"Name\");", "ReturnStatement")]
    [InlineData("if (migrationBuilder.IsSqlite()) { if (System.DateTime.Now.Year > 2000) return; }\nmigrationBuilder.CreateIndex(name: \"IX_X\", table: \"Customers\", column: \"Name\");", "ReturnStatement")]
    [InlineData("foreach (var n in new[] { 1 }) { if (n == 1) return; }\nmigrationBuilder.CreateIndex(name: \"IX_X\", table: \"Customers\", column: \"Name\");", "ForEachStatement")]
    [InlineData("switch (migrationBuilder.ActiveProvider) { case \"Microsoft.EntityFrameworkCore.Sqlite\": if (migrationBuilder.IsSqlite()) break; migrationBuilder.CreateIndex(name: \"IX_X\", table: \"Customers\", column: \"Name\"); break; }", "BreakStatement")]
    [InlineData("if (migrationBuilder.IsSqlite()) goto done;\nmigrationBuilder.CreateIndex(name: \"IX_X\", table: \"Customers\", column: \"Name\");\ndone: ;", "GotoStatement")]
    public async Task SM3003_names_an_early_return_or_a_jump(string up, string statement)
    {
        var project = WithUp(TestProvider.PostgreSql, up);

        var messages = await Sm3003Messages(project);
        Assert.True(messages.Any(m => m.Contains(statement, StringComparison.Ordinal)), string.Join(" | ", messages));
        Assert.Empty(GeneratedDowns(project));
    }

    /// <summary>A provider guard that returns early: what follows runs on the other providers, and Down undoes it there only.</summary>
    [Theory]
    [InlineData("if (migrationBuilder.IsSqlite()) return;")]
    [InlineData("if (migrationBuilder.ActiveProvider == \"Microsoft.EntityFrameworkCore.Sqlite\") { return; }")]
    public void A_provider_guard_that_returns_early_puts_the_rest_of_Up_under_the_other_providers(string guard)
    {
        var project = WithUp(TestProvider.Sqlite, guard + "\nmigrationBuilder.CreateIndex(name: \"IX_X\", table: \"Customers\", column: \"Name\");");

        Assert.Equal(new[] { "IX_X" }, DroppedIndexes(project, "Npgsql.EntityFrameworkCore.PostgreSQL"));
        Assert.Empty(DroppedIndexes(project, "Microsoft.EntityFrameworkCore.Sqlite"));
    }

    /// <summary>A return with nothing after it changes nothing: the Down is generated.</summary>
    [Fact]
    public void A_return_at_the_end_of_Up_does_not_stop_the_generator()
    {
        var project = WithUp(TestProvider.Sqlite, """
            migrationBuilder.CreateIndex(name: "IX_X", table: "Customers", column: "Name");
            if (migrationBuilder.ActiveProvider == "Npgsql.EntityFrameworkCore.PostgreSQL")
            {
                migrationBuilder.CreateIndex(name: "IX_Y", table: "Customers", column: "Points");
                return;
            }
            else
            {
                switch (migrationBuilder.ActiveProvider)
                {
                    case "Microsoft.EntityFrameworkCore.Sqlite":
                        migrationBuilder.CreateIndex(name: "IX_Z", table: "Customers", column: "Points");
                        return;
                }
            }
            """);

        Assert.Equal(new[] { "IX_Y", "IX_X" }, DroppedIndexes(project, "Npgsql.EntityFrameworkCore.PostgreSQL"));
        Assert.Equal(new[] { "IX_Z", "IX_X" }, DroppedIndexes(project, "Microsoft.EntityFrameworkCore.Sqlite"));
    }

    /// <summary>Up's builder under another name: the arguments Down copies from Up name it, so Down must too.</summary>
    [Fact]
    public void An_Up_whose_builder_has_another_name_gets_a_Down_that_compiles()
    {
        var project = WithUp(TestProvider.PostgreSql, """
            mb.AlterColumn<string>(
                name: "Name",
                table: "Customers",
                type: "character varying(200)",
                maxLength: 200,
                nullable: false,
                defaultValueSql: mb.ActiveProvider == "Npgsql.EntityFrameworkCore.PostgreSQL" ? "'x'" : "'y'",
                oldClrType: typeof(string),
                oldType: "character varying(200)",
                oldMaxLength: 200);
            """);
        project.WithMigrationCode(project.Last, code => code.Replace("Up(MigrationBuilder migrationBuilder)", "Up(MigrationBuilder mb)", StringComparison.Ordinal));
        Assert.Contains("Up(MigrationBuilder mb)", project.SourceOf(project.Last), StringComparison.Ordinal);

        var down = Assert.Single(GeneratedDowns(project)).ToString();
        Assert.Contains("mb.ActiveProvider", down, StringComparison.Ordinal);
    }

    /// <summary>A verbatim string's line breaks are its value: laying Down out must not indent inside it.</summary>
    [Fact]
    public void A_multi_line_verbatim_string_comes_into_Down_unchanged()
    {
        var project = WithUp(TestProvider.PostgreSql, "migrationBuilder.ReversibleSql(\n    upSql: @\"UPDATE t SET note = 'c\nd';\",\n    downSql: @\"UPDATE t SET note = 'a\nb';\");");
        project.WithMigrationCode(project.Last, code => "using EFCore.SafeMigrations;\n" + code);
        static string[] Literals(SyntaxNode root) => root.DescendantTokens().Where(t => t.IsKind(SyntaxKind.StringLiteralToken) && t.Text.StartsWith('@')).Select(t => t.ValueText).ToArray();
        var up = Literals(CSharpSyntaxTree.ParseText(project.SourceOf(project.Last)).GetRoot());
        Assert.Equal(2, up.Length);

        var down = Literals(Assert.Single(GeneratedDowns(project)).GetRoot());

        Assert.Equal(up.Reverse(), down);
    }

    private static async Task<string[]> Sm3003Messages(MigrationProject project) =>
        (await CompilationHarness.AnalyzeAsync(RollbackHarness.Compile(project.Sources), new SafeMigrationsAnalyzer()))
        .Where(d => d.Id == "SM3003")
        .Select(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture))
        .ToArray();

    private static IReadOnlyList<SyntaxTree> GeneratedDowns(MigrationProject project) => GeneratedDowns(project, out _);

    /// <summary>The last migration's generated Down files, and the project compiled with them (no errors).</summary>
    private static IReadOnlyList<SyntaxTree> GeneratedDowns(MigrationProject project, out Compilation compilation)
    {
        (_, compilation) = RollbackHarness.Run(RollbackHarness.Compile(project.Sources));
        Assert.Empty(RollbackHarness.Errors(compilation));
        return compilation.SyntaxTrees.Where(t => RollbackHarness.GeneratedFor(t) == project.Last.Name).ToList();
    }

    /// <summary>The indexes the generated Down of the last migration drops when EF runs it under <paramref name="activeProvider"/>.</summary>
    private static string[] DroppedIndexes(MigrationProject project, string activeProvider)
    {
        Assert.Single(GeneratedDowns(project, out var compilation));
        var context = new AssemblyLoadContext("rollback-branches", isCollectible: true);
        try
        {
            var assembly = LoadedMigrations.Load(compilation, context);
            var migration = (Migration)Activator.CreateInstance(assembly.GetTypes().Single(t => t.Name == project.Last.Name))!;
            var builder = new MigrationBuilder(activeProvider);
            typeof(Migration).GetMethod("Down", BindingFlags.Instance | BindingFlags.NonPublic, new[] { typeof(MigrationBuilder) })!.Invoke(migration, new object[] { builder });
            return builder.Operations.OfType<DropIndexOperation>().Select(o => o.Name).ToArray();
        }
        finally
        {
            context.Unload();
        }
    }
}
