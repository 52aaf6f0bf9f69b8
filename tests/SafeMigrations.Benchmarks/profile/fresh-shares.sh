#!/usr/bin/env bash
# Fresh csc builds with no profiler attached, the issue's measure build by build: Roslyn's ReportAnalyzer time of our analyzer
# and generator, the SDK's analyzers beside them, and the package's share of the Csc task. Under perf one fresh build in five
# to eight stalled for a second (1.2-1.4 s of callback wall time with normal CPU); none of fourteen without it did (see
# ../README.md, forty-sixth round).
#   tests/SafeMigrations.Benchmarks/profile/fresh-shares.sh [analyzer.dll] [builds=6]
# Takes the uniform corpus's build project (see fresh-csc.sh), or another real build's in SAFEMIGRATIONS_BENCH_PROJECT.
set -euo pipefail
# shellcheck source=fresh-build.sh
source "$(dirname "$0")/fresh-build.sh" "${1:-}"
builds="${2:-6}"

for build in $(seq 1 "$builds"); do
  fresh_build "$analyzer"
  read -r ours generator _ <<<"$(our_telemetry | tr '\n' ' ')"
  sdk=$(grep -E "^\s+[0-9.<]+\s+[0-9<]+\s+Microsoft\.CodeAnalysis\.(CSharp\.)?NetAnalyzers, " "$work/build.log" | awk '{print $1}' | tr '\n' ' ')
  csc=$(csc_milliseconds)
  share=$(package_share "$ours" "$generator" "$csc")
  echo "build $build: analyzer ${ours:-?} s, generator ${generator:-?} s, Csc ${csc:-?} ms: package ${share} %; SDK analyzers ${sdk}s"
done
