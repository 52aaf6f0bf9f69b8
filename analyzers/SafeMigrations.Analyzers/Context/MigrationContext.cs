using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using SafeMigrations.Analyzers.Infrastructure;
using SafeMigrations.Analyzers.Model;
using SafeMigrations.Analyzers.RawSql;

namespace SafeMigrations.Analyzers.Context;

/// <summary>A finding of a rule, as data; the analyzer turns it into a Roslyn diagnostic.</summary>
internal sealed record RuleFinding(DiagnosticDescriptor Descriptor, SourceSpan Span, ImmutableArray<string> MessageArguments)
{
    /// <summary>Data for code fixes, carried on the diagnostic.</summary>
    public ImmutableDictionary<string, string?> Properties { get; init; } = ImmutableDictionary<string, string?>.Empty;

    /// <summary>The severity reported when the user configures none; the descriptor's default unless a rule lowers it.</summary>
    public DiagnosticSeverity Severity { get; init; } = Descriptor.DefaultSeverity;
}

/// <summary>
/// What a rule knows about the migration it checks: the model, the settings, the provider per
/// operation, which tables are new, and the model before this migration.
/// </summary>
internal sealed class MigrationContext
{
    private readonly ModelBefore previousModel;
    private readonly List<RuleFinding> findings = new();
    private EquatableArray<MigrationOperation> upOperations;
    private List<(MigrationOperation Sql, string Reason)>? uncheckedSql;

    /// <summary>The unchecked SQL of a migration without <c>Sql(...)</c>: one empty list for all, never written to.</summary>
    private static readonly List<(MigrationOperation Sql, string Reason)> NoSql = new(0);

    public MigrationContext(
        MigrationModel migration,
        SafeMigrationsSettings settings,
        DatabaseProvider detectedProvider,
        ProviderSource providerSource,
        Func<TargetModel?> previousModel,
        CancellationToken cancellationToken)
        : this(migration, settings, detectedProvider, providerSource, new ModelBefore(previousModel), cancellationToken)
    {
    }

    public MigrationContext(
        MigrationModel migration,
        SafeMigrationsSettings settings,
        DatabaseProvider detectedProvider,
        ProviderSource providerSource,
        ModelBefore previousModel,
        CancellationToken cancellationToken)
    {
        Migration = migration;
        Settings = settings;
        DetectedProvider = detectedProvider;
        ProviderSource = providerSource;
        this.previousModel = previousModel;
        CancellationToken = cancellationToken;
    }

    public MigrationModel Migration { get; }

    public SafeMigrationsSettings Settings { get; }

    public DatabaseProvider DetectedProvider { get; }

    public ProviderSource ProviderSource { get; }

    public CancellationToken CancellationToken { get; }

    public IReadOnlyList<RuleFinding> Findings => findings;

    /// <summary>The settings that cannot be right, found on the newest migration only (empty on the others).</summary>
    /// <remarks>An array, not a list's interface: SM9002 enumerates it for every migration, and enumerating value tuples through
    /// an interface is framework code that a fresh compiler process compiled for us.</remarks>
    public (string Key, string Value, string Why)[] SettingProblems { get; init; } = Array.Empty<(string, string, string)>();

    /// <summary>The whole model before this migration (the previous migration's Designer), read on first use.</summary>
    public TargetModel? PreviousModel => previousModel.Model;

    /// <summary>
    /// <c>PreviousModel?.Table(table, schema)</c>, reading only the blocks of the Designer that make the table: a
    /// rule that needs one table does not pay for a walk over the whole model.
    /// </summary>
    public TableDefinition? PreviousTable(string table, string? schema) => previousModel.Table(table, schema);

    /// <summary>The model before this migration, for the rollback planner (which asks table by table too).</summary>
    public ModelBefore Previous => previousModel;

    /// <summary>
    /// <c>Up</c>'s operations for the rules: each <c>Sql(...)</c> call is followed by the operations read out of
    /// its SQL (<see cref="MigrationOperation.FromRawSql"/>), so a raw <c>CREATE INDEX</c> meets the same rule as
    /// a typed <c>CreateIndex</c>. The rollback rules read <c>Migration.Up</c> itself.
    /// </summary>
    /// <remarks>A struct with a struct enumerator: as an <c>IReadOnlyList</c>, each of the rules' loops over it allocated an
    /// enumerator (about 22,000 a compile of 1,000 migrations), and a migration without <c>Sql(...)</c> shares Up's own array.</remarks>
    public EquatableArray<MigrationOperation> UpOperations
    {
        get
        {
            ReadRawSql();
            return upOperations;
        }
    }

    /// <summary>The <c>Sql(...)</c> calls of <c>Up</c> that hold something the analyzer cannot check, and why.</summary>
    public IReadOnlyList<(MigrationOperation Sql, string Reason)> UncheckedSql
    {
        get
        {
            ReadRawSql();
            return uncheckedSql!;
        }
    }

    public DatabaseProvider ProviderFor(MigrationOperation operation) => operation.Branch.Resolve(DetectedProvider);

    /// <summary>Whether an operation of <c>Up</c> runs on <paramref name="provider"/>; a loop, as rules ask it of every migration.</summary>
    public bool AnyUpOperationOn(DatabaseProvider provider)
    {
        foreach (var operation in Migration.Up.Operations)
        {
            if (ProviderFor(operation) == provider)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when an earlier operation of <c>Up</c> created the table, so no running code uses it yet.</summary>
    public bool IsNewTable(MigrationOperation operation) => IsCreatedBefore(operation, OperationType.CreateTable, column: null);

    /// <summary>True when an earlier operation of <c>Up</c> added this column (or created its table).</summary>
    public bool IsNewColumn(MigrationOperation operation, string column) =>
        IsNewTable(operation) || IsCreatedBefore(operation, OperationType.AddColumn, column);

    /// <summary>
    /// Whether two operations are about the same table. Raw SQL spells a table as the database reads it: with the
    /// default schema EF leaves out (<c>[dbo].[Orders]</c>, <c>public."Orders"</c>) and, off PostgreSQL, in any case.
    /// So where either side is raw SQL, a missing schema agrees with any (<see cref="TargetModel.SchemasAgree"/>) and,
    /// off PostgreSQL (which folds unquoted names itself), names compare without case; typed operations compare exactly.
    /// </summary>
    public bool SameTable(MigrationOperation left, MigrationOperation right) =>
        SameName(left, right, left.Table, right.Table)
        && (left.FromRawSql || right.FromRawSql
            ? SameName(left, right, left.Schema, right.Schema) || IsDefaultSchema(left.Schema ?? right.Schema, left.Schema is null ? right : left)
            : string.Equals(left.Schema, right.Schema, StringComparison.Ordinal));

    /// <summary>
    /// Whether raw SQL's schema is the one a typed operation leaves out: <c>public</c> on PostgreSQL, <c>dbo</c> on SQL Server
    /// (not <c>audit</c>, which holds another table of the name); SQLite and MySQL name no schema EF writes.
    /// </summary>
    private bool IsDefaultSchema(string? schema, MigrationOperation operation) => ProviderFor(operation) switch
    {
        DatabaseProvider.PostgreSql => schema == "public",
        DatabaseProvider.SqlServer => string.Equals(schema, "dbo", StringComparison.OrdinalIgnoreCase),
        _ => true,
    };

    /// <summary>Whether a name of <paramref name="left"/> and one of <paramref name="right"/> are the same, as <see cref="SameTable"/> compares them.</summary>
    public bool SameName(MigrationOperation left, MigrationOperation right, string? leftName, string? rightName) =>
        string.Equals(
            leftName,
            rightName,
            (left.FromRawSql || right.FromRawSql) && ProviderFor(left) != DatabaseProvider.PostgreSql ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    public bool IsSmallTable(MigrationOperation operation) =>
        operation.Table is { } table && Settings.IsSmallTable(table, operation.Schema);

    public void Report(DiagnosticDescriptor descriptor, SourceSpan span, params string[] messageArguments) =>
        findings.Add(new RuleFinding(descriptor, span, messageArguments.ToImmutableArray()));

    public void Report(DiagnosticDescriptor descriptor, SourceSpan span, ImmutableDictionary<string, string?> properties, params string[] messageArguments) =>
        findings.Add(new RuleFinding(descriptor, span, messageArguments.ToImmutableArray()) { Properties = properties });

    /// <summary>Reports at a severity below the descriptor's default (see <see cref="RuleFinding.Severity"/>).</summary>
    public void Report(DiagnosticDescriptor descriptor, DiagnosticSeverity severity, SourceSpan span, params string[] messageArguments) =>
        findings.Add(new RuleFinding(descriptor, span, messageArguments.ToImmutableArray()) { Severity = severity });

    private void ReadRawSql()
    {
        if (uncheckedSql is not null)
        {
            return;
        }

        if (!Migration.Up.Operations.Any(RawSqlReader.HoldsSql))
        {
            upOperations = Migration.Up.Operations;
            uncheckedSql = NoSql;
            return;
        }

        // Filled locally and published at the end, so a reader failure leaves no half list behind.
        var operations = ImmutableArray.CreateBuilder<MigrationOperation>();
        var notChecked = new List<(MigrationOperation, string)>();
        var previous = new PreviousSchema(previousModel);
        foreach (var operation in Migration.Up.Operations)
        {
            operations.Add(operation);
            if (RawSqlReader.HoldsSql(operation))
            {
                var reading = ReadSql(operation, previous);
                operations.AddRange(reading.Operations);
                if (reading.Unchecked is { } reason)
                {
                    notChecked.Add((operation, reason));
                }
            }
        }

        upOperations = operations.ToEquatableArray();
        uncheckedSql = notChecked;
    }

    /// <summary>
    /// One call's SQL. A reader failure (Release builds; the tests' Debug builds throw) costs that call's checks only: every
    /// rule asks for Up's operations, and an exception here used to repeat in each and silence all of them for the migration.
    /// </summary>
    private RawSqlReading ReadSql(MigrationOperation operation, PreviousSchema previous)
    {
        try
        {
            return RawSqlReader.Read(operation, ProviderFor(operation), previous);
        }
        catch (Exception exception) when (MigrationAnalyzer.IsSkipped(exception))
        {
            return RawSqlReading.NotChecked("the analyzer failed to read its SQL");
        }
    }

    private bool IsCreatedBefore(MigrationOperation operation, OperationType kind, string? column)
    {
        var table = operation.Table;
        if (table is null)
        {
            return false;
        }

        foreach (var earlier in UpOperations)
        {
            if (ReferenceEquals(earlier, operation))
            {
                return false;
            }

            if (earlier.Kind == kind
                && SameTable(earlier, operation)
                && (column is null || SameName(earlier, operation, earlier.Name, column)))
            {
                return true;
            }
        }

        return false;
    }
}
