#!/usr/bin/env bash
# Fault: the Celery worker killed mid-report (make fault-worker).
#
# Queues the annual report (reports.tasks.generate_report_task) on a Celery worker
# on Redis and kills the worker with SIGKILL while it is part-way through, twice:
#   1. the pool process running the report (what the kernel's OOM killer does): the
#      task is handed back (acks_late, reject_on_worker_lost) and run again;
#   2. the whole worker (the machine or container dies): the run stays unfinished
#      and unpublished; a new worker gets the task again once the broker's
#      visibility timeout has passed (CELERY_VISIBILITY_TIMEOUT: 15 s here, an hour
#      in production, where beat's sweep fails a run stalled for 15 minutes first).
# Passes when each run ends ready (with exactly one draft snapshot) or failed (with
# none): never half-published. Then a task that fails for good must be recorded
# (TaskFailure, on the performance administrator's Background tasks page).
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/stack.sh
export CELERY_VISIBILITY_TIMEOUT="${CELERY_VISIBILITY_TIMEOUT:-15}"
YEAR="${REPORT_YEAR:-2025-26}"
trap 'stack_stop' EXIT
run() { $BIN/python scripts/faults/report_run.py "$@" 2>/dev/null; }

stack_prepare
: >"$WORK/worker.log"
status=0

echo "== 1. The pool process running the report is killed"
stack_start_worker
sleep 3
id=$(run start "$YEAR")
run wait-running "$id"
child=$(pgrep -P "$WORKER_PID" | head -n 1)
kill -KILL "$child"
echo "killed the pool process $child of worker $WORKER_PID"
run wait-done "$id" 120 || status=1
run check "$id" || status=1
grep -E "WorkerLostError|Process .* exited" "$WORK/worker.log" | tail -n 1 | cut -c1-160 || true

echo "== 2. The whole worker is killed; a new one starts"
id=$(run start "$YEAR")
run wait-running "$id"
kill -KILL "$(pgrep -P "$WORKER_PID")" "$WORKER_PID" 2>/dev/null || true
wait "$WORKER_PID" 2>/dev/null || true
echo "killed worker $WORKER_PID and its pool; the run is left: $(run check "$id" | head -n 1)"
stack_start_worker
echo "started worker $WORKER_PID; waiting for the task to be delivered again"
run wait-done "$id" 150 || status=1
run check "$id" || status=1

echo "== 3. A task that fails for good is recorded for the performance administrator"
count_failed() {
  $BIN/python manage.py shell -v 0 -c "from coventry_pm.core.models import TaskFailure as F; print(F.objects.filter(kind='failed', resolution='').count())" 2>/dev/null | tail -n 1
}
failed_before=$(count_failed)
# A snapshot that does not exist: the open-data task fails (DoesNotExist, no retry).
$BIN/celery -A config call reports.tasks.publish_open_data_task --args='[0]' >/dev/null
for _ in $(seq 30); do [ "$(count_failed)" -gt "$failed_before" ] && break; sleep 1; done
if [ "$(count_failed)" -gt "$failed_before" ]; then
  echo "recorded: $($BIN/python manage.py shell -v 0 -c "from coventry_pm.core.models import TaskFailure as F; f = F.objects.filter(kind='failed').latest('pk'); print(f.task_name, f.args, f.error)" 2>/dev/null | tail -n 1)"
else
  echo "PROBLEM the failed task was not recorded"; status=1
fi

if [ "$status" = 0 ]; then echo "fault-worker passed"; else echo "fault-worker FAILED (see $WORK)"; fi
exit "$status"
