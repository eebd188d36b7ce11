#!/usr/bin/env bash
# Benchmark of the payment provider on loopback, beside a bare Jersey-on-Grizzly JSON endpoint measured in the
# same run. Prints a markdown table (throughput, p99, exact commands) for docs/performance.md.
#
#   bench/provider-bench.sh [DURATION_SECONDS=30] [CONNECTIONS=64]
#   BENCH_ONLY=legacy bench/provider-bench.sh ...   # only the legacy comparison (POST /payments/pay vs /v1/charges)
#   BENCH_ONLY=tracing bench/provider-bench.sh ...  # only the tracing comparison (SDK off, default, export)
#   BENCH_PEER_URL=http://127.0.0.1:8082 BENCH_ONLY=legacy bench/provider-bench.sh ...
#       # also loads a peer that is already running (for example the second challenge's Go payment-provider, built
#       # and started by hand: it is never built here) with the same POST /payments/pay requests, between the two
#       # legacy runs, and prints our legacy throughput over the peer's
#
# Each scenario is preceded by BENCH_WARMUP seconds (default 30) of the same load, unrecorded: a provider JVM needs
# about that long before its JIT has compiled the hot path (with 5 s, first samples were half the warm ones).
# Needs the fat jar and the test classes (built here if missing) and wrk (installed from Debian apt if missing).
# Run it on a quiet machine: the numbers are only as good as the box is idle.
set -euo pipefail

DURATION="${1:-30}"
CONNECTIONS="${2:-64}"
THREADS="${BENCH_THREADS:-2}"
WARMUP="${BENCH_WARMUP:-30}"
ONLY="${BENCH_ONLY:-}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
JAR="$ROOT/payment-provider-server/target/payment-provider-server.jar"
TEST_CLASSES="$ROOT/payment-provider-server/target/test-classes"

if [[ ! -f "$JAR" || ! -f "$TEST_CLASSES/dev/payrail/provider/BareJsonServer.class" ]]; then
  echo "== building the provider jar and test classes" >&2
  (cd "$ROOT" && ./mvnw -B -q -pl payment-api,payment-provider-server -am package -DskipTests)
fi
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
ensure_wrk

WORK="$(mktemp -d)"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

# Tracing, three providers side by side, authentication off: the SDK disabled (OTEL_SDK_DISABLED=true, no spans at
# all), the default (no OTLP endpoint: spans made for the log lines' trace ids and the traceparent, nothing
# exported), and every span exported over OTLP/HTTP to a local sink (bench/OtlpSink.java, which only counts).
tracing_providers() {
  java "$ROOT/bench/OtlpSink.java" > "$WORK/sink.log" 2>&1 &
  PIDS+=($!)
  SINK_PORT="$(wait_for_line "$WORK/sink.log" 'listening on 127\.0\.0\.1:[0-9]+')"
  DATA_DIR="$WORK/data-sdk-off" PORT=0 BIND_ADDRESS=127.0.0.1 SUCCESS_RATE=0.5 AUTH_DISABLED=true \
    OTEL_SDK_DISABLED=true java -jar "$JAR" > "$WORK/provider-sdk-off.log" 2>&1 &
  PIDS+=($!)
  DATA_DIR="$WORK/data-trace-default" PORT=0 BIND_ADDRESS=127.0.0.1 SUCCESS_RATE=0.5 AUTH_DISABLED=true \
    java -jar "$JAR" > "$WORK/provider-trace-default.log" 2>&1 &
  PIDS+=($!)
  DATA_DIR="$WORK/data-trace-export" PORT=0 BIND_ADDRESS=127.0.0.1 SUCCESS_RATE=0.5 AUTH_DISABLED=true \
    OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$SINK_PORT" java -jar "$JAR" > "$WORK/provider-trace-export.log" 2>&1 &
  PIDS+=($!)
  SDK_OFF_PORT="$(wait_for_line "$WORK/provider-sdk-off.log" 'listening on 127\.0\.0\.1:[0-9]+')"
  DEFAULT_PORT="$(wait_for_line "$WORK/provider-trace-default.log" 'listening on 127\.0\.0\.1:[0-9]+')"
  EXPORT_PORT="$(wait_for_line "$WORK/provider-trace-export.log" 'listening on 127\.0\.0\.1:[0-9]+')"
}

mean() { awk -v a="$(cut -d'|' -f2 <<<"$1")" -v b="$(cut -d'|' -f2 <<<"$2")" 'BEGIN { printf "%.2f", (a + b) / 2 }'; }

if [[ "$ONLY" == tracing ]]; then
  tracing_providers
  LOAD_BEFORE="$(cut -d" " -f1-3 /proc/loadavg)"
  echo "== tracing only: ${DURATION}s per scenario at $CONNECTIONS connections (warm-up ${WARMUP}s each)" >&2
fi

run() { # name lua url
  local cmd="wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s --latency -s bench/$2 $3"
  (cd "$ROOT" && wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" -s "bench/$2" "$3" >/dev/null)
  (cd "$ROOT" && wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "bench/$2" "$3") > "$WORK/$1.out"
  local rps p99 errors
  rps="$(awk '/^Requests\/sec:/ {print $2}' "$WORK/$1.out")"
  p99="$(awk '$1 == "99%" {print $2}' "$WORK/$1.out")"
  # wrk counts answers other than 2xx/3xx and socket errors (connect, read, write, timeout) apart: both are errors.
  errors="$(awk '/Non-2xx or 3xx responses:/ {n += $5}
    /Socket errors:/ {gsub(",", ""); n += $4 + $6 + $8 + $10}
    END {print n + 0}' "$WORK/$1.out")"
  echo "$1|$rps|$p99|$errors|\`$cmd\`"
}

tracing_scenarios() {
  # ABCCBA: SDK off, default, export, export, default, SDK off; each judged on its mean.
  local off1 def1 exp1 exp2 def2 off2
  off1="$(BENCH_TOKEN='' run trace-sdk-off new-keys.lua "http://127.0.0.1:$SDK_OFF_PORT")"
  def1="$(BENCH_TOKEN='' run trace-default new-keys.lua "http://127.0.0.1:$DEFAULT_PORT")"
  exp1="$(BENCH_TOKEN='' run trace-export new-keys.lua "http://127.0.0.1:$EXPORT_PORT")"
  exp2="$(BENCH_TOKEN='' run trace-export-2 new-keys.lua "http://127.0.0.1:$EXPORT_PORT")"
  def2="$(BENCH_TOKEN='' run trace-default-2 new-keys.lua "http://127.0.0.1:$DEFAULT_PORT")"
  off2="$(BENCH_TOKEN='' run trace-sdk-off-2 new-keys.lua "http://127.0.0.1:$SDK_OFF_PORT")"
  local off def exp exported
  off="$(mean "$off1" "$off2")"; def="$(mean "$def1" "$def2")"; exp="$(mean "$exp1" "$exp2")"
  exported="$(curl -fsS "http://127.0.0.1:$SINK_PORT/count")"
  echo
  echo "Tracing, measured $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, $CONNECTIONS connections, ${DURATION}s per scenario, new charges, auth off; load average before: $LOAD_BEFORE."
  echo
  echo "| scenario | requests/s | p99 | non-2xx | command |"
  echo "|---|---:|---:|---:|---|"
  for row in "$off1" "$def1" "$exp1" "$exp2" "$def2" "$off2"; do
    IFS='|' read -r name rps p99 errors cmd <<<"$row"
    echo "| $name | $rps | $p99 | $errors | $cmd |"
  done
  echo
  echo "Means: SDK disabled $off/s, default (spans, no export) $def/s, exporting every span $exp/s."
  echo "Default vs SDK disabled: **$(awk -v a="$def" -v b="$off" 'BEGIN { printf "%+.1f", 100 * (a - b) / b }') %**; exporting vs SDK disabled: **$(awk -v a="$exp" -v b="$off" 'BEGIN { printf "%+.1f", 100 * (a - b) / b }') %**."
  echo "The sink received (OTLP requests, bytes): $exported."
}

if [[ "$ONLY" == tracing ]]; then
  tracing_scenarios
  exit 0
fi

# Two providers side by side: authentication off, and on (an ES256 key made for this run, one token minted for
# all requests, as invoice-app reuses its token). Each keeps its own SQLite file. A third serves the legacy API
# (LEGACY_API=true, SUCCESS_RATE=1 so that no answer is a 402 decline, which wrk would count as an error).
BENCH_TOKEN="$(mint_bench_token "$WORK/keys")"
if [[ "$ONLY" != legacy ]]; then
  DATA_DIR="$WORK/data-noauth" PORT=0 BIND_ADDRESS=127.0.0.1 SUCCESS_RATE=0.5 AUTH_DISABLED=true \
    java -jar "$JAR" > "$WORK/provider-noauth.log" 2>&1 &
  PIDS+=($!)
  DATA_DIR="$WORK/data-auth" PORT=0 BIND_ADDRESS=127.0.0.1 SUCCESS_RATE=0.5 AUTH_JWKS="$WORK/keys/jwks.json" \
    AUTH_ISSUER=invoice-app AUTH_ALLOWED_SUBJECTS=invoice-app java -jar "$JAR" > "$WORK/provider-auth.log" 2>&1 &
  PIDS+=($!)
  java -cp "$JAR:$TEST_CLASSES" dev.payrail.provider.BareJsonServer 0 > "$WORK/bare.log" 2>&1 &
  PIDS+=($!)
fi
DATA_DIR="$WORK/data-legacy" PORT=0 BIND_ADDRESS=127.0.0.1 SUCCESS_RATE=1 AUTH_DISABLED=true LEGACY_API=true \
  java -jar "$JAR" > "$WORK/provider-legacy.log" 2>&1 &
PIDS+=($!)
if [[ "$ONLY" != legacy ]]; then
  NOAUTH_PORT="$(wait_for_line "$WORK/provider-noauth.log" 'listening on 127\.0\.0\.1:[0-9]+')"
  AUTH_PORT="$(wait_for_line "$WORK/provider-auth.log" 'listening on 127\.0\.0\.1:[0-9]+')"
  BARE_PORT="$(wait_for_line "$WORK/bare.log" 'listening on 127\.0\.0\.1:[0-9]+')"
  curl -fsS "http://127.0.0.1:$NOAUTH_PORT/health/ready" >/dev/null
  curl -fsS "http://127.0.0.1:$AUTH_PORT/health/ready" >/dev/null
fi
LEGACY_PORT="$(wait_for_line "$WORK/provider-legacy.log" 'listening on 127\.0\.0\.1:[0-9]+')"
curl -fsS "http://127.0.0.1:$LEGACY_PORT/health/ready" >/dev/null
export BENCH_TOKEN

LOAD_BEFORE="$(cut -d" " -f1-3 /proc/loadavg)"
echo "== measuring ${DURATION}s per scenario at $CONNECTIONS connections (warm-up ${WARMUP}s each)" >&2

# The legacy API against new-key POST /v1/charges on the same provider, ABBA again (new, legacy, legacy, new).
legacy() {
  L_NEW="$(BENCH_TOKEN='' run legacy-provider-new-keys new-keys.lua "http://127.0.0.1:$LEGACY_PORT")"
  L_PAY="$(run legacy-pay legacy-pay.lua "http://127.0.0.1:$LEGACY_PORT")"
  if [[ -n "${BENCH_PEER_URL:-}" ]]; then
    L_PEER="$(run peer-pay legacy-pay.lua "$BENCH_PEER_URL")"
  fi
  L_PAY2="$(run legacy-pay-2 legacy-pay.lua "http://127.0.0.1:$LEGACY_PORT")"
  L_NEW2="$(BENCH_TOKEN='' run legacy-provider-new-keys-2 new-keys.lua "http://127.0.0.1:$LEGACY_PORT")"
  local new_rps pay_rps ratio
  new_rps="$(awk -v a="$(cut -d'|' -f2 <<<"$L_NEW")" -v b="$(cut -d'|' -f2 <<<"$L_NEW2")" 'BEGIN { printf "%.2f", (a + b) / 2 }')"
  pay_rps="$(awk -v a="$(cut -d'|' -f2 <<<"$L_PAY")" -v b="$(cut -d'|' -f2 <<<"$L_PAY2")" 'BEGIN { printf "%.2f", (a + b) / 2 }')"
  ratio="$(awk -v a="$pay_rps" -v b="$new_rps" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')"
  LEGACY_ROWS=("$L_NEW" "$L_PAY" "$L_PAY2" "$L_NEW2")
  LEGACY_SUMMARY="Legacy provider (\`LEGACY_API=true SUCCESS_RATE=1 AUTH_DISABLED=true\`), means of the ABBA runs: POST /payments/pay $pay_rps/s, new-key POST /v1/charges $new_rps/s; **legacy / new charges: $ratio**."
  if [[ -n "${BENCH_PEER_URL:-}" ]]; then
    local peer_rps
    peer_rps="$(cut -d'|' -f2 <<<"$L_PEER")"
    LEGACY_ROWS=("$L_NEW" "$L_PAY" "$L_PEER" "$L_PAY2" "$L_NEW2")
    LEGACY_SUMMARY="$LEGACY_SUMMARY Peer at $BENCH_PEER_URL: $peer_rps/s; **our POST /payments/pay / the peer's: $(awk -v a="$pay_rps" -v b="$peer_rps" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')**."
  fi
}

table_header() {
  echo "| scenario | requests/s | p99 | errors | command |"
  echo "|---|---:|---:|---:|---|"
}

table_rows() {
  for row in "$@"; do
    IFS='|' read -r name rps p99 errors cmd <<<"$row"
    echo "| $name | $rps | $p99 | $errors | $cmd |"
  done
}

if [[ "$ONLY" == legacy ]]; then
  legacy
  echo
  echo "Measured $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, $CONNECTIONS connections, ${DURATION}s per scenario (warm-up ${WARMUP}s each); load average before the run: $LOAD_BEFORE."
  echo
  table_header
  table_rows "${LEGACY_ROWS[@]}"
  echo
  echo "$LEGACY_SUMMARY"
  exit 0
fi

# Auth off and on in ABBA order (off, on, on, off), so that drift over the run (disk, JIT, the database growing)
# weighs on both sides alike; the cost of authentication is judged on the means.
# The bare endpoint is measured first and last, and judged on the mean, for the same reason.
BARE1="$(run bare bare.lua "http://127.0.0.1:$BARE_PORT")"
NEW="$(BENCH_TOKEN='' run new-keys new-keys.lua "http://127.0.0.1:$NOAUTH_PORT")"
NEW_AUTH="$(run new-keys-auth new-keys.lua "http://127.0.0.1:$AUTH_PORT")"
NEW_AUTH2="$(run new-keys-auth-2 new-keys.lua "http://127.0.0.1:$AUTH_PORT")"
NEW2="$(BENCH_TOKEN='' run new-keys-2 new-keys.lua "http://127.0.0.1:$NOAUTH_PORT")"
REPLAY="$(run replays-auth replays.lua "http://127.0.0.1:$AUTH_PORT")"
BARE="$(run bare-2 bare.lua "http://127.0.0.1:$BARE_PORT")"
RECORDED="$(curl -fsS "http://127.0.0.1:$AUTH_PORT/metrics" \
  | awk '/^payrail_charges_total/ {sum += $2} END {printf "%d", sum}')"
legacy

NEW_RPS="$(cut -d'|' -f2 <<<"$NEW")"
BARE_RPS="$(awk -v a="$(cut -d'|' -f2 <<<"$BARE1")" -v b="$(cut -d'|' -f2 <<<"$BARE")" 'BEGIN { printf "%.2f", (a + b) / 2 }')"
NEW_RPS="$(awk -v a="$NEW_RPS" -v b="$(cut -d'|' -f2 <<<"$NEW2")" 'BEGIN { printf "%.2f", (a + b) / 2 }')"
NEW_AUTH_RPS="$(awk -v a="$(cut -d'|' -f2 <<<"$NEW_AUTH")" -v b="$(cut -d'|' -f2 <<<"$NEW_AUTH2")" 'BEGIN { printf "%.2f", (a + b) / 2 }')"
RATIO="$(awk -v a="$NEW_AUTH_RPS" -v b="$BARE_RPS" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')"
AUTH_COST="$(awk -v on="$NEW_AUTH_RPS" -v off="$NEW_RPS" 'BEGIN { if (off > 0) printf "%.1f", 100 * (off - on) / off; else print "n/a" }')"

echo
echo "Measured $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, $CONNECTIONS connections, ${DURATION}s per scenario;"
echo "SQLite in WAL with synchronous=FULL, group commit; providers started with \`DATA_DIR=… PORT=0 SUCCESS_RATE=0.5 [AUTH_DISABLED=true | AUTH_JWKS=… AUTH_ISSUER=invoice-app] java -jar payment-provider-server/target/payment-provider-server.jar\`; load average before the run: $LOAD_BEFORE."
echo
table_header
table_rows "$BARE1" "$NEW" "$NEW_AUTH" "$NEW_AUTH2" "$NEW2" "$REPLAY" "$BARE" "${LEGACY_ROWS[@]}"
echo
echo "Means of the ABBA runs: new charges $NEW_RPS/s with auth off, $NEW_AUTH_RPS/s with auth on; bare endpoint (first and last) $BARE_RPS/s."
echo "New charges with auth on / bare endpoint (means): **$RATIO**. Throughput lost to authentication (new keys, on vs off): **$AUTH_COST %**."
echo "Charges durably recorded by the provider with auth on during the run (payrail_charges_total): $RECORDED."
echo "$LEGACY_SUMMARY"

tracing_providers
tracing_scenarios
