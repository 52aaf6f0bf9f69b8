#!/usr/bin/env bash
# The methods a fresh csc process JIT-compiles at tier 0 only because our analyzer is loaded: framework generics over our
# types or over value tuples (which no ReadyToRun image holds), the driver's code for our kind of callback, and Roslyn's
# reporting path. Each costs its JIT time on the thread that first calls it, and a thread that calls it meanwhile waits.
# See ../README.md, forty-fourth round.
#   tests/SafeMigrations.Benchmarks/profile/fresh-jit.sh [analyzer.dll] [runs=2]   (default: the package's ReadyToRun image)
# The build's project as in fresh-csc.sh: the uniform corpus's, or another real build's in SAFEMIGRATIONS_BENCH_PROJECT. csc
# runs straight from the build's own command line, with and without the analyzer, `runs` times each; a method counts when
# every run with the analyzer compiles it and no run without does (tiering's own timing varies between runs).
# SAFEMIGRATIONS_BENCH_JIT_NAMES=1 also lists them.
set -euo pipefail
# shellcheck source=fresh-build.sh
source "$(dirname "$0")/fresh-build.sh"
runs="${2:-2}"

# The compiler's command line, as the Csc task writes it to a detailed log.
fresh_build "$analyzer"
csc_line="$(grep -m1 -E '/Roslyn/bincore/csc ' "$work/build.log")"
csc="$(echo "$csc_line" | sed -E 's#^\s*(\S+/Roslyn/bincore/csc) .*#\1#').dll"
echo "$csc_line" | sed -E 's#^\s*\S+/Roslyn/bincore/csc ##' > "$work/with.rsp"
sed "s#/analyzer:$analyzer##" "$work/with.rsp" > "$work/without.rsp"

for run in $(seq 1 "$runs"); do
  for mode in with without; do
    (cd "$project" && DOTNET_JitStdOutFile="$work/jit-$mode-$run.txt" DOTNET_JitDisasmSummary=1 dotnet exec "$csc" "@$work/$mode.rsp" > "$work/csc-$mode-$run.log" 2>&1 || true)
  done
done
echo "findings: $(grep -c ' warning SM\| error SM' "$work/csc-with-1.log" || true) with the analyzer, $(grep -c ' warning SM\| error SM' "$work/csc-without-1.log" || true) without"
python3 - "$work" "$runs" "${SAFEMIGRATIONS_BENCH_JIT_NAMES:-}" <<'EOF'
import re, sys
work, runs, names = sys.argv[1], int(sys.argv[2]), sys.argv[3]

def tier0(path):
    found = set()
    for line in open(path):
        match = re.match(r"\s*\d+: JIT compiled (.*) \[(Instrumented )?Tier0,", line)
        if match:
            found.add(match.group(1))
    return found

with_ = set.intersection(*(tier0(f"{work}/jit-with-{r}.txt") for r in range(1, runs + 1)))
without = set.union(*(tier0(f"{work}/jit-without-{r}.txt") for r in range(1, runs + 1)))
extra = sorted(with_ - without)
ours = [m for m in extra if "SafeMigrations" in m]
reporting = [m for m in extra if re.search(r"SuppressMessageInfo|WarningState|LineDirectiveMap|LineMappingEntry|Suppression", m)]
print(f"methods compiled at tier 0 only with the analyzer: {len(extra)} ({len(ours)} name a type of ours, {len(reporting)} are Roslyn's suppression and warning-state path for reported diagnostics)")
if names:
    for method in extra:
        print("  " + method[:200])
EOF
