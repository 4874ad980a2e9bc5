#!/usr/bin/env bash
# Local infrastructure for development and CI: Kafka, Redis, PostgreSQL (no Docker).
# Usage: deploy/infra.sh up|down|status|env
#   eval "$(deploy/infra.sh env)"   # exports KAFKA_BOOTSTRAP, REDIS_URL, PG_ADMIN_URL
set -euo pipefail
export LOG_TAG=infra  # used by log() in lib.sh
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

KAFKA_PORT="${KAFKA_PORT:-9092}"
REDIS_PORT="${REDIS_PORT:-6390}"
PGPORT="${PGPORT:-5433}"
D="$MALL_DEPLOY"

case "${1:-}" in
  up)
    "$D/kafka.sh" install
    "$D/redis.sh" install
    "$D/postgres.sh" install
    "$D/kafka.sh" start
    "$D/redis.sh" start
    "$D/postgres.sh" start
    echo "kafka     127.0.0.1:$KAFKA_PORT"
    echo "redis     redis://127.0.0.1:$REDIS_PORT/0"
    echo "postgres  127.0.0.1:$PGPORT (user mall / password mall)"
    ;;
  down)
    # Try every component even if one fails, then report the failure.
    rc=0
    for c in kafka redis postgres; do "$D/$c.sh" stop || rc=1; done
    exit $rc
    ;;
  status)
    rc=0
    for c in kafka redis postgres; do "$D/$c.sh" status || rc=3; done
    exit $rc
    ;;
  env)
    echo "export KAFKA_BOOTSTRAP=127.0.0.1:$KAFKA_PORT"
    echo "export REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0"
    echo "export PG_ADMIN_URL=postgresql+psycopg://mall:mall@127.0.0.1:$PGPORT/postgres"
    ;;
  *) echo "usage: $0 up|down|status|env" >&2; exit 2 ;;
esac
