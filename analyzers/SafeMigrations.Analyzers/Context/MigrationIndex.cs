using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SafeMigrations.Analyzers.Infrastructure;
using SafeMigrations.Analyzers.Model;
using SafeMigrations.Analyzers.Reading;

namespace SafeMigrations.Analyzers.Context;

/// <summary>
/// Every migration in the compilation by id and DbContext, built on first use, so a rule can find the
/// migration before this one and read its Designer's target model. Lives for one compilation. It is built from
/// the attribute syntax (<see cref="MigrationDeclaration"/>), binding nothing: in the IDE every edit makes a new
/// compilation, and binding the attributes of every other migration again was most of an edit's analysis.
/// </summary>
internal sealed class MigrationIndex
{
    private readonly Compilation compilation;
    private readonly EfSymbols symbols;
    private readonly BuiltOnce<Migrations> built;
    private readonly BuiltOnce<Dictionary<string, DatabaseProvider>> snapshotProviders;
    private readonly ConcurrentDictionary<INamedTypeSymbol, TargetModel?> targetModels = new(SymbolEqualityComparer.Default);

    public MigrationIndex(Compilation compilation, EfSymbols symbols)
    {
        this.compilation = compilation;
        this.symbols = symbols;
        built = new BuiltOnce<Migrations>(Build);
        snapshotProviders = new BuiltOnce<Dictionary<string, DatabaseProvider>>(SnapshotProviders);
    }

    /// <param name="DbContext">The DbContext's key (<see cref="ContextKey"/>).</param>
    /// <param name="Parts">The class declarations of the migration (its Designer's among them), as the walk that listed it found them.</param>
    private sealed record Entry(string Id, string? DbContext, INamedTypeSymbol Type, List<ClassDeclarationSyntax> Parts);

    /// <param name="Entries">Every migration, sorted by id.</param>
    /// <param name="SharedContextNames">Simple names that two DbContext classes of the project share (Billing.AppDbContext,
    /// Orders.AppDbContext): only their migrations' [DbContext] attributes are bound, to tell the two histories apart.</param>
    /// <param name="Listed">Each class declaration of every listed migration, with the migration's type and all its parts (see <see cref="TryGetListed"/>).</param>
    private sealed record Migrations(List<Entry> Entries, HashSet<string> SharedContextNames, Dictionary<ClassDeclarationSyntax, MigrationDeclaration.Found> Listed);

    private List<Entry> Entries => built.Value.Entries;

    /// <summary>How the index names a DbContext given by its display name: the simple name, or the full one when two share it.</summary>
    private string? ContextKey(string? displayName)
    {
        var simple = MigrationDeclaration.SimpleNameOf(displayName);
        return simple is not null && built.Value.SharedContextNames.Contains(simple) ? displayName : simple;
    }

    /// <summary>The model after the migration that precedes <paramref name="migrationId"/> for the same DbContext.</summary>
    public TargetModel? PreviousTargetModel(string? migrationId, string? dbContext, CancellationToken cancellationToken) =>
        PreviousType(migrationId, dbContext) is { } previous ? TargetModelOf(previous, cancellationToken) : null;

    /// <summary>
    /// The same model as <see cref="PreviousTargetModel"/>, read as little as each question needs: a rule that asks
    /// for one table reads the blocks of that table's entity types in the previous Designer, not the whole model.
    /// </summary>
    public ModelBefore Previous(string? migrationId, string? dbContext, CancellationToken cancellationToken)
    {
        // The previous migration is looked up on the first question: most migrations never ask (only drops need the
        // model before them), and an IDE edit of one of them then reads no other migration's declaration.
        return new ModelBefore(new PreviousDesigner(this, migrationId, dbContext, cancellationToken));
    }

    /// <summary>The migration that precedes <paramref name="migrationId"/> for the same DbContext.</summary>
    private INamedTypeSymbol? PreviousType(string? migrationId, string? dbContext) => PreviousEntry(migrationId, dbContext)?.Type;

    private Entry? PreviousEntry(string? migrationId, string? dbContext) =>
        MigrationDeclaration.Previous(Entries, e => e.Id, e => e.DbContext, migrationId, ContextKey(dbContext), contextKeys: true);

    /// <summary>
    /// The previous Designer as one migration's analysis asks about it: its table index and the tables read from it
    /// live only as long as that analysis. Each Designer is the previous model of exactly one migration, so a cache
    /// shared by the compilation saved nothing; it kept 400 indexes (and the syntax they point at) alive for the whole
    /// compile and made the analysis threads wait on its locks (a tenth of the callbacks' time on 1,000 migrations).
    /// </summary>
    private sealed class PreviousDesigner : ModelBefore.ModelSource
    {
        private readonly MigrationIndex owner;
        private readonly string? migrationId;
        private readonly string? dbContext;
        private readonly CancellationToken cancellationToken;
        private Entry? previous;
        private bool isFound;
        private MethodDeclarationSyntax? method;
        private bool isMethodFound;
        private DesignerAnswerCache.Answers? kept;
        private bool isKeptFound;
        private TargetModelReader.DesignerTables? tables;
        private bool isRead;

        public PreviousDesigner(MigrationIndex owner, string? migrationId, string? dbContext, CancellationToken cancellationToken)
        {
            this.owner = owner;
            this.migrationId = migrationId;
            this.dbContext = dbContext;
            this.cancellationToken = cancellationToken;
        }

        /// <summary>The previous migration, or null for the first one.</summary>
        private Entry? Previous
        {
            get
            {
                if (!isFound)
                {
                    previous = owner.PreviousEntry(migrationId, dbContext);
                    isFound = true;
                }

                return previous;
            }
        }

        public override TargetModel? Model() => Previous is { } entry ? owner.TargetModelOf(entry.Type, cancellationToken) : null;

        public override bool Exists(ModelBefore before) => Method is not null;

        public override TableDefinition? Table(ModelBefore before, string name, string? schema)
        {
            var answers = Kept();
            if (answers is not null && answers.TryGetTable(name, schema, out var known))
            {
                return known;
            }

            var table = DesignerTables(out var whole) is { } tables ? tables.Table(name, schema) : whole?.Table(name, schema);
            answers?.AddTable(name, schema, table);
            return table;
        }

        public override IReadOnlyList<TableDefinition> TablesNamedForIndexes(ModelBefore before, string name)
        {
            var answers = Kept();
            if (answers is not null && answers.TryGetTablesNamedForIndexes(name, out var known))
            {
                return known;
            }

            var found = DesignerTables(out var whole) is { } tables ? tables.TablesNamedForIndexes(name) : whole?.TablesNamed(name) ?? Array.Empty<TableDefinition>();
            answers?.AddTablesNamedForIndexes(name, found);
            return found;
        }

        public override TableDefinition? TableOfIndex(ModelBefore before, string index)
        {
            var answers = Kept();
            if (answers is not null && answers.TryGetTableOfIndex(index, out var known))
            {
                return known;
            }

            var table = DesignerTables(out var whole) is { } tables ? tables.TableOfIndex(index) : whole?.TableOfIndex(index);
            answers?.AddTableOfIndex(index, table);
            return table;
        }

        /// <summary>The previous Designer's <c>BuildTargetModel</c>, or null for the first migration or one without a Designer.</summary>
        private MethodDeclarationSyntax? Method
        {
            get
            {
                if (!isMethodFound)
                {
                    method = Previous is { } entry ? BuildTargetModel(entry.Parts) : null;
                    isMethodFound = true;
                }

                return method;
            }
        }

        /// <summary>
        /// The answers this Designer's text gave before, in this compilation or an earlier one (see <see cref="DesignerAnswerCache"/>):
        /// a question answered there reads nothing. Null without a Designer.
        /// </summary>
        private DesignerAnswerCache.Answers? Kept()
        {
            if (!isKeptFound)
            {
                kept = Method is { } designer ? DesignerAnswerCache.Of(designer) : null;
                isKeptFound = true;
            }

            return kept;
        }

        /// <summary>
        /// What answers a question about the Designer's model: <see cref="TargetModelReader.DesignerTables"/>, which reads only
        /// what the question needs (and the whole model only for a Designer of a shape it does not know); or, when that is
        /// null, <paramref name="whole"/>: the whole model when it is read already, and no model for the first migration or
        /// one without a Designer. An out parameter rather than a pair of delegates: every question asks.
        /// </summary>
        private TargetModelReader.DesignerTables? DesignerTables(out TargetModel? whole)
        {
            whole = null;
            if (Previous is not { Type: var type } || owner.targetModels.TryGetValue(type, out whole))
            {
                return null;
            }

            if (!isRead)
            {
                // The whole model as Model() reads it, by a delegate made once per Designer: a lambda over the type here made
                // its closure on every question, read or not.
                tables = Method is { } designer ? new TargetModelReader.DesignerTables(designer, Model) : null;
                isRead = true;
            }

            return tables;
        }
    }

    private static MethodDeclarationSyntax? BuildTargetModel(INamedTypeSymbol type, CancellationToken cancellationToken) =>
        OverrideIn(type, "BuildTargetModel", cancellationToken);

    /// <summary>
    /// The <c>BuildTargetModel</c> of a listed migration, from the declarations the list holds: the symbol's declaring references
    /// made an array and a reference for each part, and walked each part's tree down to it again, for every Designer a question asked.
    /// </summary>
    private static MethodDeclarationSyntax? BuildTargetModel(List<ClassDeclarationSyntax> parts)
    {
        foreach (var declaration in parts)
        {
            if (MigrationModelReader.FindOverride(declaration, "BuildTargetModel") is { } method)
            {
                return method;
            }
        }

        return null;
    }

    /// <summary>The override named <paramref name="name"/> in any part of <paramref name="type"/> (a Designer's BuildTargetModel, a snapshot's BuildModel).</summary>
    private static MethodDeclarationSyntax? OverrideIn(INamedTypeSymbol type, string name, CancellationToken cancellationToken)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is ClassDeclarationSyntax declaration
                && MigrationModelReader.FindOverride(declaration, name) is { } method)
            {
                return method;
            }
        }

        return null;
    }

    /// <summary>
    /// <c>TargetModelOf(type)?.ProviderHint</c> (Unknown without a Designer), from the Designer's text when that tells it:
    /// see <see cref="TargetModelReader.ProviderHintFromText"/>. The whole model is read only when the text cannot tell.
    /// </summary>
    /// <param name="dbContext">The display name of the migration's <c>[DbContext]</c>, as its attributes say.</param>
    public DatabaseProvider ProviderHintOf(INamedTypeSymbol type, string? dbContext, CancellationToken cancellationToken)
    {
        // One provider per DbContext: EF applies every migration of a context in an assembly to the one database the context
        // is configured for, and the snapshot is that context's model now. Asking each migration's own Designer read every
        // Designer of a SQLite history for its store types (a third of the callbacks' time on ErsatzTV, every provider referenced).
        if (dbContext is { } context
            && snapshotProviders.Value.TryGetValue(context, out var fromSnapshot) && fromSnapshot != DatabaseProvider.Unknown)
        {
            return fromSnapshot;
        }

        if (targetModels.TryGetValue(type, out var read))
        {
            return read?.ProviderHint ?? DatabaseProvider.Unknown;
        }

        if (BuildTargetModel(type, cancellationToken) is not { } method)
        {
            return DatabaseProvider.Unknown;
        }

        return TargetModelReader.ProviderHintFromText(method) ?? TargetModelOf(type, cancellationToken)?.ProviderHint ?? DatabaseProvider.Unknown;
    }

    /// <summary>
    /// The provider each DbContext's model snapshot names, by the context's full name: read once per compilation, and only for
    /// a context that has exactly one snapshot (two classes that claim to be one context's answer nothing). Found by the name
    /// EF gives it (<c>&lt;Context&gt;ModelSnapshot</c>) in the declaration table, not by the walk over every type that lists
    /// the migrations: the provider question alone then costs an IDE edit no more than the snapshot's own read. A snapshot
    /// renamed to end otherwise is not found, and each migration's Designer answers as without one.
    /// </summary>
    private Dictionary<string, DatabaseProvider> SnapshotProviders()
    {
        // Null for a context two classes claim.
        var snapshotOf = new Dictionary<string, INamedTypeSymbol?>(StringComparer.Ordinal);
        foreach (var symbol in compilation.GetSymbolsWithName(name => name.EndsWith("Snapshot", StringComparison.Ordinal), SymbolFilter.Type))
        {
            if (symbol is INamedTypeSymbol { TypeKind: TypeKind.Class, IsAbstract: false } type && EfSymbols.IsModelSnapshot(type)
                && MigrationModelReader.ReadDbContext(type, symbols) is { } context)
            {
                snapshotOf[context] = snapshotOf.ContainsKey(context) ? null : type;
            }
        }

        var providers = new Dictionary<string, DatabaseProvider>(StringComparer.Ordinal);
        foreach (var pair in snapshotOf)
        {
            if (pair.Value is { } snapshot && OverrideIn(snapshot, "BuildModel", CancellationToken.None) is { } method)
            {
                providers[pair.Key] = TargetModelReader.ProviderHintFromText(method) ?? TargetModelReader.Read(method, null).ProviderHint;
            }
        }

        return providers;
    }

    /// <summary>The model the migration's own Designer builds, or null when it has no <c>BuildTargetModel</c>.</summary>
    public TargetModel? TargetModelOf(INamedTypeSymbol type, CancellationToken cancellationToken) =>
        targetModels.GetOrAdd(type, t => ReadTargetModel(t, cancellationToken));

    private TargetModel? ReadTargetModel(INamedTypeSymbol type, CancellationToken cancellationToken) =>
        BuildTargetModel(type, cancellationToken) is { } method ? TargetModelReader.Read(method, MigrationModelReader.ReadMigrationId(type, symbols)) : null;

    // An id that is not a literal (a constant) is the rare case that binds the attribute.
    // Loops, not LINQ over the found migrations: a fresh compiler process compiled the iterators of such queries for us.
    private Migrations Build()
    {
        var found = MigrationDeclaration.All(compilation, _ => true, t => symbols.IsMigration(t) ? MigrationModelReader.ReadMigrationId(t, symbols) : null, withBuildTargetModel: false, CancellationToken.None);
        var contexts = new HashSet<string>(StringComparer.Ordinal);
        var shared = new HashSet<string>(StringComparer.Ordinal);
        foreach (var migration in found)
        {
            // The declaration table answers without binding; a context from another assembly is not told apart (rare).
            if (migration.Declaration.DbContext is { } name && contexts.Add(name)
                && compilation.GetSymbolsWithName(name, SymbolFilter.Type).Count(t => t is INamedTypeSymbol { TypeKind: TypeKind.Class }) > 1)
            {
                shared.Add(name);
            }
        }

        var entries = new List<Entry>(found.Count);
        var listed = new Dictionary<ClassDeclarationSyntax, MigrationDeclaration.Found>(2 * found.Count);
        foreach (var migration in found)
        {
            var context = migration.Declaration.DbContext;
            entries.Add(new Entry(
                migration.Declaration.Id,
                context is not null && shared.Contains(context) ? MigrationModelReader.ReadDbContext(migration.Type, symbols) ?? context : context,
                migration.Type,
                migration.Parts));
            foreach (var part in migration.Parts)
            {
                listed[part] = migration;
            }
        }

        return new Migrations(entries, shared, listed);
    }

    /// <summary>
    /// The migration a class declaration declares, and the declarations of all its parts, when the list of migrations is built
    /// already and holds it; false otherwise, and the caller binds the declaration. Once some migration has asked for the
    /// model before it, every other tree's migration is found here: binding the declaration (<c>GetDeclaredSymbol</c>) was a
    /// twentieth of the callbacks' time on 1,000 migrations. The list is never built for this: an edit in the IDE that asks no
    /// question of the history still reads no other migration.
    /// </summary>
    public bool TryGetListed(ClassDeclarationSyntax declaration, out INamedTypeSymbol type, out List<ClassDeclarationSyntax> parts)
    {
        if (built.IsBuilt && built.Value.Listed.TryGetValue(declaration, out var listed))
        {
            type = listed.Type;
            parts = listed.Parts;
            return true;
        }

        type = null!;
        parts = null!;
        return false;
    }

    internal IEnumerable<string> Ids => Entries.Select(e => e.Id);

    /// <summary>Whether the list of migrations has been read (for the tests of what reads it).</summary>
    internal bool IsBuilt => built.IsBuilt;

    /// <summary>The ids in order, built once per compilation.</summary>
    internal IReadOnlyList<string> IdList => idList ??= Entries.Select(e => e.Id).ToList();

    private IReadOnlyList<string>? idList;

    // Every migration's analysis asks; each answer reads every id, so it is worked out once per value (one, in practice).
    // Its answers are references (Tuple), not value tuples: a dictionary of value tuples was framework code a fresh compiler
    // process compiled for us, in every compilation, start_after set or not.
    private readonly ConcurrentDictionary<string, Tuple<string?, string?>> startAfter = new(StringComparer.Ordinal);

    /// <summary>
    /// The settings last resolved for this compilation (see <c>MigrationAnalyzer.WithStartAfterResolved</c>): the settings as
    /// written, with <c>start_after</c> as a migration id, and their problems. One reference, so a thread reads a whole answer.
    /// </summary>
    internal ResolvedSettings? StartAfterResolution { get; set; }

    internal sealed record ResolvedSettings(SafeMigrationsSettings Written, SafeMigrationsSettings Resolved, (string Key, string Value, string Why)[] Problems);

    /// <summary>A <c>start_after</c> value as a migration id (null: no boundary), and what is wrong with it; see <see cref="SafeMigrationsSettings.ResolveStartAfter"/>.</summary>
    internal (string? Id, string? Problem) StartAfter(string value)
    {
        var answer = startAfter.GetOrAdd(value, v => SafeMigrationsSettings.ResolveStartAfter(v, IdList).ToTuple());
        return (answer.Item1, answer.Item2);
    }

    /// <summary>True for the newest migration of its DbContext: where project-wide findings (a bad setting) are reported, once.</summary>
    internal bool IsLatest(string? migrationId, string? dbContext)
    {
        dbContext = ContextKey(dbContext);
        return migrationId is not null && Entries.LastOrDefault(e => dbContext is null || e.DbContext is null || e.DbContext == dbContext)?.Id == migrationId;
    }

    /// <summary>The migration that precedes <paramref name="migrationId"/> for the same DbContext, for the code fixes.</summary>
    internal INamedTypeSymbol? PreviousMigration(string migrationId, string? dbContext) =>
        PreviousType(migrationId, dbContext);
}
