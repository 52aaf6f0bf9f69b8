using System;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using SafeMigrations.Analyzers.Context;
using SafeMigrations.Analyzers.Model;

namespace SafeMigrations.Analyzers.Rules;

/// <summary>
/// SM1007: AddColumn NOT NULL on an existing table with no default, or with the placeholder default EF
/// scaffolds for a required property (<c>""</c>, <c>0</c>, <c>false</c>, <c>new DateTime(1, 1, 1, ...)</c>,
/// <c>new Guid("00000000-...")</c>...). Without a default the migration or the old app's inserts fail;
/// with the placeholder, existing rows and the old app's inserts silently get a value nobody chose.
/// Columns the database fills itself (computed, <c>defaultValueSql</c>, identity, row version) are not flagged.
/// </summary>
internal sealed partial class AddRequiredColumnRule : MigrationRule
{
    public override DiagnosticDescriptor Descriptor => Descriptors.SM1007_AddRequiredColumn;

    public override void Analyze(MigrationContext context)
    {
        foreach (var operation in context.UpOperations)
        {
            if (operation.Kind != OperationType.AddColumn
                || operation is not { Name: { } column, Table: { } table }
                || !IsNotNull(operation)
                || FilledByTheDatabase(operation)
                || context.IsNewTable(operation))
            {
                continue;
            }

            var defaultValue = operation.Argument("defaultValue");
            string consequence;
            if (defaultValue is null || defaultValue.Kind == ValueKind.Null)
            {
                consequence = NoDefault(context.ProviderFor(operation), column);
            }
            else if (IsPlaceholder(defaultValue))
            {
                var shown = defaultValue.SourceText.Trim();
                consequence = BackfilledLater(context, operation)
                    ? $"with EF's placeholder default {shown}: the UPDATE later in this migration replaces it in the existing rows, but every row that the still-running old version of the app inserts silently gets {shown}, instead of a real value."
                    : $"with EF's placeholder default {shown} fills every existing row with {shown}, and every row that the still-running old version of the app inserts silently gets {shown} too, instead of a real value.";
            }
            else
            {
                continue;
            }

            context.Report(Descriptor, operation.Span, column, table, consequence);
        }
    }

    private static string NoDefault(DatabaseProvider provider, string column) => provider switch
    {
        DatabaseProvider.Sqlite =>
            $"with no default fails outright: SQLite cannot add a NOT NULL column without a non-NULL default, and once it is in, every INSERT from the still-running old version of the app, which knows nothing of '{column}', fails with a NOT NULL violation.",
        DatabaseProvider.MySql =>
            $"with no default fills the existing rows with MySQL's implicit default (0 or ''), and every INSERT from the still-running old version of the app, which knows nothing of '{column}', fails because the field has no default value.",
        _ =>
            $"with no default fails on a table that already has rows, and even on an empty one every INSERT from the still-running old version of the app, which knows nothing of '{column}', then fails with a NOT NULL violation.",
    };

    /// <summary><c>nullable: false</c>, or no <c>nullable</c> argument at all (the parameter's default is false).</summary>
    private static bool IsNotNull(MigrationOperation operation) =>
        operation.Argument("nullable") is not { } nullable || nullable.AsBoolean() == false;

    private static bool FilledByTheDatabase(MigrationOperation operation)
    {
        if (operation.HasArgument("defaultValueSql") || operation.HasArgument("computedColumnSql") || operation.BooleanArgument("rowVersion") == true)
        {
            return true;
        }

        foreach (var annotation in operation.Annotations)
        {
            switch (annotation.Name)
            {
                case "SqlServer:Identity":
                case "Sqlite:Autoincrement":
                    return true;
                case "Npgsql:ValueGenerationStrategy":
                case "MySql:ValueGenerationStrategy":
                case "SqlServer:ValueGenerationStrategy":
                    if (annotation.Value.SourceText.IndexOf("Identity", StringComparison.Ordinal) >= 0
                        || annotation.Value.SourceText.IndexOf("Serial", StringComparison.Ordinal) >= 0)
                    {
                        return true;
                    }

                    break;
            }
        }

        return false;
    }

    internal static bool IsPlaceholder(ArgumentValue value)
    {
        switch (value.Kind)
        {
            case ValueKind.String:
                return value.Constant is { Length: 0 };
            case ValueKind.Boolean:
                return value.AsBoolean() == false;
            case ValueKind.Char:
                return value.Constant == "\0";
            case ValueKind.Number:
                return double.TryParse(value.Constant, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number == 0;
            case ValueKind.Array:
                return value.Items.IsEmpty;
            case ValueKind.NonConstant:
                return IsPlaceholderText(Normalize(value.SourceText));
            default:
                return false;
        }
    }

    private static string Normalize(string sourceText)
    {
        var builder = new StringBuilder(sourceText.Length);
        foreach (var character in sourceText)
        {
            if (!char.IsWhiteSpace(character))
            {
                builder.Append(character);
            }
        }

        return builder.Replace("global::", string.Empty).Replace("System.", string.Empty).ToString();
    }

    /// <summary>True when an UPDATE of the same table follows in this migration: the existing rows do not keep the placeholder.</summary>
    private static bool BackfilledLater(MigrationContext context, MigrationOperation addColumn)
    {
        var after = false;
        foreach (var operation in context.UpOperations)
        {
            after |= ReferenceEquals(operation, addColumn);
            if (after && operation.Kind == OperationType.UpdateRows && operation.Table == addColumn.Table && operation.Schema == addColumn.Schema)
            {
                return true;
            }
        }

        return false;
    }
}
