using SafeMigrations.Analyzers.Context;
using SafeMigrations.Analyzers.Reading;
using SafeMigrations.Analyzers.Tests.Rollback;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.TestKit.Scaffolding;

namespace SafeMigrations.Analyzers.Tests.Reading;

/// <summary>
/// Only a migration whose rules ask about the model before it (a drop) reads the list of migrations: in the IDE, an
/// edit of any other migration then reads no other migration's declaration.
/// </summary>
public class PreviousModelLookupTests
{
    [Fact]
    public void The_previous_migration_is_looked_up_on_the_first_question_and_answers_as_before()
    {
        var project = MigrationProject.Scaffold(TestProvider.PostgreSql, RollbackHarness.History(TestProvider.PostgreSql));
        var compilation = RollbackHarness.Compile(project.Sources);
        var index = new MigrationIndex(compilation, EfSymbols.TryCreate(compilation)!);
        var ids = project.History.Select(m => m.Id).ToList();

        var second = index.Previous(ids[1], null, CancellationToken.None);
        var first = index.Previous(ids[0], null, CancellationToken.None);
        Assert.False(index.IsBuilt);

        Assert.True(second.Exists);
        Assert.True(index.IsBuilt);
        var whole = index.PreviousTargetModel(ids[1], null, CancellationToken.None)!;
        var table = whole.Tables[0];
        Assert.Equal(table, second.Table(table.Name, table.Schema));
        Assert.Equal(whole.Tables.Where(t => t.Name == table.Name), second.TablesNamed(table.Name));

        // The first migration has no model before it.
        Assert.False(first.Exists);
        Assert.Null(first.Model);
        Assert.Null(first.Table(table.Name, table.Schema));
        Assert.Empty(first.TablesNamed(table.Name));
    }
}
