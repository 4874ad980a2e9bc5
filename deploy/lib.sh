# shellcheck shell=bash
# Common helpers for the deploy/*.sh scripts. Source it, don't run it.
# Everything is derived from this file's location so a fresh clone works anywhere.

MALL_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
MALL_DEPLOY="$MALL_ROOT/deploy"
MALL_VAR="${MALL_VAR:-$MALL_ROOT/var}"        # runtime state (git-ignored)
MALL_CACHE="${MALL_CACHE:-$MALL_ROOT/.cache}"  # downloads (git-ignored)
mkdir -p "$MALL_VAR" "$MALL_CACHE"
MALL_VAR="$(cd "$MALL_VAR" && pwd -P)"
MALL_CACHE="$(cd "$MALL_CACHE" && pwd -P)"
export MALL_ROOT MALL_DEPLOY MALL_VAR MALL_CACHE

# Logging goes to stderr so stdout stays clean for `infra.sh env` and friends.
log()  { printf '[%s] %s\n' "${LOG_TAG:-deploy}" "$*" >&2; }
die()  { log "ERROR: $*"; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }

# True when something accepts TCP connections on host:port (bash /dev/tcp, no nc needed).
port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# wait_for_port host port timeout_seconds
wait_for_port() {
  local host=$1 port=$2 timeout=${3:-30} i
  for ((i = 0; i < timeout * 2; i++)); do
    port_open "$host" "$port" && return 0
    sleep 0.5
  done
  return 1
}

# proc_alive PID: the process exists and is not a zombie (an exited daemon whose parent, PID 1,
# has not reaped it yet still answers kill -0).
proc_alive() {
  local state
  state=$(sed 's/.*) //; s/ .*//' "/proc/$1/stat" 2>/dev/null) || return 1
  [ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ]
}

# pid_alive PIDFILE [cmdline-substring]: the pid in the file runs (and is the expected program,
# so a recycled pid is not mistaken for ours).
pid_alive() {
  local pidfile=$1 match=${2:-} pid
  [ -s "$pidfile" ] || return 1
  pid=$(<"$pidfile")
  proc_alive "$pid" || return 1
  [ -z "$match" ] || tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$match"
}

# stop_pid PIDFILE [timeout]: SIGTERM, wait, then SIGKILL; always removes the pid file.
stop_pid() {
  local pidfile=$1 timeout=${2:-30} pid i
  [ -s "$pidfile" ] || { rm -f "$pidfile"; return 0; }
  pid=$(<"$pidfile")
  if proc_alive "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < timeout * 2; i++)); do
      proc_alive "$pid" || break
      sleep 0.5
    done
    if proc_alive "$pid"; then
      log "pid $pid ignored SIGTERM for ${timeout}s, sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.5
    fi
  fi
  rm -f "$pidfile"
}

# apt_install_if_missing PKG...: installs only packages dpkg doesn't know as installed.
# `apt-get update` runs once (a stamp younger than an hour skips it, so infra.sh's sub-scripts
# share it); the dpkg lock is waited for, not failed on (another apt run may be in progress).
apt_install_if_missing() {
  local missing=() p sudo=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! is_root; then
    if ! { command -v sudo >/dev/null && sudo -n true 2>/dev/null; }; then
      die "need root to install: ${missing[*]} (run: sudo apt-get install ${missing[*]})"
    fi
    sudo=(sudo -n)
  fi
  command -v apt-get >/dev/null || die "no apt-get; install manually: ${missing[*]}"
  local apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 -q)
  local stamp="$MALL_VAR/.apt-updated"
  if [ -z "$(find "$stamp" -mmin -60 2>/dev/null)" ]; then
    log "apt-get update"
    "${apt[@]}" update >&2
    touch "$stamp"
  fi
  log "apt-get install ${missing[*]}"
  "${apt[@]}" install -y --no-install-recommends "${missing[@]}" >&2
}

# tail_log FILE [lines]: show the end of a log on stderr (used when something fails to start).
tail_log() { [ -f "$1" ] && { log "--- last lines of $1 ---"; tail -n "${2:-40}" "$1" >&2; }; return 0; }
