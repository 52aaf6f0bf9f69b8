using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using SafeMigrations.Analyzers.Model;

namespace SafeMigrations.CodeFixes.Engine;

/// <summary>The small edits fixes make to one operation's statement, and the model checks their Designer edits use.</summary>
internal static class StatementEdits
{
    /// <summary>The <c>migrationBuilder.X(...)</c> call at the root of the statement's fluent chain.</summary>
    public static InvocationExpressionSyntax? BuilderCall(ExpressionStatementSyntax statement)
    {
        var expression = statement.Expression;
        while (expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: InvocationExpressionSyntax inner } })
        {
            expression = inner;
        }

        return expression as InvocationExpressionSyntax;
    }

    /// <summary>Renames the builder method (<c>AddForeignKey</c> to <c>AddForeignKeyNotValid</c>), keeping every argument as written.</summary>
    public static bool RenameMethod(FixTarget target, MigrationRewrite rewrite, string newName) => RenameMethod(target.Statement, rewrite, newName);

    public static bool RenameMethod(ExpressionStatementSyntax statement, MigrationRewrite rewrite, string newName)
    {
        if (BuilderCall(statement)?.Expression is not MemberAccessExpressionSyntax access)
        {
            return false;
        }

        rewrite.Edit(access.Name.Identifier.Span, newName);
        return true;
    }

    /// <summary>The statement of the migration's main file that holds another operation (one of Down's, say).</summary>
    public static ExpressionStatementSyntax? StatementAt(FixTarget target, MigrationOperation operation) =>
        operation.Span.FilePath == target.Operation.Span.FilePath
            ? target.Statement.SyntaxTree.GetRoot().FindNode(new TextSpan(operation.Span.Start, operation.Span.Length), getInnermostNodeForTie: true).FirstAncestorOrSelf<ExpressionStatementSyntax>()
            : null;

    /// <summary>The statement's text with <c>.Annotation(name, true)</c> appended to its chain, laid out as EF does.</summary>
    public static string WithAnnotation(ExpressionStatementSyntax statement, string annotation) =>
        SourceEdits.TextWithComments(statement, statement.Expression + "\n" + SourceEdits.IndentationOf(statement) + "    .Annotation(\"" + annotation + "\", true);");

    /// <summary>Appends <c>.Annotation(name, true)</c> in place.</summary>
    public static void AddAnnotation(FixTarget target, MigrationRewrite rewrite, string annotation) =>
        rewrite.AppendToChain(target.Statement, ".Annotation(" + Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(annotation, quote: true) + ", true)");

    /// <summary>The statement's text with a named argument set to <paramref name="value"/> (added, or replacing the one written).</summary>
    public static string? WithArgument(ExpressionStatementSyntax statement, string name, string value)
    {
        if (BuilderCall(statement) is not { } call)
        {
            return null;
        }

        var arguments = call.ArgumentList.Arguments;
        var existing = arguments.FirstOrDefault(a => a.NameColon?.Name.Identifier.ValueText == name);
        var text = statement.ToString();
        int Offset(int position) => position - statement.SpanStart;
        var edited = existing is not null
            ? text.Substring(0, Offset(existing.Expression.SpanStart)) + value + text.Substring(Offset(existing.Expression.Span.End))
            : text.Substring(0, Offset(call.ArgumentList.CloseParenToken.SpanStart)) + (arguments.Count > 0 ? ", " : string.Empty) + name + ": " + value
              + text.Substring(Offset(call.ArgumentList.CloseParenToken.SpanStart));
        return SourceEdits.TextWithComments(statement, edited);
    }

    /// <summary>True when the model has the index <paramref name="name"/> on the table.</summary>
    public static Func<TargetModel, bool> HasIndex(MigrationOperation operation, string name) =>
        model => model.Table(operation.Table!, operation.Schema)?.Indexes.Any(i => i.Name == name) == true;
}
