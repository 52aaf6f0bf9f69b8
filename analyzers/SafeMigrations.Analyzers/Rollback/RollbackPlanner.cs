using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SafeMigrations.Analyzers.Context;
using SafeMigrations.Analyzers.Infrastructure;
using SafeMigrations.Analyzers.Model;

namespace SafeMigrations.Analyzers.Rollback;

/// <summary>
/// Derives <c>Down</c> from <c>Up</c>: the inverse of each operation, in reverse order. Creates become
/// drops, renames swap, alters swap their <c>old*</c> arguments, and drops get their definition back from
/// the model before the migration (the previous migration's Designer). Anything it cannot invert is a
/// <see cref="RollbackProblem"/>, and then no <c>Down</c> is generated at all.
/// </summary>
internal static partial class RollbackPlanner
{
    public static RollbackPlan Plan(MigrationModel migration, TargetModel? previous) => Plan(migration, ModelBefore.Of(previous));

    /// <summary>
    /// The plan, asking for the model before the migration only when an operation needs it to be inverted (a
    /// dropped table, column, index or key, a data change): most operations are inverted from Up alone, and
    /// reading a Designer costs a walk over the whole model.
    /// </summary>
    /// <param name="output">Code for a Down that will be written (the generator, the fixes); operations for SM3002's comparison.</param>
    public static RollbackPlan Plan(MigrationModel migration, ModelBefore previous, PlanOutput output = PlanOutput.Code)
    {
        // Most operations have one inverse: a builder of Up's size is usually filled exactly and handed over without a copy.
        var statements = ImmutableArray.CreateBuilder<RollbackStatement>(migration.Up.Operations.Count);
        ImmutableArray<RollbackProblem>.Builder? problems = null;
        var context = new PlanContext(migration, previous);
        var operations = migration.Up.Operations;

        // An index renamed on a table this Up renamed is renamed back after the table is, on the old table name, as EF's
        // own Down does: EF's SQLite provider rebuilds the index from the model before the migration, where the table
        // still has its old name, and throws for the strict reverse order. Made by the first such index: nearly always none.
        List<(MigrationOperation Rename, RollbackStatement Statement)>? deferred = null;

        // One list of inverse calls for the whole plan, emptied for each operation.
        var inverse = new PlannedCalls(output);
        for (var i = operations.Count - 1; i >= 0; i--)
        {
            var operation = operations[i];
            inverse.Clear();
            var tableRename = operation.Kind == OperationType.RenameIndex ? TableRenameOf(operation, operations, i) : null;
            var reason = tableRename is null ? Invert(operation, context, inverse) : Invert(WithTable(operation, tableRename.Name!), context, inverse);
            if (reason is not null)
            {
                (problems ??= ImmutableArray.CreateBuilder<RollbackProblem>()).Add(new RollbackProblem(operation.Describe(), reason, operation.Span));
                continue;
            }

            foreach (var call in inverse)
            {
                if (tableRename is not null)
                {
                    (deferred ??= new()).Add((tableRename, new RollbackStatement(call.Code, operation.Branch, call.Operation)));
                    continue;
                }

                statements.Add(new RollbackStatement(call.Code, operation.Branch, call.Operation));
            }

            // The table rename just inverted: the index renames waiting for it come right after. A loop, not LINQ: this runs
            // for every operation of every migration, and the list is nearly always empty.
            for (var d = 0; deferred is not null && d < deferred.Count;)
            {
                if (ReferenceEquals(deferred[d].Rename, operation))
                {
                    statements.Add(deferred[d].Statement);
                    deferred.RemoveAt(d);
                }
                else
                {
                    d++;
                }
            }
        }

        // A renamed index whose table rename could not be planned still gets its inverse, last.
        if (deferred is not null)
        {
            foreach (var (_, statement) in deferred)
            {
                statements.Add(statement);
            }
        }

        if (problems is null)
        {
            return new RollbackPlan(statements.ToEquatableArray(), EquatableArray<RollbackProblem>.Empty);
        }

        problems.Reverse();
        return new RollbackPlan(statements.ToEquatableArray(), problems.ToEquatableArray());
    }

    /// <summary>The RenameTable before <paramref name="renameIndex"/> in Up that gave its table the name it uses.</summary>
    private static MigrationOperation? TableRenameOf(MigrationOperation renameIndex, EquatableArray<MigrationOperation> operations, int index)
    {
        for (var i = index - 1; i >= 0; i--)
        {
            if (operations[i] is { Kind: OperationType.RenameTable, Name: not null } rename
                && !rename.HasArgument("newSchema")
                && rename.NewName == renameIndex.Table
                && rename.Schema == renameIndex.Schema)
            {
                return rename;
            }
        }

        return null;
    }

    private static MigrationOperation WithTable(MigrationOperation operation, string table) =>
        operation with
        {
            Arguments = operation.Arguments.Select(a => a.Name == "table" ? a with { Value = new ArgumentValue(ValueKind.String, table, CallWriter.Quote(table), EquatableArray<ArgumentValue>.Empty) } : a).ToEquatableArray(),
        };

    private sealed class PlanContext
    {
        private readonly ModelBefore previous;

        public PlanContext(MigrationModel migration, ModelBefore previous)
        {
            Migration = migration;
            this.previous = previous;
        }

        public MigrationModel Migration { get; }

        /// <summary>The whole model before the migration, read on first use.</summary>
        public TargetModel? Previous => previous.Model;

        /// <summary>Whether there is a model before the migration, without reading it.</summary>
        public bool HasPrevious => previous.Exists;

        /// <summary><c>Previous?.Table(name, schema)</c>, reading only what makes that table.</summary>
        public TableDefinition? PreviousTable(string name, string? schema = null) => previous.Table(name, schema);

        /// <summary><c>Previous.Tables</c> named <paramref name="name"/>, in order, for their indexes (the rest of a table may be missing).</summary>
        public IReadOnlyList<TableDefinition> PreviousTablesNamedForIndexes(string name) => previous.TablesNamedForIndexes(name);

        public SequenceDefinition? PreviousSequence(string name, string? schema) => previous.Sequence(name, schema);

        public DatabaseProvider Provider => Previous?.ProviderHint ?? DatabaseProvider.Unknown;

        /// <summary>
        /// Whether a foreign key of a table is re-created with it: one Up drops with a DropForeignKey of its own is left out,
        /// as its inverse adds it once every table is back. That is how EF breaks a cycle (two tables with keys onto
        /// each other, dropped together), and a CreateTable holding such a key would name a table that is not there yet.
        /// </summary>
        /// <remarks>A loop, not <c>Where</c> and <c>Any</c>: they made a closure, an iterator and boxed enumerators for every table re-created.</remarks>
        public bool IsCreatedWith(ForeignKeyDefinition key, TableDefinition table)
        {
            foreach (var operation in Migration.Up.Operations)
            {
                if (operation is { Kind: OperationType.DropForeignKey } && operation.Name == key.Name && operation.Table == table.Name
                    && TargetModel.SchemasAgree(operation.Schema, table.Schema))
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>Appends the inverse statements to <paramref name="inverse"/>; returns why it cannot, or null.</summary>
    private static string? Invert(MigrationOperation op, PlanContext context, PlannedCalls inverse)
    {
        // Loops, not Any: over the operation's arrays Any boxed an enumerator for every operation planned.
        foreach (var argument in op.Arguments)
        {
            if (argument.Name.StartsWith("#", StringComparison.Ordinal))
            {
                return "its arguments could not be matched to parameters";
            }
        }

        if (op.Branch.IsOpaque)
        {
            // Down would have to repeat the condition, and only provider checks can be read and written back.
            return "it runs under a condition that is not a provider check (ActiveProvider == \"...\" or IsNpgsql()), which Down cannot repeat";
        }

        if (LocalNamedBy(op, context.Migration.Up.Locals) is { } local)
        {
            return $"its arguments use '{local}', a local of Up, which Down cannot see";
        }

        switch (op.Kind)
        {
            case OperationType.CreateTable:
                return Add(inverse, new CallWriter("DropTable").Copy(op, "name").Copy(op, "schema"));
            case OperationType.AddColumn:
                return Add(inverse, new CallWriter("DropColumn").Copy(op, "name").Copy(op, "table").Copy(op, "schema"));
            case OperationType.CreateIndex:
                return Add(inverse, new CallWriter("DropIndex").Copy(op, "name").Copy(op, "table").Copy(op, "schema"));
            case OperationType.AddPrimaryKey:
                return Add(inverse, new CallWriter("DropPrimaryKey").Copy(op, "name").Copy(op, "table").Copy(op, "schema"));
            case OperationType.AddUniqueConstraint:
                return Add(inverse, new CallWriter("DropUniqueConstraint").Copy(op, "name").Copy(op, "table").Copy(op, "schema"));
            case OperationType.AddCheckConstraint:
                return Add(inverse, new CallWriter("DropCheckConstraint").Copy(op, "name").Copy(op, "table").Copy(op, "schema"));
            case OperationType.AddForeignKey:
                return Add(inverse, new CallWriter("DropForeignKey").Copy(op, "name").Copy(op, "table").Copy(op, "schema"));
            case OperationType.EnsureSchema:
                // Nothing, as in EF's own Down: the schema may have been there before (EnsureSchema creates it only if
                // missing) and may hold other tables, which DROP SCHEMA would refuse or, with CASCADE, destroy.
                return null;
            case OperationType.DropSchema:
                return Add(inverse, new CallWriter("EnsureSchema").Copy(op, "name"));
            case OperationType.CreateSequence:
                return Add(inverse, new CallWriter("DropSequence").Copy(op, "name").Copy(op, "schema"));
            case OperationType.RenameTable:
            case OperationType.RenameSequence:
                // EF reads a missing (or null) newSchema as "unchanged": a move out of the default schema has no inverse EF
                // can write without the default schema's name, which depends on the database and the connection.
                if (!op.HasArgument("schema") && op.StringArgument("newSchema") is { Length: > 0 } moved)
                {
                    return $"it moves '{op.Name}' out of the default schema into '{moved}', and EF moves a table back only to a schema it is given by name (newSchema: null changes nothing); name the default schema as newSchema (\"public\" on PostgreSQL, \"dbo\" on SQL Server)";
                }

                return Add(inverse, new CallWriter(op.MethodName)
                    .Copy(op, "newName", "name")
                    .Arg("schema", (op.Argument("newSchema") ?? op.Argument("schema"))?.SourceText)
                    .Copy(op, "name", "newName")
                    .Arg("newSchema", op.HasArgument("newSchema") ? op.Argument("schema")?.SourceText ?? "null" : null));
            case OperationType.RenameColumn:
                return Add(inverse, new CallWriter("RenameColumn").Copy(op, "newName", "name").Copy(op, "table").Copy(op, "name", "newName").Copy(op, "schema"));
            case OperationType.RenameIndex:
                return Add(inverse, new CallWriter("RenameIndex").Copy(op, "newName", "name").Copy(op, "name", "newName").Copy(op, "table").Copy(op, "schema"));
            case OperationType.AlterColumn:
                return InvertAlterColumn(op, context, inverse);
            case OperationType.AlterDatabase when !context.HasPrevious:
                // As EF's own Down of a history's first migration: it drops the tables and leaves the database's extensions
                // and collations, which may serve more than this model (bitwarden's Init); it has no model to go back to.
                return null;
            case OperationType.AlterTable:
            case OperationType.AlterSequence:
            case OperationType.AlterDatabase:
                return InvertAlter(op, inverse);
            case OperationType.DropTable:
                return RecreateTable(op, context, inverse);
            case OperationType.DropColumn when SyncedTwin(op, context.Migration) is { } twin:
                return RecreateSyncedColumn(op, twin, context, inverse);
            case OperationType.DropColumn:
                return RecreateColumn(op, context, inverse);
            case OperationType.DropIndex:
                return RecreateIndex(op, context, inverse, concurrently: false);
            case OperationType.DropPrimaryKey:
                return RecreatePrimaryKey(op, context, inverse);
            case OperationType.DropForeignKey:
                return RecreateForeignKey(op, context, inverse);
            case OperationType.DropCheckConstraint:
                return RecreateCheckConstraint(op, context, inverse);
            case OperationType.InsertData:
                return InvertInsertData(op, context, inverse);
            case OperationType.Extension:
                return InvertHelper(op, context, inverse);
            case OperationType.Sql:
                return "raw SQL has no known reverse; use migrationBuilder.ReversibleSql(up, down) instead";
            case OperationType.DropUniqueConstraint:
                return RecreateUniqueConstraint(op, context, inverse);
            case OperationType.DropSequence:
                return RecreateSequence(op, context, inverse);
            case OperationType.RestartSequence:
                return "the model before the migration does not record the sequence's previous value";
            case OperationType.UpdateData:
            case OperationType.DeleteData:
                return "the previous values of the rows are not known";
            default:
                return $"the analyzer cannot see what '{op.MethodName}' does";
        }
    }

    /// <summary>A local of Up that an argument or annotation of <paramref name="op"/> names, or null: its inverse copies their source text.</summary>
    private static string? LocalNamedBy(MigrationOperation op, EquatableArray<string> locals)
    {
        if (locals.IsEmpty)
        {
            return null;
        }

        foreach (var argument in op.Arguments)
        {
            if (LocalNamedBy(argument.Value, locals) is { } local)
            {
                return local;
            }
        }

        foreach (var annotation in op.Annotations.Concat(op.OldAnnotations))
        {
            if (LocalNamedBy(annotation.Value, locals) is { } local)
            {
                return local;
            }
        }

        return null;
    }

    private static string? LocalNamedBy(ArgumentValue value, EquatableArray<string> locals)
    {
        if (value.Kind == ValueKind.NonConstant)
        {
            foreach (var identifier in Identifiers(value.SourceText))
            {
                if (locals.AsImmutableArray().Contains(identifier))
                {
                    return identifier;
                }
            }
        }

        foreach (var item in value.Items)
        {
            if (LocalNamedBy(item, locals) is { } local)
            {
                return local;
            }
        }

        return null;
    }

    /// <summary>
    /// The names an expression's text reads as simple names (<c>table</c>, <c>Shard&lt;int&gt;</c>, those in an
    /// interpolated string's holes): not a member's name after a dot or <c>?.</c>, nor a parameter of a lambda around it.
    /// </summary>
    private static IEnumerable<string> Identifiers(string code)
    {
        foreach (var name in SyntaxFactory.ParseExpression(code).DescendantNodesAndSelf().OfType<SimpleNameSyntax>())
        {
            var text = name.Identifier.ValueText;
            if (name.Parent is MemberAccessExpressionSyntax access && access.Name == name
                || name.Parent is MemberBindingExpressionSyntax
                || name.Ancestors().OfType<LambdaExpressionSyntax>().Any(lambda => DeclaresParameter(lambda, text)))
            {
                continue;
            }

            yield return text;
        }
    }

    private static bool DeclaresParameter(LambdaExpressionSyntax lambda, string name) => lambda switch
    {
        SimpleLambdaExpressionSyntax simple => simple.Parameter.Identifier.ValueText == name,
        ParenthesizedLambdaExpressionSyntax parenthesized => parenthesized.ParameterList.Parameters.Any(p => p.Identifier.ValueText == name),
        _ => false,
    };

    private static string? Add(PlannedCalls inverse, CallWriter call)
    {
        inverse.Add(call);
        return null;
    }


    /// <summary>AlterColumn&lt;T&gt;: the old* arguments become the new ones and back; the old CLR type becomes T.</summary>
    private static string? InvertAlterColumn(MigrationOperation op, PlanContext context, PlannedCalls inverse)
    {
        var newType = op.TypeArguments.Count == 1 ? op.TypeArguments[0] : null;
        var oldType = op.Argument("oldClrType") is { Kind: ValueKind.Type, Constant: { } type } ? type : newType;
        if (newType is null || oldType is null)
        {
            return "its column type is not written as a type argument";
        }

        // EF's scaffolder always writes the old definition (oldType at least); a hand-written call that writes none leaves
        // EF to assume a NOT NULL column of the CLR type's default store type, so swapping would alter it into that.
        if (op.OldAnnotations.IsEmpty && !WritesOldDefinition(op))
        {
            return RestoreFromModelBefore(op, newType, context, inverse);
        }

        var call = new CallWriter("AlterColumn", oldType).Copy(op, "name").Copy(op, "table").Copy(op, "schema");
        SwapOldArguments(op, call, exclude: CopiedOrWrittenApart);
        if (!string.Equals(oldType, newType, StringComparison.Ordinal))
        {
            call.Arg("oldClrType", "typeof(" + newType + ")");
        }

        SwapAnnotations(op, call);
        inverse.Add(call);
        return null;
    }

    // The arguments of an AlterColumn's inverse that are not swapped with their old twins: copied as they are, or written apart.
    private static readonly string[] CopiedOrWrittenApart = { "name", "table", "schema", "oldClrType" };

    // The same for AlterTable, AlterSequence and AlterDatabase.
    private static readonly string[] CopiedApart = { "name", "schema" };

    /// <summary>Whether the call writes an old argument besides <c>oldClrType</c> (a loop: every AlterColumn of Up asks).</summary>
    private static bool WritesOldDefinition(MigrationOperation op)
    {
        foreach (var argument in op.Arguments)
        {
            if (IsOldArgument(argument.Name) && argument.Name != "oldClrType")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The inverse of an AlterColumn that does not say what the column was: the column as the model before the migration has it.</summary>
    private static string? RestoreFromModelBefore(MigrationOperation op, string newType, PlanContext context, PlannedCalls inverse)
    {
        if (op.Name is not { } name || op.Table is not { } table || context.PreviousTable(table, op.Schema)?.Column(name) is not { } before
            || ClrTypeArgument(before) is not { } type)
        {
            return $"it does not write the column's old definition (oldType, oldNullable...), and the model before the migration has no column '{op.Name}' in '{op.Table}' to take it from";
        }

        var call = new CallWriter("AlterColumn", type).Copy(op, "name").Copy(op, "table").Copy(op, "schema");
        ColumnFacets(call, before, placeholderDefault: false);
        if (!string.Equals(type, newType, StringComparison.Ordinal))
        {
            call.Arg("oldClrType", "typeof(" + newType + ")");
        }

        foreach (var argument in op.Arguments)
        {
            // oldClrType is the model's type, written above when it differs.
            if (argument.Name is not ("name" or "table" or "schema" or "oldClrType"))
            {
                call.Copy(OldArgument(argument.Name), argument.Value);
            }
        }

        foreach (var annotation in op.Annotations)
        {
            call.Annotation(annotation, old: true);
        }

        inverse.Add(call);
        return null;
    }

    private static bool IsOldArgument(string name) => name.StartsWith("old", StringComparison.Ordinal) && name.Length > 3 && char.IsUpper(name[3]);

    /// <summary>The old* twin of an argument of EF's AlterColumn and the like: <c>nullable</c> → <c>oldNullable</c>.</summary>
    internal static string OldArgument(string name) => "old" + char.ToUpperInvariant(name[0]) + name.Substring(1);

    /// <summary>AlterTable, AlterSequence and AlterDatabase: swap each argument with its old* twin, and the annotations.</summary>
    private static string? InvertAlter(MigrationOperation op, PlannedCalls inverse)
    {
        var call = new CallWriter(op.MethodName, op.TypeArguments.Count == 1 ? op.TypeArguments[0] : null).Copy(op, "name").Copy(op, "schema");
        SwapOldArguments(op, call, exclude: CopiedApart);
        SwapAnnotations(op, call);
        inverse.Add(call);
        return null;
    }

    /// <remarks>
    /// Two passes in the call's order, the old* arguments first, as EF lays the call out (a stable sort with the old* first
    /// gave the same, with a set of the excluded names and LINQ's sort buffers for every AlterColumn).
    /// </remarks>
    private static void SwapOldArguments(MigrationOperation op, CallWriter call, string[] exclude)
    {
        SwapOldArguments(op, call, exclude, oldOnes: true);
        SwapOldArguments(op, call, exclude, oldOnes: false);
    }

    private static void SwapOldArguments(MigrationOperation op, CallWriter call, string[] exclude, bool oldOnes)
    {
        foreach (var argument in op.Arguments)
        {
            if (argument.Name.StartsWith("old", StringComparison.Ordinal) != oldOnes || Array.IndexOf(exclude, argument.Name) >= 0)
            {
                continue;
            }

            var isOld = IsOldArgument(argument.Name);
            var twin = isOld ? char.ToLowerInvariant(argument.Name[3]) + argument.Name.Substring(4) : OldArgument(argument.Name);

            // An argument left out has its default, and each twin has the same default (null or false), so swapping the written ones is enough.
            call.Copy(twin, argument.Value);
        }
    }

    private static void SwapAnnotations(MigrationOperation op, CallWriter call)
    {
        foreach (var annotation in op.OldAnnotations)
        {
            call.Annotation(annotation, old: false);
        }

        foreach (var annotation in op.Annotations)
        {
            call.Annotation(annotation, old: true);
        }
    }
}
