using System;
using System.Collections.Generic;
using System.Linq;
using SafeMigrations.Analyzers.Infrastructure;
using SafeMigrations.Analyzers.Model;

namespace SafeMigrations.Analyzers.Rollback;

/// <summary>The inverses of seed data and of our runtime helpers.</summary>
internal static partial class RollbackPlanner
{
    /// <summary>InsertData becomes DeleteData by the table's key, taken from the inserted values.</summary>
    private static string? InvertInsertData(MigrationOperation op, PlanContext context, PlannedCalls inverse)
    {
        var table = op.Table;

        // Seed rows of a table this migration creates go with its DropTable; and the model Down runs
        // against (the one before the migration) has no such table for a DeleteData to use.
        if (context.Migration.Up.Operations.Any(o => o.Kind == OperationType.CreateTable && o.Table == table && o.Schema == op.Schema))
        {
            return null;
        }

        var key = KeyColumns(op, context);
        var columns = op.ColumnList().ToList();
        var values = op.Argument("values") ?? op.Argument("value");
        if (table is null || key is null || columns.Count == 0 || values is null)
        {
            return "its table, key or values are not constant";
        }

        // Loops over the positions, not LINQ: a query of ints is framework code no precompiled image holds, which a fresh
        // compiler process compiled for the first InsertData it met.
        var positions = new int[key.Count];
        for (var i = 0; i < key.Count; i++)
        {
            positions[i] = columns.IndexOf(key[i]);
            if (positions[i] < 0)
            {
                return $"the inserted columns do not include the key of '{table}'";
            }
        }

        // One row: new object[] { 1, "a" }; several: new object[,] { { 1, "a" }, { 2, "b" } }.
        // With one column, values lists one value per row: column: "Name", values: new object[] { "a", "b" }.
        static ArgumentValue Row(ArgumentValue value) => new(ValueKind.Array, null, value.SourceText, EquatableArray.Of(value));
        var rows = values.Items.Count > 0 && values.Items.All(i => i.Kind == ValueKind.Array) ? values.Items.ToList()
            : columns.Count == 1 && values.Kind == ValueKind.Array ? values.Items.Select(Row).ToList()
            : values.Kind == ValueKind.Array ? new List<ArgumentValue> { values }
            : columns.Count == 1 ? new List<ArgumentValue> { Row(values) }
            : null;
        if (rows is null || rows.Any(r => r.Items.Count != columns.Count))
        {
            return "its values are not a literal array";
        }

        var call = new CallWriter("DeleteData").Literal("table", table).Copy(op, "schema");
        if (key.Count == 1)
        {
            call.Literal("keyColumn", key[0]).Arg("keyValues", "new object[] { " + string.Join(", ", rows.Select(r => r.Items[positions[0]].SourceText)) + " }");
        }
        else
        {
            call.Arg("keyColumns", CallWriter.StringArray(key))
                .Arg("keyValues", "new object[,]\n{\n    " + string.Join(",\n    ", rows.Select(r => "{ " + KeyValues(r, positions) + " }")) + "\n}");
        }

        inverse.Add(call);
        return null;
    }

    /// <summary>A row's key values as written, in the key's order: <c>1, "a"</c>.</summary>
    private static string KeyValues(ArgumentValue row, int[] positions)
    {
        var values = new string[positions.Length];
        for (var i = 0; i < positions.Length; i++)
        {
            values[i] = row.Items[positions[i]].SourceText;
        }

        return string.Join(", ", values);
    }

    /// <summary>The key of the table: from a CreateTable earlier in this migration, else from the model before it.</summary>
    /// <remarks>
    /// The same table and schema returned before this (its rows go with its DropTable), so a CreateTable found here names
    /// the table without a schema on one side: the same table when the other side writes the default schema. One in
    /// another schema is a namesake, and its key says nothing about this table's.
    /// </remarks>
    private static IReadOnlyList<string>? KeyColumns(MigrationOperation op, PlanContext context)
    {
        foreach (var earlier in context.Migration.Up.Operations)
        {
            if (earlier.Kind == OperationType.CreateTable && earlier.Table == op.Table
                && TargetModel.SchemasAgree(earlier.Schema, op.Schema)
                && earlier.Constraints.FirstOrDefault(c => c.MethodName == "PrimaryKey") is { } primaryKey)
            {
                return primaryKey.ColumnList().ToList();
            }
        }

        return op.Table is { } table && context.PreviousTable(table, op.Schema) is { PrimaryKey.Count: > 0 } found ? found.PrimaryKey.ToList() : null;
    }

    /// <summary>The runtime helpers of EFCore.SafeMigrations, as its README's inverse table documents them.</summary>
    private static string? InvertHelper(MigrationOperation op, PlanContext context, PlannedCalls inverse)
    {
        switch (op.MethodName)
        {
            case "CopyColumnData" when !op.HasArgument("conversionSql"):
                // Rows written only to the target while it was live go back to the source (it fills only its NULLs).
                return Add(inverse, new CallWriter("CopyColumnData").Copy(op, "table").Copy(op, "toColumn", "fromColumn").Copy(op, "fromColumn", "toColumn").Copy(op, "schema"));
            case "CopyColumnData":
            case "BackfillInBatches":
            case "ValidateConstraint":
                return null; // The inverse of the operation they serve undoes them.
            case "CreateColumnSync":
                return Add(inverse, SameArguments("DropColumnSync", op));
            case "DropColumnSync":
                return Add(inverse, SameArguments("CreateColumnSync", op));
            case "SetNotNullSafely":
                return Add(inverse, SameArguments("DropNotNullSafely", op));
            case "DropNotNullSafely":
                return Add(inverse, SameArguments("SetNotNullSafely", op));
            case "CreateCompatibilityView":
                return Add(inverse, SameArguments("DropCompatibilityView", op));
            case "DropCompatibilityView":
                return Add(inverse, SameArguments("CreateCompatibilityView", op));
            case "ReversibleSql":
                return Add(inverse, new CallWriter("ReversibleSql").Copy(op, "downSql", "upSql").Copy(op, "upSql", "downSql").Copy(op, "suppressTransaction"));
            case "AddForeignKeyNotValid":
                return Add(inverse, new CallWriter("DropForeignKey").Copy(op, "name").Copy(op, "table").Copy(op, "schema"));
            case "AddCheckConstraintNotValid":
                return Add(inverse, new CallWriter("DropCheckConstraint").Copy(op, "name").Copy(op, "table").Copy(op, "schema"));
            case "AddUniqueConstraintUsingIndex":
                return Add(inverse, new CallWriter("DropUniqueConstraintUsingIndex").Copy(op, "name").Copy(op, "table").Copy(op, "schema"));
            case "DropUniqueConstraintUsingIndex":
                return RecreateUniqueConstraint(op, context, inverse, "AddUniqueConstraintUsingIndex");
            case "DropIndexConcurrently":
                return RecreateIndex(op, context, inverse, concurrently: true);
            default:
                return $"'{op.MethodName}' is not a SafeMigrations helper with a known inverse";
        }
    }

    private static CallWriter SameArguments(string method, MigrationOperation op)
    {
        var call = new CallWriter(method);
        foreach (var argument in op.Arguments)
        {
            call.Copy(argument.Name, argument.Value);
        }

        return call;
    }
}
