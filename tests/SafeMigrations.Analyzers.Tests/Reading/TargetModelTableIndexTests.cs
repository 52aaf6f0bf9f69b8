using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.EntityFrameworkCore;
using SafeMigrations.Analyzers.Infrastructure;
using SafeMigrations.Analyzers.Model;
using SafeMigrations.Analyzers.Reading;
using SafeMigrations.Analyzers.Tests.Corpus;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.TestKit.Scaffolding;

namespace SafeMigrations.Analyzers.Tests.Reading;

/// <summary>
/// The analyzer reads one table of the previous Designer instead of the whole model: found by the Designer's text
/// (<see cref="TargetModelReader.DesignerTables"/>), or by the index of every entity block
/// (<see cref="TargetModelReader.Index"/>) where the text cannot tell. Every table read either way must equal the same
/// table of the whole model: checked on every Designer of the scaffolded corpus, on a model with the shapes the corpus
/// lacks (owned types, table-per-hierarchy, schemas, a view), and on hand-edited Designers the text must refuse.
/// </summary>
public class TargetModelTableIndexTests
{
    public static TheoryData<TestProvider> Providers => new() { TestProvider.PostgreSql, TestProvider.SqlServer, TestProvider.Sqlite };

    [Theory]
    [MemberData(nameof(Providers))]
    public void Every_table_read_alone_equals_the_table_of_the_whole_model_on_the_corpus(TestProvider provider)
    {
        var designers = CorpusGenerator.Projects(provider).SelectMany(p => p.History).Select(m => m.DesignerCode).ToList();
        var checks = designers.Select(designer => AssertSameTables(designer)).ToList();
        Assert.True(checks.Sum(c => c.Tables) > designers.Count, $"{checks.Sum(c => c.Tables)} tables in {designers.Count} Designers");

        // The corpus's Designers are plain: the text answers for every one of them, the tables of indexes too.
        Assert.All(checks, c => Assert.True(c.AnsweredByText > 0));
        Assert.All(checks, c => Assert.True(c.IndexesAnsweredByText > 0));
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

        /// <summary>Optional: its columns in People are NULL, though Address's properties are required.</summary>
        public Address? Work { get; set; }

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

    internal static void Shapes(ModelBuilder model)
    {
        model.Entity<Person>(b =>
        {
            b.ToTable("People", "crm");
            b.OwnsOne(p => p.Home);
            b.OwnsOne(p => p.Work);
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
        var check = AssertSameTables(migration.DesignerCode);
        Assert.True(check.Tables >= 5);
        Assert.True(check.AnsweredByText > 0); // A hierarchy and owned types: the text follows HasBaseType and reads owners whole.
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

    /// <summary>
    /// A model in a default schema, as EF Core 3.x wrote its Designers (jellyfin's of 2020): <c>HasDefaultSchema("app")</c>
    /// and <c>b.ToTable("Customers")</c>, no schema in the ToTable or HasSequence calls. Every table, foreign key and sequence
    /// is in the default schema, as in the Designer EF writes today with the schema in each call, whichever way it is read.
    /// </summary>
    [Theory]
    [MemberData(nameof(Providers))]
    public void Tables_of_an_EF_Core_3_Designer_are_in_the_model_s_default_schema(TestProvider provider)
    {
        void Model(ModelBuilder model)
        {
            model.HasDefaultSchema("app");
            Principals(model);
            if (provider != TestProvider.Sqlite)
            {
                model.HasSequence<int>("InvoiceNumbers");
            }
        }

        var designer = Scaffolder.ScaffoldHistory(provider, ("Initial", Model))[0].DesignerCode;
        var asEfCore3Wrote = System.Text.RegularExpressions.Regex.Replace(designer, @"(ToTable|HasSequence<int>)\(""([^""]+)"", ""app""\)", @"$1(""$2"")");
        Assert.Contains("HasDefaultSchema(\"app\")", designer, StringComparison.Ordinal);
        Assert.Contains("b.ToTable(\"Shipment\")", asEfCore3Wrote, StringComparison.Ordinal);
        Assert.Contains("b.ToTable(\"Regions\", \"geo\")", asEfCore3Wrote, StringComparison.Ordinal);

        var today = ReadWhole(designer);
        var efCore3 = ReadWhole(asEfCore3Wrote);
        Assert.Equal(today.Tables, efCore3.Tables);
        Assert.Equal(today.Sequences, efCore3.Sequences);
        Assert.All(efCore3.Tables, t => Assert.Equal(t.Name == "Regions" ? "geo" : "app", t.Schema));
        Assert.Contains(efCore3.Tables.SelectMany(t => t.ForeignKeys), fk => fk.PrincipalSchema == "app");
        Assert.All(efCore3.Sequences, s => Assert.Equal("app", s.Schema));
        Assert.Equal(provider != TestProvider.Sqlite, !efCore3.Sequences.IsEmpty);

        // Read alone (by the index: a derived principal keeps the text from answering), each table is the whole model's.
        AssertSameTables(asEfCore3Wrote);
    }

    public sealed class Size
    {
        public int Width { get; set; }

        public int Height { get; set; }
    }

    public sealed class Listing
    {
        public int Id { get; set; }

        public string Sku { get; set; } = "";

        public string Title { get; set; } = "";

        public decimal Price { get; set; }

        public string Notes { get; set; } = "";

        public int Stock { get; set; }

        public Size Size { get; set; } = new();

        public Caption Detail { get; set; } = null!;
    }

    /// <summary>
    /// A type split into its principal's table (table splitting), with an index of its own there. EF writes the types in the
    /// order of their names, so this one comes before its principal: only the relationship makes Listing the table's main type.
    /// </summary>
    public sealed class Caption
    {
        public int Id { get; set; }

        public string Status { get; set; } = "";
    }

    public abstract class Rental
    {
        public int Id { get; set; }

        public string Plate { get; set; } = "";
    }

    public sealed class Van : Rental
    {
        public int Seats { get; set; }
    }

    /// <summary>
    /// The shapes in which an index takes something from outside its own HasIndex: a renamed column, an owned type's prefix,
    /// a table shared by two types, a table split in two, a base type's index in a table-per-concrete-type table, and (on
    /// PostgreSQL and SQL Server) an index that includes a renamed column.
    /// </summary>
    private static void IndexedShapes(ModelBuilder model, TestProvider provider)
    {
        model.Entity<Listing>(b =>
        {
            b.ToTable("Listings");
            b.Property(l => l.Sku).HasColumnName("sku_code");
            b.HasIndex(l => l.Sku).IsUnique();
            b.HasIndex(l => new { l.Title, l.Price }).IsDescending(false, true);
            b.OwnsOne(l => l.Size, s => s.HasIndex(x => x.Width));
            b.HasOne(l => l.Detail).WithOne().HasForeignKey<Caption>(d => d.Id);
            b.SplitToTable("ListingNotes", t => t.Property(l => l.Notes).HasColumnName("note_text"));
            b.HasIndex(l => l.Notes);
            var byStock = b.HasIndex(l => l.Stock);
            if (provider == TestProvider.PostgreSql)
            {
                NpgsqlIndexBuilderExtensions.IncludeProperties(byStock, l => l.Sku);
            }
            else if (provider == TestProvider.SqlServer)
            {
                SqlServerIndexBuilderExtensions.IncludeProperties(byStock, l => l.Sku);
            }
        });
        model.Entity<Caption>(b =>
        {
            b.ToTable("Listings");
            b.HasIndex(d => d.Status);
        });
        model.Entity<Rental>(b =>
        {
            b.UseTpcMappingStrategy();
            b.HasIndex(v => v.Plate);
        });
        model.Entity<Van>(b => b.ToTable("Vans"));
    }

    /// <summary>
    /// A question about indexes (a dropped index's re-creation, raw SQL's DROP INDEX) reads the table's types only for what
    /// decides their indexes, and no principal: the indexes equal the whole model's in every shape above, and the columns
    /// that no index needs are not read.
    /// </summary>
    /// <summary>
    /// A hand-broken Designer whose two types name each other as their base: the walks up a hierarchy (a principal's key, a
    /// derived table's bases, the mapping strategy) end after as many steps as there are types, read whole or by the text.
    /// </summary>
    [Fact]
    public void A_cycle_of_base_types_in_a_broken_Designer_ends()
    {
        const string designer = """
            namespace Sample.Migrations
            {
                partial class Broken
                {
                    protected override void BuildTargetModel(ModelBuilder modelBuilder)
                    {
                        modelBuilder.Entity("Left", b =>
                        {
                            b.Property<int>("Id").HasColumnName("left_id");
                            b.HasBaseType("Right");
                            b.ToTable("Sides");
                        });

                        modelBuilder.Entity("Right", b =>
                        {
                            b.HasBaseType("Left");
                        });

                        modelBuilder.Entity("Notes", b =>
                        {
                            b.Property<int>("Id");
                            b.Property<int>("SideId");
                            b.HasKey("Id");
                            b.HasIndex("SideId");
                            b.ToTable("Notes");
                        });

                        modelBuilder.Entity("Notes", b =>
                        {
                            b.HasOne("Left", null).WithMany().HasForeignKey("SideId");
                        });
                    }
                }
            }
            """;
        var method = CSharpSyntaxTree.ParseText(designer).GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().First(m => m.Identifier.ValueText == "BuildTargetModel");

        var whole = TargetModelReader.Read(method, migrationId: null);
        var byText = new TargetModelReader.DesignerTables(method, () => throw new InvalidOperationException("the whole model is not needed")).Table("Notes", null);

        foreach (var notes in new[] { whole.Table("Notes"), byText })
        {
            Assert.NotNull(notes);
            Assert.Equal(new[] { "Id" }, notes.PrimaryKey);
            Assert.Equal("IX_Notes_SideId", Assert.Single(notes.Indexes).Name);
            var key = Assert.Single(notes.ForeignKeys);
            Assert.Equal(("Sides", "SideId"), (key.PrincipalTable, string.Join(",", key.Columns)));
            Assert.Empty(key.PrincipalColumns); // Neither type of the cycle declares a key.
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void A_question_about_indexes_reads_only_what_decides_them(TestProvider provider)
    {
        var designer = Scaffolder.ScaffoldHistory(provider, ("Initial", (Action<ModelBuilder>)(model => IndexedShapes(model, provider))))[0].DesignerCode;
        Assert.Contains("SplitToTable", designer, StringComparison.Ordinal);
        Assert.Contains("UseTpcMappingStrategy", designer, StringComparison.Ordinal);
        Assert.Equal(provider != TestProvider.Sqlite, designer.Contains("IncludeProperties", StringComparison.Ordinal));
        AssertSameTables(designer);

        var method = CSharpSyntaxTree.ParseText(designer).GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().First(m => m.Identifier.ValueText == "BuildTargetModel");
        var whole = TargetModelReader.Read(method, migrationId: null);
        var listings = whole.Table("Listings")!;
        Assert.Contains(listings.Indexes, i => i.Columns.SequenceEqual(new[] { "sku_code" }));
        Assert.Contains(listings.Indexes, i => i.Columns.SequenceEqual(new[] { "Size_Width" }));
        Assert.Contains(listings.Indexes, i => i.Columns.SequenceEqual(new[] { "Status" }));
        Assert.Contains(whole.Table("ListingNotes")!.Indexes, i => i.Columns.SequenceEqual(new[] { "note_text" }));
        Assert.Contains(whole.Table("Vans")!.Indexes, i => i.Name == "IX_Vans_Plate");
        Assert.Equal(provider != TestProvider.Sqlite, listings.Indexes.SelectMany(i => i.Options).Any(o => o.Code.Contains("\"sku_code\"", StringComparison.Ordinal)));

        var tables = new TargetModelReader.DesignerTables(method, () => whole);
        var forIndexes = Assert.Single(tables.TablesNamedForIndexes("Listings"));
        Assert.Equal(listings.Indexes, forIndexes.Indexes);
        Assert.True(forIndexes.Columns.Count < listings.Columns.Count, $"{forIndexes.Columns.Count} of {listings.Columns.Count} columns read");
        Assert.Equal(1, tables.AnsweredByText);

        // Once a question has read the table whole, the questions about its indexes are answered from that reading.
        Assert.Equal(listings, tables.Table("Listings", null));
        Assert.Equal(listings, Assert.Single(tables.TablesNamedForIndexes("Listings")));
    }

    private static TargetModel ReadWhole(string designer) => TargetModelReader.Read(
        CSharpSyntaxTree.ParseText(designer).GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().First(m => m.Identifier.ValueText == "BuildTargetModel"),
        migrationId: null);

    [Theory]
    [MemberData(nameof(Providers))]
    public void Principals_read_for_their_key_alone_give_the_foreign_keys_of_the_whole_model(TestProvider provider)
    {
        var migration = Scaffolder.ScaffoldHistory(provider, ("Initial", Principals))[0];
        Assert.Contains("HasColumnName(\"warehouse_code\")", migration.DesignerCode, StringComparison.Ordinal);
        Assert.Contains("HasBaseType", migration.DesignerCode, StringComparison.Ordinal);
        Assert.True(AssertSameTables(migration.DesignerCode).Tables >= 4);

        // The shipment's keys name the renamed principal columns, so the test would fail if the principals lost them.
        var method = CSharpSyntaxTree.ParseText(migration.DesignerCode).GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>()
            .First(m => m.Identifier.ValueText == "BuildTargetModel");
        var shipments = TargetModelReader.Index(method)!.Table("Shipment", null)!;
        Assert.Equal(
            new[] { "animal_id", "warehouse_no", "warehouse_code" }.OrderBy(c => c),
            shipments.ForeignKeys.SelectMany(k => k.PrincipalColumns).OrderBy(c => c));
    }

    /// <summary>
    /// Asserts every table, every name and a few unknown names, read by the index and by <see cref="TargetModelReader.DesignerTables"/>
    /// (each question asked of a fresh one, so none is answered from an earlier one's reading); returns how many tables
    /// the model has and how many questions the text answered.
    /// </summary>
    /// <param name="efCouldWriteIt">
    /// Whether EF could have written the Designer: then each foreign key's principal table is also checked against its type's
    /// table (a hand edit EF would refuse, a derived type split into a table of its own, breaks that in the whole model too).
    /// </param>
    private static (int Tables, int AnsweredByText, int IndexesAnsweredByText) AssertSameTables(string designer, bool withIndex = true, bool efCouldWriteIt = true)
    {
        var method = CSharpSyntaxTree.ParseText(designer).GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>()
            .First(m => m.Identifier.ValueText is "BuildTargetModel" or "BuildModel");
        var whole = TargetModelReader.Read(method, migrationId: null);
        var index = TargetModelReader.Index(method);
        Assert.Equal(withIndex, index is not null);
        var byText = 0;
        var indexesByText = 0;
        TargetModelReader.DesignerTables Fresh() => new(method, () => whole);

        // Each question is asked of a fresh one, and again of one that has answered every earlier question (as a migration's
        // rules ask theirs): the blocks read for one question must not change the answer to another.
        var shared = Fresh();
        T Ask<T>(Func<TargetModelReader.DesignerTables, T> question)
        {
            var tables = Fresh();
            var answer = question(tables);
            byText += tables.AnsweredByText;
            indexesByText += tables.IndexesAnsweredByText;
            Assert.Equal(answer, question(shared));
            return answer;
        }

        var schemas = whole.Tables.Select(t => t.Schema).Append(null).Append("other").Distinct().ToList();
        foreach (var name in whole.Tables.Select(t => t.Name).Append("NoSuchTable").Distinct())
        {
            foreach (var schema in schemas)
            {
                Assert.Equal(whole.Table(name, schema), Ask(t => t.Table(name, schema)));
                if (index is not null)
                {
                    Assert.Equal(whole.Table(name, schema), index.Table(name, schema));
                }
            }

            Assert.Equal(ForIndexes(whole.Tables.Where(t => t.Name == name)), Ask(t => ForIndexes(t.TablesNamedForIndexes(name))));
            if (index is not null)
            {
                Assert.Equal(whole.Tables.Where(t => t.Name == name), index.TablesNamed(name));
            }
        }

        // Raw SQL's DROP INDEX names no table: every index of the model, and names no table has (one under a table's convention
        // prefix, one cut to a provider's length, one of another kind of object), are asked for their table.
        var someTable = whole.Tables.FirstOrDefault()?.Name ?? "T";
        var indexNames = whole.Tables.SelectMany(t => t.Indexes).Select(i => i.Name)
            .Concat(new[] { "IX_" + someTable + "_NoSuchColumn", "IX_NoSuchTable_Id", "IX_" + someTable + "~", "PK_" + someTable, "IX_", "IX__" });
        foreach (var indexName in indexNames.Distinct())
        {
            Assert.Equal(ForIndexes(whole.TableOfIndex(indexName)), Ask(t => ForIndexes(t.TableOfIndex(indexName))));
        }

        // A foreign key carries its principal's table and schema, which a re-created key writes (principalSchema).
        foreach (var foreignKey in whole.Tables.SelectMany(t => t.ForeignKeys).Where(_ => efCouldWriteIt))
        {
            if (whole.Tables.FirstOrDefault(t => t.EntityType == foreignKey.PrincipalEntity) is { } principal)
            {
                Assert.Equal((principal.Name, principal.Schema), (foreignKey.PrincipalTable, foreignKey.PrincipalSchema));
            }
        }

        return (whole.Tables.Count, byText, indexesByText);
    }

    /// <summary>
    /// What a question about indexes answers for: each table's name, schema and indexes. A table the text finds for one is
    /// read only for its indexes (<see cref="TargetModelReader.ReaderState.IndexesOnly"/>): its other parts may be missing.
    /// </summary>
    private static List<(string Name, string? Schema, EquatableArray<IndexDefinition> Indexes)> ForIndexes(IEnumerable<TableDefinition> tables) =>
        tables.Select(t => (t.Name, t.Schema, t.Indexes)).ToList();

    private static List<(string Name, string? Schema, EquatableArray<IndexDefinition> Indexes)> ForIndexes(TableDefinition? table) =>
        ForIndexes(table is null ? Array.Empty<TableDefinition>() : new[] { table });

    [Theory]
    [MemberData(nameof(ShapeModels.ByProvider), new object[] { new TestProvider[0] }, MemberType = typeof(ShapeModels))]
    public void Tables_of_every_shape_model_read_alone_equal_the_whole_model(TestProvider provider, string model)
    {
        var migration = Scaffolder.ScaffoldHistory(provider, ("Initial", ShapeModels.Model(model, provider)))[0];
        var check = AssertSameTables(migration.DesignerCode);
        Assert.True(check.Tables >= 4);

        // Hierarchies, owned, split and JSON types are answered by the text too; a relationship onto an alternate key is the index's.
        Assert.Equal(!migration.DesignerCode.Contains("HasPrincipalKey", StringComparison.Ordinal), check.AnsweredByText > 0);
    }

    public class Vehicle
    {
        public int Id { get; set; }
    }

    public class Car : Vehicle
    {
        public int Seats { get; set; }
    }

    public sealed class SportsCar : Car
    {
        public int TopSpeed { get; set; }
    }

    public sealed class Truck : Vehicle
    {
        public int Axles { get; set; }
    }

    /// <summary>
    /// A hierarchy three levels deep in one table (EF writes no ToTable for the derived types): the text finds SportsCar
    /// through Car, the type it derives from, which derives from Vehicle, and Truck beside Car.
    /// </summary>
    [Theory]
    [MemberData(nameof(Providers))]
    public void A_hierarchy_three_levels_deep_is_answered_by_the_text(TestProvider provider)
    {
        var designer = Scaffolder.ScaffoldHistory(provider, ("Initial", (Action<ModelBuilder>)(model =>
        {
            model.Entity<Vehicle>(b => b.ToTable("Vehicles"));
            model.Entity<Car>();
            model.Entity<SportsCar>();
            model.Entity<Truck>();
        })))[0].DesignerCode;
        Assert.Equal(1, System.Text.RegularExpressions.Regex.Count(designer, "ToTable\\("));

        var check = AssertSameTables(designer);
        Assert.Equal(1, check.Tables);
        Assert.True(check.AnsweredByText > 0);
        var method = CSharpSyntaxTree.ParseText(designer).GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().First(m => m.Identifier.ValueText == "BuildTargetModel");
        var vehicles = new TargetModelReader.DesignerTables(method, () => throw new InvalidOperationException("the whole model is not needed")).Table("Vehicles", null);
        Assert.Contains(vehicles!.Columns, c => c.Name == "TopSpeed");
    }

    // The entity type names EF writes in the Designer (the CLR names of the nested classes above).
    private const string AnimalType = "SafeMigrations.Analyzers.Tests.Reading.TargetModelTableIndexTests+Animal";
    private const string PersonType = "SafeMigrations.Analyzers.Tests.Reading.TargetModelTableIndexTests+Person";
    private const string AddressType = "SafeMigrations.Analyzers.Tests.Reading.TargetModelTableIndexTests+Address";

    /// <summary>
    /// Hand edits of a Designer with a hierarchy (Dog and Cat in Animals), owned types and a split table, each a case the
    /// text must follow or leave to the index (or the whole model): every answer still equals the whole model's.
    /// </summary>
    [Theory]
    [InlineData("a derived type split into a table of its own (EF refuses it): read with the type it derives from", true,
        "b.HasDiscriminator().HasValue(\"Dog\");", "b.HasDiscriminator().HasValue(\"Dog\");\n                    b.SplitToTable(\"DogDetails\", \"zoo\", t => { t.Property(\"Good\"); });")]
    [InlineData("a relationship onto an owned type: its owner is not read, so the index answers", true,
        "b.HasOne(\"" + PersonType + "\", \"Keeper\")", "b.HasOne(\"" + PersonType + ".Home#" + AddressType + "\", \"Keeper\")")]
    [InlineData("a base type named by a named argument on a line of its own", true,
        "b.HasBaseType(\"" + AnimalType + "\");", "b.HasBaseType(\n                        name: \"" + AnimalType + "\");")]
    [InlineData("a comment naming a base type, and its name in a longer verbatim string", true,
        "b.HasDiscriminator().HasValue(\"Dog\");", "// b.HasBaseType(\"" + AnimalType + "\");\n                    b.HasDiscriminator().HasValue(\"Dog\").HasAnnotation(\"x\", @\"a \"\"" + AnimalType + "\"\" b\");")]
    [InlineData("a derived type declared in a chain: only the whole model reads it", false,
        "            modelBuilder.Entity(", "            modelBuilder.HasAnnotation(\"x\", 1).Entity(\"Extra\", b => { b.HasBaseType(\"" + AnimalType + "\"); b.Property<int>(\"Claws\"); });\n\n            modelBuilder.Entity(")]
    public void Hand_edited_hierarchies_answer_the_same_as_the_whole_model(string edit, bool withIndex, string find, string replace)
    {
        var designer = Scaffolder.ScaffoldHistory(TestProvider.Sqlite, ("Initial", ShapeModels.Model(ShapeModels.OwnedHierarchySplit, TestProvider.Sqlite)))[0].DesignerCode;
        var at = designer.IndexOf(find, StringComparison.Ordinal);
        Assert.True(at >= 0, edit);
        var edited = designer.Remove(at, find.Length).Insert(at, replace);

        var check = AssertSameTables(edited, withIndex, efCouldWriteIt: !edit.Contains("EF refuses", StringComparison.Ordinal));
        Assert.True(check.Tables >= 4, edit);
    }

    /// <summary>
    /// EF 8 and 9 write a complex property as <c>ComplexProperty&lt;Dictionary&lt;string, object&gt;&gt;("Name", ...)</c>, and
    /// could not make one optional: its columns are NOT NULL whether or not the block says <c>IsRequired()</c> (EF leaves it
    /// out for a struct). EF 10's form, <c>ComplexProperty(typeof(...), "Name", ...)</c>, is optional without it.
    /// </summary>
    [Fact]
    public void Complex_properties_of_EF_8_and_9_Designers_are_required()
    {
        var designer = Scaffolder.ScaffoldHistory(TestProvider.PostgreSql, ("Initial", MappingShapeModels.Model))[0].DesignerCode;
        var ef9 = System.Text.RegularExpressions.Regex.Replace(designer, @"ComplexProperty\(typeof\(Dictionary<string, object>\), ", "ComplexProperty<Dictionary<string, object>>(");
        ef9 = System.Text.RegularExpressions.Regex.Replace(ef9, @"b\d\.IsRequired\(\);", string.Empty);
        Assert.DoesNotContain("typeof(Dictionary<string, object>)", ef9, StringComparison.Ordinal);

        TableDefinition Bill(string code) => TargetModelReader.Read(
            CSharpSyntaxTree.ParseText(code).GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().First(m => m.Identifier.ValueText == "BuildTargetModel"),
            migrationId: null).Table("Bill")!;
        var ef10Bill = Bill(designer);
        var ef9Bill = Bill(ef9);

        Assert.True(ef10Bill.Column("Discount_Currency")!.IsNullable);
        Assert.False(ef10Bill.Column("Total_Currency")!.IsNullable);
        Assert.All(new[] { "Discount_Currency", "Discount_Value", "Total_Currency", "Price_Rate", "Price_Net_Value" }, c => Assert.False(ef9Bill.Column(c)!.IsNullable, c));
        Assert.Equal(ef10Bill.Columns.Select(c => c.Name), ef9Bill.Columns.Select(c => c.Name));
    }

    /// <summary>
    /// An index's provider options (<c>NpgsqlIndexBuilderExtensions.HasMethod(b.HasIndex("Tags"), "gin")</c> and the like)
    /// are read as the annotations EF's own CreateIndex writes, with the same values.
    /// </summary>
    [Theory]
    [InlineData(TestProvider.PostgreSql)]
    [InlineData(TestProvider.SqlServer)]
    public void Index_options_are_read_as_the_annotations_EF_creates_the_index_with(TestProvider provider)
    {
        var migration = Scaffolder.ScaffoldHistory(provider, ("Initial", provider == TestProvider.PostgreSql ? IndexOptionModels.Postgres : IndexOptionModels.SqlServer))[0];
        var method = CSharpSyntaxTree.ParseText(migration.DesignerCode).GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().First(m => m.Identifier.ValueText == "BuildTargetModel");
        var read = TargetModelReader.Read(method, migrationId: null).Table("Doc")!;
        var created = migration.UpOperations.OfType<Microsoft.EntityFrameworkCore.Migrations.Operations.CreateIndexOperation>().ToList();
        Assert.True(created.Sum(i => i.GetAnnotations().Count()) >= 3);
        foreach (var ef in created)
        {
            var index = read.Indexes.Single(i => i.Name == ef.Name);
            Assert.Null(index.UnknownOption);
            Assert.Equal(
                ef.GetAnnotations().Select(a => $"{a.Name} {Code(a.Value)}").OrderBy(a => a, StringComparer.Ordinal),
                index.Options.Select(o => $"{o.Name} {o.Code}").OrderBy(a => a, StringComparer.Ordinal));
        }

        static string Code(object? value) => value switch
        {
            string text => "\"" + text + "\"",
            bool flag => flag ? "true" : "false",
            string[] texts => "new[] { " + string.Join(", ", texts.Select(t => "\"" + t + "\"")) + " }",
            _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!,
        };
    }

    /// <summary>
    /// Every table EF's own differ creates from a model (its CreateTable operations) is read from the Designer with the
    /// same columns (name, nullability, store type, identity), key and foreign keys: EF, not this reader, says what the
    /// model's tables are.
    /// </summary>
    [Theory]
    [MemberData(nameof(ShapeModels.ByProvider), new object[] { new TestProvider[0] }, MemberType = typeof(ShapeModels))]
    public void Every_table_EF_creates_is_read_with_its_columns_keys_and_foreign_keys(TestProvider provider, string model)
    {
        var migration = Scaffolder.ScaffoldHistory(provider, ("Initial", ShapeModels.Model(model, provider)))[0];
        var created = migration.UpOperations.OfType<Microsoft.EntityFrameworkCore.Migrations.Operations.CreateTableOperation>().ToList();
        var method = CSharpSyntaxTree.ParseText(migration.DesignerCode).GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().First(m => m.Identifier.ValueText == "BuildTargetModel");
        var read = TargetModelReader.Read(method, migrationId: null);

        Assert.Equal(created.Select(t => (t.Schema, t.Name)).OrderBy(t => t), read.Tables.Select(t => (t.Schema, t.Name)).OrderBy(t => t));
        foreach (var ef in created)
        {
            var table = read.Table(ef.Name, ef.Schema)!;
            Assert.Equal(ef.Columns.Select(c => c.Name).OrderBy(n => n, StringComparer.Ordinal), table.Columns.Select(c => c.Name).OrderBy(n => n, StringComparer.Ordinal));
            foreach (var efColumn in ef.Columns)
            {
                var column = table.Columns.Single(c => c.Name == efColumn.Name);
                var where = $"{ef.Name}.{efColumn.Name}";
                Assert.True(efColumn.IsNullable == column.IsNullable, $"{where}: EF's NULL is {efColumn.IsNullable}");
                Assert.True(column.StoreType is null || column.StoreType == efColumn.ColumnType, $"{where}: EF's type {efColumn.ColumnType}, read {column.StoreType}");
                Assert.True(EfIdentity(efColumn) == ReadIdentity(column, table, provider), $"{where}: EF's identity is {EfIdentity(efColumn)}, read {column.ValueGeneration}");
            }

            Assert.Equal((ef.PrimaryKey?.Name, string.Join(",", ef.PrimaryKey?.Columns ?? Array.Empty<string>())), (table.PrimaryKeyName, string.Join(",", table.PrimaryKey)));
            Assert.Equal(
                ef.UniqueConstraints.Select(u => (u.Name, string.Join(",", u.Columns))).OrderBy(u => u.Name, StringComparer.Ordinal),
                table.UniqueConstraints.Select(u => (u.Name, string.Join(",", u.Columns))).OrderBy(u => u.Name, StringComparer.Ordinal));
            Assert.Equal(
                ef.CheckConstraints.Select(c => (c.Name, c.Sql)).OrderBy(c => c.Name, StringComparer.Ordinal),
                table.CheckConstraints.Select(c => (c.Name, c.Sql)).OrderBy(c => c.Name, StringComparer.Ordinal));
            Assert.Equal(
                migration.UpOperations.OfType<Microsoft.EntityFrameworkCore.Migrations.Operations.CreateIndexOperation>().Where(i => i.Table == ef.Name && i.Schema == ef.Schema)
                    .Select(i => (i.Name, string.Join(",", i.Columns), i.IsUnique, i.Filter, i.IsDescending is null ? null : string.Join(",", i.IsDescending)))
                    .OrderBy(i => i.Name, StringComparer.Ordinal),
                table.Indexes.Select(i => (i.Name, string.Join(",", i.Columns), i.IsUnique, i.Filter, i.Descending is { } d ? string.Join(",", d) : null))
                    .OrderBy(i => i.Name, StringComparer.Ordinal));
            // A foreign key EF adds after the tables (one that closes a cycle between two of them) is the table's too.
            Assert.Equal(
                ef.ForeignKeys.Concat(migration.UpOperations.OfType<Microsoft.EntityFrameworkCore.Migrations.Operations.AddForeignKeyOperation>().Where(k => k.Table == ef.Name && k.Schema == ef.Schema))
                    .Select(k => (k.Name, string.Join(",", k.Columns), (string?)k.PrincipalTable, string.Join(",", k.PrincipalColumns ?? Array.Empty<string>()))).OrderBy(k => k.Name, StringComparer.Ordinal),
                table.ForeignKeys.Select(k => (k.Name, string.Join(",", k.Columns), k.PrincipalTable, string.Join(",", k.PrincipalColumns))).OrderBy(k => k.Name, StringComparer.Ordinal));
        }

        var sequences = migration.UpOperations.OfType<Microsoft.EntityFrameworkCore.Migrations.Operations.CreateSequenceOperation>()
            .Select(q => $"{q.Schema}.{q.Name} {(q.ClrType == typeof(long) ? null : q.ClrType.Name)} {q.StartValue} {q.IncrementBy} {q.MinValue} {q.MaxValue} {q.IsCyclic}");
        Assert.Equal(sequences, read.Sequences.Select(q =>
            $"{q.Schema}.{q.Name} {(q.ClrType is "int" ? "Int32" : q.ClrType)} {Number(q.StartValue) ?? 1} {Number(q.IncrementBy) ?? 1} {Number(q.MinValue)} {Number(q.MaxValue)} {q.Cyclic}"));

        static long? Number(string? literal) => literal is null ? null : long.Parse(literal.TrimEnd('L', 'l'), System.Globalization.CultureInfo.InvariantCulture);

        static bool EfIdentity(Microsoft.EntityFrameworkCore.Migrations.Operations.AddColumnOperation column) =>
            column.GetAnnotations().Any(a => a.Name is "Npgsql:ValueGenerationStrategy" or "SqlServer:Identity" or "Sqlite:Autoincrement");

        // What the rollback generator writes: an identity annotation, or SQLite's autoincrement for a generated integer key.
        static bool ReadIdentity(ColumnDefinition column, TableDefinition table, TestProvider provider) => column.ValueGeneration switch
        {
            ValueGeneration.None => false,
            ValueGeneration.OnAdd => provider == TestProvider.Sqlite && table.PrimaryKey.Count == 1 && table.PrimaryKey[0] == column.Name && column.ClrType is "int" or "long",
            _ => true,
        };
    }

    public sealed class Parcel
    {
        public int Id { get; set; }

        public string Label { get; set; } = "";

        public int CustomerId { get; set; }

        public Customer Customer { get; set; } = null!;

        public ParcelCustoms Customs { get; set; } = null!;
    }

    public sealed class ParcelCustoms
    {
        public int Id { get; set; }

        public string Declaration { get; set; } = "";
    }

    /// <summary>Table splitting without a hierarchy: two entity types in one table, a foreign key, and a schema.</summary>
    internal static void SplitParcels(ModelBuilder model)
    {
        model.Entity<Customer>(b => { b.ToTable("Customers", "shop"); b.Ignore(c => c.Orders); });
        model.Entity<Parcel>(b =>
        {
            b.ToTable("Parcels", "shop");
            b.HasOne(p => p.Customs).WithOne().HasForeignKey<ParcelCustoms>(c => c.Id);
            b.HasOne(p => p.Customer).WithMany().HasForeignKey(p => p.CustomerId);
        });
        model.Entity<ParcelCustoms>(b => b.ToTable("Parcels", "shop"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Two_entity_types_in_one_table_are_read_by_text_as_the_whole_model(TestProvider provider)
    {
        var designer = Scaffolder.ScaffoldHistory(provider, ("Initial", SplitParcels))[0].DesignerCode;
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(designer, "ToTable\\(\"Parcels\""));

        Assert.True(AssertSameTables(designer).Tables >= 2);

        // The shared table itself is answered by the text, with the columns of both types.
        var method = CSharpSyntaxTree.ParseText(designer).GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().First(m => m.Identifier.ValueText == "BuildTargetModel");
        var tables = new TargetModelReader.DesignerTables(method, () => throw new InvalidOperationException("the whole model is not needed"));
        var parcels = tables.Table("Parcels", "shop");
        Assert.Equal(1, tables.AnsweredByText);
        Assert.NotNull(parcels);
        Assert.Contains(parcels!.Columns, c => c.Name == "Label");
        Assert.Contains(parcels.Columns, c => c.Name == "Declaration");
        Assert.Contains(parcels.ForeignKeys, k => k.PrincipalTable == "Customers");
    }

    /// <summary>
    /// EF cuts a conventional key, foreign key or index name that is longer than the database allows, and the Designer
    /// does not write the name it cut. Every such name of the model read from the Designer, whole or one table at a time,
    /// is the name EF's own CreateTable and CreateIndex gave it.
    /// </summary>
    [Theory]
    [MemberData(nameof(Providers))]
    public void Names_EF_cut_to_the_identifier_limit_are_read_as_EF_cut_them(TestProvider provider)
    {
        var history = Scaffolder.ScaffoldHistory(provider, LongNameModels.History().Take(2).ToArray());
        var efNames = history.SelectMany(m => m.UpOperations).SelectMany(EfConstraintNames).OrderBy(n => n, StringComparer.Ordinal).ToList();
        Assert.Equal(6, efNames.Count); // two keys, an alternate key, a foreign key, two indexes

        var designer = history[1].DesignerCode;
        // The Designer leaves the cut names out; it writes only the one EF also numbered, where two indexes cut alike (PostgreSQL).
        Assert.Equal(provider == TestProvider.PostgreSql ? new[] { "~1\");" } : Array.Empty<string>(), System.Text.RegularExpressions.Regex.Matches(designer, "~.*").Select(m => m.Value));
        var method = CSharpSyntaxTree.ParseText(designer).GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().First(m => m.Identifier.ValueText == "BuildTargetModel");
        var read = TargetModelReader.Read(method, migrationId: null).Tables
            .SelectMany(t => t.Indexes.Select(i => i.Name).Concat(t.ForeignKeys.Select(k => k.Name)).Concat(t.UniqueConstraints.Select(u => u.Name)).Append(t.PrimaryKeyName!))
            .OrderBy(n => n, StringComparer.Ordinal);
        Assert.Equal(efNames, read);

        // Read one table at a time, by the text and by the index, the names are the same.
        Assert.True(AssertSameTables(designer).AnsweredByText > 0);
    }

    private static IEnumerable<string> EfConstraintNames(Microsoft.EntityFrameworkCore.Migrations.Operations.MigrationOperation operation) => operation switch
    {
        Microsoft.EntityFrameworkCore.Migrations.Operations.CreateTableOperation table =>
            table.ForeignKeys.Select(k => k.Name).Concat(table.UniqueConstraints.Select(u => u.Name)).Append(table.PrimaryKey!.Name),
        Microsoft.EntityFrameworkCore.Migrations.Operations.CreateIndexOperation index => new[] { index.Name },
        _ => Array.Empty<string>(),
    };

    /// <summary>A Designer as EF writes it, with Customers and an Orders table whose foreign key names Customers.</summary>
    private static string PlainDesigner()
    {
        var designer = Scaffolder.ScaffoldHistory(TestProvider.PostgreSql, ("Initial", Models.CustomersAndOrders))[0].DesignerCode;
        Assert.Contains("b.ToTable(\"Customers\"", designer, StringComparison.Ordinal);
        return designer;
    }

    [Fact]
    public void The_text_answers_a_plain_Designer()
    {
        var check = AssertSameTables(PlainDesigner());
        Assert.True(check.Tables >= 2);
        Assert.True(check.AnsweredByText > 0);
    }

    /// <summary>Hand edits after which the text cannot be sure of a table; the index (or the whole model) answers, the same as ever.</summary>
    [Theory]
    [InlineData("a second ToTable", "b.ToTable(\"Customers\"", "b.ToTable(\"Clients\");\n                    b.ToTable(\"Customers\"")]
    [InlineData("an overridden ToTable", "b.ToTable(\"Customers\"", "b.ToTable(\"Customers\");\n                    b.ToTable(\"Clients\"")]
    [InlineData("a ToTable inside a chain", "b.ToTable(\"Customers\"", "b.HasComment(\"c\").ToTable(\"Customers\"")]
    [InlineData("an escape", "b.ToTable(\"Customers\"", "b.HasComment(\"a\\tb\");\n                    b.ToTable(\"Customers\"")]
    [InlineData("a unicode escape in the name", "b.ToTable(\"Customers\"", "b.ToTable(\"Cust\\u006Fmers\"")]
    [InlineData("a comment holding the call", "b.ToTable(\"Customers\"", "// b.ToTable(\"Orders\");\n                    b.ToTable(\"Customers\"")]
    [InlineData("a lower identifier limit", "\"Relational:MaxIdentifierLength\", 63", "\"Relational:MaxIdentifierLength\", 20")]
    [InlineData("the limit set twice, the later lower", "\"Relational:MaxIdentifierLength\", 63)", "\"Relational:MaxIdentifierLength\", 63).HasAnnotation(\"Relational:MaxIdentifierLength\", 20)")]
    [InlineData("a limit in a comment", "\"Relational:MaxIdentifierLength\", 63)", "\"Relational:MaxIdentifierLength\", 63) /* .HasAnnotation(\"Relational:MaxIdentifierLength\", 20) */")]
    [InlineData("a limit in an entity block", "b.ToTable(\"Customers\"", "b.HasAnnotation(\"Relational:MaxIdentifierLength\", 20);\n                    b.ToTable(\"Customers\"")]
    [InlineData("a limit in a statement of its own, after the entity types", "#pragma warning restore", "modelBuilder.HasAnnotation(\"Relational:MaxIdentifierLength\", 20);\n#pragma warning restore")]
    [InlineData("a default schema", "\"Relational:MaxIdentifierLength\", 63)", "\"Relational:MaxIdentifierLength\", 63).HasDefaultSchema(\"sales\")")]
    [InlineData("a default schema set, then cleared", "\"Relational:MaxIdentifierLength\", 63)", "\"Relational:MaxIdentifierLength\", 63).HasDefaultSchema(\"sales\").HasDefaultSchema(null)")]
    [InlineData("a default schema in a statement of its own", "modelBuilder.Entity(", "modelBuilder.HasDefaultSchema(\"sales\");\n\n            modelBuilder.Entity(")]
    [InlineData("a default schema in a comment", "\"Relational:MaxIdentifierLength\", 63)", "\"Relational:MaxIdentifierLength\", 63) /* .HasDefaultSchema(\"sales\") */")]
    public void Hand_edited_Designers_answer_the_same_as_the_whole_model(string edit, string find, string replace)
    {
        var designer = PlainDesigner();
        var edited = designer.Replace(find, replace, StringComparison.Ordinal);
        Assert.NotEqual(designer, edited);

        var check = AssertSameTables(edited);
        Assert.True(check.Tables >= 1, edit);
    }

    /// <summary>
    /// Raw SQL's <c>DROP INDEX name</c> names no table. The text answers an index EF names by its convention (<c>IX_table_columns</c>)
    /// from the tables named before its underscores; a name the Designer writes, and a name two tables share, are left to the
    /// whole model. Every answer equals the whole model's.
    /// </summary>
    [Theory]
    [InlineData("a table name with an underscore", "b.ToTable(\"Orders\"", "b.ToTable(\"Order_Lines\"", true)]
    [InlineData("an index the Designer names", "b.HasIndex(\"CustomerId\");", "b.HasIndex(\"CustomerId\").HasDatabaseName(\"by_customer\");", false)]
    [InlineData("an index the Designer names under another table's prefix", "b.HasIndex(\"CustomerId\");", "b.HasIndex(\"CustomerId\").HasDatabaseName(\"IX_Customers_Id\");", false)]
    public void The_table_of_an_index_equals_the_whole_model(string edit, string find, string replace, bool byText)
    {
        var designer = PlainDesigner();
        var edited = designer.Replace(find, replace, StringComparison.Ordinal);
        Assert.NotEqual(designer, edited);

        var check = AssertSameTables(edited);
        Assert.True(check.Tables >= 2, edit);
        var method = CSharpSyntaxTree.ParseText(edited).GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().First(m => m.Identifier.ValueText == "BuildTargetModel");
        var whole = TargetModelReader.Read(method, migrationId: null);
        var index = Assert.Single(whole.Tables.SelectMany(t => t.Indexes));
        var tables = new TargetModelReader.DesignerTables(method, () => whole);
        Assert.Equal(ForIndexes(whole.TableOfIndex(index.Name)), ForIndexes(tables.TableOfIndex(index.Name)));
        Assert.Equal(byText ? 1 : 0, tables.IndexesAnsweredByText);
    }

    public sealed class Shelf
    {
        public int Id { get; set; }

        public int B_C { get; set; }
    }

    public sealed class Bin
    {
        public int Id { get; set; }

        public int C { get; set; }
    }

    /// <summary>
    /// Tables A (an index on B_C) and A_B (an index on C): by the convention both indexes are IX_A_B_C. SQL Server names
    /// indexes per table and keeps both, so the first in the model's order is the answer, the whole model's. The others name
    /// them per schema, and EF writes the second's name, IX_A_B_C1, into the Designer, so the text answers.
    /// </summary>
    [Theory]
    [MemberData(nameof(Providers))]
    public void An_index_name_two_tables_share_is_left_to_the_whole_model(TestProvider provider)
    {
        var designer = Scaffolder.ScaffoldHistory(provider, ("Initial", (Action<ModelBuilder>)(model =>
        {
            model.Entity<Shelf>(b => { b.ToTable("A"); b.HasIndex(s => s.B_C); });
            model.Entity<Bin>(b => { b.ToTable("A_B"); b.HasIndex(s => s.C); });
        })))[0].DesignerCode;

        AssertSameTables(designer);
        var method = CSharpSyntaxTree.ParseText(designer).GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().First(m => m.Identifier.ValueText == "BuildTargetModel");
        var whole = TargetModelReader.Read(method, migrationId: null);
        var perTable = provider == TestProvider.SqlServer;
        Assert.Equal(new[] { "IX_A_B_C", perTable ? "IX_A_B_C" : "IX_A_B_C1" }, whole.Tables.SelectMany(t => t.Indexes).Select(i => i.Name));
        var tables = new TargetModelReader.DesignerTables(method, () => whole);
        var table = tables.TableOfIndex("IX_A_B_C");
        Assert.Equal(ForIndexes(whole.TableOfIndex("IX_A_B_C")), ForIndexes(table));
        Assert.Equal("A_B", table?.Name); // EF writes the types by name: Bin's table first.
        Assert.Equal(perTable ? 0 : 1, tables.IndexesAnsweredByText);
    }

    [Fact]
    public void An_entity_call_inside_a_chain_is_answered_from_the_whole_model()
    {
        var designer = PlainDesigner();
        var at = designer.IndexOf("modelBuilder.Entity(", StringComparison.Ordinal);
        var edited = designer.Insert(at, "modelBuilder.HasAnnotation(\"x\", 1).Entity(\"Extra\", b => { b.Property<int>(\"Id\"); b.HasKey(\"Id\"); b.ToTable(\"Customers\"); });\n\n            ");

        // Every answer equals the whole model's; the table the chained call maps is never answered by the text.
        AssertSameTables(edited, withIndex: false);
        var method = CSharpSyntaxTree.ParseText(edited).GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().First(m => m.Identifier.ValueText == "BuildTargetModel");
        var whole = TargetModelReader.Read(method, migrationId: null);
        var tables = new TargetModelReader.DesignerTables(method, () => whole);
        Assert.Equal(whole.Table("Customers"), tables.Table("Customers", null));
        Assert.Equal(0, tables.AnsweredByText);
    }
}
