using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using SafeMigrations.Analyzers.Context;
using SafeMigrations.Analyzers.Model;
using SafeMigrations.Analyzers.Reading;
using SafeMigrations.Analyzers.Rollback;

namespace SafeMigrations.CodeFixes.Engine;

/// <summary>Class names and ids that earlier rewrites of the same fix-all have taken.</summary>
internal sealed class NamesInUse
{
    public HashSet<string> TypeNames { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Ids { get; } = new(StringComparer.Ordinal);
}

/// <summary>
/// Everything one fix (or a fix-all) does to one migration: statements replaced in place, statements moved
/// into one new migration placed right before or after it, and the Designer edits that keep every target
/// model true. Fixes only describe the edits; <see cref="ApplyAsync"/> writes them all at once.
/// </summary>
internal sealed class MigrationRewrite
{
    private readonly List<(StatementSyntax Statement, IReadOnlyList<string>? Replacement)> inPlace = new();
    private readonly List<string> newUp = new();
    private readonly List<string> newDown = new();
    private readonly List<string> intermediateUp = new();
    private readonly List<string> finalUp = new();
    private readonly List<MigrationOperation> moved = new();
    private readonly List<Func<SourceText, SourceText?, SourceText?>> designerEdits = new();
    private readonly List<Func<SourceText, SourceText?>> newDesignerEdits = new();
    private readonly List<TextChange> tokenEdits = new();
    private readonly List<(ExpressionStatementSyntax Statement, string Call)> chainCalls = new();

    public MigrationRewrite(FixTarget source, string newMigrationSuffix, Placement placement = Placement.After, bool contract = false)
    {
        Source = source;
        NewMigrationSuffix = newMigrationSuffix;
        Placement = placement;
        IsContract = contract;
    }

    /// <summary>
    /// True when the new migration is the contract step of an expand/contract pair: it gets
    /// <c>[ContractOf("&lt;source id&gt;")]</c>, so <c>UseSafeMigrations()</c> holds it back until the next deployment.
    /// </summary>
    public bool IsContract { get; }

    public FixTarget Source { get; }

    public string NewMigrationSuffix { get; }

    public Placement Placement { get; }

    /// <summary>
    /// Set by the expand/contract fixes: the source (the expand) gets <c>[GenerateRollback]</c> in place of its
    /// hand-written Down, as the new migration does, so the pair rolls back by construction. The fix is dropped when
    /// the generator could not invert the rewritten Up.
    /// </summary>
    public bool GenerateSourceRollback { get; set; }

    /// <summary>Set when the rewritten migration calls a runtime helper, so its file needs the <c>using</c>.</summary>
    public bool UsesRuntime { get; set; }

    public bool HasNewMigration => newUp.Count > 0;

    /// <summary>Replaces a statement of <c>Up</c> with others, in place.</summary>
    public void Replace(StatementSyntax statement, params string[] statements) => inPlace.Add((statement, statements));

    /// <summary>
    /// Moves the target's statement into the new migration, as it is or as <paramref name="rewritten"/>; with
    /// <paramref name="leaveInPlace"/>, the source keeps those statements where it stood.
    /// </summary>
    public void Move(FixTarget target, string? rewritten = null, params string[] leaveInPlace)
    {
        inPlace.Add((target.Statement, leaveInPlace.Length == 0 ? null : leaveInPlace));
        newUp.Add(rewritten ?? SourceEdits.TextWithComments(target.Statement));
        moved.Add(target.Operation);
    }

    /// <summary>A small in-place edit of the source file: a method renamed, an argument or annotation added.</summary>
    public void Edit(TextSpan span, string newText) => tokenEdits.Add(new TextChange(span, newText));

    /// <summary>Appends a call such as <c>.Annotation("x", true)</c> to a statement's fluent chain, in place.</summary>
    public void AppendToChain(ExpressionStatementSyntax statement, string call) => chainCalls.Add((statement, call));

    /// <summary>An edit of the new migration's Designer (a copy of the source's, or of the previous one's when placed before).</summary>
    public void EditNewDesigner(Func<SourceText, SourceText?> edit) => newDesignerEdits.Add(edit);

    /// <summary>
    /// Adds a statement to a data-only migration between the source and the new one (a backfill that runs outside
    /// the transaction, say, which must not share the source's): its model is the source's.
    /// </summary>
    public void AddToIntermediateMigration(string statement) => intermediateUp.Add(statement);

    /// <summary>What the intermediate migration's class name gets after the source's.</summary>
    public string IntermediateSuffix { get; set; } = "Backfill";

    /// <summary>
    /// Adds a statement to a migration right after the new one (the contract), with <c>[ContractOf]</c> as well: a step
    /// the contract's own rollback must not share. On SQLite, a rename's NOT NULL (a table rebuild, which EF runs last
    /// in a migration) would drop the sync triggers the contract's Down re-creates. Its model is the source's original
    /// one; the contract's is that model with <see cref="EditNewDesigner"/>'s edits.
    /// </summary>
    public void AddToFinalMigration(string statement) => finalUp.Add(statement);

    /// <summary>What the final migration's class name gets after the source's.</summary>
    public string FinalSuffix { get; set; } = "NotNull";

    /// <summary>Removes a statement from the source, with its comments.</summary>
    public void Remove(StatementSyntax statement) => inPlace.Add((statement, null));

    /// <summary>Adds a statement to the new migration only (the VALIDATE after a NOT VALID add, say).</summary>
    public void AddToNewMigration(string statement) => newUp.Add(statement);

    /// <summary>
    /// A statement of the new migration's hand-written Down, for what the rollback generator cannot invert (raw SQL
    /// whose inverse the fix knows). Used only when the generator cannot write the new migration's Down.
    /// </summary>
    public void AddToNewDown(string statement) => newDown.Add(statement);

    /// <summary>
    /// An edit of the source migration's Designer, given its text and the previous migration's Designer text
    /// (null for the first migration). Returning null abandons the whole fix.
    /// </summary>
    public void EditDesigner(Func<SourceText, SourceText?, SourceText?> edit) => designerEdits.Add(edit);

    /// <summary>The solution with the rewrite applied, or null when it cannot be written truthfully.</summary>
    public async Task<Solution?> ApplyAsync(Solution solution, NamesInUse namesInUse, CancellationToken cancellationToken)
    {
        var original = Source.Document.Project.Solution;
        var mainId = Source.Document.Id;
        if (await solution.GetDocument(mainId)!.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not CompilationUnitSyntax unit)
        {
            return null;
        }

        if (!CanRewriteTheClass())
        {
            return null;
        }

        var designerDocument = DesignerOf(original, Source.Type, cancellationToken);
        var index = new MigrationIndex(Source.Compilation, Source.Symbols);
        var previousType = Source.Migration.Id is { } sourceId ? index.PreviousMigration(sourceId, Source.Migration.DbContextType) : null;
        var previousDesigner = previousType is null ? null : DesignerOf(original, previousType, cancellationToken);
        var previousText = previousDesigner is null ? null : await previousDesigner.GetTextAsync(cancellationToken).ConfigureAwait(false);

        // The source migration: statements replaced, moved out, their inverses pruned from a hand-written Down.
        var plannedOn = (CompilationUnitSyntax)Source.Statement.SyntaxTree.GetRoot(cancellationToken);
        var edits = new SourceRewriter();
        foreach (var change in tokenEdits)
        {
            edits.EditToken(change);
        }

        foreach (var (statement, call) in chainCalls)
        {
            edits.AppendToChain(statement, call);
        }

        foreach (var (statement, replacement) in inPlace)
        {
            if (replacement is null)
            {
                edits.Remove(statement);
            }
            else
            {
                edits.Replace(statement, replacement);
            }
        }

        var carriedDown = new List<string>(newDown);
        if (GenerateSourceRollback && !Source.Migration.HasGenerateRollback)
        {
            if (!Source.Declaration.Modifiers.Any(m => m.IsKind(SyntaxKind.PartialKeyword)))
            {
                return null;
            }

            if (MigrationModelReader.FindOverride(Source.Declaration, "Down") is { } down)
            {
                edits.Remove(down);
            }

            edits.AddGenerateRollback(Source.Declaration);
            UsesRuntime = true;
        }
        else if (!Source.Migration.HasGenerateRollback)
        {
            foreach (var statement in InversesInDown(plannedOn))
            {
                edits.Remove(statement);
                carriedDown.Add(SourceEdits.TextWithComments(statement));
            }
        }

        edits.AddRuntimeUsing = UsesRuntime;
        if (await edits.ApplyAsync(solution.GetDocument(mainId)!, plannedOn, cancellationToken).ConfigureAwait(false) is not { } edited)
        {
            return null;
        }

        solution = edited.Project.Solution;
        var rewritten = await edited.GetTextAsync(cancellationToken).ConfigureAwait(false);

        // The source Designer: its target model loses what moved out (or regains what a moved drop took).
        SourceText? designerText = null;
        if (designerDocument is not null)
        {
            designerText = await solution.GetDocument(designerDocument.Id)!.GetTextAsync(cancellationToken).ConfigureAwait(false);
        }

        var originalDesignerText = designerText;
        if (designerEdits.Count > 0)
        {
            if (designerText is null)
            {
                return null;
            }

            foreach (var edit in designerEdits)
            {
                designerText = edit(designerText, previousText);
                if (designerText is null)
                {
                    return null;
                }
            }

            solution = solution.WithDocumentText(designerDocument!.Id, designerText);
        }

        if (GenerateSourceRollback)
        {
            var up = CSharpSyntaxTree.ParseText(rewritten, cancellationToken: cancellationToken).GetRoot(cancellationToken).DescendantNodes().OfType<MethodDeclarationSyntax>()
                .FirstOrDefault(m => m.Identifier.ValueText == "Up");
            var before = previousText is null ? null : DesignerEditor.Read(CSharpSyntaxTree.ParseText(previousText, cancellationToken: cancellationToken).GetRoot(cancellationToken));
            if (up is null || !CanGenerateRollback(up.Body?.Statements.Select(s => s.ToFullString()).ToList() ?? new List<string>(), before, cancellationToken))
            {
                return null;
            }
        }

        if (!HasNewMigration)
        {
            return solution;
        }

        return await AddNewMigrationAsync(solution, unit, index, originalDesignerText, designerText, previousText, carriedDown, namesInUse, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Solution?> AddNewMigrationAsync(
        Solution solution,
        CompilationUnitSyntax unit,
        MigrationIndex index,
        SourceText? originalDesigner,
        SourceText? editedDesigner,
        SourceText? previousDesigner,
        List<string> carriedDown,
        NamesInUse namesInUse,
        CancellationToken cancellationToken)
    {
        // After the source, the new migration ends where the source used to end; before it, it starts from the previous model.
        var designer = Placement == Placement.After ? originalDesigner : previousDesigner;
        var modelBefore = Placement == Placement.After ? editedDesigner : previousDesigner;
        if (designer is null || modelBefore is null || Source.Migration.Id is not { } anchor)
        {
            return null;
        }

        var ids = index.Ids.Concat(namesInUse.Ids).ToList();
        if (intermediateUp.Count > 0)
        {
            // A step between the source and the contract that changes data only: its model is the source's.
            if (Placement != Placement.After
                || await WriteMigrationAsync(solution, unit, anchor, IntermediateSuffix, modelBefore, modelBefore, intermediateUp, new List<string>(), null, ids, namesInUse, cancellationToken).ConfigureAwait(false) is not { } written)
            {
                return null;
            }

            (solution, anchor, _) = written;
            ids.Add(anchor);
        }

        var result = await WriteMigrationAsync(
            solution,
            unit,
            anchor,
            NewMigrationSuffix,
            designer,
            modelBefore,
            newUp,
            carriedDown,
            IsContract ? Source.Migration.Id : null,
            ids,
            namesInUse,
            cancellationToken,
            newDesignerEdits).ConfigureAwait(false);
        if (result is null || finalUp.Count == 0)
        {
            return result?.Solution;
        }

        // The final step ends where the source used to end; the contract's edited model is the one before it.
        ids.Add(result.Value.Id);
        var final = await WriteMigrationAsync(
            result.Value.Solution,
            unit,
            result.Value.Id,
            FinalSuffix,
            designer,
            result.Value.Designer,
            finalUp,
            new List<string>(),
            IsContract ? Source.Migration.Id : null,
            ids,
            namesInUse,
            cancellationToken).ConfigureAwait(false);
        return final?.Solution;
    }

    /// <summary>Writes one new migration next to <paramref name="anchorId"/>, with its Designer; null when no id fits.</summary>
    private async Task<(Solution Solution, string Id, SourceText Designer)?> WriteMigrationAsync(
        Solution solution,
        CompilationUnitSyntax unit,
        string anchorId,
        string suffix,
        SourceText designer,
        SourceText modelBefore,
        List<string> up,
        List<string> down,
        string? contractOf,
        List<string> ids,
        NamesInUse namesInUse,
        CancellationToken cancellationToken,
        List<Func<SourceText, SourceText?>>? designerEdits = null)
    {
        var className = NewMigrationWriter.FreeClassName(Source.Compilation, Source.Migration.Namespace, Source.Migration.ClassName + suffix, namesInUse.TypeNames);
        if (NewMigrationWriter.NewId(anchorId, className, Placement, ids) is not { } id
            || NewMigrationWriter.DesignerFile(designer, id, className) is not { } newDesigner)
        {
            return null;
        }

        foreach (var edit in designerEdits ?? new List<Func<SourceText, SourceText?>>())
        {
            if (edit(newDesigner) is not { } edited)
            {
                return null;
            }

            newDesigner = edited;
        }

        namesInUse.Ids.Add(id);
        var generated = CanGenerateRollback(up, DesignerEditor.Read(CSharpSyntaxTree.ParseText(modelBefore, cancellationToken: cancellationToken).GetRoot(cancellationToken)), cancellationToken);
        var code = NewMigrationWriter.MigrationFile(unit, Source.Migration.Namespace, className, generated, up, generated ? null : down, contractOf);

        var main = solution.GetDocument(Source.Document.Id)!;
        var folder = Path.GetDirectoryName(main.FilePath ?? string.Empty) ?? string.Empty;
        var codeId = DocumentId.CreateNewId(main.Project.Id);
        solution = solution.AddDocument(codeId, id + ".cs", SourceText.From(code), main.Folders, Path.Combine(folder, id + ".cs"));
        var newLine = SourceRewriter.LineBreakOf(await main.GetTextAsync(cancellationToken).ConfigureAwait(false)) ?? "\n";
        solution = (await SourceRewriter.FormatNewAsync(solution.GetDocument(codeId)!, newLine, cancellationToken).ConfigureAwait(false)).Project.Solution;
        solution = solution.AddDocument(DocumentId.CreateNewId(main.Project.Id), id + ".Designer.cs", newDesigner, main.Folders, Path.Combine(folder, id + ".Designer.cs"));
        return (solution, id, newDesigner);
    }

    /// <summary>
    /// Whether the class allows what this rewrite does to it. A nested or generic migration gets no new migration beside it
    /// (one is written as a top-level class with a copy of the Designer, which would not compile) and no generated rollback
    /// (the generator declares Down only in a top-level class without type parameters); a Down written in another file than
    /// Up's keeps the inverses of what moves out (only the Down beside Up is edited), and is not replaced by a generated one.
    /// In-place edits are left to every class.
    /// </summary>
    private bool CanRewriteTheClass()
    {
        var nestedOrGeneric = !Source.Migration.CanHoldGeneratedDown;
        var downElsewhere = Source.Migration.Down.State != MethodBodyState.Missing && Source.Migration.Down.Span.FilePath != Source.Operation.Span.FilePath;
        var writesMigrations = newUp.Count > 0 || intermediateUp.Count > 0 || finalUp.Count > 0;
        var generatesRollback = GenerateSourceRollback && !Source.Migration.HasGenerateRollback;
        return !(nestedOrGeneric && (writesMigrations || generatesRollback))
            && !(downElsewhere && (generatesRollback || (moved.Count > 0 && !Source.Migration.HasGenerateRollback)));
    }

    /// <summary>Whether the rollback generator can invert these statements, read by the rules' own reader and planner.</summary>
    private static bool CanGenerateRollback(IReadOnlyList<string> statements, TargetModel? previous, CancellationToken cancellationToken)
    {
        var tree = CSharpSyntaxTree.ParseText("class C { void Up(MigrationBuilder migrationBuilder) {\n" + string.Join("\n", statements) + "\n} }", cancellationToken: cancellationToken);
        var method = tree.GetRoot(cancellationToken).DescendantNodes().OfType<MethodDeclarationSyntax>().First();
        var up = MigrationMethodReader.Read(method, semanticModel: null, symbols: null, cancellationToken);
        var model = new MigrationModel("C", null, null, null, up, MigrationMethod.Missing, true, null, default);
        return RollbackPlanner.Plan(model, previous).CanGenerate;
    }

    /// <summary>The statements of a hand-written Down that undo an operation this rewrite moves out.</summary>
    private IEnumerable<ExpressionStatementSyntax> InversesInDown(CompilationUnitSyntax unit)
    {
        var singleSql = Source.Migration.Up.Operations.Count(o => o.Kind == OperationType.Sql) == 1;
        foreach (var down in Source.Migration.Down.Operations)
        {
            if (!moved.Any(up => Undoes(down, up, singleSql))
                || unit.FindNode(new TextSpan(down.Span.Start, down.Span.Length), getInnermostNodeForTie: true).FirstAncestorOrSelf<ExpressionStatementSyntax>() is not { } statement
                || statement.Parent is not BlockSyntax { Parent: MethodDeclarationSyntax { Identifier.ValueText: "Down" } })
            {
                continue;
            }

            yield return statement;
        }
    }

    private static bool Undoes(MigrationOperation down, MigrationOperation up, bool singleSqlInUp)
    {
        if (up.Kind == OperationType.Extension)
        {
            // The helpers' inverses, as the rollback generator writes them.
            var inverseHelper = (up.MethodName, down.Kind, down.MethodName) switch
            {
                ("SetNotNullSafely", OperationType.Extension, "DropNotNullSafely") => up.StringArgument("column") == down.StringArgument("column"),
                ("AddUniqueConstraintUsingIndex", OperationType.Extension, "DropUniqueConstraintUsingIndex") or ("AddUniqueConstraintUsingIndex", OperationType.DropUniqueConstraint, _) => true,
                ("DropIndexConcurrently", OperationType.CreateIndex, _) => true,
                _ => false,
            };
            return inverseHelper && up.Table == down.Table && (up.MethodName == "SetNotNullSafely" || string.Equals(down.Name, up.Name, StringComparison.Ordinal));
        }

        var inverse = up.Kind switch
        {
            OperationType.CreateIndex => OperationType.DropIndex,
            OperationType.DropIndex => OperationType.CreateIndex,
            OperationType.AddUniqueConstraint => OperationType.DropUniqueConstraint,
            OperationType.AddPrimaryKey => OperationType.DropPrimaryKey,
            OperationType.Sql when singleSqlInUp => OperationType.Sql,
            _ => OperationType.Unknown,
        };
        return inverse != OperationType.Unknown
               && down.Kind == inverse
               && (inverse == OperationType.Sql || string.Equals(down.Name, up.Name, StringComparison.Ordinal));
    }

    private static Document? DesignerOf(Solution solution, INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is ClassDeclarationSyntax declaration
                && MigrationModelReader.FindOverride(declaration, "BuildTargetModel") is not null)
            {
                return solution.GetDocument(reference.SyntaxTree);
            }
        }

        return null;
    }
}
