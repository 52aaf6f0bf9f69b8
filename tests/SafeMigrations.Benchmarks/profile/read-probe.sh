#!/usr/bin/env bash
# The CPU and the bytes allocated of every Up and Down read (methods) or every previous-Designer table question (tables)
# inside real fresh csc builds, two revisions alternated: each revision's image built from a worktree with the probe of
# read-probe/apply.py, which writes "calls nanoseconds bytes" when the compiler process exits (see ../README.md, fifty-fifth
# round). Bytes are exact and do not move with the host's load; CPU does. Unlike the in-process SAFEMIGRATIONS_BENCH_QUESTIONS
# and _PHASES_ONLY, which parse their trees again, this counts what a read allocates where the compiler has made the syntax
# nodes already.
#   tests/SafeMigrations.Benchmarks/profile/read-probe.sh methods|tables REVISION_A REVISION_B [rounds=2]
# The build's project as in fresh-csc.sh: the uniform corpus's, or SAFEMIGRATIONS_BENCH_PROJECT.
set -euo pipefail
what="$1"
revisions=("$2" "$3")
rounds="${4:-2}"
# shellcheck source=fresh-build.sh
source "$(dirname "$0")/fresh-build.sh" unused

images=()
for revision in "${revisions[@]}"; do
  copy="$work/$revision"
  git -C "$repository" worktree add -q --detach "$copy" "$revision"
  python3 "$here/read-probe/apply.py" "$copy" "$what"
  dotnet restore "$copy/nuget/EFCore.SafeMigrations.csproj" -v quiet >/dev/null
  dotnet build "$copy/analyzers/SafeMigrations.Analyzers" -c Release -v quiet -nologo >/dev/null
  dotnet msbuild "$copy/nuget/EFCore.SafeMigrations.csproj" -t:SafeMigrationsReadyToRun -p:TargetFramework=net10.0 \
    -p:Configuration=Release -v:quiet -nologo >/dev/null
  mkdir -p "$work/image-$revision"
  cp "$copy/nuget/obj/Release/net10.0/readytorun/linux-x64/SafeMigrations.Analyzers.dll" "$work/image-$revision/"
  git -C "$repository" worktree remove --force "$copy"
  images+=("$work/image-$revision/SafeMigrations.Analyzers.dll")
done

for round in $(seq 1 "$rounds"); do
  for i in 0 1; do
    # The order swapped every round: the host's load drifts.
    index=$(( (i + round + 1) % 2 ))
    rm -f "$work/probe.txt"
    fresh_build "${images[$index]}" env SAFEMIGRATIONS_READ_PROBE="$work/probe.txt"
    read -r calls nanoseconds bytes < "$work/probe.txt"
    echo "round $round, ${revisions[$index]}: $calls reads, $((nanoseconds / 1000000)) ms of CPU, $((bytes / 1024)) KiB allocated;" \
      "ReportAnalyzer $(our_telemetry | head -1) s, Csc $(csc_milliseconds) ms (load $(cut -d' ' -f1 /proc/loadavg))"
  done
done
