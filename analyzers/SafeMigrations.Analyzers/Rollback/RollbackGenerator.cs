using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SafeMigrations.Analyzers.Infrastructure;
using SafeMigrations.Analyzers.Model;
using SafeMigrations.Analyzers.Reading;

namespace SafeMigrations.Analyzers.Rollback;

/// <summary>
/// Writes <c>Down</c> for every migration marked <c>[GenerateRollback]</c>, from its <c>Up</c>. The
/// pipeline carries only equatable models (no symbols, no syntax), so an edit to one migration or to an
/// unrelated file re-emits nothing for the others. Diagnostics (SM3003) come from the analyzer.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class RollbackGenerator : IIncrementalGenerator
{
    /// <summary>The tracking names of the pipeline's steps, for incrementality tests.</summary>
    public static class TrackingNames
    {
        public const string RollbackTargets = nameof(RollbackTargets);
        public const string MigrationTargetModels = nameof(MigrationTargetModels);
        public const string AllTargetModels = nameof(AllTargetModels);
        public const string PreviousModels = nameof(PreviousModels);
        public const string Plans = nameof(Plans);
    }

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var targets = context.SyntaxProvider
            .ForAttributeWithMetadataName(EfSymbols.GenerateRollbackMetadataName, static (node, _) => node is ClassDeclarationSyntax, ReadTarget)
            .Where(static target => target is not null)
            .Select(static (target, _) => target!)
            .WithTrackingName(TrackingNames.RollbackTargets);

        // A Designer is read only once some migration has [GenerateRollback]: in a project without one, the
        // generator finds the Designers (ids and DbContexts) and reads none of their models.
        var anyTarget = targets.Collect().Select(static (all, _) => !all.IsEmpty);
        var targetModels = context.SyntaxProvider
            .ForAttributeWithMetadataName("Microsoft.EntityFrameworkCore.Migrations.MigrationAttribute", static (node, _) => node is ClassDeclarationSyntax, FindDesigner)
            .Where(static designer => designer is not null)
            .Combine(anyTarget)
            .Select(static (pair, cancellationToken) => pair.Right ? ReadTargetModel(pair.Left!, cancellationToken) : null)
            .Where(static entry => entry is not null)
            .Select(static (entry, _) => entry!)
            .WithTrackingName(TrackingNames.MigrationTargetModels)
            .Collect()
            .Select(static (entries, _) => entries.ToEquatableArray())
            .WithTrackingName(TrackingNames.AllTargetModels);

        // Pick each migration's previous model first: when that pick is unchanged, planning is skipped.
        var plans = targets
            .Combine(targetModels)
            .Select(static (pair, _) => new RollbackInput(pair.Left, PreviousModel(pair.Left, pair.Right)))
            .WithTrackingName(TrackingNames.PreviousModels)
            .Select(static (input, _) => new RollbackOutput(input.Target, RollbackPlanner.Plan(input.Target.Migration, input.Previous)))
            .WithTrackingName(TrackingNames.Plans);

        context.RegisterSourceOutput(plans, static (output, plan) => Emit(output, plan));
    }

    /// <summary>A migration to write <c>Down</c> for, as data.</summary>
    internal sealed record RollbackTarget(MigrationModel Migration, EquatableArray<string> Usings, bool CanDeclareDown);

    /// <summary>One Designer's id, DbContext and target model.</summary>
    internal sealed record MigrationTargetEntry(string Id, string? DbContext, TargetModel Model);

    internal sealed record RollbackInput(RollbackTarget Target, TargetModel? Previous);

    internal sealed record RollbackOutput(RollbackTarget Target, RollbackPlan Plan);

    private static RollbackTarget? ReadTarget(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        try
        {
            if (context.TargetSymbol is not INamedTypeSymbol type
                || EfSymbols.TryCreate(context.SemanticModel.Compilation) is not { } symbols
                || !symbols.IsMigration(type))
            {
                return null;
            }

            var compilation = context.SemanticModel.Compilation;
            var migration = MigrationModelReader.Read(
                type,
                symbols,
                method => MigrationMethodReader.Read(
                    method,
                    method.SyntaxTree == context.SemanticModel.SyntaxTree ? context.SemanticModel : compilation.GetSemanticModel(method.SyntaxTree),
                    symbols,
                    cancellationToken),
                cancellationToken);

            // Down can be generated only into a top-level partial class that does not write Down itself.
            var declarations = type.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).OfType<ClassDeclarationSyntax>().ToList();
            var canDeclare = type.ContainingType is null
                && declarations.All(d => d.Modifiers.Any(m => m.ValueText == "partial"))
                && migration.Down.State == MethodBodyState.Missing;
            var usings = declarations
                .SelectMany(d => d.SyntaxTree.GetCompilationUnitRoot(cancellationToken).Usings)
                .Where(u => u.GlobalKeyword.IsKind(SyntaxKind.None))
                .Select(u => u.ToString())
                .Distinct(StringComparer.Ordinal)
                .OrderBy(u => u, StringComparer.Ordinal)
                .ToEquatableArray();
            return new RollbackTarget(migration, usings, canDeclare);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Half-typed code: no Down this time; the analyzer reports what it can.
            return null;
        }
    }

    /// <summary>
    /// A Designer found, not yet read: its id, its DbContext and its <c>BuildTargetModel</c>. The method is compared by
    /// reference, so the value is unchanged exactly while the Designer's tree is; the next step turns it into data.
    /// </summary>
    internal sealed class DesignerMethod : IEquatable<DesignerMethod>
    {
        public DesignerMethod(string id, string? dbContext, MethodDeclarationSyntax method)
        {
            Id = id;
            DbContext = dbContext;
            Method = method;
        }

        public string Id { get; }

        public string? DbContext { get; }

        public MethodDeclarationSyntax Method { get; }

        public bool Equals(DesignerMethod? other) =>
            other is not null && Id == other.Id && DbContext == other.DbContext && ReferenceEquals(Method, other.Method);

        public override bool Equals(object? obj) => Equals(obj as DesignerMethod);

        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Id);
    }

    private static DesignerMethod? FindDesigner(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        try
        {
            if (context.TargetSymbol is not INamedTypeSymbol type
                || context.Attributes.FirstOrDefault()?.ConstructorArguments.FirstOrDefault().Value is not string id
                || EfSymbols.TryCreate(context.SemanticModel.Compilation) is not { } symbols)
            {
                return null;
            }

            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is ClassDeclarationSyntax declaration
                    && MigrationModelReader.FindOverride(declaration, "BuildTargetModel") is { } method)
                {
                    return new DesignerMethod(id, MigrationModelReader.ReadDbContext(type, symbols), method);
                }
            }

            return null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return null;
        }
    }

    private static MigrationTargetEntry? ReadTargetModel(DesignerMethod designer, CancellationToken cancellationToken)
    {
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            return new MigrationTargetEntry(designer.Id, designer.DbContext, TargetModelReader.Read(designer.Method, designer.Id));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>The target model of the migration just before this one, for the same DbContext.</summary>
    internal static TargetModel? PreviousModel(RollbackTarget target, EquatableArray<MigrationTargetEntry> entries)
    {
        var id = target.Migration.Id;
        if (id is null)
        {
            return null;
        }

        MigrationTargetEntry? previous = null;
        foreach (var entry in entries)
        {
            if (string.CompareOrdinal(entry.Id, id) < 0
                && (target.Migration.DbContextType is null || entry.DbContext is null || entry.DbContext == target.Migration.DbContextType)
                && (previous is null || string.CompareOrdinal(entry.Id, previous.Id) > 0))
            {
                previous = entry;
            }
        }

        return previous?.Model;
    }
}
