using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SafeMigrations.Analyzers.Tests.Verifiers;

/// <summary>
/// Model shapes real projects have and the simpler test models lack: owned types nested three levels deep (in their
/// owner's table and in a table of their own, required and optional at each level), a table split with an optional
/// dependent, and names outside ASCII that EF cuts to PostgreSQL's 63 characters (which PostgreSQL counts in bytes).
/// </summary>
public static class NestedShapeModels
{
    public sealed class Geo
    {
        public double Lat { get; set; }

        public double Lng { get; set; }
    }

    public sealed class Place
    {
        public string Street { get; set; } = "";

        public Geo Geo { get; set; } = new();

        /// <summary>Optional inside a required owner: its columns are NULL.</summary>
        public Geo? Pin { get; set; }
    }

    public sealed class Contact
    {
        public string Phone { get; set; } = "";

        public Place Place { get; set; } = new();
    }

    public sealed class Branch
    {
        public string Name { get; set; } = "";

        public Place Place { get; set; } = new();
    }

    public sealed class Company
    {
        public int Id { get; set; }

        public string Name { get; set; } = "";

        public Contact Contact { get; set; } = new();

        /// <summary>Optional: every column under it, down to Geo's, is NULL.</summary>
        public Contact? Backup { get; set; }

        public List<Branch> Branches { get; set; } = [];
    }

    public sealed class Vehicle
    {
        public int Id { get; set; }

        public string Plate { get; set; } = "";

        /// <summary>Optional, in Vehicles' own table: its columns are NULL there.</summary>
        public Engine? Engine { get; set; }
    }

    public sealed class Engine
    {
        public int Id { get; set; }

        public int Power { get; set; }

        public string Fuel { get; set; } = "";
    }

    public sealed class Straße
    {
        public int Id { get; set; }

        public string Bezeichnung { get; set; } = "";
    }

    public sealed class Gemeinde
    {
        public int Id { get; set; }

        public string Name { get; set; } = "";

        public int? HauptstraßeId { get; set; }

        public Straße? Hauptstraße { get; set; }
    }

    /// <summary>
    /// 57 characters, 61 bytes in UTF-8. Its index's name, <c>IX_</c> + table + <c>_Bezeichnung</c>, EF cuts to 63
    /// characters, and PostgreSQL cuts that again to 63 bytes. (A second conventional index on the table would collide
    /// with it after PostgreSQL's cut, and EF's own Up would fail: EF counts characters.)
    /// </summary>
    public const string StreetsTable = "StraßenverzeichnisÄnderungsübersichtFürGemeindenUndKreise";

    public static void Model(ModelBuilder model) => Model(model, streetIndex: true);

    private static void Model(ModelBuilder model, bool streetIndex)
    {
        model.Entity<Company>(b =>
        {
            b.OwnsOne(c => c.Contact, contact => contact.OwnsOne(c => c.Place, PlaceWithGeo));
            b.OwnsOne(c => c.Backup, contact => contact.OwnsOne(c => c.Place, PlaceWithGeo));
            b.OwnsMany(c => c.Branches, branch =>
            {
                branch.ToTable("Branches");
                branch.OwnsOne(br => br.Place, PlaceWithGeo);
            });
        });
        model.Entity<Vehicle>(b =>
        {
            b.ToTable("Vehicles");
            b.HasOne(v => v.Engine).WithOne().HasForeignKey<Engine>(e => e.Id);
        });
        model.Entity<Engine>(b => b.ToTable("Vehicles"));
        model.Entity<Gemeinde>(b => b.ToTable("Gemeinden"));
        model.Entity<Straße>(b =>
        {
            b.ToTable(StreetsTable);
            if (streetIndex)
            {
                b.HasIndex(s => s.Bezeichnung).IsUnique();
            }
        });
    }

    private static void PlaceWithGeo<TOwner>(OwnedNavigationBuilder<TOwner, Place> place)
        where TOwner : class
    {
        place.OwnsOne(p => p.Geo);
        place.OwnsOne(p => p.Pin);
    }

    /// <summary>The shapes created, the index with the cut name dropped, then all dropped at once (a table of another model keeps the context non-empty).</summary>
    public static (string Name, Action<ModelBuilder> Model)[] DroppedAtOnce() => new[]
    {
        Models.Step("Initial", Model),
        Models.Step("DropStreetIndex", m => Model(m, streetIndex: false)),
        Models.Step("DropAll", m => m.Entity<Rollback.RollbackHarness.Tag>(b => b.HasKey(t => t.Name))),
    };
}
