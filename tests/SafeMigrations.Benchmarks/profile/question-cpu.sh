#!/usr/bin/env bash
# The CPU time of each previous-Designer question, each diagnostic's report and each text pass in a real build's fresh csc
# process (see ../README.md, fifty-second round): the package's image built from a copy of HEAD with question-cpu.patch (a probe
# that times them on the thread's CPU clock and writes them when the process exits), then fresh builds with it.
#   tests/SafeMigrations.Benchmarks/profile/question-cpu.sh [runs=1] [VARIABLE=value ...]
# The variables go to the build's processes (DOTNET_TieredPGO=0, DOTNET_TC_CallCountingDelayMs=0: how the runtime's tiers
# change a question; SAFEMIGRATIONS_QUESTION_PROBE_PASSES=1 times the text passes too, which adds the probe's own cost to each
# question they are in: measure questions without it). SAFEMIGRATIONS_QUESTION_PROBE_KEEP=/path keeps each run's probe file as /path.N. The build's project as in fresh-csc.sh: the uniform corpus's, or SAFEMIGRATIONS_BENCH_PROJECT.
set -euo pipefail
runs="${1:-1}"
shift || true
# shellcheck source=fresh-build.sh
source "$(dirname "$0")/fresh-build.sh" unused

git clone -q --shared "$repository" "$work/repository"
git -C "$work/repository" apply "$here/question-cpu.patch"
# Restored as a whole first: the image target's TargetFramework=net10.0 would restore the analyzer for that framework alone.
dotnet restore "$work/repository/nuget/EFCore.SafeMigrations.csproj" -v quiet >/dev/null
dotnet build "$work/repository/analyzers/SafeMigrations.Analyzers" -c Release -v quiet -nologo >/dev/null
dotnet msbuild "$work/repository/nuget/EFCore.SafeMigrations.csproj" -t:SafeMigrationsReadyToRun -p:TargetFramework=net10.0 \
  -p:Configuration=Release -v:quiet -nologo >/dev/null
image="$work/repository/nuget/obj/Release/net10.0/readytorun/linux-x64/SafeMigrations.Analyzers.dll"

for run in $(seq 1 "$runs"); do
  fresh_build "$image" env SAFEMIGRATIONS_QUESTION_PROBE="$work/probe.txt" "$@"
  echo "run $run ${*:-}: ReportAnalyzer $(our_telemetry | tr '\n' ' ')s, Csc $(csc_milliseconds) ms"
  if [ -n "${SAFEMIGRATIONS_QUESTION_PROBE_KEEP:-}" ]; then cp "$work/probe.txt" "$SAFEMIGRATIONS_QUESTION_PROBE_KEEP.$run"; fi
  python3 - "$work/probe.txt" <<'PY'
import sys
questions, reports, passes = [], [], []
for line in open(sys.argv[1]):
    kind, rest = line.rstrip("\n").split(" ", 1)
    if kind == "question":
        questions.append(int(rest) / 1000)
    elif kind == "report":
        reports.append(int(rest) / 1000)
    else:
        count, total, longest, name = rest.split(" ", 3)
        # Each quoted value is a needle of its own: counted together, as one kind of pass.
        for kind in ("whole Designer ", "a block or file "):
            if name.startswith(kind + '"') and "MaxIdentifierLength" not in name:
                name = kind + "quoted values"
        passes.append((int(total) / 1000, int(count), int(longest) / 1000, name))

merged = {}
for total, count, longest, name in passes:
    known = merged.get(name, (0, 0, 0))
    merged[name] = (known[0] + total, known[1] + count, max(known[2], longest))
passes = [(total, count, longest, name) for name, (total, count, longest) in merged.items()]

def median(values):
    return sorted(values)[len(values) // 2] if values else 0

# A question answered by the answers kept for its Designer (another rule asked it first) reads nothing: under 20 µs.
read = [q for q in questions[1:] if q >= 20]
print(f"  questions: {len(questions)}, {sum(questions) / 1000:.1f} ms of CPU; the first {questions[0] if questions else 0:.0f} µs;"
      f" {len(read)} read a Designer, median {median(read):.0f} µs (the last half {median(read[len(read) // 2:]):.0f} µs)")
print(f"  reports: {len(reports)}, {sum(reports) / 1000:.1f} ms of CPU; the first {reports[0] if reports else 0:.0f} µs, median {median(reports[1:]):.1f} µs")
if passes:
    print(f"  text passes: {sum(p[1] for p in passes)}, {sum(p[0] for p in passes) / 1000:.1f} ms of CPU; the ten costliest:")
for total, count, longest, name in sorted(passes, reverse=True)[:10]:
    print(f"    {total / 1000:6.2f} ms  {count:5d} × {1000 * total / count / 1000:5.1f} µs (longest {longest:7.0f} µs)  {name}")
PY
done
