using System.Collections.Immutable;
using Microsoft.EntityFrameworkCore;

namespace SafeMigrations.Benchmarks.Corpus;

/// <summary>
/// A history of a large model, as a product a few years old has: <c>Initial</c> creates
/// <see cref="InitialEntities"/> tables of seven columns each with foreign keys between them, and every later
/// migration changes a few of them. The steps cycle through eight kinds of change, each on tables picked
/// across the model:
/// <list type="number">
/// <item>AddColumn on two tables;</item>
/// <item>CreateIndex on the newest added column of one table;</item>
/// <item>RenameColumn of that column (the scaffolder renames its index too);</item>
/// <item>a new relationship: a column, its foreign key and its index;</item>
/// <item>DropColumn of the oldest added column once a table has more than three, else AlterColumn;</item>
/// <item>CreateTable of the next entity type with a foreign key (up to <see cref="MaxEntities"/> tables), else AddColumn;</item>
/// <item>DropForeignKey (and its column) of the oldest added relationship once a table has more than two, else AddColumn;</item>
/// <item>AlterColumn on one table and CreateIndex on another.</item>
/// </list>
/// The model grows from 80 to 120 tables, about 600 to 900 columns, and every Designer file holds all of it:
/// about 4,000 to 6,000 lines each, which is what makes such a history expensive to compile and to analyze.
/// </summary>
internal static class LargeModelPlan
{
    public const int InitialEntities = 80;
    public const int MaxEntities = 120;
    private const int MaxAddedColumns = 3;
    private const int MaxAddedReferences = 2;

    private static readonly Type[] EntityTypes = Enumerable.Range(0, MaxEntities)
        .Select(i => typeof(Sample.Large.Entity000).Assembly.GetType($"Sample.Large.Entity{i:000}", throwOnError: true)!)
        .ToArray();

    private sealed record AddedColumn(int Number, bool Indexed, bool Renamed, int MaxLength);

    private sealed record Reference(int Number, int Target);

    private sealed record Table(ImmutableList<AddedColumn> Columns, ImmutableList<Reference> References);

    /// <summary>The initial relationships: every table but the first refers to one or two earlier ones.</summary>
    private static IEnumerable<Reference> InitialReferences(int entity)
    {
        if (entity > 0)
        {
            yield return new Reference(-1, ((entity * 7) + 3) % entity);
        }

        if (entity > 2 && entity % 3 == 0)
        {
            yield return new Reference(-2, entity / 2);
        }
    }

    /// <summary>The steps of a history of <paramref name="count"/> migrations.</summary>
    public static (string Name, Action<ModelBuilder> Model)[] Steps(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var tables = Enumerable.Range(0, InitialEntities)
            .Select(_ => new Table(ImmutableList<AddedColumn>.Empty, ImmutableList<Reference>.Empty))
            .ToImmutableList();
        var steps = new List<(string, Action<ModelBuilder>)>(count) { ("Initial", Build(tables)) };
        var number = 0;
        for (var step = 0; steps.Count < count; step++)
        {
            var a = ((step * 37) + 1) % tables.Count;
            var b = ((step * 53) + 11) % tables.Count;
            var c = ((step * 17) + 5) % tables.Count;
            if (b == a)
            {
                b = (a + 1) % tables.Count;
            }

            string name;
            number++;
            switch (step % 8)
            {
                case 0:
                    name = $"Add{Name(a)}C{number}And{Name(b)}C{number}";
                    tables = AddColumn(AddColumn(tables, a, number), b, number);
                    break;
                case 1 when tables[a].Columns.FindLastIndex(x => !x.Indexed && !x.Renamed) is var last and >= 0:
                    name = $"Index{Name(a)}C{tables[a].Columns[last].Number}";
                    tables = tables.SetItem(a, tables[a] with { Columns = tables[a].Columns.SetItem(last, tables[a].Columns[last] with { Indexed = true }) });
                    break;
                case 2 when tables[a].Columns.FindLastIndex(x => !x.Renamed) is var last and >= 0:
                    name = $"Rename{Name(a)}C{tables[a].Columns[last].Number}ToNote";
                    tables = tables.SetItem(a, tables[a] with { Columns = tables[a].Columns.SetItem(last, tables[a].Columns[last] with { Renamed = true }) });
                    break;
                case 3:
                    name = $"Link{Name(a)}To{Name(c)}R{number}";
                    tables = tables.SetItem(a, tables[a] with { References = tables[a].References.Add(new Reference(number, c)) });
                    break;
                case 4 when tables[a].Columns.Count > MaxAddedColumns:
                    name = $"Drop{Name(a)}C{tables[a].Columns[0].Number}";
                    tables = tables.SetItem(a, tables[a] with { Columns = tables[a].Columns.RemoveAt(0) });
                    break;
                case 4 or 7 when tables[a].Columns.Count > 0 && tables[a].Columns[^1].MaxLength < 1000:
                    var widened = tables[a].Columns[^1];
                    name = $"Widen{Name(a)}C{widened.Number}";
                    tables = tables.SetItem(a, tables[a] with { Columns = tables[a].Columns.SetItem(tables[a].Columns.Count - 1, widened with { MaxLength = widened.MaxLength + 100 }) });
                    if (step % 8 == 7 && tables[b].Columns.FindLastIndex(x => !x.Indexed) is var toIndex and >= 0)
                    {
                        name += $"Index{Name(b)}C{tables[b].Columns[toIndex].Number}";
                        tables = tables.SetItem(b, tables[b] with { Columns = tables[b].Columns.SetItem(toIndex, tables[b].Columns[toIndex] with { Indexed = true }) });
                    }

                    break;
                case 5 when tables.Count < MaxEntities:
                    name = $"Create{Name(tables.Count)}";
                    tables = tables.Add(new Table(ImmutableList<AddedColumn>.Empty, ImmutableList.Create(new Reference(number, a))));
                    break;
                case 6 when tables[a].References.Count > MaxAddedReferences:
                    name = $"Unlink{Name(a)}R{tables[a].References[0].Number}";
                    tables = tables.SetItem(a, tables[a] with { References = tables[a].References.RemoveAt(0) });
                    break;
                default:
                    name = $"Add{Name(a)}C{number}";
                    tables = AddColumn(tables, a, number);
                    break;
            }

            // Every name is unique: the same column can be widened twice.
            steps.Add(($"{name}_{number}", Build(tables)));
        }

        return steps.ToArray();
    }

    private static string Name(int entity) => EntityTypes[entity].Name;

    private static ImmutableList<Table> AddColumn(ImmutableList<Table> tables, int entity, int number) =>
        tables.SetItem(entity, tables[entity] with { Columns = tables[entity].Columns.Add(new AddedColumn(number, Indexed: false, Renamed: false, MaxLength: 200)) });

    private static Action<ModelBuilder> Build(ImmutableList<Table> tables) => modelBuilder =>
    {
        for (var i = 0; i < tables.Count; i++)
        {
            var table = tables[i];
            var type = EntityTypes[i];
            modelBuilder.Entity(type, b =>
            {
                b.ToTable(type.Name + "s");
                b.Property(nameof(Sample.EntityBase.Name)).HasMaxLength(100);
                b.HasIndex(nameof(Sample.EntityBase.Name));
                b.Property<string>("Code").HasMaxLength(32).IsRequired();
                b.HasIndex("Code").IsUnique();
                b.Property<decimal>("Amount").HasPrecision(18, 2);
                b.Property<bool>("IsActive");
                b.Property<string?>("Notes");
                foreach (var column in table.Columns)
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

                foreach (var reference in InitialReferences(i).Concat(table.References))
                {
                    var foreignKey = reference.Number switch { -1 => "ParentId", -2 => "OwnerId", _ => $"R{reference.Number}Id" };
                    b.Property<int?>(foreignKey);
                    b.HasOne(EntityTypes[reference.Target]).WithMany().HasForeignKey(foreignKey).OnDelete(DeleteBehavior.Restrict);
                }
            });
        }
    };
}
