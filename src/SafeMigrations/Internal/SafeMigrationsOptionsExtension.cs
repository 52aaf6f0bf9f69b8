using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EFCore.SafeMigrations.Internal;

/// <summary>The options extension that <c>UseSafeMigrations()</c> adds: it swaps in <see cref="SafeMigrator"/>.</summary>
internal sealed class SafeMigrationsOptionsExtension : IDbContextOptionsExtension
{
    private DbContextOptionsExtensionInfo? _info;

    public SafeMigrationsOptionsExtension(SafeMigrationsOptions options)
    {
        Options = options.Clone();
    }

    /// <summary>A copy of the settings, never changed after construction.</summary>
    public SafeMigrationsOptions Options { get; }

    public bool ApplyContractsImmediately => Options.ApplyContractsImmediately;

    public DbContextOptionsExtensionInfo Info => _info ??= new ExtensionInfo(this);

    public void ApplyServices(IServiceCollection services)
        => services.Replace(ServiceDescriptor.Scoped<IMigrator>(CreateMigrator));

    public void Validate(IDbContextOptions options)
    {
    }

    /// <summary>
    /// <see cref="SafeMigrator"/>, or, on a provider that is not relational (InMemory, Cosmos), a clear error when
    /// something asks for the migrator (<c>Migrate()</c>). The check is made then, not when the options are built,
    /// so a context configured with <c>UseSafeMigrations()</c> still works on such a provider for everything else
    /// (tests on InMemory): without the check the migrator's own services would be missing, with an unclear error.
    /// </summary>
    private static IMigrator CreateMigrator(IServiceProvider services)
    {
        var options = services.GetRequiredService<IDbContextOptions>();
        var provider = options.Extensions.FirstOrDefault(e => e.Info.IsDatabaseProvider);
        if (provider is not RelationalOptionsExtension)
        {
            throw new InvalidOperationException(
                "EFCore.SafeMigrations: migrations need a relational database provider, and this context's provider "
                + $"({(provider is null ? "none" : provider.GetType().Name)}) is not relational. UseSafeMigrations() holds "
                + "contract migrations back when migrations run; call Migrate() only on a context that uses a relational "
                + "provider (SQL Server, PostgreSQL, SQLite, MySQL, ...). With InMemory, use EnsureCreated() instead.");
        }

        return ActivatorUtilities.CreateInstance<SafeMigrator>(services);
    }

    private sealed class ExtensionInfo : DbContextOptionsExtensionInfo
    {
        public ExtensionInfo(SafeMigrationsOptionsExtension extension)
            : base(extension)
        {
        }

        private new SafeMigrationsOptionsExtension Extension => (SafeMigrationsOptionsExtension)base.Extension;

        public override bool IsDatabaseProvider => false;

        public override string LogFragment
            => Extension.ApplyContractsImmediately ? "SafeMigrations(ApplyContractsImmediately) " : "SafeMigrations ";

        // The option is read per context from IDbContextOptions, so every setting can share one service provider.
        public override int GetServiceProviderHashCode() => 0;

        public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other) => other is ExtensionInfo;

        public override void PopulateDebugInfo(IDictionary<string, string> debugInfo)
        {
            var options = Extension.Options;
            debugInfo["SafeMigrations:ApplyContractsImmediately"] = options.ApplyContractsImmediately ? "1" : "0";
            debugInfo["SafeMigrations:LockTimeout"] = options.LockTimeout?.ToString() ?? "none";
            debugInfo["SafeMigrations:LockTimeoutRetries"] = options.LockTimeoutRetries.ToString(System.Globalization.CultureInfo.InvariantCulture);
            debugInfo["SafeMigrations:LockTimeoutRetryDelay"] = options.LockTimeoutRetryDelay.ToString();
        }
    }
}
