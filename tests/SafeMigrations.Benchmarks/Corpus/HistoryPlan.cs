using System.Collections.Immutable;
using Microsoft.EntityFrameworkCore;

namespace SafeMigrations.Benchmarks.Corpus;

/// <summary>
/// A long, realistic migration history as a list of complete models, one per migration, for the real
/// scaffolder. After an <c>Initial</c> migration that creates six tables, the steps cycle through five
/// kinds of change, each cycle on the next table:
/// <list type="number">
/// <item>AddColumn: a nullable <c>varchar(200)</c> column <c>C{n}</c>;</item>
/// <item>CreateIndex on it;</item>
/// <item>RenameColumn: <c>C{n}</c> becomes <c>Note{n}</c> (the index is renamed with it);</item>
/// <item>CreateTable: a side table <c>Aux{n}</c> with a foreign key to the table (and its index), dropping the
/// oldest side table once there are more than <see cref="MaxSideTables"/>;</item>
/// <item>DropColumn of the table's oldest added column (with its index) once it has more than
/// <see cref="MaxAddedColumns"/>, else AlterColumn widening the newest one to <c>varchar(400)</c>.</item>
/// </list>
/// The windows keep the model (so each Designer file) at a steady size, as in a real project whose model
/// grows far slower than its history: 6 + 4 tables, about 50 columns, a Designer file of about 450 lines.
/// </summary>
internal static class HistoryPlan
{
    public const int MaxAddedColumns = 3;
    public const int MaxSideTables = 4;

    private static readonly Type[] EntityTypes =
    [
        typeof(Sample.Customer), typeof(Sample.Order), typeof(Sample.Product),
        typeof(Sample.Invoice), typeof(Sample.Shipment), typeof(Sample.Supplier),
    ];

    private sealed record AddedColumn(int Number, bool Indexed, bool Renamed, int MaxLength);

    private sealed record SideTable(int Number, int Owner);

    private sealed record State(ImmutableArray<ImmutableList<AddedColumn>> Columns, ImmutableList<SideTable> SideTables)
    {
        public State WithColumns(int entity, ImmutableList<AddedColumn> columns) => this with { Columns = Columns.SetItem(entity, columns) };
    }

    /// <summary>The steps of a history of <paramref name="count"/> migrations.</summary>
    public static (string Name, Action<ModelBuilder> Model)[] Steps(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var state = new State(
            Enumerable.Repeat(ImmutableList<AddedColumn>.Empty, EntityTypes.Length).ToImmutableArray(),
            ImmutableList<SideTable>.Empty);
        var steps = new List<(string, Action<ModelBuilder>)>(count) { ("Initial", Build(state)) };
        for (var step = 0; steps.Count < count; step++)
        {
            var n = step / 5;
            var entity = n % EntityTypes.Length;
            var table = EntityTypes[entity].Name + "s";
            var columns = state.Columns[entity];
            string name;
            switch (step % 5)
            {
                case 0:
                    name = $"Add{table}C{n}";
                    state = state.WithColumns(entity, columns.Add(new AddedColumn(n, Indexed: false, Renamed: false, MaxLength: 200)));
                    break;
                case 1:
                    name = $"Index{table}C{n}";
                    state = state.WithColumns(entity, columns.SetItem(columns.Count - 1, columns[^1] with { Indexed = true }));
                    break;
                case 2:
                    name = $"Rename{table}C{n}ToNote{n}";
                    state = state.WithColumns(entity, columns.SetItem(columns.Count - 1, columns[^1] with { Renamed = true }));
                    break;
                case 3:
                    name = $"CreateAux{n}For{table}";
                    var sideTables = state.SideTables.Add(new SideTable(n, entity));
                    if (sideTables.Count > MaxSideTables)
                    {
                        name += $"DropAux{sideTables[0].Number}";
                        sideTables = sideTables.RemoveAt(0);
                    }

                    state = state with { SideTables = sideTables };
                    break;
                default:
                    if (columns.Count > MaxAddedColumns)
                    {
                        name = $"Drop{table}Note{columns[0].Number}";
                        state = state.WithColumns(entity, columns.RemoveAt(0));
                    }
                    else
                    {
                        name = $"Widen{table}Note{n}";
                        state = state.WithColumns(entity, columns.SetItem(columns.Count - 1, columns[^1] with { MaxLength = 400 }));
                    }

                    break;
            }

            steps.Add((name, Build(state)));
        }

        return steps.ToArray();
    }

    private static Action<ModelBuilder> Build(State state) => modelBuilder =>
    {
        for (var i = 0; i < EntityTypes.Length; i++)
        {
            var columns = state.Columns[i];
            modelBuilder.Entity(EntityTypes[i], b =>
            {
                b.ToTable(EntityTypes[i].Name + "s");
                b.Property(nameof(Sample.EntityBase.Name)).HasMaxLength(100);
                b.HasIndex(nameof(Sample.EntityBase.Name)).IsUnique();
                foreach (var column in columns)
                {
                    var property = b.Property<string>($"C{column.Number}").HasMaxLength(column.MaxLength);
                    if (column.Renamed)
                    {
                        property.HasColumnName($"Note{column.Number}");
                    }

                    if (column.Indexed)
                    {
                        b.HasIndex($"C{column.Number}");
                    }
                }
            });
        }

        foreach (var side in state.SideTables)
        {
            modelBuilder.SharedTypeEntity<Dictionary<string, object>>($"Aux{side.Number}", b =>
            {
                b.ToTable($"Aux{side.Number}");
                b.IndexerProperty<int>("Id");
                b.HasKey("Id");
                b.IndexerProperty<string>("Value").HasMaxLength(100).IsRequired();
                b.IndexerProperty<int>("OwnerId");
                b.HasOne(EntityTypes[side.Owner]).WithMany().HasForeignKey("OwnerId");
            });
        }
    };
}
