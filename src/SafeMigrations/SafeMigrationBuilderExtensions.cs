using System;
using System.Collections.Generic;
using System.Linq;
using EFCore.SafeMigrations.Internal;
using Microsoft.EntityFrameworkCore.Migrations;

namespace EFCore.SafeMigrations;

/// <summary>
/// <para>
/// The operations that expand/contract migrations need and that EF Core lacks: batched backfills, triggers
/// that keep two columns equal, constraints added without a full validation under lock, concurrent index
/// drops, safe <c>NOT NULL</c> enforcement and compatibility views.
/// </para>
/// <para>
/// Each method writes the SQL of the provider that runs the migration, chosen from
/// <see cref="MigrationBuilder.ActiveProvider"/>: PostgreSQL (Npgsql), SQL Server, SQLite, and MySQL/MariaDB
/// (Pomelo or MySql.EntityFrameworkCore). For any other provider it throws <see cref="NotSupportedException"/>.
/// Identifiers are quoted the way the provider quotes them; SQL fragments that you pass (conversions,
/// <c>SET</c>/<c>WHERE</c> clauses, check expressions) are inserted as they are.
/// </para>
/// <para>
/// Every helper has a documented inverse (see each method's remarks and <see cref="SafeMigrationInverses"/>),
/// so that the <c>[GenerateRollback]</c> source generator can write <c>Down</c>.
/// </para>
/// </summary>
public static partial class SafeMigrationBuilderExtensions
{
    /// <summary>The placeholder that conversion SQL uses for the source column, for example <c>CAST({0} AS bigint)</c>.</summary>
    public const string ConversionPlaceholder = "{0}";

    private static void Emit(MigrationBuilder migrationBuilder, string sql, bool suppressTransaction = false)
        => migrationBuilder.Sql(sql, suppressTransaction);

    private static void NotEmpty(string? value, string parameterName)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"'{parameterName}' cannot be null or empty.", parameterName);
        }
    }

    private static void BatchSize(int batchSize)
    {
        if (batchSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "The batch size must be positive.");
        }
    }

    private static string[] Columns(IReadOnlyList<string>? columns, string parameterName)
    {
        if (columns is null || columns.Count == 0 || columns.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException($"'{parameterName}' must name at least one column, and no empty ones.", parameterName);
        }

        return columns.ToArray();
    }

    /// <summary>Applies a conversion template to a source expression; no template means the value as it is.</summary>
    internal static string Convert(string? conversionSql, string source, string parameterName)
    {
        if (conversionSql is null)
        {
            return source;
        }

        if (!conversionSql.Contains(ConversionPlaceholder, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"The conversion SQL must contain the placeholder {ConversionPlaceholder} where the source column goes, for example \"CAST({{0}} AS bigint)\".",
                parameterName);
        }

        return "(" + conversionSql.Replace(ConversionPlaceholder, source, StringComparison.Ordinal) + ")";
    }
}
