#!/usr/bin/env bash
# Throwaway PostgreSQL cluster (Debian's server binaries) owned by this repo, on 127.0.0.1.
# Independent of Debian's own "main" cluster on 5432, which is neither used nor touched.
# Usage: deploy/postgres.sh install|start|stop|status|createdb NAME...
# Durable by default: a 201 must survive a crash (fsync and synchronous commits on).
# PG_DURABLE=0 trades that for speed on throwaway data; never for a benchmark or a rehearsal.
set -euo pipefail
export LOG_TAG=postgres  # used by log() in lib.sh
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PGPORT="${PGPORT:-5433}"
HOST=127.0.0.1
DEFAULT_DBS=(merchant catalog voucher gateway)
BIN=""; BASE=""; DATA=""

# highest installed major version wins
find_bin() { BIN=$(printf '%s\n' /usr/lib/postgresql/*/bin | grep -v '\*' | sort -V | tail -n 1 || true); }

install() {
  find_bin
  [ -n "$BIN" ] && [ -x "$BIN/initdb" ] && return 0
  apt_install_if_missing postgresql
  find_bin
  [ -x "$BIN/initdb" ] || die "no PostgreSQL server binaries under /usr/lib/postgresql"
}

# initdb/pg_ctl refuse to run as root: as root they run as the `postgres` OS user.
as_pg() { if is_root; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi; }

# Pick the cluster's base dir. As root it must be reachable by `postgres`; a repo below a
# 0700 directory (e.g. /root) is not, so fall back to /tmp.
resolve_dirs() {
  BASE="$MALL_VAR/postgres"
  if is_root; then
    id postgres >/dev/null 2>&1 || die "no 'postgres' OS user (run: $0 install)"
    mkdir -p "$BASE" && chown postgres:postgres "$BASE"
    if ! runuser -u postgres -- test -w "$BASE"; then
      BASE="/tmp/union-mall-pg-$(printf %s "$MALL_ROOT" | sha1sum | cut -c1-10)"
      [ -d "$BASE" ] || log "$MALL_VAR is not reachable for the postgres user; using $BASE instead"
      mkdir -p "$BASE" && chown postgres:postgres "$BASE" && chmod 0700 "$BASE"
    fi
  else
    mkdir -p "$BASE"
  fi
  DATA="$BASE/data"
  # unix socket paths are limited to ~107 bytes
  [ ${#BASE} -lt 90 ] || die "path too long for a unix socket: $BASE (set MALL_VAR shorter)"
}

running() { [ -f "$DATA/PG_VERSION" ] && as_pg "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; }
admin_psql() { "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$BASE" -p "$PGPORT" -U postgres -d postgres "$@"; }

init_cluster() {
  [ -f "$DATA/PG_VERSION" ] && return 0
  log "initdb $DATA"
  # trust is fine: the cluster is a throwaway and only listens on loopback.
  as_pg "$BIN/initdb" -D "$DATA" -U postgres --auth-local=trust --auth-host=trust \
    --encoding=UTF8 --locale=C >"$BASE/initdb.log"
  echo "include_if_exists = 'mall.conf'" >>"$DATA/postgresql.conf"
}

write_config() {
  # Rewritten on every start so PGPORT / paths follow the environment.
  cat >"$DATA/mall.conf" <<EOF
listen_addresses = '$HOST'
port = $PGPORT
unix_socket_directories = '$BASE'
max_connections = 200
EOF
  if [ "${PG_DURABLE:-1}" = 1 ]; then
    # A crash must not lose an acknowledged commit (the chaos run SIGKILLs this server).
    printf 'fsync = on\nsynchronous_commit = on\nfull_page_writes = on\n' >>"$DATA/mall.conf"
  else
    # throwaway dev/test data: speed over crash safety
    printf 'fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n' >>"$DATA/mall.conf"
  fi
  if is_root; then chown postgres:postgres "$DATA/mall.conf"; fi
}

create_dbs() {
  local db
  for db in "$@"; do
    [[ $db =~ ^[a-z_][a-z0-9_]*$ ]] || die "bad database name: $db"
    if [ -z "$(admin_psql -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")" ]; then
      log "create database $db"
      admin_psql -c "CREATE DATABASE $db OWNER mall"
    fi
  done
}

start() {
  install
  resolve_dirs
  if running; then
    log "already running on $HOST:$PGPORT ($DATA)"
  else
    port_open "$HOST" "$PGPORT" && die "port $PGPORT is busy, but not by our cluster"
    init_cluster
    write_config
    log "starting on $HOST:$PGPORT ($DATA)"
    as_pg "$BIN/pg_ctl" -D "$DATA" -l "$BASE/postgres.log" -w -t 60 start >/dev/null ||
      { tail_log "$BASE/postgres.log"; die "pg_ctl start failed"; }
  fi
  local i
  for ((i = 0; i < 60; i++)); do
    "$BIN/pg_isready" -q -h "$HOST" -p "$PGPORT" && break
    sleep 0.5
  done
  "$BIN/pg_isready" -q -h "$HOST" -p "$PGPORT" || { tail_log "$BASE/postgres.log"; die "not ready"; }
  # The app connects as mall/mall; superuser so tests and migrations can create what they need.
  admin_psql -c "DO \$\$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'mall') THEN
        CREATE ROLE mall LOGIN SUPERUSER CREATEDB PASSWORD 'mall';
      END IF; END \$\$"
  create_dbs "${DEFAULT_DBS[@]}"
}

stop() {
  find_bin
  [ -n "$BIN" ] || return 0
  is_root && ! id postgres >/dev/null 2>&1 && return 0
  resolve_dirs
  running || return 0
  log "stopping ($DATA)"
  as_pg "$BIN/pg_ctl" -D "$DATA" -m fast -w -t 30 stop >/dev/null ||
    as_pg "$BIN/pg_ctl" -D "$DATA" -m immediate -w -t 30 stop >/dev/null
}

status() {
  find_bin
  if [ -n "$BIN" ] && { ! is_root || id postgres >/dev/null 2>&1; } && resolve_dirs && running; then
    echo "postgres: running on $HOST:$PGPORT ($DATA)"
  else
    echo "postgres: stopped"; return 3
  fi
}

case "${1:-}" in
  install) install ;;
  start) start ;;
  stop) stop ;;
  status) status ;;
  createdb) shift; start; create_dbs "$@" ;;
  *) echo "usage: $0 install|start|stop|status|createdb NAME..." >&2; exit 2 ;;
esac
