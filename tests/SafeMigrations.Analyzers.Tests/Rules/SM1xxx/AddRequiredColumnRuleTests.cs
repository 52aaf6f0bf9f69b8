using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.EntityFrameworkCore;
using SafeMigrations.Analyzers.Rules;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.TestKit.Scaffolding;
using static SafeMigrations.Analyzers.Tests.Verifiers.AnalyzerVerifier;

namespace SafeMigrations.Analyzers.Tests.Rules;

public enum AccountKind
{
    Personal,
    Business,
}

/// <summary>One property of each type EF scaffolds a placeholder default for, and three that are fine.</summary>
public class Account
{
    public int Id { get; set; }

    public bool Active { get; set; }

    public decimal Balance { get; set; }

    public long Big { get; set; }

    public int Count { get; set; }

    public DateTime Created { get; set; }

    public DateOnly Day { get; set; }

    public TimeSpan Duration { get; set; }

    public Guid Key { get; set; }

    public AccountKind Kind { get; set; }

    public string Name { get; set; } = "";

    public string? Note { get; set; }

    public DateTime OpenedAt { get; set; }

    public byte[] Payload { get; set; } = [];

    public double Ratio { get; set; }

    public DateTimeOffset Seen { get; set; }

    public short Small { get; set; }

    public string Tag { get; set; } = "";

    public TimeOnly Time { get; set; }

    public byte Tiny { get; set; }
}

public class AddRequiredColumnRuleTests
{
    private static MigrationProject AddPoints(TestProvider provider) =>
        MigrationProject.Scaffold(provider, ("Initial", Models.CustomersWithoutPoints), ("AddPoints", Models.Customers));

    private const string ScaffoldedPointsDefault = "nullable: false,\n                defaultValue: 0);";

    internal static string Placeholder(string shown) =>
        $"with EF's placeholder default {shown} fills every existing row with {shown}, and every row that the still-running old version of the app inserts silently gets {shown} too, instead of a real value.";

    internal static string NoDefault(TestProvider provider, string column) => provider switch
    {
        TestProvider.Sqlite =>
            $"with no default fails outright: SQLite cannot add a NOT NULL column without a non-NULL default, and once it is in, every INSERT from the still-running old version of the app, which knows nothing of '{column}', fails with a NOT NULL violation.",
        _ =>
            $"with no default fails on a table that already has rows, and even on an empty one every INSERT from the still-running old version of the app, which knows nothing of '{column}', then fails with a NOT NULL violation.",
    };

    // What EF Core's scaffolder writes for a required property added to an existing entity.
    private static readonly (string Column, string Placeholder)[] ScaffoldedPlaceholders =
    {
        ("Active", "false"),
        ("Balance", "0m"),
        ("Big", "0L"),
        ("Count", "0"),
        ("Day", "new DateOnly(1, 1, 1)"),
        ("Duration", "new TimeSpan(0, 0, 0, 0, 0)"),
        ("Key", "new Guid(\"00000000-0000-0000-0000-000000000000\")"),
        ("Kind", "0"),
        ("Name", "\"\""),
        ("OpenedAt", "new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified)"),
        ("Payload", "new byte[0]"),
        ("Ratio", "0.0"),
        ("Seen", "new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0))"),
        ("Small", "(short)0"),
        ("Time", "new TimeOnly(0, 0, 0)"),
        ("Tiny", "(byte)0"),
    };

    private static void AccountsWithIdOnly(ModelBuilder model) => model.Entity<Account>(b =>
    {
        b.ToTable("Accounts");
        foreach (var property in typeof(Account).GetProperties().Where(p => p.Name != nameof(Account.Id)))
        {
            b.Ignore(property.Name);
        }
    });

    private static void Accounts(ModelBuilder model) => model.Entity<Account>(b =>
    {
        b.ToTable("Accounts");
        b.Property(a => a.Tag).HasDefaultValue("none");
        b.Property(a => a.Created).HasDefaultValueSql("CURRENT_TIMESTAMP");
    });

    /// <summary>The index of the <c>AddColumn</c> of <paramref name="column"/> among the AddColumn calls of Up, for <see cref="MigrationProject.Expect"/>.</summary>
    private static int AddColumnOccurrence(MigrationProject project, string column)
    {
        var up = CSharpSyntaxTree.ParseText(project.SourceOf(project.Last)).GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().First(m => m.Identifier.ValueText == "Up");
        var adds = up.DescendantNodes().OfType<ExpressionStatementSyntax>().Where(s => s.Expression.ToString().StartsWith("migrationBuilder.AddColumn<", StringComparison.Ordinal)).ToList();
        return adds.FindIndex(s => s.Expression.ToString().Contains($"name: \"{column}\",", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(TestProvider.PostgreSql)]
    [InlineData(TestProvider.SqlServer)]
    [InlineData(TestProvider.Sqlite)]
    public async Task Fires_on_a_scaffolded_required_int_column_with_the_placeholder_0(TestProvider provider)
    {
        var project = AddPoints(provider);

        Assert.Contains(ScaffoldedPointsDefault, project.SourceOf(project.Last));
        await VerifyAsync(project, project.Expect(Descriptors.SM1007_AddRequiredColumn, project.Last, "AddColumn").WithArguments("Points", "Customers", Placeholder("0")));
    }

    [Theory]
    [InlineData(TestProvider.PostgreSql)]
    [InlineData(TestProvider.SqlServer)]
    [InlineData(TestProvider.Sqlite)]
    public async Task Fires_on_every_placeholder_the_scaffolder_writes_and_not_on_nullable_or_real_defaults(TestProvider provider)
    {
        var project = MigrationProject.Scaffold(provider, ("Initial", AccountsWithIdOnly), ("AddAccountColumns", Accounts));
        var source = project.SourceOf(project.Last);

        var expected = new List<DiagnosticResult>();
        foreach (var (column, placeholder) in ScaffoldedPlaceholders)
        {
            Assert.Contains($"defaultValue: {placeholder});", source.Substring(source.IndexOf($"name: \"{column}\",", StringComparison.Ordinal)));
            expected.Add(project.Expect(Descriptors.SM1007_AddRequiredColumn, project.Last, "AddColumn", AddColumnOccurrence(project, column))
                .WithArguments(column, "Accounts", Placeholder(placeholder)));
        }

        // Quiet: Note is nullable, Tag has a real default, Created a SQL default.
        Assert.Contains("defaultValue: \"none\")", source);
        Assert.Contains("defaultValueSql: \"CURRENT_TIMESTAMP\")", source);
        Assert.Equal(ScaffoldedPlaceholders.Length + 3, source.Substring(0, source.IndexOf("void Down", StringComparison.Ordinal)).Split("migrationBuilder.AddColumn<").Length - 1);

        // On SQLite that SQL default is not a constant, so ALTER TABLE ADD COLUMN fails on a table with rows: SM2007.
        if (provider == TestProvider.Sqlite)
        {
            expected.Add(project.Expect(Descriptors.SM2007_AddColumnRewritesTable, project.Last, "AddColumn", AddColumnOccurrence(project, "Created"))
                .WithArguments("Created", "Accounts", AddColumnRewriteRuleTests.SqliteNonConstant("Created", "CURRENT_TIMESTAMP", "Accounts")));
        }

        // On SQL Server a NOT NULL nvarchar(max) or varbinary(max) column with any default, a placeholder or a real one, is
        // written into every row: SM2007 too.
        if (provider == TestProvider.SqlServer)
        {
            foreach (var (column, type) in new[] { ("Name", "nvarchar(max)"), ("Payload", "varbinary(max)"), ("Tag", "nvarchar(max)") })
            {
                Assert.Contains($"type: \"{type}\"", source.Substring(source.IndexOf($"name: \"{column}\",", StringComparison.Ordinal)));
                expected.Add(project.Expect(Descriptors.SM2007_AddColumnRewritesTable, project.Last, "AddColumn", AddColumnOccurrence(project, column))
                    .WithArguments(column, "Accounts", AddColumnRewriteRuleTests.SqlServerLargeObjectDefault(column, type, "Accounts")));
            }
        }

        await VerifyAsync(project, expected.OrderBy(d => d.Spans[0].Span.StartLinePosition.Line).ToArray());
    }

    [Theory]
    [InlineData(TestProvider.PostgreSql)]
    [InlineData(TestProvider.SqlServer)]
    [InlineData(TestProvider.Sqlite)]
    public async Task Fires_when_a_hand_edit_leaves_no_default(TestProvider provider)
    {
        var project = AddPoints(provider);
        project.WithMigrationCode(project.Last, code => code.Replace(ScaffoldedPointsDefault, "nullable: false);"));

        Assert.DoesNotContain("defaultValue: 0", project.SourceOf(project.Last).Substring(0, project.SourceOf(project.Last).IndexOf("void Down", StringComparison.Ordinal)));
        await VerifyAsync(project, project.Expect(Descriptors.SM1007_AddRequiredColumn, project.Last, "AddColumn").WithArguments("Points", "Customers", NoDefault(provider, "Points")));
    }

    [Fact]
    public async Task Fires_when_nullable_is_left_out_since_its_default_is_false()
    {
        var project = AddPoints(TestProvider.PostgreSql);
        project.WithMigrationCode(project.Last, code => code.Replace("\n                " + ScaffoldedPointsDefault, "\n                defaultValue: 0);"));

        Assert.DoesNotContain(ScaffoldedPointsDefault, project.SourceOf(project.Last));
        await VerifyAsync(project, project.Expect(Descriptors.SM1007_AddRequiredColumn, project.Last, "AddColumn").WithArguments("Points", "Customers", Placeholder("0")));
    }

    [Theory]
    [InlineData("Guid.Empty")]
    [InlineData("System.Guid.Empty")]
    [InlineData("DateTime.MinValue")]
    [InlineData("new DateTime(1, 1, 1)")]
    [InlineData("0u")]
    [InlineData("(long)0")]
    public async Task Fires_on_hand_written_spellings_of_a_placeholder(string placeholder)
    {
        var project = AddPoints(TestProvider.SqlServer);
        project.WithMigrationCode(project.Last, code => "using System;\n" + code.Replace(ScaffoldedPointsDefault, $"nullable: false,\n                defaultValue: {placeholder});"));

        await VerifyAsync(project, project.Expect(Descriptors.SM1007_AddRequiredColumn, project.Last, "AddColumn").WithArguments("Points", "Customers", Placeholder(placeholder)));
    }

    [Theory]
    [InlineData("defaultValue: 10")]
    [InlineData("defaultValue: PointsDefault")]
    [InlineData("defaultValueSql: \"0\"")]
    [InlineData("computedColumnSql: \"1\"")]
    public async Task Stays_quiet_with_a_real_default_or_a_value_from_the_database(string replacement)
    {
        var project = AddPoints(TestProvider.PostgreSql);
        project.WithMigrationCode(project.Last, code => code
            .Replace(ScaffoldedPointsDefault, $"nullable: false,\n                {replacement});")
            .Replace("        protected override void Up(", "        private static readonly int PointsDefault = 0;\n\n        protected override void Up("));

        Assert.Contains(replacement, project.SourceOf(project.Last));
        await VerifyAsync(project);
    }

    [Fact]
    public async Task Stays_quiet_for_an_identity_column()
    {
        var project = AddPoints(TestProvider.SqlServer);
        project.WithMigrationCode(project.Last, code => code.Replace(ScaffoldedPointsDefault, "nullable: false)\n                .Annotation(\"SqlServer:Identity\", \"1, 1\");"));

        Assert.Contains("SqlServer:Identity", project.SourceOf(project.Last));

        // Numbering every existing row is SM2007's concern, not this rule's.
        await VerifyAsync(project, "dotnet_diagnostic.SM2007.severity = none");
    }

    [Theory]
    [InlineData(TestProvider.PostgreSql)]
    [InlineData(TestProvider.SqlServer)]
    [InlineData(TestProvider.Sqlite)]
    public async Task Stays_quiet_for_a_nullable_column(TestProvider provider)
    {
        var project = MigrationProject.Scaffold(provider, ("Initial", Models.CustomersWithoutEmail), ("AddEmail", Models.Customers));

        Assert.Contains("nullable: true);", project.SourceOf(project.Last));
        await VerifyAsync(project);
    }

    [Theory]
    [InlineData(TestProvider.PostgreSql)]
    [InlineData(TestProvider.SqlServer)]
    [InlineData(TestProvider.Sqlite)]
    public async Task Stays_quiet_when_the_table_is_created_in_the_same_migration(TestProvider provider)
    {
        var project = MigrationProject.Scaffold(provider, ("Initial", Models.CustomersWithoutPoints), ("AddPoints", Models.Customers));
        project.WithMigrationCode(project.Last, code => code
            .Replace("            migrationBuilder.AddColumn<int>(", "            migrationBuilder.CreateTable(name: \"Customers2\", columns: table => new { Id = table.Column<int>(nullable: false) });\n            migrationBuilder.AddColumn<int>(")
            .Replace("table: \"Customers\",", "table: \"Customers2\","));

        Assert.Contains("table: \"Customers2\",", project.SourceOf(project.Last));
        await VerifyAsync(project);
    }

    [Theory]
    [InlineData(TestProvider.PostgreSql)]
    [InlineData(TestProvider.SqlServer)]
    [InlineData(TestProvider.Sqlite)]
    public async Task Stays_quiet_for_required_columns_of_a_new_table(TestProvider provider)
    {
        var project = MigrationProject.Scaffold(provider, ("Initial", Accounts));

        await VerifyAsync(project);
    }

    [Fact]
    public async Task Still_fires_after_start_after()
    {
        var project = AddPoints(TestProvider.Sqlite);

        await VerifyAsync(
            project,
            "safe_migrations.start_after = " + project.History[0].Id,
            project.Expect(Descriptors.SM1007_AddRequiredColumn, project.Last, "AddColumn").WithArguments("Points", "Customers", Placeholder("0")));
    }

    [Fact]
    public async Task Uses_the_provider_of_the_ActiveProvider_branch()
    {
        // A PostgreSQL project whose column without default sits in a SQLite-only branch: the SQLite message.
        var project = AddPoints(TestProvider.PostgreSql);
        project.WithMigrationCode(project.Last, code => "using Microsoft.EntityFrameworkCore;\n" + code
            .Replace(ScaffoldedPointsDefault, "nullable: false);\n            }")
            .Replace("            migrationBuilder.AddColumn<int>(", "            if (migrationBuilder.IsSqlite())\n            {\n            migrationBuilder.AddColumn<int>("));

        Assert.Contains("if (migrationBuilder.IsSqlite())", project.SourceOf(project.Last));
        await VerifyAsync(project, project.Expect(Descriptors.SM1007_AddRequiredColumn, project.Last, "AddColumn").WithArguments("Points", "Customers", NoDefault(TestProvider.Sqlite, "Points")));
    }
}
