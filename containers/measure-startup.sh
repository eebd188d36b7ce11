#!/usr/bin/env bash
# Measures container start to ready: for each image, starts a container RUNS times (one at a time) as the manifests
# run it (1 CPU, 512 MiB, uid 10001, read-only root, /tmp and /data writable, no capabilities), polls
# /health/ready from the host every 50 ms, and prints one markdown row per image: the median milliseconds from the
# container's start (podman's StartedAt) to the first 200, the median CPU time the JVM had used by then, and every
# run's figures.
#
#   containers/measure-startup.sh KEYS_DIR KEY_ID IMAGE...      # RUNS=3 by default
#
# KEYS_DIR holds jwks.json and private-key.pem (the provider image's `keygen --out DIR --kid KEY_ID` writes both).
# An image whose name contains "invoice-app" is configured as invoice-app (its provider endpoint points nowhere:
# readiness does not depend on it), any other as payment-provider.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

(($# >= 3)) || die "usage: $0 KEYS_DIR KEY_ID IMAGE..."
keys="$(cd "$1" && pwd)" key_id=$2; shift 2
RUNS="${RUNS:-3}"
READY_TIMEOUT_S="${READY_TIMEOUT_S:-120}"
[[ -r $keys/jwks.json && -r $keys/private-key.pem ]] || die "$keys has no jwks.json and private-key.pem"

now_ms() { date +%s%3N; }
iso_to_ms() { date -d "$(sed -E 's/ \+0000 UTC$/Z/; s/ [A-Z]+$//' <<<"$1")" +%s%3N; }
median() { tr ' ' '\n' <<<"$*" | sort -n | awk '{v[NR]=$1} END{print v[int((NR+1)/2)]}'; }

name="payrail-startup-$$"
data=""
cleanup() {
  podman rm -f -t 2 "$name" >/dev/null 2>&1 || true
  [[ -n $data ]] && rm -rf "$data"
  return 0
}
trap cleanup EXIT

# run_once IMAGE: prints "READY_MS CPU_MS"
run_once() {
  local image=$1 port args
  data="$(mktemp -d "${TMPDIR:-/tmp}/payrail-startup-data.XXXXXX")"
  chmod 0777 "$data"   # like an emptyDir with fsGroup: writable by uid 10001
  if [[ $image == *invoice-app* ]]; then
    port=8000
    args=(-e PORT=8000 -e DATA_DIR=/data -e PAYMENT_PROVIDER_ENDPOINT=http://127.0.0.1:1
          -e AUTH_PRIVATE_KEY_FILE=/etc/payrail/auth/private-key.pem -e "AUTH_KEY_ID=$key_id"
          -e AUTH_ISSUER=invoice-app -e AUTH_SUBJECT=invoice-app
          -v "$keys/private-key.pem:/etc/payrail/auth/private-key.pem:ro")
  else
    port=9000
    args=(-e PORT=9000 -e DATA_DIR=/data -e AUTH_JWKS=/etc/payrail/auth/jwks.json -e AUTH_ISSUER=invoice-app
          -e AUTH_AUDIENCE=payment-provider -e AUTH_ALLOWED_SUBJECTS=invoice-app
          -v "$keys/jwks.json:/etc/payrail/auth/jwks.json:ro")
  fi
  podman run -d --name "$name" --read-only --tmpfs /tmp:rw,mode=1777 -v "$data:/data" \
    --cap-drop ALL --security-opt no-new-privileges --user 10001:10001 --memory 512m --cpus 1 \
    "${args[@]}" "$image" >/dev/null
  local ip deadline=$(($(now_ms) + READY_TIMEOUT_S * 1000))
  ip=$(podman inspect --format '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$name")
  until [[ $(curl -s -m 2 -o /dev/null -w '%{http_code}' "http://$ip:$port/health/ready" || true) == 200 ]]; do
    if [[ $(podman inspect --format '{{.State.Running}}' "$name") != true ]] || (($(now_ms) > deadline)); then
      podman logs --tail 20 "$name" >&2 || true
      die "$image did not become ready"
    fi
    sleep 0.05
  done
  local ready_at started pid ticks
  ready_at=$(now_ms)
  started=$(iso_to_ms "$(podman inspect --format '{{.State.StartedAt}}' "$name")")
  pid=$(podman inspect --format '{{.State.Pid}}' "$name")
  ticks=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  echo "$((ready_at - started)) $((ticks * 1000 / $(getconf CLK_TCK)))"
  cleanup
  data=""
}

echo "| image | size | start → ready, median of $RUNS (each run) | JVM CPU time to ready, median (each run) |"
echo "|---|---:|---|---|"
for image in "$@"; do
  ready=() cpu=()
  for ((i = 0; i < RUNS; i++)); do
    result="$(run_once "$image")" || exit 1
    read -r r c <<<"$result"
    ready+=("$r") cpu+=("$c")
  done
  size=$(podman image inspect --format '{{.Size}}' "$image")
  printf '| `%s` | %s | %s ms (%s) | %s ms (%s) |\n' "$image" "$(awk -v s="$size" 'BEGIN{printf "%.1f MB", s/1e6}')" \
    "$(median "${ready[@]}")" "${ready[*]}" "$(median "${cpu[@]}")" "${cpu[*]}"
done
echo
echo "Load average $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs, $(date -u '+%Y-%m-%d %H:%M') UTC; podman run --cpus 1 --memory 512m, polled every 50 ms."
