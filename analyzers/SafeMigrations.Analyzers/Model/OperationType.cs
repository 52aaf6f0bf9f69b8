namespace SafeMigrations.Analyzers.Model;

/// <summary>
/// The kinds of <c>MigrationBuilder</c> call the reader recognises. Each name is the
/// <c>MigrationBuilder</c> method it comes from, so <see cref="OperationTypes.FromMethodName"/> is a lookup.
/// </summary>
internal enum OperationType
{
    /// <summary>A call the reader saw but cannot interpret: a helper method, a custom extension.</summary>
    Unknown = 0,
    CreateTable,
    DropTable,
    RenameTable,
    AlterTable,
    AddColumn,
    DropColumn,
    RenameColumn,
    AlterColumn,
    CreateIndex,
    DropIndex,
    RenameIndex,
    AddPrimaryKey,
    DropPrimaryKey,
    AddUniqueConstraint,
    DropUniqueConstraint,
    AddCheckConstraint,
    DropCheckConstraint,
    AddForeignKey,
    DropForeignKey,
    EnsureSchema,
    DropSchema,
    CreateSequence,
    DropSequence,
    AlterSequence,
    RenameSequence,
    RestartSequence,
    AlterDatabase,
    Sql,
    InsertData,
    UpdateData,
    DeleteData,

    /// <summary>An UPDATE read out of raw SQL (no <c>MigrationBuilder</c> method has this name).</summary>
    UpdateRows,

    /// <summary>A DELETE read out of raw SQL.</summary>
    DeleteRows,

    /// <summary>An extension method on <c>MigrationBuilder</c> from another library, such as our runtime helpers.</summary>
    Extension,
}

internal static class OperationTypes
{
    public static OperationType FromMethodName(string name) => name switch
    {
        "CreateTable" => OperationType.CreateTable,
        "DropTable" => OperationType.DropTable,
        "RenameTable" => OperationType.RenameTable,
        "AlterTable" => OperationType.AlterTable,
        "AddColumn" => OperationType.AddColumn,
        "DropColumn" => OperationType.DropColumn,
        "RenameColumn" => OperationType.RenameColumn,
        "AlterColumn" => OperationType.AlterColumn,
        "CreateIndex" => OperationType.CreateIndex,
        "DropIndex" => OperationType.DropIndex,
        "RenameIndex" => OperationType.RenameIndex,
        "AddPrimaryKey" => OperationType.AddPrimaryKey,
        "DropPrimaryKey" => OperationType.DropPrimaryKey,
        "AddUniqueConstraint" => OperationType.AddUniqueConstraint,
        "DropUniqueConstraint" => OperationType.DropUniqueConstraint,
        "AddCheckConstraint" => OperationType.AddCheckConstraint,
        "DropCheckConstraint" => OperationType.DropCheckConstraint,
        "AddForeignKey" => OperationType.AddForeignKey,
        "DropForeignKey" => OperationType.DropForeignKey,
        "EnsureSchema" => OperationType.EnsureSchema,
        "DropSchema" => OperationType.DropSchema,
        "CreateSequence" => OperationType.CreateSequence,
        "DropSequence" => OperationType.DropSequence,
        "AlterSequence" => OperationType.AlterSequence,
        "RenameSequence" => OperationType.RenameSequence,
        "RestartSequence" => OperationType.RestartSequence,
        "AlterDatabase" => OperationType.AlterDatabase,
        "Sql" => OperationType.Sql,
        "InsertData" => OperationType.InsertData,
        "UpdateData" => OperationType.UpdateData,
        "DeleteData" => OperationType.DeleteData,
        _ => OperationType.Unknown,
    };

    /// <summary>Operations whose <c>name</c> argument is the table itself rather than a column or index.</summary>
    public static bool NameIsTable(this OperationType kind) =>
        kind is OperationType.CreateTable or OperationType.DropTable or OperationType.RenameTable or OperationType.AlterTable;
}
