# Sourced by fresh-csc.sh and type-loads.sh: the analyzer to load (the first argument, or the package's ReadyToRun image),
# the real build's project (the uniform corpus's, or SAFEMIGRATIONS_BENCH_PROJECT) and a work folder removed on exit.
here="$(cd "$(dirname "$0")" && pwd)"
repository="$(cd "$here/../../.." && pwd)"
analyzer="${1:-$repository/nuget/obj/Release/net10.0/readytorun/linux-x64/SafeMigrations.Analyzers.dll}"
cache="${SAFEMIGRATIONS_BENCH_CACHE:-$here/../obj/corpus}"
project="${SAFEMIGRATIONS_BENCH_PROJECT:-$(ls -d "$cache"/postgresql-1000-*.build | head -1)}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
