using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;

namespace SafeMigrations.Analyzers.Reading;

/// <summary>The EF Core types the reader needs, resolved once per compilation.</summary>
internal sealed class EfSymbols
{
    private EfSymbols(
        INamedTypeSymbol migration,
        INamedTypeSymbol migrationBuilder,
        INamedTypeSymbol? migrationAttribute,
        INamedTypeSymbol? dbContextAttribute,
        INamedTypeSymbol? generateRollbackAttribute,
        INamedTypeSymbol? contractOfAttribute)
    {
        Migration = migration;
        MigrationBuilder = migrationBuilder;
        MigrationAttribute = migrationAttribute;
        DbContextAttribute = dbContextAttribute;
        GenerateRollbackAttribute = generateRollbackAttribute;
        ContractOfAttribute = contractOfAttribute;
    }

    public const string MigrationMetadataName = "Microsoft.EntityFrameworkCore.Migrations.Migration";
    public const string MigrationBuilderMetadataName = "Microsoft.EntityFrameworkCore.Migrations.MigrationBuilder";
    public const string GenerateRollbackMetadataName = "EFCore.SafeMigrations.GenerateRollbackAttribute";
    public const string ContractOfMetadataName = "EFCore.SafeMigrations.ContractOfAttribute";

    // Every migration of a project names the same DbContext and the same namespace: their display strings are built once.
    private readonly ConcurrentDictionary<ISymbol, string> displayNames = new(SymbolEqualityComparer.Default);

    public INamedTypeSymbol Migration { get; }

    /// <summary><c>symbol.ToDisplayString()</c>, remembered for the compilation.</summary>
    public string DisplayName(ISymbol symbol) => displayNames.GetOrAdd(symbol, static s => s.ToDisplayString());

    public INamedTypeSymbol MigrationBuilder { get; }

    public INamedTypeSymbol? MigrationAttribute { get; }

    public INamedTypeSymbol? DbContextAttribute { get; }

    public INamedTypeSymbol? GenerateRollbackAttribute { get; }

    public INamedTypeSymbol? ContractOfAttribute { get; }

    /// <summary>The symbols, or null when the compilation does not reference EF Core Relational.</summary>
    public static EfSymbols? TryCreate(Compilation compilation)
    {
        var migration = compilation.GetTypeByMetadataName(MigrationMetadataName);
        var builder = compilation.GetTypeByMetadataName(MigrationBuilderMetadataName);
        if (migration is null || builder is null)
        {
            return null;
        }

        return new EfSymbols(
            migration,
            builder,
            compilation.GetTypeByMetadataName("Microsoft.EntityFrameworkCore.Migrations.MigrationAttribute"),
            compilation.GetTypeByMetadataName("Microsoft.EntityFrameworkCore.Infrastructure.DbContextAttribute"),
            compilation.GetTypeByMetadataName(GenerateRollbackMetadataName),
            compilation.GetTypeByMetadataName(ContractOfMetadataName));
    }

    /// <summary>
    /// Whether <paramref name="type"/> derives from EF Core's <c>ModelSnapshot</c> (checked by name: the snapshot type is
    /// in EF Core itself, and only the few classes whose name ends in <c>Snapshot</c> are asked).
    /// </summary>
    public static bool IsModelSnapshot(INamedTypeSymbol type)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (current is { Name: "ModelSnapshot", ContainingNamespace: { Name: "Infrastructure", ContainingNamespace: { Name: "EntityFrameworkCore", ContainingNamespace: { Name: "Microsoft", ContainingNamespace.IsGlobalNamespace: true } } } })
            {
                return true;
            }
        }

        return false;
    }

    public bool IsMigration(INamedTypeSymbol type)
    {
        if (type.TypeKind != TypeKind.Class || type.IsAbstract)
        {
            return false;
        }

        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, Migration))
            {
                return true;
            }
        }

        return false;
    }

    public bool IsMigrationBuilder(ITypeSymbol? type) =>
        type is not null && SymbolEqualityComparer.Default.Equals(type, MigrationBuilder);
}
