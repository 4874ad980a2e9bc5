#!/usr/bin/env bash
# Throwaway Redis (Debian's redis-server) run by us, not by systemd. No persistence.
# Usage: deploy/redis.sh install|start|stop|status
set -euo pipefail
export LOG_TAG=redis  # used by log() in lib.sh
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

REDIS_PORT="${REDIS_PORT:-6390}"
HOST=127.0.0.1
DIR="$MALL_VAR/redis"
PIDFILE="$DIR/redis.pid"

cli() { redis-cli -h "$HOST" -p "$REDIS_PORT" "$@"; }
running() { pid_alive "$PIDFILE" redis-server; }

install() {
  command -v redis-server >/dev/null && command -v redis-cli >/dev/null && return 0
  apt_install_if_missing redis-server redis-tools
}

start() {
  if running; then log "already running (pid $(<"$PIDFILE")) on $HOST:$REDIS_PORT"; return 0; fi
  rm -f "$PIDFILE"
  install
  port_open "$HOST" "$REDIS_PORT" && die "port $REDIS_PORT is busy, but not by our redis"
  mkdir -p "$DIR"
  log "starting on $HOST:$REDIS_PORT"
  redis-server --bind "$HOST" --port "$REDIS_PORT" --daemonize yes \
    --pidfile "$PIDFILE" --dir "$DIR" --logfile "$DIR/redis.log" \
    --save '' --appendonly no
  local i
  for ((i = 0; i < 60; i++)); do   # ~30 s
    [ "$(cli ping 2>/dev/null)" = PONG ] && { log "started (pid $(<"$PIDFILE"))"; return 0; }
    sleep 0.5
  done
  tail_log "$DIR/redis.log"
  die "redis did not answer PING within 30 s"
}

stop() {
  running || { rm -f "$PIDFILE"; return 0; }
  log "stopping (pid $(<"$PIDFILE"))"
  cli shutdown nosave >/dev/null 2>&1 || true
  stop_pid "$PIDFILE" 10   # waits for the exit, or forces it if SHUTDOWN failed
}

status() {
  if running; then echo "redis: running pid $(<"$PIDFILE") on $HOST:$REDIS_PORT"
  else echo "redis: stopped"; return 3; fi
}

case "${1:-}" in
  install) install ;;
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 install|start|stop|status" >&2; exit 2 ;;
esac
