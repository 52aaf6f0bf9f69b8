# Sourced by fresh-csc.sh, fresh-ab.sh, warm-ab.sh, fresh-shares.sh, stalls.sh and type-loads.sh: the analyzer to load (the first argument, or the
# package's ReadyToRun image), the real build's project (the uniform corpus's, or SAFEMIGRATIONS_BENCH_PROJECT), a work folder removed
# on exit, a fresh build (under perf, or traced) and what Roslyn's and MSBuild's reports of it say.
here="$(cd "$(dirname "$0")" && pwd)"
repository="$(cd "$here/../../.." && pwd)"
analyzer="${1:-$repository/nuget/obj/Release/net10.0/readytorun/linux-x64/SafeMigrations.Analyzers.dll}"
cache="${SAFEMIGRATIONS_BENCH_CACHE:-$here/../obj/corpus}"
project="${SAFEMIGRATIONS_BENCH_PROJECT:-$(ls -d "$cache"/postgresql-1000-*.build | head -1)}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# One real build with the analyzer $1 through the compiler server or not ($2: true or false), its log (with ReportAnalyzer's
# and the performance summary's tables) in $work/build.log; the arguments after $2 are a command the build runs under (env,
# perf). The server is named either way: this machine's environment sets UseSharedCompilation=false, which MSBuild takes as
# the property.
real_build() {
  local with="$1" server="$2"
  shift 2
  (cd "$project" && "$@" dotnet build -c Release --no-restore --no-incremental -v:d -clp:PerformanceSummary "-p:SafeMigrationsAnalyzer=$with" \
    "-p:UseSharedCompilation=$server" > "$work/build.log" 2>&1)
}

# One real build in a fresh csc process (no compiler server) with the analyzer $1; the arguments after $1 as in real_build.
fresh_build() {
  local with="$1"
  shift
  dotnet build-server shutdown >/dev/null 2>&1 || true
  real_build "$with" false "$@"
}

# One real build through the compiler server (started by the first such build, and warm after it) with the analyzer $1: what
# every `dotnet build` after the first is. The server parses every file again, as a fresh process does.
warm_build() {
  real_build "$1" true
}

# One such build under perf, sampling at $1 Hz, with the analyzer $2: also writes $work/perf.data. A perf map names the JIT's
# code; without W^X the runtime maps that code where perf can read it.
perf_fresh_build() {
  fresh_build "$2" env DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 perf record -F "$1" -g -o "$work/perf.data"
}

# Roslyn's ReportAnalyzer seconds for our assembly in the last build: the analyzer's, then the generator's (one a line).
our_telemetry() {
  grep -E "^\s+[0-9.<]+\s+[0-9<]+\s+SafeMigrations.Analyzers, " "$work/build.log" | awk '{print $1}' || true
}

# The Csc task's milliseconds in the last build, by MSBuild's performance summary.
csc_milliseconds() {
  grep -E "^\s+[0-9]+ ms\s+Csc\s+" "$work/build.log" | awk '{print $1}' || true
}

# The package's share of the Csc task, in percent: the analyzer's seconds $1 and the generator's $2 over the Csc task's
# milliseconds $3.
package_share() {
  awk -v a="${1:-0}" -v g="${2:-0}" -v c="${3:-1}" 'BEGIN { printf "%.2f", 100 * (a + g) * 1000 / c }'
}

# Where the analyzer's CPU went in that build, sampled at $1 Hz (fresh_csc.py); with $2 and $3, the image and the folder of
# crossgen2's perf map of it, also in which of our methods.
analyzer_samples() {
  perf script -i "$work/perf.data" -F comm,tid,time,ip,sym,dso 2>/dev/null | python3 "$here/fresh_csc.py" "$@"
}

# The package's ReadyToRun image compiled again, from the package target's own response file, with crossgen2's perf map of
# its methods beside it in $work/map: perf names no precompiled method, and the map lets fresh_csc.py name ours. Prints
# the image's path. Needs the image built once (the package's SafeMigrationsReadyToRun target, or a --real-build run).
mapped_image() {
  local rsp="$repository/nuget/obj/Release/net10.0/readytorun/linux-x64/crossgen2.rsp" version
  # The crossgen2 the package's target runs: the SDK's own runtime version, not the newest in the package cache.
  version="$(dotnet msbuild "$repository/nuget/EFCore.SafeMigrations.csproj" -getProperty:BundledNETCoreAppPackageVersion -p:TargetFramework=net10.0)"
  local crossgen="${NUGET_PACKAGES:-$HOME/.nuget/packages}/microsoft.netcore.app.crossgen2.linux-x64/$version/tools/crossgen2"
  mkdir -p "$work/map"
  sed "s#^-o:.*#-o:$work/map/SafeMigrations.Analyzers.dll#" "$rsp" > "$work/map/crossgen2.rsp"
  printf '%s\n' --perfmap "--perfmap-path:$work/map" >> "$work/map/crossgen2.rsp"
  "$crossgen" @"$work/map/crossgen2.rsp" >/dev/null
  echo "$work/map/SafeMigrations.Analyzers.dll"
}
