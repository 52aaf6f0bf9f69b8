using Microsoft.EntityFrameworkCore;

namespace SafeMigrations.Analyzers.Tests.Verifiers;

/// <summary>
/// Indexes with provider options, which EF's Designer writes as calls of <c>NpgsqlIndexBuilderExtensions</c> or
/// <c>SqlServerIndexBuilderExtensions</c> (or annotations) and its CreateIndex as annotations: a GIN index, a covering
/// index with an operator class, NULLS NOT DISTINCT; a non-clustered covering index with a fill factor, an online build.
/// </summary>
public static class IndexOptionModels
{
    public sealed class Doc
    {
        public int Id { get; set; }

        public string Title { get; set; } = "";

        public string Slug { get; set; } = "";

        public List<string> Tags { get; set; } = [];

        public string? Code { get; set; }
    }

    public static void Postgres(ModelBuilder model) => model.Entity<Doc>(b =>
    {
        b.HasIndex(d => d.Tags).HasMethod("gin");
        NpgsqlIndexBuilderExtensions.IncludeProperties(b.HasIndex(d => d.Title), d => d.Slug).HasOperators("text_pattern_ops");
        b.HasIndex(d => d.Code).IsUnique().AreNullsDistinct(false);
    });


    public static void SqlServer(ModelBuilder model) => model.Entity<Doc>(b =>
    {
        SqlServerIndexBuilderExtensions.IncludeProperties(b.HasIndex(d => d.Title), d => d.Slug).IsClustered(false).HasFillFactor(80);
        b.HasIndex(d => d.Code).IsCreatedOnline();
    });

    /// <summary>The model, its indexes dropped (the table stays), and the table dropped.</summary>
    public static (string Name, Action<ModelBuilder> Model)[] Dropped(Action<ModelBuilder> model) => new[]
    {
        Models.Step("Initial", model),
        Models.Step("DropIndexes", m => m.Entity<Doc>()),
        Models.Step("DropAll", m => m.Entity<Rollback.RollbackHarness.Tag>(b => b.HasKey(t => t.Name))),
    };
}
