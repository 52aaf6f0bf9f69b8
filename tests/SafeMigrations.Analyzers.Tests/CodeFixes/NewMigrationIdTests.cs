using SafeMigrations.CodeFixes.Engine;

namespace SafeMigrations.Analyzers.Tests.CodeFixes;

/// <summary>
/// The id a fix gives the migration it writes beside the one it splits: one second away, or the source's own timestamp
/// with a longer name, and none when nothing fits. The last second EF's timestamp format can write (9999-12-31 23:59:59)
/// and the first (0001-01-01 00:00:00) have no neighbour on one side; a fix there must not throw (a code fix that throws is
/// an error bar in the IDE and a failed <c>dotnet format</c>), only fall back or not be offered.
/// </summary>
public class NewMigrationIdTests
{
    [Fact]
    public void A_migration_after_gets_the_next_second()
    {
        var id = NewMigrationWriter.NewId("20240101120000_AddEmail", "AddEmailContract", Placement.After, ["20240101120000_AddEmail"]);

        Assert.Equal("20240101120001_AddEmailContract", id);
    }

    [Fact]
    public void A_migration_before_gets_the_second_before()
    {
        var id = NewMigrationWriter.NewId("20240101120000_AddEmail", "AddEmailExpand", Placement.Before, ["20240101120000_AddEmail"]);

        Assert.Equal("20240101115959_AddEmailExpand", id);
    }

    [Fact]
    public void After_the_last_second_the_source_timestamp_with_the_longer_name_is_used()
    {
        var id = NewMigrationWriter.NewId("99991231235959_AddEmail", "AddEmailContract", Placement.After, ["99991231235959_AddEmail"]);

        Assert.Equal("99991231235959_AddEmailContract", id);
    }

    [Fact]
    public void Before_the_first_second_no_id_fits()
    {
        var id = NewMigrationWriter.NewId("00010101000000_AddEmail", "AddEmailExpand", Placement.Before, ["00010101000000_AddEmail"]);

        Assert.Null(id);
    }
}
