using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using SafeMigrations.Analyzers.Rollback;

namespace SafeMigrations.CodeFixes.Engine;

/// <summary>Where a new migration goes relative to the one a fix splits.</summary>
internal enum Placement
{
    After,
    Before,
}

/// <summary>
/// Writes a new migration beside an existing one: its id (sorting right before or after it), a class name
/// that clashes with nothing, the <c>.cs</c> file in the user's namespace style, and the <c>.Designer.cs</c>
/// copied from the Designer whose target model it has.
/// </summary>
internal static class NewMigrationWriter
{
    private const string TimestampFormat = "yyyyMMddHHmmss";

    /// <summary>
    /// The longest id EF's history table holds (<c>MigrationId</c>, <c>varchar(150)</c> or <c>nvarchar(150)</c>): a longer one
    /// fails the history insert after the migration's steps ran, some outside its transaction.
    /// </summary>
    internal const int MaxMigrationIdLength = 150;

    /// <summary>
    /// The id of a migration named <paramref name="className"/> placed next to <paramref name="sourceId"/>: a
    /// timestamp one second away when no migration has it, otherwise the source's own timestamp, whose longer
    /// name sorts right after the source. Null when no id fits between the neighbours.
    /// </summary>
    public static string? NewId(string sourceId, string className, Placement placement, IReadOnlyCollection<string> existingIds)
    {
        if (sourceId.Length < TimestampFormat.Length + 2
            || !DateTime.TryParseExact(sourceId.Substring(0, TimestampFormat.Length), TimestampFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var timestamp))
        {
            return null;
        }

        var sorted = existingIds.OrderBy(i => i, StringComparer.Ordinal).ToList();
        var position = sorted.IndexOf(sourceId);
        var neighbour = placement == Placement.After
            ? (position >= 0 && position + 1 < sorted.Count ? sorted[position + 1] : null)
            : (position > 0 ? sorted[position - 1] : null);
        // The last and the first second the format writes have no second beyond them: AddSeconds would throw there.
        var candidates = new List<string>();
        var step = placement == Placement.After ? 1 : -1;
        if (placement == Placement.After ? timestamp < DateTime.MaxValue.AddSeconds(-1) : timestamp >= DateTime.MinValue.AddSeconds(1))
        {
            candidates.Add(timestamp.AddSeconds(step).ToString(TimestampFormat, CultureInfo.InvariantCulture) + "_" + className);
        }

        if (placement == Placement.After)
        {
            candidates.Add(sourceId.Substring(0, TimestampFormat.Length) + "_" + className);
        }

        foreach (var candidate in candidates)
        {
            var stampTaken = sorted.Any(i => i != sourceId && i.StartsWith(candidate.Substring(0, TimestampFormat.Length), StringComparison.Ordinal))
                             && !candidate.StartsWith(sourceId.Substring(0, TimestampFormat.Length), StringComparison.Ordinal);
            var fits = placement == Placement.After
                ? string.CompareOrdinal(candidate, sourceId) > 0 && (neighbour is null || string.CompareOrdinal(candidate, neighbour) < 0)
                : string.CompareOrdinal(candidate, sourceId) < 0 && (neighbour is null || string.CompareOrdinal(candidate, neighbour) > 0);
            if (!stampTaken && fits && !sorted.Contains(candidate) && candidate.Length <= MaxMigrationIdLength)
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary><paramref name="baseName"/>, or with a number after it when a type of that name exists in the namespace.</summary>
    public static string FreeClassName(Compilation compilation, string? ns, string baseName, ISet<string> alsoTaken)
    {
        for (var i = 1; ; i++)
        {
            var name = i == 1 ? baseName : baseName + i.ToString(CultureInfo.InvariantCulture);
            var metadataName = ns is null ? name : ns + "." + name;
            if (compilation.GetTypeByMetadataName(metadataName) is null && !alsoTaken.Contains(metadataName))
            {
                alsoTaken.Add(metadataName);
                return name;
            }
        }
    }

    /// <summary>The migration's main file, laid out the way EF scaffolds it.</summary>
    public static string MigrationFile(
        CompilationUnitSyntax source,
        string? ns,
        string className,
        bool generateRollback,
        IReadOnlyList<string> upStatements,
        IReadOnlyList<string>? downStatements,
        string? contractOf = null)
    {
        var fileScoped = source.Members.OfType<FileScopedNamespaceDeclarationSyntax>().Any();
        var indent = fileScoped || ns is null ? string.Empty : "    ";
        var code = new StringBuilder();
        var fileUsings = CopiedUsings(source.Usings);
        var sourceUsesSystem = fileUsings.Remove("System");
        if (sourceUsesSystem || SourceEdits.NamesSystemType(upStatements.Concat(downStatements ?? Array.Empty<string>())))
        {
            code.Append("using System;\n");
        }

        if (generateRollback || contractOf is not null)
        {
            code.Append("using ").Append(SourceEdits.RuntimeNamespace).Append(";\n");
            fileUsings.Remove(SourceEdits.RuntimeNamespace);
        }

        code.Append("using Microsoft.EntityFrameworkCore.Migrations;\n");
        fileUsings.Remove("Microsoft.EntityFrameworkCore.Migrations");

        // The source's other usings (Npgsql's or SQL Server's metadata namespaces, say), at the file's level and in its
        // namespace as there: a statement moved here may need them, as it did there.
        foreach (var name in fileUsings)
        {
            code.Append("using ").Append(name).Append(";\n");
        }

        code.Append("\n#nullable disable\n\n");
        if (ns is not null)
        {
            code.Append("namespace ").Append(CodeText.DottedName(ns)).Append(fileScoped ? ";\n\n" : "\n{\n"); // The model keeps it unescaped (Shop.event).
            var namespaceUsings = CopiedUsings(source.Members.OfType<BaseNamespaceDeclarationSyntax>().FirstOrDefault()?.Usings ?? default);
            foreach (var name in namespaceUsings)
            {
                code.Append(indent).Append("using ").Append(name).Append(";\n");
            }

            if (namespaceUsings.Count > 0)
            {
                code.Append('\n');
            }
        }

        code.Append(indent).Append("/// <inheritdoc />\n");
        if (contractOf is not null)
        {
            code.Append(indent).Append("[ContractOf(").Append(SymbolDisplay.FormatLiteral(contractOf, quote: true)).Append(")]\n");
        }

        if (generateRollback)
        {
            code.Append(indent).Append("[GenerateRollback]\n");
        }

        code.Append(indent).Append("public partial class ").Append(className).Append(" : Migration\n");
        code.Append(indent).Append("{\n");
        Method(code, indent + "    ", "Up", upStatements);
        if (downStatements is not null)
        {
            code.Append('\n');
            Method(code, indent + "    ", "Down", downStatements.Count > 0 ? downStatements : new[] { "// Up changes data only: there is no schema to roll back, and the old values are not restored." });
        }

        code.Append(indent).Append("}\n");
        if (ns is not null && !fileScoped)
        {
            code.Append("}\n");
        }

        var text = code.ToString();
        return source.ToFullString().Contains("\r\n") ? text.Replace("\n", "\r\n") : text;
    }

    /// <summary>
    /// The plain usings of one scope, in order: none of a list laid out with #if (which of them hold depends on symbols
    /// the new file would not repeat); aliases, <c>using static</c> and global usings are left out too.
    /// </summary>
    private static List<string> CopiedUsings(SyntaxList<UsingDirectiveSyntax> usings)
    {
        var names = new List<string>();
        // Only #if and its kin make a using conditional; the "#nullable disable" EF writes after the usings does not.
        static bool IsConditional(SyntaxTrivia trivia) =>
            trivia.IsKind(SyntaxKind.IfDirectiveTrivia) || trivia.IsKind(SyntaxKind.ElifDirectiveTrivia)
            || trivia.IsKind(SyntaxKind.ElseDirectiveTrivia) || trivia.IsKind(SyntaxKind.EndIfDirectiveTrivia);
        if (usings.Any(u => u.GetLeadingTrivia().Any(IsConditional)) || usings.LastOrDefault()?.GetLastToken().GetNextToken().LeadingTrivia.Any(IsConditional) == true)
        {
            return names;
        }

        foreach (var directive in usings)
        {
            if (directive.GlobalKeyword == default && SourceEdits.PlainUsingName(directive) is { } name && !names.Contains(name))
            {
                names.Add(name);
            }
        }

        return names;
    }

    /// <summary>A copy of a Designer file with the id and class name of the new migration.</summary>
    public static SourceText? DesignerFile(SourceText designer, string id, string className)
    {
        var root = CSharpSyntaxTree.ParseText(designer).GetRoot();
        var declaration = root.DescendantNodes().OfType<ClassDeclarationSyntax>().FirstOrDefault(c => MigrationAttributeId(c) is not null);
        if (declaration is null || MigrationAttributeId(declaration) is not { } literal)
        {
            return null;
        }

        return designer.WithChanges(
            new TextChange(literal.Span, SymbolDisplay.FormatLiteral(id, quote: true)),
            new TextChange(declaration.Identifier.Span, className));
    }

    private static LiteralExpressionSyntax? MigrationAttributeId(ClassDeclarationSyntax declaration) =>
        declaration.AttributeLists.SelectMany(l => l.Attributes)
            .FirstOrDefault(a => a.Name.ToString() is "Migration" or "MigrationAttribute" || a.Name.ToString().EndsWith(".Migration", StringComparison.Ordinal))
            ?.ArgumentList?.Arguments.FirstOrDefault()?.Expression as LiteralExpressionSyntax;

    private static void Method(StringBuilder code, string indent, string name, IReadOnlyList<string> statements)
    {
        code.Append(indent).Append("/// <inheritdoc />\n");
        code.Append(indent).Append("protected override void ").Append(name).Append("(MigrationBuilder migrationBuilder)\n");
        code.Append(indent).Append("{\n");
        var body = indent + "    ";
        for (var i = 0; i < statements.Count; i++)
        {
            if (i > 0)
            {
                code.Append('\n');
            }

            code.Append(body).Append(SourceEdits.Indent(statements[i], body)).Append('\n');
        }

        code.Append(indent).Append("}\n");
    }
}
