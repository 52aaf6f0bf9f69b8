using Microsoft.EntityFrameworkCore;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.CodeFixes;
using SafeMigrations.TestKit.Scaffolding;
using static SafeMigrations.Analyzers.Tests.CodeFixes.FixHarness;

namespace SafeMigrations.Analyzers.Tests.CodeFixes;

/// <summary>The fixes that add or fill data without a long lock: SM2006, SM2007, SM4002.</summary>
public class BackfillFixTests
{
    internal static MigrationProject AddToken(TestProvider provider, string sql, string property = nameof(Member.Token)) =>
        Scaffold(provider, ("Initial", LockModels.Members([])), ("AddToken", LockModels.Members([property], b => b.Property(property).HasDefaultValueSql(sql))));

    internal static MigrationProject UniquePoints(bool withOtherChange) =>
        Scaffold(TestProvider.PostgreSql, ("Initial", Models.Customers), ("AddUniquePoints", m =>
        {
            LockModels.CustomersWithUniquePoints(m);
            if (withOtherChange)
            {
                m.Entity<Customer>(b => b.Property<int>("Visits"));
            }
        }));

    [Fact]
    public async Task SM2006_alone_becomes_AddUniqueConstraintUsingIndex_in_place()
    {
        var project = UniquePoints(withOtherChange: false);

        var fixedProject = await FixAsync(project, TestProvider.PostgreSql, new AddUniqueConstraintUsingIndexFix(), "SM2006");

        Assert.Contains("migrationBuilder.AddUniqueConstraintUsingIndex(\n                name: \"AK_Customers_Points\",\n                table: \"Customers\",\n                columns: new[] { \"Points\" });",
            fixedProject.Source(MigrationProject.PathOf(project.Last)));
    }

    [Fact]
    public async Task SM2006_beside_other_operations_moves_into_a_new_migration_and_the_Designer_loses_the_key()
    {
        var project = UniquePoints(withOtherChange: true);
        var source = project.Last;

        var fixedProject = await FixAsync(project, TestProvider.PostgreSql, new AddUniqueConstraintUsingIndexFix(), "SM2006");

        Assert.DoesNotContain("UniqueConstraint", fixedProject.Source(MigrationProject.PathOf(source)));
        var id = IdAfter(source, "AddUniquePointsUniqueConstraints");
        Assert.Contains("AddUniqueConstraintUsingIndex(", fixedProject.Source("/Migrations/" + id + ".cs"));
        Assert.Empty(ModelOf(fixedProject.SourceEndingWith(source.DesignerFileName)).Table("Customers")!.UniqueConstraints);
        Assert.Equal(ModelOf(source.SnapshotCode) with { MigrationId = null }, ModelOf(fixedProject.Source("/Migrations/" + id + ".Designer.cs")) with { MigrationId = null });
    }

    /// <summary>
    /// Orders given a foreign key onto Customers.Points (HasPrincipalKey): EF scaffolds AddUniqueConstraint and AddForeignKey
    /// onto it in one migration, and moving the key into a later migration would fail the foreign key. No fix.
    /// </summary>
    [Fact]
    public async Task SM2006_gets_no_fix_when_a_foreign_key_of_the_migration_references_the_key()
    {
        var project = Scaffold(TestProvider.PostgreSql, ("Initial", LockModels.CustomersAndUnrelatedOrders), ("OrdersByPoints", m =>
        {
            m.Entity<Customer>(b => b.ToTable("Customers"));
            m.Entity<Order>(b => { b.ToTable("Orders"); b.HasOne(o => o.Customer).WithMany(c => c.Orders).HasForeignKey(o => o.CustomerId).HasPrincipalKey(c => c.Points); });
        }));
        var up = project.SourceOf(project.Last);
        Assert.Contains("AddUniqueConstraint(", up, StringComparison.Ordinal);
        Assert.Contains("principalColumn: \"Points\"", up, StringComparison.Ordinal);

        await AssertNoFixAsync(project, TestProvider.PostgreSql, new AddUniqueConstraintUsingIndexFix(), "SM2006");
    }

    [Fact]
    public async Task SM2007_NOT_NULL_adds_the_column_nullable_with_its_default_then_backfills_and_enforces_it()
    {
        var project = AddToken(TestProvider.PostgreSql, "gen_random_uuid()");
        var source = project.Last;

        var fixedProject = await FixAsync(project, TestProvider.PostgreSql, new AddColumnWithoutRewriteFix(), "SM2007");

        var main = fixedProject.Source(MigrationProject.PathOf(source));
        Assert.Contains("migrationBuilder.AddColumn<Guid>(\n                name: \"Token\",\n                table: \"Members\",\n                type: \"uuid\",\n                nullable: true);", main);
        Assert.Contains("migrationBuilder.AlterColumn<Guid>(\n                name: \"Token\",\n                table: \"Members\",\n                type: \"uuid\",\n                nullable: true,\n                defaultValueSql: \"gen_random_uuid()\",\n                oldClrType: typeof(Guid),\n                oldType: \"uuid\",\n                oldNullable: true);", main);
        var added = fixedProject.Source("/Migrations/" + IdAfter(source, "AddTokenBackfill") + ".cs");
        Assert.Contains("migrationBuilder.BackfillInBatches(\n                table: \"Members\",\n                setSql: \"\\\"Token\\\" = gen_random_uuid()\",\n                whereSql: \"\\\"Token\\\" IS NULL\",\n                batchSize: 1000);", added);
        Assert.Contains("migrationBuilder.SetNotNullSafely(\n                table: \"Members\",\n                column: \"Token\");", added);

        // The expand's model has the column nullable; the new migration's is the original, NOT NULL.
        var expand = ModelOf(fixedProject.SourceEndingWith(source.DesignerFileName)).Table("Members")!.Column("Token")!;
        Assert.True(expand.IsNullable);
        Assert.Equal("gen_random_uuid()", expand.DefaultValueSql);
        Assert.Equal(ModelOf(source.SnapshotCode) with { MigrationId = null }, ModelOf(fixedProject.Source("/Migrations/" + IdAfter(source, "AddTokenBackfill") + ".Designer.cs")) with { MigrationId = null });
    }

    [Fact]
    public async Task SM2007_on_SQL_Server_passes_the_column_type_to_SetNotNullSafely()
    {
        var project = AddToken(TestProvider.SqlServer, "NEWID()");

        var fixedProject = await FixAsync(project, TestProvider.SqlServer, new AddColumnWithoutRewriteFix(), "SM2007");

        var added = fixedProject.Source("/Migrations/" + IdAfter(project.Last, "AddTokenBackfill") + ".cs");
        Assert.Contains("setSql: \"[Token] = NEWID()\"", added);
        Assert.Contains("columnType: \"uniqueidentifier\");", added);
    }

    [Fact]
    public async Task SM2007_nullable_column_only_backfills()
    {
        var project = AddToken(TestProvider.PostgreSql, "gen_random_uuid()", nameof(Member.OptionalToken));

        var fixedProject = await FixAsync(project, TestProvider.PostgreSql, new AddColumnWithoutRewriteFix(), "SM2007");

        var added = fixedProject.Source("/Migrations/" + IdAfter(project.Last, "AddTokenBackfill") + ".cs");
        Assert.Contains("BackfillInBatches(", added);
        Assert.DoesNotContain("SetNotNullSafely", added);
        Assert.Equal(project.Last.DesignerCode, fixedProject.SourceEndingWith(project.Last.DesignerFileName));
    }

    [Fact]
    public async Task SM2007_on_SQLite_and_for_computed_columns_gets_no_fix()
    {
        await AssertNoFixAsync(AddToken(TestProvider.Sqlite, "(randomblob(16))"), TestProvider.Sqlite, new AddColumnWithoutRewriteFix(), "SM2007");
        var computed = Scaffold(TestProvider.PostgreSql, ("Initial", LockModels.Members([nameof(Member.Score)])), ("AddDouble", LockModels.Members([nameof(Member.Score), nameof(Member.DoubleScore)], b => b.Property(m => m.DoubleScore).HasComputedColumnSql("\"Score\" * 2", stored: true))));
        await AssertNoFixAsync(computed, TestProvider.PostgreSql, new AddColumnWithoutRewriteFix(), "SM2007");
    }

    [Theory]
    [InlineData(TestProvider.PostgreSql, "UPDATE \\\"Customers\\\" SET \\\"Visits\\\" = 1, \\\"Email\\\" = NULL;", "((\\\"Visits\\\")::text COLLATE \\\"C\\\") IS DISTINCT FROM (CAST(1 AS integer))::text OR \\\"Email\\\" IS NOT NULL")]
    [InlineData(TestProvider.SqlServer, "UPDATE [Customers] SET [Visits] = 1;", "([Visits] IS NULL OR CAST([Visits] AS varbinary(max)) <> CAST(CAST(1 AS int) AS varbinary(max)) OR DATALENGTH([Visits]) <> DATALENGTH(CAST(1 AS int)))")]
    [InlineData(TestProvider.SqlServer, "UPDATE [Customers] SET [Email] = N'none';", "([Email] IS NULL OR CAST([Email] AS varbinary(max)) <> CAST(CAST(N'none' AS nvarchar(max)) AS varbinary(max)) OR DATALENGTH([Email]) <> DATALENGTH(CAST(N'none' AS nvarchar(max))))")]
    [InlineData(TestProvider.SqlServer, "UPDATE [Customers] SET [email] = N'none';", "([email] IS NULL OR CAST([email] AS varbinary(max)) <> CAST(CAST(N'none' AS nvarchar(max)) AS varbinary(max)) OR DATALENGTH([email]) <> DATALENGTH(CAST(N'none' AS nvarchar(max))))")] // names are not case-sensitive there
    public async Task SM4002_becomes_BackfillInBatches_in_its_own_migration(TestProvider provider, string sql, string where)
    {
        var project = MoveFixTests.WithStatementAfterAddColumn(provider, "migrationBuilder.Sql(\"" + sql + "\");");

        var fixedProject = await FixAsync(project, provider, new BackfillInBatchesFix(), "SM4002", "dotnet_diagnostic.SM4003.severity = none");

        Assert.DoesNotContain("UPDATE", fixedProject.Source(MigrationProject.PathOf(project.Last)));
        var added = fixedProject.Source("/Migrations/" + IdAfter(project.Last, "AddVisitsBackfill") + ".cs");
        Assert.Contains("[GenerateRollback]", added);
        Assert.Contains("migrationBuilder.BackfillInBatches(\n                table: \"Customers\",", added);
        Assert.Contains("whereSql: \"" + where + "\"", added);
        Assert.Contains("batchSize: 1000);", added); // small batches: a writer waits for one batch's commit at most
    }

    /// <summary>
    /// UPDATE ONLY (PostgreSQL) leaves the inheritance children's rows alone; BackfillInBatches would update them too. The fix
    /// used to drop the ONLY. No fix.
    /// </summary>
    [Fact]
    public async Task SM4002_on_UPDATE_ONLY_gets_no_fix()
    {
        var project = MoveFixTests.WithStatementAfterAddColumn(TestProvider.PostgreSql, "migrationBuilder.Sql(\"UPDATE ONLY \\\"Customers\\\" SET \\\"Visits\\\" = 1;\");");
        Assert.Contains(await FixRunner.For(project.Sources, ProviderConfig(TestProvider.PostgreSql)).DiagnosticsAsync(), d => d.Id == "SM4002");
        await AssertNoFixAsync(project, TestProvider.PostgreSql, new BackfillInBatchesFix(), "SM4002");
    }

    [Fact]
    public async Task SM4002_with_a_value_computed_from_the_row_gets_no_fix()
    {
        // SET Visits = Visits + 1 never stops matching a WHERE written from it: no batched form is honest.
        var project = MoveFixTests.WithStatementAfterAddColumn(TestProvider.PostgreSql, "migrationBuilder.Sql(\"UPDATE \\\"Customers\\\" SET \\\"Visits\\\" = \\\"Visits\\\" + 1;\");");
        await AssertNoFixAsync(project, TestProvider.PostgreSql, new BackfillInBatchesFix(), "SM4002");
    }

    [Fact]
    public async Task SM2002_is_quiet_on_a_migration_of_restartable_helpers_only()
    {
        var project = Scaffold(TestProvider.PostgreSql, ("Initial", Models.Customers), ("Backfill", Models.Customers));
        project.WithMigrationCode(project.Last, code => "using EFCore.SafeMigrations;\n" + code.Replace(
            "protected override void Up(MigrationBuilder migrationBuilder)\n        {\n",
            "protected override void Up(MigrationBuilder migrationBuilder)\n        {\n            migrationBuilder.BackfillInBatches(\"Customers\", \"\\\"Email\\\" = ''\", \"\\\"Email\\\" IS NULL\");\n            migrationBuilder.SetNotNullSafely(\"Customers\", \"Email\");\n"));
        var runner = FixRunner.For(project.Sources, ProviderConfig(TestProvider.PostgreSql));
        Assert.DoesNotContain(await runner.DiagnosticsAsync(), d => d.Id == "SM2002");

        // One non-restartable operation beside them, and SM2002 speaks again.
        project.WithMigrationCode(project.Last, code => code.Replace("migrationBuilder.SetNotNullSafely(", "migrationBuilder.AddColumn<int>(name: \"Visits\", table: \"Customers\", nullable: true);\n            migrationBuilder.SetNotNullSafely("));
        runner = FixRunner.For(project.Sources, ProviderConfig(TestProvider.PostgreSql));
        Assert.Contains(await runner.DiagnosticsAsync(), d => d.Id == "SM2002");
    }
}
