using System.Collections.Generic;
using System.Globalization;
using Microsoft.CodeAnalysis;
using SafeMigrations.Analyzers.Context;
using SafeMigrations.Analyzers.Model;

namespace SafeMigrations.Analyzers.Rules;

/// <summary>
/// SM1006: AlterColumn that narrows an existing column (a shorter maximum length, fewer digits, a smaller integer,
/// a limit where there was none), so existing values may not fit: the migration fails, or values are cut. It names
/// the data at risk per provider. It ignores small_tables: a small table loses data just the same.
/// </summary>
internal sealed class NarrowColumnTypeRule : MigrationRule
{
    public override DiagnosticDescriptor Descriptor => Descriptors.SM1006_NarrowColumnType;

    public override void Analyze(MigrationContext context)
    {
        foreach (var operation in context.UpOperations)
        {
            if (ColumnTypeChange.Read(context, operation) is { Change.Kind: TypeChangeKind.Narrowing } change)
            {
                context.Report(Descriptor, operation.Span, change.Column, change.Table, change.OldTypeText, change.NewTypeText, DataAtRisk(change));
            }
        }
    }

    /// <summary>The values that do not fit and what happens to them, per provider, as one sentence.</summary>
    internal static string DataAtRisk(ColumnTypeChange change)
    {
        var where = $"'{change.Table}.{change.Column}'";
        var reasons = change.Change.Reasons;
        var newType = change.Change.New;
        var clauses = new List<string>();

        if (change.Provider == DatabaseProvider.Sqlite)
        {
            // SQLite checks no lengths or ranges: the values survive, and the app reading them with the new CLR type does not.
            var clr = change.NewClr;
            if ((reasons & NarrowingReason.IntegerRange) != 0 && ClrType.IntegerRange(clr) is { } range)
            {
                clauses.Add($"SQLite keeps every value, but the app then reads {where} as {clr} and fails on any value outside {Range(range.Min, range.Max)}");
            }

            if ((reasons & NarrowingReason.Fraction) != 0)
            {
                clauses.Add($"SQLite keeps every value, but the app then reads {where} as {clr} and drops the fractional part of each value");
            }

            if ((reasons & NarrowingReason.FloatPrecision) != 0)
            {
                clauses.Add($"SQLite keeps every value, but the app then reads {where} as {clr} and keeps only about 7 significant digits");
            }

            return Sentence(clauses);
        }

        if ((reasons & NarrowingReason.Length) != 0 && newType?.Length is { } length)
        {
            var unit = newType.Family == StoreTypeFamily.Binary ? "bytes" : "characters";
            clauses.Add($"values longer than {length.ToString(CultureInfo.InvariantCulture)} {unit} in {where} " + change.Provider switch
            {
                DatabaseProvider.PostgreSql => "make the migration fail (PostgreSQL: value too long for the type)",
                DatabaseProvider.SqlServer => "make the migration fail (SQL Server: string or binary data would be truncated)",
                DatabaseProvider.MySql => $"make the migration fail in strict SQL mode (MySQL's default), and are cut to {length.ToString(CultureInfo.InvariantCulture)} {unit} without it",
                _ => "make the migration fail or are cut short, depending on the database",
            });
        }

        if ((reasons & NarrowingReason.Unicode) != 0)
        {
            clauses.Add($"characters in {where} that the column's code page cannot hold are replaced by '?' for good");
        }

        if ((reasons & NarrowingReason.IntegerRange) != 0 && newType is not null)
        {
            var (min, max) = TypeChangeClassifier.IntegerRange(change.Provider, newType);
            clauses.Add($"values outside {Range(min, max)} in {where} " + Overflow(change.Provider));
        }

        if ((reasons & NarrowingReason.IntegerDigits) != 0 && newType?.Precision is { } precision)
        {
            var digits = precision - (newType.Scale ?? 0);
            clauses.Add($"values with more than {digits.ToString(CultureInfo.InvariantCulture)} digits before the decimal point in {where} " + Overflow(change.Provider, numeric: true));
        }

        if ((reasons & NarrowingReason.Scale) != 0 && newType is not null)
        {
            clauses.Add($"digits beyond {(newType.Scale ?? 0).ToString(CultureInfo.InvariantCulture)} decimal places in {where} are rounded away for good");
        }

        if ((reasons & NarrowingReason.Fraction) != 0)
        {
            clauses.Add($"the fractional part of every value in {where} is lost for good ("
                + (change.Provider == DatabaseProvider.SqlServer ? "SQL Server truncates it" : "rounded")
                + "), and values outside the new type's range " + Overflow(change.Provider));
        }

        if ((reasons & NarrowingReason.FloatPrecision) != 0)
        {
            clauses.Add($"values in {where} keep only about 7 significant digits, and the rest is lost for good");
        }

        if ((reasons & NarrowingReason.FractionalSeconds) != 0 && newType?.Precision is { } fraction)
        {
            clauses.Add($"times in {where} are rounded to {fraction.ToString(CultureInfo.InvariantCulture)} fractional-second digits, and the rest is lost for good");
        }

        if ((reasons & NarrowingReason.DateRange) != 0 && newType is not null)
        {
            clauses.Add($"dates before {(newType.Name == "smalldatetime" ? "1900" : "1753")} in {where} make the migration fail");
        }

        if ((reasons & NarrowingReason.TimeOfDay) != 0)
        {
            clauses.Add($"the time of day of every value in {where} is lost for good");
        }

        return Sentence(clauses);
    }

    /// <param name="numeric">True for a numeric(p,s) target, whose PostgreSQL error differs from an integer's.</param>
    private static string Overflow(DatabaseProvider provider, bool numeric = false) => provider switch
    {
        DatabaseProvider.PostgreSql => numeric ? "make the migration fail (PostgreSQL: numeric field overflow)" : "make the migration fail (PostgreSQL: out of range)",
        DatabaseProvider.SqlServer => "make the migration fail (SQL Server: arithmetic overflow)",
        DatabaseProvider.MySql => "make the migration fail in strict SQL mode (MySQL's default), and are clipped to the nearest limit without it",
        _ => "make the migration fail or are changed, depending on the database",
    };

    private static string Range(decimal min, decimal max) =>
        $"{min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}";

    private static string Sentence(List<string> clauses) =>
        clauses.Count == 0 ? "some existing values may not fit." : string.Join("; ", clauses) + ".";
}
