#!/usr/bin/env bash
# Lock benchmark: plain EF Core migrations vs SafeMigrations helpers vs the code fixes' output vs no DDL, on PostgreSQL
# with 1,000,000 rows and a concurrent single-row writer. Prints a markdown table. Uses SAFEMIGRATIONS_PG (or the CI default).
# Usage: tests/SafeMigrations.LockBenchmark/run.sh [rows] [case name filter, e.g. "unique"] [--repeat N (default 3; medians are compared)]
set -euo pipefail
cd "$(dirname "$0")"
dotnet run -c Release -- "${1:-1000000}" "${@:2}"
