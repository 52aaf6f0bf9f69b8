using SafeMigrations.Analyzers.Context;
using SafeMigrations.Analyzers.Infrastructure;
using SafeMigrations.Analyzers.Model;

namespace SafeMigrations.Analyzers.Tests.Reading;

/// <summary>
/// The analyzer's guard around the previous model (<see cref="MigrationAnalyzer.Before"/>) answers a table question by
/// reading that table only; the whole Designer is read only when the table read fails. Its fallbacks were once plain
/// arguments, evaluated before every table read: the whole previous model was read for every migration that asked for
/// one table (43 % of the callbacks on the 1,000-migration benchmark).
/// </summary>
public class ModelBeforeTests
{
    private static readonly TableDefinition Orders = new(
        "Orders", "shop", "Shop.Order", EquatableArray<ColumnDefinition>.Empty, "PK_Orders", EquatableArray<string>.Empty,
        EquatableArray<IndexDefinition>.Empty, EquatableArray<ForeignKeyDefinition>.Empty, EquatableArray<CheckConstraintDefinition>.Empty,
        EquatableArray<UniqueConstraintDefinition>.Empty);

    [Fact]
    public void Table_questions_do_not_read_the_whole_model()
    {
        var wholeReads = 0;
        var guarded = MigrationAnalyzer.Before(new ModelBefore(
            () => { wholeReads++; return null; },
            () => true,
            (name, _) => name == "Orders" ? Orders : null,
            name => name == "Orders" ? new[] { Orders } : Array.Empty<TableDefinition>(),
            index => index == "IX_Orders_Date" ? Orders : null));

        Assert.Same(Orders, guarded.Table("Orders", null));
        Assert.Null(guarded.Table("Lines", null));
        Assert.Equal(new[] { Orders }, guarded.TablesNamedForIndexes("Orders"));
        Assert.Same(Orders, guarded.TableOfIndex("IX_Orders_Date"));
        Assert.Null(guarded.TableOfIndex("IX_Lines_Date"));
        Assert.True(guarded.Exists);
        Assert.Equal(0, wholeReads);
    }

    [Fact]
    public void A_table_read_that_fails_is_answered_from_the_whole_model_in_release_builds_only()
    {
        var guarded = MigrationAnalyzer.Before(new ModelBefore(
            () => new TargetModel(null, EquatableArray.Of(Orders), DatabaseProvider.PostgreSql),
            table: (_, _) => throw new InvalidOperationException("odd Designer")));
#if DEBUG
        // Debug builds (the tests) let reader failures through, so a reader bug fails a test instead of hiding.
        Assert.Throws<InvalidOperationException>(() => guarded.Table("Orders", null));
#else
        Assert.Same(Orders, guarded.Table("Orders", null));
#endif
    }
}
