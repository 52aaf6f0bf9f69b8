using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SafeMigrations.Analyzers.Model;
using SafeMigrations.Analyzers.Reading;
using SafeMigrations.Analyzers.Tests.Corpus;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.TestKit.Scaffolding;

namespace SafeMigrations.Analyzers.Tests.Reading;

/// <summary>
/// An Up or Down statement read from its text (<see cref="OperationCallText"/>) must give the operation its syntax gives, and a
/// statement of any other shape must be refused (then the syntax reads it). Checked on every Up and Down of the scaffolded
/// corpus and the shape models (compiled against EF, with the semantic model the analyzer has), on hand-written statements,
/// and on random edits of EF's.
/// </summary>
public class OperationCallTextTests
{
    /// <summary>A CreateTable as EF scaffolds it: line breaks, indentation, a column's annotation, a key and a foreign key.</summary>
    private const string CreateTableOfEf = """
        migrationBuilder.CreateTable(
                        name: "Aux6",
                        columns: table => new
                        {
                            Id = table.Column<int>(type: "integer", nullable: false)
                                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                            OwnerId = table.Column<int>(name: "owner_id", type: "integer", nullable: false),
                            Value = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                        },
                        constraints: table =>
                        {
                            table.PrimaryKey("PK_Aux6", x => x.Id);
                            table.ForeignKey(
                                name: "FK_Aux6_Customers_OwnerId",
                                column: x => x.OwnerId,
                                principalTable: "Customers",
                                principalColumn: "Id",
                                onDelete: ReferentialAction.Cascade);
                        });
        """;

    public static TheoryData<TestProvider> Providers => new() { TestProvider.PostgreSql, TestProvider.SqlServer, TestProvider.Sqlite };

    [Theory]
    [MemberData(nameof(Providers))]
    public void Every_Up_and_Down_EF_writes_reads_the_same_by_its_text(TestProvider provider)
    {
        var migrations = CorpusGenerator.Projects(provider).SelectMany(p => p.History).Select(m => m.MigrationCode)
            .Concat(ShapeModels.Names.Select(name => Scaffolder.ScaffoldHistory(provider, ("Initial", ShapeModels.Model(name, provider)))[0].MigrationCode))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var compilation = CompilationHarness.Compile(migrations.Select((source, i) => ($"M{i}.cs", source)));
        int statements = 0, readByText = 0, createTables = 0, createTablesByText = 0;
        var kinds = new HashSet<OperationType>();
        foreach (var tree in compilation.SyntaxTrees)
        {
            var semanticModel = compilation.GetSemanticModel(tree);
            foreach (var method in tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Where(m => m.Identifier.ValueText is "Up" or "Down"))
            {
                MigrationMethod? byText = null;
                foreach (var readsTableColumns in new[] { true, false })
                {
                    var bySyntax = MigrationMethodReader.Read(method, semanticModel, symbols: null, CancellationToken.None, readsTableColumns, readsByText: false);
                    byText = MigrationMethodReader.Read(method, semanticModel, symbols: null, CancellationToken.None, readsTableColumns, readsByText: true);
                    Assert.True(bySyntax.Equals(byText), $"{method}\nsyntax: {Describe(bySyntax)}\ntext:   {Describe(byText)}");
                }

                foreach (var statement in method.Body!.Statements.OfType<ExpressionStatementSyntax>())
                {
                    statements++;
                    var isCreateTable = statement.ToString().Contains(".CreateTable(", StringComparison.Ordinal);
                    createTables += isCreateTable ? 1 : 0;
                    if (MigrationMethodReader.IsReadByText(method, statement))
                    {
                        readByText++;
                        createTablesByText += isCreateTable ? 1 : 0;
                        kinds.Add(byText!.Operations.Single(o => o.Span.Start == statement.SpanStart).Kind);
                    }
                }
            }
        }

        // EF writes them all in the plain shape but for a default value that is no plain literal (a date, a negative number) and
        // InsertData's two-dimensional arrays.
        Assert.True(statements > 500 && createTables > 50, $"{statements} statements, {createTables} CreateTable");
        Assert.True(readByText >= statements * 9 / 10, $"{readByText} of {statements} read by the text");
        Assert.True(createTablesByText >= createTables * 9 / 10, $"{createTablesByText} of {createTables} CreateTable read by the text");
        foreach (var kind in new[] { OperationType.CreateTable, OperationType.AddColumn, OperationType.DropColumn, OperationType.CreateIndex, OperationType.DropIndex, OperationType.DropTable, OperationType.AlterColumn, OperationType.AddForeignKey, OperationType.RenameColumn })
        {
            Assert.Contains(kind, kinds);
        }
    }

    [Theory]
    [InlineData("migrationBuilder.DropTable(name: \"Orders\");", true)]
    [InlineData("migrationBuilder.DropTable(\r\n                name: \"Orders\",\r\n                schema: \"sales\");", true)]
    [InlineData("migrationBuilder . DropColumn ( name : \"Note\" , table : \"Orders\" ) ;", true)]
    [InlineData("migrationBuilder.AddColumn<string>(name: \"Note\", table: \"Orders\", type: \"character varying(200)\", maxLength: 200, nullable: true);", true)]
    [InlineData("migrationBuilder.AddColumn<int?>(name: \"N\", table: \"T\", nullable: true, defaultValue: null);", true)]
    [InlineData("migrationBuilder.AddColumn<bool>(name: \"On\", table: \"T\", nullable: false, defaultValue: false);", true)]
    [InlineData("migrationBuilder.AddColumn<int>(name: \"N\", table: \"T\", nullable: false, defaultValue: 0);", true)]
    [InlineData("migrationBuilder.AddColumn<int>(name: \"N\", table: \"T\", nullable: false, defaultValue: 007);", true)]
    [InlineData("migrationBuilder.AddColumn<int>(name: \"N\", table: \"T\", nullable: false, defaultValue: 999999999);", true)]
    [InlineData("migrationBuilder.AddColumn<long>(name: \"N\", table: \"T\", nullable: false, defaultValue: 2147483648L);", false)]
    [InlineData("migrationBuilder.AddColumn<int>(name: \"N\", table: \"T\", nullable: false, defaultValue: -1);", false)]
    [InlineData("migrationBuilder.AddColumn<decimal>(name: \"N\", table: \"T\", nullable: false, defaultValue: 0m);", false)]
    [InlineData("migrationBuilder.AddColumn<string>(name: \"N\", table: \"T\", nullable: false, defaultValue: \"\");", true)]
    [InlineData("migrationBuilder.AddColumn<DateTime>(name: \"At\", table: \"T\", nullable: false, defaultValue: new DateTime(2020, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));", false)]
    [InlineData("migrationBuilder.AddColumn<string>(name: \"N\", table: \"T\", nullable: false, defaultValue: string.Empty);", false)]
    [InlineData("migrationBuilder.AddColumn<string>(name: \"N\", table: \"T\", nullable: false, defaultValue: (string)null);", false)]
    [InlineData("migrationBuilder.AddColumn<string>(name: Names.Note, table: \"T\");", false)]
    [InlineData("migrationBuilder.AddColumn<string>(name: Note, table: \"T\");", false)]
    [InlineData("migrationBuilder.AddColumn<string>(name: nameof(Note), table: \"T\");", false)]
    [InlineData("migrationBuilder.AddColumn<string>(name: \"No\" + \"te\", table: \"T\");", false)]
    [InlineData("migrationBuilder.AddColumn<string>(name: @\"Note\", table: \"T\");", false)]
    [InlineData("migrationBuilder.AddColumn<string>(name: $\"Note\", table: \"T\");", false)]
    [InlineData("migrationBuilder.AddColumn<string>(name: \"No\\u0074e\", table: \"T\");", false)]
    [InlineData("migrationBuilder.AddColumn<string>(name: \"\"\"Note\"\"\", table: \"T\");", false)]
    [InlineData("migrationBuilder.AddColumn<string>(name: \"Straße\", table: \"Bücher\", type: \"text\");", true)]
    [InlineData("migrationBuilder.AddColumn<string>(\"Note\", \"T\");", false)]
    [InlineData("migrationBuilder.AddColumn<string>(name: \"Note\", \"T\");", false)]
    [InlineData("migrationBuilder.AddColumn<string>(name: \"Note\", table: \"T\",);", false)]
    [InlineData("migrationBuilder.AddColumn<string>(name: \"Note\", table: \"T\") // a note\r\n;", false)]
    [InlineData("migrationBuilder.AddColumn<string>(name: \"Note\", /* the table */ table: \"T\");", false)]
    [InlineData("migrationBuilder.AddColumn<string, int>(name: \"Note\", table: \"T\");", false)]
    [InlineData("migrationBuilder.AddColumn<global::System.String>(name: \"Note\", table: \"T\");", true)]
    [InlineData("migrationBuilder.AddColumn<List<string>>(name: \"Tags\", table: \"T\", type: \"text[]\");", true)]
    [InlineData("migrationBuilder.AddColumn<byte[]>(name: \"Blob\", table: \"T\", type: \"bytea\");", true)]
    [InlineData("migrationBuilder.AddColumn<string>(name: \"Note\", table: \"T\")", false)]
    [InlineData("migrationBuilder?.AddColumn<string>(name: \"Note\", table: \"T\");", false)]
    [InlineData("migrationBuilder.AddColumn<string>(name: \"Note\", table: \"T\")!;", false)]
    [InlineData("(migrationBuilder).AddColumn<string>(name: \"Note\", table: \"T\");", false)]
    [InlineData("this.migrationBuilder.AddColumn<string>(name: \"Note\", table: \"T\");", false)]
    [InlineData("builder.AddColumn<string>(name: \"Note\", table: \"T\");", false)]
    [InlineData("migrationBuilderX.AddColumn<string>(name: \"Note\", table: \"T\");", false)]
    [InlineData("migrationBuilder.AddColumn<string>(name: \"Note\", table: \"T\").Annotation(\"Relational:Collation\", \"C\");", true)]
    [InlineData("migrationBuilder.AlterColumn<int>(name: \"Id\", table: \"T\", type: \"integer\", nullable: false, oldClrType: typeof(int), oldType: \"integer\");", true)]
    [InlineData("migrationBuilder.AlterColumn<int>(name: \"Id\", table: \"T\", oldClrType: typeof (int?));", true)]
    [InlineData("migrationBuilder.AlterColumn<int>(name: \"Id\", table: \"T\", oldClrType: typeof( List< int > ));", true)]
    [InlineData("migrationBuilder.AlterColumn<int>(name: \"Id\", table: \"T\", oldClrType: typeof(global::System.DateTime[]));", true)]
    [InlineData("migrationBuilder.AlterColumn<int>(name: \"Id\", table: \"T\", oldClrType: typeof(void));", false)]
    [InlineData("migrationBuilder.AlterColumn<int>(name: \"Id\", table: \"T\", oldClrType: typeof(int).Name);", false)]
    [InlineData("migrationBuilder.AlterColumn<int>(name: \"Id\", table: \"T\", oldClrType: typeof(List<>));", false)]
    [InlineData("migrationBuilder.AlterColumn<int>(name: \"Id\", table: \"T\").Annotation(\"A\", typeof(int));", false)]
    [InlineData("migrationBuilder.AlterColumn<string>(name: \"N\", table: \"T\", type: \"text\", nullable: true, oldType: \"character varying(20)\", oldMaxLength: 20).Annotation(\"A\", 1).OldAnnotation(\"B\", true).Annotation(\"C\", null);", true)]
    [InlineData("migrationBuilder.AlterColumn<int>(name: \"Id\", table: \"T\").Annotation(\"Npgsql:ValueGenerationStrategy\", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn).OldAnnotation(\"Npgsql:ValueGenerationStrategy\", Npgsql.EntityFrameworkCore.PostgreSQL.Metadata.NpgsqlValueGenerationStrategy.SerialColumn);", true)]
    [InlineData("migrationBuilder.AlterColumn<int>(name: \"Id\", table: \"T\").Annotation(\"A\", Unknown.Member);", false)]
    [InlineData("migrationBuilder.AlterColumn<int>(name: \"Id\", table: \"T\").Annotation(\"A\");", false)]
    [InlineData("migrationBuilder.AlterColumn<int>(name: \"Id\", table: \"T\").Annotation(\"A\", 1, 2);", false)]
    [InlineData("migrationBuilder.AlterColumn<int>(name: \"Id\", table: \"T\").Annotation(Names.A, 1);", false)]
    [InlineData("migrationBuilder.AlterColumn<int>(name: \"Id\", table: \"T\").Annotation(5, 1);", false)]
    [InlineData("migrationBuilder.AlterColumn<int>(name: \"Id\", table: \"T\").Annotation(name: \"A\", value: 1);", false)]
    [InlineData("migrationBuilder.AlterColumn<int>(name: \"Id\", table: \"T\").Annotation<int>(\"A\", 1);", false)]
    [InlineData("migrationBuilder.AlterColumn<int>(name: \"Id\", table: \"T\").Comment(\"A\", 1);", false)]
    [InlineData("migrationBuilder.AddForeignKey(name: \"FK_A_B\", table: \"A\", column: \"BId\", principalTable: \"B\", principalColumn: \"Id\", onDelete: ReferentialAction.Cascade);", true)]
    [InlineData("migrationBuilder.AddForeignKey(name: \"FK_A_B\", table: \"A\", column: \"BId\", principalTable: \"B\", principalColumn: \"Id\", onDelete: Microsoft.EntityFrameworkCore.Migrations.ReferentialAction.Restrict);", true)]
    [InlineData("migrationBuilder.AddForeignKey(name: \"FK_A_B\", table: \"A\", column: \"BId\", principalTable: \"B\", principalColumn: \"Id\", onDelete: (ReferentialAction)1);", false)]
    [InlineData("migrationBuilder.AddForeignKey(name: \"FK_A_B\", table: \"A\", columns: new[] { \"X\", \"Y\" }, principalTable: \"B\", principalColumns: new[] { \"X\", \"Y\" });", true)]
    [InlineData("migrationBuilder.AddForeignKey(name: \"FK_A_B\", table: \"A\", columns: new string[] { \"X\", \"Y\" }, principalTable: \"B\", principalColumns: new [ ] {\"X\"});", true)]
    [InlineData("migrationBuilder.AddForeignKey(name: \"FK_A_B\", table: \"A\", columns: new string[]{}, principalTable: \"B\", principalColumns: []);", true)]
    [InlineData("migrationBuilder.AddForeignKey(name: \"FK_A_B\", table: \"A\", columns: new[] { \"X\", }, principalTable: \"B\");", false)]
    [InlineData("migrationBuilder.AddForeignKey(name: \"FK_A_B\", table: \"A\", columns: new[] { \"X\", Y }, principalTable: \"B\");", false)]
    [InlineData("migrationBuilder.AddForeignKey(name: \"FK_A_B\", table: \"A\", columns: new[] { \"X\", (string)null }, principalTable: \"B\");", false)]
    [InlineData("migrationBuilder.AddForeignKey(name: \"FK_A_B\", table: \"A\", columns: new string[2] { \"X\", \"Y\" }, principalTable: \"B\");", false)]
    [InlineData("migrationBuilder.AddForeignKey(name: \"FK_A_B\", table: \"A\", columns: new List<string> { \"X\" }, principalTable: \"B\");", false)]
    [InlineData("migrationBuilder.AddForeignKey(name: \"FK_A_B\", table: \"A\", columns: [.. Names], principalTable: \"B\");", false)]
    [InlineData("migrationBuilder.InsertData(table: \"T\", columns: new[] { \"Id\", \"Name\", \"On\" }, values: new object[] { 1, \"x\", true });", true)]
    [InlineData("migrationBuilder.InsertData(table: \"T\", columns: new[] { \"Id\", \"Kind\" }, values: new object[] { null, ReferentialAction.Cascade });", true)]
    [InlineData("migrationBuilder.InsertData(table: \"T\", columns: new[] { \"Id\", \"Name\" }, values: new object[,] { { 1, \"x\" }, { 2, \"y\" } });", false)]
    [InlineData("migrationBuilder.InsertData(table: \"T\", columns: new[] { \"Id\" }, values: new object[] { -1 });", false)]
    [InlineData("migrationBuilder.CreateIndex(name: \"IX_A_B\", table: \"A\", column: \"B\", unique: true, filter: \"[B] IS NOT NULL\");", true)]
    [InlineData("migrationBuilder.CreateIndex(name: \"IX_A_B\", table: \"A\", column: \"B\").Annotation(\"Npgsql:IndexMethod\", \"gin\").Annotation(\"SqlServer:Online\", true);", true)]
    [InlineData("migrationBuilder.CreateIndex(name: \"IX_A_B\", table: \"A\", columns: [\"B\", \"C\"]);", true)]
    [InlineData("migrationBuilder.CreateIndex(name: \"IX_A_B\", table: \"A\", columns: new[] { \"B\", \"C\" }, descending: new[] { false, true });", true)]
    [InlineData("migrationBuilder.DropIndex(name: \"IX_A_B\", table: \"A\");", true)]
    [InlineData("migrationBuilder.RenameColumn(name: \"A\", table: \"T\", newName: \"B\");", true)]
    [InlineData("migrationBuilder.RenameTable(name: \"A\", newName: \"B\", newSchema: \"s\");", true)]
    [InlineData("migrationBuilder.EnsureSchema(name: \"s\");", true)]
    [InlineData("migrationBuilder.CreateTable(name: \"T\", columns: table => new { Id = table.Column<int>(type: \"integer\", nullable: false) }, constraints: table => { table.PrimaryKey(\"PK_T\", x => x.Id); });", true)]
    [InlineData("migrationBuilder.CreateTable(name: \"T\");", true)]
    [InlineData(CreateTableOfEf, true)]
    [InlineData("migrationBuilder.CreateTable(name: \"T\", schema: \"s\", columns: t => new { }, constraints: t => { }, comment: \"A table\").Annotation(\"SqlServer:IsTemporal\", true);", true)]
    [InlineData("migrationBuilder.CreateTable(name: \"T\", columns: table => new { Id = table.Column<int>(type: \"integer\", nullable: false).Annotation(\"Sqlite:Autoincrement\", true).OldAnnotation(\"A\", 1), Code = table.Column<string>(name: \"code\", maxLength: 10, nullable: true) }, constraints: table => { table.PrimaryKey(\"PK_T\", x => new { x.Id, x.Code }); table.UniqueConstraint(\"AK_T_Code\", x => x.Code); table.CheckConstraint(\"CK_T\", \"code <> ''\"); });", true)]
    [InlineData("migrationBuilder.CreateTable(name: \"T\", columns: table => new { Id = table.Column<int>(nullable: false) }, constraints: table => { table.PrimaryKey(name: \"PK_T\", columns: x => x.Id).Annotation(\"SqlServer:Clustered\", false); });", true)]
    [InlineData("migrationBuilder.CreateTable(name: \"T\", columns: table => new { Id = table.Column<int>(nullable: false) }, constraints: table => { table.PrimaryKey(\"PK_T\", columns: x => x.Id); });", true)]
    [InlineData("migrationBuilder.CreateTable(name: \"T\", columns: table => new { Id = table.Column<int>(nullable: false) }, constraints: table => { table.ForeignKey(\"FK\", x => x.Id, \"P\", \"Id\"); });", false)]
    [InlineData("migrationBuilder.CreateTable(name: \"T\", columns: table => new { Id = table.Column<int>(nullable: false) }, constraints: table => { table.ForeignKey(name: \"FK\", columns: x => new { x.Id, x.Other }, principalTable: \"P\", principalColumns: new[] { \"A\", \"B\" }, onDelete: ReferentialAction.SetNull); });", true)]
    [InlineData("migrationBuilder.CreateTable(name: \"T\", columns: table => new { Id = table.Column<int>(nullable: false) }, constraints: table => { table.PrimaryKey(\"PK_T\", x => x); });", false)]
    [InlineData("migrationBuilder.CreateTable(name: \"T\", columns: table => new { Id = table.Column<int>(nullable: false) }, constraints: table => { table.PrimaryKey(\"PK_T\", x => x.Id.Value); });", false)]
    [InlineData("migrationBuilder.CreateTable(name: \"T\", columns: table => new { Id = table.Column<int>(nullable: false) }, constraints: table => { table.PrimaryKey(\"PK_T\", x => this.Id); });", false)]
    [InlineData("migrationBuilder.CreateTable(name: \"T\", columns: table => new { Id = table.Column<int>(nullable: false) }, constraints: table => { table.PrimaryKey(\"PK_T\", x => new { x.Id, }); });", false)]
    [InlineData("migrationBuilder.CreateTable(name: \"T\", columns: table => new { Id = table.Column<int>(nullable: false) }, constraints: table => { table.PrimaryKey(\"PK_T\", x => new { Key = x.Id }); });", false)]
    [InlineData("migrationBuilder.CreateTable(name: \"T\", columns: table => new { Id = table.Column<int>(nullable: false) }, constraints: table => { table.PrimaryKey(\"PK_T\", (x) => x.Id); });", false)]
    [InlineData("migrationBuilder.CreateTable(name: \"T\", columns: table => new { Id = table.Column<int>(nullable: false) }, constraints: table => table.PrimaryKey(\"PK_T\", x => x.Id));", false)]
    [InlineData("migrationBuilder.CreateTable(name: \"T\", columns: table => new { Id = table.Column<int>(nullable: false) }, constraints: table => { table.PrimaryKey(\"PK_T\", x => x.Id); return; });", false)]
    [InlineData("migrationBuilder.CreateTable(name: \"T\", columns: table => new { Id = table.Column<int>(nullable: false) }, constraints: table => { table.PrimaryKey(\"PK_T\", x => x.Id) });", false)]
    [InlineData("migrationBuilder.CreateTable(name: \"T\", columns: table => new { Id = table.Column<int>(nullable: false), }, constraints: null);", false)]
    [InlineData("migrationBuilder.CreateTable(name: \"T\", columns: table => new { Id = table.Column<int>(nullable: false) }, constraints: null);", false)]
    [InlineData("migrationBuilder.CreateTable(name: \"T\", columns: Columns);", false)]
    [InlineData("migrationBuilder.CreateTable(name: \"T\", columns: table => new { Id = table.Column<int>(nullable: false) }, columns: table => new { });", false)]
    [InlineData("migrationBuilder.CreateTable(\"T\", table => new { Id = table.Column<int>(nullable: false) });", false)]
    [InlineData("migrationBuilder.CreateTable(name: \"T\", columns: table => new { Id = table.Column<int>(false) });", false)]
    [InlineData("migrationBuilder.CreateTable(name: \"T\", columns: table => new { Id = table.Column<int>(nullable: Nullable) });", false)]
    [InlineData("migrationBuilder.CreateTable(name: \"T\", columns: table => new { Id = table.Column<int>(nullable: false), Id == table.Column<int>() });", false)]
    [InlineData("migrationBuilder.CreateTable(name: \"T\", columns: table => new { Id = Column<int>(nullable: false) });", false)]
    [InlineData("migrationBuilder.CreateTable(name: \"T\", columns: table => new { Id = table.Column<int>(nullable: false) /* key */ });", false)]
    [InlineData("migrationBuilder.CreateTable(name: \"T\", columns: table => new { @class = table.Column<int>(nullable: false) });", false)]
    [InlineData("migrationBuilder.CreateTable(name: \"T\", columns: table => new { Größe = table.Column<int>(nullable: false) });", false)]
    [InlineData("migrationBuilder.CreateTable(name: \"T\", columns: table => new Columns { Id = table.Column<int>(nullable: false) });", false)]
    [InlineData("migrationBuilder.CreateTable(name: \"T\", columns: (table) => new { Id = table.Column<int>(nullable: false) });", false)]
    [InlineData("migrationBuilder.CreateTable(name: \"T\", columns: table => new { Id = table.Column<int>(nullable: false) }, constraints: table => { table.PrimaryKey(\"PK_T\", x => x.Id); }).Annotation(\"A\", 1).OldAnnotation(\"B\", \"c\");", true)]
    [InlineData("migrationBuilder.Sql(\"UPDATE t SET a = 1\");", true)]
    [InlineData("migrationBuilder.Sql(\"VACUUM\", true);", true)]
    [InlineData("migrationBuilder.Sql(\"VACUUM\", suppressTransaction: true);", true)]
    [InlineData("migrationBuilder.Sql(sql: \"VACUUM\", suppressTransaction: false);", true)]
    [InlineData("migrationBuilder.Sql(\"VACUUM\", suppress: true);", false)]
    [InlineData("migrationBuilder.Sql(\"VACUUM\", 1);", false)]
    [InlineData("migrationBuilder.Sql(\"VACUUM\", true, 1);", false)]
    [InlineData("migrationBuilder.Sql(1);", false)]
    [InlineData("migrationBuilder.Sql(@\"UPDATE t SET a = 'x'\");", false)]
    [InlineData("migrationBuilder.Sql(\"UPDATE t SET a = 'x\\n'\");", false)]
    [InlineData("migrationBuilder.Sql<int>(\"x\");", false)]
    [InlineData("migrationBuilder.Sql(\"x\").Annotation(\"A\", 1);", false)]
    [InlineData("migrationBuilder.Sql(sql: \"x\").Annotation(\"A\", 1);", true)]
    [InlineData("migrationBuilder.DropTable(name: \"Orders\"); migrationBuilder.DropTable(name: \"Lines\");", true)]
    [InlineData("migrationBuilder.CreateIndexConcurrently(name: \"IX_A_B\", table: \"A\", column: \"B\");", true)]
    [InlineData("migrationBuilder.MyHelper();", true)]
    [InlineData("migrationBuilder.MyHelper(name: \"x\", in: 1);", false)]
    [InlineData("migrationBuilder.MyHelper(@name: \"x\");", false)]
    [InlineData("migrationBuilder.MyHelper(name: global::X.Y);", false)]
    [InlineData("migrationBuilder.MyHelper(name: \"x\", name: \"y\");", true)]
    [InlineData("migrationBuilder.MyHelper(x: ReferentialAction .Cascade);", false)]
    [InlineData("migrationBuilder.MyHelper(x: this.Cascade);", false)]
    [InlineData("migrationBuilder.MyHelper(ref x);", false)]
    [InlineData("migrationBuilder.MyHelper(x: out var y);", false)]
    [InlineData("migrationBuilder.new(x: 1);", false)]
    [InlineData("await migrationBuilder.MyHelper();", false)]
    [InlineData("migrationBuilder.Helper = null;", false)]
    [InlineData("migrationBuilder.MyHelper;", false)]
    [InlineData("migrationBuilder.MyHelper(x: 1).Then();", false)]
    [InlineData("   migrationBuilder.DropTable(name: \"Orders\");\t ", true)]
    [InlineData("/* kept */ migrationBuilder.DropTable(name: \"Orders\");", false)]
    [InlineData("migrationBuilder.DropTable(name: \"Orders\"); // kept", false)]
    [InlineData("#region Orders\nmigrationBuilder.DropTable(name: \"Orders\");\n#endregion", false)]
    public void A_statement_of_the_plain_shape_is_read_by_its_text_and_any_other_is_refused(string statement, bool readByText)
    {
        var (bySyntax, byText, accepted) = ReadBothWays(statement, bound: true);
        Assert.Equal(bySyntax, byText);
        Assert.Equal(readByText, accepted);
    }

    /// <summary>Random edits of EF's statements (a character or a piece of C# inserted, one to three characters removed or replaced): each is read the same both ways.</summary>
    [Theory]
    [MemberData(nameof(Providers))]
    public void Random_edits_of_EF_s_statements_read_the_same_both_ways(TestProvider provider)
    {
        var statements = CorpusGenerator.Projects(provider).SelectMany(p => p.History).Take(12).Select(m => m.MigrationCode)
            .SelectMany(StatementsOf).Distinct(StringComparer.Ordinal).ToList();
        Assert.True(statements.Count > 10, $"{statements.Count} statements");
        var pieces = RandomEdits.Characters
            .Concat(new[] { "<int>", "<>", "[]", "?", "::", "global::", "int", "in", "new ", "this", "true", "null", "1L", "0x1", "-1", "\"\"", "//", "/**/", "@\"", "$\"", "\\u0041", "(string)null", "A.B", "ReferentialAction.", "name: ", "x:", ".Annotation(\"A\", 1)", ".OldAnnotation(\"B\", C.D)", "default", "nameof" })
            .ToArray();
        var acceptedEdits = 0;
        foreach (var edited in RandomEdits.Of(statements, pieces, seed: 55 + (int)provider, count: 4000))
        {
            var (bySyntax, byText, accepted) = ReadBothWays(edited, bound: false);
            Assert.True(bySyntax == byText, $"{edited}\nsyntax: {bySyntax}\ntext:   {byText}");
            acceptedEdits += accepted ? 1 : 0;
        }

        // Many edits keep the shape (a name or a store type changed): the text reads those, and must read them right.
        Assert.InRange(acceptedEdits, 400, 3800);
    }

    /// <summary>The text readers' strings: the same characters give the same string, other characters their own (in any slot), long ones a new string each time.</summary>
    [Fact]
    public void The_strings_kept_per_thread_are_the_characters_read()
    {
        var first = PlainText.Strings.Of("Orders".AsSpan());
        Assert.Equal("Orders", first);
        Assert.Same(first, PlainText.Strings.Of("xOrdersx".AsSpan(1, 6)));
        var names = Enumerable.Range(0, 20_000).Select(i => "Name" + i).ToList();
        foreach (var name in names)
        {
            Assert.Equal(name, PlainText.Strings.Of(name.AsSpan()));
        }

        Assert.All(names, name => Assert.Equal(name, PlainText.Strings.Of(name.AsSpan())));
        var sql = new string('x', 65);
        Assert.Equal(sql, PlainText.Strings.Of(sql.AsSpan()));
        Assert.NotSame(PlainText.Strings.Of(sql.AsSpan()), PlainText.Strings.Of(sql.AsSpan()));
        Assert.Equal(string.Empty, PlainText.Strings.Of(ReadOnlySpan<char>.Empty));
    }

    /// <summary>The top-level statements of every Up and Down of a migration, as written.</summary>
    private static IEnumerable<string> StatementsOf(string migration) =>
        CSharpSyntaxTree.ParseText(migration).GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>()
            .Where(m => m.Identifier.ValueText is "Up" or "Down")
            .SelectMany(m => m.Body!.Statements.OfType<ExpressionStatementSyntax>())
            .Select(s => s.ToString());

    /// <summary>
    /// An Up holding <paramref name="statement"/> after an operation, read by its syntax alone and with its text (with the
    /// semantic model of a compilation against EF when <paramref name="bound"/>), and whether the text read the statement.
    /// </summary>
    private static (string BySyntax, string ByText, bool ReadByText) ReadBothWays(string statement, bool bound)
    {
        var source = "using System; using System.Collections.Generic; using Microsoft.EntityFrameworkCore.Migrations; using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;\n"
                     + "class M : Migration { protected override void Up(MigrationBuilder migrationBuilder) {\nmigrationBuilder.EnsureSchema(name: \"first\");\n" + statement + "\n} }";
        SyntaxTree tree;
        SemanticModel? semanticModel = null;
        if (bound)
        {
            var compilation = CompilationHarness.Compile(new[] { ("M.cs", source) });
            tree = compilation.SyntaxTrees[0];
            semanticModel = compilation.GetSemanticModel(tree);
        }
        else
        {
            tree = CSharpSyntaxTree.ParseText(source, CompilationHarness.ParseOptions, "M.cs");
        }

        var up = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().First();
        var bySyntax = MigrationMethodReader.Read(up, semanticModel, symbols: null, CancellationToken.None, readsTableColumns: true, readsByText: false);
        var byText = MigrationMethodReader.Read(up, semanticModel, symbols: null, CancellationToken.None, readsTableColumns: true, readsByText: true);
        Assert.True(bySyntax.Equals(byText), $"{statement}\nsyntax: {Describe(bySyntax)}\ntext:   {Describe(byText)}");

        // Up is read without a CreateTable's columns and constraints: its lambdas are then passed over, not read.
        var upBySyntax = MigrationMethodReader.Read(up, semanticModel, symbols: null, CancellationToken.None, readsTableColumns: false, readsByText: false);
        var upByText = MigrationMethodReader.Read(up, semanticModel, symbols: null, CancellationToken.None, readsTableColumns: false, readsByText: true);
        Assert.True(upBySyntax.Equals(upByText), $"{statement} (without the columns)\nsyntax: {Describe(upBySyntax)}\ntext:   {Describe(upByText)}");
        var tested = up.Body?.Statements.ElementAtOrDefault(1) as ExpressionStatementSyntax;
        return (Describe(bySyntax), Describe(byText), tested is not null && MigrationMethodReader.IsReadByText(up, tested));
    }

    private static string Describe(MigrationMethod method) =>
        string.Join("; ", method.Operations.Select(o =>
            $"{o.Kind} {o.MethodName}<{string.Join(",", o.TypeArguments)}> @{o.Span.Start}+{o.Span.Length} {o.Branch}"
            + $" ({string.Join(", ", o.Arguments.Select(a => $"{a.Name}: {Value(a.Value)}"))})"
            + string.Concat(o.Annotations.Select(a => $".Annotation({a.Name}, {Value(a.Value)})"))
            + string.Concat(o.OldAnnotations.Select(a => $".OldAnnotation({a.Name}, {Value(a.Value)})"))
            + string.Concat(o.Columns.Select(c => $" column {c.PropertyName} = {Call(c)}"))
            + string.Concat(o.Constraints.Select(c => $" constraint {Call(c)}"))));

    private static string Call(CallModel call) =>
        $"{call.MethodName}<{string.Join(",", call.TypeArguments)}> @{call.Span.Start}+{call.Span.Length}"
        + $" ({string.Join(", ", call.Arguments.Select(a => $"{a.Name}: {Value(a.Value)}"))})"
        + string.Concat(call.Annotations.Select(a => $".Annotation({a.Name}, {Value(a.Value)})"));

    private static string Value(ArgumentValue value) =>
        $"{value.Kind}:{value.Constant ?? "∅"}:{value.SourceText}" + (value.Items.IsEmpty ? "" : "[" + string.Join(", ", value.Items.Select(Value)) + "]");
}
