using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.EntityFrameworkCore;
using SafeMigrations.Analyzers.Model;
using SafeMigrations.Analyzers.Reading;
using SafeMigrations.Analyzers.Tests.Corpus;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.TestKit.Scaffolding;

namespace SafeMigrations.Analyzers.Tests.Reading;

/// <summary>
/// The analyzer reads one table of the previous Designer instead of the whole model (<see cref="TargetModelReader.Index"/>).
/// Every table read that way must equal the same table of the whole model: checked on every Designer of the
/// scaffolded corpus, and on a model with the shapes the corpus lacks (owned types, table-per-hierarchy, schemas,
/// a view).
/// </summary>
public class TargetModelTableIndexTests
{
    public static TheoryData<TestProvider> Providers => new() { TestProvider.PostgreSql, TestProvider.SqlServer, TestProvider.Sqlite };

    [Theory]
    [MemberData(nameof(Providers))]
    public void Every_table_read_alone_equals_the_table_of_the_whole_model_on_the_corpus(TestProvider provider)
    {
        var designers = CorpusGenerator.Projects(provider).SelectMany(p => p.History).Select(m => m.DesignerCode).ToList();
        var tables = designers.Sum(AssertSameTables);
        Assert.True(tables > designers.Count, $"{tables} tables in {designers.Count} Designers");
    }

    public sealed class Address
    {
        public string Street { get; set; } = "";

        public string City { get; set; } = "";
    }

    public sealed class Person
    {
        public int Id { get; set; }

        public string Name { get; set; } = "";

        public Address Home { get; set; } = new();

        public List<Address> Others { get; set; } = [];
    }

    public class Animal
    {
        public int Id { get; set; }

        public string Name { get; set; } = "";

        public int? KeeperId { get; set; }

        public Person? Keeper { get; set; }
    }

    public sealed class Dog : Animal
    {
        public bool Good { get; set; }
    }

    public sealed class Cat : Animal
    {
        public int Lives { get; set; }
    }

    public sealed class Report
    {
        public int Count { get; set; }
    }

    private static void Shapes(ModelBuilder model)
    {
        model.Entity<Person>(b =>
        {
            b.ToTable("People", "crm");
            b.OwnsOne(p => p.Home);
            b.OwnsMany(p => p.Others, o => o.ToTable("PersonAddresses", "crm"));
        });
        model.Entity<Animal>(b => b.ToTable("Animals", "zoo"));
        model.Entity<Dog>();
        model.Entity<Cat>();
        model.Entity<Report>(b => b.HasNoKey().ToView("Reports"));
        model.Entity<Customer>(b => b.ToTable("Animals"));
        model.Entity<Order>();
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Owned_types_hierarchies_schemas_and_views_read_alone_equal_the_whole_model(TestProvider provider)
    {
        var migration = Scaffolder.ScaffoldHistory(provider, ("Initial", Shapes))[0];
        Assert.Contains("OwnsOne", migration.DesignerCode, StringComparison.Ordinal);
        Assert.Contains("HasBaseType", migration.DesignerCode, StringComparison.Ordinal);
        Assert.True(AssertSameTables(migration.DesignerCode) >= 5);
    }

    public sealed class Region
    {
        public int Id { get; set; }
    }

    public sealed class Warehouse
    {
        public string Code { get; set; } = "";

        public int Number { get; set; }

        public int RegionId { get; set; }

        public Region Region { get; set; } = null!;
    }

    public sealed class Shipment
    {
        public int Id { get; set; }

        public string WarehouseCode { get; set; } = "";

        public Warehouse Warehouse { get; set; } = null!;

        public int BackupNumber { get; set; }

        public Warehouse Backup { get; set; } = null!;

        public int DogId { get; set; }

        public Dog Dog { get; set; } = null!;
    }

    /// <summary>Principals read only for their table and key: renamed key columns, an alternate key, a derived type.</summary>
    private static void Principals(ModelBuilder model)
    {
        model.Entity<Region>(b => b.ToTable("Regions", "geo"));
        model.Entity<Warehouse>(b =>
        {
            b.HasKey(w => w.Code);
            b.Property(w => w.Code).HasColumnName("warehouse_code");
            b.Property(w => w.Number).HasColumnName("warehouse_no");
        });
        model.Entity<Animal>(b =>
        {
            b.Property(a => a.Id).HasColumnName("animal_id");
            b.Ignore(a => a.Keeper);
        });
        model.Entity<Dog>();
        model.Entity<Shipment>(b =>
        {
            b.HasOne(s => s.Warehouse).WithMany().HasForeignKey(s => s.WarehouseCode);
            b.HasOne(s => s.Backup).WithMany().HasForeignKey(s => s.BackupNumber).HasPrincipalKey(w => w.Number);
            b.HasOne(s => s.Dog).WithMany().HasForeignKey(s => s.DogId);
        });
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Principals_read_for_their_key_alone_give_the_foreign_keys_of_the_whole_model(TestProvider provider)
    {
        var migration = Scaffolder.ScaffoldHistory(provider, ("Initial", Principals))[0];
        Assert.Contains("HasColumnName(\"warehouse_code\")", migration.DesignerCode, StringComparison.Ordinal);
        Assert.Contains("HasBaseType", migration.DesignerCode, StringComparison.Ordinal);
        Assert.True(AssertSameTables(migration.DesignerCode) >= 4);

        // The shipment's keys name the renamed principal columns, so the test would fail if the principals lost them.
        var method = CSharpSyntaxTree.ParseText(migration.DesignerCode).GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>()
            .First(m => m.Identifier.ValueText == "BuildTargetModel");
        var shipments = TargetModelReader.Index(method)!.Table("Shipment", null)!;
        Assert.Equal(
            new[] { "animal_id", "warehouse_no", "warehouse_code" }.OrderBy(c => c),
            shipments.ForeignKeys.SelectMany(k => k.PrincipalColumns).OrderBy(c => c));
    }

    /// <summary>Asserts every table, every name and a few unknown names; returns how many tables the model has.</summary>
    private static int AssertSameTables(string designer)
    {
        var method = CSharpSyntaxTree.ParseText(designer).GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>()
            .First(m => m.Identifier.ValueText is "BuildTargetModel" or "BuildModel");
        var whole = TargetModelReader.Read(method, migrationId: null);
        var index = TargetModelReader.Index(method);
        Assert.NotNull(index);
        var schemas = whole.Tables.Select(t => t.Schema).Append(null).Append("other").Distinct().ToList();
        foreach (var name in whole.Tables.Select(t => t.Name).Append("NoSuchTable").Distinct())
        {
            foreach (var schema in schemas)
            {
                Assert.Equal(whole.Table(name, schema), index!.Table(name, schema));
            }

            Assert.Equal(whole.Tables.Where(t => t.Name == name), index!.TablesNamed(name));
            Assert.Equal(whole.Table(name)?.Schema, index.SchemaOf(name));
        }

        return whole.Tables.Count;
    }
}
