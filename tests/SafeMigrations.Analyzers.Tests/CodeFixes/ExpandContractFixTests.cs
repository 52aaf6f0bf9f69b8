using Microsoft.EntityFrameworkCore;
using SafeMigrations.Analyzers.Infrastructure;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.CodeFixes;
using SafeMigrations.TestKit.Scaffolding;
using static SafeMigrations.Analyzers.Tests.CodeFixes.FixHarness;

namespace SafeMigrations.Analyzers.Tests.CodeFixes;

/// <summary>The expand/contract fixes of the breaking changes (issue: one-click fixes, part 2).</summary>
public class ExpandContractFixTests
{
    public static TheoryData<TestProvider> Providers => new() { TestProvider.PostgreSql, TestProvider.SqlServer, TestProvider.Sqlite };

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task SM1003_moves_the_drop_into_a_contract_and_the_expand_keeps_the_column(TestProvider provider)
    {
        var project = Scaffold(provider, ("Initial", Models.Customers), ("DropEmail", Models.CustomersWithoutEmail));
        var source = project.Last;

        var fixedProject = await FixAsync(project, provider, new DropColumnContractFix(), "SM1003");

        var expand = fixedProject.Source(MigrationProject.PathOf(source));
        Assert.DoesNotContain("DropColumn", expand);
        Assert.DoesNotContain("void Down", expand);
        Assert.Contains("    [GenerateRollback]\n    public partial class DropEmail : Migration", expand);
        var contractId = IdAfter(source, "DropEmailContract");
        var contract = fixedProject.Source("/Migrations/" + contractId + ".cs");
        Assert.Contains($"    [ContractOf(\"{source.Id}\")]\n    [GenerateRollback]\n    public partial class DropEmailContract : Migration", contract);
        Assert.Contains("migrationBuilder.DropColumn(\n                name: \"Email\",\n                table: \"Customers\");", contract);

        // The expand's model still has the column, as the model before it had it; the contract's is the original.
        var expandModel = ModelOf(fixedProject.SourceEndingWith(source.DesignerFileName)).Table("Customers")!;
        Assert.Equal(ModelOf(project.History[0].DesignerCode).Table("Customers")!.Column("Email"), expandModel.Column("Email"));
        Assert.Equal(ModelOf(source.SnapshotCode) with { MigrationId = null }, ModelOf(fixedProject.Source("/Migrations/" + contractId + ".Designer.cs")) with { MigrationId = null });
    }

    [Fact]
    public async Task SM1003_of_a_NOT_NULL_column_without_default_makes_it_nullable_in_the_expand()
    {
        var project = Scaffold(TestProvider.PostgreSql, ("Initial", Models.Customers), ("DropPoints", Models.CustomersWithoutPoints));
        var source = project.Last;

        var fixedProject = await FixAsync(project, TestProvider.PostgreSql, new DropColumnContractFix(), "SM1003");

        var expand = fixedProject.Source(MigrationProject.PathOf(source));
        Assert.Contains("migrationBuilder.AlterColumn<int>(\n                name: \"Points\",\n                table: \"Customers\",\n                type: \"integer\",\n                nullable: true,\n                oldClrType: typeof(int),\n                oldType: \"integer\",\n                oldNullable: false);", expand);
        Assert.True(ModelOf(fixedProject.SourceEndingWith(source.DesignerFileName)).Table("Customers")!.Column("Points")!.IsNullable);
    }

    public sealed class Carrier
    {
        public int Id { get; set; }
    }

    public sealed class Shipment
    {
        public int Id { get; set; }

        public int? CarrierId { get; set; }

        public Carrier? Carrier { get; set; }

        public int? Priority { get; set; }
    }

    /// <summary>A column an index only includes (IncludeProperties): SQL Server refuses its ALTER COLUMN too. No fix.</summary>
    [Fact]
    public async Task SM1008_on_a_column_an_index_includes_gets_no_fix_on_SQL_Server()
    {
        static Action<ModelBuilder> Shipments(bool required) => m => m.Entity<Shipment>(b =>
        {
            b.ToTable("Shipments");
            b.Ignore(s => s.Carrier);
            b.Ignore(s => s.CarrierId);
            SqlServerIndexBuilderExtensions.IncludeProperties(b.HasIndex(s => s.Id, "IX_Shipments_Covering"), s => s.Priority);
            b.Property(s => s.Priority).IsRequired(required);
        });
        var project = Scaffold(TestProvider.SqlServer, ("Initial", Shipments(required: false)), ("RequirePriority", Shipments(required: true)));
        Assert.Contains("IncludeProperties", project.History[0].DesignerCode, StringComparison.Ordinal);

        await AssertNoFixAsync(project, TestProvider.SqlServer, new EnforceNotNullInContractFix(), "SM1008");

        // An index whose filter names the column blocks the ALTER too; one whose filter names another column that merely
        // contains its name (PriorityLevel) does not.
        static Action<ModelBuilder> Filtered(string filter, bool required) => m => m.Entity<Shipment>(b =>
        {
            b.ToTable("Shipments");
            b.Ignore(s => s.Carrier);
            b.Property(s => s.CarrierId).HasColumnName("PriorityLevel");
            b.HasIndex(s => s.Id, "IX_Shipments_Filtered").HasFilter(filter);
            b.Property(s => s.Priority).IsRequired(required);
        });
        // However the filter spells the name: SQL Server reads Priority, [priority] and "PRIORITY" alike.
        foreach (var filter in new[] { "[Priority] IS NOT NULL", "Priority IS NOT NULL", "[priority] > 0", "\"PRIORITY\" <> 2" })
        {
            await AssertNoFixAsync(Scaffold(TestProvider.SqlServer, ("Initial", Filtered(filter, false)), ("RequirePriority", Filtered(filter, true))), TestProvider.SqlServer, new EnforceNotNullInContractFix(), "SM1008");
        }

        // A name inside a string literal is no use of the column.
        var other = Scaffold(TestProvider.SqlServer, ("Initial", Filtered("[PriorityLevel] <> 'Priority'", false)), ("RequirePriority", Filtered("[PriorityLevel] <> 'Priority'", true)));
        Assert.Contains("SetNotNullSafely(", (await FixAsync(other, TestProvider.SqlServer, new EnforceNotNullInContractFix(), "SM1008")).Source("/Migrations/" + IdAfter(other.Last, "RequirePriorityContract") + ".cs"), StringComparison.Ordinal);
    }

    /// <summary>
    /// An optional relationship made required: SQL Server refuses ALTER COLUMN ... NOT NULL on a column its foreign key's
    /// index uses (Msg 5074; EF's own AlterColumn drops and re-creates the index), so SetNotNullSafely would fail at
    /// deployment. No fix there; PostgreSQL's SET NOT NULL does not mind the index, and gets it.
    /// </summary>
    [Theory]
    [InlineData(TestProvider.SqlServer, false)]
    [InlineData(TestProvider.PostgreSql, true)]
    public async Task SM1008_on_an_indexed_column_gets_no_fix_on_SQL_Server(TestProvider provider, bool offered)
    {
        static Action<ModelBuilder> Shipments(bool required) => m => m.Entity<Shipment>(b =>
        {
            b.ToTable("Shipments");
            b.HasOne(s => s.Carrier).WithMany().HasForeignKey(s => s.CarrierId).IsRequired(required);
        });
        var project = Scaffold(provider, ("Initial", Shipments(required: false)), ("RequireCarrier", Shipments(required: true)));
        Assert.Contains("b.HasIndex(\"CarrierId\")", project.History[0].DesignerCode, StringComparison.Ordinal);

        if (offered)
        {
            Assert.Contains("SetNotNullSafely(", (await FixAsync(project, provider, new EnforceNotNullInContractFix(), "SM1008")).Source("/Migrations/" + IdAfter(project.Last, "RequireCarrierContract") + ".cs"), StringComparison.Ordinal);
        }
        else
        {
            await AssertNoFixAsync(project, provider, new EnforceNotNullInContractFix(), "SM1008");
        }
    }

    public sealed class Device
    {
        public int Id { get; set; }

        public System.Net.IPAddress? Address { get; set; }
    }

    /// <summary>
    /// A column whose type needs a using only the Designer before the drop has (System.Net for an inet column): the
    /// expand's Designer, which keeps the column, gets that using, and so does the contract, whose generated Down re-adds it.
    /// </summary>
    [Fact]
    public async Task SM1003_of_a_column_whose_type_needs_a_using_keeps_that_using_in_the_expand_and_the_contract()
    {
        var project = Scaffold(TestProvider.PostgreSql,
            ("Initial", m => m.Entity<Device>(b => b.ToTable("Devices"))),
            ("DropAddress", m => m.Entity<Device>(b => { b.ToTable("Devices"); b.Ignore(d => d.Address); })));
        var source = project.Last;
        Assert.Contains("using System.Net;", project.History[0].DesignerCode, StringComparison.Ordinal);
        Assert.DoesNotContain("using System.Net;", source.DesignerCode, StringComparison.Ordinal);

        // FixAsync compiles the fixed project, the generated Downs included.
        var fixedProject = await FixAsync(project, TestProvider.PostgreSql, new DropColumnContractFix(), "SM1003");

        var designer = fixedProject.SourceEndingWith(source.DesignerFileName);
        Assert.Contains("using System.Net;", designer, StringComparison.Ordinal);
        Assert.Contains("b.Property<IPAddress>(\"Address\")", designer, StringComparison.Ordinal);
        Assert.Contains("using System.Net;", fixedProject.Source("/Migrations/" + IdAfter(source, "DropAddressContract") + ".cs"), StringComparison.Ordinal);
    }

    /// <summary>
    /// A NOT NULL column of a reference type the reader does not list (IPAddress): the expand's Designer makes it nullable
    /// without IsRequired and without a "?" (CS8632 under the Designer's #nullable disable).
    /// </summary>
    [Fact]
    public async Task SM1003_of_a_NOT_NULL_IPAddress_column_makes_it_nullable_without_a_nullable_annotation()
    {
        var project = Scaffold(TestProvider.PostgreSql,
            ("Initial", m => m.Entity<Device>(b => { b.ToTable("Devices"); b.Property(d => d.Address).IsRequired(); })),
            ("DropAddress", m => m.Entity<Device>(b => { b.ToTable("Devices"); b.Ignore(d => d.Address); })));
        Assert.Contains(".IsRequired()", project.History[0].DesignerCode, StringComparison.Ordinal);

        var fixedProject = await FixAsync(project, TestProvider.PostgreSql, new DropColumnContractFix(), "SM1003");

        var designer = fixedProject.SourceEndingWith(project.Last.DesignerFileName);
        Assert.Contains("b.Property<IPAddress>(\"Address\")", designer, StringComparison.Ordinal);
        Assert.DoesNotContain("IPAddress?", designer, StringComparison.Ordinal);
        Assert.True(ModelOf(designer).Table("Devices")!.Column("Address")!.IsNullable);
    }

    public sealed class Tagged
    {
        public int Id { get; set; }

        public List<string> Tags { get; set; } = [];
    }

    /// <summary>
    /// A NOT NULL PostgreSQL array (List&lt;string&gt;, text[], a primitive collection in the Designer) dropped: the fix is
    /// offered, and the expand's Designer makes the column nullable the way EF writes a reference type, without IsRequired
    /// and without a "?" that the Designer's #nullable disable warns about (CS8632).
    /// </summary>
    [Fact]
    public async Task SM1003_of_a_NOT_NULL_array_column_makes_it_nullable_without_a_nullable_annotation()
    {
        var project = Scaffold(TestProvider.PostgreSql,
            ("Initial", m => m.Entity<Tagged>(b => { b.ToTable("Tagged"); b.Property(t => t.Tags).IsRequired(); })),
            ("DropTags", m => m.Entity<Tagged>(b => { b.ToTable("Tagged"); b.Ignore(t => t.Tags); })));
        var source = project.Last;
        Assert.Contains("b.PrimitiveCollection<List<string>>(\"Tags\")", project.History[0].DesignerCode, StringComparison.Ordinal);
        Assert.Contains("using System.Collections.Generic;", project.SourceOf(source), StringComparison.Ordinal);

        var fixedProject = await FixAsync(project, TestProvider.PostgreSql, new DropColumnContractFix(), "SM1003");

        var designer = fixedProject.SourceEndingWith(source.DesignerFileName);
        Assert.Contains("b.PrimitiveCollection<List<string>>(\"Tags\")", designer, StringComparison.Ordinal);
        Assert.DoesNotContain("List<string>?", designer, StringComparison.Ordinal);
        Assert.True(ModelOf(designer).Table("Tagged")!.Column("Tags")!.IsNullable);
    }

    [Fact]
    public async Task The_rules_stay_quiet_on_what_a_contract_does_on_purpose()
    {
        var project = Scaffold(TestProvider.PostgreSql, ("Initial", Models.Customers), ("DropEmail", Models.CustomersWithoutEmail));
        project.WithMigrationCode(project.Last, code => code.Replace("    public partial class DropEmail", "    [EFCore.SafeMigrations.ContractOf(\"20240101000000_Initial\")]\n    public partial class DropEmail"), keepsDownInStep: true);
        var runner = FixRunner.For(project.Sources, ProviderConfig(TestProvider.PostgreSql));
        Assert.DoesNotContain(await runner.DiagnosticsAsync(), d => d.Id is "SM1003");
    }

    internal static void CustomersWithRequiredEmail(ModelBuilder model) => model.Entity<Customer>(b =>
    {
        b.ToTable("Customers");
        b.Ignore(c => c.Orders);
        b.Property(c => c.Email).IsRequired();
    });

    [Theory]
    [InlineData(TestProvider.PostgreSql, "0", "\"Points\"")]
    [InlineData(TestProvider.SqlServer, "0", "[Points]")]
    public async Task SM1007_adds_the_column_nullable_and_enforces_NOT_NULL_in_the_contract(TestProvider provider, string fill, string quoted)
    {
        var project = Scaffold(provider, ("Initial", Models.CustomersWithoutPoints), ("AddPoints", Models.Customers));
        var source = project.Last;

        var fixedProject = await FixAsync(project, provider, new EnforceNotNullInContractFix(), "SM1007");

        var expand = fixedProject.Source(MigrationProject.PathOf(source));
        Assert.Contains("nullable: true,\n                defaultValue: 0);", expand);
        Assert.Contains("[GenerateRollback]", expand);
        var contractId = IdAfter(source, "AddPointsContract");
        var contract = fixedProject.Source("/Migrations/" + contractId + ".cs");
        Assert.Contains($"[ContractOf(\"{source.Id}\")]", contract);
        Assert.Contains($"setSql: \"{quoted.Replace("\"", "\\\"")} = {fill}\",", contract);
        Assert.Contains("migrationBuilder.SetNotNullSafely(\n                table: \"Customers\",\n                column: \"Points\"", contract);
        Assert.True(ModelOf(fixedProject.SourceEndingWith(source.DesignerFileName)).Table("Customers")!.Column("Points")!.IsNullable);
        Assert.False(ModelOf(fixedProject.Source("/Migrations/" + contractId + ".Designer.cs")).Table("Customers")!.Column("Points")!.IsNullable);
    }

    [Fact]
    public async Task SM1008_leaves_the_column_nullable_and_backfills_then_enforces_in_the_contract()
    {
        var project = Scaffold(TestProvider.PostgreSql, ("Initial", Models.Customers), ("RequireEmail", CustomersWithRequiredEmail));
        var source = project.Last;

        var fixedProject = await FixAsync(project, TestProvider.PostgreSql, new EnforceNotNullInContractFix(), "SM1008");

        Assert.DoesNotContain("AlterColumn", fixedProject.Source(MigrationProject.PathOf(source)));
        var contract = fixedProject.Source("/Migrations/" + IdAfter(source, "RequireEmailContract") + ".cs");
        Assert.Contains("setSql: \"\\\"Email\\\" = ''\",\n                whereSql: \"\\\"Email\\\" IS NULL\",\n                batchSize: 1000);", contract);
        Assert.Contains("SetNotNullSafely(", contract);

        // The expand changes nothing: its model is the previous one.
        Assert.Equal(ModelOf(project.History[0].DesignerCode) with { MigrationId = null }, ModelOf(fixedProject.SourceEndingWith(source.DesignerFileName)) with { MigrationId = null });
    }

    /// <summary>
    /// A column made required with a real default (<c>HasDefaultValue</c>): EF's AlterColumn sets that default, and the fix
    /// would remove it with the AlterColumn, leaving the column without the default its model declares (EF then leaves it out
    /// of inserts, which write NULL). No fix; EF's placeholder default (above) still gets one.
    /// </summary>
    [Theory]
    [InlineData(TestProvider.PostgreSql)]
    [InlineData(TestProvider.SqlServer)]
    public async Task SM1008_that_sets_a_real_default_gets_no_fix(TestProvider provider)
    {
        var project = Scaffold(provider, ("Initial", Models.Customers), ("RequireEmail", m => m.Entity<Customer>(b =>
        {
            b.ToTable("Customers");
            b.Ignore(c => c.Orders);
            b.Property(c => c.Email).IsRequired().HasDefaultValue("none");
        })));
        Assert.Contains("defaultValue: \"none\"", project.Last.MigrationCode);

        await AssertNoFixAsync(project, provider, new EnforceNotNullInContractFix(), "SM1008");
    }

    [Fact]
    public async Task SM1007_on_SQLite_enforces_NOT_NULL_in_the_contract_with_EFs_rebuild_after_the_backfill()
    {
        var project = Scaffold(TestProvider.Sqlite, ("Initial", Models.CustomersWithoutPoints), ("AddPoints", Models.Customers));
        var source = project.Last;

        // The contract's rebuild is new (SM2008, info): checked below rather than counted as a new warning.
        var fixedProject = await FixAsync(project, TestProvider.Sqlite, new EnforceNotNullInContractFix(), "SM1007", "dotnet_diagnostic.SM2008.severity = none");

        Assert.Contains("                type: \"INTEGER\",\n                nullable: true,\n                defaultValue: 0);", fixedProject.Source(MigrationProject.PathOf(source)));
        var contractId = IdAfter(source, "AddPointsContract");
        var up = UpBody(fixedProject.Source("/Migrations/" + contractId + ".cs"));
        Assert.Equal(
            """
            migrationBuilder.BackfillInBatches(
                table: "Customers",
                setSql: "\"Points\" = 0",
                whereSql: "\"Points\" IS NULL",
                batchSize: 1000);

            migrationBuilder.AlterColumn<int>(
                name: "Points",
                table: "Customers",
                type: "INTEGER",
                nullable: false,
                oldClrType: typeof(int),
                oldType: "INTEGER",
                oldNullable: true);
            """,
            up);
        Assert.True(ModelOf(fixedProject.SourceEndingWith(source.DesignerFileName)).Table("Customers")!.Column("Points")!.IsNullable);
        Assert.Equal(ModelOf(source.SnapshotCode) with { MigrationId = null }, ModelOf(fixedProject.Source("/Migrations/" + contractId + ".Designer.cs")) with { MigrationId = null });

        // What the SQLite form costs is said on the contract: the rebuild.
        var rebuild = (await FixRunner.For(fixedProject.Sources, ProviderConfig(TestProvider.Sqlite)).DiagnosticsAsync()).Where(d => d.Id == "SM2008").ToList();
        Assert.Equal(["/Migrations/" + contractId + ".cs"], rebuild.Select(d => d.Location.SourceTree!.FilePath));
    }

    [Fact]
    public async Task SM1008_on_SQLite_moves_the_AlterColumn_into_the_contract_after_the_backfill()
    {
        var project = Scaffold(TestProvider.Sqlite, ("Initial", Models.Customers), ("RequireEmail", CustomersWithRequiredEmail));
        var source = project.Last;

        var fixedProject = await FixAsync(project, TestProvider.Sqlite, new EnforceNotNullInContractFix(), "SM1008");

        Assert.Equal(string.Empty, UpBody(fixedProject.Source(MigrationProject.PathOf(source))));
        var contractId = IdAfter(source, "RequireEmailContract");
        Assert.Equal(
            """
            migrationBuilder.BackfillInBatches(
                table: "Customers",
                setSql: "\"Email\" = ''",
                whereSql: "\"Email\" IS NULL",
                batchSize: 1000);

            migrationBuilder.AlterColumn<string>(
                name: "Email",
                table: "Customers",
                type: "TEXT",
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldNullable: true);
            """,
            UpBody(fixedProject.Source("/Migrations/" + contractId + ".cs")));
        Assert.Equal(ModelOf(project.History[0].DesignerCode) with { MigrationId = null }, ModelOf(fixedProject.SourceEndingWith(source.DesignerFileName)) with { MigrationId = null });
        Assert.Equal(ModelOf(source.SnapshotCode) with { MigrationId = null }, ModelOf(fixedProject.Source("/Migrations/" + contractId + ".Designer.cs")) with { MigrationId = null });
    }

    /// <summary>The statements of a migration's Up, without the method's own indentation.</summary>
    internal static string UpBody(string migration)
    {
        var start = migration.IndexOf('{', migration.IndexOf("void Up(", StringComparison.Ordinal)) + 1;
        var end = migration.IndexOf("\n        }", start, StringComparison.Ordinal);
        var lines = migration[start..end].Split('\n').Where((_, i) => i > 0).Select(l => l.Length >= 12 ? l[12..] : l.Trim());
        return string.Join("\n", lines).Trim();
    }

    [Fact]
    public async Task SM1008_with_a_type_change_gets_no_fix()
    {
        var typeChange = Scaffold(TestProvider.PostgreSql, ("Initial", TypeModels.EmailOf(100)), ("RequireEmail", m => m.Entity<Customer>(b => { b.ToTable("Customers"); b.Ignore(c => c.Orders); b.Property(c => c.Email).HasMaxLength(200).IsRequired(); })));
        await AssertNoFixAsync(typeChange, TestProvider.PostgreSql, new EnforceNotNullInContractFix(), "SM1008");
    }

    [Theory]
    [InlineData(TestProvider.PostgreSql)]
    [InlineData(TestProvider.SqlServer)]
    public async Task SM1001_expands_with_a_synced_copy_and_drops_the_old_column_in_the_contract(TestProvider provider)
    {
        // On SQL Server both app versions' models declare a trigger on the table, without which EF Core 7+'s saves fail there.
        var project = provider == TestProvider.SqlServer
            ? Scaffold(provider, ("Initial", WithTrigger(Models.Customers)), ("RenameName", WithTrigger(Models.CustomersWithRenamedName)))
            : Scaffold(provider, ("Initial", Models.Customers), ("RenameName", Models.CustomersWithRenamedName));
        var source = project.Last;

        var fixedProject = await FixAsync(project, provider, new RenameColumnExpandContractFix(), "SM1001");

        var expand = fixedProject.Source(MigrationProject.PathOf(source));
        Assert.DoesNotContain("RenameColumn", expand);
        Assert.Contains("migrationBuilder.AddColumn<string>(\n                name: \"FullName\",\n                table: \"Customers\",", expand);
        Assert.Contains("migrationBuilder.CreateColumnSync(\n                table: \"Customers\",\n                oldColumn: \"Name\",\n                newColumn: \"FullName\");", expand);
        var backfill = fixedProject.Source("/Migrations/" + IdAfter(source, "RenameNameBackfill") + ".cs");
        Assert.Contains("migrationBuilder.CopyColumnData(\n                table: \"Customers\",\n                fromColumn: \"Name\",\n                toColumn: \"FullName\",\n                batchSize: 1000);", backfill);
        Assert.DoesNotContain("ContractOf", backfill);
        var contractId = DateTime.ParseExact(source.Id[..14], "yyyyMMddHHmmss", null).AddSeconds(2).ToString("yyyyMMddHHmmss") + "_RenameNameContract";
        var contract = fixedProject.Source("/Migrations/" + contractId + ".cs");
        Assert.Contains($"[ContractOf(\"{source.Id}\")]", contract);
        Assert.Contains("DropColumnSync(", contract);
        Assert.Contains("migrationBuilder.DropColumn(\n                name: \"Name\",", contract);
        Assert.Contains("migrationBuilder.SetNotNullSafely(\n                table: \"Customers\",\n                column: \"FullName\"", contract);

        // SQL Server's sync trigger runs after the insert: its expand makes the NOT NULL old column nullable first, so the
        // new app version can insert without it; PostgreSQL's trigger runs before, and the old column keeps NOT NULL.
        var relaxed = "migrationBuilder.AlterColumn<string>(\n                name: \"Name\",\n                table: \"Customers\",";
        if (provider == TestProvider.SqlServer)
        {
            Assert.True(expand.IndexOf(relaxed, StringComparison.Ordinal) is var at && at >= 0 && at < expand.IndexOf("AddColumn<string>(", StringComparison.Ordinal), expand);
            Assert.Contains("nullable: true,", expand[expand.IndexOf(relaxed, StringComparison.Ordinal)..expand.IndexOf("AddColumn<string>(", StringComparison.Ordinal)], StringComparison.Ordinal);
        }
        else
        {
            Assert.DoesNotContain("AlterColumn", expand);
        }

        // The expand's model has both columns, the new one nullable; the backfill's is the same; the contract's is the original.
        var expandModel = ModelOf(fixedProject.SourceEndingWith(source.DesignerFileName)).Table("Customers")!;
        Assert.Equal(provider == TestProvider.SqlServer, expandModel.Column("Name")!.IsNullable);
        Assert.True(expandModel.Column("FullName")!.IsNullable);
        Assert.Equal(ModelOf(fixedProject.SourceEndingWith(source.DesignerFileName)) with { MigrationId = null }, ModelOf(fixedProject.Source("/Migrations/" + IdAfter(source, "RenameNameBackfill") + ".Designer.cs")) with { MigrationId = null });
        Assert.Equal(ModelOf(source.SnapshotCode) with { MigrationId = null }, ModelOf(fixedProject.Source("/Migrations/" + contractId + ".Designer.cs")) with { MigrationId = null });
    }

    /// <summary>Customers declared with a trigger on their table (<c>HasTrigger</c>), as a model must be on SQL Server before a sync trigger.</summary>
    private static Action<ModelBuilder> WithTrigger(Action<ModelBuilder> model) => m =>
    {
        model(m);
        m.Entity<Customer>().ToTable(t => t.HasTrigger("Customers_Audit"));
    };

    /// <summary>
    /// SQL Server refuses EF Core 7+'s saves (their OUTPUT clause) on a table with a trigger the model does not declare:
    /// the sync trigger would break every save of the running app version, or of the new one. No fix unless both models
    /// declare one.
    /// </summary>
    /// <summary>
    /// A column with a collation or a comment: the expand would add the new column from the model, which holds neither,
    /// and the contract would drop the old one: the renamed column would compare by the default collation for good.
    /// </summary>
    [Theory]
    [InlineData(TestProvider.PostgreSql, "UseCollation(\"C\")")]
    [InlineData(TestProvider.PostgreSql, "HasComment(\"The customer's name\")")]
    [InlineData(TestProvider.SqlServer, "UseCollation(\"Latin1_General_CS_AS\")")]
    public async Task SM1001_of_a_column_with_a_collation_or_a_comment_gets_no_fix(TestProvider provider, string facet)
    {
        Action<ModelBuilder> With(Action<ModelBuilder> model, string column) => m =>
        {
            model(m);
            var property = m.Entity<Customer>().Property(c => c.Name);
            _ = facet.StartsWith("UseCollation", StringComparison.Ordinal) ? property.UseCollation(facet.Split('"')[1]) : property.HasComment(facet.Split('"')[1]);
        };
        var project = Scaffold(provider, ("Initial", With(WithTrigger(Models.Customers), "Name")), ("RenameName", With(WithTrigger(Models.CustomersWithRenamedName), "FullName")));
        Assert.Contains("RenameColumn(", project.Last.MigrationCode);
        Assert.Contains(facet.Split('(')[0], project.Last.DesignerCode);

        await AssertNoFixAsync(project, provider, new RenameColumnExpandContractFix(), "SM1001");
    }

    /// <summary>A char column's placeholder default is '\0': written into the contract's SQL it was a raw NUL (a syntax error). No fix.</summary>
    [Theory]
    [InlineData(TestProvider.PostgreSql)]
    [InlineData(TestProvider.Sqlite)] // (SQL Server maps char to nvarchar(1) with the placeholder "", which gets the fix)
    public async Task SM1007_of_a_char_column_gets_no_fix(TestProvider provider)
    {
        var project = Scaffold(provider, ("Initial", Models.Customers), ("AddGrade", m =>
        {
            Models.Customers(m);
            m.Entity<Customer>().Property<char>("Grade");
        }));
        Assert.Contains("defaultValue: '\\0'", project.Last.MigrationCode);

        await AssertNoFixAsync(project, provider, new EnforceNotNullInContractFix(), "SM1007");
    }

    /// <summary>SQL Server's ALTER COLUMN ... NOT NULL without COLLATE resets the column to the database's collation: the contract names it.</summary>
    [Fact]
    public async Task SM1007_on_SQL_Server_keeps_the_column_s_collation_when_it_enforces_NOT_NULL()
    {
        var project = Scaffold(TestProvider.SqlServer, ("Initial", Models.Customers), ("AddCode", m =>
        {
            Models.Customers(m);
            m.Entity<Customer>().Property<string>("Code").HasMaxLength(20).IsRequired().UseCollation("Latin1_General_CS_AS");
        }));
        Assert.Contains("collation: \"Latin1_General_CS_AS\"", project.Last.MigrationCode);

        var fixedProject = await FixAsync(project, TestProvider.SqlServer, new EnforceNotNullInContractFix(), "SM1007");

        var contract = fixedProject.Source("/Migrations/" + IdAfter(project.Last, "AddCodeContract") + ".cs");
        Assert.Contains("columnType: \"nvarchar(20) COLLATE Latin1_General_CS_AS\"", contract);
    }

    /// <summary>
    /// A rename that changes only the case. SQLite and MySQL compare column names without case, so the running version's
    /// queries still find the column: no SM1001. SQL Server's usual collations take the expand's new column for a duplicate
    /// of the old one (Msg 2705) and a compatibility view under the old table name for the table itself (Msg 2714): SM1001
    /// and SM1002 stay (a case-sensitive collation would break), with no fix. PostgreSQL has two names: the fix as ever.
    /// </summary>
    [Fact]
    public async Task A_rename_that_changes_only_the_case_is_silent_where_names_ignore_case_and_gets_no_fix_on_SQL_Server()
    {
        static Action<ModelBuilder> EmailAs(string column) => m => m.Entity<Customer>(b => { b.ToTable("Customers"); b.Ignore(c => c.Orders); b.Property(c => c.Email).HasColumnName(column); });

        var sqlite = Scaffold(TestProvider.Sqlite, ("Initial", Models.Customers), ("RecaseEmail", EmailAs("EMAIL")));
        Assert.Contains("RenameColumn(", sqlite.SourceOf(sqlite.Last), StringComparison.Ordinal);
        Assert.DoesNotContain(await FixRunner.For(sqlite.Sources, ProviderConfig(TestProvider.Sqlite)).DiagnosticsAsync(), d => d.Id == "SM1001");

        // SQLite's table names too (SM1002).
        var sqliteTable = Scaffold(TestProvider.Sqlite, ("Initial", Models.Customers), ("RecaseCustomers", m => m.Entity<Customer>(b => { b.ToTable("CUSTOMERS"); b.Ignore(c => c.Orders); })));
        Assert.Contains("RenameTable(", sqliteTable.SourceOf(sqliteTable.Last), StringComparison.Ordinal);
        Assert.DoesNotContain(await FixRunner.For(sqliteTable.Sources, ProviderConfig(TestProvider.Sqlite)).DiagnosticsAsync(), d => d.Id == "SM1002");

        var sqlServer = Scaffold(TestProvider.SqlServer, ("Initial", WithTrigger(Models.Customers)), ("RecaseEmail", WithTrigger(EmailAs("EMAIL"))));
        Assert.Contains(await FixRunner.For(sqlServer.Sources, ProviderConfig(TestProvider.SqlServer)).DiagnosticsAsync(), d => d.Id == "SM1001");
        await AssertNoFixAsync(sqlServer, TestProvider.SqlServer, new RenameColumnExpandContractFix(), "SM1001");

        var recasedTable = Scaffold(TestProvider.SqlServer, ("Initial", Models.Customers), ("RecaseCustomers", m => m.Entity<Customer>(b => { b.ToTable("CUSTOMERS"); b.Ignore(c => c.Orders); })));
        Assert.Contains(await FixRunner.For(recasedTable.Sources, ProviderConfig(TestProvider.SqlServer)).DiagnosticsAsync(), d => d.Id == "SM1002");
        await AssertNoFixAsync(recasedTable, TestProvider.SqlServer, new RenameTableExpandContractFix(), "SM1002");

        var postgres = Scaffold(TestProvider.PostgreSql, ("Initial", Models.Customers), ("RecaseEmail", EmailAs("EMAIL")));
        Assert.Contains("CreateColumnSync", (await FixAsync(postgres, TestProvider.PostgreSql, new RenameColumnExpandContractFix(), "SM1001")).Source(MigrationProject.PathOf(postgres.Last)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SM1001_on_SQL_Server_gets_no_fix_unless_both_models_declare_a_trigger_on_the_table()
    {
        await AssertNoFixAsync(Scaffold(TestProvider.SqlServer, ("Initial", Models.Customers), ("RenameName", Models.CustomersWithRenamedName)), TestProvider.SqlServer, new RenameColumnExpandContractFix(), "SM1001");
        await AssertNoFixAsync(Scaffold(TestProvider.SqlServer, ("Initial", Models.Customers), ("RenameName", WithTrigger(Models.CustomersWithRenamedName))), TestProvider.SqlServer, new RenameColumnExpandContractFix(), "SM1001");
        await AssertNoFixAsync(Scaffold(TestProvider.SqlServer, ("Initial", WithTrigger(Models.Customers)), ("RenameName", Models.CustomersWithRenamedName)), TestProvider.SqlServer, new RenameColumnExpandContractFix(), "SM1001");

        var declared = Scaffold(TestProvider.SqlServer, ("Initial", WithTrigger(Models.Customers)), ("RenameName", WithTrigger(Models.CustomersWithRenamedName)));
        Assert.Contains("HasTrigger(\"Customers_Audit\")", declared.History[0].DesignerCode, StringComparison.Ordinal);
        Assert.Contains("CreateColumnSync", (await FixAsync(declared, TestProvider.SqlServer, new RenameColumnExpandContractFix(), "SM1001")).Source(MigrationProject.PathOf(declared.Last)), StringComparison.Ordinal);
    }

    /// <summary>
    /// A rename with a new length: EF scaffolds RenameColumn and then AlterColumn of the new name, which the expand's empty,
    /// nullable new column would meet first (NOT NULL on an empty column), and which the contract would undo.
    /// </summary>
    [Theory]
    [InlineData(TestProvider.PostgreSql)]
    [InlineData(TestProvider.SqlServer)]
    public async Task SM1001_gets_no_fix_when_Up_also_changes_the_renamed_column(TestProvider provider)
    {
        var project = Scaffold(provider, ("Initial", WithTrigger(Models.Customers)), ("RenameAndWiden", WithTrigger(m => m.Entity<Customer>(b =>
        {
            b.ToTable("Customers");
            b.Ignore(c => c.Orders);
            b.Property(c => c.Name).HasColumnName("FullName").HasMaxLength(200);
        }))));
        var up = project.SourceOf(project.Last);
        Assert.True(up.IndexOf("RenameColumn", StringComparison.Ordinal) is var rename and >= 0 && up.IndexOf("AlterColumn<string>(\n                name: \"FullName\"", StringComparison.Ordinal) > rename, up);

        await AssertNoFixAsync(project, provider, new RenameColumnExpandContractFix(), "SM1001");
    }

    [Fact]
    public async Task SM1001_on_SQLite_keeps_every_rebuild_apart_from_the_sync_triggers()
    {
        var project = Scaffold(TestProvider.Sqlite, ("Initial", Models.Customers), ("RenameName", Models.CustomersWithRenamedName));
        var source = project.Last;

        // The rebuilds are new (SM2008, info): each is checked below to sit in a migration without a live sync.
        var fixedProject = await FixAsync(project, TestProvider.Sqlite, new RenameColumnExpandContractFix(), "SM1001", "dotnet_diagnostic.SM2008.severity = none");

        // Expand: Name made nullable (the AFTER trigger fills it too late for NOT NULL), FullName added; no sync yet.
        Assert.Equal(
            """
            migrationBuilder.AlterColumn<string>(
                name: "Name",
                table: "Customers",
                type: "TEXT",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldNullable: false);

            migrationBuilder.AddColumn<string>(
                name: "FullName",
                table: "Customers",
                type: "TEXT",
                nullable: true);
            """,
            UpBody(fixedProject.Source(MigrationProject.PathOf(source))));
        string Path(int seconds, string name) => "/Migrations/" + DateTime.ParseExact(source.Id[..14], "yyyyMMddHHmmss", null).AddSeconds(seconds).ToString("yyyyMMddHHmmss") + "_" + name;
        var sync = fixedProject.Source(Path(1, "RenameNameSync.cs"));
        Assert.DoesNotContain("ContractOf", sync);
        Assert.Equal(
            """
            migrationBuilder.CreateColumnSync(
                table: "Customers",
                oldColumn: "Name",
                newColumn: "FullName");

            migrationBuilder.CopyColumnData(
                table: "Customers",
                fromColumn: "Name",
                toColumn: "FullName");
            """,
            UpBody(sync));
        var contract = fixedProject.Source(Path(2, "RenameNameContract.cs"));
        Assert.Contains($"[ContractOf(\"{source.Id}\")]", contract);
        Assert.Equal(
            """
            migrationBuilder.DropColumnSync(
                table: "Customers",
                oldColumn: "Name",
                newColumn: "FullName");

            migrationBuilder.DropColumn(
                name: "Name",
                table: "Customers");
            """,
            UpBody(contract));
        var notNull = fixedProject.Source(Path(3, "RenameNameNotNull.cs"));
        Assert.Contains($"[ContractOf(\"{source.Id}\")]", notNull);
        Assert.Equal(
            """
            migrationBuilder.AlterColumn<string>(
                name: "FullName",
                table: "Customers",
                type: "TEXT",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldNullable: true);
            """,
            UpBody(notNull));

        // Designers: both columns nullable through the expand and the sync; the contract's without Name, FullName still
        // nullable; the last is the original target model.
        var expandModel = ModelOf(fixedProject.SourceEndingWith(source.DesignerFileName)).Table("Customers")!;
        Assert.True(expandModel.Column("Name")!.IsNullable && expandModel.Column("FullName")!.IsNullable);
        Assert.Equal(ModelOf(fixedProject.SourceEndingWith(source.DesignerFileName)) with { MigrationId = null }, ModelOf(fixedProject.Source(Path(1, "RenameNameSync.Designer.cs"))) with { MigrationId = null });
        var contractModel = ModelOf(fixedProject.Source(Path(2, "RenameNameContract.Designer.cs"))).Table("Customers")!;
        Assert.Null(contractModel.Column("Name"));
        Assert.True(contractModel.Column("FullName")!.IsNullable);
        Assert.Equal(ModelOf(source.SnapshotCode) with { MigrationId = null }, ModelOf(fixedProject.Source(Path(3, "RenameNameNotNull.Designer.cs"))) with { MigrationId = null });

        // What the SQLite form costs is said where it happens: a rebuild in the expand, the contract and the NOT NULL
        // step, none in the sync's migration.
        var rebuilds = (await FixRunner.For(fixedProject.Sources, ProviderConfig(TestProvider.Sqlite)).DiagnosticsAsync()).Where(d => d.Id == "SM2008").Select(d => d.Location.SourceTree!.FilePath).Order().ToList();
        Assert.Equal([MigrationProject.PathOf(source), Path(2, "RenameNameContract.cs"), Path(3, "RenameNameNotNull.cs")], rebuilds);
    }

    [Fact]
    public async Task SM1001_on_SQLite_of_a_nullable_column_needs_no_rebuild_but_the_contracts_drop()
    {
        var project = Scaffold(TestProvider.Sqlite, ("Initial", Models.Customers), ("RenameEmail", m => m.Entity<Customer>(b => { b.ToTable("Customers"); b.Ignore(c => c.Orders); b.Property(c => c.Email).HasColumnName("Mail"); })));
        var source = project.Last;

        var fixedProject = await FixAsync(project, TestProvider.Sqlite, new RenameColumnExpandContractFix(), "SM1001", "dotnet_diagnostic.SM2008.severity = none");

        Assert.Equal("migrationBuilder.AddColumn<string>(\n    name: \"Mail\",\n    table: \"Customers\",\n    type: \"TEXT\",\n    nullable: true);", UpBody(fixedProject.Source(MigrationProject.PathOf(source))));
        var contract = fixedProject.Source("/Migrations/" + DateTime.ParseExact(source.Id[..14], "yyyyMMddHHmmss", null).AddSeconds(2).ToString("yyyyMMddHHmmss") + "_RenameEmailContract.cs");
        Assert.Contains("DropColumnSync(", contract);

        // No NOT NULL step: two migrations were added (the sync and the contract, each with its Designer), and the contract's model is the snapshot's.
        Assert.Equal(4, fixedProject.Paths.Except(project.Sources.Select(s => s.Path)).Count());
        Assert.DoesNotContain(fixedProject.Paths, p => p.Contains("NotNull", StringComparison.Ordinal));
        Assert.Equal(ModelOf(source.SnapshotCode) with { MigrationId = null }, ModelOf(fixedProject.SourceEndingWith("_RenameEmailContract.Designer.cs")) with { MigrationId = null });
    }

    [Fact]
    public async Task SM1001_of_an_indexed_column_gets_no_fix()
    {
        var project = Scaffold(TestProvider.PostgreSql, ("Initial", Models.CustomersWithEmailIndex), ("RenameEmail", m => m.Entity<Customer>(b => { b.ToTable("Customers"); b.Ignore(c => c.Orders); b.HasIndex(c => c.Email); b.Property(c => c.Email).HasColumnName("Mail"); })));
        await AssertNoFixAsync(project, TestProvider.PostgreSql, new RenameColumnExpandContractFix(), "SM1001");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task SM1004_drops_the_table_in_a_contract_and_its_foreign_keys_in_the_expand(TestProvider provider)
    {
        var project = Scaffold(provider, ("Initial", Models.CustomersAndOrders), ("DropOrders", Models.Customers));
        var source = project.Last;

        var fixedProject = await FixAsync(project, provider, new DropTableContractFix(), "SM1004");

        var expand = fixedProject.Source(MigrationProject.PathOf(source));
        Assert.DoesNotContain("DropTable", expand);
        if (provider == TestProvider.Sqlite)
        {
            // On SQLite the foreign key's drop would rebuild the table: the expand changes nothing.
            Assert.DoesNotContain("DropForeignKey", expand);
            Assert.Equal(ModelOf(project.History[0].DesignerCode) with { MigrationId = null }, ModelOf(fixedProject.SourceEndingWith(source.DesignerFileName)) with { MigrationId = null });
            return;
        }

        Assert.Contains("migrationBuilder.DropForeignKey(\n                name: \"FK_Orders_Customers_CustomerId\",\n                table: \"Orders\");", expand);
        var contract = fixedProject.Source("/Migrations/" + IdAfter(source, "DropOrdersContract") + ".cs");
        Assert.Contains("migrationBuilder.DropTable(\n                name: \"Orders\");", contract);

        // The expand's model still has Orders, without its foreign key; the contract's is the original.
        var orders = ModelOf(fixedProject.SourceEndingWith(source.DesignerFileName)).Table("Orders")!;
        Assert.Empty(orders.ForeignKeys);
        Assert.Equal(ModelOf(project.History[0].DesignerCode).Table("Orders")!.Columns, orders.Columns);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task SM1004_beside_other_changes_moves_only_the_drop_and_the_expand_model_keeps_the_table(TestProvider provider)
    {
        var project = Scaffold(provider, ("Initial", Models.CustomersAndOrders), ("DropOrdersAddVisits", MoveFixTests.CustomersWithVisits));
        var source = project.Last;
        var type = provider switch { TestProvider.PostgreSql => "integer", TestProvider.SqlServer => "int", _ => "INTEGER" };

        var fixedProject = await FixAsync(project, provider, new DropTableContractFix(), "SM1004");

        // The expand keeps the rest (the AddColumn, still SM1007's business) and, but on SQLite, drops the table's foreign key.
        var addVisits = $"""
            migrationBuilder.AddColumn<int>(
                name: "Visits",
                table: "Customers",
                type: "{type}",
                nullable: false,
                defaultValue: 0);
            """;
        var dropKey = provider == TestProvider.Sqlite ? string.Empty : """
            migrationBuilder.DropForeignKey(
                name: "FK_Orders_Customers_CustomerId",
                table: "Orders");


            """;
        Assert.Equal(dropKey.Replace("\n\n\n", "\n\n") + addVisits, UpBody(fixedProject.Source(MigrationProject.PathOf(source))));
        var contractId = IdAfter(source, "DropOrdersAddVisitsContract");
        Assert.Equal("migrationBuilder.DropTable(\n    name: \"Orders\");", UpBody(fixedProject.Source("/Migrations/" + contractId + ".cs")));

        // The expand's model is the migration's own (Visits added) with Orders still there as before it, less its
        // foreign key where the expand drops it; the contract's is the original target model.
        var expandModel = ModelOf(fixedProject.SourceEndingWith(source.DesignerFileName));
        var ordersBefore = ModelOf(project.History[0].DesignerCode).Table("Orders")!;
        Assert.Equal(provider == TestProvider.Sqlite ? ordersBefore : ordersBefore with { ForeignKeys = ordersBefore.ForeignKeys.Where(_ => false).ToEquatableArray() }, expandModel.Table("Orders"));
        Assert.Equal(ModelOf(source.DesignerCode).Table("Customers"), expandModel.Table("Customers"));
        Assert.Equal(ModelOf(source.SnapshotCode) with { MigrationId = null }, ModelOf(fixedProject.Source("/Migrations/" + contractId + ".Designer.cs")) with { MigrationId = null });
    }

    [Fact]
    public async Task SM1004_gets_no_fix_when_another_operation_of_its_migration_needs_the_table()
    {
        var project = Scaffold(TestProvider.PostgreSql, ("Initial", Models.CustomersAndOrders), ("DropOrdersAddVisits", MoveFixTests.CustomersWithVisits));
        project.WithMigrationCode(project.Last, code => code.Replace("migrationBuilder.AddColumn<int>(", "migrationBuilder.Sql(\"DELETE FROM \\\"Orders\\\";\");\n            migrationBuilder.AddColumn<int>("), keepsDownInStep: true);
        await AssertNoFixAsync(project, TestProvider.PostgreSql, new DropTableContractFix(), "SM1004");
    }

    internal static void ClientsAndOrders(ModelBuilder model)
    {
        model.Entity<Customer>(b => b.ToTable("Clients"));
        model.Entity<Order>(b => b.ToTable("Orders"));
    }

    [Theory]
    [InlineData(TestProvider.PostgreSql, "ALTER TABLE \\\"Orders\\\" RENAME CONSTRAINT \\\"FK_Orders_Customers_CustomerId\\\" TO \\\"FK_Orders_Clients_CustomerId\\\";")]
    [InlineData(TestProvider.SqlServer, "EXEC sp_rename N'[FK_Orders_Customers_CustomerId]', N'FK_Orders_Clients_CustomerId', N'OBJECT';")]
    public async Task SM1002_renames_keys_in_place_and_keeps_a_view_under_the_old_name_until_the_contract(TestProvider provider, string renameForeignKey)
    {
        var project = Scaffold(provider, ("Initial", Models.CustomersAndOrders), ("RenameCustomers", ClientsAndOrders));
        var source = project.Last;

        var fixedProject = await FixAsync(project, provider, new RenameTableExpandContractFix(), "SM1002", "dotnet_diagnostic.SM2008.severity = none");

        var expand = fixedProject.Source(MigrationProject.PathOf(source));
        Assert.DoesNotContain("AddPrimaryKey", expand);
        Assert.DoesNotContain("AddForeignKey", expand);
        Assert.Contains("upSql: \"" + renameForeignKey + "\"", expand);
        Assert.Contains("migrationBuilder.CreateCompatibilityView(\n                oldName: \"Customers\",\n                newName: \"Clients\");", expand);
        var contract = fixedProject.Source("/Migrations/" + IdAfter(source, "RenameCustomersContract") + ".cs");
        Assert.Contains("migrationBuilder.DropCompatibilityView(", contract);
        Assert.Equal(source.DesignerCode, fixedProject.SourceEndingWith(source.DesignerFileName));
    }

    /// <summary>
    /// The same migration also changes the key's delete action: EF drops and re-adds it with the new action, which a rename
    /// in place would lose (the database would keep cascading while the model says restrict).
    /// </summary>
    [Fact]
    public async Task SM1002_keeps_the_drop_and_add_of_a_key_whose_delete_action_changes()
    {
        var project = Scaffold(TestProvider.PostgreSql, ("Initial", Models.CustomersAndOrders), ("RenameCustomers", model =>
        {
            model.Entity<Customer>(b => b.ToTable("Clients"));
            model.Entity<Order>(b => { b.ToTable("Orders"); b.HasOne(o => o.Customer).WithMany(c => c.Orders).OnDelete(DeleteBehavior.Restrict); });
        }));
        Assert.Contains("onDelete: ReferentialAction.Restrict", project.SourceOf(project.Last), StringComparison.Ordinal);

        var fixedProject = await FixAsync(project, TestProvider.PostgreSql, new RenameTableExpandContractFix(), "SM1002", "dotnet_diagnostic.SM2008.severity = none\ndotnet_diagnostic.SM2004.severity = none");

        var expand = fixedProject.Source(MigrationProject.PathOf(project.Last));
        Assert.Contains("onDelete: ReferentialAction.Restrict", expand, StringComparison.Ordinal);
        Assert.DoesNotContain("RENAME CONSTRAINT \\\"FK_", expand, StringComparison.Ordinal);
        Assert.Contains("RENAME CONSTRAINT \\\"PK_Customers\\\"", expand, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SM1002_on_SQLite_gets_no_fix()
    {
        var project = Scaffold(TestProvider.Sqlite, ("Initial", Models.CustomersAndOrders), ("RenameCustomers", ClientsAndOrders));
        await AssertNoFixAsync(project, TestProvider.Sqlite, new RenameTableExpandContractFix(), "SM1002");
    }
}
