#!/usr/bin/env bash
# The types that name ours which a real build's fresh csc process loads, and the ReadyToRun entry points of ours it looks up:
# the runtime's half of the analyzer's fresh-process CPU (see ../README.md, thirty-fourth round), which perf cannot name here.
#   tests/SafeMigrations.Benchmarks/profile/type-loads.sh [analyzer.dll]   (default: the package's ReadyToRun image)
# The build's project as in fresh-csc.sh: the uniform corpus's, or another real build's in SAFEMIGRATIONS_BENCH_PROJECT.
# SAFEMIGRATIONS_BENCH_TYPE_NAMES=1 also lists each type loaded to the last level (sorted: diff two runs to see what a change
# removed).
set -euo pipefail
# shellcheck source=fresh-build.sh
source "$(dirname "$0")/fresh-build.sh"

dotnet build "$here/.." -c Release -v quiet -nologo >/dev/null
# Every dotnet process of the build writes a trace (Loader 0x8, JIT 0x10, TypeDiagnostic 0x8000000000, CompilationDiagnostic
# 0x2000000000 for the ReadyToRun entry points); the csc process's is the one that names our types.
fresh_build "$analyzer" env DOTNET_EnableEventPipe=1 DOTNET_EventPipeOutputPath="$work/trace_{pid}.nettrace" \
  DOTNET_EventPipeConfig='Microsoft-Windows-DotNETRuntime:0xA000000018:5'
for trace in "$work"/*.nettrace; do
  dotnet "$here/../bin/Release/net10.0/SafeMigrations.Benchmarks.dll" --type-loads "$trace" ${SAFEMIGRATIONS_BENCH_TYPE_NAMES:+--names} | grep -v "no type of ours" || true
done
