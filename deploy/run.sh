#!/usr/bin/env bash
# The whole mall on one machine without Docker (what `make run` calls).
#   deploy/run.sh [--no-seed] [--scale X] [--detach]   start, seed, print URLs and credentials
#   deploy/run.sh stop | status | logs                  for a --detach run; logs follows them all
# Starts Kafka, Redis and PostgreSQL (deploy/infra.sh up), creates the topics, migrates each
# service's database, runs every web process and worker under supervisord (its configuration is
# generated from the Procfile; a process that dies is restarted, the others go on), waits for the
# gateway to be ready and seeds the demo mall. Ctrl-C stops every process of the mall; the
# infrastructure keeps running (`deploy/infra.sh down`, or `make stop`, stops it).
# Logs: one rotated file per process in $MALL_RUN_DIR/logs/.
# Settings (environment): SEED=0, SEED_SCALE (1 = 600 + 100 partners), RUN_DETACH=1,
# MALL_DB=postgres|sqlite, MALL_DB_PREFIX (postgres database names, default mall_),
# <SERVICE>_DATABASE_URL, REDIS_URL, KAFKA_TOPIC_PREFIX, KAFKA_TOPIC_PARTITIONS, <SERVICE>_PORT, MALL_RUN_DIR,
# RUN_INFRA=0 (infrastructure already up elsewhere), READY_TIMEOUT (seconds).
set -euo pipefail
export LOG_TAG=run  # used by log() in lib.sh
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$MALL_ROOT"

SEED="${SEED:-1}"
SEED_SCALE="${SEED_SCALE:-1}"
RUN_DETACH="${RUN_DETACH:-0}"
ACTION=start
while [ $# -gt 0 ]; do
  case "$1" in
    --no-seed) SEED=0 ;;
    --scale) SEED_SCALE="$2"; shift ;;
    --detach) RUN_DETACH=1 ;;
    stop|status|logs) ACTION=$1 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
  shift
done

RUN_DIR="${MALL_RUN_DIR:-$MALL_VAR/run}"
PIDFILE="$RUN_DIR/supervisord.pid"
LOGDIR="$RUN_DIR/logs"
LOGFILE="$LOGDIR/supervisord.log"
CONF="$RUN_DIR/supervisord.conf"
VENV="${VENV:-$MALL_ROOT/.venv}"
PY="$VENV/bin/python"
mkdir -p "$LOGDIR"

stop_mall() {
  if pid_alive "$PIDFILE" supervisord; then
    log "stopping the mall (supervisord pid $(<"$PIDFILE"))"
    # supervisord stops every process group with SIGTERM, SIGKILL after stopwaitsecs (15 s).
    stop_pid "$PIDFILE" 40
  fi
  rm -f "$PIDFILE" "$RUN_DIR/supervisor.sock" "$RUN_DIR/ready"
}

case "$ACTION" in
  stop) stop_mall; exit 0 ;;
  status)
    if pid_alive "$PIDFILE" supervisord; then
      echo "mall: running (supervisord pid $(<"$PIDFILE"))"
      "$VENV/bin/supervisorctl" -c "$CONF" status || true
    else echo "mall: stopped"; exit 3; fi
    exit 0 ;;
  logs) exec tail -n 20 -F "$LOGDIR"/*.log ;;
esac

pid_alive "$PIDFILE" supervisord && die "the mall already runs (pid $(<"$PIDFILE")); deploy/run.sh stop"
rm -f "$RUN_DIR/ready"

# 1. What is missing: the virtualenv with the project and its tools.
if [ ! -x "$VENV/bin/supervisord" ] || [ ! -x "$VENV/bin/granian" ]; then
  log "installing the project into $VENV"
  [ -x "$PY" ] || python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q -e ".[dev]" >&2
fi

# 2. Infrastructure.
[ "${RUN_INFRA:-1}" = 0 ] || "$MALL_DEPLOY/infra.sh" up >&2
export KAFKA_BOOTSTRAP="${KAFKA_BOOTSTRAP:-127.0.0.1:${KAFKA_PORT:-9092}}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:${REDIS_PORT:-6390}/0}"
export KAFKA_TOPIC_PREFIX="${KAFKA_TOPIC_PREFIX:-}"
export PG_ADMIN_URL="${PG_ADMIN_URL:-postgresql+psycopg://mall:mall@127.0.0.1:${PGPORT:-5433}/postgres}"
export MERCHANT_URL="http://127.0.0.1:${MERCHANT_PORT:-8081}"
export CATALOG_URL="http://127.0.0.1:${CATALOG_PORT:-8082}"
export VOUCHER_URL="http://127.0.0.1:${VOUCHER_PORT:-8083}"
GATEWAY="http://127.0.0.1:${GATEWAY_PORT:-8080}"
GATEWAY_INTERNAL="http://127.0.0.1:${GATEWAY_INTERNAL_PORT:-9190}"  # readiness, metrics
export MALL_GATEWAY="$GATEWAY"
# The seed onboards hundreds of partners from one address: demo limits, not production ones.
export RATE_LIMIT_ONBOARDING="${RATE_LIMIT_ONBOARDING:-100000/hour}"
export RATE_LIMIT_IP="${RATE_LIMIT_IP:-100000/minute}"
export RATE_LIMIT_CALLER="${RATE_LIMIT_CALLER:-100000/minute}"
unset PROMETHEUS_MULTIPROC_DIR  # each web server makes its own (services/mallctl/web_server.py)

# 3. Databases, topics, migrations.
if [ "${MALL_DB:-postgres}" = postgres ]; then
  for svc in merchant catalog voucher gateway; do
    var="${svc^^}_DATABASE_URL"
    [ -n "${!var:-}" ] || export "$var=${PG_ADMIN_URL%/*}/${MALL_DB_PREFIX:-mall_}$svc"
  done
  "$PY" - <<'EOF' >&2
import os
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
admin = create_engine(os.environ["PG_ADMIN_URL"], isolation_level="AUTOCOMMIT")
with admin.connect() as conn:
    for svc in ("merchant", "catalog", "voucher", "gateway"):
        url = make_url(os.environ[f"{svc.upper()}_DATABASE_URL"])
        if url.get_backend_name() != "postgresql":
            continue
        if not conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"),
                            {"n": url.database}).first():
            conn.execute(text(f'CREATE DATABASE "{url.database}"'))
            print(f"[run] created database {url.database}")
admin.dispose()
EOF
fi
log "creating Kafka topics (KAFKA_TOPIC_PARTITIONS, default 12)"
"$PY" -m shared.messaging.topics >&2
log "migrating databases"
"$PY" -m services.mallctl migrate >&2

# 4. Every process under supervisord, in its own session so that stopping it stops them all.
for port in "${GATEWAY_PORT:-8080}" "${GATEWAY_INTERNAL_PORT:-9190}" "${MERCHANT_PORT:-8081}" "${CATALOG_PORT:-8082}" "${VOUCHER_PORT:-8083}" "${WEB_PORT:-8090}"; do
  port_open 127.0.0.1 "$port" && die "port $port is already in use; is the mall running already?"
done
log "starting the mall's processes (logs: $LOGDIR/<process>.log)"
"$PY" -m services.mallctl.supervisor_conf "$RUN_DIR" >"$CONF"
rm -f "$RUN_DIR/supervisor.sock"
PATH="$VENV/bin:$PATH" setsid "$VENV/bin/supervisord" -c "$CONF" \
  >"$RUN_DIR/supervisord.out" 2>&1 </dev/null &
echo $! >"$PIDFILE"
if [ "$RUN_DETACH" != 1 ]; then
  trap 'trap - INT TERM; echo >&2; stop_mall; rm -f "$RUN_DIR/ready"; exit 130' INT TERM
fi

# 5. Ready, then seeded.
log "waiting for $GATEWAY_INTERNAL/readyz"
deadline=$((SECONDS + ${READY_TIMEOUT:-180}))
until "$PY" -m services.mallctl.probe "$GATEWAY_INTERNAL/readyz" 2>/dev/null; do
  pid_alive "$PIDFILE" supervisord || { tail_log "$RUN_DIR/supervisord.out" 60; die "the mall stopped while starting"; }
  [ $SECONDS -lt $deadline ] || { tail_log "$LOGDIR/gateway.log" 30; tail_log "$LOGFILE" 30; stop_mall; die "not ready in time"; }
  sleep 1
done
CREDS="$RUN_DIR/demo-credentials.json"
if [ "$SEED" != 0 ]; then
  log "seeding the demo mall (scale $SEED_SCALE)"
  "$PY" -m services.mallctl seed --scale "$SEED_SCALE" \
    --state-file "$RUN_DIR/seed-state.json" --credentials-file "$CREDS" >&2 ||
    log "seeding failed; the mall runs on: rerun 'python -m services.mallctl seed' to finish it"
fi

# 6. Where everything is.
LOGDIR="$LOGDIR" "$PY" - "$GATEWAY" "$CREDS" "$GATEWAY_INTERNAL" <<'EOF'
import json, os, sys
from shared.dev_tokens import mint_token
gateway, creds, internal = sys.argv[1], sys.argv[2], sys.argv[3]
data = json.load(open(creds)) if os.path.exists(creds) else {}
port = lambda name, default: os.environ.get(name, default)
print(f"""
==================== the union's mall is running ====================
gateway        {gateway}          API docs {gateway}/docs
openapi        {gateway}/openapi.json
pages          members http://127.0.0.1:{port('WEB_PORT', '8090')}/   merchants http://127.0.0.1:{port('WEB_PORT', '8090')}/merchant
               ops http://127.0.0.1:{port('WEB_PORT', '8090')}/ops   (development sign-in: /sign-in)
metrics        gateway {internal}/metrics (internal port; {gateway}/metrics for ops)  merchant http://127.0.0.1:{port('MERCHANT_PORT', '8081')}/metrics
               catalog http://127.0.0.1:{port('CATALOG_PORT', '8082')}/metrics  voucher http://127.0.0.1:{port('VOUCHER_PORT', '8083')}/metrics
               workers gateway :{port('GATEWAY_WORKER_METRICS_PORT', '9180')}  merchant :{port('MERCHANT_WORKER_METRICS_PORT', '9181')}  catalog :{port('CATALOG_WORKER_METRICS_PORT', '9182')}  voucher :{port('VOUCHER_WORKER_METRICS_PORT', '9183')} (/metrics)
member token   {data.get('member_token') or mint_token('member', 'm-demo-1001', segments=['regular'], region='460100', ttl_seconds=604800)}
ops token      {data.get('ops_token') or mint_token('ops', 'ops-demo', ttl_seconds=604800)}""")
for m in data.get("merchants", [])[:1]:
    print(f"merchant key   {m['api_key']}   ({m.get('name')}, id {m.get('merchant_id')})")
print(f"credentials    {creds if data else '(not seeded)'}")
print(f"logs           {os.environ['LOGDIR']}/<process>.log   (follow them all: make logs)")
print("more tokens    .venv/bin/python -m services.mallctl token --role member --segments new_employment")
print("=====================================================================")
EOF
echo "READY" >"$RUN_DIR/ready"

if [ "$RUN_DETACH" = 1 ]; then
  log "running in the background (supervisord pid $(<"$PIDFILE")); stop with: deploy/run.sh stop"
  exit 0
fi
log "press Ctrl-C to stop the mall (infrastructure keeps running: deploy/infra.sh down)"
rc=0
wait "$(<"$PIDFILE")" || rc=$?
trap - INT TERM
rm -f "$PIDFILE" "$RUN_DIR/ready"
# supervisord ends on its own only when something stopped it from outside: say so.
[ "$rc" = 0 ] || { tail_log "$LOGFILE" 40; log "supervisord exited (status $rc)"; }
exit "$rc"
