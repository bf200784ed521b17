#!/usr/bin/env bash
# Back up the product: the PostgreSQL database (pg_dump, custom format) and the
# uploaded files (MEDIA_ROOT: imported open-data files, generated reports), with
# checksums. The result is one directory; scripts/restore.sh puts it back.
#
#   DATABASE_URL=postgres://… MEDIA_ROOT=/var/lib/coventry-pm/media scripts/backup.sh
#
# BACKUP_DIR (default ./backups) is where the backup directory is made; its path is
# the last line printed. Also copies OPEN_DATA_DIR when it exists (the published
# open data; it can be regenerated, but a copy is cheap). Consistent while the
# product runs: pg_dump takes a snapshot; files are only ever added, never changed.
set -euo pipefail
: "${DATABASE_URL:?set DATABASE_URL (postgres://user@host:port/database)}"
MEDIA="${MEDIA_ROOT:-$(cd "$(dirname "$0")/.." && pwd)/var/media}"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
OUT="${BACKUP_DIR:-backups}/coventry-pm-$STAMP"
mkdir -p "$OUT"
umask 077

pg_dump --format=custom --no-owner --no-privileges --file="$OUT/database.dump" \
  "$DATABASE_URL"
if [ -d "$MEDIA" ]; then
  tar -C "$MEDIA" -czf "$OUT/media.tar.gz" .
else
  tar -czf "$OUT/media.tar.gz" --files-from /dev/null
fi
if [ -n "${OPEN_DATA_DIR:-}" ] && [ -d "$OPEN_DATA_DIR" ]; then
  tar -C "$OPEN_DATA_DIR" -czf "$OUT/open-data.tar.gz" .
fi
{
  echo "created: $STAMP"
  echo "database: ${DATABASE_URL%%\?*}" | sed -E 's#//([^:@/]+):[^@]*@#//\1:***@#'
  echo "server: $(psql "$DATABASE_URL" -qAt -c 'SHOW server_version')"
  echo "media: $MEDIA ($(find "$MEDIA" -type f 2>/dev/null | wc -l) files)"
} >"$OUT/manifest.txt"
(cd "$OUT" && sha256sum ./*.dump ./*.tar.gz >SHA256SUMS)
echo "backup: $(du -sh "$OUT" | cut -f1) in"
echo "$OUT"
