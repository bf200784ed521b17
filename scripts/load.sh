#!/usr/bin/env bash
# The load test, on this machine, as production runs: gunicorn, a Celery worker on
# Redis and PostgreSQL. 50 officers enter and submit figures, 10 managers approve
# them, 5 cabinet members read the dashboards and 135 of the public read the live
# pages; p50/p95 per page are printed (and written to $LOAD_DIR/report.md) and any
# error fails the run.
#
#   scripts/load.sh [SECONDS]        (make load: 60 s; make load-short: 10 s, in CI)
#
# Its own database (LOAD_DATABASE, default coventry_load: never the test or postgres
# databases CI uses), Redis database LOAD_REDIS_DB (default 5) for the broker and
# LOAD_CACHE_REDIS_DB (default 6) for the cache, gunicorn on a free port; files in
# /tmp/ops_load. See scripts/lib/stack.sh for the settings. At the end it says how
# busy the machine, gunicorn, PostgreSQL and locust were: on a shared machine the
# throughput is only what the others left.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-60}"
# shellcheck source=scripts/lib/stack.sh
. scripts/lib/stack.sh
trap stack_stop EXIT
export LOAD_REPORT="$WORK/report.md"
# The live pages' cache in Redis, shared by the gunicorn processes, as production
# has it (docker-compose.yml: CACHE_URL); its own database, emptied first.
CACHE_DB="${LOAD_CACHE_REDIS_DB:-6}"
export CACHE_URL="redis://127.0.0.1:6379/$CACHE_DB"

stack_prepare
redis-cli -n "$CACHE_DB" flushdb >/dev/null
: >"$WORK/worker.log"
stack_start_worker
stack_start_web
# Warm each gunicorn process (templates, first connections) before measuring.
for _ in $(seq 12); do curl -fsS -o /dev/null "$BASE_URL/accounts/login/" || true; done
: >"$WORK/access.log"

# Who: LOAD_OFFICERS, LOAD_MANAGERS, LOAD_CABINET and LOAD_PUBLIC (200 in all).
export LOAD_OFFICERS="${LOAD_OFFICERS:-50}" LOAD_MANAGERS="${LOAD_MANAGERS:-10}"
export LOAD_CABINET="${LOAD_CABINET:-5}" LOAD_PUBLIC="${LOAD_PUBLIC:-135}"
USERS=$((LOAD_OFFICERS + LOAD_MANAGERS + LOAD_CABINET + LOAD_PUBLIC))
echo "== $DURATION s: $LOAD_OFFICERS officers, $LOAD_MANAGERS managers," \
  "$LOAD_CABINET cabinet members, $LOAD_PUBLIC of the public" \
  "(load average $(cut -d' ' -f1-3 /proc/loadavg))"
# CPU seconds: the whole machine (busy, all cores) and gunicorn's processes, so the
# report says what was busy (locust reports its own).
machine_cpu() { awk '/^cpu /{printf "%.2f", ($2+$3+$4+$7+$8) / 100}' /proc/stat; }
gunicorn_cpu() {
  # shellcheck disable=SC2046  # one word per pid
  cat /proc/"$GUNICORN_PID"/stat $(printf '/proc/%s/stat ' $(pgrep -P "$GUNICORN_PID")) \
    2>/dev/null | awk '{t += $14 + $15 + $16 + $17} END {printf "%.2f", t / 100}'
}
# PostgreSQL's: its backends on this database (those there at the start less what
# they had used by then; one that ended during the run is missed).
postgres_cpu() {
  local pids
  pids=$(psql_admin -c "SELECT pid FROM pg_stat_activity WHERE datname = '$DB_NAME'")
  for pid in $pids; do
    awk -v pid="$pid" '{print pid, $14 + $15}' "/proc/$pid/stat" 2>/dev/null || true
  done
}
machine_before=$(machine_cpu)
gunicorn_before=$(gunicorn_cpu)
postgres_cpu >"$WORK/postgres_cpu.before"
began=$(date +%s.%N)
status=0
$BIN/locust -f scripts/load/locustfile.py --headless --only-summary \
  --host "$BASE_URL" -u "$USERS" -r 40 -t "${DURATION}s" --stop-timeout 20 \
  --loglevel WARNING 2>"$WORK/locust.log" || status=$?
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
awk -v m0="$machine_before" -v m1="$(machine_cpu)" -v g0="$gunicorn_before" \
  -v g1="$(gunicorn_cpu)" -v t0="$began" -v t1="$(date +%s.%N)" -v cores="$(nproc)" \
  -v served="$(wc -l <"$WORK/access.log")" \
  'BEGIN {t = t1 - t0; printf "CPU over %.0f s: machine %.0f %% of %d cores busy, " \
    "gunicorn %.0f %% of one core (%.1f ms a request served)\n", t,
    100 * (m1 - m0) / t / cores, cores, 100 * (g1 - g0) / t,
    1000 * (g1 - g0) / (served ? served : 1)}' | tee -a "$LOAD_REPORT"
postgres_cpu | awk -v t0="$began" -v t1="$(date +%s.%N)" \
  'NR == FNR {before[$1] = $2; next} {used += $2 - before[$1]}
  END {printf "PostgreSQL (coventry_load backends) %.0f %% of one core\n",
    used / (t1 - t0)}' "$WORK/postgres_cpu.before" - | tee -a "$LOAD_REPORT"
$BIN/python scripts/load/access_summary.py "$WORK/access.log" | tee -a "$LOAD_REPORT"

# Each figure submitted queued an approval email on Redis: the worker must have sent
# them all (the queue drains) and failed none.
for _ in $(seq 30); do
  [ "$(redis-cli -n "$REDIS_DB" llen celery)" = 0 ] && break
  sleep 1
done
sent=$(grep -c "succeeded in" "$WORK/worker.log" || true)
failed=$(grep -c -E "raised unexpected|Task .* failed" "$WORK/worker.log" || true)
left=$(redis-cli -n "$REDIS_DB" llen celery)
echo "Celery worker: $sent tasks succeeded, $failed failed, $left left in the queue" \
  | tee -a "$LOAD_REPORT"
server_errors=$(grep -c '"status": 5' "$WORK/access.log" || true)
echo "gunicorn: $(wc -l <"$WORK/access.log") requests, $server_errors with a 5xx status"
if [ "$failed" != 0 ] || [ "$left" != 0 ] || [ "$server_errors" != 0 ]; then status=1; fi
if [ "$status" = 0 ]; then echo "load test passed"; else echo "load test FAILED (see $WORK)"; fi
exit "$status"
