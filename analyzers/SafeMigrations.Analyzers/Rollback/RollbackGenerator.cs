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
/// Writes <c>Down</c> for every migration marked <c>[GenerateRollback]</c>, from its <c>Up</c>. Past the steps that find
/// and read the marked migrations (which compare syntax by reference), the pipeline carries only equatable models (no
/// symbols, no syntax), so an edit to one migration or to an unrelated file re-reads and re-emits nothing for the others.
/// Diagnostics (SM3003) come from the analyzer.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class RollbackGenerator : IIncrementalGenerator
{
    /// <summary>The tracking names of the pipeline's steps, for incrementality tests.</summary>
    public static class TrackingNames
    {
        /// <summary>Each marked migration read from its syntax: an edit runs it again only for the migration edited.</summary>
        public const string SyntaxReads = nameof(SyntaxReads);
        public const string RollbackTargets = nameof(RollbackTargets);
        public const string Designers = nameof(Designers);
        public const string Plans = nameof(Plans);
    }

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // Each file's classes are looked at for the attribute's syntax (the answers reused by the project's next compilation); only when one is marked
        // does a walk of the declaration table gather the marked classes and the Designers (RollbackGenerator.Targets.cs).
        // Nothing is bound.
        var declarations = context.CompilationProvider
            .Select(static (compilation, cancellationToken) => FindDeclarations(compilation, cancellationToken));

        // Each marked migration is read from its syntax, and that read is kept while its trees are unchanged: an edit reads
        // the edited migration again, not the others. Only a migration whose read needs a semantic model (a positional
        // argument, a constant) is read with its symbol, again in each compilation.
        var targets = declarations
            .SelectMany(static (found, _) => found.Marked)
            .Select(static (marked, cancellationToken) => ReadFromSyntax(marked, cancellationToken))
            .WithTrackingName(TrackingNames.SyntaxReads)
            .Combine(context.CompilationProvider)
            .Select(static (pair, cancellationToken) => pair.Left.Target ?? ReadWithSymbol(pair.Left.Source, pair.Right, cancellationToken))
            .Where(static target => target is not null)
            .Select(static (target, _) => target!)
            .WithTrackingName(TrackingNames.RollbackTargets);

        // A Designer found compares by syntax reference, so an edit elsewhere leaves every previous-model pick unchanged.
        // The node's value is a class (DesignerList), not the EquatableArray struct: the driver's generic tables over a
        // struct of ours are code no ReadyToRun image holds, and a fresh csc process JIT-compiled 147 methods for them.
        var designers = declarations
            .Select(static (found, _) => new DesignerList(found.Designers))
            .WithTrackingName(TrackingNames.Designers);

        // Pick each migration's previous Designer first, then plan over the tables of it the plan asks about: when the pick
        // is unchanged the planning does not run again, and a Designer edit that leaves the plan as it was writes nothing.
        var plans = targets
            .Combine(designers)
            .Select(static (pair, _) => new PreviousPick(pair.Left, PreviousDesigner(pair.Left, pair.Right.Items)))
            .Select(static (pick, cancellationToken) => new RollbackOutput(pick.Target, PlanSafely(pick.Target.Migration, pick.Designer, cancellationToken)))
            .WithTrackingName(TrackingNames.Plans);

        context.RegisterSourceOutput(plans, static (output, plan) => Emit(output, plan));
    }

    /// <summary>Every Designer of the compilation, compared by its items (the value of the Designers step).</summary>
    internal sealed record DesignerList(EquatableArray<DesignerMethod> Items);

    /// <summary>A migration to write <c>Down</c> for, as data.</summary>
    internal sealed record RollbackTarget(MigrationModel Migration, EquatableArray<string> Usings, bool CanDeclareDown)
    {
        /// <summary>The usings of the namespaces around the class, for inside the generated namespace.</summary>
        public EquatableArray<string> NamespaceUsings { get; init; } = EquatableArray<string>.Empty;

        /// <summary>The name of Up's <c>MigrationBuilder</c> parameter, unescaped.</summary>
        public string UpBuilderName { get; init; } = BuilderParameter;
    }

    /// <summary>A migration to write <c>Down</c> for, and the Designer of the migration before it (null for the first).</summary>
    internal sealed record PreviousPick(RollbackTarget Target, DesignerMethod? Designer);

    internal sealed record RollbackOutput(RollbackTarget Target, RollbackPlan Plan);

    /// <summary>
    /// A migration's Designer found, not yet read: its id, its DbContext's simple name and its <c>BuildTargetModel</c> (null for
    /// a migration without a Designer). The method is compared by reference, so the value is unchanged exactly while the
    /// Designer's tree is; the next step turns it into data.
    /// </summary>
    internal sealed class DesignerMethod : IEquatable<DesignerMethod>
    {
        public DesignerMethod(string id, string? dbContext, MethodDeclarationSyntax? method)
        {
            Id = id;
            DbContext = dbContext;
            Method = method;
        }

        public string Id { get; }

        public string? DbContext { get; }

        public MethodDeclarationSyntax? Method { get; }

        public bool Equals(DesignerMethod? other) =>
            other is not null && Id == other.Id && DbContext == other.DbContext && ReferenceEquals(Method, other.Method);

        public override bool Equals(object? obj) => Equals(obj as DesignerMethod);

        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Id);
    }

    private static TargetModel? ReadTargetModel(DesignerMethod? designer, CancellationToken cancellationToken)
    {
        if (designer?.Method is not { } method)
        {
            return null;
        }

        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            return TargetModelReader.Read(method, designer.Id);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>The Designer of the migration just before this one, for the same DbContext (<paramref name="designers"/> sorted by id); none when that migration has none.</summary>
    internal static DesignerMethod? PreviousDesigner(RollbackTarget target, EquatableArray<DesignerMethod> designers) =>
        MigrationDeclaration.Previous(designers, d => d.Id, d => d.DbContext, target.Migration.Id, target.Migration.DbContextType);
}
