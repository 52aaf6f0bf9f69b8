using Microsoft.EntityFrameworkCore;
using SafeMigrations.Analyzers.Tests.Verifiers;
using SafeMigrations.TestKit.Scaffolding;

namespace SafeMigrations.Analyzers.Tests.Corpus;

/// <summary>
/// Random model evolutions, driven by a fixed seed, scaffolded by EF Core's real scaffolder. Each model is a
/// handful of property-bag entities (<c>SharedTypeEntity&lt;Dictionary&lt;string, object&gt;&gt;</c>) built with
/// the string-based ModelBuilder API; each step mutates the previous spec: tables and columns are added, dropped,
/// renamed and retyped, and indexes, foreign keys, check constraints and unique constraints come and go.
/// </summary>
public static class CorpusGenerator
{
    /// <summary>
    /// Histories per provider (of <see cref="StepsPerHistory"/> steps each): 3, so 300 migrations per provider. Set
    /// SAFE_MIGRATIONS_CORPUS_HISTORIES to run more (or, for a quick local run, 1).
    /// </summary>
    public static readonly int Histories =
        int.TryParse(Environment.GetEnvironmentVariable("SAFE_MIGRATIONS_CORPUS_HISTORIES"), out var histories) && histories > 0 ? histories : 3;

    public const int StepsPerHistory = 100;

    private static readonly Dictionary<TestProvider, Lazy<IReadOnlyList<MigrationProject>>> Cache = new()
    {
        [TestProvider.PostgreSql] = new(() => Build(TestProvider.PostgreSql)),
        [TestProvider.SqlServer] = new(() => Build(TestProvider.SqlServer)),
        [TestProvider.Sqlite] = new(() => Build(TestProvider.Sqlite)),
    };

    /// <summary>The corpus of one provider, scaffolded once per test run: <see cref="Histories"/> projects.</summary>
    public static IReadOnlyList<MigrationProject> Projects(TestProvider provider) => Cache[provider].Value;

    /// <summary>Seconds spent scaffolding each provider's corpus, for the test output.</summary>
    public static readonly System.Collections.Concurrent.ConcurrentDictionary<TestProvider, double> ScaffoldSeconds = new();

    private static IReadOnlyList<MigrationProject> Build(TestProvider provider)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var projects = new List<MigrationProject>();
        for (var h = 0; h < Histories; h++)
        {
            projects.Add(MigrationProject.From(Scaffolder.ScaffoldHistory(provider, Steps(provider, seed: 1000 + h, StepsPerHistory))));
        }

        ScaffoldSeconds[provider] = clock.Elapsed.TotalSeconds;
        return projects;
    }

    // ---- The spec ----

    public sealed class Column
    {
        public required string Property { get; init; }
        public required string Name { get; set; }
        public required Type Type { get; set; }
        public int? MaxLength { get; set; }
        public bool Nullable { get; set; }

        /// <summary>A foreign key's column, or a key column: not retyped, dropped or made nullable by column mutations.</summary>
        public bool Locked { get; set; }

        public Column Clone() => (Column)MemberwiseClone();
    }

    public sealed class Table
    {
        public required string Entity { get; init; }
        public required string Name { get; set; }
        public List<Column> Columns { get; init; } = [];
        public List<(string[] Properties, bool Unique)> Indexes { get; init; } = [];
        public List<(string Property, string Target)> ForeignKeys { get; init; } = [];
        public List<string> Checks { get; init; } = [];
        public List<string> AlternateKeys { get; init; } = [];

        public Table Clone() => new()
        {
            Entity = Entity,
            Name = Name,
            Columns = Columns.Select(c => c.Clone()).ToList(),
            Indexes = Indexes.Select(i => (i.Properties.ToArray(), i.Unique)).ToList(),
            ForeignKeys = ForeignKeys.ToList(),
            Checks = Checks.ToList(),
            AlternateKeys = AlternateKeys.ToList(),
        };
    }

    private static readonly Type[] ColumnTypes = [typeof(int), typeof(long), typeof(string), typeof(bool), typeof(DateTime), typeof(double)];

    /// <summary>The steps of one history: a deterministic function of the seed.</summary>
    public static (string Name, Action<ModelBuilder> Model)[] Steps(TestProvider provider, int seed, int count)
    {
        var random = new Random(seed);
        var tables = new List<Table>();
        var counter = 0;
        string Next(string prefix) => prefix + (++counter);

        Column NewColumn()
        {
            var type = ColumnTypes[random.Next(ColumnTypes.Length)];
            var property = Next("P");
            return new Column
            {
                Property = property,
                Name = "C" + property[1..],
                Type = type,
                MaxLength = type == typeof(string) && random.Next(2) == 0 ? 10 * random.Next(1, 30) : null,
                Nullable = (type == typeof(string) || random.Next(3) == 0) && random.Next(4) != 0,
            };
        }

        Table NewTable()
        {
            var n = Next("E");
            var table = new Table { Entity = n, Name = "T" + n[1..] };
            table.Columns.Add(new Column { Property = "Id", Name = "Id", Type = typeof(int), Locked = true });
            for (var i = random.Next(1, 4); i > 0; i--)
            {
                table.Columns.Add(NewColumn());
            }

            return table;
        }

        T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];
        List<Column> Free(Table t) => t.Columns.Where(c => !c.Locked).ToList();

        // Each mutation returns its name, or null when it does not apply to the current spec.
        var mutations = new (int Weight, Func<string?> Apply)[]
        {
            (3, () =>
            {
                if (tables.Count >= 6) return null;
                tables.Add(NewTable());
                return "AddTable";
            }),
            (1, () =>
            {
                if (tables.Count <= 2) return null;
                var t = Pick(tables);
                tables.Remove(t);
                foreach (var other in tables)
                {
                    foreach (var fk in other.ForeignKeys.Where(f => f.Target == t.Entity).ToList())
                    {
                        other.ForeignKeys.Remove(fk);
                        other.Columns.RemoveAll(c => c.Property == fk.Property);
                        other.Indexes.RemoveAll(i => i.Properties.Contains(fk.Property));
                    }
                }

                return "DropTable";
            }),
            (2, () =>
            {
                if (tables.Count == 0) return null;
                Pick(tables).Name = "T" + Next("R");
                return "RenameTable";
            }),
            (5, () =>
            {
                if (tables.Count == 0) return null;
                Pick(tables).Columns.Add(NewColumn());
                return "AddColumn";
            }),
            (3, () =>
            {
                var t = tables.Where(t => Free(t).Count > 0).ToList();
                if (t.Count == 0) return null;
                var table = Pick(t);
                var column = Pick(Free(table));
                table.Columns.Remove(column);
                table.Indexes.RemoveAll(i => i.Properties.Contains(column.Property));
                return "DropColumn";
            }),
            (3, () =>
            {
                var t = tables.Where(t => t.Columns.Count > 1).ToList();
                if (t.Count == 0) return null;
                var table = Pick(t);
                var column = Pick(table.Columns.Where(c => c.Property != "Id").ToList());
                column.Name = "C" + Next("R");
                return "RenameColumn";
            }),
            (4, () =>
            {
                var t = tables.Where(t => Free(t).Count > 0).ToList();
                if (t.Count == 0) return null;
                var column = Pick(Free(Pick(t)));
                switch (random.Next(3))
                {
                    case 0:
                        var type = Pick(ColumnTypes.Where(x => x != column.Type).ToList());
                        column.Type = type;
                        column.MaxLength = type == typeof(string) && random.Next(2) == 0 ? 10 * random.Next(1, 30) : null;
                        return "RetypeColumn";
                    case 1:
                        column.Nullable = !column.Nullable;
                        return "ChangeNullability";
                    default:
                        if (column.Type != typeof(string)) goto case 0;
                        column.MaxLength = column.MaxLength is null ? 10 * random.Next(1, 30) : column.MaxLength + 10 * random.Next(-1, 3) is var l && l > 0 && l != column.MaxLength ? l : null;
                        return "ChangeMaxLength";
                }
            }),
            (3, () =>
            {
                var t = tables.Where(t => t.Columns.Count > 1).ToList();
                if (t.Count == 0) return null;
                var table = Pick(t);
                var candidates = table.Columns.Where(c => c.Property != "Id").ToList();
                var first = Pick(candidates);
                var properties = random.Next(3) == 0 && candidates.Count > 1
                    ? new[] { first.Property, Pick(candidates.Where(c => c != first).ToList()).Property }
                    : new[] { first.Property };
                if (table.Indexes.Any(i => i.Properties.SequenceEqual(properties))) return null;
                table.Indexes.Add((properties, random.Next(2) == 0));
                return "AddIndex";
            }),
            (2, () =>
            {
                var t = tables.Where(t => t.Indexes.Count > 0).ToList();
                if (t.Count == 0) return null;
                var table = Pick(t);
                table.Indexes.RemoveAt(random.Next(table.Indexes.Count));
                return "DropIndex";
            }),
            (3, () =>
            {
                if (tables.Count < 2) return null;
                var table = Pick(tables);
                var target = Pick(tables.Where(t => t != table).ToList());
                var property = Next("F");
                table.Columns.Add(new Column { Property = property, Name = target.Entity + property, Type = typeof(int), Nullable = true, Locked = true });
                table.ForeignKeys.Add((property, target.Entity));
                return "AddForeignKey";
            }),
            (2, () =>
            {
                var t = tables.Where(t => t.ForeignKeys.Count > 0).ToList();
                if (t.Count == 0) return null;
                var table = Pick(t);
                var fk = Pick(table.ForeignKeys);
                table.ForeignKeys.Remove(fk);
                if (random.Next(2) == 0)
                {
                    // Drop the column as well; otherwise it stays as a plain column.
                    table.Columns.RemoveAll(c => c.Property == fk.Property);
                    table.Indexes.RemoveAll(i => i.Properties.Contains(fk.Property));
                }
                else
                {
                    table.Columns.Single(c => c.Property == fk.Property).Locked = false;
                }

                return "DropForeignKey";
            }),
            (2, () =>
            {
                if (tables.Count == 0) return null;
                Pick(tables).Checks.Add("CK_" + Next("K"));
                return "AddCheck";
            }),
            (1, () =>
            {
                var t = tables.Where(t => t.Checks.Count > 0).ToList();
                if (t.Count == 0) return null;
                var table = Pick(t);
                table.Checks.RemoveAt(random.Next(table.Checks.Count));
                return "DropCheck";
            }),
            (2, () =>
            {
                var t = tables.Where(t => Free(t).Any(c => !c.Nullable)).ToList();
                if (t.Count == 0) return null;
                var table = Pick(t);
                var column = Pick(Free(table).Where(c => !c.Nullable).ToList());
                column.Locked = true;
                table.AlternateKeys.Add(column.Property);
                return "AddUniqueConstraint";
            }),
            (1, () =>
            {
                var t = tables.Where(t => t.AlternateKeys.Count > 0).ToList();
                if (t.Count == 0) return null;
                var table = Pick(t);
                var property = Pick(table.AlternateKeys);
                table.AlternateKeys.Remove(property);
                table.Columns.Single(c => c.Property == property).Locked = false;
                return "DropUniqueConstraint";
            }),
        };
        var totalWeight = mutations.Sum(m => m.Weight);

        var steps = new List<(string, Action<ModelBuilder>)>();
        tables.Add(NewTable());
        tables.Add(NewTable());
        steps.Add(("Initial", Model(provider, tables.Select(t => t.Clone()).ToList())));
        while (steps.Count < count)
        {
            var applied = new List<string>();
            var wanted = random.Next(3) == 0 ? 2 : 1;
            while (applied.Count < wanted)
            {
                var roll = random.Next(totalWeight);
                var index = 0;
                while (roll >= mutations[index].Weight)
                {
                    roll -= mutations[index].Weight;
                    index++;
                }

                if (mutations[index].Apply() is { } name)
                {
                    applied.Add(name);
                }
            }

            steps.Add(($"S{steps.Count:000}_{string.Join("_", applied)}", Model(provider, tables.Select(t => t.Clone()).ToList())));
        }

        return steps.ToArray();
    }

    private static Action<ModelBuilder> Model(TestProvider provider, List<Table> tables) => modelBuilder =>
    {
        string Quote(string name) => provider == TestProvider.SqlServer ? $"[{name}]" : $"\"{name}\"";
        foreach (var table in tables)
        {
            modelBuilder.SharedTypeEntity<Dictionary<string, object>>(table.Entity, b =>
            {
                foreach (var column in table.Columns)
                {
                    var type = column.Nullable && column.Type.IsValueType ? typeof(Nullable<>).MakeGenericType(column.Type) : column.Type;
                    var property = b.IndexerProperty(type, column.Property).HasColumnName(column.Name).IsRequired(!column.Nullable);
                    if (column.MaxLength is { } length)
                    {
                        property.HasMaxLength(length);
                    }
                }

                b.HasKey("Id");
                b.ToTable(table.Name, t =>
                {
                    foreach (var check in table.Checks)
                    {
                        t.HasCheckConstraint(check, $"{Quote("Id")} > 0");
                    }
                });
                // SQLite cannot rename an index (EF throws NotSupportedException for RenameIndex), so on SQLite indexes get
                // names that table and column renames do not change; the other providers keep EF's default names.
                string IndexName(string[] properties) => "IX_" + table.Entity + "_" + string.Join("_", properties);
                foreach (var (properties, unique) in table.Indexes)
                {
                    var index = b.HasIndex(properties).IsUnique(unique);
                    if (provider == TestProvider.Sqlite)
                    {
                        index.HasDatabaseName(IndexName(properties));
                    }
                }

                if (provider == TestProvider.Sqlite)
                {
                    foreach (var (property, _) in table.ForeignKeys)
                    {
                        b.HasIndex(property).HasDatabaseName(IndexName([property]));
                    }
                }

                foreach (var key in table.AlternateKeys)
                {
                    b.HasAlternateKey(key);
                }

                foreach (var (property, target) in table.ForeignKeys)
                {
                    b.HasOne(target).WithMany().HasForeignKey(property);
                }
            });
        }
    };
}
