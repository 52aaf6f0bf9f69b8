#!/usr/bin/env bash
# Installs PostgreSQL 15 with apt-get, starts the cluster and creates the test role and database.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq || echo "apt-get update failed; trying with the cached package lists"
apt-get install -y -qq postgresql >/dev/null
pg_ctlcluster 15 main start 2>/dev/null || true
for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
pg_isready -h 127.0.0.1 -p 5432
psql_admin() { su postgres -c "psql -v ON_ERROR_STOP=1 -qtAc \"$1\""; }
[ "$(psql_admin "SELECT 1 FROM pg_roles WHERE rolname = 'safemigrations'")" = "1" ] ||
  psql_admin "CREATE ROLE safemigrations LOGIN SUPERUSER PASSWORD 'safemigrations'"
[ "$(psql_admin "SELECT 1 FROM pg_database WHERE datname = 'safemigrations'")" = "1" ] ||
  psql_admin "CREATE DATABASE safemigrations OWNER safemigrations"
echo "PostgreSQL ready"
