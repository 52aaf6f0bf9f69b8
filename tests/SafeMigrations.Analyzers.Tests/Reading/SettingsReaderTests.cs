using Microsoft.EntityFrameworkCore;
using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SafeMigrations.Analyzers.Context;
using SafeMigrations.Analyzers.Model;
using SafeMigrations.Analyzers.Rules;
using SafeMigrations.Analyzers.Tests.Rules;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.TestKit.Scaffolding;
using static SafeMigrations.Analyzers.Tests.Verifiers.AnalyzerVerifier;

namespace SafeMigrations.Analyzers.Tests.Reading;

/// <summary>
/// The settings are read once per compilation for the global values and once per options object for a file's own:
/// a file's .editorconfig value still wins over the .globalconfig and the MSBuild property, and two files with different
/// options never get each other's settings.
/// </summary>
public class SettingsReaderTests
{
    private sealed class Options(params (string Key, string Value)[] values) : AnalyzerConfigOptions
    {
        public int Lookups { get; private set; }

        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value)
        {
            Lookups++;
            foreach (var (k, v) in values)
            {
                if (KeyComparer.Equals(k, key))
                {
                    value = v;
                    return true;
                }
            }

            value = null;
            return false;
        }
    }

    [Fact]
    public void A_files_own_value_wins_over_the_global_config_which_wins_over_the_MSBuild_property()
    {
        var global = new Options(
            (SafeMigrationsSettings.ProviderKey, "sqlite"),
            ("build_property.SafeMigrationsProvider", "sqlserver"),
            ("build_property.SafeMigrationsPostgresVersion", "11"),
            (SafeMigrationsSettings.StartAfterKey, "  "));
        var reader = new SafeMigrationsSettings.Reader(global);

        var plain = reader.Read(new Options());
        var own = reader.Read(new Options((SafeMigrationsSettings.ProviderKey, " postgresql "), (SafeMigrationsSettings.SmallTablesKey, "Countries; Currencies")));

        Assert.Equal(DatabaseProvider.Sqlite, plain.Provider);
        Assert.Equal(11, plain.PostgresVersion);
        Assert.Null(plain.StartAfter); // A blank value is no value.
        Assert.Empty(plain.SmallTables);
        Assert.Equal(DatabaseProvider.PostgreSql, own.Provider);
        Assert.Equal(11, own.PostgresVersion); // The settings the file does not set come from the global ones.
        Assert.True(own.IsSmallTable("currencies", null));
        Assert.Equal(new[] { (SafeMigrationsSettings.ProviderKey, "postgresql"), (SafeMigrationsSettings.PostgresVersionKey, "11") }, own.Written);
    }

    [Fact]
    public void Files_that_alternate_between_two_options_objects_each_get_their_own_settings()
    {
        var reader = new SafeMigrationsSettings.Reader(new Options(("build_property.SafeMigrationsProvider", "sqlserver")));
        var shared = new Options();
        var other = new Options((SafeMigrationsSettings.ProviderKey, "sqlite"));

        var providers = new List<DatabaseProvider>();
        foreach (var options in new[] { shared, shared, other, shared, other, other, shared })
        {
            providers.Add(reader.Read(options).Provider);
        }

        Assert.Equal(
            new[] { DatabaseProvider.SqlServer, DatabaseProvider.SqlServer, DatabaseProvider.Sqlite, DatabaseProvider.SqlServer, DatabaseProvider.Sqlite, DatabaseProvider.Sqlite, DatabaseProvider.SqlServer },
            providers);
    }

    [Fact]
    public void The_global_values_are_read_once_and_a_files_options_once_while_the_next_file_shares_them()
    {
        var global = new Options();
        var reader = new SafeMigrationsSettings.Reader(global);
        var globalLookups = global.Lookups;
        var shared = new Options();

        var first = reader.Read(shared);
        var lookupsOfOneFile = shared.Lookups;
        for (var i = 0; i < 100; i++)
        {
            Assert.Same(first, reader.Read(shared));
        }

        Assert.Equal(10, globalLookups); // Five keys and five MSBuild properties.
        Assert.Equal(globalLookups, global.Lookups);
        Assert.Equal(5, lookupsOfOneFile);
        Assert.Equal(lookupsOfOneFile, shared.Lookups);
    }

    /// <summary>Through the compiler's own options: one migration's .editorconfig section names PostgreSQL, the global setting SQLite.</summary>
    [Fact]
    public async Task An_editorconfig_section_for_one_migration_overrides_the_MSBuild_property_for_that_migration_only()
    {
        var project = MigrationProject.Scaffold(
            TestProvider.PostgreSql,
            ("Initial", Models.Customers),
            ("AddEmailIndex", Models.CustomersWithEmailIndex),
            Models.Step("AddNameIndex", m => m.Entity<Customer>(b => { b.ToTable("Customers"); b.Ignore(c => c.Orders); b.HasIndex(c => c.Email); b.HasIndex(c => c.Name); })));

        // Under [*] nothing; then a section of its own for the last migration's file.
        var section = "\n[**/" + project.Last.MigrationFileName + "]\nsafe_migrations.provider = postgresql";

        await VerifyAsync(
            project.Sources,
            editorConfig: section,
            globalConfig: "build_property.SafeMigrationsProvider = sqlite",
            project.Expect(Descriptors.SM2001_CreateIndexBlocksWrites, project.Last, "CreateIndex")
                .WithArguments("IX_Customers_Name", "Customers", CreateIndexRuleTests.WritesBlockedOnPostgres("Customers", unique: false)));
    }

    /// <summary>
    /// start_after is resolved once per settings object and compilation: two migrations whose files have different values each
    /// keep their own, in whichever order the compiler hands their trees over.
    /// </summary>
    [Fact]
    public async Task Start_after_in_an_editorconfig_section_holds_for_that_migration_only()
    {
        var project = InvalidSettingRuleTests.History();
        var renameName = project.History[1];

        // Globally RenameName and earlier are skipped; RenameName's own file starts after Initial, so it is analyzed too.
        var section = "\n[**/" + renameName.MigrationFileName + "]\nsafe_migrations.start_after = " + project.History[0].Id;

        await VerifyAsync(
            project.Sources,
            editorConfig: section,
            globalConfig: "safe_migrations.start_after = RenameName",
            project.Expect(Descriptors.SM1001_RenameColumn, renameName, "RenameColumn").WithArguments("Name", "FullName", "Customers"),
            InvalidSettingRuleTests.Drop(project));
    }
}
