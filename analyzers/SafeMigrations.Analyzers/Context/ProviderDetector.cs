using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using SafeMigrations.Analyzers.Model;

namespace SafeMigrations.Analyzers.Context;

/// <summary>Where the detected provider came from, for messages and tests.</summary>
internal enum ProviderSource
{
    None = 0,
    Setting,
    ReferencedPackage,
    DesignerAnnotations,
}

/// <summary>
/// Detects the provider of a migration in DESIGN.md's order: the setting, then (per operation) the
/// <c>ActiveProvider</c> branch, then the one provider package the compilation references, then the
/// provider annotations of the migration's Designer and operations.
/// </summary>
internal static class ProviderDetector
{
    /// <summary>
    /// The single EF provider package the compilation references, or Unknown for none or several, or when it references
    /// a provider the package does not support (an Oracle app that SQL Server's provider reaches through a library).
    /// </summary>
    public static DatabaseProvider FromReferences(Compilation compilation)
    {
        var found = new HashSet<DatabaseProvider>();
        foreach (var assembly in compilation.ReferencedAssemblyNames)
        {
            if (DatabaseProviders.IsUnsupportedProviderAssembly(assembly.Name))
            {
                return DatabaseProvider.Unknown;
            }

            var provider = DatabaseProviders.FromProviderName(assembly.Name);
            if (provider != DatabaseProvider.Unknown)
            {
                found.Add(provider);
            }
        }

        if (found.Count != 1)
        {
            return DatabaseProvider.Unknown;
        }

        foreach (var provider in found)
        {
            return provider;
        }

        return DatabaseProvider.Unknown;
    }

    /// <summary>
    /// The migration's provider: the setting, else the provider package the project references, else
    /// <paramref name="ownDesignerHint"/>, else the provider annotations of Up and Down.
    /// </summary>
    /// <param name="ownDesignerHint">What the migration's own Designer says; a caller reads it only when neither the setting
    /// nor the references decide (a read of the Designer's text), and passes Unknown otherwise.</param>
    public static (DatabaseProvider Provider, ProviderSource Source) Detect(
        SafeMigrationsSettings settings,
        DatabaseProvider referenced,
        DatabaseProvider ownDesignerHint,
        MigrationModel migration)
    {
        if (settings.Provider != DatabaseProvider.Unknown)
        {
            return (settings.Provider, ProviderSource.Setting);
        }

        if (referenced != DatabaseProvider.Unknown)
        {
            return (referenced, ProviderSource.ReferencedPackage);
        }

        // The Designer's text, and failing that its whole model: asked by the caller only when nothing cheaper decides.
        if (ownDesignerHint != DatabaseProvider.Unknown)
        {
            return (ownDesignerHint, ProviderSource.DesignerAnnotations);
        }

        var fromOperations = FromOperationAnnotations(migration);
        return fromOperations == DatabaseProvider.Unknown ? (DatabaseProvider.Unknown, ProviderSource.None) : (fromOperations, ProviderSource.DesignerAnnotations);
    }

    /// <summary>Annotations such as <c>Npgsql:ValueGenerationStrategy</c> or <c>SqlServer:Identity</c> on unconditional operations.</summary>
    private static DatabaseProvider FromOperationAnnotations(MigrationModel migration)
    {
        foreach (var method in new[] { migration.Up, migration.Down })
        {
            foreach (var operation in method.Operations)
            {
                if (operation.Branch.IsConditional)
                {
                    continue;
                }

                foreach (var annotations in new[] { operation.Annotations, operation.OldAnnotations })
                {
                    foreach (var annotation in annotations)
                    {
                        var provider = DatabaseProviders.FromAnnotationName(annotation.Name);
                        if (provider != DatabaseProvider.Unknown)
                        {
                            return provider;
                        }
                    }
                }

                foreach (var column in operation.Columns)
                {
                    foreach (var annotation in column.Annotations)
                    {
                        var provider = DatabaseProviders.FromAnnotationName(annotation.Name);
                        if (provider != DatabaseProvider.Unknown)
                        {
                            return provider;
                        }
                    }
                }
            }
        }

        return DatabaseProvider.Unknown;
    }
}
