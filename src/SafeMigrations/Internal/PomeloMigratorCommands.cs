using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.Extensions.DependencyInjection;

namespace EFCore.SafeMigrations.Internal;

/// <summary>
/// What Pomelo's own migrator, which <c>UseSafeMigrations()</c> replaces, writes around a migration: Pomelo's SQL for
/// <c>DropPrimaryKey</c> and <c>AddPrimaryKey</c> calls procedures (they keep a key column's AUTO_INCREMENT) that its
/// migrator creates before the migration's commands and drops after them. Without them such a migration fails
/// ("PROCEDURE ... POMELO_BEFORE_DROP_PRIMARY_KEY does not exist"). The texts are asked of Pomelo's own migrator, through
/// the protected methods it builds them with, so they are always those of the Pomelo version the app runs.
/// </summary>
internal sealed class PomeloMigratorCommands
{
    private const string MigratorTypeName = "Pomelo.EntityFrameworkCore.MySql.Migrations.Internal.MySqlMigrator";
    private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    private readonly object? _migrator;
    private readonly MethodInfo? _commandTexts;
    private readonly MethodInfo? _allOperations;

    private PomeloMigratorCommands(object? migrator, MethodInfo? commandTexts, MethodInfo? allOperations)
    {
        _migrator = migrator;
        _commandTexts = commandTexts;
        _allOperations = allOperations;
    }

    /// <summary>
    /// Pomelo's migrator, from the provider's assembly, made from the context's services; or, when that fails, an instance
    /// that knows it has none (only a migration that needs Pomelo's procedures then fails, with what to do).
    /// </summary>
    public static PomeloMigratorCommands Create(IServiceProvider services, Assembly providerAssembly)
    {
        try
        {
            var type = providerAssembly.GetType(MigratorTypeName, throwOnError: false);
            var commandTexts = type?.GetMethod("GetMigrationCommandTexts", Instance, null, [typeof(IReadOnlyList<MigrationOperation>), typeof(bool), typeof(MigrationsSqlGenerationOptions)], null);
            var allOperations = type?.GetMethod("GetAllMigrationOperations", Instance, null, [typeof(string), typeof(string)], null);
            if (type is not null && commandTexts?.ReturnType == typeof(string[]))
            {
                return new PomeloMigratorCommands(ActivatorUtilities.CreateInstance(services, type), commandTexts, allOperations?.ReturnType == typeof(List<MigrationOperation>) ? allOperations : null);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or MissingMethodException or TargetInvocationException or TypeLoadException)
        {
            // A Pomelo whose migrator takes services this context does not have: as without one.
        }

        return new PomeloMigratorCommands(null, null, null);
    }

    /// <summary>The texts Pomelo runs before (<paramref name="before"/>) or after the commands of <paramref name="operations"/>.</summary>
    public IReadOnlyList<string> Texts(IReadOnlyList<MigrationOperation> operations, bool before, MigrationsSqlGenerationOptions options)
    {
        if (_migrator is null)
        {
            // Only a migration whose SQL calls Pomelo's procedures needs them: the others run as they are.
            if (operations.Any(o => o is DropPrimaryKeyOperation or AddPrimaryKeyOperation))
            {
                throw Unsupported();
            }

            return [];
        }

        return (string[])_commandTexts!.Invoke(_migrator, BindingFlags.DoNotWrapExceptions, null, [operations, before, options], null)!;
    }

    /// <summary>
    /// Every operation of the migrations a script from <paramref name="fromMigration"/> to <paramref name="toMigration"/>
    /// holds, as Pomelo's migrator lists them for an idempotent script (whose procedures come once, around all of it);
    /// null without Pomelo's migrator.
    /// </summary>
    public IReadOnlyList<MigrationOperation>? AllOperations(string? fromMigration, string? toMigration) =>
        _migrator is not null && _allOperations is not null
            ? (List<MigrationOperation>)_allOperations.Invoke(_migrator, BindingFlags.DoNotWrapExceptions, null, [fromMigration, toMigration], null)!
            : null;

    private static NotSupportedException Unsupported() => new(
        "EFCore.SafeMigrations: this migration drops or adds a primary key on Pomelo.EntityFrameworkCore.MySql, whose SQL for it "
        + "calls procedures that Pomelo's own migrator creates, and UseSafeMigrations() replaces that migrator but found no "
        + "Pomelo migrator of the shape it knows (MySqlMigrator.GetMigrationCommandTexts) to ask for them. Run this migration "
        + "on a context without UseSafeMigrations(), or use a Pomelo version whose migrator has that method (9.0 has).");
}
