using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EFCore.SafeMigrations.Internal;

/// <summary>The options extension that <c>UseSafeMigrations()</c> adds: it swaps in <see cref="SafeMigrator"/>.</summary>
internal sealed class SafeMigrationsOptionsExtension : IDbContextOptionsExtension
{
    private DbContextOptionsExtensionInfo? _info;

    public SafeMigrationsOptionsExtension(bool applyContractsImmediately)
    {
        ApplyContractsImmediately = applyContractsImmediately;
    }

    public bool ApplyContractsImmediately { get; }

    public DbContextOptionsExtensionInfo Info => _info ??= new ExtensionInfo(this);

    public void ApplyServices(IServiceCollection services)
        => services.Replace(ServiceDescriptor.Scoped<IMigrator, SafeMigrator>());

    public void Validate(IDbContextOptions options)
    {
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
            => debugInfo["SafeMigrations:ApplyContractsImmediately"] = Extension.ApplyContractsImmediately ? "1" : "0";
    }
}
