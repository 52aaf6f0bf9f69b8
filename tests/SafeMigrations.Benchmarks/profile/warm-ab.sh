#!/usr/bin/env bash
# Two builds of the analyzer (say, two ReadyToRun images) compared in the warm compiler server, as every `dotnet build` after
# the first runs: the server is started, each analyzer built with once (not counted), then builds alternate, the order swapped
# every round. Prints Roslyn's ReportAnalyzer time and the Csc task's for each build, and each analyzer's median share.
#   tests/SafeMigrations.Benchmarks/profile/warm-ab.sh A.dll B.dll [rounds=5]
set -euo pipefail
first="$1"
second="$2"
rounds="${3:-5}"
# shellcheck source=fresh-build.sh
source "$(dirname "$0")/fresh-build.sh" "$first"
trap 'dotnet build-server shutdown >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

dotnet build-server shutdown >/dev/null 2>&1 || true
warm_build "$first"
warm_build "$second"
declare -A shares
for round in $(seq 1 "$rounds"); do
  if (( round % 2 )); then order=("$first" "$second"); else order=("$second" "$first"); fi
  for image in "${order[@]}"; do
    warm_build "$image"
    telemetry=($(our_telemetry))
    csc=$(csc_milliseconds)
    share=$(package_share "${telemetry[0]:-}" "${telemetry[1]:-}" "$csc")
    shares[$image]+="$share "
    echo "round $round, $image: analyzer ${telemetry[0]:-?} s, generator ${telemetry[1]:-?} s, Csc ${csc} ms: ${share} %"
  done
done

for image in "$first" "$second"; do
  echo "$image: median $(echo ${shares[$image]} | tr ' ' '\n' | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }') % of the Csc task (${shares[$image]})"
done
