using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SafeMigrations.Analyzers.Infrastructure;
using SafeMigrations.Analyzers.Model;

namespace SafeMigrations.Analyzers.Reading;

/// <summary>
/// Reads the model a Designer's <c>BuildTargetModel</c> (or a snapshot's <c>BuildModel</c>) builds, from
/// syntax alone: tables, columns with store type, nullability and max length, keys, indexes, foreign keys
/// and check constraints. It reads what EF's snapshot generator writes and skips anything else. A table read by the
/// Designer's text (<see cref="DesignerTables"/>) reads the plain column, key, index, table and relationship statements from their
/// characters (<see cref="PlainChainText"/>), with the same result, and the rest by their syntax.
/// </summary>
internal static partial class TargetModelReader
{
    private static readonly HashSet<string> ValueTypes = new(StringComparer.Ordinal)
    {
        "int", "long", "short", "byte", "sbyte", "uint", "ulong", "ushort", "bool", "decimal", "double", "float", "char",
        "DateTime", "DateTimeOffset", "TimeSpan", "Guid", "DateOnly", "TimeOnly", "BigInteger",
    };

    /// <summary>
    /// Whether a Designer's property type (<c>b.Property&lt;T&gt;</c>'s T, as written) is a value type to the reader: a column
    /// of any other type is nullable unless IsRequired says otherwise, and gets no "?" in the Designer.
    /// </summary>
    internal static bool IsValueType(string clrType) => ValueTypes.Contains(clrType);

    private static readonly HashSet<string> SqliteAffinities = new(StringComparer.Ordinal) { "INTEGER", "TEXT", "REAL", "BLOB", "NUMERIC" };

    public static TargetModel Read(MethodDeclarationSyntax method, string? migrationId)
    {
        var state = new ReaderState();
        if (method.Body is { } body)
        {
            foreach (var statement in body.Statements)
            {
                if (statement is ExpressionStatementSyntax { Expression: var expression })
                {
                    state.ReadModelStatement(expression);
                }
            }
        }

        return new TargetModel(migrationId, state.BuildTables(), state.OtherProvider ? DatabaseProvider.Unknown : state.ProviderHint != DatabaseProvider.Unknown ? state.ProviderHint : StoreTypeHint(method))
        {
            Sequences = state.BuildSequences(),
        };
    }

    /// <summary>
    /// The Designer's entity types with only what decides their tables (the top of each entity block), for reading
    /// one table without reading the whole model: see <see cref="TableIndex.Table"/>. Null when the method holds a
    /// shape this index does not know (an <c>Entity</c> call inside a longer chain): then read the whole model.
    /// </summary>
    public static TableIndex? Index(MethodDeclarationSyntax method)
    {
        var statementCount = method.Body?.Statements.Count ?? 0;
        var statements = new List<(string Entity, ExpressionSyntax Expression)>(statementCount);
        var text = method.SyntaxTree.TryGetText(out var sourceText) ? new SearchableText(sourceText) : null;
        var shallow = new ReaderState(statementCount)
        {
            Shallow = true,
            Text = text,
            ShallowHits = text is not null && method.Body is { } searched ? StatementsByText.Hits(text, searched.FullSpan, ReaderState.TableDecidingCalls) : null,
        };
        if (method.Body is { } body)
        {
            foreach (var statement in body.Statements)
            {
                if (statement is not ExpressionStatementSyntax { Expression: var expression })
                {
                    continue;
                }

                if (expression is InvocationExpressionSyntax call && IsEntityBlockStatement(call))
                {
                    var entity = Strings(call, 0)!;
                    statements.Add((entity, expression));
                    shallow.ReadEntityBlock(entity, LambdaOf(call, 1)!);
                }
                else if (CallsAnywhere(expression, "Entity"))
                {
                    return null;
                }
                else
                {
                    if (ReaderState.MaxIdentifierLengthIn(expression) is { } length)
                    {
                        shallow.MaxIdentifierLength = length;
                    }

                    if (ReaderState.SetsDefaultSchema(expression, out var defaultSchema))
                    {
                        shallow.DefaultSchema = defaultSchema;
                    }
                }
            }
        }

        return new TableIndex(shallow, statements, method.Body?.FullSpan ?? default);
    }

    /// <summary>
    /// Whether <paramref name="call"/> is one of the calls the whole read walks in a statement of the method body: the
    /// statement's expression, or the receiver of one of them (<c>modelBuilder.HasAnnotation(...).HasAnnotation(...)</c>).
    /// </summary>
    private static bool IsOnTopLevelChain(InvocationExpressionSyntax call, BlockSyntax body)
    {
        Microsoft.CodeAnalysis.SyntaxNode current = call;
        while (current.Parent is MemberAccessExpressionSyntax access && access.Expression == current && access.Parent is InvocationExpressionSyntax outer && outer.Expression == access)
        {
            current = outer;
        }

        return current.Parent is ExpressionStatementSyntax statement && statement.Parent == body;
    }

    /// <summary>Whether <paramref name="key"/> is a table's key, <c>schema.table</c>, without writing that string out for each table compared.</summary>
    private static bool IsKey(string key, string? schema, string table)
    {
        var schemaLength = schema?.Length ?? 0;
        return key.Length == schemaLength + 1 + table.Length
            && key[schemaLength] == '.'
            && string.CompareOrdinal(key, 0, schema ?? string.Empty, 0, schemaLength) == 0
            && string.CompareOrdinal(key, schemaLength + 1, table, 0, table.Length) == 0;
    }

    /// <summary>
    /// <c>modelBuilder.Entity("Name", b => { ... })</c>, a chain of that one call: the only shape of a top-level entity
    /// statement the index (and the text search of <see cref="DesignerTables"/>) reads.
    /// </summary>
    private static bool IsEntityBlockStatement(InvocationExpressionSyntax call) =>
        call is { Expression: MemberAccessExpressionSyntax { Expression: not InvocationExpressionSyntax } or SimpleNameSyntax }
        && NameOf(call) == "Entity" && Strings(call, 0) is not null && LambdaOf(call, 1) is not null;

    /// <summary>
    /// One Designer's tables, each read on demand from the blocks of the entity types it needs: the types mapped
    /// to it, the types they derive from or are owned by, and the principals of their foreign keys. A table read
    /// this way equals the same table of <see cref="Read"/>'s model: the blocks are read by the same reader, in
    /// the same order, and the types left out cannot change it.
    /// </summary>
    internal sealed class TableIndex
    {
        private readonly ReaderState shallow;
        private readonly List<(string Entity, ExpressionSyntax Expression)> statements;

        // A dropped column's index and its table are asked about by several rules and steps; each table is read once.
        // An index serves one migration's analysis (one thread), so a plain dictionary does.
        private readonly Dictionary<string, TargetModel> read = new(StringComparer.Ordinal);

        private readonly Microsoft.CodeAnalysis.Text.TextSpan body;
        private bool? hasPrincipalKeys;

        internal TableIndex(ReaderState shallow, List<(string Entity, ExpressionSyntax Expression)> statements, Microsoft.CodeAnalysis.Text.TextSpan body)
        {
            this.shallow = shallow;
            this.statements = statements;
            this.body = body;
        }

        /// <summary>Whether the Designer may reference a key by <c>HasPrincipalKey</c> (one search, on the first table read).</summary>
        private bool HasPrincipalKeys() => hasPrincipalKeys ??= shallow.Text?.Contains(body, ReaderState.PrincipalKeyCall) ?? true;

        /// <summary>What <c>Read(method, id).Table(name, schema)</c> returns.</summary>
        public TableDefinition? Table(string name, string? schema)
        {
            if (shallow.TableKey(name, schema) is not { } key)
            {
                return null;
            }

            return Read(key, name).Table(name, schema);
        }

        /// <summary>What <c>Read(method, id).Tables.Where(t => t.Name == name)</c> returns, in the same order.</summary>
        public IReadOnlyList<TableDefinition> TablesNamed(string name)
        {
            var result = new List<TableDefinition>();
            foreach (var key in shallow.TableKeys(name))
            {
                result.AddRange(Read(key, name).Tables.Where(t => IsKey(key, t.Schema, t.Name)));
            }

            return result;
        }

        /// <summary>
        /// The blocks of the table's entity types, the types they derive from or are owned by, and the principals of
        /// their relationships, read once in the Designer's order. The principals come from the index (every
        /// <c>HasOne("Principal", ...)</c>, a superset of the foreign keys the full read finds), so no block is read twice.
        /// </summary>
        /// <param name="name">The table's name, the key's own: only its tables are built.</param>
        private TargetModel Read(string key, string name)
        {
            if (!read.TryGetValue(key, out var model))
            {
                model = ReadBlocksOf(key, name);
                read[key] = model;
            }

            return model;
        }

        private TargetModel ReadBlocksOf(string key, string name)
        {
            // A foreign key needs only its principal's table, key and key columns' names: the principals (and what they
            // derive from or are owned by) are read for those alone, and their own principals not at all (following
            // them read most of a connected model for one table).
            var tableTypes = shallow.WithAncestors(shallow.MembersOf(key));
            var principalTypes = shallow.WithAncestors(shallow.PrincipalsOf(tableTypes));
            if (HasPrincipalKeys())
            {
                // Their relationships onto the table's types may name an alternate key of the table (HasPrincipalKey).
                principalTypes.UnionWith(shallow.DependentsOf(tableTypes));
            }

            principalTypes.ExceptWith(tableTypes);

            var blocks = statements.Where(s => tableTypes.Contains(s.Entity) || principalTypes.Contains(s.Entity)).Select(s => s.Expression);
            return ReadTables(blocks, name, principalTypes, shallow.Text, shallow.MaxIdentifierLength, shallow.DefaultSchema);
        }
    }

    /// <summary>
    /// The tables of a table's blocks, given in the Designer's order: its types' blocks read whole, and the blocks of
    /// <paramref name="principals"/> only for what a foreign key onto them needs (see <see cref="ReaderState.KeyOnly"/>); with
    /// <paramref name="indexesOnly"/>, every block only for the tables' indexes (see <see cref="ReaderState.IndexesOnly"/>).
    /// What the index and the text search of <see cref="DesignerTables"/> both end with. Only the tables named
    /// <paramref name="tableName"/> are built: the question is about that name alone, and a principal's table is read for its
    /// key, which a foreign key takes from the principal's entity state, not from its built table.
    /// </summary>
    private static TargetModel ReadTables(
        IEnumerable<ExpressionSyntax> blocks, string tableName, HashSet<string> principals, SearchableText? text, int? maxIdentifierLength, string? defaultSchema,
        bool indexesOnly = false, bool lean = false)
    {
        var state = new ReaderState { KeyOnly = principals, IndexesOnly = indexesOnly, Text = text, MaxIdentifierLength = maxIdentifierLength, DefaultSchema = defaultSchema, Lean = lean };
        foreach (var block in blocks)
        {
            state.ReadModelStatement(block);
        }

        return new TargetModel(null, state.BuildTables(tableName), DatabaseProvider.Unknown);
    }

    /// <summary>The innermost call of a fluent chain (<c>b.ToTable("T")</c> of <c>b.ToTable("T").HasComment(...)</c>).</summary>
    private static InvocationExpressionSyntax? Innermost(ExpressionSyntax expression)
    {
        InvocationExpressionSyntax? innermost = null;
        var current = expression;
        while (current is InvocationExpressionSyntax invocation)
        {
            innermost = invocation;
            current = invocation.Expression is MemberAccessExpressionSyntax access ? access.Expression : null;
        }

        return innermost;
    }

    /// <summary>True when any call of the fluent chain is named <paramref name="method"/>.</summary>
    private static bool CallsAnywhere(ExpressionSyntax expression, string method)
    {
        for (var current = expression as InvocationExpressionSyntax; current is not null; current = (current.Expression as MemberAccessExpressionSyntax)?.Expression as InvocationExpressionSyntax)
        {
            if (NameOf(current) == method)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The fluent chain of an expression statement (<see cref="Chain"/>); none for any other statement.</summary>
    private static InvocationExpressionSyntax[] ChainOf(StatementSyntax statement) =>
        statement is ExpressionStatementSyntax { Expression: var expression } ? Chain(expression) : Array.Empty<InvocationExpressionSyntax>();

    /// <summary>The invocations of a fluent chain, innermost (first call) first.</summary>
    /// <remarks>Counted first, then filled from the end into an array of that size: no list to grow and reverse for
    /// each of the Designer's statements read.</remarks>
    private static InvocationExpressionSyntax[] Chain(ExpressionSyntax expression)
    {
        var count = 0;
        for (var current = expression; current is InvocationExpressionSyntax invocation; current = Receiver(invocation))
        {
            count++;
        }

        if (count == 0)
        {
            return Array.Empty<InvocationExpressionSyntax>();
        }

        var chain = new InvocationExpressionSyntax[count];
        for (var current = expression; current is InvocationExpressionSyntax invocation; current = Receiver(invocation))
        {
            chain[--count] = invocation;
        }

        return chain;

        static ExpressionSyntax? Receiver(InvocationExpressionSyntax invocation) =>
            invocation.Expression is MemberAccessExpressionSyntax access ? access.Expression : null;
    }

    private static string? NameOf(InvocationExpressionSyntax call) => call.Expression switch
    {
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
        SimpleNameSyntax name => name.Identifier.ValueText,
        _ => null,
    };

    private static string TypeArgument(InvocationExpressionSyntax call) =>
        (call.Expression as MemberAccessExpressionSyntax)?.Name is GenericNameSyntax { TypeArgumentList.Arguments: { Count: 1 } arguments }
            ? ValueReader.TypeText(arguments[0])
            : "object";

    private static ExpressionSyntax? Argument(InvocationExpressionSyntax call, int position) =>
        position < call.ArgumentList.Arguments.Count ? call.ArgumentList.Arguments[position].Expression : null;

    private static string? Strings(InvocationExpressionSyntax call, int position) =>
        Argument(call, position) is LiteralExpressionSyntax { Token.Value: string text } ? text : null;

    private static int? Int(InvocationExpressionSyntax call, int position) =>
        Argument(call, position) is LiteralExpressionSyntax { Token.Value: var value } && value is int or long
            ? Convert.ToInt32(value, CultureInfo.InvariantCulture)
            : null;

    /// <summary>Every string literal among the arguments, including those inside <c>new[] { ... }</c>.</summary>
    /// <remarks>Loops, not LINQ: every key, index and foreign key of every Designer block read comes through here.</remarks>
    private static List<string> AllStrings(InvocationExpressionSyntax call)
    {
        var strings = new List<string>();
        foreach (var argument in call.ArgumentList.Arguments)
        {
            if (argument.Expression is LiteralExpressionSyntax literal)
            {
                AddString(literal, strings);
                continue;
            }

            foreach (var node in argument.Expression.DescendantNodes())
            {
                if (node is LiteralExpressionSyntax nested)
                {
                    AddString(nested, strings);
                }
            }
        }

        return strings;

        static void AddString(LiteralExpressionSyntax literal, List<string> strings)
        {
            if (literal.Token.Value is string text)
            {
                strings.Add(text);
            }
        }
    }

    /// <summary>The string literals in <paramref name="expression"/> (<c>new[] { "A", "B" }</c>), in order.</summary>
    private static List<string> StringsIn(ExpressionSyntax expression)
    {
        var strings = new List<string>();
        foreach (var node in expression.DescendantNodesAndSelf())
        {
            if (node is LiteralExpressionSyntax { Token.Value: string text })
            {
                strings.Add(text);
            }
        }

        return strings;
    }

    /// <summary>The <c>true</c>/<c>false</c> literals among the call's arguments, in order.</summary>
    /// <remarks>
    /// A builder of the argument count, not a <c>List&lt;bool&gt;</c>: the immutable copy of a list asks its count through an
    /// interface, framework code over <c>bool</c> that no ReadyToRun image held, which a fresh csc process JIT-compiled
    /// (0.3 ms in a bitwarden build; the benchmark's README, fifty-first round).
    /// </remarks>
    private static EquatableArray<bool> Booleans(InvocationExpressionSyntax call)
    {
        var arguments = call.ArgumentList.Arguments;
        var values = ImmutableArray.CreateBuilder<bool>(arguments.Count);
        foreach (var argument in arguments)
        {
            if (argument.Expression is LiteralExpressionSyntax { Token.Value: bool value })
            {
                values.Add(value);
            }
        }

        return values.ToEquatableArray();
    }

    /// <summary>The first argument of the chain's call named <paramref name="method"/>, as written (<c>100L</c>).</summary>
    private static string? ArgumentText(InvocationExpressionSyntax[] chain, string method) =>
        CallNamed(chain, method) is { } call && Argument(call, 0) is { } argument ? argument.ToString() : null;

    private static string? StringOf(InvocationExpressionSyntax[] chain, string method) =>
        CallNamed(chain, method) is { } call ? Strings(call, 0) : null;

    /// <summary>The first call of the chain named <paramref name="method"/> (a loop: a lambda here was a closure per property read).</summary>
    private static InvocationExpressionSyntax? CallNamed(InvocationExpressionSyntax[] chain, string method)
    {
        foreach (var call in chain)
        {
            if (NameOf(call) == method)
            {
                return call;
            }
        }

        return null;
    }

    /// <summary>Whether a flag call turns its flag on: <c>IsRequired()</c> or <c>IsRequired(true)</c>, not <c>IsRequired(false)</c>.</summary>
    private static bool IsOn(InvocationExpressionSyntax call) =>
        call.ArgumentList.Arguments.Count == 0 || Argument(call, 0) is LiteralExpressionSyntax { Token.ValueText: "true" };

    private static LambdaExpressionSyntax? LambdaOf(InvocationExpressionSyntax call, int position) =>
        Argument(call, position) as LambdaExpressionSyntax;
}
