#!/usr/bin/env bash
# Downloads the real-model tier listed in models/manifest.json into models/downloaded/<model>/<path> and verifies
# every file's SHA-256. Safe to rerun: verified files are skipped, interrupted downloads resume (curl -C -).
#
# A file whose manifest sha256 is null (no published hash was found) is never marked verified on its own: it is kept
# as <file>.unverified until you rerun with --trust-on-first-use, which records the hash it computed in
# models/downloaded/lock.json. Later runs then hold the file to that recorded hash.
#
# Needs bash, curl, sha256sum and jq (Debian: apt-get install curl coreutils jq).
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: scripts/download-models.sh [options] [MODEL...]

Downloads and verifies the model files of models/manifest.json (all models, or only the MODELs named:
clip-vit-base-patch32, vit-gpt2-image-captioning, distilgpt2).

Options:
  --trust-on-first-use  accept files that have no pinned sha256 and record the computed hash in lock.json
  --verify-only         download nothing; check the files already present
  --list                print the models and files of the manifest and exit
  --manifest FILE       manifest to read (default: models/manifest.json)
  --dest DIR            where files go (default: models/downloaded)
  -h, --help            this text

Exit status: 0 when every selected file is present and verified, 1 otherwise, 2 on bad usage or missing tools.
EOF
}

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
manifest="$root/models/manifest.json"
dest="$root/models/downloaded"
tofu=0
verify_only=0
list=0
models=()

while (($#)); do
  case "$1" in
    --trust-on-first-use) tofu=1 ;;
    --verify-only) verify_only=1 ;;
    --list) list=1 ;;
    --manifest) manifest="${2:?--manifest needs a file}"; shift ;;
    --dest) dest="${2:?--dest needs a directory}"; shift ;;
    -h | --help) usage; exit 0 ;;
    -*) echo "error: unknown option '$1'" >&2; usage >&2; exit 2 ;;
    *) models+=("$1") ;;
  esac
  shift
done

for tool in curl sha256sum jq; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "error: '$tool' is required (Debian/Ubuntu: apt-get install curl coreutils jq)" >&2
    exit 2
  fi
done
if [[ ! -f "$manifest" ]]; then
  echo "error: manifest '$manifest' not found" >&2
  exit 2
fi
if ! jq -e '.models | type == "array"' "$manifest" >/dev/null 2>&1; then
  echo "error: '$manifest' is not a manifest (no .models array)" >&2
  exit 2
fi

known="$(jq -r '.models[].name' "$manifest")"
for model in "${models[@]}"; do
  if ! grep -qxF -- "$model" <<<"$known"; then
    echo "error: no model '$model' in $manifest (known: $(tr '\n' ' ' <<<"$known"))" >&2
    exit 2
  fi
done
selected="$(printf '%s\n' "${models[@]}" | jq -R . | jq -s 'map(select(. != ""))')"

# model <TAB> path <TAB> url <TAB> sha256 (empty when null), for the selected models.
files="$(jq -r --argjson selected "$selected" '
  .models[] | select(($selected | length) == 0 or (.name as $n | $selected | index($n)))
  | .name as $model | .files[] | [$model, .path, .url, (.sha256 // "")] | @tsv' "$manifest")"

if ((list)); then
  printf '%s\n' "$files" | awk -F'\t' '{ printf "%-28s %-34s %s\n", $1, $2, ($4 == "" ? "sha256: none pinned" : "sha256: " substr($4, 1, 16) "...") }'
  exit 0
fi

mkdir -p "$dest"
lock="$dest/lock.json"

sha_of() { sha256sum -- "$1" | cut -d' ' -f1; }

lock_get() {
  [[ -f "$lock" ]] || return 0
  jq -r --arg key "$1" '.files[$key].sha256 // empty' "$lock"
}

# lock_put KEY SHA URL SOURCE: records a verified file; written to a temp file and renamed, so an interrupt keeps the old lock.
lock_put() {
  local current tmp
  current="$( [[ -f "$lock" ]] && cat "$lock" || echo '{"files": {}}')"
  tmp="$(mktemp "$dest/.lock.XXXXXX")"
  jq --arg key "$1" --arg sha "$2" --arg url "$3" --arg source "$4" --arg at "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    '.files[$key] = {sha256: $sha, url: $url, source: $source, recordedAt: $at}' <<<"$current" >"$tmp"
  mv -f -- "$tmp" "$lock"
}

ok=0
failed=0
pending=0

while IFS=$'\t' read -r model path url pinned; do
  [[ -n "$model" ]] || continue
  key="$model/$path"
  target="$dest/$key"
  part="$target.part"
  unverified="$target.unverified"
  expected="$pinned"
  origin="manifest"
  if [[ -z "$expected" ]]; then
    expected="$(lock_get "$key")"
    origin="lock.json (trust on first use)"
  fi
  mkdir -p "$(dirname "$target")"

  if [[ -f "$target" ]]; then
    actual="$(sha_of "$target")"
    if [[ -n "$expected" && "$actual" == "$expected" ]]; then
      echo "ok        $key (sha256 matches $origin)"
      ok=$((ok + 1))
      continue
    elif [[ -n "$expected" ]]; then
      echo "MISMATCH  $key: sha256 $actual, expected $expected from $origin." >&2
      echo "          The file is damaged or not the pinned version. Delete it (rm '$target') and rerun." >&2
      failed=$((failed + 1))
      continue
    fi
    # Present but never verified (copied by hand?): treat like a fresh download without a hash.
    mv -f -- "$target" "$unverified"
  fi

  if [[ ! -f "$unverified" ]]; then
    if ((verify_only)); then
      echo "MISSING   $key (run without --verify-only to download it)" >&2
      failed=$((failed + 1))
      continue
    fi
    echo "download  $key"
    echo "          from $url"
    rc=0
    curl --fail --location --retry 3 --retry-delay 2 --continue-at - --progress-bar --output "$part" -- "$url" || rc=$?
    if ((rc != 0)); then
      # A .part that is already complete makes the resume request fail (HTTP 416); accept it if it has the pinned hash.
      if [[ -n "$expected" && -f "$part" && "$(sha_of "$part")" == "$expected" ]]; then
        rc=0
      else
        echo "FAILED    $key: curl exit $rc for $url" >&2
        echo "          22 = HTTP error (404: the pinned revision or path is gone, update models/manifest.json)," >&2
        echo "          6/7/28 = network. Any partial data stays in $part; rerun to resume." >&2
        failed=$((failed + 1))
        continue
      fi
    fi
    actual="$(sha_of "$part")"
    if [[ -n "$expected" ]]; then
      if [[ "$actual" == "$expected" ]]; then
        mv -f -- "$part" "$target"
        lock_put "$key" "$actual" "$url" "$origin"
        echo "ok        $key (downloaded, sha256 matches $origin)"
        ok=$((ok + 1))
      else
        rm -f -- "$part"
        echo "MISMATCH  $key: downloaded sha256 $actual, expected $expected from $origin. Deleted." >&2
        echo "          Rerun once; if it persists the upstream file changed: check the revision in models/manifest.json." >&2
        failed=$((failed + 1))
      fi
      continue
    fi
    mv -f -- "$part" "$unverified"
  fi

  actual="$(sha_of "$unverified")"
  if ((tofu)); then
    mv -f -- "$unverified" "$target"
    lock_put "$key" "$actual" "$url" "trust-on-first-use"
    echo "recorded  $key: no pinned sha256; trusted on first use and recorded $actual in $lock"
    ok=$((ok + 1))
  else
    echo "UNVERIFIED $key: no pinned sha256 in the manifest; kept as $unverified (sha256 $actual)." >&2
    echo "          Rerun with --trust-on-first-use to accept it and record its hash in $lock." >&2
    pending=$((pending + 1))
  fi
done <<<"$files"

echo "summary: $ok verified, $pending waiting for --trust-on-first-use, $failed failed (files under $dest)"
if ((failed > 0 || pending > 0)); then
  exit 1
fi
