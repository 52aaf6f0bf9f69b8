#!/usr/bin/env bash
# Where our analyzer's CPU goes in a real build in a fresh csc process (the issue's measure), by what runs at the leaf:
# our code, Roslyn's and the framework's (ReadyToRun or JIT-compiled), the runtime (allocation, type loading, stubs), the
# JIT, the kernel (page faults of fresh heap memory). See ../README.md, twenty-third round.
#   tests/SafeMigrations.Benchmarks/profile/fresh-csc.sh [analyzer.dll]   (default: the package's ReadyToRun image)
# Without an argument the image is compiled again with crossgen2's perf map (fresh-build.sh's mapped_image), and the report
# also names the methods of ours the CPU was spent in (see ../README.md, forty-second round).
# Needs perf (as root, or kernel.perf_event_paranoid <= 2) and the uniform corpus's build project, which
# `run.sh 1000 --real-build` writes next to the corpus (SAFEMIGRATIONS_BENCH_CACHE or obj/corpus), or another real build's
# project in SAFEMIGRATIONS_BENCH_PROJECT (a `--history-dir X --real-build` run writes it to X.build).
set -euo pipefail
# shellcheck source=fresh-build.sh
source "$(dirname "$0")/fresh-build.sh"

names=()
if [ $# -eq 0 ]; then
  analyzer="$(mapped_image)"
  names=("$analyzer" "$work/map")
fi
perf_fresh_build 499 "$analyzer"
echo "ReportAnalyzer: $(our_telemetry | head -1) s"
analyzer_samples 499 "${names[@]}"
