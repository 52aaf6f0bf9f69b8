using Microsoft.CodeAnalysis;

namespace SafeMigrations.Analyzers.Rules;

/// <summary>
/// Every diagnostic the package reports, in one place. IDs are fixed by DESIGN.md; the help link is
/// computed from the ID and points at <c>analyzers/docs/rules/SMxxxx.md</c>.
/// </summary>
internal static class Descriptors
{
    public const string HelpLinkBase = "https://github.com/efcore-safemigrations/EFCore.SafeMigrations/blob/main/analyzers/docs/rules/";

    public static string HelpLink(string id) => HelpLinkBase + id + ".md";

    private static class Categories
    {
        public const string Compatibility = "Compatibility";
        public const string Locking = "Locking";
        public const string Configuration = "Configuration";
        public const string Rollback = "Rollback";
        public const string Data = "Data";
    }

    public static readonly DiagnosticDescriptor SM1001_RenameColumn = Create(
        "SM1001",
        "Renaming a column breaks the running app",
        "Renaming column '{0}' to '{1}' on table '{2}' breaks every running instance of the app that still reads or writes '{0}', the moment this migration applies. "
            + "Expand first: add '{1}', copy the data and keep both columns in sync with triggers; drop '{0}' in a later contract migration, once no old version runs.",
        Categories.Compatibility,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor SM1002_RenameTable = Create(
        "SM1002",
        "Renaming a table breaks the running app",
        "Renaming table '{0}' to '{1}' breaks every running instance of the app that still reads or writes '{0}', the moment this migration applies. {2}",
        Categories.Compatibility,
        DiagnosticSeverity.Warning);

    /// <summary>
    /// SM1002's second message: a move to the default schema that EF turns into no SQL. It shares SM1002's ID, category
    /// and severity, so every setting of SM1002 applies to it too.
    /// </summary>
    public static readonly DiagnosticDescriptor SM1002_SchemaMoveDoesNothing = Create(
        "SM1002",
        "Renaming a table breaks the running app",
        "This RenameTable does nothing on {0}: without newSchema, EF keeps table '{1}' in schema '{2}', while the model after this migration looks for it in the default schema, so the new version of the app will not find it. "
            + "Name the default schema: newSchema: \"{3}\".",
        Categories.Compatibility,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor SM1003_DropColumn = Create(
        "SM1003",
        "Dropping a column breaks the running app and loses its data",
        "Dropping column '{0}' from table '{1}' breaks every running instance of the app that still selects or inserts '{0}', the moment this migration applies, and {2} is lost for good. "
            + "Stop reading and writing '{0}' in the app first, and move the drop into a later contract migration that runs once no old version is left.",
        Categories.Compatibility,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor SM1004_DropTable = Create(
        "SM1004",
        "Dropping a table breaks the running app and loses its data",
        "Dropping table '{0}' breaks every running instance of the app that still reads or writes '{0}', the moment this migration applies, and every row in it is lost for good. "
            + "Stop using '{0}' in the app first, and move the drop into a later contract migration that runs once no old version is left.",
        Categories.Compatibility,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor SM1005_ChangeColumnType = Create(
        "SM1005",
        "Changing a column's type rewrites the table or breaks the running app",
        "Changing the type of column '{0}' on existing table '{1}' from '{2}' to '{3}' {4} "
            + "Expand and contract instead: add a column of the new type, keep it in step with migrationBuilder.CreateColumnSync and fill it with migrationBuilder.CopyColumnData, move the app to it, and drop '{0}' in a later contract migration.",
        Categories.Compatibility,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor SM1006_NarrowColumnType = Create(
        "SM1006",
        "Narrowing a column's type fails the migration or loses data",
        "Changing column '{0}' on existing table '{1}' from '{2}' to '{3}' narrows it: {4} "
            + "No schema change makes this safe: find and fix the rows that do not fit before the migration runs, or keep the wider type.",
        Categories.Compatibility,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor SM1007_AddRequiredColumn = Create(
        "SM1007",
        "Adding a NOT NULL column without a real default breaks the running app",
        "Adding NOT NULL column '{0}' to existing table '{1}' {2} "
            + "Add '{0}' as nullable, backfill it, and enforce NOT NULL in a later contract migration, once no old version of the app runs.",
        Categories.Compatibility,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor SM1008_SetNotNull = Create(
        "SM1008",
        "Making a column NOT NULL breaks the running app and can lock the table",
        "Making column '{0}' on existing table '{1}' NOT NULL {2} Every insert from the still-running old app version that leaves '{0}' out fails from then on. "
            + "Backfill '{0}' and have the app write it first; enforce NOT NULL in a later contract migration{3}.",
        Categories.Compatibility,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor SM2001_CreateIndexBlocksWrites = Create(
        "SM2001",
        "Creating an index on an existing table blocks writes",
        "Creating index '{0}' on existing table '{1}' {2}",
        Categories.Locking,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor SM2002_TransactionSuppressed = Create(
        "SM2002",
        "An operation outside the transaction shares its migration with other operations",
        "{0} runs outside the migration's transaction ({1}), so EF commits the {2} other operation(s) of migration '{3}' apart from it. "
            + "If it fails, the migration is left half applied: EF does not record it, and the next run fails on the operations that already went through. Move {0} into a migration of its own.",
        Categories.Locking,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor SM2003_DropIndexLocksTable = Create(
        "SM2003",
        "Dropping an index on PostgreSQL locks the table",
        "Dropping index '{0}' on existing table '{1}' takes an ACCESS EXCLUSIVE lock on '{1}': every read and write waits, first behind any running query on '{1}', then for the drop itself. "
            + "Npgsql cannot emit DROP INDEX CONCURRENTLY; use migrationBuilder.DropIndexConcurrently(\"{0}\"), in a migration of its own.",
        Categories.Locking,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor SM2004_AddForeignKeyValidates = Create(
        "SM2004",
        "Adding a foreign key to an existing table checks every row under lock",
        "Adding foreign key '{0}' on existing table '{1}' {2}",
        Categories.Locking,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor SM2005_AddCheckConstraintValidates = Create(
        "SM2005",
        "Adding a check constraint to an existing table checks every row under lock",
        "Adding check constraint '{0}' on existing table '{1}' {2}",
        Categories.Locking,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor SM2006_AddKeyBuildsIndex = Create(
        "SM2006",
        "Adding a primary key or unique constraint to an existing table locks it while the index builds",
        "Adding {0} '{1}' on existing table '{2}' {3}",
        Categories.Locking,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor SM2007_AddColumnRewritesTable = Create(
        "SM2007",
        "Adding a column with a volatile default or a stored computed value rewrites the table",
        "Adding column '{0}' to existing table '{1}' {2}",
        Categories.Locking,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor SM2008_SqliteTableRebuild = Create(
        "SM2008",
        "EF rebuilds the table on SQLite",
        "EF rebuilds existing table '{0}' on SQLite for {1}: it creates a new table, copies every row into it, drops '{0}' and renames the copy. "
            + "Triggers on '{0}' are dropped with it (CreateColumnSync's sync triggers too) and must be re-created after it; the copy runs inside the migration's transaction, "
            + "holding SQLite's only write lock, until EF commits part-way to turn foreign keys off, so a failure after that point leaves the migration half applied.",
        Categories.Locking,
        DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor SM2009_ConcurrentlyInTransaction = Create(
        "SM2009",
        "CONCURRENTLY in a transaction fails on deployment",
        "{0} CONCURRENTLY on '{1}' fails when this migration is deployed: PostgreSQL cannot run it inside a transaction block, and {2}. "
            + "Give it a Sql(..., suppressTransaction: true) call of its own, alone, in a migration of its own.",
        Categories.Locking,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor SM3001_NoRollback = Create(
        "SM3001",
        "The migration cannot be rolled back",
        "Migration '{0}' cannot be rolled back: its Down {1} while Up changes the schema, so a failed deployment has no way back. "
            + "Add [GenerateRollback] to derive Down from Up, or write Down by hand.",
        Categories.Rollback,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor SM3002_RollbackDoesNotReverseUp = Create(
        "SM3002",
        "Down does not reverse Up",
        "The Down of migration '{0}' does not reverse its Up: {1}. A rollback would leave a schema that matches neither version of the app. "
            + "Replace Down with the generated rollback: add [GenerateRollback] and delete Down.",
        Categories.Rollback,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor SM3003_RollbackNotGenerated = Create(
        "SM3003",
        "The rollback cannot be generated",
        "No Down is generated for migration '{0}': {1} cannot be inverted, because {2}. Write Down by hand and remove [GenerateRollback].",
        Categories.Rollback,
        DiagnosticSeverity.Warning);

    /// <summary>
    /// SM3003's second message: the rollback of a contract exists but cannot bring back what the contract drops. It
    /// shares SM3003's ID, category and default severity (so release tracking, presets and every
    /// <c>dotnet_diagnostic.SM3003.severity</c> treat the rule as one), but is reported as info: it asks for no
    /// change to the contract, which drops the data on purpose, and must not fail the build the fix wrote it for.
    /// </summary>
    public static readonly DiagnosticDescriptor SM3003_ContractRollbackLosesData = Create(
        "SM3003",
        "Rolling back the contract cannot bring the dropped data back",
        "Rolling back contract migration '{0}' re-creates {1} {2}: the {3} it drops are not brought back, because nothing in the database kept a copy of them. "
            + "Back them up before this contract runs if a rollback may need them.",
        Categories.Rollback,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor SM4001_SqlNotChecked = Create(
        "SM4001",
        "The SQL of a Sql(...) call cannot be checked",
        "This Sql(...) call is not checked: {0}. Make sure by hand that it neither locks nor rewrites a large table, nor breaks the running version of the app.",
        Categories.Data,
        DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor SM4002_UnbatchedDataChange = Create(
        "SM4002",
        "Updating or deleting every row of a table in one statement",
        "The {0} of every row of existing table '{1}' runs as one statement: {2} {3}",
        Categories.Data,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor SM4003_BackfillWithSchemaChange = Create(
        "SM4003",
        "A backfill shares a migration with a schema change of the same table",
        "The {0} of '{1}' runs in the same transaction as {2}, so {3} Move the backfill into a migration of its own, after this one; migrationBuilder.BackfillInBatches commits after every batch.",
        Categories.Data,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor SM9001_ProviderUnknown = Create(
        "SM9001",
        "The database provider cannot be determined",
        "The database provider of migration '{0}' cannot be determined, or is one this package does not check (Oracle, Jet, Firebird, Db2), so provider-specific checks are off for it. "
            + "If it is PostgreSQL, SQL Server, SQLite or MySQL, set 'safe_migrations.provider' (postgresql, sqlserver, sqlite or mysql) in .editorconfig, or <SafeMigrationsProvider> in the project file.",
        Categories.Configuration,
        DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor SM9002_InvalidSetting = Create(
        "SM9002",
        "A SafeMigrations setting cannot be right",
        "The setting {0} = '{1}' cannot be right: {2}",
        Categories.Configuration,
        DiagnosticSeverity.Warning);

    private static DiagnosticDescriptor Create(string id, string title, string message, string category, DiagnosticSeverity severity) =>
        new(id, title, message, category, severity, isEnabledByDefault: true, helpLinkUri: HelpLink(id));
}
