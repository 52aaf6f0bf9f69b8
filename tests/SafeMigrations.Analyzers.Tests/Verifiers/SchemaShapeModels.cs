using Microsoft.EntityFrameworkCore;

namespace SafeMigrations.Analyzers.Tests.Verifiers;

/// <summary>
/// A model in a default schema (<c>HasDefaultSchema</c>), with a keyless table, a hierarchy whose derived type owns a type
/// in the hierarchy's table, a self-referencing many-to-many, and a concurrency token.
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
        model.Entity<Freight>(b => b.OwnsOne(f => f.Cargo));
        model.Entity<Member>(b => b.HasMany(m => m.Friends).WithMany(m => m.FriendOf));
    }
}
