#!/usr/bin/env bash
# How far the product's verdicts agree with the council's own (on demand; not in CI):
# imports the council's seven published files in ../shared/data/coventry (or
# COVENTRY_DATA) into a fresh database (coventry_agree), oldest first, then prints
# `assess --compare --as-published` for every year. The 2021-22 file is imported a
# second time for the 2016-24 plan, whose columns it also carries.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA="${COVENTRY_DATA:-../shared/data/coventry}"
DB="${AGREE_DATABASE:-coventry_agree}"
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB"
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-config.settings.dev}"
BIN=.venv/bin
if [ ! -d "$DATA" ]; then
  echo "The council's files are not in $DATA: set COVENTRY_DATA to their folder." >&2
  exit 2
fi
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $DB" postgres
psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $DB" postgres
$BIN/python manage.py migrate -v 0
for name in \
  "Council Plan 2016-17 half year performance indicator table.csv" \
  "Council Plan 2017-18 half year performance indicator table.csv" \
  "Council Plan 2017-18 end of year performance indicator table.csv" \
  "Council Plan 2018-19 end of year performance indicator table.csv" \
  "Council Plan 2019-20 end of year performance indicator table.csv" \
  "Council Plan 2021-22 end of year performance indicator table.csv" \
  "Council Plan 2023-24 end of year performance indicator table.csv"; do
  $BIN/python manage.py import_open_data "$DATA/$name" | grep -E " rows read from " || true
done
$BIN/python manage.py import_open_data --plan 2016-24 \
  "$DATA/Council Plan 2021-22 end of year performance indicator table.csv" |
  grep -E " rows read from " || true
$BIN/python manage.py assess --compare --as-published "$@"
