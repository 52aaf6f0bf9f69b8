#!/usr/bin/env bash
# Installs MariaDB with apt-get, starts it and creates the test user, for the runtime helpers' MySQL SQL.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
command -v mariadbd >/dev/null 2>&1 || apt-get install -y -qq mariadb-server >/dev/null
if ! mysqladmin ping >/dev/null 2>&1; then
  service mariadb start >/dev/null 2>&1 || (mysqld_safe >/dev/null 2>&1 &)
fi
for _ in $(seq 1 30); do mysqladmin ping >/dev/null 2>&1 && break; sleep 1; done
mysqladmin ping
mysql -e "CREATE USER IF NOT EXISTS 'safemigrations'@'%' IDENTIFIED BY 'safemigrations';
          CREATE USER IF NOT EXISTS 'safemigrations'@'localhost' IDENTIFIED BY 'safemigrations';
          GRANT ALL PRIVILEGES ON *.* TO 'safemigrations'@'%' WITH GRANT OPTION;
          GRANT ALL PRIVILEGES ON *.* TO 'safemigrations'@'localhost' WITH GRANT OPTION;
          FLUSH PRIVILEGES;"
echo "MariaDB ready"
