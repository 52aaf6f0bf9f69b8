using Microsoft.EntityFrameworkCore;
using SafeMigrations.Analyzers.Rules;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.TestKit.Scaffolding;
using static SafeMigrations.Analyzers.Tests.Verifiers.AnalyzerVerifier;

namespace SafeMigrations.Analyzers.Tests.Rules;

public class ChangeColumnTypeRuleTests
{
    // EF rebuilds the table for every SQLite AlterColumn: that is SM2008\'s info, not what these tests are about.
    private const string RebuildInfoOff = "dotnet_diagnostic.SM2008.severity = none";

    private const string OldAppInt = "The running app version still reads and writes 'Points' as int, not long, from the moment the migration applies.";

    private static MigrationProject WidenPoints(TestProvider provider) =>
        MigrationProject.Scaffold(provider, ("Initial", TypeModels.Ledgers), ("WidenPoints", TypeModels.WideLedgers));

    public static TheoryData<TestProvider, string, string> IntToBigint => new()
    {
        {
            TestProvider.PostgreSql,
            "integer",
            "makes PostgreSQL rewrite the whole table 'Ledgers' and rebuild its indexes under an ACCESS EXCLUSIVE lock, which blocks reads and writes until it finishes."
        },
        {
            TestProvider.SqlServer,
            "int",
            "makes SQL Server change every row of 'Ledgers' under a schema-modification lock, which blocks all reads and writes until it finishes."
        },
    };

    [Theory]
    [MemberData(nameof(IntToBigint))]
    public async Task Fires_on_a_scaffolded_int_to_long_change(TestProvider provider, string oldType, string consequence)
    {
        var project = WidenPoints(provider);

        Assert.Contains("oldClrType: typeof(int)", project.SourceOf(project.Last));
        await VerifyAsync(project, project.Expect(Descriptors.SM1005_ChangeColumnType, project.Last, "AlterColumn")
            .WithArguments("Points", "Ledgers", oldType, "bigint", consequence + " " + OldAppInt));
    }

    [Fact]
    public async Task Stays_quiet_on_SQLite_for_int_to_long_whose_affinity_stays_INTEGER()
    {
        // EF scaffolds nothing for int -> long on SQLite; with HasColumnType("bigint") it scaffolds INTEGER -> bigint.
        var project = MigrationProject.Scaffold(TestProvider.Sqlite, ("Initial", Models.Customers), ("PointsBigint", TypeModels.PointsAsBigint));

        // The Designer's mix of "bigint" and SQLite's types hides the provider: say it.
        Assert.Contains("oldType: \"INTEGER\"", project.SourceOf(project.Last));
        await VerifyAsync(project, "safe_migrations.provider = sqlite\n" + RebuildInfoOff);
    }

    [Fact]
    public async Task Fires_on_SQLite_when_the_storage_affinity_changes()
    {
        var project = MigrationProject.Scaffold(TestProvider.Sqlite, ("Initial", Models.Customers), ("PointsText", TypeModels.PointsAsText));

        await VerifyAsync(project, RebuildInfoOff, project.Expect(Descriptors.SM1005_ChangeColumnType, project.Last, "AlterColumn").WithArguments(
            "Points",
            "Customers",
            "INTEGER",
            "TEXT",
            "changes its SQLite storage affinity from INTEGER to TEXT: EF rebuilds 'Customers', and the copy converts each value it can to the new affinity and keeps the rest as they were, so the column can end up holding mixed types. "
            + "The running app version still reads and writes 'Points' as int, not string, from the moment the migration applies."));
    }

    [Fact]
    public async Task Fires_on_PostgreSQL_for_a_store_type_change_under_a_value_converter()
    {
        var project = MigrationProject.Scaffold(TestProvider.PostgreSql, ("Initial", Models.Customers), ("PointsText", TypeModels.PointsAsText));

        await VerifyAsync(project, project.Expect(Descriptors.SM1005_ChangeColumnType, project.Last, "AlterColumn").WithArguments(
            "Points",
            "Customers",
            "integer",
            "character varying(64)",
            "makes PostgreSQL rewrite the whole table 'Customers' and rebuild its indexes under an ACCESS EXCLUSIVE lock, which blocks reads and writes until it finishes. "
            + "The running app version still reads and writes 'Points' as int, not string, from the moment the migration applies."));
    }

    [Fact]
    public async Task Fires_on_SQLite_for_double_to_decimal_which_EF_stores_as_TEXT()
    {
        var project = MigrationProject.Scaffold(TestProvider.Sqlite, ("Initial", TypeModels.Items), ("PriceAsDecimal", TypeModels.DecimalItems));

        await VerifyAsync(project, RebuildInfoOff, project.Expect(Descriptors.SM1005_ChangeColumnType, project.Last, "AlterColumn").WithArguments(
            "Price",
            "Items",
            "REAL",
            "TEXT",
            "changes its SQLite storage affinity from REAL to TEXT: EF rebuilds 'Items', and the copy converts each value it can to the new affinity and keeps the rest as they were, so the column can end up holding mixed types. "
            + "The running app version still reads and writes 'Price' as double, not decimal, from the moment the migration applies."));
    }

    [Fact]
    public async Task Says_when_PostgreSQL_could_skip_the_rewrite_of_timestamp_to_timestamptz()
    {
        // Hand edit: the same column, DateTime both sides, from timestamp to timestamptz (as Npgsql 6's UTC mapping scaffolds).
        var project = WidenPoints(TestProvider.PostgreSql);
        project.WithMigrationCode(project.Last, code => code
            .Replace("AlterColumn<long>", "AlterColumn<System.DateTime>").Replace("AlterColumn<int>", "AlterColumn<System.DateTime>")
            .Replace("typeof(int)", "typeof(System.DateTime)").Replace("typeof(long)", "typeof(System.DateTime)")
            .Replace("\"integer\"", "\"timestamp without time zone\"").Replace("\"bigint\"", "\"timestamp with time zone\""), keepsDownInStep: true);

        await VerifyAsync(project, project.Expect(Descriptors.SM1005_ChangeColumnType, project.Last, "AlterColumn").WithArguments(
            "Points",
            "Ledgers",
            "timestamp without time zone",
            "timestamp with time zone",
            "makes PostgreSQL rewrite the whole table 'Ledgers' and rebuild its indexes under an ACCESS EXCLUSIVE lock, which blocks reads and writes until it finishes (PostgreSQL 12+ skips the rewrite between timestamp and timestamptz only when the session time zone is UTC, which a migration cannot count on)."));
    }

    [Theory]
    [InlineData(TestProvider.PostgreSql)]
    [InlineData(TestProvider.SqlServer)]
    [InlineData(TestProvider.Sqlite)]
    public async Task Stays_quiet_for_a_longer_varchar_on_an_unindexed_column(TestProvider provider)
    {
        var project = MigrationProject.Scaffold(provider, ("Initial", TypeModels.EmailOf(100)), Models.Step("WidenEmail", TypeModels.EmailOf(200)));

        await VerifyAsync(project);
    }

    [Fact]
    public async Task Stays_quiet_on_PostgreSQL_for_a_longer_varchar_on_an_indexed_column()
    {
        var project = MigrationProject.Scaffold(TestProvider.PostgreSql, ("Initial", TypeModels.EmailOf(100, indexed: true)), Models.Step("WidenEmail", TypeModels.EmailOf(200, indexed: true)));

        await VerifyAsync(project);
    }

    [Fact]
    public async Task Fires_on_SQL_Server_for_a_longer_nvarchar_on_an_indexed_column()
    {
        var project = MigrationProject.Scaffold(TestProvider.SqlServer, ("Initial", TypeModels.EmailOf(100, indexed: true)), Models.Step("WidenEmail", TypeModels.EmailOf(200, indexed: true)));

        await VerifyAsync(project, EmailIndexRebuilt(project));
    }

    private static Microsoft.CodeAnalysis.Testing.DiagnosticResult EmailIndexRebuilt(MigrationProject project) =>
        project.Expect(Descriptors.SM1005_ChangeColumnType, project.Last, "AlterColumn").WithArguments(
            "Email",
            "Customers",
            "nvarchar(100)",
            "nvarchar(200)",
            "only changes metadata on its own, but EF drops and re-creates every index on 'Email' around it, and SQL Server rebuilds them offline, blocking writes to 'Customers' until they finish.");

    /// <summary>A column that an index only includes (IncludeProperties): EF drops and re-creates that index around the change too.</summary>
    [Fact]
    public async Task Fires_on_SQL_Server_for_a_longer_nvarchar_that_an_index_includes()
    {
        static Action<ModelBuilder> Included(int length) => m => m.Entity<Customer>(b =>
        {
            b.ToTable("Customers");
            b.Ignore(c => c.Orders);
            b.Property(c => c.Email).HasMaxLength(length);
            SqlServerIndexBuilderExtensions.IncludeProperties(b.HasIndex(c => c.Points), c => c.Email);
        });
        var project = MigrationProject.Scaffold(TestProvider.SqlServer, ("Initial", Included(100)), Models.Step("WidenEmail", Included(200)));
        Assert.Contains("IncludeProperties", project.History[0].DesignerCode);

        await VerifyAsync(project, EmailIndexRebuilt(project));
    }

    private static Action<ModelBuilder> Label(string? sql, bool? stored) => m => m.Entity<Customer>(b =>
    {
        b.ToTable("Customers");
        b.Ignore(c => c.Orders);
        var label = b.Property<string>("Label");
        if (sql is not null)
        {
            label.HasComputedColumnSql(sql, stored);
        }
    });

    /// <summary>
    /// A computed column's expression or stored flag changed: EF's generators drop the column and add it again. Made plain,
    /// every value is lost; stored, every row is computed again under the table's lock; virtual to virtual is metadata.
    /// </summary>
    [Theory]
    [InlineData(TestProvider.PostgreSql, "\"Name\" || 'x'", true, "\"Name\" || 'y'", true, "nvarchar", "changes how a stored computed column is computed: EF drops the column and adds it again, and the database computes it for every row of 'Customers' (and rebuilds its indexes) under an ACCESS EXCLUSIVE lock, which blocks reads and writes until it finishes.")]
    [InlineData(TestProvider.SqlServer, "[Name] + 'x'", true, "[Name] + 'y'", true, "nvarchar", "changes how a stored computed column is computed: EF drops the column and adds it again, and the database computes it for every row of 'Customers' (and rebuilds its indexes) under a schema-modification lock, which blocks reads and writes until it finishes.")]
    [InlineData(TestProvider.SqlServer, "[Name] + 'x'", false, null, null, "nvarchar", "stops computing it: EF drops the column and adds it again as a plain column, so every value it held is lost (the new column starts NULL or at its default, and a NOT NULL one without a default fails on a table with rows).")]
    [InlineData(TestProvider.PostgreSql, "\"Name\" || 'x'", true, null, null, "nvarchar", "stops computing it: EF drops the column and adds it again as a plain column, so every value it held is lost (the new column starts NULL or at its default, and a NOT NULL one without a default fails on a table with rows).")]
    [InlineData(TestProvider.SqlServer, null, null, "[Name] + 'x'", false, "nvarchar", "makes it computed: EF drops the column with every value written to it and adds it again computed; the running app's writes to it fail from then on.")]
    public async Task Fires_when_a_computed_column_changes_how_it_is_computed(TestProvider provider, string? oldSql, bool? oldStored, string? newSql, bool? newStored, string _, string consequence)
    {
        var project = MigrationProject.Scaffold(provider, ("Initial", Label(oldSql, oldStored)), Models.Step("ChangeLabel", Label(newSql, newStored)));
        var code = project.SourceOf(project.Last);
        Assert.Contains("AlterColumn<string>(", code);
        var type = provider == TestProvider.PostgreSql ? "text" : "nvarchar(max)";

        // The message says "stored" as the migration does (Npgsql leaves oldStored out when the column stops being computed).
        static string Computed(string? sql, bool stored) => sql is null ? " (not computed)" : $" computed as {sql}{(stored ? ", stored" : string.Empty)}";
        var up = code.Substring(0, code.IndexOf("void Down(", StringComparison.Ordinal));
        var (oldShown, newShown) = (up.Contains("oldStored: true"), up.Contains("\n                stored: true"));
        Assert.Equal(newStored == true, newShown);
        await VerifyAsync(project, project.Expect(Descriptors.SM1005_ChangeColumnType, project.Last, "AlterColumn")
            .WithArguments("Label", "Customers", type + Computed(oldSql, oldShown), type + Computed(newSql, newShown), consequence));
    }

    [Fact]
    public async Task Stays_quiet_on_SQL_Server_when_a_virtual_computed_column_changes_its_expression()
    {
        var project = MigrationProject.Scaffold(TestProvider.SqlServer, ("Initial", Label("[Name] + 'x'", false)), Models.Step("ChangeLabel", Label("[Name] + 'y'", false)));
        Assert.Contains("oldComputedColumnSql: \"[Name] + 'x'\"", project.SourceOf(project.Last));

        await VerifyAsync(project);
    }

    // MySQL: no scaffolder runs on EF Core 10 (Pomelo 9), so these take SQL Server's migration and write Pomelo's store types in.
    [Theory]
    [InlineData("varchar(20)", "varchar(63)", null)]
    [InlineData("varchar(100)", "varchar(200)", null)]
    [InlineData("varchar(20)", "varchar(64)", "moves the column's length across VARCHAR's 255-byte length-prefix boundary, so MySQL cannot extend it in place: it copies the whole table 'Customers' (ALGORITHM=COPY), which blocks writes until the copy finishes.")]
    [InlineData("varchar(100)", "longtext", "makes MySQL copy the whole table 'Customers' (ALGORITHM=COPY), which blocks writes until the copy finishes.")]
    public async Task MySQL_extends_a_varchar_in_place_only_within_its_length_prefix_class(string oldType, string newType, string? consequence)
    {
        var project = MigrationProject.Scaffold(TestProvider.SqlServer, ("Initial", TypeModels.EmailOf(100)), Models.Step("WidenEmail", TypeModels.EmailOf(200)));
        project.WithMigrationCode(project.Last, code => code
            .Replace("type: \"nvarchar(200)\"", $"type: \"{newType}\"").Replace("oldType: \"nvarchar(100)\"", $"oldType: \"{oldType}\"")
            .Replace("type: \"nvarchar(100)\"", $"type: \"{oldType}\"").Replace("oldType: \"nvarchar(200)\"", $"oldType: \"{newType}\""), keepsDownInStep: true);

        var expected = consequence is null
            ? Array.Empty<Microsoft.CodeAnalysis.Testing.DiagnosticResult>()
            : new[] { project.Expect(Descriptors.SM1005_ChangeColumnType, project.Last, "AlterColumn").WithArguments("Email", "Customers", oldType, newType, consequence) };
        await VerifyAsync(project, "safe_migrations.provider = mysql", expected);
    }

    [Theory]
    [InlineData(null, true)] // utf8mb4: 200 -> 400 bytes crosses 255
    [InlineData("latin1", false)] // 50 -> 100 bytes: one length byte both sides
    public async Task MySQL_counts_the_character_set_bytes(string? charSet, bool fires)
    {
        var project = MigrationProject.Scaffold(TestProvider.SqlServer, ("Initial", TypeModels.EmailOf(100)), Models.Step("WidenEmail", TypeModels.EmailOf(200)));
        project.WithMigrationCode(project.Last, code => code
            .Replace("nvarchar(200)", "varchar(100)").Replace("nvarchar(100)", "varchar(50)")
            .Replace("oldNullable: true);\n        }\n\n        /// <inheritdoc />\n        protected override void Down", $"oldNullable: true){(charSet is null ? string.Empty : $"\n                .Annotation(\"MySql:CharSet\", \"{charSet}\")")};\n        }}\n\n        /// <inheritdoc />\n        protected override void Down"), keepsDownInStep: charSet is null);

        var expected = fires
            ? new[]
            {
                project.Expect(Descriptors.SM1005_ChangeColumnType, project.Last, "AlterColumn").WithArguments(
                    "Email",
                    "Customers",
                    "varchar(50)",
                    "varchar(100)",
                    "moves the column's length across VARCHAR's 255-byte length-prefix boundary, so MySQL cannot extend it in place: it copies the whole table 'Customers' (ALGORITHM=COPY), which blocks writes until the copy finishes."),
            }
            : Array.Empty<Microsoft.CodeAnalysis.Testing.DiagnosticResult>();
        await VerifyAsync(project, "safe_migrations.provider = mysql", expected);
    }

    [Fact]
    public async Task Fires_for_a_store_type_change_that_keeps_the_values()
    {
        var project = MigrationProject.Scaffold(TestProvider.PostgreSql, ("Initial", Models.Customers), ("PointsBigint", TypeModels.PointsAsBigint));

        await VerifyAsync(project, project.Expect(Descriptors.SM1005_ChangeColumnType, project.Last, "AlterColumn").WithArguments(
            "Points",
            "Customers",
            "integer",
            "bigint",
            "makes PostgreSQL rewrite the whole table 'Customers' and rebuild its indexes under an ACCESS EXCLUSIVE lock, which blocks reads and writes until it finishes. " + OldAppInt));
    }

    [Fact]
    public async Task Small_tables_keep_only_the_running_app_part()
    {
        var project = WidenPoints(TestProvider.PostgreSql);

        await VerifyAsync(project, "safe_migrations.small_tables = Ledgers", project.Expect(Descriptors.SM1005_ChangeColumnType, project.Last, "AlterColumn")
            .WithArguments("Points", "Ledgers", "integer", "bigint", "changes the CLR type the app maps it to. " + OldAppInt));
    }

    [Fact]
    public async Task Stays_quiet_for_small_tables_when_the_CLR_type_stays()
    {
        // A hand-written store type change (numeric precision and scale both grow) keeps the CLR type decimal.
        var project = MigrationProject.Scaffold(TestProvider.PostgreSql, ("Initial", TypeModels.AmountOf(18, 2)), Models.Step("Amount", TypeModels.AmountOf(20, 4)));

        Assert.Contains("oldType: \"numeric(18,2)\"", project.SourceOf(project.Last));
        await VerifyAsync(project, "safe_migrations.small_tables = Ledgers");
        await VerifyAsync(project, project.Expect(Descriptors.SM1005_ChangeColumnType, project.Last, "AlterColumn").WithArguments(
            "Amount",
            "Ledgers",
            "numeric(18,2)",
            "numeric(20,4)",
            "makes PostgreSQL rewrite the whole table 'Ledgers' and rebuild its indexes under an ACCESS EXCLUSIVE lock, which blocks reads and writes until it finishes."));
    }

    [Fact]
    public async Task Stays_quiet_for_a_table_created_in_the_same_migration()
    {
        var project = WidenPoints(TestProvider.PostgreSql);
        project.WithMigrationCode(project.Last, code => code
            .Replace("            migrationBuilder.AlterColumn<long>(", "            migrationBuilder.CreateTable(name: \"Ledgers2\", columns: table => new { Id = table.Column<int>(nullable: false), Points = table.Column<int>(nullable: false) });\n            migrationBuilder.AlterColumn<long>(")
            .Replace("table: \"Ledgers\",\n                type: \"bigint\"", "table: \"Ledgers2\",\n                type: \"bigint\""));

        Assert.Contains("table: \"Ledgers2\"", project.SourceOf(project.Last));
        await VerifyAsync(project);
    }

    [Fact]
    public async Task The_provider_setting_wins_over_the_Designer()
    {
        // PostgreSQL's integer -> bigint analysed as SQLite: both INTEGER affinity, and SQLite enforces no range.
        await VerifyAsync(WidenPoints(TestProvider.PostgreSql), "safe_migrations.provider = sqlite\n" + RebuildInfoOff);
    }

    [Fact]
    public async Task Uses_the_provider_of_the_ActiveProvider_branch()
    {
        var project = WidenPoints(TestProvider.SqlServer);
        project.WithMigrationCode(project.Last, code => "using Microsoft.EntityFrameworkCore;\n" + code
            .Replace("            migrationBuilder.AlterColumn<long>(", "            if (migrationBuilder.IsNpgsql())\n            {\n            migrationBuilder.AlterColumn<long>(")
            .Replace("                oldType: \"int\");\n        }", "                oldType: \"int\");\n            }\n        }"));

        Assert.Contains("if (migrationBuilder.IsNpgsql())", project.SourceOf(project.Last));
        await VerifyAsync(project, project.Expect(Descriptors.SM1005_ChangeColumnType, project.Last, "AlterColumn").WithArguments(
            "Points",
            "Ledgers",
            "int",
            "bigint",
            "makes PostgreSQL rewrite the whole table 'Ledgers' and rebuild its indexes under an ACCESS EXCLUSIVE lock, which blocks reads and writes until it finishes. " + OldAppInt));
    }

    [Fact]
    public async Task Falls_back_to_the_previous_model_when_oldType_is_missing()
    {
        var project = WidenPoints(TestProvider.PostgreSql);
        project.WithMigrationCode(project.Last, code => code.Replace(
            "                oldClrType: typeof(int),\n                oldType: \"integer\");",
            "                oldClrType: typeof(int));"));

        Assert.DoesNotContain("oldType: \"integer\"", project.SourceOf(project.Last));
        await VerifyAsync(project, project.Expect(Descriptors.SM1005_ChangeColumnType, project.Last, "AlterColumn").WithArguments(
            "Points",
            "Ledgers",
            "integer",
            "bigint",
            "makes PostgreSQL rewrite the whole table 'Ledgers' and rebuild its indexes under an ACCESS EXCLUSIVE lock, which blocks reads and writes until it finishes. " + OldAppInt));
    }

    [Fact]
    public async Task Stays_quiet_when_nothing_tells_the_old_type()
    {
        // Only the new CLR type is known: no oldType, no oldClrType and no previous model to read them from.
        var project = WidenPoints(TestProvider.PostgreSql);
        project.WithMigrationCode(project.Last, code => code.Replace(
            "                oldClrType: typeof(int),\n                oldType: \"integer\");",
            "                oldNullable: false);"));
        project.Sources.RemoveAll(s => s.Path.EndsWith("_Initial.Designer.cs", StringComparison.Ordinal));

        await VerifyAsync(project);
    }
}
