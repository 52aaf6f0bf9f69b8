using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SafeMigrations.Analyzers.Model;
using SafeMigrations.Analyzers.Reading;

namespace SafeMigrations.Benchmarks;

/// <summary>
/// The questions the rules put to the previous Designers (a dropped table, a dropped column's table), asked alone of a
/// new reader over trees parsed again each round (finding the method outside the timing creates the tree's syntax nodes,
/// as binding does in a build), and every table of the history's last Designer. For a profiler and for A/B comparisons of
/// the Designer reader: <c>SAFEMIGRATIONS_BENCH_QUESTIONS=N</c> runs N rounds.
/// </summary>
internal static class PreviousQuestions
{
    public static void Run(IReadOnlyList<(string Path, string Source)> files, int rounds, TextWriter output)
    {
        var migrations = files.Where(f => f.Path.StartsWith("Migrations/2", StringComparison.Ordinal)).OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
        var questions = new List<(string Designer, string Table, bool IsTable)>();
        // A migration's Designer sorts before its own file (".Designer.cs" < ".cs"): the one before that is the previous model.
        string? previousDesigner = null, ownDesigner = null;
        foreach (var (path, source) in migrations)
        {
            if (path.EndsWith(".Designer.cs", StringComparison.Ordinal))
            {
                previousDesigner = ownDesigner;
                ownDesigner = source;
                continue;
            }

            var up = Method(CSharpSyntaxTree.ParseText(source, path: path), "Up");
            if (up is null || previousDesigner is null)
            {
                continue;
            }

            foreach (var operation in MigrationMethodReader.Read(up, null, null, CancellationToken.None, readsTableColumns: false).Operations)
            {
                if (operation.Kind == OperationType.DropTable && operation.Name is { } table)
                {
                    questions.Add((previousDesigner, table, true));
                }
                else if (operation.Kind == OperationType.DropColumn && operation.Table is { } columnTable)
                {
                    questions.Add((previousDesigner, columnTable, false));
                }
            }
        }

        EveryTableOfTheLastDesigner(migrations.Last(f => f.Path.EndsWith(".Designer.cs", StringComparison.Ordinal)).Source, output);
        output.WriteLine($"previous-Designer questions: {questions.Count} ({questions.Count(q => q.IsTable)} dropped tables, {questions.Count(q => !q.IsTable)} dropped columns' tables)");
        for (var round = 0; round < rounds; round++)
        {
            // Trees parsed again, outside the timing, so no answer comes from an earlier round's reading.
            var parsed = questions.Select(q => (Method: Method(CSharpSyntaxTree.ParseText(q.Designer), "BuildTargetModel")!, q.Table, q.IsTable)).ToList();
            long tableTicks = 0, columnTicks = 0;
            var found = 0;
            var allocatedAtStart = GC.GetAllocatedBytesForCurrentThread();
            foreach (var (method, table, isTable) in parsed)
            {
                var start = CpuTimedAnalyzer.ThreadCpuTicks();
                var answer = new TargetModelReader.DesignerTables(method, () => null).Table(table, null);
                var spent = CpuTimedAnalyzer.ThreadCpuTicks() - start;
                found += answer is null ? 0 : 1;
                if (isTable)
                {
                    tableTicks += spent;
                }
                else
                {
                    columnTicks += spent;
                }
            }

            var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedAtStart;

            // The same questions again, of new readers over the same trees: Roslyn's red nodes exist by now (held weakly, and
            // no collection in between), so what this pass allocates is the reader's own; the rest of the first pass is syntax.
            // With SAFEMIGRATIONS_BENCH_ALLOCATIONS=1, this pass's allocation ticks are counted by type: the reader's own.
            var againAtStart = GC.GetAllocatedBytesForCurrentThread();
            AllocationTypes.Current?.Start();
            foreach (var (method, table, _) in parsed)
            {
                _ = new TargetModelReader.DesignerTables(method, () => null).Table(table, null);
            }

            AllocationTypes.Current?.Stop();
            var own = GC.GetAllocatedBytesForCurrentThread() - againAtStart;
            output.WriteLine($"round {round + 1}: dropped tables {tableTicks / 10_000.0:F2} ms, dropped columns' tables {columnTicks / 10_000.0:F2} ms, {found} answered, {allocated / 1024.0 / questions.Count:F1} KiB a question, "
                + $"of it the reader's own about {own / 1024.0 / questions.Count:F1} KiB (load {HistoryProfile.LoadAverage()})");
            GC.KeepAlive(parsed);
        }
    }

    /// <summary>
    /// Each table of the history's last Designer asked of a fresh reader (the tree shared), and as many questions about a
    /// table it does not have: what a question costs on a Designer of this size before it reads an entity block, and with it.
    /// A large model's Designer is kept in chunks (above 40K characters), which the text searches have to copy.
    /// </summary>
    private static void EveryTableOfTheLastDesigner(string designer, TextWriter output)
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(designer));
        var method = Method(CSharpSyntaxTree.ParseText(Microsoft.CodeAnalysis.Text.SourceText.From(stream)), "BuildTargetModel")!;
        var whole = TargetModelReader.Read(method, migrationId: null);
        // SAFEMIGRATIONS_BENCH_LAST_DESIGNER_ROUNDS=N repeats this loop N times (3 by default): long enough for a profiler's samples.
        var rounds = int.TryParse(Environment.GetEnvironmentVariable("SAFEMIGRATIONS_BENCH_LAST_DESIGNER_ROUNDS"), out var asked) && asked > 0 ? asked : 3;
        for (var round = 0; round < rounds; round++)
        {
            long none = 0, table = 0, noneBytes = 0, tableBytes = 0;
            foreach (var definition in whole.Tables)
            {
                var bytes = GC.GetAllocatedBytesForCurrentThread();
                var start = CpuTimedAnalyzer.ThreadCpuTicks();
                _ = new TargetModelReader.DesignerTables(method, () => whole).Table("NoSuchTable", null);
                none += CpuTimedAnalyzer.ThreadCpuTicks() - start;
                noneBytes += GC.GetAllocatedBytesForCurrentThread() - bytes;

                bytes = GC.GetAllocatedBytesForCurrentThread();
                start = CpuTimedAnalyzer.ThreadCpuTicks();
                _ = new TargetModelReader.DesignerTables(method, () => whole).Table(definition.Name, definition.Schema);
                table += CpuTimedAnalyzer.ThreadCpuTicks() - start;
                tableBytes += GC.GetAllocatedBytesForCurrentThread() - bytes;
            }

            var count = whole.Tables.Count;
            output.WriteLine($"the last Designer ({designer.Length:N0} characters, {count} tables), a question each: no such table {none / 10.0 / count:F0} µs ({noneBytes / 1024.0 / count:F1} KiB), a table {table / 10.0 / count:F0} µs ({tableBytes / 1024.0 / count:F1} KiB) (load {HistoryProfile.LoadAverage()})");
        }
    }

    private static MethodDeclarationSyntax? Method(SyntaxTree tree, string name) =>
        tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().FirstOrDefault(m => m.Identifier.ValueText == name);
}

