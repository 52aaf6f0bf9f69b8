using Microsoft.EntityFrameworkCore;
using SafeMigrations.TestKit.Scaffolding;

namespace SafeMigrations.Analyzers.Tests.Verifiers;

/// <summary>
/// The model shapes whose tables a Designer does not spell out, which the reader must read as EF does: each is created by
/// a first migration and dropped whole by a second, so EF's scaffolded Down of the second re-creates every table of it.
/// </summary>
public static class ShapeModels
{
    public const string OwnedHierarchySplit = "owned, hierarchy, split";
    public const string NestedOwnedOptionalSplit = "nested owned, optional split, non-ASCII";
    public const string MappingStrategies = "mapping strategies, complex, JSON";
    public const string Facets = "column and relationship facets";
    public const string DefaultSchema = "default schema, keyless, owned in a hierarchy";
    public const string MutualKeys = "two tables with foreign keys onto each other";

    public static readonly string[] Names = [OwnedHierarchySplit, NestedOwnedOptionalSplit, MappingStrategies, Facets, DefaultSchema, MutualKeys];

    /// <summary>Every shape on each of <paramref name="providers"/> (all three when none is named).</summary>
    public static TheoryData<TestProvider, string> ByProvider(params TestProvider[] providers)
    {
        var data = new TheoryData<TestProvider, string>();
        foreach (var provider in providers.Length > 0 ? providers : [TestProvider.PostgreSql, TestProvider.SqlServer, TestProvider.Sqlite])
        {
            foreach (var name in Names)
            {
                data.Add(provider, name);
            }
        }

        return data;
    }

    public static TheoryData<string> All()
    {
        var data = new TheoryData<string>();
        foreach (var name in Names)
        {
            data.Add(name);
        }

        return data;
    }

    /// <summary>
    /// The shapes whose EF migrations SQLite can run: not <see cref="MutualKeys"/>, whose Up drops a foreign key on its own,
    /// which SQLite cannot do (EF's generator throws).
    /// </summary>
    public static TheoryData<string> RunnableOnSqlite()
    {
        var data = new TheoryData<string>();
        foreach (var name in Names.Where(n => n != MutualKeys))
        {
            data.Add(name);
        }

        return data;
    }

    /// <summary>The model of a shape; the mapping strategies get a sequence of every option where the database has sequences.</summary>
    public static Action<ModelBuilder> Model(string name, TestProvider provider) => name switch
    {
        OwnedHierarchySplit => m => { Reading.TargetModelTableIndexTests.Shapes(m); Reading.TargetModelTableIndexTests.SplitParcels(m); },
        NestedOwnedOptionalSplit => NestedShapeModels.Model,
        MappingStrategies => provider == TestProvider.Sqlite ? MappingShapeModels.Model : MappingShapeModels.ModelWithSequence,
        Facets => provider == TestProvider.SqlServer ? FacetModels.ModelWithTemporalTable : FacetModels.Model,
        MutualKeys => MutualKeyModels.Model,
        _ => SchemaShapeModels.Model,
    };

    /// <summary>
    /// The shape created, then dropped at once (a table of another model keeps the context non-empty); the names outside
    /// ASCII also lose their index alone first, which a later Up drops by the name EF cut.
    /// </summary>
    public static (string Name, Action<ModelBuilder> Model)[] DroppedAtOnce(string name, TestProvider provider) => name == NestedOwnedOptionalSplit
        ? NestedShapeModels.DroppedAtOnce()
        : new[]
        {
            Models.Step("Initial", Model(name, provider)),
            Models.Step("DropAll", m => m.Entity<Rollback.RollbackHarness.Tag>(b => b.HasKey(t => t.Name))),
        };

    /// <summary>Code EF's Down of the drop writes only for that shape: proof the scaffolded history holds it.</summary>
    public static string[] DownMarkers(string name) => name switch
    {
        OwnedHierarchySplit => ["Work_City = table.Column<string>(", "name: \"Parcels\""],
        NestedOwnedOptionalSplit => ["Backup_Place_Geo_Lat = table.Column<double>(", "Power = table.Column<int>("],
        MappingStrategies => ["Price_Net_Currency = table.Column<string>(", "name: \"FK_BankPayments_Payments_Id\"", "Serial = table.Column<string>("],
        Facets => ["name: \"PostTagLinks\""],
        MutualKeys => ["migrationBuilder.DropForeignKey(", "migrationBuilder.AddForeignKey("],
        _ => ["name: \"LogLines\"", "Cargo_Weight = table.Column<double>("],
    };
}
