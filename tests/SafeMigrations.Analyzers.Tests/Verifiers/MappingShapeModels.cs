using Microsoft.EntityFrameworkCore;

namespace SafeMigrations.Analyzers.Tests.Verifiers;

/// <summary>
/// EF Core 7 to 10 mappings whose tables the Designer does not spell out column by column: table-per-type and
/// table-per-concrete-type hierarchies, complex types (required, optional, nested, and a JSON collection), and owned
/// types mapped to JSON columns.
/// </summary>
public static class MappingShapeModels
{
    public abstract class Payment
    {
        public int Id { get; set; }

        public decimal Amount { get; set; }
    }

    public sealed class CardPayment : Payment
    {
        public string Last4 { get; set; } = "";
    }

    public sealed class BankPayment : Payment
    {
        public string Iban { get; set; } = "";

        public int? Days { get; set; }
    }

    /// <summary>Table-per-type mapped by ToTable alone, as in EF 5 and 6 (EF 10's Designer writes UseTptMappingStrategy() all the same).</summary>
    public class Account
    {
        public int Id { get; set; }

        public string Holder { get; set; } = "";
    }

    public sealed class SavingsAccount : Account
    {
        public decimal Rate { get; set; }
    }

    public abstract class Machine
    {
        public int Id { get; set; }

        public string Serial { get; set; } = "";
    }

    public sealed class Lathe : Machine
    {
        public int Spindles { get; set; }
    }

    public sealed class Press : Machine
    {
        public double Force { get; set; }
    }

    public sealed class Money
    {
        public decimal Value { get; set; }

        public string Currency { get; set; } = "";
    }

    /// <summary>A complex type that is a struct: EF 10 marks it required or optional in the Designer as it does a class.</summary>
    public struct Size
    {
        public int Width { get; set; }

        public int Height { get; set; }
    }

    public sealed class Price
    {
        public Money Net { get; set; } = new();

        public int Rate { get; set; }
    }

    public sealed class Place
    {
        public double Lat { get; set; }

        public double Lng { get; set; }
    }

    public sealed class Meta
    {
        public string Source { get; set; } = "";

        public List<string> Tags { get; set; } = [];

        /// <summary>Owned inside the JSON document: part of its column, no column of its own.</summary>
        public Place? Where { get; set; }
    }

    /// <summary>Split between two tables (entity splitting): Bio and Avatar live in ProfileDetails.</summary>
    public sealed class Profile
    {
        public int Id { get; set; }

        public string Name { get; set; } = "";

        public string Bio { get; set; } = "";

        public byte[]? Avatar { get; set; }
    }

    public sealed class Bill
    {
        public int Id { get; set; }

        public Money Total { get; set; } = new();

        public Money? Discount { get; set; }

        public Price Price { get; set; } = new();

        public Size Format { get; set; }

        public Size? Fold { get; set; }

        public List<Money> Parts { get; set; } = [];

        public Meta Meta { get; set; } = new();

        public Meta? Extra { get; set; }

        public List<Meta> Lines { get; set; } = [];
    }

    public static void Model(ModelBuilder model) => Model(model, machines: true);

    /// <summary>The model with a sequence of every option (not on SQLite, which has no sequences).</summary>
    public static void ModelWithSequence(ModelBuilder model)
    {
        Model(model);
        model.HasSequence<int>("InvoiceNumbers", "billing").StartsAt(1000).IncrementsBy(5).HasMin(10).HasMax(100000).IsCyclic();
    }

    private static void Model(ModelBuilder model, bool machines)
    {
        model.Entity<Payment>().UseTptMappingStrategy().ToTable("Payments");
        model.Entity<CardPayment>().ToTable("CardPayments");
        model.Entity<BankPayment>().ToTable("BankPayments");
        model.Entity<Account>().ToTable("Accounts");
        model.Entity<SavingsAccount>().ToTable("SavingsAccounts");
        if (machines)
        {
            model.Entity<Machine>().UseTpcMappingStrategy();
            model.Entity<Lathe>().ToTable("Lathes");
            model.Entity<Press>().ToTable("Presses");
        }

        model.Entity<Profile>(b =>
        {
            b.ToTable("Profiles");
            b.HasIndex(p => p.Bio); // On a split-off property: an index of ProfileDetails.
            b.SplitToTable("ProfileDetails", t =>
            {
                t.Property(p => p.Bio).HasColumnName("Biography");
                t.Property(p => p.Avatar);
            });
        });
        model.Entity<Bill>(b =>
        {
            b.ComplexProperty(i => i.Total);
            b.ComplexProperty(i => i.Discount);
            b.ComplexProperty(i => i.Price, p => p.ComplexProperty(x => x.Net));
            b.ComplexProperty(i => i.Format);
            b.ComplexProperty(i => i.Fold);
            b.ComplexCollection(i => i.Parts, p => p.ToJson());
            b.OwnsOne(i => i.Meta, m =>
            {
                m.ToJson();
                m.OwnsOne(x => x.Where);
            });
            b.OwnsOne(i => i.Extra, m =>
            {
                m.ToJson("ExtraData");
                m.OwnsOne(x => x.Where);
            });
            b.OwnsMany(i => i.Lines, m =>
            {
                m.ToJson();
                m.OwnsOne(x => x.Where);
            });
        });
    }
}
