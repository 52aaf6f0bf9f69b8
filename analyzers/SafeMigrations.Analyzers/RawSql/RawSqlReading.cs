using System.Collections.Generic;
using System.Linq;
using SafeMigrations.Analyzers.Infrastructure;
using SafeMigrations.Analyzers.Model;

namespace SafeMigrations.Analyzers.RawSql;

/// <summary>
/// What one <c>Sql(...)</c> call holds, as the rules see it: the DDL and DML it could read, as operations
/// of the same kinds the typed <c>MigrationBuilder</c> calls give, and why the rest cannot be checked.
/// </summary>
internal sealed record RawSqlReading(IReadOnlyList<MigrationOperation> Operations, string? Unchecked)
{
    public static RawSqlReading NotChecked(string reason) => new(System.Array.Empty<MigrationOperation>(), reason);
}

/// <summary>
/// Builds the operations a statement of raw SQL stands for, named like the typed call they match, with the
/// span and branch of their <c>Sql</c> call.
/// </summary>
internal sealed class RawOperations
{
    private readonly MigrationOperation sql;
    private readonly List<MigrationOperation> operations = new();

    public RawOperations(MigrationOperation sql) => this.sql = sql;

    public IReadOnlyList<MigrationOperation> Operations => operations;

    /// <summary>Adds an operation; arguments whose value is null are left out, as the scaffolder leaves them out.</summary>
    public void Add(OperationType kind, params (string Name, object? Value)[] arguments) => Add(kind, EquatableArray<OperationAnnotation>.Empty, arguments);

    public void Add(OperationType kind, EquatableArray<OperationAnnotation> annotations, params (string Name, object? Value)[] arguments)
    {
        var values = new List<OperationArgument>();

        // Whether the statement runs inside the migration's transaction is the Sql call's.
        if (sql.BooleanArgument("suppressTransaction") == true)
        {
            values.Add(new OperationArgument("suppressTransaction", Value(true)));
        }

        foreach (var (name, value) in arguments)
        {
            if (value is not null)
            {
                values.Add(new OperationArgument(name, Value(value)));
            }
        }

        operations.Add(new MigrationOperation(
            kind,
            kind.ToString(),
            EquatableArray<string>.Empty,
            values.ToEquatableArray(),
            annotations,
            EquatableArray<OperationAnnotation>.Empty,
            EquatableArray<TableColumn>.Empty,
            EquatableArray<TableConstraint>.Empty,
            sql.Branch,
            sql.Span) { FromRawSql = true });
    }

    /// <summary>The operations, each marked <c>sharedCommand: true</c>: its statement is one of several sent as one command.</summary>
    public IReadOnlyList<MigrationOperation> WithSharedCommand()
    {
        var marked = new List<MigrationOperation>(operations.Count);
        foreach (var operation in operations)
        {
            var arguments = new List<OperationArgument>(operation.Arguments.AsImmutableArray()) { new("sharedCommand", Value(true)) };
            marked.Add(operation with { Arguments = arguments.ToEquatableArray() });
        }

        return marked;
    }

    /// <summary>
    /// An AlterColumn to <paramref name="type"/>. Raw SQL does not say what the column was: its old type and
    /// nullability come from the previous model, and with no new nullability the old one stays.
    /// </summary>
    public void AddAlterColumn(PreviousSchema previous, string? schema, string table, string column, string type, bool? nullable, EquatableArray<OperationAnnotation> annotations = default)
    {
        var old = previous.Column(schema, table, column);
        Add(
            OperationType.AlterColumn,
            annotations.Count == 0 ? EquatableArray<OperationAnnotation>.Empty : annotations,
            ("name", column),
            ("table", table),
            ("schema", schema),
            ("type", type),
            ("nullable", nullable ?? old?.IsNullable),
            ("oldType", old?.StoreType),
            ("oldNullable", old?.IsNullable));
    }

    public static EquatableArray<OperationAnnotation> Annotation(string name, bool value) =>
        EquatableArray.Of(new OperationAnnotation(name, Value(value)));

    private static ArgumentValue Value(object value) => value switch
    {
        bool flag => new ArgumentValue(ValueKind.Boolean, flag ? "true" : "false", flag ? "true" : "false", EquatableArray<ArgumentValue>.Empty),
        string[] items => new ArgumentValue(ValueKind.Array, null, string.Empty, items.Select(item => Value(item)).ToEquatableArray()),
        _ => new ArgumentValue(ValueKind.String, value.ToString(), "\"" + value + "\"", EquatableArray<ArgumentValue>.Empty),
    };
}
