using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace SafeMigrations.Analyzers.Tests.Verifiers;

/// <summary>
/// A project's migrations compiled and loaded into a collectible context, with EF Core's own migrator over a
/// real database: the way <c>dotnet ef database update</c> would run them.
/// </summary>
public sealed class LoadedMigrations : IDisposable
{
    /// <summary>A context the tests can configure: the scaffolder's stand-in has no constructor for options.</summary>
    public const string ConfigurableContext = """
        using Microsoft.EntityFrameworkCore;
        namespace Sample
        {
            public class ShopContext : DbContext
            {
                public ShopContext(DbContextOptions options) : base(options) { }
            }
        }
        """;

    private readonly AssemblyLoadContext loadContext;
    private readonly DbContext context;

    private LoadedMigrations(AssemblyLoadContext loadContext, DbContext context)
    {
        this.loadContext = loadContext;
        this.context = context;
        Migrator = context.GetService<IMigrator>();
    }

    public IMigrator Migrator { get; }

    /// <summary>
    /// Compiles the project (its context swapped for <see cref="ConfigurableContext"/>) as a build does, with the rollback
    /// generator's Down of every <c>[GenerateRollback]</c> migration, and opens it with <paramref name="configure"/>.
    /// </summary>
    public static LoadedMigrations Open(MigrationProject project, Func<DbContextOptionsBuilder, DbContextOptionsBuilder> configure)
    {
        project.Sources.RemoveAll(s => s.Path == "/ShopContext.cs");
        project.Sources.Add(("/ShopContext.cs", ConfigurableContext));
        var loadContext = new AssemblyLoadContext("migrations", isCollectible: true);
        var (_, compilation) = Rollback.RollbackHarness.Run(Rollback.RollbackHarness.Compile(project.Sources));
        var assembly = Load(compilation, loadContext);
        var context = (DbContext)Activator.CreateInstance(assembly.GetType("Sample.ShopContext")!, configure(new DbContextOptionsBuilder()).Options)!;
        return new LoadedMigrations(loadContext, context);
    }

    /// <summary>Emits the compilation into <paramref name="loadContext"/>; fails the test on a compile error.</summary>
    public static Assembly Load(Compilation compilation, AssemblyLoadContext loadContext)
    {
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        stream.Position = 0;
        return loadContext.LoadFromStream(stream);
    }

    public void Dispose()
    {
        context.Dispose();
        loadContext.Unload();
    }
}
