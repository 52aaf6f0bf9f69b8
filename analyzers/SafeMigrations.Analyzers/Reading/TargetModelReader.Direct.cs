using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SafeMigrations.Analyzers.Model;

namespace SafeMigrations.Analyzers.Reading;

internal static partial class TargetModelReader
{
    /// <summary>
    /// One Designer's tables, each found by searching the Designer's text for its name and the names of its entity types,
    /// so a question about one table reads that table's blocks and its principals' and nothing else. Building the
    /// <see cref="TableIndex"/> instead walks every entity block of the Designer: most of what a drop cost on a history of
    /// small migrations. A question the text cannot answer for certain (a type hierarchy, owned types, views, escapes in
    /// a literal, an entity call inside a chain) is answered by the index, and without one, by the whole model.
    /// </summary>
    internal sealed class DesignerTables
    {
        // Every call that decides an entity's table but its own ToTable (a base type, an owner, a view...), and text that can
        // write a name's literal other than as "name" (a raw string here, the unicode and hex escapes below): with any of
        // them in the Designer, only the index answers. Other escapes (\" in a PostgreSQL check constraint, say) write only quotes,
        // backslashes and control characters, which the names searched for never hold (see Literals).
        private static readonly SearchableText.Markers IndexOnlyText = new(ReaderState.TableCalls.Where(call => call != "ToTable").Concat(new[] { "\"\"\"", ReaderState.PrincipalKeyCall }));

        /// <summary>What follows a backslash in the escapes that can write any character (\u, \U, \x).</summary>
        private const string AnyCharacterEscapes = "uUx";

        private readonly MethodDeclarationSyntax method;
        private readonly BlockSyntax? body;
        private readonly SearchableText? text;
        private readonly Func<TargetModel?> wholeModel;
        private readonly Dictionary<string, Answer?> answers = new(StringComparer.Ordinal);
        private bool? isSearchable;
        private TableIndex? index;
        private bool isIndexed;
        private int? maxIdentifierLength;
        private bool isMaxIdentifierLengthRead;
        private string? defaultSchema;
        private bool isDefaultSchemaRead;

        /// <param name="wholeModel">The Designer's whole model, for a Designer of a shape the index does not know.</param>
        public DesignerTables(MethodDeclarationSyntax method, Func<TargetModel?> wholeModel)
        {
            this.method = method;
            body = method.Body;
            text = method.SyntaxTree.TryGetText(out var sourceText) ? new SearchableText(sourceText) : null;
            this.wholeModel = wholeModel;
        }

        /// <summary>How many questions the text answered (for the tests).</summary>
        internal int AnsweredByText { get; private set; }

        /// <summary>What <c>Read(method, id).Table(name, schema)</c> returns.</summary>
        public TableDefinition? Table(string name, string? schema)
        {
            if (ByText(name) is { } answer)
            {
                return answer.Key is { } key && TargetModel.SchemasAgree(key.Schema, schema) ? answer.Model.Table(name, schema) : null;
            }

            return Index is { } tableIndex ? tableIndex.Table(name, schema) : wholeModel()?.Table(name, schema);
        }

        /// <summary>What <c>Read(method, id).TablesNamed(name)</c> returns, in the same order.</summary>
        public IReadOnlyList<TableDefinition> TablesNamed(string name)
        {
            if (ByText(name) is { } answer)
            {
                return answer.Key is { } key ? answer.Model.Tables.Where(t => t.Name == name && t.Schema == key.Schema).ToList() : Array.Empty<TableDefinition>();
            }

            return Index is { } tableIndex ? tableIndex.TablesNamed(name) : wholeModel()?.TablesNamed(name) ?? Array.Empty<TableDefinition>();
        }

        private TableIndex? Index
        {
            get
            {
                if (!isIndexed)
                {
                    index = TargetModelReader.Index(method);
                    isIndexed = true;
                }

                return index;
            }
        }

        /// <summary>
        /// The one table of a name (its schema), or none when no entity type is mapped to one, and its model: the blocks of
        /// the table's entity types and their principals, read as the index reads them when a question needs more than the
        /// schema (a foreign key's principal table is asked for its schema alone).
        /// </summary>
        private sealed class Answer
        {
            private static readonly TargetModel NoTables = new(null, Infrastructure.EquatableArray<TableDefinition>.Empty, DatabaseProvider.Unknown);

            private readonly Lazy<TargetModel> model;

            public Answer((string Name, string? Schema)? key, Func<TargetModel> readModel)
            {
                Key = key;
                model = new Lazy<TargetModel>(readModel, System.Threading.LazyThreadSafetyMode.None);
            }

            /// <summary>No entity type is mapped to a table of the name (one per Designer and question: the model is not thread-safe).</summary>
            public static Answer None() => new(null, () => NoTables);

            public (string Name, string? Schema)? Key { get; }

            public TargetModel Model => model.Value;
        }

        private Answer? ByText(string name)
        {
            if (!answers.TryGetValue(name, out var answer))
            {
                answer = IsSearchable() ? Search(name) : null;
                answers[name] = answer;
                if (answer is not null)
                {
                    AnsweredByText++;
                }
            }

            return answer;
        }

        private bool IsSearchable()
        {
            if (isSearchable is null)
            {
                isSearchable = false;
                if (body is not null && text is not null)
                {
                    var span = body.FullSpan;
                    isSearchable = !text.ContainsEscape(span, AnyCharacterEscapes) && !text.ContainsAny(span, IndexOnlyText);
                }
            }

            return isSearchable.Value;
        }

        /// <summary>
        /// The table named <paramref name="name"/> from the blocks the text leads to, or null when the text cannot tell
        /// for certain. The blocks are those of the entity types mapped to it by a <c>ToTable("name")</c> and of the
        /// principals of their relationships, every <c>modelBuilder.Entity("Type", ...)</c> of them, read in the Designer's order.
        /// </summary>
        private Answer? Search(string name)
        {
            // Entity types whose blocks call ToTable("name"): those whose last ToTable names the table are its members.
            if (Literals(name) is not { } literals)
            {
                return null;
            }

            var candidates = new List<string>();
            foreach (var hit in literals)
            {
                switch (Classify(hit))
                {
                    case (HitKind.Unreadable, _):
                        return null;
                    case (HitKind.ToTable, { } entityCall) when Strings(entityCall, 0) is { } entity && !candidates.Contains(entity):
                        candidates.Add(entity);
                        break;
                }
            }

            if (candidates.Count == 0)
            {
                return Answer.None();
            }

            var memberStatements = new List<(int Position, string Entity, ExpressionSyntax Expression, LambdaExpressionSyntax Lambda)>();
            foreach (var candidate in candidates)
            {
                if (EntityStatements(candidate) is not { } found)
                {
                    return null;
                }

                memberStatements.AddRange(found);
            }

            // The shallow read the index makes, of these blocks only: each type's table, and the principals of its relationships.
            var shallow = new ReaderState { Shallow = true, Text = text, DefaultSchema = DefaultSchema() };
            memberStatements.Sort(ByPosition);
            foreach (var (_, entity, _, lambda) in memberStatements)
            {
                shallow.ReadEntityBlock(entity, lambda);
            }

            var keys = new List<(string Name, string? Schema)>();
            var members = new HashSet<string>(StringComparer.Ordinal);
            foreach (var candidate in candidates)
            {
                if (shallow.TableOfEntity(candidate, out var schema) == name)
                {
                    members.Add(candidate);
                    if (!keys.Contains((name, schema)))
                    {
                        keys.Add((name, schema));
                    }
                }
            }

            if (keys.Count != 1)
            {
                // No member (every ToTable("name") was overridden), or tables of this name in two schemas: which one a
                // question means depends on the order of every entity type, which only the index knows.
                return keys.Count == 0 ? Answer.None() : null;
            }

            var principals = new HashSet<string>(shallow.PrincipalsOf(members), StringComparer.Ordinal);
            principals.ExceptWith(members);
            var statements = memberStatements.FindAll(s => members.Contains(s.Entity));
            foreach (var principal in principals)
            {
                if (EntityStatements(principal) is not { } found)
                {
                    return null;
                }

                statements.AddRange(found);
            }

            return new Answer(keys[0], () =>
            {
                var state = new ReaderState { KeyOnly = principals, Text = text, MaxIdentifierLength = MaxIdentifierLength(), DefaultSchema = DefaultSchema() };
                statements.Sort(ByPosition);
                foreach (var statement in statements)
                {
                    state.ReadModelStatement(statement.Expression);
                }

                return new TargetModel(null, state.BuildTables(), DatabaseProvider.Unknown);
            });
        }

        /// <summary>
        /// What the whole read takes from the model's annotations for the names EF makes up: the max identifier length of the
        /// last top-level statement that sets it. Only statements that name the annotation can, so only those are read.
        /// </summary>
        private int? MaxIdentifierLength()
        {
            if (!isMaxIdentifierLengthRead)
            {
                foreach (var position in text!.FindAll(body!.FullSpan, "\"Relational:MaxIdentifierLength\""))
                {
                    if (body.FindToken(position).Parent is LiteralExpressionSyntax { Parent: ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax call } arguments } argument }
                        && arguments.Arguments.Count > 1 && arguments.Arguments[0] == argument && NameOf(call) == "HasAnnotation" && IsOnTopLevelChain(call)
                        && ReaderState.MaxIdentifierLengthOf("Relational:MaxIdentifierLength", arguments.Arguments[1].Expression) is { } length)
                    {
                        maxIdentifierLength = length; // The last one wins, as in the whole read.
                    }
                }

                isMaxIdentifierLengthRead = true;
            }

            return maxIdentifierLength;
        }

        /// <summary>
        /// The model's default schema as the whole read takes it: the argument of the last <c>HasDefaultSchema</c> call on a
        /// top-level chain (<c>modelBuilder.HasDefaultSchema("app").HasAnnotation(...)</c>). One search per Designer.
        /// </summary>
        private string? DefaultSchema()
        {
            if (!isDefaultSchemaRead)
            {
                foreach (var position in text!.FindAll(body!.FullSpan, "HasDefaultSchema"))
                {
                    if (body.FindToken(position).Parent is IdentifierNameSyntax { Parent: MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax call } }
                        && NameOf(call) == "HasDefaultSchema" && IsOnTopLevelChain(call))
                    {
                        defaultSchema = Strings(call, 0); // The last one wins, as in the whole read.
                    }
                }

                isDefaultSchemaRead = true;
            }

            return defaultSchema;
        }

        private bool IsOnTopLevelChain(InvocationExpressionSyntax call) => TargetModelReader.IsOnTopLevelChain(call, body!);

        /// <summary>In the Designer's order (each statement is one entity call, so no two share a position).</summary>
        private static int ByPosition(
            (int Position, string Entity, ExpressionSyntax Expression, LambdaExpressionSyntax Lambda) left,
            (int Position, string Entity, ExpressionSyntax Expression, LambdaExpressionSyntax Lambda) right) =>
            left.Position.CompareTo(right.Position);

        /// <summary>The top-level <c>modelBuilder.Entity("entity", b => { ... })</c> statements of an entity type, or null when the text cannot tell them all.</summary>
        private List<(int Position, string Entity, ExpressionSyntax Expression, LambdaExpressionSyntax Lambda)>? EntityStatements(string entity)
        {
            if (Literals(entity) is not { } literals)
            {
                return null;
            }

            var statements = new List<(int, string, ExpressionSyntax, LambdaExpressionSyntax)>();
            foreach (var hit in literals)
            {
                switch (Classify(hit))
                {
                    case (HitKind.Unreadable, _):
                        return null;
                    case (HitKind.Entity, { } call):
                        statements.Add((call.SpanStart, entity, call, LambdaOf(call, 1)!));
                        break;
                }
            }

            return statements;
        }

        /// <summary>
        /// The string literal tokens of the body whose value is <paramref name="value"/>, found by its quoted text; null for a
        /// value whose literal may be written otherwise (one holding a quote, a backslash or a control character, which
        /// take an escape).
        /// </summary>
        private List<SyntaxToken>? Literals(string value)
        {
            foreach (var c in value)
            {
                if (c is '"' or '\\' || char.IsControl(c))
                {
                    return null;
                }
            }

            var hits = text!.FindAll(body!.FullSpan, "\"" + value + "\"");
            var literals = new List<SyntaxToken>(hits.Count);
            foreach (var position in hits)
            {
                var token = body.FindToken(position);
                if (token.IsKind(SyntaxKind.StringLiteralToken) && token.ValueText == value)
                {
                    literals.Add(token);
                }
            }

            return literals;
        }

        private enum HitKind
        {
            /// <summary>A literal that maps no entity type and opens no entity block: an index name, a comment, a foreign key's principal.</summary>
            Other,

            /// <summary>The type of a top-level <c>modelBuilder.Entity("Type", b => { ... })</c>.</summary>
            Entity,

            /// <summary>The table of a <c>b.ToTable("Table", ...)</c> statement directly in such a block.</summary>
            ToTable,

            /// <summary>In a statement of a shape the index does not read the same way (an entity call in a chain, say).</summary>
            Unreadable,
        }

        /// <summary>
        /// What a literal is, the way <see cref="Index"/> and the shallow pass would read its statement, with the top-level
        /// entity call it opens (<see cref="HitKind.Entity"/>) or sits in (<see cref="HitKind.ToTable"/>).
        /// </summary>
        private (HitKind Kind, InvocationExpressionSyntax? EntityCall) Classify(SyntaxToken literal)
        {
            if (literal.Parent is not LiteralExpressionSyntax { Parent: ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax call } arguments } argument }
                || arguments.Arguments.IndexOf(argument) != 0)
            {
                return (InTopLevelEntityChain(literal.Parent) ? HitKind.Unreadable : HitKind.Other, null);
            }

            // modelBuilder.Entity("Type", b => { ... }), a statement of the method body: exactly what the index takes.
            if (call.Parent is ExpressionStatementSyntax topLevel && topLevel.Parent == body)
            {
                return IsEntityBlockStatement(call) ? (HitKind.Entity, (InvocationExpressionSyntax?)call)
                    : CallsAnywhere(call, "Entity") ? (HitKind.Unreadable, null) : (HitKind.Other, null);
            }

            if (NameOf(call) != "ToTable")
            {
                return (InTopLevelEntityChain(call) ? HitKind.Unreadable : HitKind.Other, null);
            }

            // b.ToTable("Table"...) as the innermost call of a statement directly in the block of a top-level entity call.
            var statement = call.FirstAncestorOrSelf<ExpressionStatementSyntax>();
            if (statement is { Parent: BlockSyntax { Parent: LambdaExpressionSyntax lambda } }
                && Innermost(statement.Expression) == call
                && lambda.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax entityCall } }
                && entityCall.Parent is ExpressionStatementSyntax entityStatement && entityStatement.Parent == body
                && IsEntityBlockStatement(entityCall) && LambdaOf(entityCall, 1) == lambda)
            {
                return (HitKind.ToTable, entityCall);
            }

            // A ToTable the shallow pass would not take as the entity's table, or takes where the text cannot say.
            return (HitKind.Unreadable, null);
        }

        /// <summary>Whether <paramref name="node"/> sits in a top-level statement that calls Entity other than as the index reads it.</summary>
        private bool InTopLevelEntityChain(SyntaxNode? node)
        {
            // Up to the statement directly in the body, and no further: the body's ancestors hold no statement of it.
            var topLevel = node;
            while (topLevel is not null && topLevel.Parent != body)
            {
                topLevel = topLevel.Parent;
            }

            return topLevel is ExpressionStatementSyntax { Expression: var expression }
                && !(expression is InvocationExpressionSyntax call && IsEntityBlockStatement(call))
                && CallsAnywhere(expression, "Entity");
        }
    }
}
