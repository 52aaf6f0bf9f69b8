using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SafeMigrations.Analyzers.Infrastructure;
using SafeMigrations.Analyzers.Model;

namespace SafeMigrations.Analyzers.Reading;

/// <summary>
/// Reads the <c>migrationBuilder</c> calls of an <c>Up</c> or <c>Down</c> body, in order, with the
/// provider branch each one sits under. Statements it cannot read become <see cref="OperationType.Unknown"/>
/// operations when they touch the builder, so nobody mistakes them for nothing; everything else is skipped.
/// </summary>
internal sealed partial class MigrationMethodReader
{
    private readonly SemanticModel? semanticModel;
    private readonly EfSymbols? symbols;
    private readonly string builderName;
    private readonly bool readsTableColumns;
    private readonly CancellationToken cancellationToken;
    private readonly ImmutableArray<MigrationOperation>.Builder operations;
    private readonly SearchableText? text;
    private readonly string filePath;
    private List<string>? locals;

    /// <param name="expectedOperations">
    /// The body's statement count: a scaffolded method is one operation per statement, so the builder is filled to its
    /// capacity and hands its array over (every Up and Down made an array of eight and then a copy of the right size).
    /// </param>
    /// <param name="text">The file's text, for the statements read by it (see <see cref="ReadByText"/>); null to read them all by their syntax.</param>
    private MigrationMethodReader(
        SemanticModel? semanticModel, EfSymbols? symbols, string builderName, bool readsTableColumns, int expectedOperations, SearchableText? text, string filePath, CancellationToken cancellationToken)
    {
        this.text = text;
        this.filePath = filePath;
        operations = ImmutableArray.CreateBuilder<MigrationOperation>(System.Math.Max(1, expectedOperations));
        this.semanticModel = semanticModel;
        this.symbols = symbols;
        this.builderName = builderName;
        this.readsTableColumns = readsTableColumns;
        this.cancellationToken = cancellationToken;
    }

    /// <summary>
    /// Reads <paramref name="method"/>. <paramref name="semanticModel"/> may be null: the reader then
    /// falls back to syntax alone (named arguments and literals only).
    /// </summary>
    /// <param name="readsTableColumns">False leaves every CreateTable's <see cref="MigrationOperation.Columns"/> and
    /// <see cref="MigrationOperation.Constraints"/> empty: they are a large part of what reading a scaffolded migration costs,
    /// and a caller that never looks at them (the analyzer, for Up) can skip it.</param>
    public static MigrationMethod Read(MethodDeclarationSyntax method, SemanticModel? semanticModel, EfSymbols? symbols, CancellationToken cancellationToken, bool readsTableColumns = true) =>
        Read(method, semanticModel, symbols, cancellationToken, readsTableColumns, readsByText: true);

    /// <param name="readsByText">False reads every statement by its syntax (for the tests that compare both reads).</param>
    internal static MigrationMethod Read(
        MethodDeclarationSyntax method, SemanticModel? semanticModel, EfSymbols? symbols, CancellationToken cancellationToken, bool readsTableColumns, bool readsByText)
    {
        var builderName = BuilderNameOf(method);
        var tree = method.SyntaxTree;
        var text = readsByText && method.Body is not null && tree.TryGetText(out var sourceText) ? new SearchableText(sourceText) : null;
        var reader = new MigrationMethodReader(semanticModel, symbols, builderName, readsTableColumns, method.Body?.Statements.Count ?? 1, text, tree.FilePath ?? string.Empty, cancellationToken);
        var state = StateOf(method);
        if (method.ExpressionBody is { } arrow)
        {
            reader.ReadExpression(arrow.Expression, ProviderBranch.None);
        }
        else if (method.Body is { } body)
        {
            reader.ReadStatements(body.Statements, ProviderBranch.None, new Exit(EndsMethod: true, EndsSection: false));
        }

        return new MigrationMethod(state, reader.operations.ToEquatableArray(), IdentifierOf(method))
        {
            Locals = reader.locals is null ? EquatableArray<string>.Empty : reader.locals.ToImmutableArray().ToEquatableArray(),
        };
    }

    /// <summary>The name of the method's <c>MigrationBuilder</c> parameter: the receiver of its operations.</summary>
    private static string BuilderNameOf(MethodDeclarationSyntax method) =>
        method.ParameterList.Parameters.Count == 1 ? method.ParameterList.Parameters[0].Identifier.ValueText : "migrationBuilder";

    /// <summary>Where the method's name is: what a finding about the whole method points at.</summary>
    public static SourceSpan IdentifierOf(MethodDeclarationSyntax method) =>
        new(method.SyntaxTree.FilePath ?? string.Empty, method.Identifier.Span.Start, method.Identifier.Span.Length);

    /// <summary>What the method's body holds: nothing, only throws, or statements (Missing without a body).</summary>
    internal static MethodBodyState StateOf(MethodDeclarationSyntax method) => method switch
    {
        { ExpressionBody.Expression: var arrow } => arrow is ThrowExpressionSyntax ? MethodBodyState.ThrowsOnly : MethodBodyState.HasStatements,
        { Body.Statements: { Count: 0 } } => MethodBodyState.Empty,
        { Body.Statements: var statements } => OnlyThrows(statements) ? MethodBodyState.ThrowsOnly : MethodBodyState.HasStatements,
        _ => MethodBodyState.Missing,
    };

    /// <summary>A loop, not <c>All</c>: that boxed the list's enumerator for every Up and Down read.</summary>
    private static bool OnlyThrows(SyntaxList<StatementSyntax> statements)
    {
        foreach (var statement in statements)
        {
            if (statement is not ThrowStatementSyntax)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Where control goes once a statement is done: <see cref="EndsMethod"/>, nothing else of the method runs;
    /// <see cref="EndsSection"/>, it leaves the switch section (a <c>break</c> there changes nothing).
    /// </summary>
    private readonly record struct Exit(bool EndsMethod, bool EndsSection)
    {
        public Exit Inner(bool last) => last ? this : default;
    }

    private void ReadStatements(SyntaxList<StatementSyntax> statements, ProviderBranch branch, Exit exit)
    {
        for (var i = 0; i < statements.Count; i++)
        {
            // if (!migrationBuilder.IsNpgsql()) return; — where nothing after this list runs, the statements after the
            // guard run only where its provider check is false, as under its else; another condition stays a jump.
            if (exit.EndsMethod && i < statements.Count - 1
                && statements[i] is IfStatementSyntax { Else: null } guard && IsBareReturn(guard.Statement)
                && ProviderConditionReader.Else(guard.Condition, branch) is { IsOpaque: false } rest)
            {
                branch = rest;
                continue;
            }

            ReadStatement(statements[i], branch, exit.Inner(last: i == statements.Count - 1));
        }
    }

    private static bool IsBareReturn(StatementSyntax statement) =>
        statement is ReturnStatementSyntax { Expression: null }
        || (statement is BlockSyntax { Statements.Count: 1 } block && block.Statements[0] is ReturnStatementSyntax { Expression: null });

    private void ReadStatement(StatementSyntax statement, ProviderBranch branch, Exit exit)
    {
        cancellationToken.ThrowIfCancellationRequested();
        switch (statement)
        {
            case ExpressionStatementSyntax expressionStatement:
                if (text is null || !ReadByText(expressionStatement, branch))
                {
                    ReadExpression(expressionStatement.Expression, branch);
                }

                break;
            case BlockSyntax block:
                ReadStatements(block.Statements, branch, exit);
                break;
            case IfStatementSyntax ifStatement:
                ReadStatement(ifStatement.Statement, ProviderConditionReader.Then(ifStatement.Condition, branch), exit);
                if (ifStatement.Else is { } elseClause)
                {
                    ReadStatement(elseClause.Statement, ProviderConditionReader.Else(ifStatement.Condition, branch), exit);
                }

                break;
            case SwitchStatementSyntax switchStatement when ProviderConditionReader.IsActiveProvider(switchStatement.Expression):
                foreach (var section in switchStatement.Sections)
                {
                    var selected = ProviderConditionReader.Section(section.Labels, branch);
                    ReadStatements(section.Statements, selected, exit with { EndsSection = true });
                }

                break;
            case ReturnStatementSyntax { Expression: null } when !exit.EndsMethod:
            case BreakStatementSyntax when !exit.EndsSection:
            case GotoStatementSyntax:
            case LabeledStatementSyntax:
                // An early exit or a jump: the operations after it run only on some paths, which Down cannot repeat.
                AddUnknown(statement, statement.Kind().ToString(), branch);
                break;
            case EmptyStatementSyntax:
            case ReturnStatementSyntax { Expression: null }:
            case BreakStatementSyntax:
            case ThrowStatementSyntax:
                break;
            case LocalFunctionStatementSyntax localFunction:
                (locals ??= new List<string>()).Add(localFunction.Identifier.ValueText);

                // What it does with the builder runs where it is called, which this reader does not follow.
                if (MentionsBuilder(localFunction))
                {
                    AddUnknown(localFunction, localFunction.Identifier.ValueText, branch);
                }

                break;
            case LocalDeclarationStatementSyntax declaration:
                foreach (var variable in declaration.Declaration.Variables)
                {
                    (locals ??= new List<string>()).Add(variable.Identifier.ValueText);
                }

                NoteDesignations(declaration); // var ok = int.TryParse(text, out var size);
                goto default;
            default:
                // Loops, locals, try blocks: the calls inside cannot be read as a fixed sequence; a return or goto in one
                // may skip the statements after it.
                if (MentionsBuilder(statement) || JumpsOut(statement))
                {
                    AddUnknown(statement, statement.Kind().ToString(), branch);
                }

                break;
        }
    }

    private void ReadExpression(ExpressionSyntax expression, ProviderBranch branch)
    {
        if (expression is AwaitExpressionSyntax or AssignmentExpressionSyntax
            || !CallReader.TryRead(expression, semanticModel, cancellationToken, out var call, IsLiteralSqlOnBuilder(expression) ? SqlParameters : null))
        {
            NoteDesignations(expression); // var (schema, table) = ...;

            if (MentionsBuilder(expression))
            {
                AddUnknown(expression, "expression", branch);
            }

            return;
        }

        var onBuilderByName = call.Receiver is IdentifierNameSyntax receiverName && receiverName.Identifier.ValueText == builderName;
        if (!onBuilderByName && !IsOnBuilder(call))
        {
            NoteDesignations(expression); // int.TryParse(text, out var size);

            // A helper method that gets the builder passed in: we cannot see what it does.
            if (MentionsBuilder(expression))
            {
                AddUnknown(expression, call.MethodName, branch);
            }

            return;
        }

        // A MigrationBuilder method by name; any other name called on the builder is an extension method
        // (ours or another library's). Only a same-named extension needs the symbol to tell them apart.
        var kind = OperationTypes.FromMethodName(call.MethodName);
        if (kind == OperationType.Unknown || call.Method is { IsExtensionMethod: true })
        {
            kind = OperationType.Extension;
        }

        var arguments = call.Arguments;
        var columns = EquatableArray<TableColumn>.Empty;
        var constraints = EquatableArray<TableConstraint>.Empty;
        if (kind == OperationType.CreateTable)
        {
            if (readsTableColumns)
            {
                columns = CreateTableReader.ReadColumns(call.Invocation.ArgumentList, semanticModel, cancellationToken);
                constraints = CreateTableReader.ReadConstraints(call.Invocation.ArgumentList, columns, semanticModel, cancellationToken);
            }

            arguments = WithoutTableLambdas(arguments);
        }

        operations.Add(new MigrationOperation(
            kind,
            call.MethodName,
            call.TypeArguments,
            arguments,
            call.Annotations,
            call.OldAnnotations,
            columns,
            constraints,
            branch,
            CallReader.SpanOf(expression)));
    }

    /// <summary>
    /// <c>migrationBuilder.Sql("...")</c>, or <c>Sql("...", true)</c>: the statement a hand-written migration holds most, nearly
    /// always with its SQL passed by position. A string literal makes EF's own <c>Sql(string sql, bool suppressTransaction = false)</c>
    /// applicable, and C# takes an applicable instance method before any extension method, so the positional arguments are named
    /// without binding the call. Binding it bound the statement in a fresh build, and kept the migration's read out of
    /// <c>MethodReadCache</c> in every build after it.
    /// </summary>
    private bool IsLiteralSqlOnBuilder(ExpressionSyntax expression)
    {
        if (expression is not InvocationExpressionSyntax
            {
                Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax receiver, Name: IdentifierNameSyntax { Identifier.ValueText: "Sql" } },
                ArgumentList.Arguments: { Count: 1 or 2 } arguments,
            }
            || receiver.Identifier.ValueText != builderName
            || arguments[0] is not { NameColon: null, RefKindKeyword.RawKind: 0, Expression: LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression } })
        {
            return false;
        }

        return arguments.Count == 1
            || arguments[1] is { RefKindKeyword.RawKind: 0, Expression: LiteralExpressionSyntax { RawKind: (int)SyntaxKind.TrueLiteralExpression or (int)SyntaxKind.FalseLiteralExpression } } second
                && (second.NameColon is null || second.NameColon.Name.Identifier.ValueText == "suppressTransaction");
    }

    /// <summary>
    /// A CreateTable's arguments without <c>columns</c> and <c>constraints</c>, which are read apart (or are not lambdas: a
    /// variable, say); the array itself when it has neither. Loops: LINQ boxed the array's enumerator twice for every
    /// CreateTable read by its syntax.
    /// </summary>
    private static EquatableArray<OperationArgument> WithoutTableLambdas(EquatableArray<OperationArgument> arguments)
    {
        foreach (var argument in arguments)
        {
            if (argument.Name is "columns" or "constraints")
            {
                var kept = ImmutableArray.CreateBuilder<OperationArgument>(arguments.Count);
                foreach (var other in arguments)
                {
                    if (other.Name is not ("columns" or "constraints"))
                    {
                        kept.Add(other);
                    }
                }

                return kept.ToEquatableArray();
            }
        }

        return arguments;
    }

    private static readonly Func<string, int, string[]?> SqlParameters = static (_, _) => SqlParameterNames;

    private static readonly string[] SqlParameterNames = { "sql", "suppressTransaction" };

    /// <summary>True when the call is made on the <c>MigrationBuilder</c> (by type when bound, by name otherwise).</summary>
    private bool IsOnBuilder(in ChainedCall call)
    {
        if (call.Receiver is null)
        {
            return false;
        }

        if (CallReader.ResolveLater(call, semanticModel, cancellationToken) is { } method && symbols is not null)
        {
            var receiverType = method.ReducedFrom is not null ? method.ReceiverType : method.ContainingType;
            if (symbols.IsMigrationBuilder(receiverType))
            {
                return true;
            }
        }

        return call.Receiver is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == builderName;
    }

    /// <summary>
    /// The variables a statement that is not a builder call declares inside it (<c>out var</c>, deconstruction, patterns):
    /// locals of the method too. Only such statements are walked; a scaffolded method has none.
    /// </summary>
    private void NoteDesignations(SyntaxNode node)
    {
        foreach (var designation in node.DescendantNodesAndSelf().OfType<SingleVariableDesignationSyntax>())
        {
            (locals ??= new List<string>()).Add(designation.Identifier.ValueText);
        }
    }

    /// <summary>A <c>return</c> or <c>goto</c> inside the statement, not in a lambda or local function of it.</summary>
    private static bool JumpsOut(StatementSyntax statement) =>
        statement.DescendantNodes(node => node is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
            .Any(node => node is ReturnStatementSyntax or GotoStatementSyntax);

    private bool MentionsBuilder(SyntaxNode node) =>
        node.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any(n => n.Identifier.ValueText == builderName);

    private void AddUnknown(SyntaxNode node, string what, ProviderBranch branch) =>
        operations.Add(new MigrationOperation(
            OperationType.Unknown,
            what,
            EquatableArray<string>.Empty,
            EquatableArray<OperationArgument>.Empty,
            EquatableArray<OperationAnnotation>.Empty,
            EquatableArray<OperationAnnotation>.Empty,
            EquatableArray<TableColumn>.Empty,
            EquatableArray<TableConstraint>.Empty,
            branch,
            CallReader.SpanOf(node)));
}

/// <summary>Reads the <c>columns:</c> and <c>constraints:</c> lambdas of a CreateTable call.</summary>
internal static class CreateTableReader
{
    public static EquatableArray<TableColumn> ReadColumns(ArgumentListSyntax arguments, SemanticModel? semanticModel, CancellationToken cancellationToken)
    {
        var builder = ImmutableArray.CreateBuilder<TableColumn>();
        if (LambdaBody(arguments, "columns", 1) is not AnonymousObjectCreationExpressionSyntax anonymous)
        {
            return builder.ToEquatableArray();
        }

        foreach (var member in anonymous.Initializers)
        {
            var propertyName = member.NameEquals?.Name.Identifier.ValueText
                ?? (member.Expression as MemberAccessExpressionSyntax)?.Name.Identifier.ValueText;
            if (propertyName is null || !CallReader.TryRead(member.Expression, semanticModel, cancellationToken, out var call))
            {
                continue;
            }

            builder.Add(new TableColumn(propertyName, call.MethodName, call.TypeArguments, call.Arguments, call.Annotations, CallReader.SpanOf(member)));
        }

        return builder.ToEquatableArray();
    }

    public static EquatableArray<TableConstraint> ReadConstraints(
        ArgumentListSyntax arguments,
        EquatableArray<TableColumn> columns,
        SemanticModel? semanticModel,
        CancellationToken cancellationToken)
    {
        var builder = ImmutableArray.CreateBuilder<TableConstraint>();
        IEnumerable<ExpressionSyntax> calls = LambdaBody(arguments, "constraints", 2) switch
        {
            BlockSyntax block => block.Statements.OfType<ExpressionStatementSyntax>().Select(s => s.Expression),
            ExpressionSyntax single => new[] { single },
            _ => Enumerable.Empty<ExpressionSyntax>(),
        };
        foreach (var expression in calls)
        {
            if (!CallReader.TryRead(expression, semanticModel, cancellationToken, out var call, ConstraintParameters))
            {
                continue;
            }

            // Column selectors (x => x.Id, x => new { x.A, x.B }) become the column names they pick.
            var resolved = ImmutableArray.CreateBuilder<OperationArgument>(call.Arguments.Count);
            var position = 0;
            foreach (var argument in call.Arguments)
            {
                var syntax = call.Invocation.ArgumentList.Arguments[position++].Expression;
                resolved.Add(syntax is LambdaExpressionSyntax selector
                    ? argument with { Value = SelectedColumns(selector, columns) }
                    : argument);
            }

            builder.Add(new TableConstraint(call.MethodName, resolved.ToEquatableArray(), call.Annotations, CallReader.SpanOf(expression)));
        }

        return builder.ToEquatableArray();
    }

    /// <summary>
    /// The parameters of the <c>CreateTableBuilder</c> calls EF scaffolds with positional arguments
    /// (<c>table.PrimaryKey("PK_Orders", x => x.Id)</c>). Binding one of them to learn its parameter names binds the whole
    /// <c>CreateTable</c> call, generic inference over the columns' anonymous type included: the most expensive thing the
    /// reader did (about 0.2 ms per table). Shapes not listed here (a positional <c>ForeignKey</c>) still bind.
    /// </summary>
    internal static string[]? ConstraintParameters(string method, int arguments) => (method, arguments) switch
    {
        ("PrimaryKey" or "UniqueConstraint", 2) => NameAndColumns,
        ("CheckConstraint", 2) => NameAndSql,
        _ => null,
    };

    private static readonly string[] NameAndColumns = { "name", "columns" };
    private static readonly string[] NameAndSql = { "name", "sql" };

    /// <summary>The body of the lambda passed as <paramref name="name"/> (or at <paramref name="position"/>).</summary>
    private static CSharpSyntaxNode? LambdaBody(ArgumentListSyntax arguments, string name, int position)
    {
        var argument = arguments.Arguments.FirstOrDefault(a => a.NameColon?.Name.Identifier.ValueText == name)
            ?? (arguments.Arguments.Count > position && arguments.Arguments[position].NameColon is null ? arguments.Arguments[position] : null);
        return (argument?.Expression as LambdaExpressionSyntax)?.Body;
    }

    /// <summary>The column a selector's property names: the name of the column of that property, or the property's own.</summary>
    internal static string ColumnOfProperty(EquatableArray<TableColumn> columns, string property)
    {
        foreach (var column in columns)
        {
            if (column.PropertyName == property)
            {
                return column.ColumnName;
            }
        }

        return property;
    }

    private static ArgumentValue SelectedColumns(LambdaExpressionSyntax selector, EquatableArray<TableColumn> columns)
    {
        string? ColumnOf(ExpressionSyntax expression) =>
            (expression as MemberAccessExpressionSyntax)?.Name.Identifier.ValueText is { } property ? ColumnOfProperty(columns, property) : null;

        var source = ValueReader.TextOf(selector);
        switch (selector.Body)
        {
            case AnonymousObjectCreationExpressionSyntax anonymous:
                var items = ImmutableArray.CreateBuilder<ArgumentValue>();
                foreach (var member in anonymous.Initializers)
                {
                    var column = ColumnOf(member.Expression);
                    if (column is null)
                    {
                        return ArgumentValue.NonConstant(source);
                    }

                    items.Add(new ArgumentValue(ValueKind.String, column, ValueReader.TextOf(member), EquatableArray<ArgumentValue>.Empty));
                }

                return new ArgumentValue(ValueKind.Array, null, source, items.ToEquatableArray());
            case ExpressionSyntax single when ColumnOf(single) is { } name:
                return new ArgumentValue(ValueKind.String, name, source, EquatableArray<ArgumentValue>.Empty);
            default:
                return ArgumentValue.NonConstant(source);
        }
    }
}
