#!/usr/bin/env bash
# The package on the real histories issue 15 measured (see ../README.md, "Real histories"): ErsatzTV's SQLite migrations,
# bitwarden's PostgreSQL and SQLite migrations, jellyfin's SQLite migrations, each compiled in process with the package and
# with MigrationLint beside it (--peer), from the commits the README's figures came from.
#   tests/SafeMigrations.Benchmarks/profile/real-histories.sh ERSATZTV_CLONE BITWARDEN_CLONE JELLYFIN_CLONE [rounds=2] [peer.dll]
# Each clone is a git repository (a bare mirror does); only the migrations folder is taken out of it, into a temp directory.
set -euo pipefail
ersatztv=$1 bitwarden=$2 jellyfin=$3 rounds=${4:-2} peer=${5:-}
here="$(cd "$(dirname "$0")" && pwd)"
project="$(dirname "$here")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# name | clone | commit | folder in the repository | benchmark options
histories=(
  "ersatztv-sqlite|$ersatztv|2c02561f1|ErsatzTV.Infrastructure.Sqlite/Migrations|--all-providers"
  "bitwarden-postgres|$bitwarden|ac309aa19e|util/PostgresMigrations/Migrations|--all-providers --stubs $here/real-histories/bitwarden.stubs"
  "bitwarden-sqlite|$bitwarden|ac309aa19e|util/SqliteMigrations/Migrations|--all-providers --stubs $here/real-histories/bitwarden.stubs"
  "jellyfin-sqlite|$jellyfin|c3ed1407ca|src/Jellyfin.Database/Jellyfin.Database.Providers.Sqlite/Migrations|--provider sqlite"
)

dotnet build "$project" -c Release -v quiet -nologo >/dev/null
for history in "${histories[@]}"; do
  IFS='|' read -r name clone commit folder options <<<"$history"
  mkdir -p "$work/$name"
  git -C "$clone" archive "$commit" "$folder" | tar -x -C "$work/$name"
  echo "== $name ($commit, $folder)"
  # shellcheck disable=SC2086
  dotnet "$project/bin/Release/net10.0/SafeMigrations.Benchmarks.dll" --history-dir "$work/$name/$folder" $options --rounds "$rounds" ${peer:+--peer "$peer"}
done
