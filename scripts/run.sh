#!/usr/bin/env bash
# THE run command: starts Azurite and ImageSearch (standalone mode, no Functions host needed), imports the demo
# catalog on first run, and stays in the foreground until Ctrl+C, which stops both.
#
#   scripts/run.sh [--port 7071] [--no-import]
#
# Data: Azurite keeps its files in .artifacts/azurite (delete it to start over); the app log is
# .artifacts/logs/app.log. Settings: ImageSearch.Functions/local.settings.json (created from
# local.settings.sample.json when missing).
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

port="${IMAGESEARCH_PORT:-7071}" import=1
while [ $# -gt 0 ]; do
  case "$1" in
    --port) port="${2:?--port needs a number}"; shift 2 ;;
    --no-import) import=0; shift ;;
    -h|--help) sed -n '2,9s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
done
base_url="http://127.0.0.1:$port"
if port_open "$port"; then die "port $port is already in use (is ImageSearch already running?); use --port N"; fi

ensure_tools_installed
stamps="$(ensure_demo_stamps "$ARTIFACTS_DIR/stamps")"

settings="ImageSearch.Functions/local.settings.json"
if [ ! -f "$settings" ]; then
  cp local.settings.sample.json "$settings"
  log "Created $settings from local.settings.sample.json"
fi
# A local.settings.json from before function keys has none: give this run one, so the import can send it.
if [ -z "${Standalone__FunctionKey:-}" ] && ! grep -q '"Standalone__FunctionKey"[[:space:]]*:[[:space:]]*"[^"]' "$settings"; then
  Standalone__FunctionKey="$(head -c 24 /dev/urandom | base64 | tr '+/' '-_')"
  export Standalone__FunctionKey
  log "No Standalone__FunctionKey in $settings: using a random one for this run"
fi

app_pgid=""
# shellcheck disable=SC2317 # called by the traps below
cleanup() {
  trap - EXIT INT TERM
  [ -z "$app_pgid" ] || stop_process_group "$app_pgid" "ImageSearch"
  stop_azurite
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Azurite on its default ports, so "UseDevelopmentStorage=true" works; elsewhere when they are taken.
blob=10000 queue=10001 table=10002
if port_open "$blob" || port_open "$queue" || port_open "$table"; then
  blob="$(free_port 20000)"; queue="$(free_port $((blob + 1)))"; table="$(free_port $((queue + 1)))"
  log "Ports 10000-10002 are in use; Azurite listens on $blob, $queue and $table instead"
  # Azurite's well-known development account (public, documented; not a secret).
  key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
  conn="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key"
  conn="$conn;BlobEndpoint=http://127.0.0.1:$blob/devstoreaccount1"
  conn="$conn;QueueEndpoint=http://127.0.0.1:$queue/devstoreaccount1"
  conn="$conn;TableEndpoint=http://127.0.0.1:$table/devstoreaccount1"
  export Storage__ConnectionString="$conn" AzureWebJobsStorage="$conn"
fi
start_azurite "$ARTIFACTS_DIR/azurite" "$blob" "$queue" "$table"

# The downloaded models, if scripts/download-models.sh fetched them (relative folders are under the app's bin folder,
# so the paths are absolute).
export Clip__ModelDirectory="${Clip__ModelDirectory:-$REPO_ROOT/models/downloaded/clip-vit-base-patch32}"
export Captioner__ModelDirectory="${Captioner__ModelDirectory:-$REPO_ROOT/models/downloaded/vit-gpt2-image-captioning}"
export QueryRewriter__ModelDirectory="${QueryRewriter__ModelDirectory:-$REPO_ROOT/models/downloaded/distilgpt2}"

log "Building ImageSearch (Release)..."
dotnet build ImageSearch.Functions -c Release --nologo -v quiet
app_dll="$(dotnet msbuild ImageSearch.Functions -nologo -getProperty:TargetPath -p:Configuration=Release)"
[ -f "$app_dll" ] || die "the build output is missing: $app_dll"

mkdir -p "$ARTIFACTS_DIR/logs"
app_log="$ARTIFACTS_DIR/logs/app.log"
log "Starting ImageSearch on $base_url (log: $app_log)"
# Not `dotnet run`: the Functions Worker SDK replaces the run command with `func start` (Azure Functions Core Tools),
# which cannot be installed here. So run the built app directly, from its output folder like `func start` would.
# setsid: its own process group, so cleanup stops the app and anything it started.
# Development, as under Core Tools: the sample's admin key is accepted only there.
(cd "$(dirname "$app_dll")" && AZURE_FUNCTIONS_ENVIRONMENT=Development exec setsid dotnet "$(basename "$app_dll")" --standalone --urls "$base_url") \
  >"$app_log" 2>&1 </dev/null &
app_pgid=$!

if ! wait_for_http "$base_url/api/health" 180 "$app_pgid"; then
  tail -n 30 "$app_log" >&2
  die "ImageSearch did not become healthy (full log: $app_log)"
fi

if [ "$import" -eq 1 ]; then
  health="$(curl -fsS "$base_url/api/health")"
  size="$(sed -n 's/.*"catalogSize"[[:space:]]*:[[:space:]]*\([0-9]*\).*/\1/p' <<<"$health")"
  if [ -z "$size" ]; then
    log "warning: /api/health does not report catalogSize; not importing the demo catalog"
  elif [ "$size" -eq 0 ]; then
    log "The catalog is empty: importing the demo images from $stamps"
    key_args=()
    [ -z "${Admin__ApiKey:-}" ] || key_args=(--admin-key "$Admin__ApiKey")
    [ -z "${Standalone__FunctionKey:-}" ] || key_args+=(--function-key "$Standalone__FunctionKey")
    # --restart: an empty catalog means storage started over; what an earlier run recorded as imported is gone.
    bash scripts/import-catalog.sh "$stamps" --api "$base_url" "${key_args[@]}" --restart \
      || log "warning: the demo import had failures (see above); ImageSearch keeps running"
  else
    log "The catalog holds $size images"
  fi
fi

echo "ImageSearch is running at $base_url/"
log "Press Ctrl+C to stop."
set +e
wait "$app_pgid"
code=$?
set -e
log "ImageSearch exited with code $code; last lines of $app_log:"
tail -n 20 "$app_log" >&2
exit "$code"
