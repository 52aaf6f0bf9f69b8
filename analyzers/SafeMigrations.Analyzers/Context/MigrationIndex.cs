using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SafeMigrations.Analyzers.Model;
using SafeMigrations.Analyzers.Reading;

namespace SafeMigrations.Analyzers.Context;

/// <summary>
/// Every migration in the compilation by id and DbContext, built on first use, so a rule can find the
/// migration before this one and read its Designer's target model. Lives for one compilation.
/// </summary>
internal sealed class MigrationIndex
{
    private readonly Compilation compilation;
    private readonly EfSymbols symbols;
    private readonly Lazy<List<Entry>> entries;
    private readonly ConcurrentDictionary<INamedTypeSymbol, TargetModel?> targetModels = new(SymbolEqualityComparer.Default);

    public MigrationIndex(Compilation compilation, EfSymbols symbols)
    {
        this.compilation = compilation;
        this.symbols = symbols;
        entries = new Lazy<List<Entry>>(Build, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    private sealed record Entry(string Id, string? DbContext, INamedTypeSymbol Type);

    /// <summary>The model after the migration that precedes <paramref name="migrationId"/> for the same DbContext.</summary>
    public TargetModel? PreviousTargetModel(string? migrationId, string? dbContext, CancellationToken cancellationToken)
    {
        if (migrationId is null)
        {
            return null;
        }

        Entry? previous = null;
        foreach (var entry in entries.Value)
        {
            if (string.CompareOrdinal(entry.Id, migrationId) >= 0)
            {
                break;
            }

            if (dbContext is null || entry.DbContext is null || entry.DbContext == dbContext)
            {
                previous = entry;
            }
        }

        return previous is null ? null : TargetModelOf(previous.Type, cancellationToken);
    }

    /// <summary>The model the migration's own Designer builds, or null when it has no <c>BuildTargetModel</c>.</summary>
    public TargetModel? TargetModelOf(INamedTypeSymbol type, CancellationToken cancellationToken) =>
        targetModels.GetOrAdd(type, t => ReadTargetModel(t, cancellationToken));

    private TargetModel? ReadTargetModel(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is ClassDeclarationSyntax declaration
                && MigrationModelReader.FindOverride(declaration, "BuildTargetModel") is { } method)
            {
                return TargetModelReader.Read(method, MigrationModelReader.ReadMigrationId(type, symbols));
            }
        }

        return null;
    }

    private List<Entry> Build()
    {
        var result = new List<Entry>();
        Collect(compilation.Assembly.GlobalNamespace, result);
        result.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        return result;
    }

    private void Collect(INamespaceOrTypeSymbol container, List<Entry> result)
    {
        foreach (var member in container.GetMembers())
        {
            if (member is INamespaceSymbol ns)
            {
                Collect(ns, result);
            }
            else if (member is INamedTypeSymbol type)
            {
                if (symbols.IsMigration(type) && MigrationModelReader.ReadMigrationId(type, symbols) is { } id)
                {
                    result.Add(new Entry(id, MigrationModelReader.ReadDbContext(type, symbols), type));
                }

                if (type.GetTypeMembers().Length > 0)
                {
                    Collect(type, result);
                }
            }
        }
    }

    internal IEnumerable<string> Ids => entries.Value.Select(e => e.Id);

    /// <summary>The ids in order, built once per compilation.</summary>
    internal IReadOnlyList<string> IdList => idList ??= entries.Value.Select(e => e.Id).ToList();

    private IReadOnlyList<string>? idList;

    /// <summary>True for the newest migration of its DbContext: where project-wide findings (a bad setting) are reported, once.</summary>
    internal bool IsLatest(string? migrationId, string? dbContext) =>
        migrationId is not null && entries.Value.LastOrDefault(e => dbContext is null || e.DbContext is null || e.DbContext == dbContext)?.Id == migrationId;

    /// <summary>The migration that precedes <paramref name="migrationId"/> for the same DbContext, for the code fixes.</summary>
    internal INamedTypeSymbol? PreviousMigration(string migrationId, string? dbContext) =>
        entries.Value.LastOrDefault(e => string.CompareOrdinal(e.Id, migrationId) < 0 && (dbContext is null || e.DbContext is null || e.DbContext == dbContext))?.Type;
}
