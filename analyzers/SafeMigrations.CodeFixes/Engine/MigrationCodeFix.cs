using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace SafeMigrations.CodeFixes.Engine;

/// <summary>
/// The base of every fix that rewrites a migration. A fix only says what it changes for one diagnostic
/// (<see cref="TryPlan"/>); the engine loads the migration through the rules' own reader, writes the edits and
/// the new migration, and runs fix-all with one new migration per source migration. A fix is offered only when
/// its whole rewrite could be written; anything it cannot read gets no fix, never an exception.
/// </summary>
public abstract class MigrationCodeFix : CodeFixProvider
{
    /// <summary>The equivalence key: fix-all groups by it.</summary>
    public abstract string Key { get; }

    /// <summary>The lightbulb's title.</summary>
    public abstract string Title { get; }

    /// <summary>What the new migration's class name gets after the source's, e.g. <c>Validate</c>.</summary>
    internal abstract string NewMigrationSuffix { get; }

    /// <summary>True for the expand/contract fixes: the new migration is the contract, <c>[ContractOf]</c> the source.</summary>
    internal virtual bool WritesContract => false;

    /// <summary>Where a new migration goes for this target.</summary>
    internal virtual Placement PlacementFor(FixTarget target) => Placement.After;

    /// <summary>Adds this fix's edits for one diagnostic to the rewrite of its migration; false when it cannot be made honestly.</summary>
    internal abstract bool TryPlan(FixTarget target, MigrationRewrite rewrite);

    public sealed override FixAllProvider GetFixAllProvider() => new MigrationFixAllProvider(this);

    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            var target = await FixTarget.LoadAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false);
            if (target is null || !target.HasRuntime)
            {
                continue;
            }

            var rewrite = new MigrationRewrite(target, NewMigrationSuffix, PlacementFor(target), WritesContract);
            if (!SafePlan(target, rewrite))
            {
                continue;
            }

            var solution = await SafeApplyAsync(rewrite, context.Document.Project.Solution, new NamesInUse(), context.CancellationToken).ConfigureAwait(false);
            if (solution is not null)
            {
                context.RegisterCodeFix(CodeAction.Create(Title, _ => Task.FromResult(solution), Key), diagnostic);
            }
        }
    }

    /// <summary>The rewritten solution, or null (no fix) when anything in writing it fails: never an exception in the IDE.</summary>
    internal static async Task<Solution?> SafeApplyAsync(MigrationRewrite rewrite, Solution solution, NamesInUse names, CancellationToken cancellationToken)
    {
        try
        {
            return await rewrite.ApplyAsync(solution, names, cancellationToken).ConfigureAwait(false) is { } rewritten
                   && await CompilesAsync(solution, rewritten, cancellationToken).ConfigureAwait(false)
                ? rewritten
                : null;
        }
        catch (System.Exception exception) when (exception is not System.OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>
    /// Whether every document the fix changed or added compiles without an error it did not have before: a fix is offered
    /// only when its output compiles. The Designers are left out: their edits are the model's own statements, moved, and
    /// binding a large model's Designer would cost the lightbulb more than all the rest.
    /// </summary>
    private static async Task<bool> CompilesAsync(Solution before, Solution after, CancellationToken cancellationToken)
    {
        foreach (var project in after.GetChanges(before).GetProjectChanges())
        {
            foreach (var id in project.GetChangedDocuments().Concat(project.GetAddedDocuments()))
            {
                var document = after.GetDocument(id);
                if (document is null || (document.FilePath ?? document.Name).EndsWith(".Designer.cs", System.StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                // The document before is bound only when the one after has errors, which it almost never has.
                var errorsAfter = await ErrorsAsync(document, cancellationToken).ConfigureAwait(false);
                if (errorsAfter.Count == 0)
                {
                    continue;
                }

                var errorsBefore = await ErrorsAsync(before.GetDocument(id), cancellationToken).ConfigureAwait(false);
                foreach (var error in errorsAfter)
                {
                    if (!errorsBefore.TryGetValue(error.Key, out var count) || count < error.Value)
                    {
                        return false;
                    }
                }
            }
        }

        return true;
    }

    /// <summary>The document's compiler errors, counted by id and message (their positions move with the edit).</summary>
    private static async Task<Dictionary<string, int>> ErrorsAsync(Document? document, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, int>();
        if (document is not null && await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is { } model)
        {
            foreach (var diagnostic in model.GetDiagnostics(cancellationToken: cancellationToken))
            {
                if (diagnostic.Severity == DiagnosticSeverity.Error)
                {
                    var key = diagnostic.Id + " " + diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
                    errors[key] = errors.TryGetValue(key, out var count) ? count + 1 : 1;
                }
            }
        }

        return errors;
    }

    internal bool SafePlan(FixTarget target, MigrationRewrite rewrite)
    {
        try
        {
            return TryPlan(target, rewrite);
        }
        catch (System.Exception exception) when (exception is not System.OperationCanceledException)
        {
            return false;
        }
    }
}

/// <summary>
/// The base of the expand/contract fixes: the rewritten source is the expand step, and the new migration is its
/// contract (<c>[ContractOf]</c>), which <c>UseSafeMigrations()</c> holds back until the next deployment.
/// </summary>
public abstract class ExpandContractCodeFix : MigrationCodeFix
{
    internal override string NewMigrationSuffix => "Contract";

    internal override bool WritesContract => true;
}

/// <summary>
/// Fix-all for <see cref="MigrationCodeFix"/>: the diagnostics of one migration make one rewrite, so a
/// migration gets one new migration however many of its operations are fixed, and no two rewrites write the
/// same file. Document, project and solution scope.
/// </summary>
internal sealed class MigrationFixAllProvider : FixAllProvider
{
    private readonly MigrationCodeFix fix;

    public MigrationFixAllProvider(MigrationCodeFix fix) => this.fix = fix;

    public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() =>
        new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

    public override async Task<CodeAction?> GetFixAsync(FixAllContext context)
    {
        var documents = context.Scope switch
        {
            FixAllScope.Document when context.Document is not null => new[] { context.Document },
            FixAllScope.Project => context.Project.Documents.ToArray(),
            FixAllScope.Solution => context.Solution.Projects.SelectMany(p => p.Documents).ToArray(),
            _ => System.Array.Empty<Document>(),
        };

        var solution = context.Solution;
        var names = new NamesInUse();
        foreach (var document in documents)
        {
            var diagnostics = await context.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false);
            // One rewrite per migration; a diagnostic whose new migration goes on the other side waits for the next run.
            var rewrites = new Dictionary<int, MigrationRewrite>();
            foreach (var diagnostic in diagnostics.Where(d => fix.FixableDiagnosticIds.Contains(d.Id)).OrderBy(d => d.Location.SourceSpan.Start))
            {
                var target = await FixTarget.LoadAsync(document, diagnostic, context.CancellationToken).ConfigureAwait(false);
                if (target is null || !target.HasRuntime)
                {
                    continue;
                }

                var placement = fix.PlacementFor(target);
                if (!rewrites.TryGetValue(target.Declaration.SpanStart, out var rewrite))
                {
                    rewrite = new MigrationRewrite(target, fix.NewMigrationSuffix, placement, fix.WritesContract);
                    rewrites[target.Declaration.SpanStart] = rewrite;
                }

                if (rewrite.Placement == placement)
                {
                    fix.SafePlan(target, rewrite);
                }
            }

            foreach (var rewrite in rewrites.Values)
            {
                solution = await MigrationCodeFix.SafeApplyAsync(rewrite, solution, names, context.CancellationToken).ConfigureAwait(false) ?? solution;
            }
        }

        return CodeAction.Create(fix.Title, _ => Task.FromResult(solution), fix.Key);
    }
}
