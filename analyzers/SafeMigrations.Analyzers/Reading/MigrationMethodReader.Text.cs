using System;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SafeMigrations.Analyzers.Infrastructure;
using SafeMigrations.Analyzers.Model;

namespace SafeMigrations.Analyzers.Reading;

/// <summary>The statements of EF's plain shape, read from their text (see <see cref="OperationCallText"/>).</summary>
internal sealed partial class MigrationMethodReader
{
    /// <summary>Whether <paramref name="statement"/>, of <paramref name="method"/>'s body, is read by its text (for the tests).</summary>
    internal static bool IsReadByText(MethodDeclarationSyntax method, ExpressionStatementSyntax statement)
    {
        var builderName = BuilderNameOf(method);
        var tree = method.SyntaxTree;
        return tree.TryGetText(out var sourceText)
            && new MigrationMethodReader(null, null, builderName, readsTableColumns: true, 1, new SearchableText(sourceText), tree.FilePath ?? string.Empty, CancellationToken.None)
                .ReadByText(statement, ProviderBranch.None);
    }

    /// <summary>
    /// Reads a builder call of EF's plain shape from its text (see <see cref="OperationCallText"/>) as <see cref="ReadExpression"/>
    /// reads it from its syntax, a CreateTable's columns and constraints as <see cref="CreateTableReader"/> reads them; false,
    /// with nothing read, for any other statement.
    /// </summary>
    private bool ReadByText(ExpressionStatementSyntax statement, ProviderBranch branch)
    {
        if (text!.TrimmedChars(statement, OperationCallText.LengthLimit, out var start) is not { } chars)
        {
            return false;
        }

        var call = OperationCallText.OfThread;
        if (!call.TryParse(chars, builderName) || !ValuesAreRead(call))
        {
            return false;
        }

        var kind = OperationTypes.FromMethodName(call.MethodName);
        var columns = EquatableArray<TableColumn>.Empty;
        var constraints = EquatableArray<TableConstraint>.Empty;
        if (kind == OperationType.CreateTable && readsTableColumns && !TableByText(call, start, out columns, out constraints))
        {
            return false;
        }

        var arguments = ImmutableArray.CreateBuilder<OperationArgument>(call.ArgumentCount - (call.HasColumns ? 1 : 0) - (call.HasConstraints ? 1 : 0));
        for (var i = 0; i < call.ArgumentCount; i++)
        {
            if (call.ArgumentAt(i) is { Value.Kind: not PlainText.ArgumentKind.Lambda } argument)
            {
                arguments.Add(ArgumentsOfThread.Of(call, argument));
            }
        }

        operations.Add(new MigrationOperation(
            kind == OperationType.Unknown ? OperationType.Extension : kind,
            call.MethodName,
            TypeArgumentsOf(call),
            arguments.ToEquatableArray(),
            AnnotationsOf(call, old: false),
            AnnotationsOf(call, old: true),
            columns,
            constraints,
            branch,
            new SourceSpan(filePath, start, call.ExpressionLength)));
        return true;
    }

    private static EquatableArray<string> TypeArgumentsOf(OperationCallText call) =>
        call.TypeArgument is { } type ? EquatableArray.Of(type) : EquatableArray<string>.Empty;

    /// <summary>
    /// A CreateTable's columns and constraints (see <see cref="CreateTableReader"/>), each call read again where the statement's
    /// read found it; false when a value of one is not read without binding (the syntax reader then reads the statement).
    /// </summary>
    private bool TableByText(OperationCallText table, int start, out EquatableArray<TableColumn> columns, out EquatableArray<TableConstraint> constraints)
    {
        columns = EquatableArray<TableColumn>.Empty;
        constraints = EquatableArray<TableConstraint>.Empty;
        var inner = OperationCallText.InnerOfThread;
        var chars = table.Chars;
        var columnList = ImmutableArray.CreateBuilder<TableColumn>(table.ColumnCount);
        for (var i = 0; i < table.ColumnCount; i++)
        {
            var member = table.ColumnAt(i);
            var at = member.CallStart;
            if (!inner.TryParseInner(chars, ref at, OperationCallText.Place.Column) || !ValuesAreRead(inner))
            {
                return false;
            }

            columnList.Add(new TableColumn(
                PlainText.Strings.Of(chars.Span.Slice(member.NameStart, member.NameLength)),
                inner.MethodName,
                TypeArgumentsOf(inner),
                ArgumentsOf(inner, EquatableArray<TableColumn>.Empty),
                AnnotationsOf(inner, old: false),
                new SourceSpan(filePath, start + member.NameStart, inner.ExpressionEnd - member.NameStart)));
        }

        columns = columnList.ToEquatableArray();
        var constraintList = ImmutableArray.CreateBuilder<TableConstraint>(table.ConstraintCount);
        for (var i = 0; i < table.ConstraintCount; i++)
        {
            var at = table.ConstraintStartAt(i);
            if (!inner.TryParseInner(chars, ref at, OperationCallText.Place.Constraint) || !ValuesAreRead(inner))
            {
                return false;
            }

            constraintList.Add(new TableConstraint(
                inner.MethodName,
                ArgumentsOf(inner, columns),
                AnnotationsOf(inner, old: false),
                new SourceSpan(filePath, start + inner.ExpressionStart, inner.ExpressionLength)));
        }

        constraints = constraintList.ToEquatableArray();
        return true;
    }

    /// <summary>A column's or a constraint's arguments, a constraint's column selectors as the columns they pick.</summary>
    private static EquatableArray<OperationArgument> ArgumentsOf(OperationCallText call, EquatableArray<TableColumn> columns)
    {
        var arguments = ImmutableArray.CreateBuilder<OperationArgument>(call.ArgumentCount);
        for (var i = 0; i < call.ArgumentCount; i++)
        {
            var argument = call.ArgumentAt(i);
            arguments.Add(argument.Value.Kind == PlainText.ArgumentKind.Lambda
                ? new OperationArgument(argument.Name, SelectedColumns(call.Chars.Span, argument.Value, columns))
                : ArgumentsOfThread.Of(call, argument));
        }

        return arguments.ToEquatableArray();
    }

    /// <summary>
    /// The columns a selector picks (see <see cref="OperationCallText.SelectorEnd"/>), as <c>CreateTableReader.SelectedColumns</c>
    /// gives them: <c>x => x.Id</c> the column's name, <c>x => new { x.A, x.B }</c> an array of them.
    /// </summary>
    private static ArgumentValue SelectedColumns(ReadOnlySpan<char> chars, PlainText.Argument selector, EquatableArray<TableColumn> columns)
    {
        var source = PlainText.TextOf(chars, selector);
        var at = OperationCallText.LambdaBody(chars, selector.Start)!.Value;
        var end = selector.Start + selector.Length;
        if (OperationCallText.MemberEnd(chars, at) is { } memberEnd && memberEnd == end)
        {
            return new ArgumentValue(ValueKind.String, SelectedColumn(chars, at, memberEnd, columns), source, EquatableArray<ArgumentValue>.Empty);
        }

        var items = ImmutableArray.CreateBuilder<ArgumentValue>();
        at = PlainText.Skip(chars, chars.Slice(at, end - at).IndexOf('{') + at + 1);
        while (at < end && OperationCallText.MemberEnd(chars, at) is { } itemEnd)
        {
            items.Add(new ArgumentValue(ValueKind.String, SelectedColumn(chars, at, itemEnd, columns), PlainText.Strings.Of(chars.Slice(at, itemEnd - at)), EquatableArray<ArgumentValue>.Empty));
            at = PlainText.Skip(chars, itemEnd);
            at = PlainText.Skip(chars, at + 1); // The comma, or the closing brace.
        }

        return new ArgumentValue(ValueKind.Array, null, source, items.ToEquatableArray());
    }

    /// <summary>The column <c>x.Name</c> (from <paramref name="start"/> to <paramref name="end"/>) picks: see <see cref="CreateTableReader.ColumnOfProperty"/>.</summary>
    private static string SelectedColumn(ReadOnlySpan<char> chars, int start, int end, EquatableArray<TableColumn> columns)
    {
        var name = end;
        while (PlainText.IsIdentifierPart(chars[name - 1]))
        {
            name--;
        }

        return CreateTableReader.ColumnOfProperty(columns, PlainText.Strings.Of(chars.Slice(name, end - name)));
    }

    /// <summary>Whether every value of the call is one <see cref="ValueOf"/> reads as <see cref="ValueReader.Read"/> would without binding.</summary>
    private static bool ValuesAreRead(OperationCallText call)
    {
        for (var i = 0; i < call.ArgumentCount; i++)
        {
            if (!IsRead(call, call.ArgumentAt(i).Value))
            {
                return false;
            }
        }

        for (var i = 0; i < call.AnnotationCount; i++)
        {
            if (!IsRead(call, call.AnnotationAt(i).Value))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// A literal, or a member of one of the types <see cref="ValueReader"/> knows without binding (<c>ReferentialAction.Cascade</c>,
    /// <c>Npgsql...NpgsqlValueGenerationStrategy.IdentityByDefaultColumn</c>); not <c>(string)null</c> or a name alone, which it binds.
    /// </summary>
    private static bool IsRead(OperationCallText call, PlainText.Argument value)
    {
        switch (value.Kind)
        {
            case PlainText.ArgumentKind.NullString:
                return false;
            case PlainText.ArgumentKind.Name:
                return ValueReader.IsWellKnownMember(call.Chars.Span.Slice(value.Start, value.Length));
            case PlainText.ArgumentKind.Array:
                var count = ItemsOfThread.Read(call.Chars.Span, value);
                for (var i = 0; i < count; i++)
                {
                    if (!IsRead(call, ItemsOfThread.Buffer[i]))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return true;
        }
    }

    /// <summary>The value <see cref="ValueReader.Read"/> gives the argument's syntax (see <see cref="IsRead"/>).</summary>
    private static ArgumentValue ValueOf(OperationCallText call, PlainText.Argument value)
    {
        var chars = call.Chars.Span;
        switch (value.Kind)
        {
            case PlainText.ArgumentKind.True:
                return ArgumentValue.True;
            case PlainText.ArgumentKind.False:
                return ArgumentValue.False;
            case PlainText.ArgumentKind.Null:
                return ArgumentValue.Null;
            case PlainText.ArgumentKind.String:
                return new ArgumentValue(ValueKind.String, PlainText.StringOf(chars, value), PlainText.TextOf(chars, value), EquatableArray<ArgumentValue>.Empty);
            case PlainText.ArgumentKind.Integer:
                var source = PlainText.TextOf(chars, value);
                var constant = ValueReader.IsPlainInteger(source) ? source : PlainText.IntegerOf(chars.Slice(value.Start, value.Length)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return new ArgumentValue(ValueKind.Number, constant, source, EquatableArray<ArgumentValue>.Empty);
            case PlainText.ArgumentKind.Array:
                var count = ItemsOfThread.Read(chars, value);
                var items = ImmutableArray.CreateBuilder<ArgumentValue>(count);
                for (var i = 0; i < count; i++)
                {
                    items.Add(ValueOf(call, ItemsOfThread.Buffer[i]));
                }

                return new ArgumentValue(ValueKind.Array, null, PlainText.TextOf(chars, value), items.ToEquatableArray());
            default:
                return ArgumentValue.NonConstant(PlainText.TextOf(chars, value));
        }
    }

    /// <summary>An array's items as <see cref="OperationCallText.ItemsOf"/> reads them, into the thread's buffer (<see cref="Buffer"/>); their count.</summary>
    private static class ItemsOfThread
    {
        [ThreadStatic]
        private static PlainText.Argument[]? buffer;

        public static PlainText.Argument[] Buffer => buffer!;

        public static int Read(ReadOnlySpan<char> chars, PlainText.Argument array)
        {
            var items = buffer ??= new PlainText.Argument[8];
            var count = OperationCallText.ItemsOf(chars, array, ref items);
            buffer = items;
            return count;
        }
    }

    /// <summary>
    /// The arguments read by the text, kept per thread: <c>nullable: false</c>, <c>type: "integer"</c>, <c>table: "Orders"</c> recur
    /// in nearly every statement of a history. Read by their syntax, each is a new argument and value around the strings of its
    /// token; read by their text, each would be those and two new strings (the value and its quoted text). An argument is
    /// immutable and compares by value, so one serves every statement that writes it.
    /// </summary>
    private static class ArgumentsOfThread
    {
        private const int Slots = 1024;

        /// <summary>A longer value (an SQL statement) is read each time: it is rarely written twice.</summary>
        private const int LengthLimit = 64;

        [ThreadStatic]
        private static OperationArgument?[]? kept;

        public static OperationArgument Of(OperationCallText call, OperationCallText.NamedArgument argument)
        {
            var source = call.Chars.Span.Slice(argument.Value.Start, argument.Value.Length);
            if (source.Length > LengthLimit)
            {
                return new OperationArgument(argument.Name, ValueOf(call, argument));
            }

            // The value's kind and constant follow from its text (quotes, digits, a dotted name, typeof), so name and text are the key.
            var hash = PlainText.Strings.Hash(source, PlainText.Strings.Hash(argument.Name.AsSpan(), argument.Name.Length));
            ref var slot = ref (kept ??= new OperationArgument?[Slots])[hash & (Slots - 1)];
            if (slot is { } found && found.Name == argument.Name && source.SequenceEqual(found.Value.SourceText.AsSpan()))
            {
                return found;
            }

            return slot = new OperationArgument(argument.Name, ValueOf(call, argument));
        }
    }

    /// <summary>The value of an argument of the call (<see cref="ValueOf(OperationCallText, PlainText.Argument)"/>, or its <c>typeof</c>).</summary>
    private static ArgumentValue ValueOf(OperationCallText call, OperationCallText.NamedArgument argument) =>
        argument.TypeOf is { } type
            ? new ArgumentValue(ValueKind.Type, type, PlainText.TextOf(call.Chars.Span, argument.Value), EquatableArray<ArgumentValue>.Empty)
            : ValueOf(call, argument.Value);

    /// <summary>The call's annotations (<paramref name="old"/>: its old annotations), in their order.</summary>
    private static EquatableArray<OperationAnnotation> AnnotationsOf(OperationCallText call, bool old)
    {
        var count = 0;
        for (var i = 0; i < call.AnnotationCount; i++)
        {
            count += call.AnnotationAt(i).IsOld == old ? 1 : 0;
        }

        if (count == 0)
        {
            return EquatableArray<OperationAnnotation>.Empty;
        }

        var chars = call.Chars.Span;
        var annotations = ImmutableArray.CreateBuilder<OperationAnnotation>(count);
        for (var i = 0; i < call.AnnotationCount; i++)
        {
            if (call.AnnotationAt(i) is var annotation && annotation.IsOld == old)
            {
                var name = annotation.Name;
                annotations.Add(new OperationAnnotation(PlainText.StringOf(chars, name), ValueOf(call, annotation.Value)));
            }
        }

        return annotations.ToEquatableArray();
    }
}
