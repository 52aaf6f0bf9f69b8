using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using SafeMigrations.Analyzers.Model;
using SafeMigrations.Analyzers.Reading;

namespace SafeMigrations.CodeFixes.Engine;

/// <summary>
/// Edits a Designer's <c>BuildTargetModel</c> so it describes the schema after its migration once a fix has
/// moved an operation out of it. It finds the model statement to remove by asking the same reader the
/// rules use: the statement whose removal takes the index (key, ...) out of the model is the one that makes it,
/// whatever naming convention produced it.
/// </summary>
internal static class DesignerEditor
{
    /// <summary>Removes the entity statement that puts something in the model, or returns null when none does.</summary>
    public static SourceText? Remove(SourceText designer, Func<TargetModel, bool> present)
    {
        var root = CSharpSyntaxTree.ParseText(designer).GetRoot();
        if (FindMaker(root, present) is not { } statement)
        {
            return null;
        }

        return designer.WithChanges(SourceEdits.Remove(statement));
    }

    /// <summary>
    /// Makes a column nullable in the model: drops <c>.IsRequired()</c> from its property and, for a value type,
    /// makes the type argument nullable. The property is the one whose edit flips the reader's nullability.
    /// </summary>
    public static SourceText? MakeNullable(SourceText designer, string table, string? schema, string column)
    {
        var root = CSharpSyntaxTree.ParseText(designer).GetRoot();
        bool Nullable(TargetModel? model) => model?.Table(table, schema)?.Column(column)?.IsNullable == true;
        if (Nullable(Read(root)))
        {
            return designer;
        }

        foreach (var statement in EntityBlocks(root).SelectMany(b => b.Statements).OfType<ExpressionStatementSyntax>())
        {
            var calls = statement.DescendantNodes().OfType<InvocationExpressionSyntax>().ToList();
            // A primitive collection (EF 8+: a PostgreSQL array, a JSON list) is a column too.
            var property = calls.FirstOrDefault(c => c.Expression is MemberAccessExpressionSyntax { Name: GenericNameSyntax { Identifier.ValueText: "Property" or "PrimitiveCollection" } });
            if (property?.Expression is not MemberAccessExpressionSyntax { Name: GenericNameSyntax generic } || generic.TypeArgumentList.Arguments.Count != 1)
            {
                continue;
            }

            var changes = new System.Collections.Generic.List<TextChange>();
            var type = generic.TypeArgumentList.Arguments[0];
            if (type is not NullableTypeSyntax)
            {
                changes.Add(new TextChange(new TextSpan(type.Span.End, 0), "?"));
            }

            foreach (var required in calls.Where(c => c.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "IsRequired" }))
            {
                var access = (MemberAccessExpressionSyntax)required.Expression;
                changes.Add(new TextChange(TextSpan.FromBounds(access.Expression.Span.End, required.Span.End), string.Empty));
            }

            var edited = designer.WithChanges(changes);
            var before = Read(root)!.Table(table, schema)!;
            var after = Read(CSharpSyntaxTree.ParseText(edited).GetRoot())?.Table(table, schema);
            if (after is not null && Nullable(Read(CSharpSyntaxTree.ParseText(edited).GetRoot()))
                && after.Columns.Where(c => c.Name != column).SequenceEqual(before.Columns.Where(c => c.Name != column)))
            {
                // A reference type's "string?" is not how EF writes it, and in the Designer's #nullable disable it is a
                // warning (CS8632): keep the type argument as it was.
                return IsReferenceType(type) ? designer.WithChanges(changes.Where(c => c.NewText != "?")) : edited;
            }
        }

        return null;
    }

    /// <summary>
    /// <paramref name="to"/> with the file-level usings of <paramref name="fromRoot"/> it lacks, after its own: a copied
    /// property's type may need one that only the Designer it came from has (System.Net for an IPAddress, System.Collections.Generic
    /// for a List or a Dictionary).
    /// </summary>
    private static SourceText WithUsingsOf(SyntaxNode fromRoot, SourceText to)
    {
        if (fromRoot is not CompilationUnitSyntax from || CSharpSyntaxTree.ParseText(to).GetRoot() is not CompilationUnitSyntax { Usings: { Count: > 0 } usings })
        {
            return to;
        }

        var present = new HashSet<string>(usings.Select(u => u.ToString()), StringComparer.Ordinal);
        var missing = from.Usings.Select(u => u.ToString()).Where(u => !present.Contains(u)).Distinct(StringComparer.Ordinal).ToList();
        var last = usings.Last();
        var newline = last.GetTrailingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)).ToString() is { Length: > 0 } found ? found : "\n";
        return missing.Count == 0 ? to : to.WithChanges(new TextChange(new TextSpan(last.FullSpan.End, 0), string.Concat(missing.Select(u => u + newline))));
    }

    /// <summary>A statement that maps a column: <c>b.Property&lt;T&gt;(...)</c>, or <c>b.PrimitiveCollection&lt;T&gt;(...)</c> (EF 8+).</summary>
    private static bool IsPropertyStatement(string statement) =>
        statement.StartsWith("b.Property", StringComparison.Ordinal) || statement.StartsWith("b.PrimitiveCollection", StringComparison.Ordinal);

    /// <summary>
    /// Whether a Designer's property type is a reference type, as the model reader tells them apart: anything but its
    /// value types (int, DateTime, Guid...), so string, byte[], a List, an IPAddress. Such a type gets no "?", which EF does
    /// not write and the Designer's #nullable disable warns about (CS8632).
    /// </summary>
    private static bool IsReferenceType(TypeSyntax type) => !TargetModelReader.IsValueType(type.ToString());

    /// <summary>
    /// Copies the property that makes column <paramref name="column"/> from <paramref name="from"/> (the model before
    /// a drop) into the same entity of <paramref name="to"/>, after its last property: the expand step of a drop keeps
    /// the column. With <paramref name="propertyName"/>, the copy is a property of that name mapped to the column, for
    /// an entity whose property now maps to another column (a rename's expand keeps both).
    /// </summary>
    public static SourceText? CopyProperty(SourceText from, SourceText to, string table, string? schema, string column, string? propertyName = null)
    {
        var fromRoot = CSharpSyntaxTree.ParseText(from).GetRoot();
        var statement = PropertyStatement(fromRoot, table, schema, column);
        var entity = statement is null ? null : EntityOf(statement);
        if (statement is not ExpressionStatementSyntax { Expression: InvocationExpressionSyntax } || entity is null)
        {
            return null;
        }

        var toRoot = CSharpSyntaxTree.ParseText(to).GetRoot();
        var block = EntityBlocks(toRoot).FirstOrDefault(b => EntityOf(b) == entity);
        var anchor = block?.Statements.LastOrDefault(s => IsPropertyStatement(s.ToString()) || s.ToString().Contains("(b.Property"));
        if (anchor is null)
        {
            return null;
        }

        var code = statement.ToString();
        if (propertyName is not null)
        {
            // b.Property<string>("Name") ... becomes b.Property<string>("Name_old") ... .HasColumnName("Name").
            var property = statement.DescendantNodes().OfType<InvocationExpressionSyntax>()
                .First(i => i.Expression is MemberAccessExpressionSyntax { Name: GenericNameSyntax { Identifier.ValueText: "Property" or "PrimitiveCollection" } });
            var name = property.ArgumentList.Arguments[0];
            var offset = statement.SpanStart;
            code = code.Substring(0, name.SpanStart - offset) + SymbolDisplay.FormatLiteral(propertyName, quote: true) + code.Substring(name.Span.End - offset);
            if (!code.Contains(".HasColumnName("))
            {
                code = code.TrimEnd(';') + "\n    .HasColumnName(" + SymbolDisplay.FormatLiteral(column, quote: true) + ");";
            }
        }

        var edited = WithUsingsOf(fromRoot, InsertAfter(to, anchor, statement, code));
        var before = Read(fromRoot)!.Table(table, schema)!.Column(column)!;
        var after = Read(CSharpSyntaxTree.ParseText(edited).GetRoot())?.Table(table, schema)?.Column(column);
        return after is not null && after with { PropertyName = before.PropertyName } == before ? edited : null;
    }

    /// <summary>
    /// The <c>b.Property(...)</c> statement without which the Designer's model has no such column, or null. Only statements
    /// that spell the column's name (as the property's, or in <c>HasColumnName</c>) are tried: each try reads the whole model
    /// again, and a large model's Designer has thousands of statements.
    /// </summary>
    public static StatementSyntax? PropertyStatement(SyntaxNode root, string table, string? schema, string column)
    {
        bool Has(TargetModel? model) => model?.Table(table, schema)?.Column(column) is not null;
        var literal = SymbolDisplay.FormatLiteral(column, quote: true);
        return EntityBlocks(root).SelectMany(b => b.Statements)
            .Where(s => s.ToString() is var text && IsPropertyStatement(text) && text.Contains(literal))
            .FirstOrDefault(s => root.RemoveNode(s, SyntaxRemoveOptions.KeepNoTrivia) is { } without && !Has(Read(without)));
    }

    /// <summary>
    /// Copies the statement that makes index <paramref name="name"/> from <paramref name="from"/> (the model before a
    /// migration that drops it) into the same entity of <paramref name="to"/>, after its keys and indexes: a drop moved
    /// into a later migration leaves the index in place until then. Null unless the copy adds exactly that index.
    /// </summary>
    public static SourceText? CopyIndex(SourceText from, SourceText to, string table, string? schema, string name)
    {
        var fromRoot = CSharpSyntaxTree.ParseText(from).GetRoot();
        var toRoot = CSharpSyntaxTree.ParseText(to).GetRoot();
        var index = Read(fromRoot)?.Table(table, schema)?.Indexes.FirstOrDefault(i => i.Name == name);
        var before = Read(toRoot)?.Table(table, schema);
        if (index is null || before is null || before.Indexes.Any(i => i.Name == name)
            || FindMaker(fromRoot, model => model.Table(table, schema)?.Indexes.Any(i => i.Name == name) == true) is not ExpressionStatementSyntax statement
            || EntityOf(statement) is not { } entity)
        {
            return null;
        }

        // EF writes an entity's properties, then its key, then its indexes: the copy goes after the last of those.
        var anchor = EntityBlocks(toRoot).FirstOrDefault(b => EntityOf(b) == entity)?.Statements
            .LastOrDefault(s => s.ToString() is var t && (t.StartsWith("b.Property", StringComparison.Ordinal) || t.StartsWith("b.HasKey", StringComparison.Ordinal) || t.StartsWith("b.HasIndex", StringComparison.Ordinal)));
        if (anchor is null)
        {
            return null;
        }

        var edited = InsertAfter(to, anchor, statement, statement.ToString());
        var after = Read(CSharpSyntaxTree.ParseText(edited).GetRoot())?.Table(table, schema);
        return after is not null && after with { Indexes = before.Indexes } == before && after.Indexes.Count(i => i == index) == 1 && after.Indexes.Count == before.Indexes.Count + 1
            ? edited
            : null;
    }

    /// <summary>
    /// Inserts <paramref name="code"/> (the text of <paramref name="statement"/>, edited) after <paramref name="anchor"/>,
    /// at its indentation and after a blank line, as EF lays out a Designer; in the file's own line break.
    /// </summary>
    private static SourceText InsertAfter(SourceText to, StatementSyntax anchor, StatementSyntax statement, string code) =>
        InsertAfter(to, anchor, new[] { (statement, code) });

    /// <summary>Several statements inserted that way, in order, each after a blank line.</summary>
    private static SourceText InsertAfter(SourceText to, StatementSyntax anchor, IEnumerable<(StatementSyntax Statement, string Code)> statements)
    {
        // A Designer is generated code, edited as text; the copy takes the file's own line break.
        var newline = SourceRewriter.LineBreakOf(to) ?? "\n";
        var indentation = SourceEdits.IndentationOf(anchor);
        var text = string.Concat(statements.Select(s => newline + newline + indentation
            + SourceEdits.Indent(SourceEdits.Outdent(s.Code, SourceEdits.IndentationOf(s.Statement)), indentation).Replace("\n", newline)));
        return to.WithChanges(new TextChange(new TextSpan(anchor.Span.End, 0), text));
    }

    /// <summary>
    /// Copies the entity that makes table <paramref name="table"/> from <paramref name="from"/> (the model before a
    /// drop) into <paramref name="to"/>: every <c>modelBuilder.Entity("X", ...)</c> statement of it (its definition
    /// and its relationships), at the end of the model. The expand step of a table drop beside other changes keeps the
    /// table. Null when the table is not found, its entity is already in <paramref name="to"/>, or the copy does not
    /// give the same table back.
    /// </summary>
    public static SourceText? CopyTable(SourceText from, SourceText to, string table, string? schema)
    {
        var fromRoot = CSharpSyntaxTree.ParseText(from).GetRoot();
        var toRoot = CSharpSyntaxTree.ParseText(to).GetRoot();
        var before = Read(fromRoot)?.Table(table, schema);
        var entity = before is null ? null : before.EntityType;
        var statements = EntityBlocks(fromRoot).Where(b => EntityOf(b) == entity)
            .Select(b => b.FirstAncestorOrSelf<ExpressionStatementSyntax>()).OfType<ExpressionStatementSyntax>().ToList();
        var anchor = BuildTargetModel(toRoot)?.Body?.Statements.LastOrDefault();
        if (before is null || statements.Count == 0 || anchor is null || Read(toRoot)?.Table(table, schema) is not null
            || EntityBlocks(toRoot).Any(b => EntityOf(b) == entity))
        {
            return null;
        }

        var edited = InsertAfter(to, anchor, statements.Select(s => ((StatementSyntax)s, s.ToString())));
        return Read(CSharpSyntaxTree.ParseText(edited).GetRoot())?.Table(table, schema) == before ? edited : null;
    }

    /// <summary>
    /// Removes a foreign key from the model: its <c>HasOne(...)</c> statement and the <c>Navigation(...)</c>
    /// statements of the navigations it declared on either side, without which EF could not build the model.
    /// </summary>
    public static SourceText? RemoveForeignKey(SourceText designer, string table, string? schema, string name)
    {
        var root = CSharpSyntaxTree.ParseText(designer).GetRoot();
        if (FindMaker(root, model => model.Table(table, schema)?.ForeignKeys.Any(f => f.Name == name) == true) is not ExpressionStatementSyntax relationship)
        {
            return null;
        }

        var calls = relationship.DescendantNodes().OfType<InvocationExpressionSyntax>().ToList();
        string? Argument(string method, int index) => calls
            .FirstOrDefault(c => c.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: var n } && n == method)
            ?.ArgumentList.Arguments.ElementAtOrDefault(index)?.Expression is LiteralExpressionSyntax literal ? literal.Token.ValueText : null;
        var dependent = EntityOf(relationship);
        var principal = Argument("HasOne", 0);
        var navigations = new[] { (dependent, Argument("HasOne", 1)), (principal, Argument("WithMany", 0) ?? Argument("WithOne", 0)) }
            .Where(n => n.Item1 is not null && n.Item2 is not null).ToList();
        var doomed = new System.Collections.Generic.List<StatementSyntax> { relationship };
        foreach (var block in EntityBlocks(root))
        {
            foreach (var statement in block.Statements)
            {
                if (statement is ExpressionStatementSyntax { Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Navigation" } } navigation }
                    && navigation.ArgumentList.Arguments.FirstOrDefault()?.Expression is LiteralExpressionSyntax { Token.ValueText: var navigationName }
                    && navigations.Any(n => n.Item1 == EntityOf(statement) && n.Item2 == navigationName))
                {
                    doomed.Add(statement);
                }
            }
        }

        // A relationship block left with nothing goes whole, as EF writes no empty block.
        var removals = new System.Collections.Generic.List<TextChange>();
        foreach (var group in doomed.GroupBy(d => (BlockSyntax)d.Parent!))
        {
            var whole = group.Count() == group.Key.Statements.Count ? group.Key.FirstAncestorOrSelf<ExpressionStatementSyntax>() : null;
            removals.AddRange(whole is not null ? new[] { SourceEdits.Remove(whole) } : group.Select(SourceEdits.Remove));
        }

        var edited = designer.WithChanges(SourceEdits.Merge(removals));
        return Read(CSharpSyntaxTree.ParseText(edited).GetRoot())?.Table(table, schema)?.ForeignKeys.Any(f => f.Name == name) == false ? edited : null;
    }

    private static string? EntityOf(SyntaxNode node) =>
        node.Ancestors().OfType<InvocationExpressionSyntax>()
            .FirstOrDefault(i => i.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Entity" })
            ?.ArgumentList.Arguments.FirstOrDefault()?.Expression is LiteralExpressionSyntax literal ? literal.Token.ValueText : null;

    /// <summary>The model the Designer builds.</summary>
    public static TargetModel? Read(SyntaxNode root) =>
        BuildTargetModel(root) is { } method ? TargetModelReader.Read(method, migrationId: null) : null;

    private static MethodDeclarationSyntax? BuildTargetModel(SyntaxNode root) =>
        root.DescendantNodes().OfType<MethodDeclarationSyntax>().FirstOrDefault(m => m.Identifier.ValueText is "BuildTargetModel" or "BuildModel");

    private static StatementSyntax? FindMaker(SyntaxNode root, Func<TargetModel, bool> present)
    {
        if (Read(root) is not { } model || !present(model))
        {
            return null;
        }

        foreach (var block in EntityBlocks(root))
        {
            // Properties and the table mapping are what every other statement hangs on; never the maker.
            foreach (var statement in block.Statements.Where(s => !s.ToString().StartsWith("b.Property", StringComparison.Ordinal) && !s.ToString().StartsWith("b.ToTable", StringComparison.Ordinal)))
            {
                var without = root.RemoveNode(statement, SyntaxRemoveOptions.KeepNoTrivia);
                if (without is not null && Read(without) is { } reduced && !present(reduced))
                {
                    return statement;
                }
            }
        }

        return null;
    }

    /// <summary>The bodies of the <c>modelBuilder.Entity("Name", b => { ... })</c> lambdas.</summary>
    internal static System.Collections.Generic.IEnumerable<BlockSyntax> EntityBlocks(SyntaxNode root) =>
        BuildTargetModel(root) is { } method
            ? method.DescendantNodes().OfType<InvocationExpressionSyntax>()
                .Where(i => i.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Entity" })
                .Select(i => i.ArgumentList.Arguments.LastOrDefault()?.Expression)
                .OfType<LambdaExpressionSyntax>()
                .Select(l => l.Body)
                .OfType<BlockSyntax>()
            : Enumerable.Empty<BlockSyntax>();
}
