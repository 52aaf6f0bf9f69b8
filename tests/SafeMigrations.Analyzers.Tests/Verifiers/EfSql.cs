using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace SafeMigrations.Analyzers.Tests.Verifiers;

/// <summary>
/// The SQL EF Core's real SQLite migrations SQL generator writes for scaffolded operations, given the target
/// model of their migration, as <c>dotnet ef database update</c> would run it.
/// </summary>
public static class EfSql
{
    public static IReadOnlyList<MigrationCommand> Sqlite(Action<ModelBuilder> targetModel, IReadOnlyList<MigrationOperation> operations)
    {
        var options = new DbContextOptionsBuilder<ModelContext>()
            .UseSqlite("Data Source=:memory:")
            .ReplaceService<IModelCacheKeyFactory, DelegateKeyFactory>()
            .Options;
        using var context = new ModelContext(options, targetModel);
        return context.GetService<IMigrationsSqlGenerator>().Generate(operations, context.GetService<IDesignTimeModel>().Model, MigrationsSqlGenerationOptions.Default);
    }

    /// <summary>The same for Npgsql's PostgreSQL migrations SQL generator.</summary>
    public static IReadOnlyList<MigrationCommand> Postgres(Action<ModelBuilder> targetModel, IReadOnlyList<MigrationOperation> operations)
    {
        var options = new DbContextOptionsBuilder<ModelContext>()
            .UseNpgsql("Host=localhost;Database=unused")
            .ReplaceService<IModelCacheKeyFactory, DelegateKeyFactory>()
            .Options;
        using var context = new ModelContext(options, targetModel);
        return context.GetService<IMigrationsSqlGenerator>().Generate(operations, context.GetService<IDesignTimeModel>().Model, MigrationsSqlGenerationOptions.Default);
    }

    /// <summary>The same for EF's SQL Server migrations SQL generator (no server needed to generate).</summary>
    public static IReadOnlyList<MigrationCommand> SqlServer(Action<ModelBuilder> targetModel, IReadOnlyList<MigrationOperation> operations)
    {
        var options = new DbContextOptionsBuilder<ModelContext>()
            .UseSqlServer("Server=unused;Database=unused")
            .ReplaceService<IModelCacheKeyFactory, DelegateKeyFactory>()
            .Options;
        using var context = new ModelContext(options, targetModel);
        return context.GetService<IMigrationsSqlGenerator>().Generate(operations, context.GetService<IDesignTimeModel>().Model, MigrationsSqlGenerationOptions.Default);
    }

    /// <summary>All command texts, one after another.</summary>
    public static string Text(IReadOnlyList<MigrationCommand> commands) => string.Join("\n", commands.Select(c => c.CommandText));

    private sealed class ModelContext : DbContext
    {
        public ModelContext(DbContextOptions<ModelContext> options, Action<ModelBuilder> model)
            : base(options) => BuildModel = model;

        public Action<ModelBuilder> BuildModel { get; }

        protected override void OnModelCreating(ModelBuilder modelBuilder) => BuildModel(modelBuilder);
    }

    // One model per delegate, as the scaffolder's context does.
    private sealed class DelegateKeyFactory : IModelCacheKeyFactory
    {
        public object Create(DbContext context, bool designTime) =>
            context is ModelContext model ? (model.BuildModel, designTime) : (context.GetType(), designTime);
    }
}
