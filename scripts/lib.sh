# shellcheck shell=bash
# Shared helpers for scripts/*.sh. Source it (". scripts/lib.sh"); it defines functions and these variables:
#   REPO_ROOT      absolute path of the repository
#   ARTIFACTS_DIR  cache for downloads, emulator data, logs and test results (git-ignored)
#   AZURITE_BIN    the pinned Azurite from tools/package-lock.json
# Messages go to stderr so that functions can return values on stdout.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck disable=SC2034 # used by the scripts that source this file
ARTIFACTS_DIR="$REPO_ROOT/.artifacts"
AZURITE_BIN="$REPO_ROOT/tools/node_modules/.bin/azurite"
AZURITE_PID=""

log() { printf '%s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Runs a command as root: directly when we are root, else through sudo.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# True when something accepts TCP connections on 127.0.0.1:<port>.
port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Prints the first port >= <start> on which nothing listens.
free_port() {
  local port=$1
  while port_open "$port"; do port=$((port + 1)); done
  echo "$port"
}

# Waits until <url> answers 2xx, at most <seconds>; optional <pid> aborts the wait early when that process dies.
wait_for_http() {
  local url=$1 seconds=$2 pid=${3:-} deadline=$((SECONDS + $2))
  until curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; do
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
      log "process $pid exited while waiting for $url"
      return 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      log "no answer from $url after ${seconds}s"
      return 1
    fi
    sleep 0.5
  done
}

# Installs tools/package.json's pinned npm tools (npm ci) unless all are there: Azurite, and for the API contract checks
# the TypeScript compiler, openapi-typescript and Redocly's linter.
ensure_tools_installed() {
  local modules="$REPO_ROOT/tools/node_modules" missing=""
  for tool in "$AZURITE_BIN" "$modules/.bin/tsc" "$modules/.bin/openapi-typescript" "$modules/@redocly/openapi-core/package.json"; do
    [ -e "$tool" ] || missing="$tool"
  done
  if [ -n "$missing" ]; then
    log "Installing the tools of tools/package.json into tools/node_modules (npm ci)..."
    # --loglevel=error: Azurite 3.37 declares node >= 22 and npm warns at length; it works on node 20 (checked).
    npm ci --prefix "$REPO_ROOT/tools" --no-audit --no-fund --loglevel=error >&2 || die "npm ci in tools/ failed"
  fi
  [ -x "$AZURITE_BIN" ] || die "Azurite is missing after npm ci: $AZURITE_BIN"
}

# start_azurite <dir> <blobPort> <queuePort> <tablePort>
# Starts Azurite in the background with its data in <dir>, waits (max ~20 s) until all three ports answer and
# writes the pid to <dir>/azurite.pid (also kept in AZURITE_PID). Output goes to <dir>/azurite.log.
start_azurite() {
  local dir=$1 blob=$2 queue=$3 table=$4 port
  for port in "$blob" "$queue" "$table"; do
    if port_open "$port"; then die "port $port is already in use; cannot start Azurite there"; fi
  done
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  # setsid: its own process group, so a Ctrl+C in the terminal reaches the caller's trap, not Azurite directly.
  setsid "$AZURITE_BIN" --disableTelemetry --skipApiVersionCheck --loose --location "$dir" \
    --blobHost 127.0.0.1 --blobPort "$blob" \
    --queueHost 127.0.0.1 --queuePort "$queue" \
    --tableHost 127.0.0.1 --tablePort "$table" \
    >"$dir/azurite.log" 2>&1 </dev/null &
  AZURITE_PID=$!
  echo "$AZURITE_PID" >"$dir/azurite.pid"
  AZURITE_PID_FILE="$dir/azurite.pid"

  local deadline=$((SECONDS + 20))
  for port in "$blob" "$queue" "$table"; do
    until port_open "$port"; do
      if ! kill -0 "$AZURITE_PID" 2>/dev/null; then
        tail -n 20 "$dir/azurite.log" >&2
        die "Azurite exited during start-up (log: $dir/azurite.log)"
      fi
      if [ "$SECONDS" -ge "$deadline" ]; then
        stop_azurite
        die "Azurite did not open port $port within 20 s (log: $dir/azurite.log)"
      fi
      sleep 0.2
    done
  done
  log "Azurite is listening on 127.0.0.1:$blob (blob), :$queue (queue), :$table (table); pid $AZURITE_PID"
}

# Stops the Azurite started by start_azurite (SIGTERM, then SIGKILL after 10 s).
stop_azurite() {
  local pid=${AZURITE_PID:-}
  if [ -z "$pid" ] && [ -n "${AZURITE_PID_FILE:-}" ] && [ -f "$AZURITE_PID_FILE" ]; then
    pid=$(cat "$AZURITE_PID_FILE")
  fi
  [ -n "$pid" ] || return 0
  stop_pid "$pid" "Azurite"
  [ -n "${AZURITE_PID_FILE:-}" ] && rm -f "$AZURITE_PID_FILE"
  AZURITE_PID=""
}

# stop_pid <pid> <name>: SIGTERM, wait up to 10 s, then SIGKILL. Only for processes this script started.
stop_pid() {
  local pid=$1 name=$2
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || { log "$name stopped"; return 0; }
    sleep 0.2
  done
  log "$name did not stop within 10 s; killing it"
  kill -KILL "$pid" 2>/dev/null || true
}

# stop_process_group <pgid> <name>: like stop_pid for a whole process group started with setsid (e.g. `dotnet run`
# and the app it launches).
stop_process_group() {
  local pgid=$1 name=$2
  kill -0 -- "-$pgid" 2>/dev/null || return 0
  kill -TERM -- "-$pgid" 2>/dev/null || true
  for _ in $(seq 1 50); do
    kill -0 -- "-$pgid" 2>/dev/null || { log "$name stopped"; return 0; }
    sleep 0.2
  done
  log "$name did not stop within 10 s; killing it"
  kill -KILL -- "-$pgid" 2>/dev/null || true
}

# Installs Chromium from Debian when /usr/bin/chromium is missing (the browser tests use it).
ensure_chromium() {
  [ -x /usr/bin/chromium ] && return 0
  log "Installing chromium (apt)..."
  as_root apt-get update >&2 || die "apt-get update failed"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium >&2 \
    || die "apt-get install chromium failed"
  [ -x /usr/bin/chromium ] || die "chromium is not at /usr/bin/chromium after installing it"
}

# ensure_demo_stamps <dir>: extracts Debian's tuxpaint-stamps-default (photo cut-outs with one-line descriptions,
# GPL-2) into <dir> unless already there, and prints the stamps folder (<dir>/usr/share/tuxpaint/stamps).
ensure_demo_stamps() {
  local dir=$1 stamps
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  stamps="$dir/usr/share/tuxpaint/stamps"
  if [ ! -d "$stamps" ]; then
    log "Downloading the demo images (Debian package tuxpaint-stamps-default, ~160 MB)..."
    local tmp deb
    tmp="$(mktemp -d "$dir/.download.XXXXXX")"
    # apt-get download run as root hands the download to the unprivileged _apt user, which cannot write to our
    # private temp dir and prints a warning; as root we tell apt to keep the download as root instead.
    local -a apt_opts=()
    [ "$(id -u)" -eq 0 ] && apt_opts=(-o APT::Sandbox::User=root)
    if ! (cd "$tmp" && apt-get "${apt_opts[@]}" download tuxpaint-stamps-default >&2); then
      log "apt-get download failed; refreshing the package lists and retrying"
      as_root apt-get update >&2 || { rm -rf "$tmp"; die "apt-get update failed"; }
      (cd "$tmp" && apt-get "${apt_opts[@]}" download tuxpaint-stamps-default >&2) \
        || { rm -rf "$tmp"; die "apt-get download tuxpaint-stamps-default failed"; }
    fi
    deb="$(find "$tmp" -maxdepth 1 -name 'tuxpaint-stamps-default_*.deb' | head -n 1)"
    [ -n "$deb" ] || { rm -rf "$tmp"; die "the downloaded .deb is missing in $tmp"; }
    # Extract next to the download and move into place last, so an interrupted run never looks complete.
    dpkg -x "$deb" "$tmp/root" || { rm -rf "$tmp"; die "dpkg -x $deb failed"; }
    rm -rf "${dir:?}/usr"
    mv "$tmp/root/usr" "$dir/usr"
    rm -rf "$tmp"
    [ -d "$stamps" ] || die "the package did not contain usr/share/tuxpaint/stamps"
  fi
  echo "$stamps"
}
