using System.Collections.Generic;
using System.IO;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using SafeMigrations.Analyzers.Infrastructure;
using SafeMigrations.Analyzers.Model;
using ColumnDefinition = Microsoft.SqlServer.TransactSql.ScriptDom.ColumnDefinition;
using CheckConstraintDefinition = Microsoft.SqlServer.TransactSql.ScriptDom.CheckConstraintDefinition;
using UniqueConstraintDefinition = Microsoft.SqlServer.TransactSql.ScriptDom.UniqueConstraintDefinition;

namespace SafeMigrations.Analyzers.RawSql;

/// <summary>
/// Reads SQL Server's T-SQL with Microsoft's own parser (ScriptDom) into the operations it stands for. Kept
/// in a class of its own so ScriptDom is loaded only for SQL Server migrations that hold raw SQL.
/// </summary>
internal static class TSqlStatementReader
{
    private const string Online = "SqlServer:Online";

    public static RawSqlReading Read(string sql, RawOperations operations, PreviousSchema previous)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        var fragment = parser.Parse(new StringReader(sql), out var errors);
        if (errors.Count > 0)
        {
            return RawSqlReading.NotChecked($"T-SQL that does not parse (line {errors[0].Line}: {errors[0].Message})");
        }

        string? unchecked_ = null;
        if (fragment is TSqlScript script)
        {
            foreach (var batch in script.Batches)
            {
                foreach (var statement in batch.Statements)
                {
                    if (!ReadStatement(statement, sql, operations, previous, batched: false))
                    {
                        unchecked_ ??= RawSqlReader.FirstWords(sql.Substring(statement.StartOffset, statement.FragmentLength));
                    }
                }
            }
        }

        return new RawSqlReading(operations.Operations, unchecked_ is null ? null : RawSqlReader.NotUnderstood(unchecked_));
    }

    /// <summary>
    /// The names of the columns a boolean expression uses (an index's filter, as <c>HasFilter</c> writes it), read by the same
    /// parser: <c>IsActive</c>, <c>[isactive]</c> and <c>"IsActive"</c> alike, and nothing inside a string or a comment. Null
    /// when the expression does not parse.
    /// </summary>
    public static IReadOnlyList<string>? ColumnsIn(string booleanExpression)
    {
        var expression = new TSql160Parser(initialQuotedIdentifiers: true).ParseBooleanExpression(new StringReader(booleanExpression), out var errors);
        if (errors.Count > 0 || expression is null)
        {
            return null;
        }

        var columns = new ColumnNames();
        expression.Accept(columns);
        return columns.Names;
    }

    private sealed class ColumnNames : TSqlFragmentVisitor
    {
        public List<string> Names { get; } = new();

        public override void Visit(ColumnReferenceExpression node)
        {
            if (node.MultiPartIdentifier?.Identifiers is { Count: > 0 } parts)
            {
                Names.Add(parts[parts.Count - 1].Value);
            }
        }
    }

    private static bool ReadStatement(TSqlStatement statement, string sql, RawOperations operations, PreviousSchema previous, bool batched)
    {
        switch (statement)
        {
            case CreateIndexStatement create:
                operations.Add(
                    OperationType.CreateIndex,
                    IsOnline(create.IndexOptions) ? RawOperations.Annotation(Online, true) : EquatableArray<OperationAnnotation>.Empty,
                    ("name", create.Name?.Value),
                    ("table", create.OnName?.BaseIdentifier?.Value),
                    ("schema", create.OnName?.SchemaIdentifier?.Value),
                    ("unique", create.Unique ? true : null));
                return true;

            case DropIndexStatement drop:
                foreach (var clause in drop.DropIndexClauses)
                {
                    if (clause is DropIndexClause { Index: { } index, Object: { } table })
                    {
                        operations.Add(OperationType.DropIndex, ("name", index.Value), ("table", table.BaseIdentifier?.Value), ("schema", table.SchemaIdentifier?.Value));
                    }
                }

                return true;

            case DropTableStatement dropTable:
                foreach (var table in dropTable.Objects)
                {
                    operations.Add(OperationType.DropTable, ("name", table.BaseIdentifier?.Value), ("schema", table.SchemaIdentifier?.Value));
                }

                return true;

            case CreateTableStatement createTable:
                operations.Add(OperationType.CreateTable, ("name", createTable.SchemaObjectName?.BaseIdentifier?.Value), ("schema", createTable.SchemaObjectName?.SchemaIdentifier?.Value));
                return true;

            case AlterTableAddTableElementStatement add:
                ReadAdd(add, sql, operations);
                return true;

            case AlterTableAlterColumnStatement alter:
                return ReadAlterColumn(alter, sql, operations, previous);

            case AlterTableDropTableElementStatement dropElements:
                foreach (var element in dropElements.AlterTableDropTableElements)
                {
                    if (element.TableElementType == TableElementType.Column)
                    {
                        operations.Add(OperationType.DropColumn, ("name", element.Name?.Value), ("table", dropElements.SchemaObjectName?.BaseIdentifier?.Value), ("schema", dropElements.SchemaObjectName?.SchemaIdentifier?.Value));
                    }
                }

                return true;

            case ExecuteStatement execute:
                return ReadSpRename(execute, operations, previous);

            case UpdateStatement { UpdateSpecification: { } update }:
                return AddDml(OperationType.UpdateRows, update, operations, batched);

            case DeleteStatement { DeleteSpecification: { } delete }:
                return AddDml(OperationType.DeleteRows, delete, operations, batched);

            case WhileStatement loop:
                // A loop is how T-SQL batches: UPDATE TOP (n) ... until @@ROWCOUNT is 0, or a WHERE over a range of keys
                // that moves each turn. A loop around an UPDATE with neither changes the whole table each turn.
                return ReadStatement(loop.Statement, sql, operations, previous, batched: true);

            case BeginEndBlockStatement block:
                var known = true;
                foreach (var inner in block.StatementList.Statements)
                {
                    known &= ReadStatement(inner, sql, operations, previous, batched);
                }

                return known;

            case TryCatchStatement attempt:
                return ReadStatement(new BeginEndBlockStatement { StatementList = attempt.TryStatements }, sql, operations, previous, batched)
                    & ReadStatement(new BeginEndBlockStatement { StatementList = attempt.CatchStatements }, sql, operations, previous, batched);

            case IfStatement branch:
                return ReadStatement(branch.ThenStatement, sql, operations, previous, batched)
                    & (branch.ElseStatement is null || ReadStatement(branch.ElseStatement, sql, operations, previous, batched));

            case AlterTableConstraintModificationStatement:
            case AlterTableSetStatement:
            case InsertStatement:
            case SelectStatement:
            case DeclareVariableStatement:
            case SetVariableStatement:
            case PredicateSetStatement:
            case SetCommandStatement:
            case PrintStatement:
            case BreakStatement:
            case ContinueStatement:
            case ReturnStatement:
            case ThrowStatement:
            case RaiseErrorStatement:
            case CreateViewStatement:
            case AlterViewStatement:
            case CreateOrAlterViewStatement:
            case CreateProcedureStatement:
            case AlterProcedureStatement:
            case CreateOrAlterProcedureStatement:
            case CreateFunctionStatement:
            case AlterFunctionStatement:
            case CreateOrAlterFunctionStatement:
            case CreateTriggerStatement:
            case AlterTriggerStatement:
            case CreateOrAlterTriggerStatement:
            case DropViewStatement:
            case DropProcedureStatement:
            case DropFunctionStatement:
            case DropTriggerStatement:
            case CreateSchemaStatement:
            case CreateSequenceStatement:
            case GrantStatement:
                return true;

            default:
                return false;
        }
    }

    private static void ReadAdd(AlterTableAddTableElementStatement add, string sql, RawOperations operations)
    {
        var table = add.SchemaObjectName?.BaseIdentifier?.Value;
        var schema = add.SchemaObjectName?.SchemaIdentifier?.Value;

        // WITH NOCHECK adds the constraint without checking the existing rows (it is untrusted until CHECK CONSTRAINT).
        var checksRows = add.ExistingRowsCheckEnforcement != ConstraintEnforcement.NoCheck;
        foreach (var column in (IList<ColumnDefinition>?)add.Definition?.ColumnDefinitions ?? new List<ColumnDefinition>())
        {
            var nullable = true;
            foreach (var constraint in column.Constraints)
            {
                nullable &= constraint is not NullableConstraintDefinition { Nullable: false } && constraint is not UniqueConstraintDefinition { IsPrimaryKey: true };
            }

            operations.Add(
                OperationType.AddColumn,
                ("name", column.ColumnIdentifier?.Value),
                ("table", table),
                ("schema", schema),
                ("type", TextOf(column.DataType, sql)),
                ("nullable", nullable),
                ("defaultValueSql", TextOf(column.DefaultConstraint?.Expression, sql)),
                ("computedColumnSql", TextOf(column.ComputedColumnExpression, sql)),
                ("stored", column.ComputedColumnExpression is null ? null : column.IsPersisted));
        }

        foreach (var constraint in (IList<ConstraintDefinition>?)add.Definition?.TableConstraints ?? new List<ConstraintDefinition>())
        {
            var name = constraint.ConstraintIdentifier?.Value;
            switch (constraint)
            {
                case ForeignKeyConstraintDefinition foreignKey when checksRows:
                    operations.Add(
                        OperationType.AddForeignKey,
                        ("name", name),
                        ("table", table),
                        ("schema", schema),
                        ("columns", Names(foreignKey.Columns)),
                        ("principalTable", foreignKey.ReferenceTableName?.BaseIdentifier?.Value),
                        ("principalSchema", foreignKey.ReferenceTableName?.SchemaIdentifier?.Value));
                    break;
                case CheckConstraintDefinition check when checksRows:
                    operations.Add(OperationType.AddCheckConstraint, ("name", name), ("table", table), ("schema", schema), ("sql", TextOf(check.CheckCondition, sql)));
                    break;
                case UniqueConstraintDefinition unique:
                    operations.Add(
                        unique.IsPrimaryKey ? OperationType.AddPrimaryKey : OperationType.AddUniqueConstraint,
                        IsOnline(unique.IndexOptions) ? RawOperations.Annotation(Online, true) : EquatableArray<OperationAnnotation>.Empty,
                        ("name", name),
                        ("table", table),
                        ("schema", schema),
                        ("columns", Names(unique.Columns)));
                    break;
            }
        }
    }

    private static bool ReadAlterColumn(AlterTableAlterColumnStatement alter, string sql, RawOperations operations, PreviousSchema previous)
    {
        var table = alter.SchemaObjectName?.BaseIdentifier?.Value;
        var schema = alter.SchemaObjectName?.SchemaIdentifier?.Value;
        var column = alter.ColumnIdentifier?.Value;
        if (table is null || column is null)
        {
            return false;
        }

        var option = alter.AlterTableAlterColumnOption;
        if (alter.DataType is null || option is not (AlterTableAlterColumnOption.NoOptionDefined or AlterTableAlterColumnOption.Null or AlterTableAlterColumnOption.NotNull))
        {
            // ADD/DROP ROWGUIDCOL, PERSISTED, SPARSE, MASKED, HIDDEN: metadata or out of the rules' scope.
            return true;
        }

        // T-SQL's ALTER COLUMN restates the type and the nullability (left out, it becomes NULL).
        if (TextOf(alter.DataType, sql) is { } type)
        {
            operations.AddAlterColumn(
                previous,
                schema,
                table,
                column,
                type,
                nullable: option != AlterTableAlterColumnOption.NotNull,
                IsOnline(alter.Options) ? RawOperations.Annotation(Online, true) : EquatableArray<OperationAnnotation>.Empty);
        }

        return true;
    }

    // EXEC sp_rename 'dbo.Customers.Email', 'Mail', 'COLUMN' and EXEC sp_rename 'dbo.Customers', 'Clients'.
    private static bool ReadSpRename(ExecuteStatement execute, RawOperations operations, PreviousSchema previous)
    {
        if (execute.ExecuteSpecification?.ExecutableEntity is not ExecutableProcedureReference { ProcedureReference.ProcedureReference.Name: { } procedure } reference
            || !string.Equals(procedure.BaseIdentifier?.Value, "sp_rename", System.StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var values = new List<string?>();
        foreach (var parameter in reference.Parameters)
        {
            values.Add((parameter.ParameterValue as StringLiteral)?.Value);
        }

        if (values.Count < 2 || values[0] is not { } oldName || values[1] is not { } newName)
        {
            return false;
        }

        var parts = oldName.Replace("[", string.Empty).Replace("]", string.Empty).Split('.');
        var kind = values.Count > 2 ? values[2]?.ToUpperInvariant() : "OBJECT";
        switch (kind)
        {
            case "COLUMN" when parts.Length >= 2:
                operations.Add(
                    OperationType.RenameColumn,
                    ("name", parts[parts.Length - 1]),
                    ("table", parts[parts.Length - 2]),
                    ("schema", parts.Length >= 3 ? parts[parts.Length - 3] : null),
                    ("newName", newName));
                return true;
            case "OBJECT" or null:
                // sp_rename renames constraints and tables alike; only a table of the model is a table rename.
                if (!previous.MayBeTable(parts.Length >= 2 ? parts[parts.Length - 2] : null, parts[parts.Length - 1]))
                {
                    return true;
                }

                operations.Add(OperationType.RenameTable, ("name", parts[parts.Length - 1]), ("schema", parts.Length >= 2 ? parts[parts.Length - 2] : null), ("newName", newName));
                return true;
            default:
                // INDEX, STATISTICS, USERDATATYPE: metadata only, and nothing the app names.
                return true;
        }
    }

    private static bool AddDml(OperationType kind, UpdateDeleteSpecificationBase specification, RawOperations operations, bool batched)
    {
        if (specification.Target is not NamedTableReference { SchemaObject: { } target })
        {
            return false;
        }

        operations.Add(
            kind,
            ("table", target.BaseIdentifier?.Value),
            ("schema", target.SchemaIdentifier?.Value),
            ("where", specification.WhereClause is not null),
            ("limited", specification.TopRowFilter is not null || (batched && specification.WhereClause is not null)));
        return true;
    }

    private static bool IsOnline(IList<IndexOption>? options)
    {
        foreach (var option in options ?? new List<IndexOption>())
        {
            if (option is OnlineIndexOption { OptionState: OptionState.On })
            {
                return true;
            }
        }

        return false;
    }

    private static string[] Names(IList<ColumnWithSortOrder> columns)
    {
        var names = new List<string>();
        foreach (var column in columns)
        {
            if (column.Column?.MultiPartIdentifier?.Identifiers is { Count: > 0 } identifiers)
            {
                names.Add(identifiers[identifiers.Count - 1].Value);
            }
        }

        return names.ToArray();
    }

    private static string[] Names(IList<Identifier> columns)
    {
        var names = new List<string>();
        foreach (var column in columns)
        {
            names.Add(column.Value);
        }

        return names.ToArray();
    }

    private static string? TextOf(TSqlFragment? fragment, string sql) =>
        fragment is null || fragment.StartOffset < 0 || fragment.StartOffset + fragment.FragmentLength > sql.Length
            ? null
            : sql.Substring(fragment.StartOffset, fragment.FragmentLength);
}
