#!/usr/bin/env bash
# Fresh csc builds traced for what stops the process's threads (the runtime's GC 0x1, Contention 0x4000 and ThreadPool
# 0x10000 events, and Loader 0x8 to tell the csc process's trace; read by --stalls), beside Roslyn's ReportAnalyzer time of our analyzer: a build whose callbacks took a
# second more than their CPU shows whether it paused for a collection, queued on a lock or starved the thread pool
# (see ../README.md, forty-sixth round).
#   tests/SafeMigrations.Benchmarks/profile/stalls.sh [analyzer.dll] [builds=6]
# Takes the uniform corpus's build project (see fresh-csc.sh), or another real build's in SAFEMIGRATIONS_BENCH_PROJECT.
set -euo pipefail
# shellcheck source=fresh-build.sh
source "$(dirname "$0")/fresh-build.sh" "${1:-}"
builds="${2:-6}"

dotnet build "$here/.." -c Release -v quiet -nologo >/dev/null
for build in $(seq 1 "$builds"); do
  rm -f "$work"/*.nettrace
  fresh_build "$analyzer" env DOTNET_EnableEventPipe=1 DOTNET_EventPipeOutputPath="$work/trace_{pid}.nettrace" \
    DOTNET_EventPipeConfig='Microsoft-Windows-DotNETRuntime:0x14009:4'
  ours=$(our_telemetry | head -1)
  csc=$(csc_milliseconds)
  echo "build $build: analyzer ${ours:-?} s, Csc ${csc:-?} ms"
  for trace in "$work"/*.nettrace; do
    dotnet "$here/../bin/Release/net10.0/SafeMigrations.Benchmarks.dll" --stalls "$trace" | grep -v "not a csc process" || true
  done
done
