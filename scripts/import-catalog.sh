#!/usr/bin/env bash
# Imports a folder of images into the ImageSearch catalog through POST /api/catalog/batches, many images per request.
#
#   scripts/import-catalog.sh <folder> [--api http://127.0.0.1:7071] [--admin-key KEY] [--function-key KEY]
#                             [--batch 16] [--batch-megabytes 20] [--jobs 2] [--dry-run] [--state FILE] [--restart]
#
# Folder format (Debian's tuxpaint stamps use it): image files (png, jpg, jpeg, webp, gif, bmp) anywhere below
# <folder>, each optionally with a sidecar <name>.txt whose first line is the description (later lines are ignored).
#   title       = file name without extension, '_' and '-' turned into spaces
#   description = the sidecar's first line; empty without a sidecar (the CLIP tier ranks such images by their pixels)
#   category    = first directory below <folder>
#   tags        = all directories below <folder>, comma-separated (animals/marsupials/koala.png -> animals,marsupials)
# Skipped: any symbols/ directory, *_mirror.* files.
# Batches: up to --batch images (at most the server's Catalog__MaxBatchImages, 32 by default) and --batch-megabytes of
# files (under Catalog__MaxBatchMegabytes, 24 by default) per request; --jobs batches in flight at once (two keep both
# cores of a 2-core instance busy: one batch is stored while the other is in the models). One image the
# server rejects (corrupt, not an image) is reported and the rest of its batch is imported.
# Resumable: every imported file is recorded in a state file (default .artifacts/import-state/<folder+api hash>.done);
# a later run skips what is recorded there, so after a failure or Ctrl+C the same command picks up where it stopped.
# --restart forgets the record and imports everything again.
# The admin key defaults to $IMAGESEARCH_ADMIN_KEY, else Admin__ApiKey in ImageSearch.Functions/local.settings.json.
# The function key (sent as x-functions-key; the Functions host and standalone mode require it) defaults to
# $IMAGESEARCH_FUNCTION_KEY, else Standalone__FunctionKey in local.settings.json. For Azure pass a key of the function
# app (az functionapp keys list).
# --dry-run prints what would be sent (tab-separated: title, file, category, tags, description; '-' when empty)
# and sends nothing.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() { sed -n '2,26s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2; exit 2; }

folder="" api="http://127.0.0.1:7071" admin_key="${IMAGESEARCH_ADMIN_KEY:-}"
function_key="${IMAGESEARCH_FUNCTION_KEY:-}" jobs=2 batch=16 batch_mb=20 dry_run=0 state="" restart=0
while [ $# -gt 0 ]; do
  case "$1" in
    --api) api="${2:?--api needs a URL}"; shift 2 ;;
    --admin-key) admin_key="${2:?--admin-key needs a value}"; shift 2 ;;
    --function-key) function_key="${2:?--function-key needs a value}"; shift 2 ;;
    --jobs) jobs="${2:?--jobs needs a number}"; shift 2 ;;
    --batch) batch="${2:?--batch needs a number}"; shift 2 ;;
    --batch-megabytes) batch_mb="${2:?--batch-megabytes needs a number}"; shift 2 ;;
    --dry-run) dry_run=1; shift ;;
    --state) state="${2:?--state needs a file}"; shift 2 ;;
    --restart) restart=1; shift ;;
    -h|--help) usage ;;
    -*) log "unknown option: $1"; usage ;;
    *) [ -z "$folder" ] || usage; folder="$1"; shift ;;
  esac
done
[ -n "$folder" ] || usage
for n in "$jobs" "$batch" "$batch_mb"; do [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "--jobs, --batch and --batch-megabytes need a positive number"; done
[ -d "$folder" ] || die "not a folder: $folder"
folder="$(cd "$folder" && pwd)"
api="${api%/}"

setting() {  # setting <name>: its value in local.settings.json, empty when absent
  local settings="$REPO_ROOT/ImageSearch.Functions/local.settings.json"
  [ -f "$settings" ] || return 0
  sed -n "s/.*\"$1\"[[:space:]]*:[[:space:]]*\"\([^\"]*\)\".*/\1/p" "$settings" | head -n 1
}
[ -n "$admin_key" ] || admin_key="$(setting Admin__ApiKey)"
[ -n "$function_key" ] || function_key="$(setting Standalone__FunctionKey)"
if [ -z "$admin_key" ] && [ "$dry_run" -eq 0 ]; then
  die "no admin key: pass --admin-key, set IMAGESEARCH_ADMIN_KEY or Admin__ApiKey in ImageSearch.Functions/local.settings.json"
fi

# --- the record of what is imported already (resume) ----------------------------------------------------------------
if [ -z "$state" ]; then
  state="$ARTIFACTS_DIR/import-state/$(printf '%s %s' "$folder" "$api" | sha1sum | cut -c1-16).done"
fi
mkdir -p "$(dirname "$state")"
[ "$restart" -eq 0 ] || rm -f "$state"
declare -A done_before=()
if [ -f "$state" ]; then
  while IFS= read -r rel; do done_before["$rel"]=1; done <"$state"
fi

# --- collect the images ----------------------------------------------------------------------------------------
files=()
skipped=0 resumed=0
while IFS= read -r -d '' file; do
  case "${file##*/}" in *_mirror.*) skipped=$((skipped + 1)); continue ;; esac
  if [ -n "${done_before["${file#"$folder"/}"]:-}" ]; then resumed=$((resumed + 1)); continue; fi
  files+=("$file")
done < <(find "$folder" -type d -name symbols -prune -o -type f \
  \( -iname '*.png' -o -iname '*.jpg' -o -iname '*.jpeg' -o -iname '*.webp' -o -iname '*.gif' -o -iname '*.bmp' \) \
  -print0 | sort -z)
total=${#files[@]}
if [ "$total" -eq 0 ]; then
  [ "$resumed" -gt 0 ] || die "no images in $folder"
  log "Nothing to do: all $resumed images of $folder are recorded as imported in $state (--restart imports them again)"
  exit 0
fi

if [ "$dry_run" -eq 0 ]; then
  curl -fsS -o /dev/null --max-time 5 "$api/api/health" || die "the API does not answer at $api/api/health"
fi

# --- one batch: runs in an xargs worker; prints one line per image "ok|fail|stopped<TAB>title<TAB>detail" --------------
describe() { # <file>: sets rel title description category tags mime of the image, as the header says
  local file=$1 name dir ext
  rel="${file#"$IMPORT_ROOT"/}"
  name="${rel##*/}"
  title="${name%.*}"; title="${title//[_-]/ }"
  dir=""; [ "$rel" != "$name" ] && dir="${rel%/*}"
  category="${dir%%/*}"
  tags="${dir//\//,}"
  description=""
  [ ! -f "${file%.*}.txt" ] || IFS= read -r description <"${file%.*}.txt" || true
  description="${description%$'\r'}"
  ext="${name##*.}"; ext="${ext,,}"
  case "$ext" in jpg|jpeg) mime=image/jpeg ;; *) mime="image/$ext" ;; esac
}

import_batch() { # <list>: a file naming the batch's images, NUL-separated
  local files=() titles=() rels=() args=() i file quoted rel title description category tags mime
  mapfile -d '' files <"$1"
  for i in "${!files[@]}"; do
    file="${files[$i]}"
    describe "$file"
    titles+=("$title"); rels+=("$rel")
    if [ "$IMPORT_DRY_RUN" -eq 1 ]; then
      printf 'ok\t%s\t%s\t%s\t%s\t%s\n' "$title" "$rel" "${category:--}" "${tags:--}" "${description:--}"
      continue
    fi
    quoted="${file//\\/\\\\}"; quoted="${quoted//\"/\\\"}"   # curl -F file names: quote, escape \ and "
    # --form-string for text so a value starting with @ or < is sent verbatim instead of read from a file.
    args+=(-F "items[$i].image=@\"$quoted\";type=$mime" --form-string "items[$i].title=$title"
           --form-string "items[$i].description=$description" --form-string "items[$i].tags=$tags"
           --form-string "items[$i].category=$category")
  done
  [ "$IMPORT_DRY_RUN" -eq 0 ] || return 0
  if [ -e "$IMPORT_STOP_FILE" ]; then
    printf 'stopped\t%s\n' "${titles[@]}"
    return 0
  fi

  local body status
  body="$(mktemp)"
  status="$(curl -sS -o "$body" -w '%{http_code}' --max-time 600 -X POST \
    -H "X-Admin-Key: $IMPORT_ADMIN_KEY" \
    ${IMPORT_FUNCTION_KEY:+-H "x-functions-key: $IMPORT_FUNCTION_KEY"} \
    "${args[@]}" "$IMPORT_API/api/catalog/batches" 2>&1)" || status="curl: ${status##*curl: }"
  if [[ "$status" == 2?? ]]; then
    # The answer lists each image by index: {"index":i,"status":"imported",...} or
    # {"index":i,"status":"rejected","item":null,"problem":{...,"detail":"..."}}.
    # Parsed with bash's own regex matching: no process per image (forks take CPU from the server on a small machine).
    local -A result=() reason=()
    local match idx done_lines="" item_re='^\{"index":([0-9]+),"status":"([a-z]+)"' reason_re='"status":([0-9]+),"detail":"(.*)"\}$'
    while IFS= read -r match; do
      [[ "$match" =~ $item_re ]] || continue
      idx="${BASH_REMATCH[1]}"; result[$idx]="${BASH_REMATCH[2]}"
      if [[ "$match" =~ $reason_re ]]; then reason[$idx]="${BASH_REMATCH[1]} ${BASH_REMATCH[2]}"; fi
    done < <(grep -oE '\{"index":[0-9]+,"status":"(imported|rejected)"(,"item":null,"problem":\{[^}]*\})?' "$body")
    for i in "${!files[@]}"; do
      if [ "${result[$i]:-}" = imported ]; then
        done_lines+="${rels[$i]}"$'\n'
        printf 'ok\t%s\n' "${titles[$i]}"
      else
        printf 'fail\t%s\t%s (%s)\n' "${titles[$i]}" "${reason[$i]:-no answer for this image}" "${rels[$i]}"
      fi
    done
    # One append per batch: whole lines even from parallel workers.
    [ -z "$done_lines" ] || printf '%s' "$done_lines" >>"$IMPORT_STATE"
  else
    # Every later request would fail the same way: tell the other workers to stop.
    case "$status" in 401|403|curl:*) : >"$IMPORT_STOP_FILE" ;; esac
    local detail
    detail="$(sed -n 's/.*"detail"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' "$body" | head -n 1)"
    [ -n "$detail" ] || detail="$(head -c 200 "$body" | tr '\n' ' ')"
    [ "$status" != 401 ] || detail="no valid function key: pass --function-key or set IMAGESEARCH_FUNCTION_KEY"
    for i in "${!files[@]}"; do
      printf 'fail\t%s\t%s %s (%s)\n' "${titles[$i]}" "$status" "$detail" "${rels[$i]}"
    done
  fi
  rm -f "$body"
}
export -f describe import_batch
work="$(mktemp -d "${TMPDIR:-/tmp}/import-catalog.XXXXXX")"
stop_file="$work/stop"
trap 'rm -rf "$work"' EXIT
export IMPORT_ROOT="$folder" IMPORT_API="$api" IMPORT_ADMIN_KEY="$admin_key" IMPORT_FUNCTION_KEY="$function_key" IMPORT_DRY_RUN="$dry_run"
export IMPORT_STOP_FILE="$stop_file" IMPORT_STATE="$state"

# --- the batches: at most $batch images and $batch_mb MiB of files each (a larger file goes alone) -------------------
batches=0 in_batch=0 batch_bytes=0 limit_bytes=$((batch_mb * 1024 * 1024))
mapfile -t sizes < <(printf '%s\0' "${files[@]}" | xargs -0 stat -c %s -- 2>/dev/null)   # one stat for all files
[ "${#sizes[@]}" -eq "$total" ] || sizes=()   # a file vanished meanwhile: size each one on its own below
for f in "${!files[@]}"; do
  file="${files[$f]}" size="${sizes[$f]:-$(stat -c %s "${files[$f]}" 2>/dev/null || echo 0)}"
  if [ "$in_batch" -gt 0 ] && { [ "$in_batch" -ge "$batch" ] || [ $((batch_bytes + size)) -gt "$limit_bytes" ]; }; then
    in_batch=0 batch_bytes=0
  fi
  [ "$in_batch" -gt 0 ] || batches=$((batches + 1))
  printf '%s\0' "$file" >>"$work/$(printf 'batch-%06d' "$batches")"
  in_batch=$((in_batch + 1)) batch_bytes=$((batch_bytes + size))
done

# --- progress bar on stderr: redrawn in place on a terminal, one line per 10 % otherwise (CI logs) ---------------
tty=0; [ -t 2 ] && tty=1
last_decile=-1
progress() { # <count> <label>
  local count=$1 label=$2 width=30 filled bar
  filled=$((count * width / total))
  printf -v bar '%*s' "$filled" ''; bar="${bar// /#}"
  printf -v bar '%s%*s' "$bar" $((width - filled)) ''; bar="${bar// /.}"
  if [ "$tty" -eq 1 ]; then
    printf '\r\033[K[%s] %d/%d %s' "$bar" "$count" "$total" "${label:0:40}" >&2
  elif [ $((count * 10 / total)) -ne "$last_decile" ]; then
    last_decile=$((count * 10 / total))
    printf '[%s] %d/%d %s\n' "$bar" "$count" "$total" "$label" >&2
  fi
}

log "Importing $total images from $folder into $api ($resumed imported before and skipped, $skipped mirrored skipped; $batches batches of up to $batch, $jobs in parallel)"
start_ns=$(date +%s%N)
imported=0 failed=0 stopped=0 done_count=0
progress 0 ""
# shellcheck disable=SC2016 # the worker's $1 expands in the worker shell
while IFS=$'\t' read -r result title rest; do
  done_count=$((done_count + 1))
  if [ "$result" = stopped ]; then
    stopped=$((stopped + 1))
  elif [ "$result" = ok ]; then
    imported=$((imported + 1))
    [ "$dry_run" -eq 1 ] && printf '%s\t%s\n' "$title" "$rest"
  else
    failed=$((failed + 1))
    [ "$tty" -eq 1 ] && printf '\r\033[K' >&2
    log "failed: $title: $rest"
  fi
  progress "$done_count" "$title"
done < <(printf '%s\0' "$work"/batch-* | xargs -0 -n 1 -P "$jobs" bash -c 'import_batch "$1"' import_batch)
[ "$tty" -eq 1 ] && printf '\n' >&2

elapsed_ms=$((($(date +%s%N) - start_ns) / 1000000))
rate="$(awk -v n="$imported" -v ms="$elapsed_ms" 'BEGIN { printf "%.1f", (ms > 0 ? n * 1000 / ms : 0) }')"
seconds="$(awk -v ms="$elapsed_ms" 'BEGIN { printf "%.1f", ms / 1000 }')"
verb=imported; [ "$dry_run" -eq 1 ] && verb="would import"
log "Done: $verb $imported, failed $failed, skipped $skipped, imported before $resumed in ${seconds} s ($rate images/s)"
if [ "$stopped" -gt 0 ]; then
  log "Stopped early after an authorization or connection failure; $stopped images were not sent."
fi
[ "$failed" -eq 0 ] && [ "$stopped" -eq 0 ]
