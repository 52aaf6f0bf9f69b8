using System;
using System.Collections.Generic;
using System.Linq;

namespace EFCore.SafeMigrations;

/// <summary>How the inverse of a helper call is formed.</summary>
public enum InverseKind
{
    /// <summary>Call <see cref="HelperInverse.Inverse"/> with the same arguments.</summary>
    SameArguments,

    /// <summary>Call <see cref="HelperInverse.Inverse"/> with the first two arguments swapped (<c>ReversibleSql</c>).</summary>
    SwapFirstTwoArguments,

    /// <summary>Call <see cref="HelperInverse.Inverse"/> with the arguments that <see cref="HelperInverse.Arguments"/> names.</summary>
    MappedArguments,

    /// <summary>Call <see cref="HelperInverse.Inverse"/> with a definition taken from the model before the migration.</summary>
    FromPreviousModel,

    /// <summary>Nothing to do in <c>Down</c>.</summary>
    NoOp,
}

/// <summary>One helper and its inverse.</summary>
/// <param name="Helper">The helper's method name on <see cref="SafeMigrationBuilderExtensions"/>.</param>
/// <param name="Inverse">The method that undoes it (a helper, or an EF Core <c>MigrationBuilder</c> method), or
/// <see langword="null"/> for <see cref="InverseKind.NoOp"/>.</param>
/// <param name="Kind">How the inverse call is formed.</param>
/// <param name="Arguments">The inverse's arguments, named after the helper's parameters.</param>
public sealed record HelperInverse(string Helper, string? Inverse, InverseKind Kind, string Arguments);

/// <summary>
/// The inverse of every <see cref="SafeMigrationBuilderExtensions"/> helper, in code, for the rollback generator and
/// for tools. The same table is in the package's README.
/// </summary>
public static class SafeMigrationInverses
{
    /// <summary>Every helper and its inverse.</summary>
    public static IReadOnlyList<HelperInverse> All { get; } =
    [
        new(nameof(SafeMigrationBuilderExtensions.CopyColumnData), nameof(SafeMigrationBuilderExtensions.CopyColumnData), InverseKind.MappedArguments,
            "(table, fromColumn: toColumn, toColumn: fromColumn, schema): rows written only to the target go back to the source; none with a conversionSql"),
        new(nameof(SafeMigrationBuilderExtensions.BackfillInBatches), null, InverseKind.NoOp,
            "none: the old values are not restored"),
        new(nameof(SafeMigrationBuilderExtensions.CreateColumnSync), nameof(SafeMigrationBuilderExtensions.DropColumnSync),
            InverseKind.SameArguments, "(table, oldColumn, newColumn, schema, oldToNewSql, newToOldSql)"),
        new(nameof(SafeMigrationBuilderExtensions.DropColumnSync), nameof(SafeMigrationBuilderExtensions.CreateColumnSync),
            InverseKind.SameArguments, "(table, oldColumn, newColumn, schema, oldToNewSql, newToOldSql)"),
        new(nameof(SafeMigrationBuilderExtensions.AddForeignKeyNotValid), "DropForeignKey",
            InverseKind.MappedArguments, "(name, table, schema)"),
        new(nameof(SafeMigrationBuilderExtensions.AddCheckConstraintNotValid), "DropCheckConstraint",
            InverseKind.MappedArguments, "(name, table, schema)"),
        new(nameof(SafeMigrationBuilderExtensions.ValidateConstraint), null, InverseKind.NoOp,
            "none: the inverse of the add drops the constraint"),
        new(nameof(SafeMigrationBuilderExtensions.AddUniqueConstraintUsingIndex),
            nameof(SafeMigrationBuilderExtensions.DropUniqueConstraintUsingIndex), InverseKind.MappedArguments, "(name, table, schema)"),
        new(nameof(SafeMigrationBuilderExtensions.DropUniqueConstraintUsingIndex),
            nameof(SafeMigrationBuilderExtensions.AddUniqueConstraintUsingIndex), InverseKind.FromPreviousModel,
            "(name, table, columns from the previous model, schema)"),
        new(nameof(SafeMigrationBuilderExtensions.DropIndexConcurrently), "CreateIndex", InverseKind.FromPreviousModel,
            "the index definition from the previous model; on PostgreSQL with .Annotation(\"Npgsql:CreatedConcurrently\", true)"),
        new(nameof(SafeMigrationBuilderExtensions.SetNotNullSafely), nameof(SafeMigrationBuilderExtensions.DropNotNullSafely),
            InverseKind.SameArguments, "(table, column, schema, columnType)"),
        new(nameof(SafeMigrationBuilderExtensions.DropNotNullSafely), nameof(SafeMigrationBuilderExtensions.SetNotNullSafely),
            InverseKind.SameArguments, "(table, column, schema, columnType)"),
        new(nameof(SafeMigrationBuilderExtensions.CreateCompatibilityView), nameof(SafeMigrationBuilderExtensions.DropCompatibilityView),
            InverseKind.SameArguments, "(oldName, newName, schema)"),
        new(nameof(SafeMigrationBuilderExtensions.DropCompatibilityView), nameof(SafeMigrationBuilderExtensions.CreateCompatibilityView),
            InverseKind.SameArguments, "(oldName, newName, schema)"),
        new(nameof(SafeMigrationBuilderExtensions.ReversibleSql), nameof(SafeMigrationBuilderExtensions.ReversibleSql),
            InverseKind.SwapFirstTwoArguments, "(downSql, upSql, suppressTransaction)"),
    ];

    /// <summary>The inverse of a helper, by method name, or <see langword="null"/> if it is not a helper.</summary>
    /// <param name="helper">The helper's method name, for example <c>CreateColumnSync</c>.</param>
    /// <returns>The entry, or <see langword="null"/>.</returns>
    public static HelperInverse? Find(string helper)
        => All.FirstOrDefault(i => string.Equals(i.Helper, helper, StringComparison.Ordinal));
}
