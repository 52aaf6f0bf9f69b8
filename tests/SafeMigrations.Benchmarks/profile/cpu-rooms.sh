#!/usr/bin/env bash
# A true CPU profile of the analyzer's callbacks over the uniform history, split by room (see ../README.md, twenty-second
# round). Needs perf (apt-get install linux-perf) and root or kernel.perf_event_paranoid <= 2.
#   tests/SafeMigrations.Benchmarks/profile/cpu-rooms.sh [runs=20] [migrations=1000]
# Runs SAFEMIGRATIONS_BENCH_ANALYZER_ONLY=<runs> under perf, keeps the samples of the last 15 runs (the JIT has settled by
# then), and prints each room's share of the samples that hold an analyzer frame.
set -euo pipefail
runs=${1:-20}
migrations=${2:-1000}
here="$(cd "$(dirname "$0")" && pwd)"
project="$(dirname "$here")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

dotnet build "$project" -c Release -v quiet -nologo >/dev/null
# The JIT's code must be in perf's view: a perf map (PerfMapEnabled), no W^X double mapping (which maps the code from a
# memfd perf cannot name), and no ReadyToRun code (which the map does not name).
DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 DOTNET_ReadyToRun=0 SAFEMIGRATIONS_BENCH_ANALYZER_ONLY="$runs" \
  perf record -F 2000 -g -o "$work/perf.data" dotnet "$project/bin/Release/net10.0/SafeMigrations.Benchmarks.dll" "$migrations" --history-profile \
  > "$work/run.log" 2>&1
grep 'analyzer run' "$work/run.log" | tail -3
perf script -i "$work/perf.data" -F time,ip,sym 2>/dev/null | python3 "$here/rooms.py" 15
