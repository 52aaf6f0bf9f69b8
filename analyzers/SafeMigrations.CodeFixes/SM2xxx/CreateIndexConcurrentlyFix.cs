using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using SafeMigrations.Analyzers.Model;
using SafeMigrations.Analyzers.Rules;
using SafeMigrations.CodeFixes.Engine;

namespace SafeMigrations.CodeFixes;

/// <summary>
/// SM2001: builds the index without blocking writes. PostgreSQL: <c>Npgsql:CreatedConcurrently</c>, and since
/// a concurrent build runs outside the transaction, the index moves into a new migration of its own when the
/// migration does anything else (SM2002). SQL Server: <c>SqlServer:Online</c>, in place.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CreateIndexConcurrentlyFix))]
public sealed class CreateIndexConcurrentlyFix : MigrationCodeFix
{
    public const string EquivalenceKey = "SafeMigrations.CreateIndexConcurrently";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("SM2001");

    public override string Key => EquivalenceKey;

    public override string Title => "Build the index without blocking writes";

    internal override string NewMigrationSuffix => "Indexes";

    internal override bool TryPlan(FixTarget target, MigrationRewrite rewrite)
    {
        var operation = target.Operation;
        if (operation is not { Kind: OperationType.CreateIndex, Name: { } name, Table: not null }
            || !operation.Annotations.IsEmpty && (operation.Annotation(CreateIndexRule.ConcurrentlyAnnotation) is not null || operation.Annotation(CreateIndexRule.OnlineAnnotation) is not null))
        {
            return false;
        }

        switch (target.Provider)
        {
            case DatabaseProvider.SqlServer:
                StatementEdits.AddAnnotation(target, rewrite, CreateIndexRule.OnlineAnnotation);
                return true;
            case DatabaseProvider.PostgreSql when target.Migration.Up.Operations.Count == 1:
                StatementEdits.AddAnnotation(target, rewrite, CreateIndexRule.ConcurrentlyAnnotation);
                return true;
            case DatabaseProvider.PostgreSql:
                MoveConcurrentIndex(target, rewrite, StatementEdits.WithAnnotation(target.Statement, CreateIndexRule.ConcurrentlyAnnotation), name);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Moves a concurrent index build into the new migration; the source's target model no longer has the index.</summary>
    internal static void MoveConcurrentIndex(FixTarget target, MigrationRewrite rewrite, string statement, string name)
    {
        rewrite.Move(target, statement);
        var present = StatementEdits.HasIndex(target.Operation, name);
        rewrite.EditDesigner((designer, _) => DesignerEditor.Remove(designer, present));
    }
}
