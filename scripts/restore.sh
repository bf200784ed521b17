#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into an EMPTY database, and its files
# into an empty MEDIA_ROOT. Refuses to restore over data.
#
#   DATABASE_URL=postgres://…/coventry_pm MEDIA_ROOT=… scripts/restore.sh BACKUP_DIR
#
# The database is created when it does not exist (the account needs CREATEDB).
# Stop the web, worker and beat first; start them after (migrate is a no-op when
# the backup came from the same release).
set -euo pipefail
BACKUP="${1:?usage: restore.sh BACKUP_DIR}"
: "${DATABASE_URL:?set DATABASE_URL to the (empty) database to restore into}"
MEDIA="${MEDIA_ROOT:-$(cd "$(dirname "$0")/.." && pwd)/var/media}"

(cd "$BACKUP" && sha256sum --check --quiet SHA256SUMS)

database="${DATABASE_URL##*/}"
database="${database%%\?*}"
server="${DATABASE_URL%/*}"
if [ -z "$(psql "$server/postgres" -qAt -c "SELECT 1 FROM pg_database WHERE datname = '$database'")" ]; then
  psql "$server/postgres" -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE \"$database\""
fi
tables=$(psql "$DATABASE_URL" -qAt -c \
  "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")
if [ "$tables" != 0 ]; then
  echo "refusing: $database already has $tables tables; restore into an empty database" >&2
  exit 1
fi
if [ -d "$MEDIA" ] && [ -n "$(ls -A "$MEDIA")" ]; then
  echo "refusing: $MEDIA is not empty" >&2
  exit 1
fi

pg_restore --no-owner --no-privileges --exit-on-error --jobs=2 \
  --dbname="$DATABASE_URL" "$BACKUP/database.dump"
mkdir -p "$MEDIA"
tar -C "$MEDIA" -xzf "$BACKUP/media.tar.gz"
if [ -f "$BACKUP/open-data.tar.gz" ] && [ -n "${OPEN_DATA_DIR:-}" ]; then
  mkdir -p "$OPEN_DATA_DIR" && tar -C "$OPEN_DATA_DIR" -xzf "$BACKUP/open-data.tar.gz"
fi
echo "restored $BACKUP into $database ($(psql "$DATABASE_URL" -qAt -c \
  "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'") tables) and $MEDIA"
