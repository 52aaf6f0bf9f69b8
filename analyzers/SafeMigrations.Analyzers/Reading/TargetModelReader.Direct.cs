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
    /// so a question about one table reads that table's blocks, its types' ancestors and principals', and nothing else.
    /// Building the <see cref="TableIndex"/> instead walks every entity block of the Designer: most of what a drop cost on a
    /// history of small migrations, and more than half of it on a large model's (ErsatzTV's 395 Designers all have a
    /// hierarchy and owned types, which the text once left to the index). A question the text cannot answer for certain
    /// (escapes in a literal, a relationship onto an alternate key, an entity call inside a chain) is answered by the index,
    /// and without one, by the whole model.
    /// </summary>
    internal sealed class DesignerTables
    {
        // Text that can write a name's literal other than as "name" (a raw string, the unicode and hex escapes (\u, \U, \x) that
        // can write any character), and relationships onto an alternate key (HasPrincipalKey), which make every dependent of a
        // table's types part of its read: with any of them in the Designer, only the index answers. Other escapes (\" in a
        // PostgreSQL check constraint, say) write only quotes, backslashes and control characters, which the names searched for
        // never hold (see Literals). And the calls that give a type a base type or an owner, whose table it may then take.
        // All but the raw string in one pass (its quotes are no rare anchor), each by a character rare in a Designer. (The
        // default schema's call, found by its f, made the pass stop 212 more times in a jellyfin Designer: 46 µs for a 12 µs pass.)
        private const string RawString = "\"\"\"";

        // The max identifier length's annotation, whose every occurrence a question that reads blocks looks at (EF writes it on
        // PostgreSQL and SQL Server): found by its colon in the same pass, where a search of its own was a seventh of a question.
        private const string MaxIdentifierLengthLiteral = "\"Relational:MaxIdentifierLength\"";

        // The needles are the calls a lean Designer never makes (ReaderState.AncestorAndPrincipalKeyCalls), their bits the list's
        // by its order (BitOf), then the annotation's literal, whose starts the pass collects.
        private static readonly SearchableText.AnchoredNeedles ShapeText = new(
            escapes: "uUx", anchors: "BwwK:", ReaderState.With(ReaderState.AncestorAndPrincipalKeyCalls, MaxIdentifierLengthLiteral));

        private static readonly int MaxIdentifierLengthNeedle = ReaderState.AncestorAndPrincipalKeyCalls.Length;
        private static readonly int CallBits = (1 << MaxIdentifierLengthNeedle) - 1;
        private static readonly int BaseTypeBit = BitOf(ReaderState.BaseTypeCall);
        private static readonly int AncestorBits = BaseTypeBit | BitOf("OwnsOne") | BitOf("OwnsMany");
        private static readonly int PrincipalKeyBit = BitOf(ReaderState.PrincipalKeyCall);

        private readonly MethodDeclarationSyntax method;
        private readonly BlockSyntax? body;
        private readonly SearchableText? text;
        private readonly Func<TargetModel?> wholeModel;
        private readonly Dictionary<string, Answer?> answers = new(StringComparer.Ordinal);
        private Dictionary<string, Answer?>? indexAnswers;
        private readonly Dictionary<string, List<Mention>?> mentions = new(StringComparer.Ordinal);

        // The blocks read so far for the questions asked, as the index's shallow pass reads them (one state for every question:
        // a type's blocks are read whole, once, whichever question needed them).
        private readonly HashSet<string> readShallow = new(StringComparer.Ordinal);
        private HashSet<string>? derivedRead;
        private ReaderState? shallow;
        private int shapeSeen;
        private bool? isSearchable;
        private TableIndex? index;
        private bool isIndexed;
        private int? maxIdentifierLength;
        private bool isMaxIdentifierLengthRead;
        private List<int>? maxIdentifierLengthStarts;
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

        /// <summary>
        /// The tables <c>Read(method, id).TablesNamed(name)</c> returns, in the same order, for their indexes: each table's
        /// name, schema and indexes are the whole model's, but a table the text found is read only for its indexes (see
        /// <see cref="IndexesByText"/>), so its columns, keys and foreign keys may be missing.
        /// </summary>
        public IReadOnlyList<TableDefinition> TablesNamedForIndexes(string name)
        {
            if (IndexesByText(name) is { } answer)
            {
                return answer.Key is { } key ? answer.Model.TablesNamed(name, key.Schema) : Array.Empty<TableDefinition>();
            }

            return Index is { } tableIndex ? tableIndex.TablesNamed(name) : wholeModel()?.TablesNamed(name) ?? Array.Empty<TableDefinition>();
        }

        /// <summary>
        /// The table <c>Read(method, id).TableOfIndex(index)</c> returns, for its name and schema: as in
        /// <see cref="TablesNamedForIndexes"/>, its name, schema and indexes are the whole model's, the rest may be missing.
        /// </summary>
        public TableDefinition? TableOfIndex(string index)
        {
            if (TableOfIndexByText(index, out var table))
            {
                IndexesAnsweredByText++;
                return table;
            }

            return wholeModel()?.TableOfIndex(index);
        }

        /// <summary>How many index questions the text answered (for the tests).</summary>
        internal int IndexesAnsweredByText { get; private set; }

        /// <summary>
        /// The table of an index the Designer does not name: EF's convention names it <c>IX_table_columns</c>, so the tables
        /// it can be in are those named by what comes before one of its underscores, each asked as any table is. False when
        /// the text cannot tell: the name's literal is in the Designer (HasDatabaseName), the name is cut to the provider's
        /// length (it ends in <c>~</c>), or two tables hold it (the first in the model's order is the answer).
        /// </summary>
        private bool TableOfIndexByText(string index, out TableDefinition? table)
        {
            table = null;
            if (isIndexed || !IsSearchable() || Mentions(index) is not { Count: 0 } || index.EndsWith("~", StringComparison.Ordinal))
            {
                return false;
            }

            const string Prefix = "IX_";
            if (!index.StartsWith(Prefix, StringComparison.Ordinal))
            {
                return true; // Neither named in the Designer nor by the convention: no table has it.
            }

            // A table's name is never empty: the first candidate ends at an underscore after the prefix's own.
            for (var end = Prefix.Length + 1; end < index.Length; end++)
            {
                if (index[end] != '_')
                {
                    continue;
                }

                var name = index.Substring(Prefix.Length, end - Prefix.Length);
                if (IndexesByText(name) is null)
                {
                    return false;
                }

                // By index: a foreach over the read-only list boxed its enumerator for every candidate name of every index asked.
                var candidates = TablesNamedForIndexes(name);
                for (var i = 0; i < candidates.Count; i++)
                {
                    var candidate = candidates[i];
                    if (candidate.HasIndexNamed(index))
                    {
                        if (table is not null)
                        {
                            return false;
                        }

                        table = candidate;
                    }
                }
            }

            return true;
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
        /// <remarks>The blocks to read are kept as data and read on the first use of <see cref="Model"/>: no Lazy, closure or delegate per question.</remarks>
        private sealed class Answer
        {
            private static readonly TargetModel NoTables = new(null, Infrastructure.EquatableArray<TableDefinition>.Empty, DatabaseProvider.Unknown);

            private readonly DesignerTables? reader;
            private readonly List<Mention>? statements;
            private readonly HashSet<string>? principals;
            private readonly bool indexesOnly;
            private TargetModel? model;

            public Answer((string Name, string? Schema) key, DesignerTables reader, List<Mention> statements, HashSet<string> principals, bool indexesOnly)
            {
                Key = key;
                this.reader = reader;
                this.statements = statements;
                this.principals = principals;
                this.indexesOnly = indexesOnly;
            }

            private Answer()
            {
            }

            /// <summary>No entity type is mapped to a table of the name (one per Designer and question: the model is not thread-safe).</summary>
            public static Answer None() => new();

            public (string Name, string? Schema)? Key { get; }

            public TargetModel Model => model ??= reader is null ? NoTables : reader.ReadBlocks(Key!.Value.Name, statements!, principals!, indexesOnly);
        }

        /// <summary>The tables named <paramref name="name"/> of <paramref name="statements"/>' blocks, read in the Designer's order (see <see cref="Search"/>).</summary>
        private TargetModel ReadBlocks(string name, List<Mention> statements, HashSet<string> principals, bool indexesOnly)
        {
            statements.Sort(ByPosition);
            var calls = new List<ExpressionSyntax>(statements.Count);
            foreach (var statement in statements)
            {
                calls.Add(statement.EntityCall);
            }

            return ReadTables(calls, name, principals, text, MaxIdentifierLength(), DefaultSchema(), indexesOnly, IsLean());
        }

        private Answer? ByText(string name) => ByText(name, answers, indexesOnly: false);

        /// <summary>
        /// The answer for a question about the indexes of the tables of a name: the table's answer when a question has read
        /// it already, otherwise one that reads the table's types only for what decides their indexes (see
        /// <see cref="ReaderState.IndexesOnly"/>) and leaves the principals of their relationships out. Checking a dropped index
        /// read the whole of its table and its principals: a quarter of the callbacks' time on jellyfin, whose Up methods drop
        /// 62 indexes of tables of up to 80 columns.
        /// </summary>
        private Answer? IndexesByText(string name) =>
            answers.TryGetValue(name, out var whole) ? whole : ByText(name, indexAnswers ??= new(StringComparer.Ordinal), indexesOnly: true);

        private Answer? ByText(string name, Dictionary<string, Answer?> answered, bool indexesOnly)
        {
            if (!answered.TryGetValue(name, out var answer))
            {
                // Once a question has built the index (the text could not answer it), the index answers the rest: it reads no
                // more than the text would, and a refused search may have stopped between a base and its derived types, which
                // a later search would take as read.
                answer = !isIndexed && IsSearchable() ? Search(name, indexesOnly) : null;
                answered[name] = answer;
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
                    var starts = new List<int>();
                    shapeSeen = text.Seen(span, ShapeText, MaxIdentifierLengthNeedle, starts, out var complete);
                    maxIdentifierLengthStarts = complete ? starts : null;
                    isSearchable = (shapeSeen & (ShapeText.EscapeBit | PrincipalKeyBit)) == 0 && !text.Contains(span, RawString);
                }
            }

            return isSearchable.Value;
        }

        /// <summary>
        /// The table named <paramref name="name"/> from the blocks the text leads to, or null when the text cannot tell
        /// for certain. The index reads every entity block shallowly to learn which types are mapped to the table; here only
        /// the blocks that can map a type to it are read, the same way: those of the types whose statements hold the name's
        /// literal (a ToTable of their own, an owned type's, a SplitToTable), with the types they derive from, and the types
        /// derived from those (a derived type without a ToTable of its own is in its base's table). Then, as the index does,
        /// the table's types with their ancestors, and the principals of their relationships with theirs, are read in the
        /// Designer's order. For <paramref name="indexesOnly"/>, the table's types are read only for their indexes, and the
        /// principals not at all: an index is on its own table's columns.
        /// </summary>
        /// <remarks>
        /// Why no other block can matter: a type's table is decided by its own statements, or by those of the type it derives
        /// from or is owned by. A type mapped to the table therefore has the name's literal in its statements, or an ancestor
        /// that has it; the chain down from that ancestor is a chain of HasBaseType calls naming each base (found here), or of
        /// owned types (read with their owner's statements).
        /// </remarks>
        private Answer? Search(string name, bool indexesOnly)
        {
            shallow ??= new ReaderState { Shallow = true, Text = text, DefaultSchema = DefaultSchema(), Lean = IsLean() };
            if (Mentions(name) is not { } mentions)
            {
                return null;
            }

            var mentioning = new List<string>();
            foreach (var mention in mentions)
            {
                if (!mentioning.Contains(mention.Entity))
                {
                    mentioning.Add(mention.Entity);
                }
            }

            foreach (var entity in mentioning)
            {
                if (!ReadShallow(entity))
                {
                    return null;
                }
            }

            // Their ancestors read (a Designer without base types or owners has none, and no set is made to say so).
            if ((MayHaveAncestors() && WithAncestorsRead(mentioning) is null) || !ReadDerivedTypes(mentioning))
            {
                return null;
            }

            var schemas = shallow.SchemasOfTable(name);
            if (schemas.Count != 1)
            {
                // No type is mapped to a table of this name, or tables of this name are in two schemas: which one a question
                // means depends on the order of every entity type, which only the index knows.
                return schemas.Count == 0 ? Answer.None() : null;
            }

            var schema = schemas[0];
            if (WithAncestorsRead(shallow.MembersOf(schema + "." + name)) is not { } tableTypes
                || (indexesOnly ? new HashSet<string>(StringComparer.Ordinal) : WithAncestorsRead(shallow.PrincipalsOf(tableTypes))) is not { } principals)
            {
                return null;
            }

            principals.ExceptWith(tableTypes);
            var statements = new List<Mention>();
            foreach (var entity in tableTypes)
            {
                if (!AddBlocksOf(entity, statements))
                {
                    return null;
                }
            }

            foreach (var entity in principals)
            {
                if (!AddBlocksOf(entity, statements))
                {
                    return null;
                }
            }

            return new Answer((name, schema), this, statements, principals, indexesOnly);
        }

        /// <summary>
        /// The types and those they derive from or are owned by, as the index's <c>WithAncestors</c> finds them, each read
        /// shallowly (an ancestor is known only once its blocks are read); null when the text cannot tell a block.
        /// </summary>
        /// <remarks>A list by index, not an enumerable: each question boxed the lists' enumerators here (and in the set's constructor).</remarks>
        private HashSet<string>? WithAncestorsRead(IReadOnlyList<string> names)
        {
            if (!MayHaveAncestors())
            {
                // Nothing in the Designer sets a base type or an owner.
                var set = new HashSet<string>(StringComparer.Ordinal);
                for (var i = 0; i < names.Count; i++)
                {
                    set.Add(names[i]);
                }

                return set;
            }

            while (true)
            {
                var withAncestors = shallow!.WithAncestors(names);
                var complete = true;
                foreach (var entity in withAncestors)
                {
                    if (!readShallow.Contains(entity))
                    {
                        if (!ReadShallow(entity))
                        {
                            return null;
                        }

                        complete = false;
                    }
                }

                if (complete)
                {
                    return withAncestors;
                }
            }
        }

        /// <summary>
        /// Reads the types derived from <paramref name="bases"/> shallowly, and those derived from them; false when the text
        /// cannot tell them. A derived type's blocks call <c>HasBaseType("Base")</c>, a literal of the base already searched for
        /// when its own blocks were read (every base here has been).
        /// </summary>
        private bool ReadDerivedTypes(List<string> bases)
        {
            if (!MayHaveAncestors())
            {
                return true; // No HasBaseType in the Designer: no type derives from another, and no base's literal need be searched for.
            }

            var pending = new Queue<string>(bases);
            while (pending.Count > 0)
            {
                var baseName = pending.Dequeue();
                if (!(derivedRead ??= new(StringComparer.Ordinal)).Add(baseName))
                {
                    continue;
                }

                if (Mentions(baseName) is not { } mentions)
                {
                    return false;
                }

                foreach (var mention in mentions)
                {
                    // With its own ancestors: a derived type's table may come from a type between it and the base.
                    if (mention.Kind == MentionKind.BaseType)
                    {
                        if (!ReadShallow(mention.Entity) || WithAncestorsRead(new[] { mention.Entity }) is null)
                        {
                            return false;
                        }

                        pending.Enqueue(mention.Entity);
                    }
                }
            }

            return true;
        }

        /// <summary>
        /// Whether the Designer calls HasBaseType, OwnsOne or OwnsMany: without them no type has a base or an owner, and
        /// the types' ancestors (a principal's, say) need no reading. Found by the pass of <see cref="IsSearchable"/>, which
        /// every question makes first (and only a searchable Designer is read by the text).
        /// </summary>
        private bool MayHaveAncestors() => (shapeSeen & AncestorBits) != 0;

        /// <summary>
        /// Whether the Designer calls none of <see cref="ReaderState.AncestorAndPrincipalKeyCalls"/>, by the pass of
        /// <see cref="IsSearchable"/>: its blocks are searched for the other calls alone (see <see cref="ReaderState.Lean"/>).
        /// </summary>
        private bool IsLean() => (shapeSeen & CallBits) == 0;

        /// <summary>The bit of <paramref name="call"/> in the shape pass's answer: its place in the list the pass searches for.</summary>
        private static int BitOf(string call)
        {
            var place = Array.IndexOf(ReaderState.AncestorAndPrincipalKeyCalls, call);
            return place >= 0 ? 1 << place : throw new InvalidOperationException(call + " is not one of the shape pass's needles.");
        }

        /// <summary>Reads an entity type's blocks shallowly, as the index does, in the Designer's order; false when the text cannot tell them all.</summary>
        private bool ReadShallow(string entity)
        {
            if (readShallow.Contains(entity))
            {
                return true;
            }

            if (BlocksOf(entity) is not { } blocks)
            {
                return false;
            }

            // An owned type (Owner.Navigation#Type) is read with its owner's blocks: one whose owner has not been read, or
            // that has blocks of its own to read in the Designer's order with its owner's, is left to the index.
            if (entity.IndexOf('#') >= 0 && (blocks.Count > 0 || !shallow!.Knows(entity)))
            {
                return false;
            }

            foreach (var block in blocks)
            {
                shallow!.ReadEntityBlock(entity, LambdaOf(block.EntityCall, 1)!);
            }

            readShallow.Add(entity);
            return true;
        }

        /// <summary>The top-level <c>modelBuilder.Entity("entity", b => { ... })</c> statements of an entity type, in order, or null when the text cannot tell them all.</summary>
        private List<Mention>? BlocksOf(string entity)
        {
            var blocks = new List<Mention>();
            return AddBlocksOf(entity, blocks) ? blocks : null;
        }

        /// <summary>Adds the blocks of <see cref="BlocksOf"/> to <paramref name="blocks"/>; false when the text cannot tell them all. A loop: no closure per type.</summary>
        private bool AddBlocksOf(string entity, List<Mention> blocks)
        {
            if (Mentions(entity) is not { } mentioned)
            {
                return false;
            }

            foreach (var mention in mentioned)
            {
                if (mention.Kind == MentionKind.OpensBlock && mention.Entity == entity)
                {
                    blocks.Add(mention);
                }
            }

            return true;
        }

        private static int ByPosition(Mention left, Mention right) => left.EntityCall.SpanStart.CompareTo(right.EntityCall.SpanStart);

        private enum MentionKind
        {
            /// <summary>Anywhere else: a ToTable's table, a relationship's principal, an index's name, a comment...</summary>
            Other,

            /// <summary>The type's name in its own <c>modelBuilder.Entity("Type", b => { ... })</c>: the statement is one of its blocks.</summary>
            OpensBlock,

            /// <summary>The base in a <c>HasBaseType("Base")</c> of the statement's type (or of a type owned in it).</summary>
            BaseType,
        }

        /// <summary>A literal in a top-level <c>modelBuilder.Entity("Type", b => { ... })</c> statement: the statement's entity call, its type, and what the literal is there.</summary>
        /// <remarks>
        /// A class, not a struct: the lists, sorts and spans of a struct of ours are generic code that no ReadyToRun image
        /// holds, and a fresh csc process JIT-compiled 48 methods for them; over a class they are the framework's shared code.
        /// </remarks>
        private sealed record Mention(InvocationExpressionSyntax EntityCall, string Entity, MentionKind Kind);

        /// <summary>
        /// The top-level entity statements that hold the quoted text of <paramref name="value"/>, in order; null when the text
        /// cannot tell them all: a value whose literal may be written with an escape, or a hit in a top-level statement that
        /// calls Entity in a shape the index does not read (then the whole model answers). Each value is searched for once.
        /// </summary>
        /// <remarks>
        /// A hit that is no literal of the value (in a comment, in a longer verbatim string) is kept as <see cref="MentionKind.Other"/>:
        /// it only makes a question read one more type's blocks, which never changes an answer. So only the hits that may be
        /// a HasBaseType argument need their token found; finding every hit's token, down from the body, was the largest part
        /// of a question on jellyfin's Designers, where a type's name is in every relationship that points to it.
        /// </remarks>
        private List<Mention>? Mentions(string value)
        {
            if (!mentions.TryGetValue(value, out var found))
            {
                found = FindMentions(value);
                mentions[value] = found;
            }

            return found;
        }

        private List<Mention>? FindMentions(string value)
        {
            foreach (var c in value)
            {
                if (c is '"' or '\\' || char.IsControl(c))
                {
                    return null; // Its literal may be written with an escape, which the search does not see.
                }
            }

            var hits = text!.FindAll(body!.FullSpan, "\"" + value + "\"");
            var found = new List<Mention>(hits.Count);
            foreach (var position in hits)
            {
                if (StatementsByText.StatementAt(body, position) is not { } topLevel)
                {
                    continue; // In the braces' trivia.
                }

                switch (EntityStatement(topLevel))
                {
                    case (true, null):
                        return null;
                    case (_, { } entityCall):
                        found.Add(new Mention(entityCall, Strings(entityCall, 0)!, KindOf(entityCall, position, value)));
                        break;
                }
            }

            return found;
        }

        /// <summary>What the quoted value at <paramref name="position"/> is in the entity statement of <paramref name="entityCall"/>.</summary>
        private MentionKind KindOf(InvocationExpressionSyntax entityCall, int position, string value)
        {
            if (entityCall.ArgumentList.Arguments[0].Expression is LiteralExpressionSyntax { Token: var name } && name.Span.Contains(position))
            {
                return name.ValueText == value ? MentionKind.OpensBlock : MentionKind.Other;
            }

            if ((shapeSeen & BaseTypeBit) == 0)
            {
                return MentionKind.Other; // No HasBaseType in the whole Designer (one that is read by the text has had its pass).
            }

            // A base type's literal is an argument of a HasBaseType call, whose name is in the same statement of the block.
            var inBlock = LambdaOf(entityCall, 1)!.Body switch
            {
                BlockSyntax block => StatementsByText.StatementAt(block, position),
                var expression when expression.FullSpan.Contains(position) => expression,
                _ => null,
            };
            if (inBlock is null || !text!.Contains(inBlock.Span, ReaderState.BaseTypeCall))
            {
                return MentionKind.Other;
            }

            return inBlock.FindToken(position) is { RawKind: (int)SyntaxKind.StringLiteralToken } token && token.ValueText == value
                && token.Parent is LiteralExpressionSyntax { Parent: ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax call } arguments } argument }
                && arguments.Arguments[0] == argument && NameOf(call) == ReaderState.BaseTypeCall
                    ? MentionKind.BaseType
                    : MentionKind.Other;
        }

        /// <summary>
        /// The entity call of a statement directly in the body; or, with none, whether the statement calls Entity in a shape the
        /// index refuses (Unreadable).
        /// </summary>
        private static (bool Unreadable, InvocationExpressionSyntax? EntityCall) EntityStatement(StatementSyntax topLevel)
        {
            if (topLevel is not ExpressionStatementSyntax { Expression: var expression })
            {
                return (false, null); // Not a statement the index or the whole read takes.
            }

            return expression is InvocationExpressionSyntax call && IsEntityBlockStatement(call) ? (false, call) : (CallsAnywhere(expression, "Entity"), null);
        }

        /// <summary>
        /// What the whole read takes from the model's annotations for the names EF makes up: the max identifier length of the
        /// last top-level statement that sets it. Only statements that name the annotation can, so only those are read: where the
        /// pass of <see cref="IsSearchable"/> found its literal, or a search of its own when that pass did not read the whole body.
        /// </summary>
        private int? MaxIdentifierLength()
        {
            if (!isMaxIdentifierLengthRead)
            {
                foreach (var position in maxIdentifierLengthStarts ?? text!.FindAll(body!.FullSpan, MaxIdentifierLengthLiteral))
                {
                    if (body!.FindToken(position).Parent is LiteralExpressionSyntax { Parent: ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax call } arguments } argument }
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
    }
}
