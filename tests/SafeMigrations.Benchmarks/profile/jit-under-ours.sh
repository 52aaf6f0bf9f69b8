#!/usr/bin/env bash
# The methods a fresh csc process JIT-compiles while our code is on the thread's stack, with the JIT's time and where in our
# code: one real build traced with the runtime's JIT events and their stacks (JitUnderOurs). See ../README.md, fifty-first round.
#   tests/SafeMigrations.Benchmarks/profile/jit-under-ours.sh [analyzer.dll]   (default: the package's ReadyToRun image)
# The build's project as in fresh-csc.sh.
set -euo pipefail
# shellcheck source=fresh-build.sh
source "$(dirname "$0")/fresh-build.sh"

dotnet build "$here/.." -c Release -v quiet -nologo >/dev/null
fresh_build "$analyzer" env DOTNET_EnableEventPipe=1 DOTNET_EventPipeOutputPath="$work/trace_{pid}.nettrace" \
  DOTNET_EventPipeConfig='Microsoft-Windows-DotNETRuntime:0x10:5'
# The csc process's trace is the largest (the build's other dotnet processes write small ones).
dotnet "$here/../bin/Release/net10.0/SafeMigrations.Benchmarks.dll" --jit-under-ours "$(ls -S "$work"/*.nettrace | head -1)"
