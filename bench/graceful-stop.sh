#!/usr/bin/env bash
# Graceful stop of the payment provider, measured: the time from SIGTERM to the process's exit, N times idle and N
# times under wrk load (64 connections of POST /v1/charges with new keys, authentication on as in
# provider-bench.sh), after a warm-up. Every answer under load must be 201 or 503 (a clean close of a kept-alive
# connection); wrk's socket errors (connections closed or refused once the listener is gone) are shown apart.
# Loopback only, SQLite in a temporary directory, a fresh provider per stop.
#
#   bench/graceful-stop.sh [REPEATS=5] [CONNECTIONS=64]
#
# Variables: STOP_WARMUP (5, seconds of load before SIGTERM), SHUTDOWN_TIMEOUT_MS (the provider's default when
# unset). Needs the provider's fat jar (built here if missing) and wrk (installed from Debian apt if missing).
set -euo pipefail

REPEATS="${1:-5}"
CONNECTIONS="${2:-64}"
WARMUP="${STOP_WARMUP:-5}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
JAR="$ROOT/payment-provider-server/target/payment-provider-server.jar"

if [[ ! -f "$JAR" ]]; then
  echo "== building the provider jar" >&2
  (cd "$ROOT" && ./mvnw -B -q -pl payment-api,payment-provider-server -am package -DskipTests)
fi
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
ensure_wrk

WORK="$(mktemp -d)"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

BENCH_TOKEN="$(mint_bench_token "$WORK/keys")"
export BENCH_TOKEN

now_ns() { date +%s%N; }

start_provider() { # run -> sets PID and PORT
  DATA_DIR="$WORK/data-$1" PORT=0 BIND_ADDRESS=127.0.0.1 SUCCESS_RATE=0.5 AUTH_JWKS="$WORK/keys/jwks.json" \
    AUTH_ISSUER=invoice-app AUTH_ALLOWED_SUBJECTS=invoice-app java -jar "$JAR" > "$WORK/provider-$1.log" 2>&1 &
  PID=$!
  PIDS+=("$PID")
  PORT="$(wait_for_line "$WORK/provider-$1.log" 'listening on 127\.0\.0\.1:[0-9]+')"
  curl -fsS --max-time 5 "http://127.0.0.1:$PORT/health/ready" >/dev/null
}

stop() { # pid -> sets STOP_MS (SIGTERM to exit) and STOP_STATUS; not in a subshell: only the parent can wait
  local t0
  STOP_STATUS=0
  t0="$(now_ns)"
  kill -TERM "$1"
  wait "$1" || STOP_STATUS=$?
  STOP_MS=$(( ($(now_ns) - t0) / 1000000 ))
}

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
idle=() loaded=() bad=0 exits=""
for i in $(seq 1 "$REPEATS"); do
  start_provider "idle-$i"
  sleep 1
  stop "$PID"
  idle+=("$STOP_MS")
  exits+="$STOP_STATUS "
done
for i in $(seq 1 "$REPEATS"); do
  start_provider "load-$i"
  # Bounded: wrk ends on its own after WARMUP + 60 s even if the stop hung.
  (cd "$ROOT" && exec wrk -t2 -c"$CONNECTIONS" -d"$((WARMUP + 60))s" -s bench/graceful-stop.lua \
    "http://127.0.0.1:$PORT") > "$WORK/wrk-$i.out" 2>&1 &
  WRK=$!
  PIDS+=("$WRK")
  sleep "$WARMUP"
  stop "$PID"
  loaded+=("$STOP_MS")
  exits+="$STOP_STATUS "
  kill -INT "$WRK" 2>/dev/null || true
  wait "$WRK" || true
  statuses="$(awk '/^statuses:/ {sub(/^statuses: */, ""); print}' "$WORK/wrk-$i.out")"
  sockets="$(awk '/^socket_errors:/ {sub(/^socket_errors: */, ""); print}' "$WORK/wrk-$i.out")"
  others="$(tr ' ' '\n' <<<"$statuses" | awk -F= '$1 != "" && $1 != "201" && $1 != "503" {n += $2} END {print n + 0}')"
  timeouts="$(grep -oE 'timeout=[0-9]+' <<<"$sockets" | cut -d= -f2)"
  bad=$((bad + others + ${timeouts:-0}))
  echo "   under load $i: stop ${loaded[-1]} ms; answers ${statuses:-none}; socket errors ${sockets:-none}" >&2
done

stats() { # values... -> "median / max"
  printf '%s\n' "$@" | sort -n | awk '{v[NR] = $1} END {m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%d ms / %d ms", m, v[NR]}'
}

echo
echo "Graceful stop, measured $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores; load average before: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg)."
echo "\`bench/graceful-stop.sh $REPEATS $CONNECTIONS\` (warm-up ${WARMUP} s of load before each SIGTERM)."
echo
echo "| provider | stops | SIGTERM to exit, median / max | each |"
echo "|---|---:|---:|---|"
echo "| idle | $REPEATS | $(stats "${idle[@]}") | ${idle[*]} |"
echo "| $CONNECTIONS connections of POST /v1/charges | $REPEATS | $(stats "${loaded[@]}") | ${loaded[*]} |"
echo
echo "Exit statuses: $exits. Answers other than 201 or 503, and wrk timeouts: **$bad**."
((bad == 0))
