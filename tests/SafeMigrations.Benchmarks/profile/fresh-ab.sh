#!/usr/bin/env bash
# Two builds of the analyzer (say, two ReadyToRun images) compared in fresh csc processes by their CPU, not by wall time:
# alternating real builds under perf, the order swapped every round, each counted by the samples under the analyzer
# (fresh_csc.py). On 2 busy cores Roslyn's ReportAnalyzer, which times the callbacks by the wall clock, moves by 100 ms and
# more between identical builds; perf counts only the time the analyzer ran. See ../README.md, forty-first round.
#   tests/SafeMigrations.Benchmarks/profile/fresh-ab.sh A.dll B.dll [rounds=4]
# Needs perf (as root, or kernel.perf_event_paranoid <= 2) and the uniform corpus's build project (see fresh-csc.sh).
set -euo pipefail
first="$1"
second="$2"
rounds="${3:-4}"
# shellcheck source=fresh-build.sh
source "$(dirname "$0")/fresh-build.sh" "$first"

for round in $(seq 1 "$rounds"); do
  if (( round % 2 )); then order=("$first" "$second"); else order=("$second" "$first"); fi
  for image in "${order[@]}"; do
    perf_fresh_build 1999 "$image"
    telemetry=$(our_telemetry | head -1)
    csc=$(csc_milliseconds)
    samples=$(analyzer_samples 1999)
    cpu=$(echo "$samples" | sed -n 1p)
    # First touches of new heap memory, which the GC clears for the callbacks' allocations: on this VM about 20 µs a page,
    # none in some builds and a third of the analyzer's CPU in others (see ../README.md, forty-fifth round).
    faults=$(echo "$samples" | grep -E "kernel \(page faults\)" | awk '{print $1}' || true)
    echo "round $round, $image: ReportAnalyzer ${telemetry} s, Csc ${csc} ms; ${cpu}; page faults ${faults:-0} samples"
  done
done
