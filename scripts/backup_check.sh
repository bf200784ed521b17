#!/usr/bin/env bash
# Proves backup and restore (make backup-check): backs up the load test's database
# (coventry_load, seeded, with figures entered, submitted and approved) and a few
# uploaded files, restores them into a new empty database (coventry_restore_check)
# and an empty directory, and compares every table's rows, every sequence and every
# file. Files in /tmp/ops_backup.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/stack.sh
CHECK="${BACKUP_CHECK_DIR:-/tmp/ops_backup}"
RESTORED_DB=coventry_restore_check
export PGOPTIONS="-c client_min_messages=warning"
rm -rf "$CHECK" && mkdir -p "$CHECK"

if [ -z "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")" ]; then
  stack_prepare
fi
# Uploaded files as the product keeps them (imports/ and reports/ under MEDIA_ROOT).
mkdir -p "$MEDIA_ROOT/imports/2026/11" "$MEDIA_ROOT/reports/2025-26"
cp -n /work/shared/samples/* "$MEDIA_ROOT/imports/2026/11/" 2>/dev/null || \
  printf 'Metric,Unit\nHomeless households,number\n' >"$MEDIA_ROOT/imports/2026/11/sample.csv"
head -c 200000 /dev/urandom >"$MEDIA_ROOT/reports/2025-26/report.pdf"

start=$(date +%s.%N)
backup=$(BACKUP_DIR="$CHECK" scripts/backup.sh | tail -n 1)
backed=$(date +%s.%N)
psql_admin -c "DROP DATABASE IF EXISTS $RESTORED_DB WITH (FORCE)"
DATABASE_URL="$PG/$RESTORED_DB" MEDIA_ROOT="$CHECK/restored-media" \
  scripts/restore.sh "$backup"
restored=$(date +%s.%N)
# Restoring over data is refused.
if DATABASE_URL="$PG/$RESTORED_DB" MEDIA_ROOT="$CHECK/other" scripts/restore.sh "$backup" \
  2>/dev/null; then
  echo "PROBLEM restore.sh wrote over a database that held data"; exit 1
fi
echo "backup $(du -sh "$backup" | cut -f1) in $(echo "$backed - $start" | bc) s;" \
  "restore in $(echo "$restored - $backed" | bc) s"
status=0
$BIN/python scripts/backup_compare.py "$PG/$DB_NAME" "$PG/$RESTORED_DB" \
  "$MEDIA_ROOT" "$CHECK/restored-media" || status=1
# The restored database serves the product: its checks pass.
DATABASE_URL="$PG/$RESTORED_DB" $BIN/python manage.py migrate --check -v 0 2>/dev/null \
  && echo "restored database: no migrations outstanding" || status=1
psql_admin -c "DROP DATABASE IF EXISTS $RESTORED_DB WITH (FORCE)"
if [ "$status" = 0 ]; then echo "backup-check passed"; else echo "backup-check FAILED"; fi
exit "$status"
