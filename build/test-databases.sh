#!/usr/bin/env bash
# One command for the tests' databases on a Debian or Ubuntu machine (as root, or with sudo): installs PostgreSQL
# and MariaDB with apt-get, starts them, and creates the user and database the tests connect to by default
# (SAFEMIGRATIONS_PG / SAFEMIGRATIONS_MYSQL, user and password "safemigrations"). CI runs the same steps.
#   sudo bash build/test-databases.sh
# Elsewhere, point SAFEMIGRATIONS_PG and SAFEMIGRATIONS_MYSQL at servers of your own; without them the database
# tests are skipped locally (each says why) and fail under CI=true.
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/postgres.sh
bash .ci/mariadb.sh
