"""Splits `perf script -F time,ip,sym` output (stdin) of the analyzer's callbacks into rooms.

Usage: perf script ... | python3 rooms.py [last_runs=15]
A sample counts when its stack holds a frame of SafeMigrations.Analyzers. Runs are told apart by gaps of more than half a
second between such samples; only the last `last_runs` runs count. Each sample goes to the first room whose test its stack
passes, in the order below.
"""
import re
import sys
from collections import Counter

def _question(stack):
    """A question about the previous Designer's model (SM1003's message, SM3002's plan)."""
    return any(k in stack for k in ("DesignerTables", "TableIndex", "PreviousDesigner", "Before>b__"))


ROOMS = [
    # ReportDiagnostic itself is inlined into Analyze at tier 1; its callees name the path.
    ("reporting (Roslyn's report path)", lambda s: any(k in s for k in ("ReportDiagnostic", "VerifyDiagnosticLocationInCompilation", "AnalyzerDiagnosticReporter"))),
    ("migration index (once per compilation)", lambda s: "MigrationIndex::Build(" in s or "BuiltOnce" in s),
    ("previous Designer: is it searchable", lambda s: _question(s) and "IsSearchable" in s),
    ("previous Designer: a name's literals", lambda s: _question(s) and "DesignerTables::FindMentions" in s),
    ("previous Designer: reading the blocks", lambda s: _question(s) and ("ReadModelStatement" in s or "BuildTables" in s)),
    ("previous Designer: the rest of a question", _question),
    ("reading Up and Down", lambda s: "MigrationMethodReader" in s),
    ("SM3002: plan", lambda s: "RollbackPlanner::Plan(" in s),
    ("SM3002: compare", lambda s: "RollbackComparer::Compare(" in s),
    ("rules (the others)", lambda s: re.search(r"Rules\.\w+Rule::Analyze", s) is not None),
    ("attributes, settings, provider", lambda s: "MigrationAnalyzer::Analyze(" in s),
    ("per-tree preamble (declared symbol, primary tree)", lambda s: True),
]


def samples(lines):
    time, stack = None, []
    for line in lines:
        header = re.match(r"^\S.*?\s(\d+\.\d+):", line) or re.match(r"^\s*(\d+\.\d+):", line)
        if header:
            if time is not None:
                yield time, stack
            time, stack = float(header.group(1)), []
        elif line.strip():
            stack.append(line.strip())
    if time is not None:
        yield time, stack


def main():
    last_runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    ours = [(t, "\n".join(s)) for t, s in samples(sys.stdin)
            if any("SafeMigrations.Analyzers" in f and "CpuTimed" not in f for f in s)]
    if not ours:
        sys.exit("no samples in the analyzer: is the perf map there (DOTNET_PerfMapEnabled=1)?")
    runs = [[ours[0]]]
    for sample in ours[1:]:
        if sample[0] - runs[-1][-1][0] > 0.5:
            runs.append([])
        runs[-1].append(sample)
    counted = [s for run in runs[-last_runs:] for _, s in run]
    rooms = Counter(next(name for name, test in ROOMS if test(s)) for s in counted)
    total = len(counted)
    print(f"{len(runs)} runs seen; the last {min(last_runs, len(runs))}: {total} samples at 2 kHz, {total / min(last_runs, len(runs)) / 2:.1f} ms a run")
    for name, count in rooms.most_common():
        print(f"{count:7d} {100 * count / total:5.1f} %  {name}")


if __name__ == "__main__":
    main()
