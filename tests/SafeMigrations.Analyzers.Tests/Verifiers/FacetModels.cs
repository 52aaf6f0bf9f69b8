using Microsoft.EntityFrameworkCore;

namespace SafeMigrations.Analyzers.Tests.Verifiers;

/// <summary>
/// A model with the column and relationship facets real projects configure: many-to-many join tables (EF's own and one
/// with a payload), composite and alternate keys, a foreign key onto an alternate key, a self reference, a shadow
/// foreign key, renamed columns, conversions, enums, defaults, computed columns, precision, fixed length, unicode,
/// filtered and descending indexes, and check constraints.
/// </summary>
public static class FacetModels
{
    public enum Status
    {
        Draft,
        Active,
    }

    public sealed class Author
    {
        public int Id { get; set; }

        public string Handle { get; set; } = "";

        public string DisplayName { get; set; } = "";

        public Status Status { get; set; }

        public int? MentorId { get; set; }

        public Author? Mentor { get; set; }

        public List<Post> Posts { get; set; } = [];
    }

    public sealed class Post
    {
        public int Id { get; set; }

        public string Title { get; set; } = "";

        public string Slug { get; set; } = "";

        public decimal Rating { get; set; }

        public DateTime CreatedAt { get; set; }

        public string Code { get; set; } = "";

        public Uri? Link { get; set; }

        public List<Author> Authors { get; set; } = [];

        public List<Tag> Tags { get; set; } = [];
    }

    public sealed class Tag
    {
        public string Name { get; set; } = "";

        public string Scope { get; set; } = "";

        public List<Post> Posts { get; set; } = [];
    }

    public sealed class Review
    {
        public int PostId { get; set; }

        public int Number { get; set; }

        public string AuthorHandle { get; set; } = "";

        public Author Author { get; set; } = null!;

        public int Score { get; set; }
    }

    public static void Model(ModelBuilder model) => Model(model, sortedIndex: true);

    /// <summary>The model with Author a SQL Server temporal table (its period columns are the Designer's shadow properties).</summary>
    public static void ModelWithTemporalTable(ModelBuilder model)
    {
        Model(model);
        model.Entity<Author>().ToTable(t => t.IsTemporal());
    }

    private static void Model(ModelBuilder model, bool sortedIndex)
    {
        model.Entity<Author>(b =>
        {
            b.HasAlternateKey(a => a.Handle);
            b.Property(a => a.DisplayName).HasColumnName("display_name").HasMaxLength(120).IsUnicode(false);
            b.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
            b.HasOne(a => a.Mentor).WithMany().HasForeignKey(a => a.MentorId).OnDelete(DeleteBehavior.Restrict);
            b.HasIndex(a => a.DisplayName).HasFilter("\"display_name\" IS NOT NULL").HasDatabaseName("IX_Authors_Name");
        });
        model.Entity<Post>(b =>
        {
            b.Property(p => p.Rating).HasPrecision(5, 2).HasDefaultValue(3.5m);
            b.Property(p => p.Code).HasMaxLength(8).IsFixedLength();
            b.Property(p => p.Slug).HasComputedColumnSql("lower(\"Title\")", stored: true);
            b.Property(p => p.CreatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
            if (sortedIndex)
            {
                b.HasIndex(p => new { p.Title, p.CreatedAt }).IsDescending(false, true);
            }

            b.ToTable(t => t.HasCheckConstraint("CK_Post_Rating", "\"Rating\" >= 0"));
            b.HasMany(p => p.Authors).WithMany(a => a.Posts);
            b.HasMany(p => p.Tags).WithMany(t => t.Posts).UsingEntity<Dictionary<string, object>>(
                "PostTagLinks",
                right => right.HasOne<Tag>().WithMany().HasForeignKey("TagName", "TagScope"),
                left => left.HasOne<Post>().WithMany().HasForeignKey("PostId"),
                join =>
                {
                    join.Property<string>("TagName");
                    join.Property<string>("TagScope");
                    join.Property<DateTime>("LinkedAt").HasDefaultValueSql("CURRENT_TIMESTAMP");
                });
        });
        model.Entity<Tag>(b =>
        {
            b.ToTable("Tags"); // Not "Tag": the table DroppedAtOnce's last step keeps.
            b.HasKey(t => new { t.Name, t.Scope });
        });
        model.Entity<Review>(b =>
        {
            b.HasKey(r => new { r.PostId, r.Number });
            b.HasOne<Post>().WithMany().HasForeignKey(r => r.PostId);
            b.HasOne(r => r.Author).WithMany().HasForeignKey(r => r.AuthorHandle).HasPrincipalKey(a => a.Handle);
            b.Property<string>("Source").HasMaxLength(20);
        });
    }

    /// <summary>The model, then its index sorted one column descending dropped.</summary>
    public static (string Name, Action<ModelBuilder> Model)[] SortedIndexDropped() => new[]
    {
        Models.Step("Initial", Model),
        Models.Step("DropSortedIndex", m => Model(m, sortedIndex: false)),
    };
}
