using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SafeMigrations.Analyzers.Context;
using SafeMigrations.Analyzers.Model;
using SafeMigrations.Analyzers.Reading;

namespace SafeMigrations.CodeFixes.Engine;

/// <summary>
/// What a fix sees for one diagnostic: the migration read by the same reader as the rules, the operation the
/// diagnostic is on, the statement that holds it, and the provider the rule saw. Null when any of it cannot be
/// read, and then no fix is offered.
/// </summary>
internal sealed class FixTarget
{
    private FixTarget(
        Document document,
        Compilation compilation,
        EfSymbols symbols,
        INamedTypeSymbol type,
        ClassDeclarationSyntax declaration,
        MigrationModel migration,
        MigrationOperation operation,
        ExpressionStatementSyntax statement,
        DatabaseProvider provider)
    {
        Document = document;
        Compilation = compilation;
        Symbols = symbols;
        Type = type;
        Declaration = declaration;
        Migration = migration;
        Operation = operation;
        Statement = statement;
        Provider = provider;
    }

    public Document Document { get; }

    public Compilation Compilation { get; }

    public EfSymbols Symbols { get; }

    public INamedTypeSymbol Type { get; }

    /// <summary>The partial declaration that holds <c>Up</c>.</summary>
    public ClassDeclarationSyntax Declaration { get; }

    public MigrationModel Migration { get; }

    /// <summary>The typed call the diagnostic is on (for raw SQL, the <c>Sql(...)</c> call that holds the statement).</summary>
    public MigrationOperation Operation { get; }

    /// <summary>The statement of <c>Up</c>'s body that holds <see cref="Operation"/>.</summary>
    public ExpressionStatementSyntax Statement { get; }

    /// <summary>The provider that runs the operation, as the rule saw it.</summary>
    public DatabaseProvider Provider { get; }

    /// <summary>True when the operation names its schema as a constant or not at all, so the fix can write it.</summary>
    public bool HasConstantSchema => Operation.Argument("schema") is not { IsConstant: false };

    /// <summary>True when the runtime library (helpers, <c>[GenerateRollback]</c>) is referenced, so code that uses it compiles.</summary>
    public bool HasRuntime => Compilation.GetTypeByMetadataName("EFCore.SafeMigrations.SafeMigrationBuilderExtensions") is not null
                              && Symbols.GenerateRollbackAttribute is not null;

    private static bool NamesBuilderAsEfDoes(MethodDeclarationSyntax method) =>
        method.ParameterList.Parameters.Count == 1 && method.ParameterList.Parameters[0].Identifier.ValueText == "migrationBuilder";

    public static async Task<FixTarget?> LoadAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        try
        {
            return await LoadCoreAsync(document, diagnostic, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return null; // Half-typed code: no fix rather than a crash.
        }
    }

    private static async Task<FixTarget?> LoadCoreAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (!diagnostic.Properties.TryGetValue(FixProperties.Provider, out var providerName)
            || !Enum.TryParse<DatabaseProvider>(providerName, out var detected)
            || await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not { } root
            || await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is not { } semanticModel)
        {
            return null;
        }

        var span = diagnostic.Location.SourceSpan;
        var declaration = root.FindNode(span).FirstAncestorOrSelf<ClassDeclarationSyntax>();
        if (declaration is null
            || semanticModel.GetDeclaredSymbol(declaration, cancellationToken) is not INamedTypeSymbol type
            || EfSymbols.TryCreate(semanticModel.Compilation) is not { } symbols
            || !symbols.IsMigration(type))
        {
            return null;
        }

        var compilation = semanticModel.Compilation;
        var migration = MigrationModelReader.Read(
            type,
            symbols,
            method => MigrationMethodReader.Read(method, compilation.GetSemanticModel(method.SyntaxTree), symbols, cancellationToken),
            cancellationToken);
        var filePath = document.FilePath ?? declaration.SyntaxTree.FilePath ?? string.Empty;
        var operation = migration.Up.Operations.FirstOrDefault(o =>
            !o.FromRawSql && o.Span.FilePath == filePath && o.Span.Start <= span.Start && span.End <= o.Span.Start + o.Span.Length);
        if (operation is null || operation.Branch.IsConditional)
        {
            return null; // An operation in a provider branch is left alone: its fix would need to know every branch.
        }

        // Only a statement written straight in Up's body can be moved or replaced; a call inside a helper cannot.
        var up = MigrationModelReader.FindOverride(declaration, "Up");
        var statement = root.FindNode(new Microsoft.CodeAnalysis.Text.TextSpan(operation.Span.Start, operation.Span.Length), getInnermostNodeForTie: true)
            .FirstAncestorOrSelf<ExpressionStatementSyntax>();
        if (up?.Body is null || statement is null || statement.Parent != up.Body)
        {
            return null;
        }

        // The fixes write and move calls on `migrationBuilder`, EF's name for the parameter; a migration that renamed it
        // (in Up or Down) would get calls on a name its methods do not have.
        if (!NamesBuilderAsEfDoes(up) || (MigrationModelReader.FindOverride(declaration, "Down") is { } down && !NamesBuilderAsEfDoes(down)))
        {
            return null;
        }

        return new FixTarget(document, compilation, symbols, type, declaration, migration, operation, statement, operation.Branch.Resolve(detected));
    }
}
