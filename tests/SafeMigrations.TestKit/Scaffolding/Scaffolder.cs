using System.Globalization;
using System.Reflection;
using System.Text;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Design;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace SafeMigrations.TestKit.Scaffolding;

/// <summary>
/// Drives EF Core's real migrations scaffolder (Microsoft.EntityFrameworkCore.Design) in-process, so tests
/// get exactly the files <c>dotnet ef migrations add</c> would write, without a database or a project.
/// </summary>
public static class Scaffolder
{
    private static readonly Lazy<IReadOnlyList<string>> LazyReferences = new(CollectReferences);
    private static readonly Lazy<IReadOnlyList<string>> LazyFrameworkReferences = new(CollectFrameworkReferences);
    private static readonly Dictionary<TestProvider, DbContextOptions<DelegateModelContext>> Options = new()
    {
        [TestProvider.Sqlite] = CreateOptions(TestProvider.Sqlite),
        [TestProvider.SqlServer] = CreateOptions(TestProvider.SqlServer),
        [TestProvider.PostgreSql] = CreateOptions(TestProvider.PostgreSql),
    };

    /// <summary>
    /// Scaffolds a migration history with <see cref="ScaffoldOptions.Default"/> names: the first migration
    /// goes from an empty model to <c>steps[0]</c>, the next from <c>steps[0]</c> to <c>steps[1]</c>, and so on.
    /// </summary>
    public static IReadOnlyList<ScaffoldedMigration> ScaffoldHistory(
        TestProvider provider,
        params (string Name, Action<ModelBuilder> Model)[] steps)
        => ScaffoldHistory(provider, ScaffoldOptions.Default, steps);

    /// <summary>
    /// Scaffolds a migration history: the first migration goes from an empty model to <c>steps[0]</c>, the
    /// next from <c>steps[0]</c> to <c>steps[1]</c>, and so on. Ids are consecutive timestamps starting at
    /// <see cref="ScaffoldOptions.FirstTimestamp"/>, so they sort in history order.
    /// </summary>
    public static IReadOnlyList<ScaffoldedMigration> ScaffoldHistory(
        TestProvider provider,
        ScaffoldOptions options,
        params (string Name, Action<ModelBuilder> Model)[] steps)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(steps);
        Validate(options, steps);

        var contextType = ContextTypes.Get(options.ContextFullName);
        var migrations = new List<ScaffoldedMigration>(steps.Length);
        IModel? previousModel = null;
        for (var i = 0; i < steps.Length; i++)
        {
            var (name, buildModel) = steps[i];
            var id = options.FirstTimestamp.Add(TimeSpan.FromTicks(options.Spacing.Ticks * i)).ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "_" + name;
            var (migration, model) = ScaffoldOne(provider, options, contextType, previousModel, name, id, buildModel);
            migrations.Add(migration);
            previousModel = model;
        }

        return migrations;
    }

    /// <summary>
    /// Scaffolds two migrations: <c>Initial</c> (empty model to <paramref name="before"/>) and
    /// <paramref name="name"/> (<paramref name="before"/> to <paramref name="after"/>). Returns both; the
    /// interesting one is the last.
    /// </summary>
    public static IReadOnlyList<ScaffoldedMigration> Scaffold(
        TestProvider provider,
        Action<ModelBuilder> before,
        Action<ModelBuilder> after,
        string name = "Change",
        ScaffoldOptions? options = null)
        => ScaffoldHistory(provider, options ?? ScaffoldOptions.Default, ("Initial", before), (name, after));

    /// <summary>
    /// The source of an empty DbContext class with the name the generated code refers to
    /// (<c>namespace Sample { public class ShopContext : DbContext { } }</c> by default), so that the
    /// generated files compile.
    /// </summary>
    public static string DbContextSource(ScaffoldOptions? options = null)
    {
        options ??= ScaffoldOptions.Default;
        var source = new StringBuilder();
        source.Append("using Microsoft.EntityFrameworkCore;\n\n");
        if (options.ContextNamespace.Length == 0)
        {
            source.Append("public class ").Append(options.ContextName).Append(" : DbContext\n{\n}\n");
        }
        else
        {
            source.Append("namespace ").Append(options.ContextNamespace).Append("\n{\n");
            source.Append("    public class ").Append(options.ContextName).Append(" : DbContext\n    {\n    }\n");
            source.Append("}\n");
        }

        return source.ToString();
    }

    /// <summary>
    /// Paths of the assemblies a compilation needs, besides the framework, to compile the generated code:
    /// EF Core, EF Core Relational, the three providers, their ADO.NET drivers and their non-framework
    /// dependencies. Pair with framework reference assemblies (e.g. Basic.Reference.Assemblies) or with
    /// <see cref="FrameworkReferences"/>.
    /// </summary>
    public static IReadOnlyList<string> References => LazyReferences.Value;

    /// <summary>
    /// Paths of the running shared framework's assemblies (Microsoft.NETCore.App), for compilations that do
    /// not bring their own reference assemblies.
    /// </summary>
    public static IReadOnlyList<string> FrameworkReferences => LazyFrameworkReferences.Value;

    private static void Validate(ScaffoldOptions options, (string Name, Action<ModelBuilder> Model)[] steps)
    {
        if (steps.Length == 0)
        {
            throw new ArgumentException("At least one step is needed.", nameof(steps));
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, model) in steps)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new ArgumentException("A migration name is empty.", nameof(steps));
            }

            if (model is null)
            {
                throw new ArgumentException($"The model of migration '{name}' is null.", nameof(steps));
            }

            if (!names.Add(name))
            {
                throw new ArgumentException($"The name '{name}' is used by more than one migration.", nameof(steps));
            }

            // The same rules dotnet ef applies.
            if (name == options.ContextName || name == options.SnapshotName)
            {
                throw new ArgumentException($"The migration name '{name}' clashes with the context or snapshot class.", nameof(steps));
            }
        }
    }

    private static (ScaffoldedMigration Migration, IModel Model) ScaffoldOne(
        TestProvider provider,
        ScaffoldOptions options,
        Type contextType,
        IModel? previousModel,
        string name,
        string id,
        Action<ModelBuilder> buildModel)
    {
        using var context = new DelegateModelContext(Options[provider], buildModel);
        var model = context.GetService<IDesignTimeModel>().Model;

        using var serviceProvider = BuildDesignTimeServices(context);
        using var scope = serviceProvider.CreateScope();
        var services = scope.ServiceProvider;

        // What MigrationsScaffolder.ScaffoldMigration does, with the previous model standing in for the
        // (compiled) snapshot of the previous step.
        var differ = services.GetRequiredService<IMigrationsModelDiffer>();
        var lastRelationalModel = previousModel?.GetRelationalModel();
        var relationalModel = model.GetRelationalModel();
        var upOperations = differ.GetDifferences(lastRelationalModel, relationalModel);
        var downOperations = upOperations.Count > 0
            ? differ.GetDifferences(relationalModel, lastRelationalModel)
            : [];

        var generator = services.GetRequiredService<IMigrationsCodeGeneratorSelector>().Select("C#");
        var migrationCode = generator.GenerateMigration(options.MigrationsNamespace, name, upOperations, downOperations);
        var designerCode = generator.GenerateMetadata(options.MigrationsNamespace, contextType, name, id, model);
        var snapshotCode = generator.GenerateSnapshot(options.MigrationsNamespace, contextType, options.SnapshotName, model);

        var migration = new ScaffoldedMigration(
            id,
            name,
            migrationCode,
            designerCode,
            snapshotCode,
            upOperations.ToArray(),
            downOperations.ToArray())
        {
            SnapshotName = options.SnapshotName,
        };
        return (migration, model);
    }

    /// <summary>The services <c>dotnet ef</c> builds (see EF's DesignTimeServicesBuilder.Build).</summary>
    private static ServiceProvider BuildDesignTimeServices(DbContext context)
    {
        var services = new ServiceCollection()
            .AddEntityFrameworkDesignTimeServices()
            .AddDbContextDesignTimeServices(context);

        // The provider names its design-time services with an assembly attribute, as dotnet ef expects.
        var providerName = context.GetService<IDatabaseProvider>().Name;
        var providerAssembly = Assembly.Load(new AssemblyName(providerName));
        var attribute = providerAssembly.GetCustomAttribute<DesignTimeProviderServicesAttribute>()
            ?? throw new InvalidOperationException($"Provider '{providerName}' has no design-time services.");
        var designTimeServicesType = providerAssembly.GetType(attribute.TypeName, throwOnError: true, ignoreCase: false)!;
        var designTimeServices = (IDesignTimeServices)Activator.CreateInstance(designTimeServicesType)!;
        designTimeServices.ConfigureDesignTimeServices(services);

        return services.BuildServiceProvider(validateScopes: true);
    }

    private static DbContextOptions<DelegateModelContext> CreateOptions(TestProvider provider)
    {
        // Fake connection strings: building the model and scaffolding never connect.
        var builder = new DbContextOptionsBuilder<DelegateModelContext>();
        _ = provider switch
        {
            TestProvider.Sqlite => builder.UseSqlite("Data Source=:memory:"),
            TestProvider.SqlServer => builder.UseSqlServer("Server=localhost;Database=Shop;Trusted_Connection=True;TrustServerCertificate=True"),
            TestProvider.PostgreSql => builder.UseNpgsql("Host=localhost;Database=shop;Username=shop;Password=shop"),
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
        };
        builder.ReplaceService<IModelCacheKeyFactory, DelegateModelCacheKeyFactory>();
        return builder.Options;
    }

    private static IReadOnlyList<string> CollectReferences()
    {
        var frameworkDirectory = FrameworkDirectory();
        Assembly[] seeds =
        [
            typeof(DbContext).Assembly,                                 // Microsoft.EntityFrameworkCore
            typeof(IndexAttribute).Assembly,                            // Microsoft.EntityFrameworkCore.Abstractions
            typeof(RelationalDatabaseFacadeExtensions).Assembly,        // Microsoft.EntityFrameworkCore.Relational
            typeof(NpgsqlDbContextOptionsBuilderExtensions).Assembly,   // Npgsql.EntityFrameworkCore.PostgreSQL
            typeof(NpgsqlConnection).Assembly,                          // Npgsql
            typeof(SqlServerDbContextOptionsExtensions).Assembly,       // Microsoft.EntityFrameworkCore.SqlServer
            typeof(SqlConnection).Assembly,                             // Microsoft.Data.SqlClient
            typeof(SqliteDbContextOptionsBuilderExtensions).Assembly,   // Microsoft.EntityFrameworkCore.Sqlite
            typeof(SqliteConnection).Assembly,                          // Microsoft.Data.Sqlite
        ];

        // Walk the references of these assemblies, keeping everything that is not part of the framework.
        var paths = new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var queue = new Queue<Assembly>(seeds);
        foreach (var seed in seeds)
        {
            seen.Add(seed.GetName().Name!);
        }

        while (queue.Count > 0)
        {
            var assembly = queue.Dequeue();
            if (assembly.IsDynamic || assembly.Location.Length == 0 || IsUnder(assembly.Location, frameworkDirectory))
            {
                continue;
            }

            paths[assembly.GetName().Name!] = assembly.Location;
            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                if (reference.Name is null || !seen.Add(reference.Name))
                {
                    continue;
                }

                try
                {
                    queue.Enqueue(Assembly.Load(reference));
                }
                catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
                {
                    // An optional dependency that is not deployed; the generated code cannot need it.
                }
            }
        }

        return paths.Values.ToArray();
    }

    private static IReadOnlyList<string> CollectFrameworkReferences()
    {
        var frameworkDirectory = FrameworkDirectory();
        var trusted = (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return trusted
            .Where(path => IsUnder(path, frameworkDirectory) && path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    private static string FrameworkDirectory()
        => Path.GetDirectoryName(typeof(object).Assembly.Location)! + Path.DirectorySeparatorChar;

    private static bool IsUnder(string path, string directory)
        => path.StartsWith(directory, StringComparison.Ordinal);
}
