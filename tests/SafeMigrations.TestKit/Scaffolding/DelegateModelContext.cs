using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace SafeMigrations.TestKit.Scaffolding;

/// <summary>A DbContext whose model is whatever a delegate builds.</summary>
internal sealed class DelegateModelContext : DbContext
{
    public DelegateModelContext(DbContextOptions<DelegateModelContext> options, Action<ModelBuilder> buildModel)
        : base(options)
        => BuildModel = buildModel;

    public Action<ModelBuilder> BuildModel { get; }

    protected override void OnModelCreating(ModelBuilder modelBuilder) => BuildModel(modelBuilder);
}

/// <summary>
/// EF caches one model per context type; key the cache on the delegate instance instead so that every
/// delegate gets its own model (and the same delegate reuses its model).
/// </summary>
internal sealed class DelegateModelCacheKeyFactory : IModelCacheKeyFactory
{
    public object Create(DbContext context, bool designTime)
        => context is DelegateModelContext delegateContext
            ? (delegateContext.BuildModel, designTime)
            : (context.GetType(), designTime);
}
