using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace SafeMigrations.TestKit.Scaffolding;

/// <summary>
/// One migration as <c>dotnet ef migrations add</c> would write it, produced in-process by EF Core's real
/// migrations scaffolder.
/// </summary>
/// <param name="Id">The migration id, e.g. <c>20240101000002_AddEmailIndex</c>.</param>
/// <param name="Name">The migration class name, e.g. <c>AddEmailIndex</c>.</param>
/// <param name="MigrationCode">The text of <c>&lt;Id&gt;.cs</c> (the <c>Up</c> and <c>Down</c> methods).</param>
/// <param name="DesignerCode">The text of <c>&lt;Id&gt;.Designer.cs</c> (<c>[DbContext]</c>, <c>[Migration]</c>, <c>BuildTargetModel</c>).</param>
/// <param name="SnapshotCode">The text of <c>&lt;Context&gt;ModelSnapshot.cs</c> after this migration.</param>
/// <param name="UpOperations">The operations the model differ produced for <c>Up</c>.</param>
/// <param name="DownOperations">The operations the model differ produced for <c>Down</c>.</param>
public sealed record ScaffoldedMigration(
    string Id,
    string Name,
    string MigrationCode,
    string DesignerCode,
    string SnapshotCode,
    IReadOnlyList<MigrationOperation> UpOperations,
    IReadOnlyList<MigrationOperation> DownOperations)
{
    /// <summary>The file name EF would use for <see cref="MigrationCode"/>: <c>&lt;Id&gt;.cs</c>.</summary>
    public string MigrationFileName => Id + ".cs";

    /// <summary>The file name EF would use for <see cref="DesignerCode"/>: <c>&lt;Id&gt;.Designer.cs</c>.</summary>
    public string DesignerFileName => Id + ".Designer.cs";

    /// <summary>The name of the model snapshot class, e.g. <c>ShopContextModelSnapshot</c>.</summary>
    public string SnapshotName { get; init; } = "";

    /// <summary>The file name EF would use for <see cref="SnapshotCode"/>, e.g. <c>ShopContextModelSnapshot.cs</c>.</summary>
    public string SnapshotFileName => SnapshotName + ".cs";
}
