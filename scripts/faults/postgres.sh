#!/usr/bin/env bash
# Fault: PostgreSQL restarted under load (make fault-postgres).
#
# Runs the product (gunicorn, a Celery worker on Redis), keeps six officers' worth
# of traffic going, stops PostgreSQL for a few seconds and starts it again. Passes
# when every request during the outage failed cleanly (a 503 page or JSON, never a
# 500 or a stack trace, never hanging), requests succeed again within seconds of
# PostgreSQL's return without restarting gunicorn (same processes), and the worker
# still runs tasks afterwards. PostgreSQL is started again on any exit.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/stack.sh
DOWN_SECONDS="${DOWN_SECONDS:-4}"
CLUSTER="$(ls /etc/postgresql)"
trap 'ensure_postgres; stack_stop' EXIT

stack_prepare
: >"$WORK/worker.log"
stack_start_worker
stack_start_web
workers_before=$(pgrep -P "$GUNICORN_PID" | sort | tr '\n' ' ')

echo "== Traffic for 25 s; PostgreSQL stops at 6 s for $DOWN_SECONDS s"
$BIN/python scripts/faults/traffic.py run --base-url "$BASE_URL" --seconds 25 \
  --out "$WORK/postgres.jsonl" --submit &
traffic=$!
sleep 6
start=$(date +%s.%N)
pg_ctlcluster --skip-systemctl-redirect "$CLUSTER" main stop -m fast
echo "PostgreSQL stopped"
curl -sS -m 10 "$BASE_URL/healthz"; echo
sleep "$DOWN_SECONDS"
pg_ctlcluster --skip-systemctl-redirect "$CLUSTER" main start
ensure_postgres
end=$(date +%s.%N)
echo "PostgreSQL started again after $(echo "$end - $start" | bc) s"
wait "$traffic"
echo "healthz now: $(curl -sS "$BASE_URL/healthz")"

status=0
$BIN/python scripts/faults/traffic.py check --log "$WORK/postgres.jsonl" \
  --outage "$start" "$end" --recover-within 5 || status=1
workers_after=$(pgrep -P "$GUNICORN_PID" | sort | tr '\n' ' ')
if kill -0 "$GUNICORN_PID" && [ "$workers_before" = "$workers_after" ]; then
  echo "gunicorn was not restarted: the same master and workers ($workers_after)"
else
  echo "PROBLEM gunicorn's processes changed: $workers_before -> $workers_after"; status=1
fi
# The worker lost its database connection too: it must still run tasks.
before=$(grep -c "succeeded in" "$WORK/worker.log" || true)
$BIN/python scripts/faults/traffic.py run --base-url "$BASE_URL" --seconds 3 \
  --threads 2 --submit --out "$WORK/postgres-after.jsonl"
for _ in $(seq 20); do
  [ "$(redis-cli -n "$REDIS_DB" llen celery)" = 0 ] && break; sleep 0.5
done
sleep 2
after=$(grep -c "succeeded in" "$WORK/worker.log" || true)
failed=$(grep -c -E "raised unexpected" "$WORK/worker.log" || true)
echo "Celery worker: $after tasks succeeded in all ($((after - before)) after the restart), $failed failed"
if [ "$after" -le "$before" ]; then echo "PROBLEM the worker ran nothing after the restart"; status=1; fi
if [ "$status" = 0 ]; then echo "fault-postgres passed"; else echo "fault-postgres FAILED (see $WORK)"; fi
exit "$status"
