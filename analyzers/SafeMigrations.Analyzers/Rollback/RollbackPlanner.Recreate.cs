using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using SafeMigrations.Analyzers.Infrastructure;
using SafeMigrations.Analyzers.Model;

namespace SafeMigrations.Analyzers.Rollback;

/// <summary>The inverses of drops: the dropped thing re-created from the model before the migration.</summary>
internal static partial class RollbackPlanner
{
    private const string NoPreviousModel = "its definition is not in the model before this migration (no previous migration with a Designer file)";

    private static string? RecreateTable(MigrationOperation op, PlanContext context, PlannedCalls inverse)
    {
        if (op.Name is not { } name || context.PreviousTable(name, op.Schema) is not { } table)
        {
            return !context.HasPrevious ? NoPreviousModel : $"table '{op.Name}' is not in the model before this migration";
        }

        // Loops, not FirstOrDefault: over the table's arrays it boxed an enumerator for each, for every table re-created.
        foreach (var foreignKey in table.ForeignKeys)
        {
            if (foreignKey.PrincipalTable is null)
            {
                return $"the principal table of foreign key '{foreignKey.Name}' is not in the model";
            }
        }

        foreach (var index in table.Indexes)
        {
            if (index.UnknownOption is not null)
            {
                return UnknownIndexOption(index);
            }
        }

        inverse.Add(new PlannedCall(
            inverse.WritesCode ? CreateTableCode(table, context) : string.Empty,
            inverse.BuildsOperations ? CreateTableOperation(table, context) : null));
        foreach (var index in table.Indexes)
        {
            inverse.Add(CreateIndex(index, table));
        }

        return null;
    }

    private static string CreateTableCode(TableDefinition table, PlanContext context)
    {
        var code = new StringBuilder("migrationBuilder.CreateTable(\n    name: ").Append(CallWriter.Quote(table.Name)).Append(',');
        if (table.Schema is not null)
        {
            code.Append("\n    schema: ").Append(CallWriter.Quote(table.Schema)).Append(',');
        }

        code.Append("\n    columns: table => new\n    {");
        foreach (var column in table.Columns)
        {
            code.Append("\n        ").Append(Identifier(column.Name)).Append(" = table.")
                .Append(ColumnCall(column, table, context).Write().Substring("migrationBuilder.".Length).Replace("\n", "\n        ")).Append(',');
        }

        code.Append("\n    }");
        var constraints = new List<string>();
        if (table.PrimaryKeyName is { } primaryKey && table.PrimaryKey.Count > 0)
        {
            constraints.Add($"table.PrimaryKey({CallWriter.Quote(primaryKey)}, {Selector(table.PrimaryKey)})"
                + (table.IsPrimaryKeyClustered is { } clustered ? $"\n    .Annotation(\"SqlServer:Clustered\", {(clustered ? "true" : "false")})" : string.Empty) + ";");
        }

        foreach (var foreignKey in table.ForeignKeys)
        {
            if (context.IsCreatedWith(foreignKey, table))
            {
                constraints.Add(ForeignKeyCall(foreignKey).Write().Substring("migrationBuilder.".Length).Insert(0, "table.") + ";");
            }
        }

        foreach (var unique in table.UniqueConstraints)
        {
            constraints.Add($"table.UniqueConstraint({CallWriter.Quote(unique.Name)}, {Selector(unique.Columns)});");
        }

        foreach (var check in table.CheckConstraints)
        {
            constraints.Add($"table.CheckConstraint({CallWriter.Quote(check.Name)}, {CallWriter.Quote(check.Sql)});");
        }

        if (constraints.Count > 0)
        {
            code.Append(",\n    constraints: table =>\n    {");
            foreach (var constraint in constraints)
            {
                code.Append("\n        ").Append(constraint.Replace("\n", "\n        "));
            }

            code.Append("\n    }");
        }

        return code.Append(')').ToString();
    }

    /// <summary>What the reader reads from <see cref="CreateTableCode"/>, built without writing it.</summary>
    private static MigrationOperation CreateTableOperation(TableDefinition table, PlanContext context)
    {
        var columns = ImmutableArray.CreateBuilder<TableColumn>(table.Columns.Count);
        foreach (var column in table.Columns)
        {
            columns.Add(ColumnCall(column, table, context).Column(Identifier(column.Name).TrimStart('@')));
        }

        // Sized for what the table has: a builder of its default size made an array of eight, then copied the few it held.
        var hasPrimaryKey = table.PrimaryKeyName is not null && table.PrimaryKey.Count > 0;
        var constraints = ImmutableArray.CreateBuilder<TableConstraint>(
            (hasPrimaryKey ? 1 : 0) + table.ForeignKeys.Count + table.UniqueConstraints.Count + table.CheckConstraints.Count);
        if (hasPrimaryKey)
        {
            var key = Constraint("PrimaryKey", "name", CallWriter.StringLiteral(table.PrimaryKeyName!), "columns", SelectorValue(table.PrimaryKey));
            constraints.Add(ClusteredAs(table) is { } clustered ? key with { Annotations = new CallWriter("PrimaryKey").Annotation("SqlServer:Clustered", clustered).Operation().Annotations } : key);
        }

        foreach (var foreignKey in table.ForeignKeys)
        {
            if (context.IsCreatedWith(foreignKey, table))
            {
                constraints.Add(new TableConstraint("ForeignKey", ForeignKeyCall(foreignKey).Operation().Arguments, EquatableArray<OperationAnnotation>.Empty, default));
            }
        }

        foreach (var unique in table.UniqueConstraints)
        {
            constraints.Add(Constraint("UniqueConstraint", "name", CallWriter.StringLiteral(unique.Name), "columns", SelectorValue(unique.Columns)));
        }

        foreach (var check in table.CheckConstraints)
        {
            constraints.Add(Constraint("CheckConstraint", "name", CallWriter.StringLiteral(check.Name), "sql", CallWriter.StringLiteral(check.Sql)));
        }

        var arguments = ImmutableArray.CreateBuilder<OperationArgument>(table.Schema is null ? 1 : 2);
        arguments.Add(new OperationArgument("name", CallWriter.StringLiteral(table.Name)));
        if (table.Schema is not null)
        {
            arguments.Add(new OperationArgument("schema", CallWriter.StringLiteral(table.Schema)));
        }

        return new MigrationOperation(
            OperationType.CreateTable, "CreateTable", EquatableArray<string>.Empty, arguments.ToEquatableArray(), EquatableArray<OperationAnnotation>.Empty,
            EquatableArray<OperationAnnotation>.Empty, columns.ToEquatableArray(), constraints.ToEquatableArray(), ProviderBranch.None, default);
    }

    /// <summary>One column of a re-created table: <c>table.Column&lt;T&gt;(...)</c> with the column's facets and identity.</summary>
    private static CallWriter ColumnCall(ColumnDefinition column, TableDefinition table, PlanContext context)
    {
        var call = new CallWriter("Column", ClrTypeArgument(column));
        if (Identifier(column.Name) != column.Name)
        {
            call.Literal("name", column.Name);
        }

        ColumnFacets(call, column, placeholderDefault: false);
        AddValueGeneration(call, column, table, context);
        return call;
    }

    /// <summary>A foreign key of a re-created table (its principal table is in the model: checked first).</summary>
    private static CallWriter ForeignKeyCall(ForeignKeyDefinition foreignKey)
    {
        var columns = SelectorValue(foreignKey.Columns);
        var call = new CallWriter("ForeignKey").Literal("name", foreignKey.Name).Arg(foreignKey.Columns.Count == 1 ? "column" : "columns", columns.SourceText, columns);
        return Principal(call, foreignKey);
    }

    /// <summary>
    /// The principal side of a re-created foreign key, as EF writes it in both <c>AddForeignKey</c> and a CreateTable's
    /// <c>table.ForeignKey</c>: table, schema when it has one, column(s), and the delete action. The schema is that of the
    /// key's own principal, read with it: looking the table up by name cost a second search of the Designer per re-created
    /// table, and took the first table of the name when two schemas have one.
    /// </summary>
    private static CallWriter Principal(CallWriter call, ForeignKeyDefinition foreignKey)
    {
        call.Literal("principalTable", foreignKey.PrincipalTable);
        if (foreignKey.PrincipalSchema is { } principalSchema)
        {
            call.Literal("principalSchema", principalSchema);
        }

        return call.Columns("principalColumn", "principalColumns", foreignKey.PrincipalColumns).Arg("onDelete", ReferentialAction(foreignKey.OnDelete));
    }

    /// <summary>A constraint call of the written CreateTable as the reader reads it (column selectors become column names).</summary>
    /// <remarks>Two arguments, every constraint's: a params array of tuples made the array and a builder for each constraint.</remarks>
    private static TableConstraint Constraint(string method, string firstName, ArgumentValue first, string secondName, ArgumentValue second)
    {
        var built = ImmutableArray.CreateBuilder<OperationArgument>(2);
        built.Add(new OperationArgument(firstName, first));
        built.Add(new OperationArgument(secondName, second));
        return new(method, built.ToEquatableArray(), EquatableArray<OperationAnnotation>.Empty, default);
    }

    /// <summary>
    /// What the reader makes of a column selector (<c>x =&gt; x.Id</c>, <c>x =&gt; new { x.A, x.B }</c>), with the selector as its
    /// code: the column it picks, or the array of them. Each column's identifier is made once, for its item and the code.
    /// </summary>
    private static ArgumentValue SelectorValue(EquatableArray<string> columns)
    {
        if (columns.Count == 1)
        {
            return new ArgumentValue(ValueKind.String, columns[0], "x => x." + Identifier(columns[0]), EquatableArray<ArgumentValue>.Empty);
        }

        var items = ImmutableArray.CreateBuilder<ArgumentValue>(columns.Count);
        var code = new StringBuilder("x => new { ");
        for (var i = 0; i < columns.Count; i++)
        {
            var member = "x." + Identifier(columns[i]);
            items.Add(new ArgumentValue(ValueKind.String, columns[i], member, EquatableArray<ArgumentValue>.Empty));
            code.Append(i == 0 ? string.Empty : ", ").Append(member);
        }

        return new ArgumentValue(ValueKind.Array, null, code.Append(" }").ToString(), items.ToEquatableArray());
    }

    private static string Selector(EquatableArray<string> columns) => SelectorValue(columns).SourceText;

    private static string? RecreateColumn(MigrationOperation op, PlanContext context, PlannedCalls inverse)
    {
        if (!TryFindColumn(op, context, out var table, out var column, out var reason))
        {
            return reason;
        }

        var call = new CallWriter("AddColumn", ClrTypeArgument(column)).Literal("name", column.Name).Literal("table", table.Name).Literal("schema", table.Schema);
        var placeholder = ColumnFacets(call, column, placeholderDefault: true);
        if (placeholder is null && !column.IsNullable && column.DefaultValue is null && column.DefaultValueSql is null && column.ComputedColumnSql is null)
        {
            return $"column '{column.Name}' is NOT NULL with no default, and there is no placeholder value for its type '{column.ClrType}' to re-add it to existing rows";
        }

        // With a placeholder, the column keeps it as its default: exactly what EF's own scaffolded AddColumn
        // (and its scaffolded Down) leave behind, so this restores the schema such columns really had. An identity column
        // gets its identity back as EF's Down gives it, which also numbers the existing rows (a surrogate key dropped for a
        // composite one: with the placeholder alone every row got 0, and the restored key failed on the duplicates).
        AddValueGeneration(call, column, table, context);
        inverse.Add(call);
        return null;
    }

    /// <summary>
    /// The column a <c>DropColumnSync</c> of the same Up kept equal to the dropped one (a contract after a rename or
    /// a type change): the dropped column's values live on there. SM3003 asks the same, so it never says a rollback
    /// loses what the generated one copies back.
    /// </summary>
    internal static string? SyncedTwin(MigrationOperation drop, MigrationModel migration)
    {
        foreach (var operation in migration.Up.Operations)
        {
            if (operation is { Kind: OperationType.Extension, MethodName: "DropColumnSync" } && operation.Table == drop.Table && operation.Schema == drop.Schema)
            {
                var oldColumn = operation.StringArgument("oldColumn");
                var newColumn = operation.StringArgument("newColumn");
                if (oldColumn == drop.Name && newColumn is not null)
                {
                    return newColumn;
                }

                if (newColumn == drop.Name && oldColumn is not null)
                {
                    return oldColumn;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Re-adds a dropped column whose twin kept its values: nullable first, the values copied back from the twin,
    /// then NOT NULL again if it had it, so a rollback through a contract loses no value (the plain re-add would
    /// fill every row with EF's placeholder).
    /// </summary>
    private static string? RecreateSyncedColumn(MigrationOperation op, string twin, PlanContext context, PlannedCalls inverse)
    {
        if (!TryFindColumn(op, context, out var table, out var column, out var reason))
        {
            return reason;
        }

        if (column.DefaultValue is not null || column.DefaultValueSql is not null)
        {
            return $"column '{column.Name}' has a default, which re-adding it nullable to copy its values back would lose";
        }

        inverse.AddCode(ColumnCalls.Add(table, column, nullable: true).TrimEnd(';'));
        inverse.Add(new CallWriter("CopyColumnData").Literal("table", table.Name).Literal("fromColumn", twin).Literal("toColumn", column.Name).Literal("schema", table.Schema));
        if (!column.IsNullable)
        {
            inverse.Add(new CallWriter("SetNotNullSafely").Literal("table", table.Name).Literal("column", column.Name).Literal("schema", table.Schema)
                .Literal("columnType", context.Provider == DatabaseProvider.SqlServer ? column.StoreType : null));
        }

        return null;
    }

    private static string? RecreateIndex(MigrationOperation op, PlanContext context, PlannedCalls inverse, bool concurrently)
    {
        if (!context.HasPrevious)
        {
            return NoPreviousModel;
        }

        // With the table named, only the tables of that name are read. An index name is unique per schema only (EF names
        // the index of a table the same in every schema), so the tables of the operation's schema come first.
        foreach (var table in TargetModel.PreferringSchema(op.Table is not null ? context.PreviousTablesNamedForIndexes(op.Table) : context.Previous!.Tables, t => t.Schema, op.Schema))
        {
            foreach (var index in table.Indexes)
            {
                if (index.Name == op.Name)
                {
                    if (index.UnknownOption is not null)
                    {
                        return UnknownIndexOption(index);
                    }

                    var call = CreateIndex(index, table);
                    if (concurrently && context.Provider == DatabaseProvider.PostgreSql && !index.Options.Any(o => o.Name == "Npgsql:CreatedConcurrently"))
                    {
                        call.Annotation("Npgsql:CreatedConcurrently", "true");
                    }

                    inverse.Add(call);
                    return null;
                }
            }
        }

        return $"index '{op.Name}' is not in the model before this migration";
    }

    private static string? RecreatePrimaryKey(MigrationOperation op, PlanContext context, PlannedCalls inverse)
    {
        if (!TryFindTable(op, context, out var table, out var reason))
        {
            return reason;
        }

        if (table.PrimaryKeyName != op.Name || table.PrimaryKey.Count == 0)
        {
            return $"primary key '{op.Name}' is not in the model before this migration";
        }

        var call = new CallWriter("AddPrimaryKey").Literal("name", table.PrimaryKeyName).Literal("table", table.Name).Literal("schema", table.Schema)
            .Columns("column", "columns", table.PrimaryKey);
        return Add(inverse, ClusteredAs(table) is { } clustered ? call.Annotation("SqlServer:Clustered", clustered) : call);
    }

    /// <summary>SQL Server's <c>SqlServer:Clustered</c> annotation of the primary key as code, when the Designer sets it (a GUID key is often nonclustered).</summary>
    private static string? ClusteredAs(TableDefinition table) => table.IsPrimaryKeyClustered is { } clustered ? (clustered ? "true" : "false") : null;

    private static string? RecreateForeignKey(MigrationOperation op, PlanContext context, PlannedCalls inverse)
    {
        if (!TryFindTable(op, context, out var table, out var reason))
        {
            return reason;
        }

        var foreignKey = table.ForeignKey(op.Name);
        if (foreignKey?.PrincipalTable is null)
        {
            return $"foreign key '{op.Name}' is not in the model before this migration";
        }

        var call = new CallWriter("AddForeignKey").Literal("name", foreignKey.Name).Literal("table", table.Name).Literal("schema", table.Schema)
            .Columns("column", "columns", foreignKey.Columns);
        return Add(inverse, Principal(call, foreignKey));
    }

    /// <param name="method">EF's <c>AddUniqueConstraint</c>, or the helper that builds its index first (the inverse of <c>DropUniqueConstraintUsingIndex</c>).</param>
    private static string? RecreateUniqueConstraint(MigrationOperation op, PlanContext context, PlannedCalls inverse, string method = "AddUniqueConstraint")
    {
        if (!TryFindTable(op, context, out var table, out var reason))
        {
            return reason;
        }

        var unique = table.UniqueConstraint(op.Name);
        return unique is null
            ? $"unique constraint '{op.Name}' is not in the model before this migration"
            : Add(inverse, new CallWriter(method).Literal("name", unique.Name).Literal("table", table.Name).Literal("schema", table.Schema)
                .Columns("column", "columns", unique.Columns));
    }

    private static string? RecreateCheckConstraint(MigrationOperation op, PlanContext context, PlannedCalls inverse)
    {
        if (!TryFindTable(op, context, out var table, out var reason))
        {
            return reason;
        }

        var check = table.CheckConstraint(op.Name);
        return check is null
            ? $"check constraint '{op.Name}' is not in the model before this migration"
            : Add(inverse, new CallWriter("AddCheckConstraint").Literal("name", check.Name).Literal("table", table.Name).Literal("schema", table.Schema).Literal("sql", check.Sql));
    }

    /// <summary>A dropped sequence, created again as the model before the migration declares it (EF's own Down writes the same).</summary>
    private static string? RecreateSequence(MigrationOperation op, PlanContext context, PlannedCalls inverse)
    {
        if (!context.HasPrevious)
        {
            return NoPreviousModel;
        }

        if (op.Name is not { } name || context.PreviousSequence(name, op.Schema) is not { } sequence)
        {
            return $"sequence '{op.Name}' is not in the model before this migration";
        }

        var call = new CallWriter("CreateSequence", sequence.ClrType).Literal("name", sequence.Name).Literal("schema", sequence.Schema)
            .Arg("startValue", sequence.StartValue).Arg("incrementBy", sequence.IncrementBy).Arg("minValue", sequence.MinValue).Arg("maxValue", sequence.MaxValue);
        return Add(inverse, sequence.Cyclic ? call.Literal("cyclic", true) : call);
    }

    private static bool TryFindTable(MigrationOperation op, PlanContext context, out TableDefinition table, out string? reason)
    {
        table = null!;
        if (!context.HasPrevious)
        {
            reason = NoPreviousModel;
            return false;
        }

        if (op.Table is not { } name || context.PreviousTable(name, op.Schema) is not { } found)
        {
            reason = $"table '{op.Table}' is not in the model before this migration";
            return false;
        }

        table = found;
        reason = null;
        return true;
    }

    private static bool TryFindColumn(MigrationOperation op, PlanContext context, out TableDefinition table, out ColumnDefinition column, out string? reason)
    {
        column = null!;
        if (!TryFindTable(op, context, out table, out reason))
        {
            return false;
        }

        if (op.Name is not { } name || table.Column(name) is not { } found)
        {
            reason = $"column '{op.Table}.{op.Name}' is not in the model before this migration";
            return false;
        }

        column = found;
        return true;
    }

    private static CallWriter CreateIndex(IndexDefinition index, TableDefinition table)
    {
        var call = new CallWriter("CreateIndex").Literal("name", index.Name).Literal("table", table.Name).Literal("schema", table.Schema)
            .Columns("column", "columns", index.Columns);
        if (index.IsUnique)
        {
            call.Literal("unique", true);
        }

        if (index.Descending is { } descending)
        {
            // As EF writes it: an empty array for every column descending.
            call.Arg("descending", descending.Count == 0 ? "new bool[0]" : "new[] { " + string.Join(", ", descending.Select(d => d ? "true" : "false")) + " }");
        }

        call.Literal("filter", index.Filter);
        foreach (var option in index.Options)
        {
            call.Annotation(option.Name, option.Code);
        }

        return call;
    }

    private static string UnknownIndexOption(IndexDefinition index) =>
        $"index '{index.Name}' has a provider option ('{index.UnknownOption}') the generator does not know, and would come back without it";

    /// <summary>Writes the column's facets; returns the placeholder default it used to fill existing rows, if any.</summary>
    internal static string? ColumnFacets(CallWriter call, ColumnDefinition column, bool placeholderDefault)
    {
        call.Literal("type", column.StoreType);
        if (column.IsUnicode is false)
        {
            call.Literal("unicode", false);
        }

        call.Literal("maxLength", column.MaxLength);
        if (column.IsFixedLength)
        {
            call.Literal("fixedLength", true);
        }

        call.Literal("precision", column.Precision).Literal("scale", column.Scale).Literal("nullable", column.IsNullable);
        string? placeholder = null;
        if (column.DefaultValue is not null)
        {
            call.Arg("defaultValue", column.DefaultValue);
        }
        else if (column.DefaultValueSql is not null)
        {
            call.Literal("defaultValueSql", column.DefaultValueSql);
        }
        else if (placeholderDefault && !column.IsNullable && column.ComputedColumnSql is null)
        {
            placeholder = Placeholder(column.ClrType);
            call.Arg("defaultValue", placeholder);
        }

        call.Literal("computedColumnSql", column.ComputedColumnSql);
        if (column.ComputedColumnSql is not null && column.IsStored is { } stored)
        {
            call.Literal("stored", stored);
        }

        return placeholder;
    }

    /// <summary>The identity annotation EF's own scaffolder writes for the column, per provider.</summary>
    /// <param name="context">Its provider is asked last, and only for SQLite's case: it is the Designer's provider hint, which may need
    /// the whole model read. The context itself, not a delegate over it: that was a closure and a delegate for every column planned.</param>
    private static void AddValueGeneration(CallWriter call, ColumnDefinition column, TableDefinition table, PlanContext context)
    {
        switch (column.ValueGeneration)
        {
            case ValueGeneration.NpgsqlIdentityByDefault:
                call.Annotation("Npgsql:ValueGenerationStrategy", "Npgsql.EntityFrameworkCore.PostgreSQL.Metadata.NpgsqlValueGenerationStrategy.IdentityByDefaultColumn");
                break;
            case ValueGeneration.NpgsqlIdentityAlways:
                call.Annotation("Npgsql:ValueGenerationStrategy", "Npgsql.EntityFrameworkCore.PostgreSQL.Metadata.NpgsqlValueGenerationStrategy.IdentityAlwaysColumn");
                break;
            case ValueGeneration.NpgsqlSerial:
                call.Annotation("Npgsql:ValueGenerationStrategy", "Npgsql.EntityFrameworkCore.PostgreSQL.Metadata.NpgsqlValueGenerationStrategy.SerialColumn");
                break;
            case ValueGeneration.SqlServerIdentity:
                call.Annotation("SqlServer:Identity", CallWriter.Quote(column.IdentitySeedIncrement ?? "1, 1"));
                break;
            case ValueGeneration.OnAdd when table.PrimaryKey.Count == 1 && table.PrimaryKey[0] == column.Name && column.ClrType.TrimEnd('?') is "int" or "long" && context.Provider == DatabaseProvider.Sqlite:
                call.Annotation("Sqlite:Autoincrement", "true");
                break;
        }
    }

    internal static string? ClrTypeArgument(ColumnDefinition column) => column.ClrType.TrimEnd('?');

    private static string? Placeholder(string clrType) => clrType.TrimEnd('?') switch
    {
        "string" => "\"\"",
        "int" or "short" or "byte" or "sbyte" or "uint" or "ushort" => "0",
        "long" => "0L",
        "ulong" => "0ul",
        "decimal" => "0m",
        "double" => "0.0",
        "float" => "0f",
        "bool" => "false",
        "char" => "'\\0'",
        "DateTime" => "new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified)",
        "DateTimeOffset" => "new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0))",
        "TimeSpan" => "new TimeSpan(0, 0, 0, 0, 0)",
        "Guid" => "new Guid(\"00000000-0000-0000-0000-000000000000\")",
        "DateOnly" => "new DateOnly(1, 1, 1)",
        "TimeOnly" => "new TimeOnly(0, 0, 0)",
        "byte[]" => "new byte[0]",
        _ => null,
    };

    /// <summary>EF's mapping of the Designer's DeleteBehavior to the ReferentialAction of the database constraint.</summary>
    internal static string? ReferentialAction(string? deleteBehavior) => (deleteBehavior is null ? null : DottedName.LastPart(deleteBehavior)) switch
    {
        "Cascade" => "ReferentialAction.Cascade",
        "SetNull" => "ReferentialAction.SetNull",
        "Restrict" => "ReferentialAction.Restrict",
        _ => null,
    };

    /// <summary>The anonymous-type property for a column: its name when that is a C# identifier, otherwise a cleaned-up one.</summary>
    /// <remarks>A name that needs no character replaced (nearly all) is used as it is, without a builder and a copy.</remarks>
    private static string Identifier(string name)
    {
        var identifier = IsIdentifierText(name) ? name : Cleaned(name);
        return Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(identifier) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None ? "@" + identifier : identifier;
    }

    /// <summary>Letters, digits and underscores, not starting with a digit: what <see cref="Cleaned"/> would give back unchanged.</summary>
    private static bool IsIdentifierText(string name)
    {
        if (name.Length == 0 || char.IsDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!IsIdentifierChar(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The name with every other character an underscore, and an underscore before a leading digit (or for an empty name).</summary>
    private static string Cleaned(string name)
    {
        var builder = new StringBuilder(name.Length + 1);
        foreach (var c in name)
        {
            builder.Append(IsIdentifierChar(c) ? c : '_');
        }

        if (builder.Length == 0 || char.IsDigit(builder[0]))
        {
            builder.Insert(0, '_');
        }

        return builder.ToString();
    }

    private static bool IsIdentifierChar(char c) => char.IsLetterOrDigit(c) || c == '_';
}
