using Microsoft.EntityFrameworkCore;

namespace SafeMigrations.Analyzers.Tests.Verifiers;

/// <summary>
/// A model in a default schema (<c>HasDefaultSchema</c>), with a keyless table, a hierarchy with a discriminator of its own,
/// a column two derived types share, a derived type's foreign key, and a derived type that owns a type (renamed column,
/// index) in the hierarchy's table, a self-referencing many-to-many, and a concurrency token.
/// </summary>
public static class SchemaShapeModels
{
    public sealed class LogLine
    {
        public DateTime At { get; set; }

        public string Text { get; set; } = "";
    }

    public class Shipment
    {
        public int Id { get; set; }

        public string Code { get; set; } = "";

        public Guid Stamp { get; set; }
    }

    public sealed class Freight : Shipment
    {
        public Cargo Cargo { get; set; } = new();

        /// <summary>A derived type's foreign key in the hierarchy's table: NULL there, for the rows of other types.</summary>
        public int CarrierId { get; set; }

        public Member Carrier { get; set; } = null!;

        public int Priority { get; set; }
    }

    public sealed class Parcel : Shipment
    {
        /// <summary>The same column as Freight's Priority (both map to "Priority").</summary>
        public int Priority { get; set; }
    }

    public sealed class Cargo
    {
        public double Weight { get; set; }

        public string Kind { get; set; } = "";
    }

    public sealed class Member
    {
        public int Id { get; set; }

        public string Name { get; set; } = "";

        public List<Member> Friends { get; set; } = [];

        public List<Member> FriendOf { get; set; } = [];
    }

    public static void Model(ModelBuilder model)
    {
        model.HasDefaultSchema("app");
        model.Entity<LogLine>(b => b.HasNoKey().ToTable("LogLines"));
        model.Entity<Shipment>(b => b.Property(s => s.Stamp).IsConcurrencyToken());
        model.Entity<Shipment>(b => b.HasDiscriminator<string>("Kind").HasValue<Shipment>("plain").HasValue<Freight>("freight").HasValue<Parcel>("parcel"));
        model.Entity<Shipment>().Property<string>("Kind").HasMaxLength(12);
        model.Entity<Freight>(b =>
        {
            b.OwnsOne(f => f.Cargo, c =>
            {
                c.Property(x => x.Kind).HasColumnName("CargoKind");
                c.HasIndex(x => x.Weight);
            });
            b.Property(f => f.Priority).HasColumnName("Priority");
        });
        model.Entity<Parcel>(b => b.Property(p => p.Priority).HasColumnName("Priority"));
        model.Entity<Member>(b => b.HasMany(m => m.Friends).WithMany(m => m.FriendOf));
    }
}
