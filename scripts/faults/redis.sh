#!/usr/bin/env bash
# Fault: Redis (the Celery broker) down (make fault-redis).
#
# Runs the product (gunicorn, a Celery worker on Redis), then stops Redis while
# officers keep working. Passes when pages keep working (200s; /healthz a clean 503
# naming the broker), submitting a figure neither hangs nor fails, each approval
# email that could not be queued is recorded as "not queued" and shown to the
# performance administrator, and once Redis is back the worker reconnects by itself
# and beat's requeue task (sent here as beat would) queues and runs every one of
# them. Redis is started again on any exit.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/stack.sh
DOWN_SECONDS="${DOWN_SECONDS:-10}"
trap 'ensure_redis; stack_stop' EXIT

stack_prepare
: >"$WORK/worker.log"
stack_start_worker
stack_start_web
manage() { $BIN/python manage.py "$@" -v 0 2>/dev/null | tail -n 1; }
open_not_queued() {
  manage shell -c "from coventry_pm.core.models import TaskFailure as F; print(F.objects.filter(kind='not_queued', resolution='').count())"
}
requeued() {
  manage shell -c "from coventry_pm.core.models import TaskFailure as F; print(F.objects.filter(kind='not_queued', resolution='requeued').count())"
}
requeued_before=$(requeued)
insight_session=$($BIN/python -c "import json; print(json.load(open('$LOAD_MANIFEST'))['insight']['session'])")
status=0

echo "== Redis down for $DOWN_SECONDS s while officers work"
for _ in $(seq 20); do [ "$(redis-cli -n "$REDIS_DB" llen celery)" = 0 ] && break; sleep 0.5; done
start=$(date +%s.%N)
redis-cli -p 6379 shutdown nosave >/dev/null 2>&1 || true
echo "Redis stopped; healthz: $(curl -sS -m 10 "$BASE_URL/healthz")"
$BIN/python scripts/faults/traffic.py run --base-url "$BASE_URL" \
  --seconds "$DOWN_SECONDS" --threads 4 --submit --out "$WORK/redis.jsonl"
not_queued=$(open_not_queued)
page=$(curl -sS -b "sessionid=$insight_session" "$BASE_URL/operations/tasks/")
shown=$(grep -o "Not queued (broker unavailable)" <<<"$page" | wc -l)
ensure_redis
end=$(date +%s.%N)
echo "Redis started again after $(echo "$end - $start" | bc) s"

submitted=$($BIN/python -c "
import json
print(sum(1 for l in open('$WORK/redis.jsonl') if json.loads(l)['page'] == 'submit for approval' and json.loads(l)['status'] == 200))")
slowest=$($BIN/python -c "
import json
print(max([json.loads(l)['seconds'] for l in open('$WORK/redis.jsonl') if json.loads(l)['page'] == 'submit for approval'] or [0]))")
echo "while Redis was down: $submitted figures submitted (slowest submit ${slowest} s)," \
  "$not_queued approval emails recorded as not queued, $shown shown on /operations/tasks/"
# Pages must have worked throughout: check with no outage window to allow for.
$BIN/python scripts/faults/traffic.py check --log "$WORK/redis.jsonl" \
  --outage 0 0 --recover-within 0 --ignore healthz | sed 's/^/pages: /' \
  || status=1
if [ "$submitted" = 0 ]; then echo "PROBLEM no figure was submitted while Redis was down"; status=1; fi
if [ "$not_queued" -lt "$submitted" ]; then echo "PROBLEM some unqueued emails were not recorded"; status=1; fi
if [ "$shown" -lt 1 ]; then echo "PROBLEM the operations page does not show them"; status=1; fi

echo "== Redis back: the worker reconnects; beat's requeue task runs"
before=$(grep -c "send_approval_requested_email_task.*succeeded" "$WORK/worker.log" || true)
for _ in $(seq 30); do
  grep -q "Connected to redis" <(tail -n 20 "$WORK/worker.log") && break; sleep 1
done
$BIN/celery -A config call coventry_pm.core.tasks.requeue_unqueued_tasks_task >/dev/null
for _ in $(seq 40); do
  sleep 1
  [ "$(open_not_queued)" = 0 ] && [ "$(redis-cli -n "$REDIS_DB" llen celery)" = 0 ] && break
done
sleep 2
after=$(grep -c "send_approval_requested_email_task.*succeeded" "$WORK/worker.log" || true)
now_requeued=$(( $(requeued) - requeued_before ))
echo "requeued $now_requeued; approval emails sent since: $((after - before)); still open: $(open_not_queued)"
if [ "$(open_not_queued)" != 0 ] || [ "$((after - before))" -lt "$not_queued" ]; then
  echo "PROBLEM queued work was lost"; status=1
fi
if ! kill -0 "$WORKER_PID" 2>/dev/null; then echo "PROBLEM the worker died"; status=1; fi
echo "healthz: $(curl -sS "$BASE_URL/healthz")"
if [ "$status" = 0 ]; then echo "fault-redis passed"; else echo "fault-redis FAILED (see $WORK)"; fi
exit "$status"
