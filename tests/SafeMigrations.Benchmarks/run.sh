#!/usr/bin/env bash
# Compile-time benchmark: compiling a project of 1,000 scaffolded EF Core migrations (PostgreSQL) without and
# with the SafeMigrations analyzer. Prints BenchmarkDotNet's table, the overhead percentage and an
# instrumented run (Roslyn's analyzer execution time, diagnostics, syntax-only parts).
# The corpus is scaffolded on the first run and cached in obj/corpus (SAFEMIGRATIONS_BENCH_CACHE overrides).
# Usage: tests/SafeMigrations.Benchmarks/run.sh [migrations=1000] [--iterations N=3] [--rounds N=2] [--profile-only] [--all-providers] [--raw-sql]
set -euo pipefail
cd "$(dirname "$0")"
dotnet build -c Release --nologo -v quiet SafeMigrations.Benchmarks.csproj
dotnet run -c Release --no-build --project SafeMigrations.Benchmarks.csproj -- "$@"
