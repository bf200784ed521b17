# Shared by scripts/load.sh and scripts/faults/*.sh (sourced, not run): the product
# as production runs it on this machine — gunicorn, a Celery worker on Redis,
# PostgreSQL — on its own database and Redis database number, with everything
# started here stopped again on exit.
#
# Settings: LOAD_DATABASE (default coventry_load; never test/postgres), LOAD_PG,
# LOAD_REDIS_DB (default 5), LOAD_DIR (default /tmp/ops_load), LOAD_FRESH=1.

BIN=.venv/bin
DB_NAME="${LOAD_DATABASE:-coventry_load}"
PG="${LOAD_PG:-postgres://postgres@127.0.0.1:5432}"
REDIS_DB="${LOAD_REDIS_DB:-5}"
WORK="${LOAD_DIR:-/tmp/ops_load}"
case "$DB_NAME" in test | postgres | root | template*)
  echo "refusing to use the $DB_NAME database" >&2; exit 2 ;;
esac
mkdir -p "$WORK"

PORT="$($BIN/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
BASE_URL="http://127.0.0.1:$PORT"
export DJANGO_SETTINGS_MODULE=config.settings.load
export DATABASE_URL="$PG/$DB_NAME"
export CELERY_BROKER_URL="redis://127.0.0.1:6379/$REDIS_DB"
SECRET_KEY="stack-$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
export SECRET_KEY
export ALLOWED_HOSTS=127.0.0.1,localhost
export DEBUG=false
export MEDIA_ROOT="$WORK/media"
export VAR_DIR="$WORK/var"
export LOG_LEVEL="${LOG_LEVEL:-WARNING}"
export LOAD_MANIFEST="$WORK/manifest.json"

STACK_PIDS=()
GUNICORN_PID=""
WORKER_PID=""

stack_stop() {
  for pid in "${STACK_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${STACK_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  STACK_PIDS=()
}

psql_admin() { psql "$PG/postgres" -v ON_ERROR_STOP=1 -qAt "$@"; }

# Database (created if missing, migrated), seed data, an empty Redis database.
stack_prepare() {
  if [ "${LOAD_FRESH:-0}" = 1 ]; then
    psql_admin -c "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)"
  fi
  if [ -z "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")" ]; then
    psql_admin -c "CREATE DATABASE $DB_NAME"
  fi
  redis-cli -n "$REDIS_DB" flushdb >/dev/null
  echo "== Preparing $DB_NAME (migrate, seed)"
  $BIN/python manage.py migrate --noinput -v 0
  $BIN/python manage.py seed_load --manifest "$LOAD_MANIFEST" 2>/dev/null | tail -1
}

# The Celery worker (prefork, one child) on Redis; its log in $WORK/worker.log.
stack_start_worker() {
  $BIN/celery -A config worker --concurrency="${WORKER_CONCURRENCY:-1}" \
    --loglevel=INFO --hostname="stack-$$-$RANDOM@%h" >>"$WORK/worker.log" 2>&1 &
  WORKER_PID=$!
  STACK_PIDS+=("$WORKER_PID")
}

# gunicorn on a free port, JSON access log in $WORK/access.log; waits for /healthz.
stack_start_web() {
  GUNICORN_ACCESS_LOG="$WORK/access.log" $BIN/gunicorn config.wsgi \
    --bind "127.0.0.1:$PORT" --workers "${GUNICORN_WORKERS:-4}" --preload \
    >>"$WORK/gunicorn.log" 2>&1 &
  GUNICORN_PID=$!
  STACK_PIDS+=("$GUNICORN_PID")
  for _ in $(seq 60); do
    curl -fsS -o /dev/null "$BASE_URL/healthz" 2>/dev/null && break
    sleep 0.5
  done
  echo "gunicorn on $BASE_URL (pid $GUNICORN_PID): $(curl -sS "$BASE_URL/healthz")"
}

# PostgreSQL and Redis as the brief and .ci/run start them, for trap handlers.
ensure_postgres() {
  if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start || true
  fi
  for _ in $(seq 30); do pg_isready -h 127.0.0.1 -p 5432 -q && return 0; sleep 1; done
  echo "PostgreSQL did not come back" >&2
}
ensure_redis() {
  if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" \
      --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log
  fi
  for _ in $(seq 30); do redis-cli ping >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "Redis did not come back" >&2
}
