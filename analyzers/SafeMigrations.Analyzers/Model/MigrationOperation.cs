using System;
using Microsoft.CodeAnalysis.CSharp;
using SafeMigrations.Analyzers.Infrastructure;

namespace SafeMigrations.Analyzers.Model;

/// <summary>
/// A call with its arguments and fluent annotations: a <c>migrationBuilder.X(...)</c> operation, a
/// <c>table.Column&lt;T&gt;(...)</c> in a CreateTable lambda, or a <c>table.PrimaryKey(...)</c> constraint.
/// </summary>
internal abstract record CallModel(
    string MethodName,
    EquatableArray<string> TypeArguments,
    EquatableArray<OperationArgument> Arguments,
    EquatableArray<OperationAnnotation> Annotations,
    EquatableArray<OperationAnnotation> OldAnnotations,
    SourceSpan Span)
{
    public ArgumentValue? Argument(string name)
    {
        foreach (var argument in Arguments)
        {
            if (string.Equals(argument.Name, name, StringComparison.Ordinal))
            {
                return argument.Value;
            }
        }

        return null;
    }

    public string? StringArgument(string name) => Argument(name)?.AsString();

    public bool? BooleanArgument(string name) => Argument(name)?.AsBoolean();

    public bool HasArgument(string name) => Argument(name) is { Kind: not ValueKind.Null };

    public ArgumentValue? Annotation(string name)
    {
        foreach (var annotation in Annotations)
        {
            if (string.Equals(annotation.Name, name, StringComparison.Ordinal))
            {
                return annotation.Value;
            }
        }

        return null;
    }

    /// <summary>The columns named by <c>column:</c> or <c>columns:</c>, whichever the call uses.</summary>
    public EquatableArray<string> ColumnList(string singular = "column", string plural = "columns") =>
        StringsOf(Argument(plural)) is { IsEmpty: false } many ? many : StringsOf(Argument(singular));

    private static EquatableArray<string> StringsOf(ArgumentValue? value)
    {
        if (value is null)
        {
            return EquatableArray<string>.Empty;
        }

        if (value.Kind == ValueKind.String && value.Constant is not null)
        {
            return EquatableArray.Of(value.Constant);
        }

        var builder = System.Collections.Immutable.ImmutableArray.CreateBuilder<string>();
        foreach (var item in value.Items)
        {
            if (item.AsString() is { } text)
            {
                builder.Add(text);
            }
        }

        return builder.ToEquatableArray();
    }
}

/// <summary>A <c>table.Column&lt;T&gt;(...)</c> inside a CreateTable <c>columns:</c> lambda.</summary>
internal sealed record TableColumn(
    string PropertyName,
    string MethodName,
    EquatableArray<string> TypeArguments,
    EquatableArray<OperationArgument> Arguments,
    EquatableArray<OperationAnnotation> Annotations,
    SourceSpan Span)
    : CallModel(MethodName, TypeArguments, Arguments, Annotations, EquatableArray<OperationAnnotation>.Empty, Span)
{
    /// <summary>The column name: the <c>name:</c> argument, or else the anonymous property's name.</summary>
    public string ColumnName => StringArgument("name") ?? PropertyName;

    public string? ClrType => TypeArguments.Count == 1 ? TypeArguments[0] : null;
}

/// <summary>A <c>table.PrimaryKey</c>, <c>ForeignKey</c>, <c>UniqueConstraint</c> or <c>CheckConstraint</c> call in a CreateTable.</summary>
internal sealed record TableConstraint(
    string MethodName,
    EquatableArray<OperationArgument> Arguments,
    EquatableArray<OperationAnnotation> Annotations,
    SourceSpan Span)
    : CallModel(MethodName, EquatableArray<string>.Empty, Arguments, Annotations, EquatableArray<OperationAnnotation>.Empty, Span);

/// <summary>
/// The provider condition an operation sits under: <c>if (migrationBuilder.IsNpgsql())</c> gives
/// <see cref="Only"/> = PostgreSql; its <c>else</c> gives <see cref="Not"/> = PostgreSql.
/// </summary>
/// <remarks>
/// No exclusions is the default (empty) array, and the exclusions are read by index: <c>EquatableArray&lt;DatabaseProvider&gt;.Empty</c>
/// and the array's enumerator reach <c>ImmutableArray&lt;DatabaseProvider&gt;.Empty</c>, the framework's generic code over our
/// enum, which no ReadyToRun image holds and a fresh csc process JIT-compiled for the first operation it read.
/// </remarks>
internal readonly record struct ProviderBranch(DatabaseProvider Only, EquatableArray<DatabaseProvider> Not)
{
    public static readonly ProviderBranch None = new(DatabaseProvider.Unknown, default);

    /// <summary>
    /// The operation also sits under a condition the reader cannot name providers for (<c>if (Environment...)</c>, a
    /// switch's <c>default</c>, a provider name it does not know): it may or may not run. Rules treat it as running; the
    /// rollback generator cannot repeat the condition in Down, so it generates none.
    /// </summary>
    public bool IsOpaque { get; init; }

    public static readonly ProviderBranch Opaque = None with { IsOpaque = true };

    public bool IsConditional => Only != DatabaseProvider.Unknown || !Not.IsEmpty || IsOpaque;

    /// <summary>False when the detected provider never enters this branch (the <c>else</c> of <c>IsNpgsql()</c> on PostgreSQL).</summary>
    public bool RunsUnder(DatabaseProvider detected)
    {
        if (detected == DatabaseProvider.Unknown)
        {
            return true;
        }

        if (Only != DatabaseProvider.Unknown)
        {
            return Only == detected;
        }

        for (var i = 0; i < Not.Count; i++)
        {
            if (Not[i] == detected)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when no provider runs both branches: they are alternatives, never a sequence.</summary>
    public bool ExcludedBy(ProviderBranch other)
    {
        if (Only != DatabaseProvider.Unknown && other.Only != DatabaseProvider.Unknown)
        {
            return Only != other.Only;
        }

        for (var i = 0; i < other.Not.Count; i++)
        {
            if (other.Not[i] == Only && Only != DatabaseProvider.Unknown)
            {
                return true;
            }
        }

        for (var i = 0; i < Not.Count; i++)
        {
            if (Not[i] == other.Only && other.Only != DatabaseProvider.Unknown)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when both branches run in one deployment on the detected provider (or on some provider, when it is unknown).</summary>
    public bool RunsWith(ProviderBranch other, DatabaseProvider detected) =>
        detected == DatabaseProvider.Unknown ? !ExcludedBy(other) : RunsUnder(detected) && other.RunsUnder(detected);

    /// <summary>The provider this operation runs against, given the provider detected for the migration.</summary>
    public DatabaseProvider Resolve(DatabaseProvider detected)
    {
        if (Only != DatabaseProvider.Unknown)
        {
            return Only;
        }

        for (var i = 0; i < Not.Count; i++)
        {
            if (Not[i] == detected)
            {
                return DatabaseProvider.Unknown;
            }
        }

        return detected;
    }
}

/// <summary>One <c>migrationBuilder</c> call read from <c>Up</c> or <c>Down</c>.</summary>
internal sealed record MigrationOperation(
    OperationType Kind,
    string MethodName,
    EquatableArray<string> TypeArguments,
    EquatableArray<OperationArgument> Arguments,
    EquatableArray<OperationAnnotation> Annotations,
    EquatableArray<OperationAnnotation> OldAnnotations,
    EquatableArray<TableColumn> Columns,
    EquatableArray<TableConstraint> Constraints,
    ProviderBranch Branch,
    SourceSpan Span)
    : CallModel(MethodName, TypeArguments, Arguments, Annotations, OldAnnotations, Span)
{
    /// <summary>
    /// An early exit or a jump of the method (a return before its end, a break, a goto, a label): not an operation of the
    /// database, but the operations after it run on some paths only, which a generated Down cannot repeat.
    /// </summary>
    /// <remarks>The reader names such an Unknown operation by its statement's <see cref="Microsoft.CodeAnalysis.CSharp.SyntaxKind"/>.</remarks>
    public bool IsJump => Kind == OperationType.Unknown
        && MethodName is nameof(SyntaxKind.ReturnStatement) or nameof(SyntaxKind.BreakStatement) or nameof(SyntaxKind.GotoStatement) or nameof(SyntaxKind.LabeledStatement);

    /// <summary>The table the operation acts on, or null when it names none (or not as a constant).</summary>
    public string? Table => Kind.NameIsTable() ? StringArgument("name") : StringArgument("table");

    public string? Schema => StringArgument("schema");

    /// <summary>The <c>name:</c> argument: the column, index, constraint or table name, depending on the kind.</summary>
    public string? Name => StringArgument("name");

    public string? NewName => StringArgument("newName");

    /// <summary>
    /// True when EF's SQL generator for <paramref name="provider"/> turns the operation into no SQL: a RenameTable or
    /// RenameSequence that keeps its name and names no other schema (a missing newSchema means "unchanged" to every
    /// generator, so EF's own scaffold of a move to the default schema, jellyfin's
    /// <c>RenameTable(name: "Users", schema: "jellyfin", newName: "Users")</c>, does nothing), and on SQLite, which has no
    /// schemas, any schema-only move and EnsureSchema.
    /// </summary>
    public bool EmitsNoSqlOn(DatabaseProvider provider)
    {
        if (Kind == OperationType.EnsureSchema)
        {
            return provider == DatabaseProvider.Sqlite;
        }

        if (Kind is not (OperationType.RenameTable or OperationType.RenameSequence) || Name is null || (NewName ?? Name) != Name)
        {
            return false;
        }

        return provider == DatabaseProvider.Sqlite || !HasArgument("newSchema") || StringArgument("newSchema") == Schema;
    }

    /// <summary>True for an operation read out of the SQL of a <c>Sql(...)</c> call rather than written as a typed call.</summary>
    public bool FromRawSql { get; init; }

    /// <summary>How messages name the operation: <c>DropColumn 'Customers.Email'</c>, <c>CreateTable 'Orders'</c>.</summary>
    public string Describe()
    {
        var target = Kind.NameIsTable() ? Name : Table is null ? Name : Name is null ? Table : Table + "." + Name;
        return target is null ? MethodName : $"{MethodName} '{target}'";
    }
}
