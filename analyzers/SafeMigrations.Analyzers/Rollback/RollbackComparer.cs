using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SafeMigrations.Analyzers.Infrastructure;
using SafeMigrations.Analyzers.Model;
using SafeMigrations.Analyzers.Reading;

namespace SafeMigrations.Analyzers.Rollback;

/// <summary>A difference between a hand-written Down and the inverse of Up (SM3002).</summary>
internal sealed record RollbackMismatch(string Message, SourceSpan? Span);

/// <summary>
/// Compares a hand-written <c>Down</c> with the planner's inverse of <c>Up</c>, as sets: the database does
/// not care in which order independent steps run. It tolerates what EF's own scaffolder does differently:
/// no separate drops of indexes, keys or seed rows of a table that <c>Down</c> drops anyway, and seed rows
/// deleted one call per row.
/// </summary>
internal static class RollbackComparer
{
    /// <param name="readSql">Reads a <c>Sql(...)</c> of Down into the typed operations its SQL stands for, or null when it
    /// cannot: a hand-written <c>Sql("ALTER TABLE ... DROP COLUMN ...")</c> is then the inverse of an AddColumn.</param>
    /// <param name="provider">The database the migration runs on: what EF turns into no SQL there is no step of either side.</param>
    public static IReadOnlyList<RollbackMismatch> Compare(
        MigrationModel migration,
        RollbackPlan plan,
        CancellationToken cancellationToken,
        Func<MigrationOperation, IReadOnlyList<MigrationOperation>?>? readSql = null,
        DatabaseProvider provider = DatabaseProvider.Unknown)
    {
        // Every migration with a Down comes through here: plain loops, and no collection that its Up and Down do not need.
        var actual = new List<MigrationOperation>(migration.Down.Operations.Count);
        foreach (var operation in migration.Down.Operations)
        {
            if (operation.Kind == OperationType.Sql && readSql?.Invoke(operation) is { Count: > 0 } read)
            {
                // A loop: a lambda over the provider made its closure on every call, Sql in Down or not.
                for (var i = 0; i < read.Count; i++)
                {
                    if (!read[i].EmitsNoSqlOn(provider))
                    {
                        actual.Add(read[i]);
                    }
                }
            }
            else if (!operation.EmitsNoSqlOn(provider))
            {
                actual.Add(operation);
            }
        }

        foreach (var operation in actual)
        {
            if (operation.Kind == OperationType.Unknown)
            {
                return Array.Empty<RollbackMismatch>(); // Down calls something we cannot see into.
            }
        }

        var names = new Names(migration.Up.Operations);
        StepKey Key(MigrationOperation operation) => RollbackComparer.Key(operation, names);
        var netZero = CreatedThenDropped(migration.Up.Operations, names);
        var expected = new List<MigrationOperation>();
        var inverses = ReadBack(plan, cancellationToken);
        for (var i = 0; i < inverses.Count; i++) // By index: the read-only list's enumerator was boxed for every migration.
        {
            var inverse = inverses[i];
            if ((netZero is null || !netZero.Contains(Key(inverse))) && !inverse.EmitsNoSqlOn(provider))
            {
                expected.Add(inverse);
            }
        }

        FoldForeignKeysIntoCreatedTables(actual);
        FoldForeignKeysIntoCreatedTables(expected);
        var droppedTables = DroppedTables(expected, actual);
        var remaining = new List<StepKey>(actual.Count); // Down's steps, each key carrying its operation.
        foreach (var operation in actual)
        {
            remaining.Add(Key(operation));
        }

        // Made by the first mismatch: nearly every Down that is compared has none.
        List<RollbackMismatch>? mismatches = null;
        foreach (var inverse in expected)
        {
            var inverseKey = Key(inverse);
            var match = IndexOfKey(remaining, inverseKey);
            if (match >= 0)
            {
                var matched = remaining[match].Operation;
                if (matched.Kind is OperationType.AddColumn or OperationType.AlterColumn)
                {
                    var restored = ColumnFacts.Of(matched);
                    var started = ColumnFacts.Of(inverse);
                    if (!restored.Restores(started))
                    {
                        (mismatches ??= new()).Add(new RollbackMismatch($"{matched.Describe()} sets {restored}, but Up started from {started}", matched.Span));
                    }
                }
                else if (matched.Kind is OperationType.AddPrimaryKey or OperationType.AddUniqueConstraint or OperationType.AddForeignKey or OperationType.AddCheckConstraint)
                {
                    var restored = ConstraintFacts.Of(matched);
                    var started = ConstraintFacts.Of(inverse);
                    if (!restored.Restores(started))
                    {
                        (mismatches ??= new()).Add(new RollbackMismatch($"{matched.Describe()} sets {restored}, but Up started from {started}", matched.Span));
                    }
                }
                else if (!SameDetails(matched, inverse, provider))
                {
                    (mismatches ??= new()).Add(new RollbackMismatch($"{matched.Describe()} sets {Details(matched, provider)}, but Up started from {Details(inverse, provider)}", matched.Span));
                }
                else if (matched.Kind == OperationType.CreateTable && ColumnRestoredOtherwise(matched, inverse) is { } column)
                {
                    (mismatches ??= new()).Add(new RollbackMismatch(
                        $"{matched.Describe()} sets column '{column.Actual.ColumnName}' to {ColumnFacts.Of(column.Actual)}, but Up started from {ColumnFacts.Of(column.Expected)}",
                        column.Actual.Span.Length > 0 ? column.Actual.Span : matched.Span));
                }
                else if (matched.Kind == OperationType.CreateTable && ConstraintRestoredOtherwise(matched, inverse) is { } constraint)
                {
                    (mismatches ??= new()).Add(new RollbackMismatch($"{matched.Describe()} {constraint.Message}", constraint.Span.Length > 0 ? constraint.Span : matched.Span));
                }

                // Seed rows may be deleted one call per row: every DeleteData of the table counts.
                RemoveMatched(remaining, matched, inverse.Kind == OperationType.DeleteData ? inverseKey : null);
                continue;
            }

            if (IsCoveredByDropTable(inverse, droppedTables) || IsCoveredByDropColumn(inverse, migration.Up.Operations, actual) || IsCoveredByDroppedColumns(inverse, migration.Up.Operations, actual))
            {
                continue;
            }

            (mismatches ??= new()).Add(new RollbackMismatch($"nothing in Down does {inverse.Describe()}", null));
        }

        // With operations the planner cannot invert (raw SQL, say), the rest of Down may be their hand-written inverse.
        if (plan.CanGenerate)
        {
            foreach (var step in remaining)
            {
                var extra = step.Operation;
                // EF's own Down ensures a schema before moving tables back into it; creating a schema that exists does nothing.
                // It also puts back the seed rows (HasData) of a table or column it re-creates, which Up dropped with it.
                if (!IsCoveredByDropTable(extra, droppedTables) && extra.Kind != OperationType.EnsureSchema && !IsSeedOfRecreated(extra, actual) && !ChangesNoSchema(extra))
                {
                    (mismatches ??= new()).Add(new RollbackMismatch($"{extra.Describe()} undoes nothing that Up did", extra.Span));
                }
            }
        }

        return mismatches ?? (IReadOnlyList<RollbackMismatch>)Array.Empty<RollbackMismatch>();
    }

    /// <summary>
    /// Tables and columns that Up creates and drops again: they net to nothing, so Down owes no drop for them.
    /// Returned as the keys of the drops the planner would otherwise expect in Down.
    /// </summary>
    private static HashSet<StepKey>? CreatedThenDropped(EquatableArray<MigrationOperation> up, Names names)
    {
        HashSet<StepKey>? keys = null;
        for (var i = 0; i < up.Count; i++)
        {
            var drop = up[i];
            var created = drop.Kind switch
            {
                OperationType.DropTable => OperationType.CreateTable,
                OperationType.DropColumn => OperationType.AddColumn,
                _ => OperationType.Unknown,
            };
            for (var j = 0; created != OperationType.Unknown && j < i; j++)
            {
                if (up[j].Kind == created && up[j].Table == drop.Table && up[j].Schema == drop.Schema && up[j].Name == drop.Name)
                {
                    (keys ??= new HashSet<StepKey>()).Add(Key(drop, names));
                }
            }
        }

        return keys;
    }

    // Loops, not lambdas over the steps: a lambda that captures the inverse made a closure for every step of every Up.

    /// <summary>The index of the first step with <paramref name="key"/>, or -1.</summary>
    private static int IndexOfKey(List<StepKey> steps, StepKey key)
    {
        for (var i = 0; i < steps.Count; i++)
        {
            if (steps[i] == key)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Takes <paramref name="matched"/> out of the steps, and every step with <paramref name="seedKey"/> when there is one.</summary>
    private static void RemoveMatched(List<StepKey> steps, MigrationOperation matched, StepKey? seedKey)
    {
        var kept = 0;
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            if (!ReferenceEquals(step.Operation, matched) && (seedKey is null || step != seedKey))
            {
                steps[kept++] = step;
            }
        }

        steps.RemoveRange(kept, steps.Count - kept);
    }

    /// <summary>
    /// The planned statements as operations, as the same (syntax-only) reader reads hand-written code: the operation the
    /// planner built beside each statement's code, and the code parsed for the statements it built none for.
    /// </summary>
    private static IReadOnlyList<MigrationOperation> ReadBack(RollbackPlan plan, CancellationToken cancellationToken)
    {
        // The same inverse in branches no provider runs together is one step of Down. Loops, not LINQ: every migration with a
        // Down comes through here.
        var statements = new List<RollbackStatement>(plan.Statements.Count);
        List<string>? withoutOperation = null; // Made by the first: a plan for the comparison builds nearly every operation.
        foreach (var statement in plan.Statements)
        {
            if (!IsInAnotherBranch(statements, statement))
            {
                statements.Add(statement);
                if (statement.Operation is null)
                {
                    (withoutOperation ??= new()).Add(statement.Code);
                }
            }
        }

        var parsed = withoutOperation is null ? EquatableArray<MigrationOperation>.Empty : Parse(withoutOperation, cancellationToken);
        if (parsed.Count != (withoutOperation?.Count ?? 0))
        {
            return Parse(statements.Select(s => s.Code), cancellationToken); // A statement that reads as more or fewer than one call.
        }

        var operations = new List<MigrationOperation>(statements.Count);
        var next = 0;
        foreach (var statement in statements)
        {
            operations.Add(statement.Operation ?? parsed[next++]);
        }

        return operations;
    }

    /// <summary>
    /// Whether <paramref name="statements"/> hold the same inverse as <paramref name="statement"/> in a branch no provider runs
    /// together with its own (<c>if (IsNpgsql()) ... else ...</c>): one step of Down.
    /// </summary>
    private static bool IsInAnotherBranch(List<RollbackStatement> statements, RollbackStatement statement)
    {
        foreach (var other in statements)
        {
            if (other.Branch.ExcludedBy(statement.Branch)
                && (other.Operation is not null && statement.Operation is not null ? other.Operation == statement.Operation : other.Code == statement.Code))
            {
                return true;
            }
        }

        return false;
    }

#if DEBUG
    /// <summary>
    /// Debug builds (the tests) check that every operation a plan for the comparison built reads as the code the same plan
    /// writes for the generator: otherwise SM3002 would compare Down with something the generated Down does not do.
    /// </summary>
    internal static void AssertOperationsReadAsCode(RollbackPlan operations, RollbackPlan code, CancellationToken cancellationToken)
    {
        var read = Parse(code.Statements.Select(s => s.Code), cancellationToken);
        if (read.Count != code.Statements.Count || operations.Statements.Count != code.Statements.Count)
        {
            throw new InvalidOperationException($"The plans differ in length: {operations.Statements.Count} operations, {code.Statements.Count} statements read as {read.Count}");
        }

        for (var i = 0; i < read.Count; i++)
        {
            if (operations.Statements[i].Operation is { } built && Fingerprint(built) != Fingerprint(read[i]))
            {
                throw new InvalidOperationException($"A planned operation differs from its code read back:\n{Fingerprint(read[i])}\n---\n{Fingerprint(built)}");
            }
        }
    }
#endif

    private static EquatableArray<MigrationOperation> Parse(IEnumerable<string> codes, CancellationToken cancellationToken)
    {
        var body = string.Join("\n", codes.Select(code => code + ";"));
        if (body.Length == 0)
        {
            return EquatableArray<MigrationOperation>.Empty;
        }

        var tree = CSharpSyntaxTree.ParseText("class C { void Down(MigrationBuilder migrationBuilder) {\n" + body + "\n} }", cancellationToken: cancellationToken);
        var method = tree.GetRoot(cancellationToken).DescendantNodes().OfType<MethodDeclarationSyntax>().First();
        return MigrationMethodReader.Read(method, semanticModel: null, symbols: null, cancellationToken).Operations;
    }

#if DEBUG
    /// <summary>Everything of an operation but where its text is: kinds, names and constants of the call, its columns and constraints.</summary>
    private static string Fingerprint(MigrationOperation operation)
    {
        static string Values(IEnumerable<(string Name, ArgumentValue Value)> values) =>
            string.Join(",", values.Select(v => v.Name + "=" + Value(v.Value)));
        static string Value(ArgumentValue value) => value.Kind + ":" + value.Constant + (value.Items.IsEmpty ? string.Empty : "[" + string.Join(",", value.Items.Select(Value)) + "]");
        static string Call(CallModel call) =>
            call.MethodName + "<" + string.Join(",", call.TypeArguments) + ">(" + Values(call.Arguments.Select(a => (a.Name, a.Value))) + ")"
            + Values(call.Annotations.Select(a => (a.Name, a.Value))) + "|old " + Values(call.OldAnnotations.Select(a => (a.Name, a.Value)));
        return operation.Kind + " " + Call(operation) + " " + operation.Branch.Only + string.Join(",", operation.Branch.Not)
            + " columns " + string.Join(";", operation.Columns.Select(c => c.PropertyName + "=" + Call(c)))
            + " constraints " + string.Join(";", operation.Constraints.Select(Call));
    }
#endif

    /// <summary>
    /// Up adds a column and then alters it (a default set after the add, say): the Down that drops the column undoes
    /// the alteration with it.
    /// </summary>
    private static bool IsCoveredByDropColumn(MigrationOperation inverse, EquatableArray<MigrationOperation> up, List<MigrationOperation> down) =>
        inverse.Kind == OperationType.AlterColumn
        && up.Any(o => o.Kind == OperationType.AddColumn && SameColumn(o, inverse))
        && down.Any(o => o.Kind == OperationType.DropColumn && SameColumn(o, inverse));

    private static bool SameColumn(MigrationOperation left, MigrationOperation right) =>
        left.Table == right.Table && left.Schema == right.Schema && left.Name == right.Name;

    /// <summary>
    /// Seed rows Down writes into a table it creates (InsertData) or a column it adds (UpdateData): what EF's own Down does
    /// for a dropped table or column that <c>HasData</c> seeded. The generator does not write them (the rows are data, not
    /// schema); a Down that has them restores more, not something else.
    /// </summary>
    /// <remarks>Loops, not lambdas: this runs for every step of Down, and a lambda's closure was made for each.</remarks>
    private static bool IsSeedOfRecreated(MigrationOperation operation, List<MigrationOperation> down) =>
        operation.Table is { } table
        && operation.Kind switch
        {
            OperationType.InsertData => IndexOfTableStep(down, OperationType.CreateTable, table, operation.Schema) >= 0,
            OperationType.UpdateData => IndexOfTableStep(down, OperationType.AddColumn, table, operation.Schema) >= 0,
            _ => false,
        };

    /// <summary>The first step of <paramref name="kind"/> on the table (<see cref="MigrationOperation.Table"/>: a CreateTable's name), or -1.</summary>
    private static int IndexOfTableStep(List<MigrationOperation> operations, OperationType kind, string table, string? schema)
    {
        for (var i = 0; i < operations.Count; i++)
        {
            var candidate = operations[i];
            if (candidate.Kind == kind && candidate.Table == table && TargetModel.SchemasAgree(candidate.Schema, schema))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// Rows a hand-written Down writes with raw SQL that touch no schema: an UPDATE that moves data back before a drop
    /// (jellyfin's Down copies a new table's rows back into the columns they came from), or a DELETE of EF's own history
    /// rows, so that a data migration runs again after the rollback. Neither leaves a schema of neither version, and the
    /// generated rollback the fix offers would drop them. A DELETE of the app's rows stays extra work: it loses rows Up never wrote.
    /// </summary>
    private static bool ChangesNoSchema(MigrationOperation operation) =>
        operation.FromRawSql
        && (operation.Kind == OperationType.UpdateRows
            || (operation.Kind == OperationType.DeleteRows && string.Equals(operation.Table, MigrationsHistoryTable, StringComparison.OrdinalIgnoreCase)));

    /// <summary>The table EF Core keeps applied migrations in, unless the context names another (MigrationsHistoryTable).</summary>
    private const string MigrationsHistoryTable = "__EFMigrationsHistory";

    private static bool IsCoveredByDropTable(MigrationOperation operation, HashSet<string>? droppedTables) =>
        droppedTables is not null
        && operation.Kind is OperationType.DropIndex or OperationType.DropForeignKey or OperationType.DropPrimaryKey or OperationType.DropUniqueConstraint
            or OperationType.DropCheckConstraint or OperationType.DeleteData or OperationType.DropColumn or OperationType.AlterColumn
        && operation.Table is { } table && droppedTables.Contains(table);

    /// <summary>An index (or key) Up built on a column Up added: the Down that drops the column drops it with it.</summary>
    private static bool IsCoveredByDroppedColumns(MigrationOperation inverse, EquatableArray<MigrationOperation> up, List<MigrationOperation> down)
    {
        if (inverse.Kind is not (OperationType.DropIndex or OperationType.DropForeignKey or OperationType.DropUniqueConstraint))
        {
            return false;
        }

        var built = up.FirstOrDefault(o => o.Name == inverse.Name && o.Table == inverse.Table
            && o.Kind is OperationType.CreateIndex or OperationType.AddForeignKey or OperationType.AddUniqueConstraint);
        return built is not null
               && built.ColumnList().Any(column => down.Any(d => d.Kind == OperationType.DropColumn && d.Table == built.Table && d.Schema == built.Schema && d.Name == column));
    }

    /// <summary>
    /// What an operation is about: its kind and the things it names, with table, column and index names taken
    /// through the migration's renames. EF's Down renames back first and then alters the column under its old
    /// name; the inverse alters it under the new name and then renames back: the same work.
    /// </summary>
    private static StepKey Key(MigrationOperation operation, Names names)
    {
        var kind = operation.Kind;
        var table = names.Table(operation.Table);
        switch (kind)
        {
            case OperationType.DeleteData:
            case OperationType.InsertData:
                return new StepKey(operation, kind, null, operation.Schema, table, null, null);
            case OperationType.Extension:
                return new StepKey(operation, kind, operation.MethodName, null, table, operation.Name, null);
            case OperationType.Sql:
                return new StepKey(operation, kind, operation.StringArgument("sql"), null, null, null, null);
            case OperationType.RenameIndex:
                // Its table argument names the table as it is at that point, which depends on where a table rename falls.
                return new StepKey(operation, kind, null, operation.Schema, null, operation.Name, operation.NewName);
            case OperationType.RenameTable:
                return new StepKey(operation, kind, null, operation.Schema, null, operation.Name, operation.NewName);
            case OperationType.RenameColumn:
                return new StepKey(operation, kind, null, operation.Schema, table, operation.Name, operation.NewName);
            case OperationType.AddColumn:
            case OperationType.AlterColumn:
            case OperationType.DropColumn:
                return new StepKey(operation, kind, null, operation.Schema, table, names.Column(table, operation.Name), null);
            case OperationType.CreateIndex:
            case OperationType.DropIndex:
                return new StepKey(operation, kind, null, operation.Schema, table, names.Index(operation.Name), null);
            default:
                return kind.NameIsTable()
                    ? new StepKey(operation, kind, null, operation.Schema, names.Table(operation.Name), null, operation.NewName)
                    : new StepKey(operation, kind, null, operation.Schema, table, operation.Name, operation.NewName);
        }
    }

    /// <summary>
    /// What <see cref="Key"/> compares, field by field: built for every step of both sides of every migration, so no
    /// string is made of it. <paramref name="Text"/> is an Extension's method or a Sql step's SQL. <paramref name="Operation"/>
    /// is the step the key was made of, which equality leaves out: a step of Down not yet matched is its key, where a second
    /// object held the two for every step of every Down.
    /// </summary>
    /// <remarks>
    /// Classes, not structs: a list or set of a struct of ours is generic code of the framework that no ReadyToRun image
    /// holds, and a fresh csc process JIT-compiled 12 methods for them on every build with a migration; over classes they
    /// are the framework's precompiled shared code. Each costs one small allocation per step. Equality is written out: the
    /// record's own compared <see cref="Kind"/> through <c>EqualityComparer&lt;OperationType&gt;.Default</c>, the framework's
    /// generic code over our enum, which a fresh csc process JIT-compiled (four methods) for the first migration with a Down.
    /// </remarks>
    private sealed record StepKey(MigrationOperation Operation, OperationType Kind, string? Text, string? Schema, string? Table, string? Name, string? NewName)
    {
        public bool Equals(StepKey? other) =>
            other is not null
            && Kind == other.Kind
            && string.Equals(Text, other.Text, StringComparison.Ordinal)
            && string.Equals(Schema, other.Schema, StringComparison.Ordinal)
            && string.Equals(Table, other.Table, StringComparison.Ordinal)
            && string.Equals(Name, other.Name, StringComparison.Ordinal)
            && string.Equals(NewName, other.NewName, StringComparison.Ordinal);

        public override int GetHashCode()
        {
            var hash = (int)Kind;
            hash = unchecked((hash * 31) + (Text is null ? 0 : StringComparer.Ordinal.GetHashCode(Text)));
            hash = unchecked((hash * 31) + (Schema is null ? 0 : StringComparer.Ordinal.GetHashCode(Schema)));
            hash = unchecked((hash * 31) + (Table is null ? 0 : StringComparer.Ordinal.GetHashCode(Table)));
            hash = unchecked((hash * 31) + (Name is null ? 0 : StringComparer.Ordinal.GetHashCode(Name)));
            return unchecked((hash * 31) + (NewName is null ? 0 : StringComparer.Ordinal.GetHashCode(NewName)));
        }
    }

    /// <summary>The tables either side drops: their indexes, keys, columns and rows go with them.</summary>
    /// <remarks>Null when neither side drops a table (most migrations): no set, and no array of the two sides, for every Down compared.</remarks>
    private static HashSet<string>? DroppedTables(List<MigrationOperation> expected, List<MigrationOperation> actual)
    {
        HashSet<string>? tables = null;
        AddDroppedTables(expected, ref tables);
        AddDroppedTables(actual, ref tables);
        return tables;
    }

    private static void AddDroppedTables(List<MigrationOperation> side, ref HashSet<string>? tables)
    {
        foreach (var operation in side)
        {
            if (operation is { Kind: OperationType.DropTable, Table: { } table })
            {
                (tables ??= new HashSet<string>(StringComparer.Ordinal)).Add(table);
            }
        }
    }

    /// <summary>The renames of Up, old name to new, so names before and after them compare equal.</summary>
    private sealed class Names
    {
        // Most migrations rename nothing: a dictionary is made only for a kind of rename that Up has.
        private readonly Dictionary<string, string>? tables;
        private readonly Dictionary<string, string>? columns;
        private readonly Dictionary<string, string>? indexes;

        public Names(EquatableArray<MigrationOperation> up)
        {
            foreach (var operation in up)
            {
                if (operation is { Kind: OperationType.RenameTable, Name: { } oldTable, NewName: { } newTable })
                {
                    (tables ??= new Dictionary<string, string>(StringComparer.Ordinal))[oldTable] = newTable;
                }
            }

            foreach (var operation in up)
            {
                if (operation is { Kind: OperationType.RenameColumn, Name: { } oldColumn, NewName: { } newColumn })
                {
                    (columns ??= new Dictionary<string, string>(StringComparer.Ordinal))[Table(operation.Table) + "." + oldColumn] = newColumn;
                }
                else if (operation is { Kind: OperationType.RenameIndex, Name: { } oldIndex, NewName: { } newIndex })
                {
                    (indexes ??= new Dictionary<string, string>(StringComparer.Ordinal))[oldIndex] = newIndex;
                }
            }
        }

        public string? Table(string? name) => name is not null && tables is not null && tables.TryGetValue(name, out var renamed) ? renamed : name;

        public string? Column(string? table, string? name) => name is not null && columns is not null && columns.TryGetValue(table + "." + name, out var renamed) ? renamed : name;

        public string? Index(string? name) => name is not null && indexes is not null && indexes.TryGetValue(name, out var renamed) ? renamed : name;
    }

    /// <summary>
    /// <c>Details(left) == Details(right)</c>, without writing either out when their parts agree one by one, as a scaffolded
    /// Down and the planner list them: every migration with a Down that re-creates a table or an index compares here.
    /// </summary>
    private static bool SameDetails(MigrationOperation left, MigrationOperation right, DatabaseProvider provider) =>
        (left.Kind == right.Kind && PartsAgree(left, right, provider)) || Details(left, provider) == Details(right, provider);

    /// <summary>Whether the parts <see cref="Details"/> writes agree in order; false only means "compare the text".</summary>
    private static bool PartsAgree(MigrationOperation left, MigrationOperation right, DatabaseProvider provider)
    {
        switch (left.Kind)
        {
            case OperationType.CreateTable:
                if (left.Columns.Count != right.Columns.Count)
                {
                    return false;
                }

                for (var i = 0; i < left.Columns.Count; i++)
                {
                    if (left.Columns[i].ColumnName != right.Columns[i].ColumnName)
                    {
                        return false;
                    }
                }

                return true;
            case OperationType.CreateIndex:
                return left.ColumnList().Equals(right.ColumnList())
                    && (left.BooleanArgument("unique") == true) == (right.BooleanArgument("unique") == true)
                    && left.Argument("descending") is null && right.Argument("descending") is null
                    && left.StringArgument("filter") == right.StringArgument("filter")
                    && DefiningAnnotationsAgree(left.Annotations, right.Annotations, provider);
            case OperationType.CreateSequence:
                return false;
            default:
                return true; // Details writes nothing for them.
        }
    }

    private static bool DefiningAnnotationsAgree(EquatableArray<OperationAnnotation> left, EquatableArray<OperationAnnotation> right, DatabaseProvider provider)
    {
        int i = 0, j = 0;
        while (true)
        {
            while (i < left.Count && !DefinesIndex(left[i].Name, provider))
            {
                i++;
            }

            while (j < right.Count && !DefinesIndex(right[j].Name, provider))
            {
                j++;
            }

            if (i == left.Count || j == right.Count)
            {
                return i == left.Count && j == right.Count;
            }

            if (left[i].Name != right[j].Name || ValueText(left[i].Value) != ValueText(right[j].Value))
            {
                return false;
            }

            i++;
            j++;
        }
    }

    /// <summary>The definition a re-created index or table must get right (a column's is <see cref="ColumnFacts"/>, a key's or constraint's <see cref="ConstraintFacts"/>).</summary>
    private static string Details(MigrationOperation operation, DatabaseProvider provider)
    {
        switch (operation.Kind)
        {
            case OperationType.CreateIndex:
                return "columns " + string.Join(", ", operation.ColumnList()) + (operation.BooleanArgument("unique") == true ? ", unique" : string.Empty)
                    + (operation.Argument("descending") is { } descending ? ", descending " + DescendingText(descending) : string.Empty)
                    + (operation.StringArgument("filter") is { } filter ? ", filter " + filter : string.Empty)
                    + string.Concat(operation.Annotations.Where(a => DefinesIndex(a.Name, provider)).OrderBy(a => a.Name, StringComparer.Ordinal)
                        .Select(a => ", " + a.Name + " " + ValueText(a.Value)));
            case OperationType.CreateTable:
                return "columns " + string.Join(", ", operation.Columns.Select(c => c.ColumnName).OrderBy(c => c, StringComparer.Ordinal));
            case OperationType.CreateSequence:
                // Each option as its constant where it has one (1000L and 1000 alike), else as written.
                return "type " + (operation.TypeArguments.Count == 1 && operation.TypeArguments[0] != "long" ? operation.TypeArguments[0] : "long")
                    + string.Concat(new[] { "startValue", "incrementBy", "minValue", "maxValue" }.Select(o => operation.Argument(o) is { } value ? ", " + o + " " + (value.Constant ?? value.SourceText) : string.Empty))
                    + (operation.BooleanArgument("cyclic") == true ? ", cyclic" : string.Empty);
            default:
                return string.Empty;
        }
    }

    /// <summary>
    /// Index annotations that say how the index is built, not what it is: an index re-created without them is the same
    /// index (the inverse of <c>DropIndexConcurrently</c> builds it concurrently; a scaffolded Down need not).
    /// </summary>
    private static readonly HashSet<string> BuildOnlyIndexAnnotations = new(StringComparer.Ordinal) { "Npgsql:CreatedConcurrently", "SqlServer:Online", "SqlServer:SortInTempDb" };

    /// <summary>
    /// Whether an index annotation is part of what the index is on <paramref name="provider"/>: not one of how it is built,
    /// nor another database's. A model shared by several providers keeps every provider's annotations in each Designer
    /// (bitwarden's PostgreSQL Designers hold <c>SqlServer:Clustered</c>), and EF's Down writes only the migration's own.
    /// </summary>
    private static bool DefinesIndex(string annotation, DatabaseProvider provider)
    {
        if (BuildOnlyIndexAnnotations.Contains(annotation))
        {
            return false;
        }

        var owner = DatabaseProviders.FromAnnotationName(annotation);
        return owner == DatabaseProvider.Unknown || provider == DatabaseProvider.Unknown || owner == provider;
    }

    /// <summary>A value as its constant, an array as its items' (<c>new[] { "Slug" }</c> and <c>new string[] { "Slug" }</c> alike).</summary>
    private static string ValueText(ArgumentValue value) =>
        value.Kind == ValueKind.Array ? "[" + string.Join(", ", value.Items.Select(ValueText)) + "]" : value.Constant ?? value.SourceText;

    /// <summary>An index's <c>descending:</c>, <c>new[] { false, true }</c> as "false, true", and an empty array as "all".</summary>
    private static string DescendingText(ArgumentValue descending) =>
        descending.Kind != ValueKind.Array ? descending.SourceText
        : descending.Items.Count == 0 ? "all"
        : string.Join(", ", descending.Items.Select(i => (i.Constant ?? i.SourceText).ToLowerInvariant()));

    /// <summary>
    /// What a key, unique constraint, foreign key or check constraint must get right, as <c>AddForeignKey</c> or a
    /// CreateTable's <c>table.ForeignKey</c> writes it: its columns, a foreign key's principal and its actions, a check's
    /// SQL. <c>column:</c> and <c>columns:</c> (one column) say the same, as do a missing action and <c>NoAction</c>.
    /// Compared as values (<see cref="Restores"/>), as <see cref="ColumnFacts"/> are, so no string is written unless they differ.
    /// </summary>
    private readonly record struct ConstraintFacts(
        EquatableArray<string> Columns,
        string? PrincipalSchema,
        string? PrincipalTable,
        EquatableArray<string> PrincipalColumns,
        string? OnDelete,
        string? OnUpdate,
        string? Sql)
    {
        public static ConstraintFacts Of(CallModel constraint) => constraint.MethodName switch
        {
            "ForeignKey" or "AddForeignKey" => new(
                constraint.ColumnList(),
                constraint.StringArgument("principalSchema"),
                constraint.StringArgument("principalTable"),
                constraint.ColumnList("principalColumn", "principalColumns"),
                Action(constraint.Argument("onDelete")),
                Action(constraint.Argument("onUpdate")),
                null),
            "CheckConstraint" or "AddCheckConstraint" => new(EquatableArray<string>.Empty, null, null, EquatableArray<string>.Empty, null, null, constraint.StringArgument("sql")),
            _ => new(constraint.ColumnList(), null, null, EquatableArray<string>.Empty, null, null, null),
        };

        /// <summary>
        /// Whether these facts restore <paramref name="started"/>: the same, with <c>Restrict</c> and no action one action. An
        /// optional relationship's default (ClientSetNull, which the Designer leaves unwritten) became <c>Restrict</c> up to EF
        /// Core 6 and no action since EF Core 7, so the Downs EF wrote for one model differ by version (jellyfin's of 2021). SQL
        /// Server writes both as NO ACTION; PostgreSQL and SQLite tell them apart only for deferred constraints, which EF never creates.
        /// </summary>
        public bool Restores(ConstraintFacts started) =>
            this == started || this with { OnDelete = Loose(OnDelete), OnUpdate = Loose(OnUpdate) } == started with { OnDelete = Loose(started.OnDelete), OnUpdate = Loose(started.OnUpdate) };

        private static string? Loose(string? action) => action == "Restrict" ? null : action;

        // Written out, where the generated equality goes through EqualityComparer<EquatableArray<string>>: framework code a
        // fresh compiler process compiled for us (it makes that comparer by reflection, so no precompiled image holds it).
        public bool Equals(ConstraintFacts other) =>
            Columns.Equals(other.Columns) && PrincipalSchema == other.PrincipalSchema && PrincipalTable == other.PrincipalTable
            && PrincipalColumns.Equals(other.PrincipalColumns) && OnDelete == other.OnDelete && OnUpdate == other.OnUpdate && Sql == other.Sql;

        public override int GetHashCode() => Columns.GetHashCode() ^ (PrincipalTable?.GetHashCode() ?? 0) ^ (Sql?.GetHashCode() ?? 0);

        /// <summary><c>ReferentialAction.Cascade</c> as <c>Cascade</c>; null for no action, written or not.</summary>
        private static string? Action(ArgumentValue? value)
        {
            var action = value is null || value.Kind == ValueKind.Null ? null
                : value.Kind == ValueKind.NonConstant ? MemberName(value.SourceText)
                : value.Constant;
            return action == "NoAction" ? null : action;
        }

        private static readonly string[] ReferentialActions = { "Cascade", "Restrict", "SetNull", "NoAction", "SetDefault" };

        /// <summary>The member's name after the last dot: one of EF's actions as the shared string, without a copy cut for every key of every migration.</summary>
        private static string MemberName(string text)
        {
            var start = DottedName.LastPartStart(text, text.Length);
            foreach (var action in ReferentialActions)
            {
                if (text.Length - start == action.Length && string.CompareOrdinal(text, start, action, 0, action.Length) == 0)
                {
                    return action;
                }
            }

            return text.Substring(start);
        }

        public override string ToString() => Sql is not null
            ? "sql " + Sql
            : "columns " + string.Join(", ", Columns)
                + (PrincipalTable is null ? string.Empty : " onto " + (PrincipalSchema is null ? string.Empty : PrincipalSchema + ".") + PrincipalTable + " (" + string.Join(", ", PrincipalColumns) + ")")
                + (OnDelete is null ? string.Empty : " on delete " + OnDelete)
                + (OnUpdate is null ? string.Empty : " on update " + OnUpdate);
    }

    /// <summary>
    /// Each AddForeignKey onto a table the same side creates, taken as one of that CreateTable's constraints: where a key
    /// goes is EF's choice, not a difference. EF's Down creates tables that reference each other without one of the keys
    /// and adds it once both exist, and picks which one by its own order; the generator leaves out the key Up drops first.
    /// </summary>
    private static void FoldForeignKeysIntoCreatedTables(List<MigrationOperation> operations)
    {
        for (var i = operations.Count - 1; i >= 0; i--)
        {
            var key = operations[i];
            if (key.Kind != OperationType.AddForeignKey || key.Name is null || key.Table is not { } table)
            {
                continue;
            }

            var created = IndexOfTableStep(operations, OperationType.CreateTable, table, key.Schema);
            if (created < 0 || HasForeignKeyNamed(operations[created], key.Name))
            {
                continue;
            }

            var constraint = new TableConstraint("ForeignKey", key.Arguments, key.Annotations, key.Span);
            operations[created] = operations[created] with { Constraints = operations[created].Constraints.Append(constraint).ToEquatableArray() };
            operations.RemoveAt(i);
        }
    }

    private static bool HasForeignKeyNamed(MigrationOperation createTable, string name) => Named(createTable.Constraints, "ForeignKey", name) is not null;

    /// <summary>A key, unique constraint, foreign key or check constraint, by kind, as its messages name it.</summary>
    private static string ConstraintKind(string method) => method switch
    {
        "PrimaryKey" => "primary key",
        "UniqueConstraint" => "unique constraint",
        "ForeignKey" => "foreign key",
        "CheckConstraint" => "check constraint",
        _ => method,
    };

    /// <summary>
    /// The first constraint of a table Down re-creates that is not the one Up dropped with it: one the table had and Down
    /// leaves out, one with the name but other facts (<see cref="ConstraintFacts"/>), or one the table did not have.
    /// </summary>
    private static (string Message, SourceSpan Span)? ConstraintRestoredOtherwise(MigrationOperation actual, MigrationOperation expected)
    {
        foreach (var constraint in actual.Constraints)
        {
            if (constraint.StringArgument("name") is null)
            {
                return null; // A constraint being typed, or named by something the reader cannot see: never a message without its name.
            }
        }

        foreach (var started in expected.Constraints)
        {
            var name = started.StringArgument("name");
            var restored = Named(actual.Constraints, started.MethodName, name);
            if (restored is null)
            {
                return ($"leaves out {ConstraintKind(started.MethodName)} '{name}', which the table had when Up dropped it", default);
            }

            if (ConstraintFacts.Of(restored) is var facts && ConstraintFacts.Of(started) is var before && !facts.Restores(before))
            {
                return ($"sets {ConstraintKind(started.MethodName)} '{name}' to {facts}, but Up started from {before}", restored.Span);
            }
        }

        foreach (var restored in actual.Constraints)
        {
            var name = restored.StringArgument("name");
            if (Named(expected.Constraints, restored.MethodName, name) is null)
            {
                return ($"adds {ConstraintKind(restored.MethodName)} '{name}', which the table did not have when Up dropped it", restored.Span);
            }
        }

        return null;
    }

    /// <summary>
    /// The first constraint of a kind and name: a loop, where lambdas over the constraint being matched made a closure and a
    /// delegate for each constraint of every re-created table, and LINQ boxed the array's enumerator.
    /// </summary>
    private static TableConstraint? Named(EquatableArray<TableConstraint> constraints, string methodName, string? name)
    {
        foreach (var constraint in constraints)
        {
            if (constraint.MethodName == methodName && constraint.StringArgument("name") == name)
            {
                return constraint;
            }
        }

        return null;
    }

    /// <summary>
    /// What a re-added, altered or re-created column must get right: its type, nullability and max length. Compared as
    /// values, so the columns of every re-created table are checked without writing a string for each.
    /// </summary>
    private readonly record struct ColumnFacts(string? Type, bool Nullable, long? MaxLength)
    {
        public static ColumnFacts Of(CallModel column) =>
            new(column.StringArgument("type"), column.BooleanArgument("nullable") == true, column.Argument("maxLength")?.AsInt64());

        /// <summary>
        /// Whether a column with these facts is the one Up started from. A model before the migration that does not name the
        /// store type (the Designer of an old EF Core version does not always write HasColumnType) makes no claim about it,
        /// while EF's scaffolded Down names it all the same.
        /// </summary>
        public bool Restores(ColumnFacts started) => (started.Type is null ? this with { Type = null } : this) == started;

        // Written out, where the generated equality goes through EqualityComparer<long?>: framework code a fresh compiler
        // process compiled for us.
        public bool Equals(ColumnFacts other) =>
            Type == other.Type && Nullable == other.Nullable && MaxLength == other.MaxLength;

        public override int GetHashCode() => (Type?.GetHashCode() ?? 0) ^ (Nullable ? 1 : 0) ^ MaxLength.GetHashCode();

        public override string ToString() =>
            $"type {Type ?? "(default)"}, {(Nullable ? "NULL" : "NOT NULL")}" + (MaxLength is { } length ? $", max length {length}" : string.Empty);
    }

    /// <summary>
    /// The first column of a table Down re-creates (with the columns Up started from, by name) whose type, nullability or
    /// max length is not the one Up started from (<see cref="ColumnFacts.Restores"/>).
    /// </summary>
    private static (TableColumn Actual, TableColumn Expected)? ColumnRestoredOtherwise(MigrationOperation actual, MigrationOperation expected)
    {
        foreach (var expectedColumn in expected.Columns)
        {
            var name = expectedColumn.ColumnName;
            foreach (var actualColumn in actual.Columns)
            {
                if (actualColumn.ColumnName != name)
                {
                    continue;
                }

                if (!ColumnFacts.Of(actualColumn).Restores(ColumnFacts.Of(expectedColumn)))
                {
                    return (actualColumn, expectedColumn);
                }

                break;
            }
        }

        return null;
    }
}
