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
# none): never half-published.
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

if [ "$status" = 0 ]; then echo "fault-worker passed"; else echo "fault-worker FAILED (see $WORK)"; fi
exit "$status"
