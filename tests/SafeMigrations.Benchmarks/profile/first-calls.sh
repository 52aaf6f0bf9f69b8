#!/usr/bin/env bash
# The methods a fresh csc process calls for the first time only when the analyzer is there: two real builds traced (one with
# the analyzer, one without), each process's first calls listed (precompiled entry points looked up, methods JIT-compiled),
# and the difference counted by where the methods are: ours, Roslyn's, the framework's. Each costs the runtime a lookup and
# its fixups (and the type loads they need) the first time, on the thread of our callback. See ../README.md, fifty-first round.
#   tests/SafeMigrations.Benchmarks/profile/first-calls.sh [analyzer.dll]   (default: the package's ReadyToRun image)
# The build's project as in fresh-csc.sh. SAFEMIGRATIONS_BENCH_FIRST_CALLS=DIR keeps both lists in DIR (with.txt, without.txt).
set -euo pipefail
# shellcheck source=fresh-build.sh
source "$(dirname "$0")/fresh-build.sh"

dotnet build "$here/.." -c Release -v quiet -nologo >/dev/null
keep="${SAFEMIGRATIONS_BENCH_FIRST_CALLS:-$work}"
mkdir -p "$keep"
# The csc process's trace is the largest (the build's other dotnet processes write small ones).
list_first_calls() {
  local name="$1" with="$2"
  rm -f "$work"/*.nettrace
  fresh_build "$with" env DOTNET_EnableEventPipe=1 DOTNET_EventPipeOutputPath="$work/trace_{pid}.nettrace" \
    DOTNET_EventPipeConfig='Microsoft-Windows-DotNETRuntime:0x2000000018:5'
  local trace
  trace="$(ls -S "$work"/*.nettrace | head -1)"
  dotnet "$here/../bin/Release/net10.0/SafeMigrations.Benchmarks.dll" --first-calls "$trace" > "$keep/$name.txt"
}
list_first_calls with "$analyzer"
list_first_calls without ""

# Methods only the build with the analyzer called, by where they are (ours, the framework's or Roslyn's generics over our types,
# Roslyn, the framework) and how (r2r or jit), with the JIT's milliseconds for them. A JIT-compiled method at tier 0 (QuickJitted)
# ran on the thread that first called it; the other tiers are the runtime's background recompilations of methods grown hot,
# which differ a little between any two runs.
awk -F'\t' '
  NR == FNR { without[$1] = 1; next }
  !($1 in without) {
    split($1, parts, " ")
    where = parts[2] ~ /^SafeMigrations\./ ? "ours" : parts[2] ~ /SafeMigrations\./ ? "generics over ours" \
      : parts[2] ~ /^Microsoft\.CodeAnalysis/ ? "Roslyn" : "framework and others"
    how = parts[1] == "jit" ? "jit " parts[length(parts)] : "r2r"
    count[how " " where]++; ms[how " " where] += $2
  }
  END { for (k in count) printf "%6d  %8.1f ms  %s\n", count[k], ms[k], k }' "$keep/without.txt" "$keep/with.txt" | sort -rn
only_without=$(awk -F'\t' 'NR == FNR { with[$1] = 1; next } !($1 in with)' "$keep/with.txt" "$keep/without.txt" | wc -l)
echo "with the analyzer: $(wc -l < "$keep/with.txt") first calls; without: $(wc -l < "$keep/without.txt"); only without: $only_without"
