using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SafeMigrations.Analyzers.Infrastructure;
using SafeMigrations.Analyzers.Model;

namespace SafeMigrations.Analyzers.Reading;

// Reading the Designer's statements into entity states: properties, keys, indexes, relationships, owned, complex and
// JSON types, table mappings, sequences and provider options.
internal static partial class TargetModelReader
{
    internal sealed partial class ReaderState
    {
        public void ReadModelStatement(ExpressionSyntax expression)
        {
            var chain = Chain(expression);
            if (chain.Length == 0)
            {
                return;
            }

            // NpgsqlModelBuilderExtensions.UseIdentityByDefaultColumns(modelBuilder) and friends. EF writes the model's own
            // statements before its entity types, and only those name the provider (see EntityTypesBegun).
            if (chain[0].Expression is MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax holder })
            {
                Hint(holder.Identifier.ValueText);
            }

            foreach (var call in chain)
            {
                var name = NameOf(call);
                if (name == "HasAnnotation" && Strings(call, 0) is { } annotation)
                {
                    HintAnnotation(annotation, Argument(call, 1));
                }
                else if (name == "Entity" && Strings(call, 0) is { } entityName && LambdaOf(call, 1) is { } lambda)
                {
                    EntityTypesBegun = true;
                    ReadEntity(Entity(entityName), lambda);
                }
                else if (name == "HasDefaultSchema")
                {
                    DefaultSchema = Strings(call, 0); // HasDefaultSchema(null) puts the tables back in the database's default.
                }
                else if (name == "HasSequence" && ReferenceEquals(call, chain[0]) && Strings(call, 0) is { } sequenceName)
                {
                    Sequences.Add(new SequenceDefinition(
                        sequenceName,
                        Strings(call, 1),
                        TypeArgument(call) is var type && type != "object" && type != "long" ? type : null,
                        ArgumentText(chain, "StartsAt"),
                        ArgumentText(chain, "IncrementsBy"),
                        ArgumentText(chain, "HasMin"),
                        ArgumentText(chain, "HasMax"),
                        CallNamed(chain, "IsCyclic") is { } cyclic && IsOn(cyclic)));
                }
            }
        }

        /// <summary>One <c>modelBuilder.Entity("Name", b => { ... })</c> block.</summary>
        public void ReadEntityBlock(string entityName, LambdaExpressionSyntax lambda) => ReadEntity(Entity(entityName), lambda);

        private EntityState Entity(string name)
        {
            if (!entities.TryGetValue(name, out var entity))
            {
                entities[name] = entity = new EntityState(name);
                order.Add(name);
            }

            return entity;
        }

        private void ReadEntity(EntityState entity, LambdaExpressionSyntax lambda)
        {
            if (lambda.Body is not BlockSyntax block)
            {
                return;
            }

            // The shallow pass, and a principal read for its key, read only the statements whose text names a call they
            // read: the others get no syntax nodes.
            var found = Text is null ? null
                : Shallow ? (ShallowHits is { } hits ? StatementsByText.At(block, hits) : StatementsByText.Mentioning(block, Text, Lean ? LeanTableDecidingCalls : TableDecidingCalls))
                : KeyOnly?.Contains(entity.Name) == true ? StatementsByText.Mentioning(block, Text, Lean ? LeanKeyDecidingCalls : KeyDecidingCalls)
                : IndexesOnly ? StatementsByText.Mentioning(block, Text, Lean ? LeanIndexDecidingCalls : IndexDecidingCalls)
                : null;

            // By index, and the block's own list as the struct it is: an interface's enumerator (and the list boxed) was two
            // objects for every block a question read.
            if (found is null)
            {
                foreach (var statement in block.Statements)
                {
                    ReadBlockStatement(entity, statement);
                }

                return;
            }

            for (var i = 0; i < found.Count; i++)
            {
                ReadBlockStatement(entity, found[i]);
            }
        }

        /// <summary>A statement of an entity block: by its text when it can, otherwise by its expression's syntax.</summary>
        private void ReadBlockStatement(EntityState entity, StatementSyntax statement)
        {
            if (statement is ExpressionStatementSyntax expressionStatement && !(Text is not null && !Shallow && ReadByText(entity, expressionStatement)))
            {
                ReadEntityStatement(entity, expressionStatement.Expression);
            }
        }

        /// <summary>
        /// Reads a column, key, index, table or relationship statement of EF's plain shape from its text (see <see cref="PlainChainText"/>) as
        /// <see cref="ReadEntityStatement"/> reads it from its syntax; false, with nothing read, for any other statement.
        /// </summary>
        internal bool ReadByText(EntityState entity, ExpressionStatementSyntax statement)
        {
            if (Text!.TrimmedChars(statement, PlainChainText.LengthLimit, out _) is not { } chars)
            {
                return false;
            }

            var parsed = PlainChainText.OfThread;
            if (!parsed.TryParse(chars))
            {
                return false;
            }

            var chain = new TextChain(parsed);
            switch (parsed.NameOf(0))
            {
                case "Property" or "PrimitiveCollection" when chain.String(0, 0) is { } property:
                    ReadProperty(entity, property, parsed.ClrType, chain);
                    return true;
                case "HasKey":
                    ReadKey(entity, chain);
                    return true;
                case "HasIndex":
                    ReadIndex(entity, chain, chain.AllStrings(0), name: null);
                    return true;
                case "HasOne":
                    ReadForeignKey(entity, chain);
                    return true;
                case "ToTable":
                    // No lambda among literals: the table and schema alone (see ReadToTable).
                    SetTable(entity, chain.String(0, 0), chain.String(0, 1));
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>The calls that decide an entity's table (see <see cref="ReadTableOfEntity"/>).</summary>
        internal static readonly string[] TableCalls = { "ToTable", "ToView", "ToSqlQuery", "ToFunction", BaseTypeCall, "OwnsOne", "OwnsMany", "ToJson", "SplitToTable" };

        /// <summary>What the shallow pass reads: the table, and the relationships.</summary>
        internal static readonly SearchableText.Markers TableDecidingCalls = new(With(TableCalls, "HasOne"));

        /// <summary>
        /// What a foreign key takes from its principal (see <see cref="KeyOnly"/>): the table, the key, and the names of
        /// key columns that are not named after their property (<c>HasColumnName</c>).
        /// </summary>
        private static readonly SearchableText.Markers KeyDecidingCalls = new(With(TableCalls, "HasKey", "HasColumnName", PrincipalKeyCall));

        /// <summary>
        /// What an index takes from its table's types (see <see cref="IndexesOnly"/>): the table calls, the keys and relationships
        /// that decide a split table's main member, the mapping strategy (a table-per-concrete-type table holds its bases'
        /// indexes), the indexes with their provider options (<c>NpgsqlIndexBuilderExtensions.IncludeProperties(b.HasIndex(...))</c>),
        /// and the names of the columns an index is on.
        /// </summary>
        private static readonly SearchableText.Markers IndexDecidingCalls = new(
            With(TableCalls, "HasKey", "HasOne", "WithOwner", "MappingStrategy", "HasIndex", "HasColumnName", "ComplexProperty", "ComplexCollection"));

        /// <summary>A relationship onto a key other than the primary key, which makes that key an alternate key of its principal.</summary>
        internal const string PrincipalKeyCall = "HasPrincipalKey";

        /// <summary>
        /// The calls a Designer without hierarchies, owned types or alternate-key relationships never makes (see <see cref="Lean"/>):
        /// most Designers. A search of a block for them finds nothing, and each was a pass over the block.
        /// </summary>
        /// <remarks>The shape pass of <see cref="DesignerTables"/> searches for these, and its bits follow this order.</remarks>
        internal static readonly string[] AncestorAndPrincipalKeyCalls = { BaseTypeCall, "OwnsOne", "OwnsMany", PrincipalKeyCall };

        /// <summary>The call that gives an entity type its base type (<c>b.HasBaseType("Shop.Party")</c>).</summary>
        internal const string BaseTypeCall = "HasBaseType";

        private static readonly SearchableText.Markers LeanTableDecidingCalls = WithoutAncestorAndPrincipalKeyCalls(TableDecidingCalls);
        private static readonly SearchableText.Markers LeanKeyDecidingCalls = WithoutAncestorAndPrincipalKeyCalls(KeyDecidingCalls);
        private static readonly SearchableText.Markers LeanIndexDecidingCalls = WithoutAncestorAndPrincipalKeyCalls(IndexDecidingCalls);

        /// <summary>The calls of <paramref name="calls"/> and then <paramref name="more"/>, in one array (no LINQ at the first Designer's read).</summary>
        internal static string[] With(string[] calls, params string[] more)
        {
            var all = new string[calls.Length + more.Length];
            calls.CopyTo(all, 0);
            more.CopyTo(all, calls.Length);
            return all;
        }

        // A loop, not SelectMany over the groups: the framework has no code for that over their value tuples, and a fresh
        // process JIT-compiled it (about 1 ms) on the first read of a Designer.
        private static SearchableText.Markers WithoutAncestorAndPrincipalKeyCalls(SearchableText.Markers markers)
        {
            var kept = new List<string>();
            foreach (var group in markers.Groups)
            {
                foreach (var member in group.Members)
                {
                    if (Array.IndexOf(AncestorAndPrincipalKeyCalls, member) < 0)
                    {
                        kept.Add(member);
                    }
                }
            }

            return new(kept);
        }

        /// <summary>
        /// The Designer calls none of <see cref="AncestorAndPrincipalKeyCalls"/> anywhere in its body (a pass over it said so):
        /// a block's statements are searched for the other calls alone, with the same statements found.
        /// </summary>
        public bool Lean { get; init; }

        private void ReadEntityStatement(EntityState entity, ExpressionSyntax expression)
        {
            // The shallow pass (a table index) needs only the innermost call of each statement: no chain is built.
            if (Shallow)
            {
                if (Innermost(expression) is { } first)
                {
                    if (NameOf(first) == "HasOne" && Strings(first, 0) is { } principal)
                    {
                        entity.Principals.Add(principal);
                    }
                    else
                    {
                        ReadTableOfEntity(entity, first);
                    }
                }

                return;
            }

            var chain = Chain(expression);
            if (chain.Length == 0)
            {
                return;
            }

            if (chain[0].Expression is MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax holder })
            {
                // No provider is taken from here: EF names it in the model's own statements (see EntityTypesBegun).
                ReadValueGeneration(entity, NameOf(chain[0]), chain[0]);
                if (holder.Identifier.ValueText.EndsWith("IndexBuilderExtensions", StringComparison.Ordinal))
                {
                    ReadIndexOption(entity, chain[0]);
                    return;
                }

                // SqlServerKeyBuilderExtensions.IsClustered(b.HasKey("Id"), false): a nonclustered primary key.
                if (holder.Identifier.ValueText.EndsWith("KeyBuilderExtensions", StringComparison.Ordinal)
                    && NameOf(chain[0]) == "IsClustered"
                    && Argument(chain[0], 0) is InvocationExpressionSyntax key && NameOf(key) == "HasKey")
                {
                    entity.PrimaryKeyClustered = Argument(chain[0], 1) is not LiteralExpressionSyntax { Token.ValueText: "false" };
                    return;
                }
            }

            switch (NameOf(chain[0]))
            {
                case "Property" or "PrimitiveCollection" when Strings(chain[0], 0) is { } property: // A primitive collection (EF 8) is a column too.
                    ReadProperty(entity, property, TypeArgument(chain[0]), new SyntaxChain(chain));
                    break;
                case "HasKey":
                    ReadKey(entity, new SyntaxChain(chain));
                    break;
                case "HasAlternateKey":
                    entity.AlternateKeys.Add((AllStrings(chain[0]), StringOf(chain, "HasName")));
                    break;
                case "HasIndex":
                    var properties = AllStrings(chain[0]);
                    string? name = null;
                    if (chain[0].ArgumentList.Arguments.Count == 2 && Argument(chain[0], 0) is ArrayCreationExpressionSyntax or ImplicitArrayCreationExpressionSyntax)
                    {
                        // HasIndex(new[] { "A" }, "Name"): a named index; the name is the model name and, by default, the database name.
                        properties.RemoveAt(properties.Count - 1);
                        name = Strings(chain[0], 1);
                    }

                    ReadIndex(entity, new SyntaxChain(chain), properties, name);
                    break;
                case "HasOne":
                    ReadForeignKey(entity, new SyntaxChain(chain));
                    break;
                case "Navigation" when Strings(chain[0], 0) is { } navigation
                    && CallNamed(chain, "IsRequired") is { } required && IsOn(required):
                    entity.RequiredNavigations.Add(navigation);
                    break;
                case "ComplexProperty" or "ComplexCollection":
                    ReadComplexProperty(entity, chain[0], pathPrefix: string.Empty, columnPrefix: string.Empty, optional: false);
                    break;
                case "UseTpcMappingStrategy" or "UseTptMappingStrategy":
                    entity.MappingStrategy = NameOf(chain[0]);
                    break;
                case "ToJson":
                    ReadTableOfEntity(entity, chain[0]);
                    entity.JsonStoreType = StringOf(chain, "HasColumnType");
                    break;
                case "WithOwner" when entity.Owner is { } owner && CallNamed(chain, "HasForeignKey") is { } ownerKey:
                    // The ownership: a foreign key onto the owner, cascading (EF deletes owned rows with their owner). In the
                    // owner's own table it links the two types' rows and is no constraint (BuildTables leaves it out).
                    entity.ForeignKeys.Add(new ForeignKeyState(owner, AllStrings(ownerKey)) { OnDelete = "Cascade" });
                    break;
                default:
                    ReadTableOfEntity(entity, chain[0]);
                    break;
            }
        }

        /// <summary>The statements that decide the entity's table (the whole of what the shallow pass reads): ToTable and the like, HasBaseType, owned types.</summary>
        private void ReadTableOfEntity(EntityState entity, InvocationExpressionSyntax first)
        {
            switch (NameOf(first))
            {
                case "ToTable":
                    ReadToTable(entity, first);
                    break;
                case "ToView":
                case "ToSqlQuery":
                case "ToFunction":
                    entity.Unmapped = entity.Table is null;
                    break;
                case "HasBaseType":
                    entity.BaseType = Strings(first, 0);
                    break;
                case "SplitToTable" when Strings(first, 0) is { } fragmentTable:
                    var properties = new Dictionary<string, string?>(StringComparer.Ordinal);
                    if (LambdaOf(first, first.ArgumentList.Arguments.Count - 1) is { Body: BlockSyntax fragmentBlock })
                    {
                        foreach (var statement in fragmentBlock.Statements)
                        {
                            var chain = ChainOf(statement);
                            if (chain.Length > 0 && NameOf(chain[0]) == "Property" && Strings(chain[0], 0) is { } property)
                            {
                                properties[property] = StringOf(chain, "HasColumnName");
                            }
                        }
                    }

                    entity.Fragments.Add(new TableFragment(fragmentTable, Strings(first, 1), properties));
                    break;
                case "ToJson" when entity.Owner is { } ownerName && entities.TryGetValue(ownerName, out var owner):
                    entity.JsonColumn = Strings(first, 0) ?? entity.OwnerNavigation;
                    if (entity.JsonColumn is not null && !owner.JsonOwned.Contains(entity))
                    {
                        owner.JsonOwned.Add(entity);
                    }

                    break;
                case "OwnsOne":
                case "OwnsMany":
                    if (Strings(first, 0) is { } ownedName && LambdaOf(first, first.ArgumentList.Arguments.Count - 1) is { } ownedLambda)
                    {
                        // An owned type is one entity type per owner and navigation (EF names it Owner.Navigation#Type): a type
                        // owned twice (a Home and a list of Others, both Address) is two entity types, in two tables.
                        var navigation = Strings(first, 1);
                        var owned = Entity(entity.Name + "." + navigation + "#" + ownedName);
                        owned.Owner = entity.Name;
                        owned.OwnerNavigation = navigation;
                        ReadEntity(owned, ownedLambda);
                    }

                    break;
            }
        }

        /// <summary>
        /// <c>b.ComplexProperty(typeof(...), "Total", "...", b1 => { ... })</c> (EF 10; EF 8 and 9 write the property bag as a
        /// type argument and the name first): its properties are columns of the entity's table, named <c>Total_Currency</c>,
        /// NULL when the complex property is optional or under one that is. Optional complex properties came with EF 10,
        /// whose Designer marks a required one <c>b1.IsRequired()</c>; before, every one was required. A complex property or
        /// collection mapped <c>ToJson</c> is one column.
        /// </summary>
        private static void ReadComplexProperty(EntityState entity, InvocationExpressionSyntax call, string pathPrefix, string columnPrefix, bool optional)
        {
            var beforeOptionalComplexTypes = Strings(call, 0) is not null;
            var name = Strings(call, 0) ?? Strings(call, 1);
            if (name is null || LambdaOf(call, call.ArgumentList.Arguments.Count - 1) is not { Body: BlockSyntax block })
            {
                return;
            }

            var path = pathPrefix + name;
            var prefix = columnPrefix + name + "_";
            var required = beforeOptionalComplexTypes;
            var complex = new EntityState(entity.Name + "." + path);
            var nested = new List<InvocationExpressionSyntax>();
            foreach (var statement in block.Statements)
            {
                var chain = ChainOf(statement);
                switch (chain.Length == 0 ? null : NameOf(chain[0]))
                {
                    case "IsRequired":
                        required = IsOn(chain[0]);
                        break;
                    case "Property" or "PrimitiveCollection" when Strings(chain[0], 0) is { } property:
                        ReadProperty(complex, property, TypeArgument(chain[0]), new SyntaxChain(chain));
                        break;
                    case "ComplexProperty" or "ComplexCollection":
                        nested.Add(chain[0]);
                        break;
                    case "ToJson":
                        var json = Strings(chain[0], 0) ?? name;
                        entity.Columns.Add(new ColumnState
                        {
                            Property = path, ClrType = "string", ColumnName = json, StoreType = StringOf(chain, "HasColumnType"), Required = true, Optional = optional || !required,
                        });
                        return;
                }
            }

            optional = optional || !required;
            foreach (var column in complex.Columns)
            {
                column.ColumnName ??= prefix + column.Property;
                column.Property = path + "." + column.Property;
                column.Optional = optional;
                entity.Columns.Add(column);
            }

            foreach (var inner in nested)
            {
                ReadComplexProperty(entity, inner, path + ".", prefix, optional);
            }
        }

        /// <summary>The index options whose value defaults to true when the call leaves it out.</summary>
        private static readonly HashSet<string> OptionSwitches = new(StringComparer.Ordinal) { "IsClustered", "IsCreatedOnline", "SortInTempDb", "AreNullsDistinct" };

        /// <summary>The annotation each provider call on an index writes, as EF's CreateIndex names it.</summary>
        private static readonly Dictionary<string, string> IndexOptionAnnotations = new(StringComparer.Ordinal)
        {
            ["NpgsqlIndexBuilderExtensions.HasMethod"] = "Npgsql:IndexMethod",
            ["NpgsqlIndexBuilderExtensions.HasOperators"] = "Npgsql:IndexOperators",
            ["NpgsqlIndexBuilderExtensions.IncludeProperties"] = "Npgsql:IndexInclude",
            ["NpgsqlIndexBuilderExtensions.AreNullsDistinct"] = "Npgsql:NullsDistinct",
            ["NpgsqlIndexBuilderExtensions.HasNullSortOrder"] = "Npgsql:IndexNullSortOrder",
            ["NpgsqlIndexBuilderExtensions.IsTsVectorExpressionIndex"] = "Npgsql:TsVectorConfig",
            ["SqlServerIndexBuilderExtensions.IsClustered"] = "SqlServer:Clustered",
            ["SqlServerIndexBuilderExtensions.HasFillFactor"] = "SqlServer:FillFactor",
            ["SqlServerIndexBuilderExtensions.IncludeProperties"] = "SqlServer:Include",
            ["SqlServerIndexBuilderExtensions.IsCreatedOnline"] = "SqlServer:Online",
            ["SqlServerIndexBuilderExtensions.SortInTempDb"] = "SqlServer:SortInTempDb",
        };

        /// <summary>
        /// <c>NpgsqlIndexBuilderExtensions.HasMethod(b.HasIndex("Tags"), "gin")</c> and the like: an option of the index read
        /// just before. One the reader does not know marks the index, so it is not re-created without it.
        /// </summary>
        private static void ReadIndexOption(EntityState entity, InvocationExpressionSyntax call)
        {
            if (Argument(call, 0) is not InvocationExpressionSyntax hasIndex || NameOf(hasIndex) != "HasIndex")
            {
                return;
            }

            var properties = AllStrings(hasIndex);
            IndexState? index = null;
            foreach (var candidate in entity.Indexes)
            {
                if (candidate.Properties.SequenceEqual(properties) || candidate.Name is { } name && properties.Count > 0 && properties[properties.Count - 1] == name
                    && candidate.Properties.SequenceEqual(properties.Take(properties.Count - 1)))
                {
                    index = candidate; // The last one of these properties: EF writes each index's options right after it.
                }
            }

            if (index is null)
            {
                return;
            }

            var method = ((MemberAccessExpressionSyntax)call.Expression).Expression + "." + NameOf(call);
            if (!IndexOptionAnnotations.TryGetValue(method, out var annotation))
            {
                index.UnknownOption ??= NameOf(call);
                return;
            }

            // A switch written without its value (IsClustered(b.HasIndex("Number"))) is on, as EF's CreateIndex writes it.
            var code = Argument(call, 1)?.ToString() ?? (OptionSwitches.Contains(NameOf(call)!) ? "true" : null);
            if (code is null)
            {
                index.UnknownOption ??= NameOf(call);
                return;
            }

            var included = annotation.EndsWith("Include", StringComparison.Ordinal) && Argument(call, 1) is { } value ? StringsIn(value) : null;
            (index.Options ??= new()).Add((annotation, code, included));
        }

        /// <summary><c>NpgsqlPropertyBuilderExtensions.UseIdentityByDefaultColumn(b.Property&lt;int&gt;("Id"))</c> and its SQL Server twin.</summary>
        private static void ReadValueGeneration(EntityState entity, string? method, InvocationExpressionSyntax call)
        {
            var generation = method switch
            {
                "UseIdentityByDefaultColumn" => ValueGeneration.NpgsqlIdentityByDefault,
                "UseIdentityAlwaysColumn" => ValueGeneration.NpgsqlIdentityAlways,
                "UseSerialColumn" => ValueGeneration.NpgsqlSerial,
                "UseIdentityColumn" => ValueGeneration.SqlServerIdentity,
                _ => ValueGeneration.None,
            };
            if (generation != ValueGeneration.None
                && Argument(call, 0) is InvocationExpressionSyntax property
                && NameOf(property) == "Property"
                && Strings(property, 0) is { } name
                && entity.Column(name) is { } column)
            {
                column.Generation = generation;

                // UseIdentityColumn(b.Property<int>("Id"), 1000L, 5): the seed and increment EF's annotation carries as "1000, 5".
                if (generation == ValueGeneration.SqlServerIdentity
                    && Argument(call, 1) is { } seed && Argument(call, 2) is { } increment
                    && IdentityNumber(seed) is { } seedValue && IdentityNumber(increment) is { } incrementValue
                    && (seedValue, incrementValue) != ("1", "1"))
                {
                    column.IdentitySeedIncrement = seedValue + ", " + incrementValue;
                }
            }
        }

        /// <summary>An integer literal (<c>1000L</c>, <c>-5</c>) as its digits, or null.</summary>
        private static string? IdentityNumber(ExpressionSyntax expression)
        {
            var (negative, literal) = expression is PrefixUnaryExpressionSyntax { OperatorToken.ValueText: "-", Operand: LiteralExpressionSyntax operand } ? (true, operand) : (false, expression as LiteralExpressionSyntax);
            return literal?.Token.Value is { } value && value is int or long ? (negative ? "-" : string.Empty) + System.Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) : null;
        }

        private static void ReadProperty<TChain>(EntityState entity, string property, string clrType, TChain chain)
            where TChain : struct, IChain
        {
            var column = entity.Column(property);
            if (column is null)
            {
                column = new ColumnState { Property = property, ClrType = clrType };
                entity.Columns.Add(column);
            }

            for (var i = 1; i < chain.Count; i++)
            {
                switch (chain.NameOf(i))
                {
                    case "IsRequired":
                        column.Required = chain.IsOn(i);
                        break;
                    case "HasMaxLength":
                        column.MaxLength = chain.Int(i, 0);
                        break;
                    case "HasColumnType":
                        column.StoreType = chain.String(i, 0);
                        break;
                    case "HasColumnName":
                        column.ColumnName = chain.String(i, 0);
                        break;
                    case "HasPrecision":
                        column.Precision = chain.Int(i, 0);
                        column.Scale = chain.Int(i, 1);
                        break;
                    case "HasDefaultValueSql":
                        column.DefaultValueSql = chain.String(i, 0);
                        break;
                    case "HasDefaultValue":
                        column.DefaultValue = chain.Text(i, 0);
                        break;
                    case "HasComputedColumnSql":
                        column.ComputedSql = chain.String(i, 0);
                        column.ComputedStored = chain.Boolean(i, 1);
                        break;
                    case "IsFixedLength":
                        column.FixedLength = chain.IsOn(i);
                        break;
                    case "ValueGeneratedOnAdd":
                        column.Generation = column.Generation == ValueGeneration.None ? ValueGeneration.OnAdd : column.Generation;
                        break;
                    case "IsUnicode":
                        column.Unicode = chain.IsOn(i);
                        break;
                }
            }
        }

        /// <summary><c>b.HasKey("Id").HasName("PK_T")</c>.</summary>
        private static void ReadKey<TChain>(EntityState entity, TChain chain)
            where TChain : struct, IChain
        {
            entity.Key.Clear();
            entity.Key.AddRange(chain.AllStrings(0));
            entity.PrimaryKeyName = FirstCall(chain, "HasName") is var named and >= 0 ? chain.String(named, 0) : null;
        }

        /// <summary><c>b.HasIndex("A", "B").IsUnique().HasDatabaseName("IX").HasFilter("...").HasAnnotation(...)</c>, on <paramref name="properties"/>.</summary>
        private static void ReadIndex<TChain>(EntityState entity, TChain chain, List<string> properties, string? name)
            where TChain : struct, IChain
        {
            var index = new IndexState(properties) { Name = name };
            for (var i = 0; i < chain.Count; i++)
            {
                if (chain.NameOf(i) == "IsUnique" && chain.IsOn(i))
                {
                    index.Unique = true;
                }
                else if (chain.NameOf(i) == "HasAnnotation" && chain.String(i, 0) is { } annotation && chain.Text(i, 1) is { } value)
                {
                    (index.Options ??= new()).Add((annotation, value, null));
                }
            }

            // The first of each call counts, as EF's builder would have written one.
            index.Name = FirstCall(chain, "HasDatabaseName") is var databaseName and >= 0 ? chain.String(databaseName, 0) ?? index.Name : index.Name;
            index.Filter = FirstCall(chain, "HasFilter") is var filter and >= 0 ? chain.String(filter, 0) : null;
            index.Descending = FirstCall(chain, "IsDescending") is var descending and >= 0 ? chain.Booleans(descending) : null;
            entity.Indexes.Add(index);
        }

        /// <summary>The first call of <paramref name="chain"/> named <paramref name="name"/>, or -1.</summary>
        private static int FirstCall<TChain>(TChain chain, string name)
            where TChain : struct, IChain
        {
            for (var i = 0; i < chain.Count; i++)
            {
                if (chain.NameOf(i) == name)
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>
        /// A statement's calls, first call at 0, as the readers above ask them, answered alike by the syntax
        /// (<see cref="SyntaxChain"/>) and by the text (<see cref="TextChain"/>).
        /// </summary>
        private interface IChain
        {
            int Count { get; }

            /// <summary>The call's name; the text's chain names only the calls the readers read (null for the others).</summary>
            string? NameOf(int call);

            int ArgumentCount(int call);

            /// <summary>No argument, or a first argument whose token reads <c>true</c> (see <see cref="TargetModelReader.IsOn"/>).</summary>
            bool IsOn(int call);

            /// <summary>A string literal's value, or null.</summary>
            string? String(int call, int position);

            /// <summary>An int or long literal's value, or null.</summary>
            int? Int(int call, int position);

            /// <summary>A bool literal's value, or null.</summary>
            bool? Boolean(int call, int position);

            /// <summary>The argument as written, or null when there is none.</summary>
            string? Text(int call, int position);

            /// <summary>The string literals among the call's arguments (see <see cref="TargetModelReader.AllStrings"/>).</summary>
            List<string> AllStrings(int call);

            /// <summary>The bool literals among the call's arguments.</summary>
            EquatableArray<bool> Booleans(int call);
        }

        private readonly struct SyntaxChain : IChain
        {
            private readonly InvocationExpressionSyntax[] calls;

            public SyntaxChain(InvocationExpressionSyntax[] calls) => this.calls = calls;

            public int Count => calls.Length;

            public string? NameOf(int call) => TargetModelReader.NameOf(calls[call]);

            public int ArgumentCount(int call) => calls[call].ArgumentList.Arguments.Count;

            public bool IsOn(int call) => TargetModelReader.IsOn(calls[call]);

            public string? String(int call, int position) => Strings(calls[call], position);

            public int? Int(int call, int position) => TargetModelReader.Int(calls[call], position);

            public bool? Boolean(int call, int position) => Argument(calls[call], position) is LiteralExpressionSyntax { Token.Value: bool value } ? value : null;

            public string? Text(int call, int position) => Argument(calls[call], position) is { } argument ? ValueReader.TextOf(argument) : null;

            public List<string> AllStrings(int call) => TargetModelReader.AllStrings(calls[call]);

            public EquatableArray<bool> Booleans(int call) => TargetModelReader.Booleans(calls[call]);
        }

        private readonly struct TextChain : IChain
        {
            private readonly PlainChainText text;

            public TextChain(PlainChainText text) => this.text = text;

            public int Count => text.CallCount;

            public string? NameOf(int call) => text.NameOf(call);

            public int ArgumentCount(int call) => text.ArgumentCountOf(call);

            // A literal's ValueText: true's, or a string's that holds "true".
            public bool IsOn(int call) =>
                text.ArgumentCountOf(call) == 0
                || text.ArgumentOf(call, 0) is var first && (first.Kind == PlainText.ArgumentKind.True || (first.Kind == PlainText.ArgumentKind.String && text.StringIs(first, "true")));

            public string? String(int call, int position) =>
                position < text.ArgumentCountOf(call) && text.ArgumentOf(call, position) is { Kind: PlainText.ArgumentKind.String } argument ? text.StringOf(argument) : null;

            public int? Int(int call, int position) =>
                position < text.ArgumentCountOf(call) && text.ArgumentOf(call, position) is { Kind: PlainText.ArgumentKind.Integer } argument ? text.IntegerOf(argument) : null;

            public bool? Boolean(int call, int position) =>
                position < text.ArgumentCountOf(call) && text.ArgumentOf(call, position) is { Kind: PlainText.ArgumentKind.True or PlainText.ArgumentKind.False } argument
                    ? argument.Kind == PlainText.ArgumentKind.True
                    : null;

            public string? Text(int call, int position) => position < text.ArgumentCountOf(call) ? text.TextOf(text.ArgumentOf(call, position)) : null;

            public List<string> AllStrings(int call)
            {
                var strings = new List<string>(text.ArgumentCountOf(call));
                for (var position = 0; position < text.ArgumentCountOf(call); position++)
                {
                    if (text.ArgumentOf(call, position) is { Kind: PlainText.ArgumentKind.String } argument)
                    {
                        strings.Add(text.StringOf(argument));
                    }
                }

                return strings;
            }

            public EquatableArray<bool> Booleans(int call)
            {
                var values = ImmutableArray.CreateBuilder<bool>(text.ArgumentCountOf(call));
                for (var position = 0; position < text.ArgumentCountOf(call); position++)
                {
                    if (Boolean(call, position) is { } value)
                    {
                        values.Add(value);
                    }
                }

                return values.ToEquatableArray();
            }
        }

        /// <summary>
        /// <c>ToTable("T")</c>, <c>ToTable("T", "schema")</c>: a table named by anything but a string literal (<c>ToTable((string)null)</c>)
        /// maps the type to none, and a schema that is not one leaves the schema as it was.
        /// </summary>
        private static void SetTable(EntityState entity, string? table, string? schema)
        {
            entity.Unmapped = table is null;
            entity.Table = table;
            entity.Schema = schema ?? entity.Schema;
        }

        private void ReadToTable(EntityState entity, InvocationExpressionSyntax call)
        {
            // ToTable(t => t.IsTemporal(...)) configures the table the entity already has (SQL Server's temporal tables).
            if (Argument(call, 0) is not LambdaExpressionSyntax)
            {
                SetTable(entity, Strings(call, 0), Strings(call, 1));
            }

            // ToTable("T", t => { t.HasCheckConstraint("CK_T_X", "sql"); ... })
            LambdaExpressionSyntax? lambda = null;
            foreach (var argument in call.ArgumentList.Arguments)
            {
                if (argument.Expression is LambdaExpressionSyntax found)
                {
                    lambda = found;
                    break;
                }
            }

            var statements = lambda?.Body switch
            {
                BlockSyntax block => block.Statements.OfType<ExpressionStatementSyntax>().Select(s => s.Expression),
                ExpressionSyntax single => new[] { single },
                _ => Enumerable.Empty<ExpressionSyntax>(),
            };
            foreach (var statement in statements)
            {
                var chain = Chain(statement);
                if (chain.Length > 0 && NameOf(chain[0]) == "HasCheckConstraint" && Strings(chain[0], 0) is { } name && Strings(chain[0], 1) is { } sql)
                {
                    entity.Checks.Add(new CheckConstraintDefinition(StringOf(chain, "HasName") ?? name, sql));
                }
                else if (chain.Length > 0 && NameOf(chain[0]) == "HasTrigger")
                {
                    entity.DeclaresTriggers = true;
                }
            }
        }

        /// <summary><c>b.HasOne("Principal", "Navigation").WithMany("Dependents").HasForeignKey("PrincipalId").OnDelete(...)</c>.</summary>
        private static void ReadForeignKey<TChain>(EntityState entity, TChain chain)
            where TChain : struct, IChain
        {
            var principal = chain.String(0, 0);
            var hasForeignKey = FirstCall(chain, "HasForeignKey");
            if (principal is null || hasForeignKey < 0)
            {
                return;
            }

            var fk = new ForeignKeyState(principal, chain.AllStrings(hasForeignKey));
            if (fk.Properties.Count > 1 && chain.ArgumentCount(hasForeignKey) > 1 && chain.String(hasForeignKey, 0) is { } maybeEntity && maybeEntity.Contains('.'))
            {
                // One-to-one: HasForeignKey("Dependent.Entity", "Column").
                fk.Properties.RemoveAt(0);
            }

            if (FirstCall(chain, PrincipalKeyCall) is var principalKey and >= 0)
            {
                fk.PrincipalKey = chain.AllStrings(principalKey);
            }

            if (FirstCall(chain, "WithOne") is var withOne and >= 0)
            {
                fk.IsOneToOne = true;
                fk.PrincipalNavigation = chain.String(withOne, 0);
            }

            fk.Name = FirstCall(chain, "HasConstraintName") is var named and >= 0 ? chain.String(named, 0) : null;
            fk.OnDelete = FirstCall(chain, "OnDelete") is var onDelete and >= 0 ? chain.Text(onDelete, 0) : null;
            entity.ForeignKeys.Add(fk);
        }

        private void Hint(string holderType)
        {
            if (EntityTypesBegun)
            {
                return; // Only the model's own statements name the provider.
            }

            if (DatabaseProviders.IsUnsupportedProviderToken(holderType))
            {
                // Oracle's or Jet's Designer: no guess from the max identifier length stands against it.
                OtherProvider = true;
                ProviderHint = DatabaseProvider.Unknown;
                return;
            }

            if (ProviderHint != DatabaseProvider.Unknown || OtherProvider)
            {
                return;
            }

            ProviderHint = DatabaseProviders.FromDesignerName(holderType);
        }

        /// <summary>
        /// The max identifier length a top-level statement of the Designer sets (<c>modelBuilder.HasAnnotation(...)</c>, a
        /// chain of them), as <see cref="ReadModelStatement"/> reads it: the last one in the chain; null when it sets none.
        /// </summary>
        internal static int? MaxIdentifierLengthIn(ExpressionSyntax statement)
        {
            int? found = null;
            foreach (var call in Chain(statement))
            {
                if (NameOf(call) == "HasAnnotation" && Strings(call, 0) is { } annotation && MaxIdentifierLengthOf(annotation, Argument(call, 1)) is { } length)
                {
                    found = length;
                }
            }

            return found;
        }

        /// <summary>
        /// Whether a top-level statement sets the default schema (<c>modelBuilder.HasDefaultSchema("app")</c>, in a chain), and
        /// to what, as <see cref="ReadModelStatement"/> reads it: the last such call of the chain.
        /// </summary>
        internal static bool SetsDefaultSchema(ExpressionSyntax statement, out string? schema)
        {
            var found = false;
            schema = null;
            foreach (var call in Chain(statement))
            {
                if (NameOf(call) == "HasDefaultSchema")
                {
                    found = true;
                    schema = Strings(call, 0);
                }
            }

            return found;
        }

        /// <summary>The tables' default schema applied to the sequences the Designer names without a schema.</summary>
        public EquatableArray<SequenceDefinition> BuildSequences() => sequences is null ? EquatableArray<SequenceDefinition>.Empty :
            sequences.Select(s => s.Schema is null && DefaultSchema is not null ? s with { Schema = DefaultSchema } : s).ToEquatableArray();

        /// <summary>The length of <c>HasAnnotation("Relational:MaxIdentifierLength", 63)</c>; null for any other annotation.</summary>
        internal static int? MaxIdentifierLengthOf(string annotation, ExpressionSyntax? value) =>
            annotation == "Relational:MaxIdentifierLength" && value is LiteralExpressionSyntax { Token.Value: int length } ? length : null;

        private void HintAnnotation(string annotation, ExpressionSyntax? value)
        {
            var colon = annotation.IndexOf(':');
            if (colon > 0)
            {
                Hint(annotation.Substring(0, colon));
            }

            if (MaxIdentifierLengthOf(annotation, value) is not { } length)
            {
                return;
            }

            MaxIdentifierLength = length;
            if (ProviderHint == DatabaseProvider.Unknown && !OtherProvider && !EntityTypesBegun)
            {
                ProviderHint = length switch
                {
                    63 => DatabaseProvider.PostgreSql,
                    128 => DatabaseProvider.SqlServer,
                    64 => DatabaseProvider.MySql,
                    _ => DatabaseProvider.Unknown,
                };
            }
        }
    }
}
