using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using SafeMigrations.Analyzers.Context;
using SafeMigrations.Analyzers.Model;
using SafeMigrations.Analyzers.Reading;
using SafeMigrations.Analyzers.Rules;

namespace SafeMigrations.Analyzers;

/// <summary>
/// The base of every SafeMigrations analyzer. <see cref="Initialize"/> is sealed so every analyzer starts
/// the same way: concurrent, analysing generated code (Designer files are <c>&lt;auto-generated&gt;</c>),
/// EF symbols resolved once per compilation, nothing done when EF Core Relational is absent.
/// Each migration class is read once into a <see cref="MigrationModel"/> and handed to the rules.
/// </summary>
public abstract class MigrationAnalyzer : DiagnosticAnalyzer
{
    private readonly ImmutableArray<MigrationRule> rules;
    private readonly ImmutableArray<DiagnosticDescriptor> supported;

    private protected MigrationAnalyzer(params MigrationRule[] rules)
    {
        this.rules = rules.ToImmutableArray();
        supported = rules.Select(r => r.Descriptor).ToImmutableArray();
    }

    public sealed override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => supported;

    /// <summary>Called with the name of each migration class the analyzer reads (for the tests of what is read).</summary>
    internal static Action<string>? MigrationRead;

    /// <summary>The rules, in the order they run (for the benchmark's per-rule timings).</summary>
    internal ImmutableArray<MigrationRule> Rules => rules;

    public sealed override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.RegisterCompilationStartAction(start =>
        {
            // The EF symbols are looked up at the first tree, not here: at the start the compiler has not bound the
            // compilation's references yet, and the first lookup did that binding for it, charged to this analyzer (a
            // tenth of its time on the benchmark's 1,000 migrations). By the first tree's callback it is done.
            var compilation = start.Compilation;
            // Read safely: Lazy keeps a factory's exception and throws it again for every tree, each an AD0001.
            var ef = new Lazy<CompilationEf?>(() => SafeRead(
                () => EfSymbols.TryCreate(compilation) is { } symbols ? new CompilationEf(symbols, ProviderDetector.FromReferences(compilation), new MigrationIndex(compilation, symbols)) : null,
                null));
            var failBuild = start.Options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue("build_property.SafeMigrationsFailBuild", out var value)
                            && string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);
            var settings = new SafeMigrationsSettings.Reader(start.Options.AnalyzerConfigOptionsProvider.GlobalOptions);
            start.RegisterSemanticModelAction(model =>
            {
                if (ef.Value is { } found)
                {
                    OnTree(model, found.Symbols, found.ReferencedProvider, found.Index, settings, failBuild);
                }
            });
        });
    }

    /// <summary>What a compilation that references EF Core Relational shares among its migrations.</summary>
    private sealed record CompilationEf(EfSymbols Symbols, DatabaseProvider ReferencedProvider, MigrationIndex Index);

    /// <summary>
    /// Each migration is analysed from the tree that declares its <c>Up</c> (or, without one, its first declaration),
    /// with that tree's semantic model, which the driver shares with every analyzer. A symbol-level registration
    /// (symbol start, code blocks, symbol end) made the driver hand over every code block of the type, the Designer's
    /// <c>BuildTargetModel</c> included: thousands of lines per migration on a large model, bound in the IDE on every
    /// edit of the migration file only to be ignored.
    /// </summary>
    private void OnTree(SemanticModelAnalysisContext context, EfSymbols symbols, DatabaseProvider referencedProvider, MigrationIndex index, SafeMigrationsSettings.Reader settingsReader, bool failBuild)
    {
        var semanticModel = context.SemanticModel;
        var tree = semanticModel.SyntaxTree;
        if (MigrationModelReader.IsGeneratedRollback(tree))
        {
            return;
        }

        foreach (var declaration in MigrationDeclaration.CandidateClasses(tree.GetRoot(context.CancellationToken)))
        {
            // A Designer part is never a migration's primary tree (see PrimaryTree): skipped before binding, half the trees
            // of a project and a sixth of the callbacks' time on a history of 1,000 migrations.
            if (MigrationDeclaration.IsDesignerPart(declaration))
            {
                continue;
            }

            // The parts are found once for every question of the analysis: each lookup of a part in another tree (the Designer's)
            // walks that tree down to the declaration again. The list of migrations, once built, has both.
            if (!index.TryGetListed(declaration, out var type, out var parts))
            {
                if (semanticModel.GetDeclaredSymbol(declaration, context.CancellationToken) is not INamedTypeSymbol declared || !symbols.IsMigration(declared))
                {
                    continue;
                }

                type = declared;
                parts = MigrationDeclaration.PartsOf(type, context.CancellationToken);
            }
            else if (!symbols.IsMigration(type))
            {
                continue;
            }

            if (!ReferenceEquals(PrimaryTree(parts), tree) || !IsFirstDeclarationIn(parts, declaration, tree))
            {
                continue;
            }

            Analyze(type, parts, symbols, referencedProvider, index, settingsReader, in context, failBuild);
        }
    }

    /// <summary>
    /// The tree that declares the migration's <c>Up</c>, or without one (code being typed, an <c>Up</c> inherited from a base
    /// class) its first declaration that is not a Designer part; never a generated rollback. A migration of which only the
    /// Designer is left is not analysed: without <c>Up</c> it has nothing to check, and it does not compile (CS0534).
    /// </summary>
    private static SyntaxTree? PrimaryTree(List<ClassDeclarationSyntax> parts)
    {
        SyntaxTree? first = null;
        foreach (var declaration in parts)
        {
            if (MigrationModelReader.IsGeneratedRollback(declaration.SyntaxTree))
            {
                continue;
            }

            if (MigrationModelReader.FindOverride(declaration, "Up") is not null)
            {
                return declaration.SyntaxTree;
            }

            if (first is null && !MigrationDeclaration.IsDesignerPart(declaration))
            {
                first = declaration.SyntaxTree;
            }
        }

        return first;
    }

    /// <summary>A type declared twice in one tree (two partial parts) is analysed once.</summary>
    /// <remarks>A loop, not <c>List.Find</c>: its lambda captured the tree, a closure and a delegate for every migration.</remarks>
    private static bool IsFirstDeclarationIn(List<ClassDeclarationSyntax> parts, ClassDeclarationSyntax declaration, SyntaxTree tree)
    {
        foreach (var part in parts)
        {
            if (part.SyntaxTree == tree)
            {
                return part.Span == declaration.Span;
            }
        }

        return false;
    }

    /// <remarks>
    /// The context comes by reference and reports itself: its <c>ReportDiagnostic</c> as an <c>Action&lt;Diagnostic&gt;</c>
    /// boxed the struct and made the runtime find the method's unboxing stub (a call into the runtime) for every migration,
    /// and that call made the JIT set up a P/Invoke frame in the tree callback for every tree: about 4 % of the callbacks'
    /// samples on the benchmark's 1,000 migrations (its README, thirty-eighth round).
    /// </remarks>
    private void Analyze(
        INamedTypeSymbol type,
        List<ClassDeclarationSyntax> parts,
        EfSymbols symbols,
        DatabaseProvider referencedProvider,
        MigrationIndex index,
        SafeMigrationsSettings.Reader settingsReader,
        in SemanticModelAnalysisContext context,
        bool failBuild)
    {
        var semanticModel = context.SemanticModel;
        var options = context.Options;
        var cancellationToken = context.CancellationToken;
        // The settings and the attributes come first: a migration at or before start_after is read only when a rule that
        // ignores the setting has something to say about it, so a project that adopts the package with one line pays
        // next to nothing for its old history. The settings are the primary tree's, the one that declares Up.
        var settings = settingsReader.Read(options.AnalyzerConfigOptionsProvider.GetOptions(semanticModel.SyntaxTree));
        // Guarded as SafeRead would, without its closure and delegates: this runs for every migration, and a lambda here that
        // captured a parameter made the method allocate its closure on every call (the rare paths below have their own).
        MigrationAttributes attributes;
        try
        {
            attributes = MigrationModelReader.ReadAttributes(type, symbols);
        }
        catch (Exception exception) when (IsSkipped(exception))
        {
            attributes = default;
        }

        var id = attributes.Id;
        var settingProblems = Array.Empty<(string, string, string)>();
        if (settings.Written.Length > 0)
        {
            (settings, settingProblems) = WithStartAfterResolved(settings, index, attributes);
        }

        var skipped = settings.IsBeforeStart(id);
        var header = skipped ? new MigrationHeader(HasGenerateRollbackSafely(type, symbols, parts), settingProblems.Length > 0) : default;
        if (skipped && !AnyAnalyzesBeforeStart(header))
        {
            return;
        }

        // Up and Down are read with this tree's semantic model; a part in another tree (rare) is read from syntax.
        MigrationRead?.Invoke(type.Name);

        // Neither the setting nor the references name the provider (a project that references several): the migration's own
        // Designer is asked first, and only when it cannot tell are Up's CreateTable columns read for their annotations.
        var asksDesigner = settings.Provider == DatabaseProvider.Unknown && referencedProvider == DatabaseProvider.Unknown;
        var designerHint = asksDesigner ? ProviderHintSafely(index, type, attributes.DbContext, cancellationToken) : DatabaseProvider.Unknown;
        var methods = new MethodsForRules(semanticModel, symbols, asksDesigner && designerHint == DatabaseProvider.Unknown, cancellationToken);
        MigrationModel? migration;
        try
        {
            migration = MigrationModelReader.Read(type, symbols, parts, attributes, methods.Read);
        }
        catch (Exception exception) when (IsSkipped(exception))
        {
            migration = null;
        }

        if (migration is null || !TryGetTree(parts, migration.Identifier.FilePath, out _))
        {
            return;
        }

        var (provider, source) = ProviderDetector.Detect(settings, referencedProvider, designerHint, migration);
        var ruleContext = new MigrationContext(
            migration,
            settings,
            provider,
            source,
            Before(index.Previous(migration.Id, migration.DbContextType, cancellationToken)),
            cancellationToken)
        {
            SettingProblems = settingProblems,
        };

        foreach (var rule in rules)
        {
            if (skipped && !rule.AnalyzesBeforeStart(header))
            {
                continue;
            }

            RunSafely(rule, ruleContext);
        }

        // By index: the list as its read-only interface boxed its enumerator for every migration.
        var findings = ruleContext.Findings;
        for (var i = 0; i < findings.Count; i++)
        {
            var finding = findings[i];
            if (TryGetTree(parts, finding.Span.FilePath, out var findingTree) && finding.Span.Start + finding.Span.Length <= findingTree.Length)
            {
                var location = Location.Create(findingTree, new Microsoft.CodeAnalysis.Text.TextSpan(finding.Span.Start, finding.Span.Length));
                var properties = WithProvider(finding.Properties, provider);

                // In CI the warnings are reported as errors; the user's own severity settings and suppressions still apply on top.
                var severity = failBuild && finding.Severity == DiagnosticSeverity.Warning ? DiagnosticSeverity.Error : finding.Severity;
                context.ReportDiagnostic(Diagnostic.Create(finding.Descriptor, location, severity, additionalLocations: null, properties, MessageArgumentsOf(finding)));
            }
        }
    }

    /// <summary>
    /// The finding's message arguments as the array <c>Diagnostic.Create</c> takes, copied by a loop: LINQ's <c>ToArray&lt;object&gt;</c>
    /// over the immutable array boxed it and its enumerator, and grew a buffer, for every diagnostic reported.
    /// </summary>
    private static object[] MessageArgumentsOf(RuleFinding finding)
    {
        var strings = finding.MessageArguments;
        if (strings.IsDefaultOrEmpty)
        {
            return Array.Empty<object>();
        }

        var arguments = new object[strings.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = strings[i];
        }

        return arguments;
    }

    /// <summary>
    /// A finding's properties with the provider added, for the code fixes. A finding with none of its own (most) shares one
    /// dictionary per provider, as they are immutable: each made its own from the empty one, about one a migration on a
    /// history that reports.
    /// </summary>
    private static ImmutableDictionary<string, string?> WithProvider(ImmutableDictionary<string, string?> properties, DatabaseProvider provider)
    {
        if (!properties.IsEmpty || (uint)provider >= (uint)ProviderOnlyProperties.Length)
        {
            return properties.SetItem(FixProperties.Provider, provider.Name());
        }

        // A race makes two equal dictionaries, and either serves.
        return ProviderOnlyProperties[(int)provider] ??= properties.SetItem(FixProperties.Provider, provider.Name());
    }

    // Indexed by provider; room for providers added later, which are otherwise given a dictionary of their own.
    private static readonly ImmutableDictionary<string, string?>?[] ProviderOnlyProperties = new ImmutableDictionary<string, string?>?[16];

    /// <summary>The <c>start_after</c> setting resolved to a migration id, and the settings' problems to report on this migration (the newest only).</summary>
    private static (SafeMigrationsSettings Settings, (string, string, string)[] Problems) WithStartAfterResolved(SafeMigrationsSettings settings, MigrationIndex index, MigrationAttributes attributes)
    {
        // Worked out once per settings object (the project's, nearly always; see SafeMigrationsSettings.Reader) and compilation:
        // every migration's analysis asks, and on a history adopted with start_after the closures, the settings' copy and the
        // problems' iterator made here for each skipped migration were a third of what the analyzer allocated.
        var resolution = index.StartAfterResolution;
        if (resolution is null || !ReferenceEquals(resolution.Written, settings))
        {
            resolution = ResolveStartAfter(settings, index);
            index.StartAfterResolution = resolution;
        }

        // A setting's problems are reported once, on the newest migration.
        var problems = resolution.Problems.Length > 0 && IsLatestSafely(index, attributes) ? resolution.Problems : Array.Empty<(string, string, string)>();
        return (resolution.Resolved, problems);
    }

    private static MigrationIndex.ResolvedSettings ResolveStartAfter(SafeMigrationsSettings settings, MigrationIndex index)
    {
        // Only start_after needs the migration list.
        var resolved = settings.StartAfter is { } startAfter ? settings with { StartAfter = SafeRead(() => index.StartAfter(startAfter).Id, null) } : settings;
        var problems = SafeRead(() => settings.Problems(value => index.StartAfter(value).Problem).ToArray(), Array.Empty<(string, string, string)>());
        return new MigrationIndex.ResolvedSettings(settings, resolved, problems);
    }

    private static bool IsLatestSafely(MigrationIndex index, MigrationAttributes attributes) =>
        SafeRead(() => index.IsLatest(attributes.Id, attributes.DbContext), false);

    private static bool HasGenerateRollbackSafely(INamedTypeSymbol type, EfSymbols symbols, List<ClassDeclarationSyntax> parts) =>
        SafeRead(() => MigrationModelReader.HasGenerateRollback(type, symbols, parts), false);

    private static DatabaseProvider ProviderHintSafely(MigrationIndex index, INamedTypeSymbol type, string? dbContext, CancellationToken cancellationToken) =>
        SafeRead(() => index.ProviderHintOf(type, dbContext, cancellationToken), DatabaseProvider.Unknown);

    private bool AnyAnalyzesBeforeStart(MigrationHeader header)
    {
        foreach (var rule in rules)
        {
            if (rule.AnalyzesBeforeStart(header))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Reads Up and Down as <see cref="ReadForRules"/> does, each read guarded as <see cref="SafeRead"/> would: one object and
    /// two delegates a migration, where a closure, a lambda and a delegate for each read were.
    /// </summary>
    private sealed class MethodsForRules
    {
        private readonly SemanticModel semanticModel;
        private readonly EfSymbols symbols;
        private readonly bool upNeedsTableColumns;
        private readonly CancellationToken cancellationToken;
        private readonly Func<MethodDeclarationSyntax, bool, MigrationMethod> readGuarded;

        public MethodsForRules(SemanticModel semanticModel, EfSymbols symbols, bool upNeedsTableColumns, CancellationToken cancellationToken)
        {
            this.semanticModel = semanticModel;
            this.symbols = symbols;
            this.upNeedsTableColumns = upNeedsTableColumns;
            this.cancellationToken = cancellationToken;
            readGuarded = ReadGuarded;
        }

        public MigrationMethod Read(MethodDeclarationSyntax method) => ReadForRules(method, readGuarded, upNeedsTableColumns);

        private MigrationMethod ReadGuarded(MethodDeclarationSyntax method, bool readsTableColumns)
        {
            try
            {
                var key = MethodReadCache.KeyOf(method, readsTableColumns);
                if (key is not null && MethodReadCache.Reads.TryGet(key, out var kept))
                {
#if DEBUG
                    AssertKeptIsRead(method, readsTableColumns, kept);
#endif
                    return kept;
                }

                var questions = ModelQuestions.Count;
                var read = ReadFresh(method, readsTableColumns);
                if (key is not null && ModelQuestions.Count == questions)
                {
                    MethodReadCache.Reads.Set(key, read); // Asked no model: the syntax, so the text, decided it.
                }

                return read;
            }
            catch (Exception exception) when (IsSkipped(exception))
            {
                return MigrationMethod.Unreadable(MigrationMethodReader.IdentifierOf(method));
            }
        }

        /// <summary>The semantic model serves only the tree it was made for: an Up in another part's file is read by its syntax.</summary>
        private MigrationMethod ReadFresh(MethodDeclarationSyntax method, bool readsTableColumns) =>
            MigrationMethodReader.Read(method, method.SyntaxTree == semanticModel.SyntaxTree ? semanticModel : null, symbols, cancellationToken, readsTableColumns);

#if DEBUG
        /// <summary>
        /// In the tests (Debug builds) each kept read is read again and compared: a reader change that asked the semantic model
        /// without counting the question (<see cref="ModelQuestions"/>) would make a kept read stale, and this says so at once.
        /// </summary>
        private void AssertKeptIsRead(MethodDeclarationSyntax method, bool readsTableColumns, MigrationMethod kept)
        {
            if (!ReadFresh(method, readsTableColumns).Equals(kept))
            {
                throw new InvalidOperationException($"The read of {method.Identifier.ValueText} kept for {method.SyntaxTree.FilePath} differs from what the reader reads now");
            }
        }
#endif
    }

    /// <summary>
    /// Up or Down as the rules need it. Up's CreateTable columns and constraints are a large part of what reading a
    /// scaffolded migration costs (up to half), and no rule looks at them. Only two things do: the provider guessed from
    /// their annotations when neither the setting, the references nor the migration's Designer name it (<paramref name="upNeedsTableColumns"/>), and
    /// the key of the rows an InsertData seeds (Up is then read again with them; seed data is rare). Down's are always
    /// read: SM3002 compares a table that Down re-creates with the one Up dropped.
    /// </summary>
    internal static MigrationMethod ReadForRules(MethodDeclarationSyntax method, Func<MethodDeclarationSyntax, bool, MigrationMethod> read, bool upNeedsTableColumns)
    {
        if (upNeedsTableColumns || method.Identifier.ValueText != "Up")
        {
            return read(method, true);
        }

        var up = read(method, false);
        return up.Has(OperationType.InsertData) ? read(method, true) : up;
    }

    /// <summary>
    /// The model before the migration, read table by table as the rules ask. A table that cannot be read alone is
    /// answered from the whole model; whatever cannot be read at all counts as no model, never as an exception.
    /// </summary>
    /// <remarks>The fallbacks are functions: evaluated as plain arguments, they read the whole previous model on every
    /// table read (as they did until the benchmark's profile of the real callbacks showed it: 43 % of their time).</remarks>
    internal static ModelBefore Before(ModelBefore before) => new(new GuardedModel(before));

    /// <summary>
    /// The guard of <see cref="Before"/>: one object per migration. Each question is guarded as <see cref="SafeRead"/> would
    /// guard it, with the fallback in the catch: no closure or delegate per question.
    /// </summary>
    private sealed class GuardedModel : ModelBefore.ModelSource
    {
        private readonly ModelBefore before;

        public GuardedModel(ModelBefore before) => this.before = before;

        public override TargetModel? Model()
        {
            try
            {
                return before.Model;
            }
            catch (Exception exception) when (IsSkipped(exception))
            {
                return null;
            }
        }

        public override bool Exists(ModelBefore owner)
        {
            try
            {
                return before.Exists;
            }
            catch (Exception exception) when (IsSkipped(exception))
            {
                return false;
            }
        }

        public override TableDefinition? Table(ModelBefore owner, string name, string? schema)
        {
            try
            {
                return before.Table(name, schema);
            }
            catch (Exception exception) when (IsSkipped(exception))
            {
                return owner.Model?.Table(name, schema);
            }
        }

        public override IReadOnlyList<TableDefinition> TablesNamedForIndexes(ModelBefore owner, string name)
        {
            try
            {
                return before.TablesNamedForIndexes(name);
            }
            catch (Exception exception) when (IsSkipped(exception))
            {
                return owner.Model?.TablesNamed(name) ?? Array.Empty<TableDefinition>();
            }
        }

        public override TableDefinition? TableOfIndex(ModelBefore owner, string index)
        {
            try
            {
                return before.TableOfIndex(index);
            }
            catch (Exception exception) when (IsSkipped(exception))
            {
                return owner.Model?.TableOfIndex(index);
            }
        }
    }

    /// <summary>The tree of the migration's part in <paramref name="filePath"/>: from its parts, which the analysis has already
    /// (the type's <c>DeclaringSyntaxReferences</c> is a new array at every call, and this runs for every finding).</summary>
    private static bool TryGetTree(List<ClassDeclarationSyntax> parts, string filePath, out SyntaxTree tree)
    {
        foreach (var part in parts)
        {
            if (string.Equals(part.SyntaxTree.FilePath ?? string.Empty, filePath, StringComparison.Ordinal))
            {
                tree = part.SyntaxTree;
                return true;
            }
        }

        tree = null!;
        return false;
    }

    // The reader meets half-typed code all day: whatever it cannot read is skipped, never thrown (no AD0001).
    // Debug builds (the tests) let the exception through, so a reader bug fails a test instead of hiding.
    // The fallback is a value, not a function: a delegate over it was one more closure per read of every migration.
    private static T SafeRead<T>(Func<T> read, T fallback)
    {
        try
        {
            return read();
        }
        catch (Exception exception) when (IsSkipped(exception))
        {
            return fallback;
        }
    }

    /// <summary>What a failed read or rule is skipped for: anything but cancellation, and nothing in Debug builds.</summary>
    internal static bool IsSkipped(Exception exception) => exception is not OperationCanceledException && !RethrowReaderFailures;

#if DEBUG
    private const bool RethrowReaderFailures = true;
#else
    private const bool RethrowReaderFailures = false;
#endif

    /// <summary>A rule that throws is skipped like a failed read, with no delegates: this runs for every rule of every migration.</summary>
    private static void RunSafely(MigrationRule rule, MigrationContext context)
    {
        try
        {
            rule.Analyze(context);
        }
        catch (Exception exception) when (IsSkipped(exception))
        {
        }
    }
}

/// <summary>All SafeMigrations rules over one shared read of each migration.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SafeMigrationsAnalyzer : MigrationAnalyzer
{
    public SafeMigrationsAnalyzer()
        : base(
            new RenameColumnRule(),
            new RenameTableRule(),
            new SilentSchemaMoveRule(),
            new DropColumnRule(),
            new DropTableRule(),
            new ChangeColumnTypeRule(),
            new NarrowColumnTypeRule(),
            new AddRequiredColumnRule(),
            new SetNotNullRule(),
            new CreateIndexRule(),
            new TransactionSuppressedRule(),
            new ConcurrentlyInTransactionRule(),
            new DropIndexRule(),
            new AddForeignKeyRule(),
            new AddCheckConstraintRule(),
            new AddKeyRule(),
            new AddColumnRewriteRule(),
            new SqliteRebuildRule(),
            new MissingRollbackRule(),
            new RollbackMismatchRule(),
            new RollbackNotGeneratedRule(),
            new ContractRollbackLosesDataRule(),
            new SqlNotCheckedRule(),
            new UnbatchedDataChangeRule(),
            new BackfillWithSchemaChangeRule(),
            new ProviderUnknownRule(),
            new InvalidSettingRule())
    {
    }
}
