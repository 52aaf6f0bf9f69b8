using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.EntityFrameworkCore;
using SafeMigrations.Analyzers.Infrastructure;
using SafeMigrations.Analyzers.Model;
using SafeMigrations.Analyzers.Reading;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.TestKit.Scaffolding;

namespace SafeMigrations.Analyzers.Tests.Reading;

public class MigrationReaderTests
{
    private static readonly (string Path, string Source)[] Context = { ("/ShopContext.cs", Scaffolder.DbContextSource()) };

    private static MigrationModel ReadHandWritten(string upBody, string downBody = "", string usings = "", string extraMembers = "", (string Path, string Source)? otherFile = null)
    {
        var source = $$"""
            using System;
            using Microsoft.EntityFrameworkCore.Migrations;
            {{usings}}
            namespace Sample.Migrations;

            [Microsoft.EntityFrameworkCore.Infrastructure.DbContext(typeof(Sample.ShopContext))]
            [Migration("20240301000000_Hand")]
            public partial class Hand : Migration
            {
                protected override void Up(MigrationBuilder migrationBuilder)
                {
            {{upBody}}
                }

                protected override void Down(MigrationBuilder migrationBuilder)
                {
            {{downBody}}
                }
            {{extraMembers}}
            }
            """;
        var sources = Context.Append(("/Migrations/Hand.cs", source));
        return CompilationHarness.ReadMigration(otherFile is { } other ? sources.Append(other) : sources, "Hand");
    }

    /// <summary>
    /// <c>Sql</c> with a string literal is EF's own <c>Sql(string sql, bool suppressTransaction = false)</c>, whatever extension
    /// methods are in scope (C# takes an applicable instance method first): its positional arguments are named without asking the
    /// semantic model, so the read is what the bound read gives and can be kept across builds. Any other argument still binds.
    /// </summary>
    [Theory]
    [InlineData("migrationBuilder.Sql(\"UPDATE a SET b = 1\");", "UPDATE a SET b = 1", null)]
    [InlineData("migrationBuilder.Sql(@\"PRAGMA journal_mode = 'WAL';\", true);", "PRAGMA journal_mode = 'WAL';", true)]
    [InlineData("migrationBuilder.Sql(\"\"\"\n    DELETE FROM a\n    \"\"\", suppressTransaction: false);", "DELETE FROM a", false)]
    public void A_literal_Sql_call_is_read_without_asking_the_semantic_model(string statement, string sql, bool? suppressTransaction)
    {
        var before = ModelQuestions.Count;
        var model = ReadHandWritten(statement);
        Assert.Equal(before, ModelQuestions.Count);

        var operation = Assert.Single(model.Up.Operations);
        Assert.Equal(OperationType.Sql, operation.Kind);
        Assert.Equal(sql, operation.StringArgument("sql"));
        Assert.Equal(suppressTransaction, operation.BooleanArgument("suppressTransaction"));
    }

    /// <summary><c>string.Empty</c> is no constant (a static readonly field), as the semantic model says: read so without asking it.</summary>
    [Fact]
    public void String_Empty_is_read_as_no_constant_without_asking_the_semantic_model()
    {
        var before = ModelQuestions.Count;
        var model = ReadHandWritten("""
                    migrationBuilder.AlterColumn<string>(name: "Code", table: "Customers", type: "text", nullable: false, defaultValue: string.Empty,
                        oldClrType: typeof(string), oldType: "text", oldNullable: true);
            """);
        Assert.Equal(before, ModelQuestions.Count);

        var value = Assert.Single(model.Up.Operations).Argument("defaultValue")!;
        Assert.Equal(ArgumentValue.NonConstant("string.Empty"), value);
    }

    [Theory]
    [InlineData("migrationBuilder.Sql(Script);", nameof(OperationType.Sql), "sql")]
    [InlineData("migrationBuilder.Sql(Script, Suppress);", nameof(OperationType.Sql), "suppressTransaction")]
    [InlineData("migrationBuilder.Sql(42);", nameof(OperationType.Extension), "lines")]
    public void A_Sql_call_with_another_argument_still_asks_the_semantic_model(string statement, string kind, string lastParameter)
    {
        const string Members = """
                private const string Script = "UPDATE a SET b = 1";
                private const bool Suppress = true;
            """;
        const string Extension = """
            namespace Sample.Migrations;

            public static class SqlFiles
            {
                public static Microsoft.EntityFrameworkCore.Migrations.MigrationBuilder Sql(this Microsoft.EntityFrameworkCore.Migrations.MigrationBuilder builder, int lines) => builder;
            }
            """;
        var before = ModelQuestions.Count;
        var model = ReadHandWritten(statement, extraMembers: Members, otherFile: ("/SqlFiles.cs", Extension));
        Assert.NotEqual(before, ModelQuestions.Count);

        var operation = Assert.Single(model.Up.Operations);
        Assert.Equal(kind, operation.Kind.ToString());
        Assert.Equal(lastParameter, operation.Arguments[^1].Name);
    }

    [Theory]
    [InlineData(TestProvider.PostgreSql, "integer", "Npgsql:ValueGenerationStrategy")]
    [InlineData(TestProvider.SqlServer, "int", "SqlServer:Identity")]
    [InlineData(TestProvider.Sqlite, "INTEGER", "Sqlite:Autoincrement")]
    public void Reads_a_scaffolded_CreateTable_with_columns_annotations_and_key(TestProvider provider, string idType, string identityAnnotation)
    {
        var project = MigrationProject.Scaffold(provider, ("Initial", Models.CustomersAndOrders));

        var model = CompilationHarness.ReadMigration(project.Sources, "Initial");

        Assert.Equal(project.Last.Id, model.Id);
        Assert.Equal("Sample.ShopContext", model.DbContextType);
        var customers = model.Up.Operations.Single(o => o.Kind == OperationType.CreateTable && o.Table == "Customers");
        Assert.Equal(new[] { "Id", "Name", "Email", "Points" }, customers.Columns.Select(c => c.ColumnName));
        var id = customers.Columns.Single(c => c.ColumnName == "Id");
        Assert.Equal("int", id.ClrType);
        Assert.Equal(idType, id.StringArgument("type"));
        Assert.False(id.BooleanArgument("nullable"));
        Assert.NotNull(id.Annotation(identityAnnotation));
        Assert.True(customers.Columns.Single(c => c.ColumnName == "Email").BooleanArgument("nullable"));
        var primaryKey = customers.Constraints.Single(c => c.MethodName == "PrimaryKey");
        Assert.Equal("PK_Customers", primaryKey.StringArgument("name"));
        Assert.Equal(new[] { "Id" }, primaryKey.ColumnList());

        var orders = model.Up.Operations.Single(o => o.Kind == OperationType.CreateTable && o.Table == "Orders");
        var foreignKey = orders.Constraints.Single(c => c.MethodName == "ForeignKey");
        Assert.Equal("FK_Orders_Customers_CustomerId", foreignKey.StringArgument("name"));
        Assert.Equal(new[] { "CustomerId" }, foreignKey.ColumnList());
        Assert.Equal("Customers", foreignKey.StringArgument("principalTable"));
        Assert.Equal("ReferentialAction.Cascade", foreignKey.Argument("onDelete")!.SourceText);

        var index = model.Up.Operations.Single(o => o.Kind == OperationType.CreateIndex);
        Assert.Equal(("IX_Orders_CustomerId", "Orders"), (index.Name, index.Table));
        Assert.Equal(new[] { "CustomerId" }, index.ColumnList());

        Assert.Equal(MethodBodyState.HasStatements, model.Down.State);
        Assert.Equal(new[] { OperationType.DropTable, OperationType.DropTable }, model.Down.Operations.Select(o => o.Kind));
    }

    [Fact]
    public void Reading_twice_gives_equal_models()
    {
        var project = MigrationProject.Scaffold(TestProvider.PostgreSql, ("Initial", Models.CustomersAndOrders));

        Assert.Equal(CompilationHarness.ReadMigration(project.Sources, "Initial"), CompilationHarness.ReadMigration(project.Sources, "Initial"));
    }

    [Fact]
    public void Without_table_columns_a_CreateTable_reads_the_same_but_for_its_columns_and_constraints()
    {
        var project = MigrationProject.Scaffold(TestProvider.PostgreSql, ("Initial", Models.CustomersAndOrders));
        var compilation = CompilationHarness.Compile(project.Sources);
        var up = compilation.SyntaxTrees.SelectMany(t => t.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>()).Single(m => m.Identifier.ValueText == "Up");
        var semanticModel = compilation.GetSemanticModel(up.SyntaxTree);

        var full = MigrationMethodReader.Read(up, semanticModel, symbols: null, CancellationToken.None);
        var bare = MigrationMethodReader.Read(up, semanticModel, symbols: null, CancellationToken.None, readsTableColumns: false);

        Assert.Equal(2, full.Operations.Count(o => o.Kind == OperationType.CreateTable && !o.Columns.IsEmpty && !o.Constraints.IsEmpty));
        Assert.All(bare.Operations, o => Assert.True(o.Columns.IsEmpty && o.Constraints.IsEmpty));
        Assert.Equal(
            full.Operations.Select(o => o with { Columns = EquatableArray<TableColumn>.Empty, Constraints = EquatableArray<TableConstraint>.Empty }),
            bare.Operations);
        Assert.Equal((full.State, full.Span), (bare.State, bare.Span));
    }

    [Fact]
    public void Matches_positional_arguments_to_their_parameters()
    {
        var model = ReadHandWritten("""        migrationBuilder.RenameColumn("Name", "Customers", "FullName", "shop");""");

        var rename = Assert.Single(model.Up.Operations);
        Assert.Equal(OperationType.RenameColumn, rename.Kind);
        Assert.Equal(("Name", "Customers", "FullName", "shop"), (rename.Name, rename.Table, rename.NewName, rename.Schema));
    }

    [Fact]
    public void Names_the_positional_arguments_of_CreateTable_constraints_as_EF_declares_them_without_binding()
    {
        // PrimaryKey, UniqueConstraint and CheckConstraint are named from the reader's own table (binding them binds the
        // whole CreateTable): the table must say what EF's real CreateTableBuilder says.
        var model = ReadHandWritten("""
                    migrationBuilder.CreateTable(
                        name: "Orders",
                        columns: table => new
                        {
                            Id = table.Column<int>(type: "integer", nullable: false),
                            Code = table.Column<string>(type: "text", nullable: false),
                        },
                        constraints: table =>
                        {
                            table.PrimaryKey("PK_Orders", x => x.Id);
                            table.UniqueConstraint("AK_Orders_Code", x => x.Code);
                            table.CheckConstraint("CK_Orders_Code", "length(\"Code\") > 0");
                        });
            """);
        var compilation = CompilationHarness.Compile(Context.Append(("/Migrations/Probe.cs", """
            using System;
            using System.Linq.Expressions;
            using Microsoft.EntityFrameworkCore.Migrations.Operations.Builders;
            static class Probe
            {
                static void Use<T>(CreateTableBuilder<T> table, Expression<Func<T, object>> x)
                {
                    table.PrimaryKey("a", x);
                    table.UniqueConstraint("b", x);
                    table.CheckConstraint("c", "d");
                }
            }
            """)));
        var tree = compilation.SyntaxTrees.Single(t => t.FilePath == "/Migrations/Probe.cs");
        var semanticModel = compilation.GetSemanticModel(tree);
        var declared = tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax>()
            .Select(call => (Microsoft.CodeAnalysis.IMethodSymbol)semanticModel.GetSymbolInfo(call).Symbol!)
            .ToDictionary(method => method.Name, method => method.Parameters.Select(p => p.Name).ToArray());

        var constraints = Assert.Single(model.Up.Operations).Constraints;
        Assert.Equal(3, constraints.Count);
        foreach (var constraint in constraints)
        {
            Assert.Equal(declared[constraint.MethodName].Take(2), constraint.Arguments.Select(a => a.Name));
        }
    }

    [Fact]
    public void Reads_annotation_chains_and_old_annotations()
    {
        var model = ReadHandWritten("""
                    migrationBuilder.CreateIndex(name: "IX_A", table: "T", column: "A")
                        .Annotation("Npgsql:CreatedConcurrently", true)
                        .Annotation("Custom", 42);
                    migrationBuilder.AlterColumn<string>(name: "A", table: "T", maxLength: 200, oldMaxLength: 100)
                        .OldAnnotation("Old", "x");
            """);

        var index = model.Up.Operations[0];
        Assert.True(index.Annotation("Npgsql:CreatedConcurrently")!.AsBoolean());
        Assert.Equal(42, index.Annotation("Custom")!.AsInt64());
        var alter = model.Up.Operations[1];
        Assert.Equal("string", Assert.Single(alter.TypeArguments));
        Assert.Equal(200, alter.Argument("maxLength")!.AsInt64());
        Assert.Equal(100, alter.Argument("oldMaxLength")!.AsInt64());
        Assert.Equal("x", Assert.Single(alter.OldAnnotations).Value.AsString());
    }

    [Fact]
    public void Keeps_the_order_of_mixed_annotation_chains_and_leaves_out_a_name_that_is_no_constant()
    {
        // The reader counts a chain's annotations before it reads them from the last call back; a name it cannot read
        // leaves its slot empty, and the rest keep their order.
        var model = ReadHandWritten("""
                    migrationBuilder.AlterColumn<int>(name: "A", table: "T", nullable: false)
                        .Annotation("First", 1)
                        .OldAnnotation("OldFirst", 2)
                        .Annotation(System.Environment.MachineName, 3)
                        .Annotation("Second", 4)
                        .OldAnnotation("OldSecond", 5);
            """);

        var alter = Assert.Single(model.Up.Operations);
        Assert.Equal(new[] { "First", "Second" }, alter.Annotations.Select(a => a.Name));
        Assert.Equal(new long?[] { 1, 4 }, alter.Annotations.Select(a => a.Value.AsInt64()));
        Assert.Equal(new[] { "OldFirst", "OldSecond" }, alter.OldAnnotations.Select(a => a.Name));
        Assert.Equal(new long?[] { 2, 5 }, alter.OldAnnotations.Select(a => a.Value.AsInt64()));
    }

    [Theory]
    [InlineData("100", "100")]
    [InlineData("0", "0")]
    [InlineData("0100", "100")]
    [InlineData("1_000", "1000")]
    [InlineData("100L", "100")]
    [InlineData("0x10", "16")]
    public void Reads_a_number_literal_as_its_value_formatted_invariantly(string literal, string constant)
    {
        var model = ReadHandWritten($"""
                    migrationBuilder.AlterColumn<string>(name: "A", table: "T", maxLength: {literal});
            """);

        var maxLength = Assert.Single(model.Up.Operations).Argument("maxLength")!;
        Assert.Equal(constant, maxLength.Constant);
        Assert.Equal(literal, maxLength.SourceText);
    }

    [Fact]
    public void Knows_the_provider_of_each_branch()
    {
        var model = ReadHandWritten(
            """
                    if (migrationBuilder.IsNpgsql())
                    {
                        migrationBuilder.Sql("pg");
                    }
                    else if (migrationBuilder.ActiveProvider == "Microsoft.EntityFrameworkCore.SqlServer")
                    {
                        migrationBuilder.Sql("ms");
                    }
                    else
                    {
                        migrationBuilder.Sql("other");
                    }

                    switch (migrationBuilder.ActiveProvider)
                    {
                        case "Microsoft.EntityFrameworkCore.Sqlite":
                            migrationBuilder.Sql("lite");
                            break;
                    }

                    if (!migrationBuilder.IsSqlite())
                        migrationBuilder.Sql("not lite");
                    migrationBuilder.Sql("all");
            """,
            usings: "using Microsoft.EntityFrameworkCore;");

        var branches = model.Up.Operations.ToDictionary(o => o.StringArgument("sql")!, o => o.Branch);
        Assert.Equal(DatabaseProvider.PostgreSql, branches["pg"].Only);
        Assert.Equal(DatabaseProvider.SqlServer, branches["ms"].Only);
        Assert.Equal(new[] { DatabaseProvider.PostgreSql, DatabaseProvider.SqlServer }, branches["other"].Not);
        Assert.Equal(DatabaseProvider.Sqlite, branches["lite"].Only);
        Assert.Equal(new[] { DatabaseProvider.Sqlite }, branches["not lite"].Not);
        Assert.False(branches["all"].IsConditional);
        Assert.Equal(DatabaseProvider.Unknown, branches["other"].Resolve(DatabaseProvider.PostgreSql));
        Assert.Equal(DatabaseProvider.MySql, branches["other"].Resolve(DatabaseProvider.MySql));
    }

    [Fact]
    public void Records_helper_calls_loops_and_non_constant_values_without_guessing()
    {
        var model = ReadHandWritten(
            """
                    AddIndexes(migrationBuilder);
                    foreach (var table in new[] { "A", "B" })
                    {
                        migrationBuilder.DropTable(table);
                    }

                    var name = DateTime.Now.Ticks.ToString();
                    migrationBuilder.DropTable(name);
                    const string Constant = "C";
                    migrationBuilder.DropTable(Constant + "D");
            """,
            extraMembers: "    private static void AddIndexes(MigrationBuilder builder) { }");

        Assert.Equal(
            new[] { OperationType.Unknown, OperationType.Unknown, OperationType.DropTable, OperationType.DropTable },
            model.Up.Operations.Select(o => o.Kind));
        Assert.Equal("AddIndexes", model.Up.Operations[0].MethodName);
        var nonConstant = model.Up.Operations[2];
        Assert.Null(nonConstant.Table);
        Assert.Equal(ValueKind.NonConstant, nonConstant.Argument("name")!.Kind);
        Assert.Equal("name", nonConstant.Argument("name")!.SourceText);
        Assert.Equal("CD", model.Up.Operations[3].Table);
    }

    [Fact]
    public void Reads_runtime_helpers_as_extension_operations()
    {
        var model = ReadHandWritten(
            """        migrationBuilder.Helper("Customers");""",
            extraMembers: "}\npublic static class Ext { public static void Helper(this MigrationBuilder builder, string table) { }");

        var helper = Assert.Single(model.Up.Operations);
        Assert.Equal(OperationType.Extension, helper.Kind);
        Assert.Equal("Helper", helper.MethodName);
        Assert.Equal("Customers", helper.Argument("table")!.AsString());
    }

    [Theory]
    [InlineData("", "Empty")]
    [InlineData("        throw new NotSupportedException();", "ThrowsOnly")]
    [InlineData("        migrationBuilder.DropTable(\"A\");", "HasStatements")]
    public void Tells_empty_and_throwing_Down_methods_apart(string downBody, string expected)
    {
        var model = ReadHandWritten("""        migrationBuilder.CreateTable(name: "A", columns: table => new { Id = table.Column<int>(nullable: false) });""", downBody);

        Assert.Equal(Enum.Parse<MethodBodyState>(expected), model.Down.State);
    }

    [Fact]
    public void Reads_the_id_from_the_Designer_partial_with_file_scoped_namespaces()
    {
        var project = MigrationProject.Scaffold(TestProvider.Sqlite, ("Initial", Models.Customers), ("RenameName", Models.CustomersWithRenamedName));
        project.WithMigrationCode(project.Last, code => code
            .Replace("namespace Sample.Migrations\n{", "namespace Sample.Migrations;\n")
            .TrimEnd().TrimEnd('}'));

        Assert.Contains("namespace Sample.Migrations;", project.SourceOf(project.Last));
        var model = CompilationHarness.ReadMigration(project.Sources, "RenameName");

        Assert.Equal(project.Last.Id, model.Id);
        Assert.Equal("Sample.Migrations", model.Namespace);
        Assert.Equal(OperationType.RenameColumn, Assert.Single(model.Up.Operations).Kind);
    }
}
