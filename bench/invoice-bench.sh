#!/usr/bin/env bash
# Benchmark: invoice-app paying invoices against a local payment provider, both on loopback, SQLite for both.
#
#   bench/invoice-bench.sh            # the real measurement (several minutes; run it on a quiet machine)
#   bench/invoice-bench.sh --smoke    # a few seconds, small numbers: checks the script, measures nothing
#
# Auth is on as in production (JWTs signed by invoice-app, verified by the provider).
# Three runs, each on fresh databases (demo data seeded at start-up, SUCCESS_RATE=1 so every invoice is paid in
# one run), each a single POST /rest/v1/payment-runs?wait=true timed from request to summary:
#   1. N invoices with PAY_CONCURRENCY=16 (the engine as shipped)      -> invoices/s, and peak RSS at N
#   2. N invoices with PAY_CONCURRENCY=1  (one at a time: the baseline) -> invoices/s
#   3. N/10 invoices with PAY_CONCURRENCY=16                            -> peak RSS at N/10
# N is 100,000 (BENCH_INVOICES). Peak RSS is the invoice-app process's VmHWM (Linux) with the same JVM options
# for both sizes (INVOICE_JAVA_OPTS, default -XX:+UseSerialGC -Xmx256m): memory must not grow with the number of
# invoices. Targets: >= 5,000 invoices/s; RSS at 100,000 within 20 MB of RSS at 10,000.
# Options: --smoke, --no-build, --keep-data (leave the work directory). Ports: BENCH_PROVIDER_PORT (19400),
# BENCH_INVOICE_PORT (19401).
set -euo pipefail
cd "$(dirname "$0")/.."

smoke=false; build=true; keep=false
for arg in "$@"; do
  case "$arg" in
    --smoke) smoke=true ;;
    --no-build) build=false ;;
    --keep-data) keep=true ;;
    -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "invoice-bench: unknown option '$arg'" >&2; exit 2 ;;
  esac
done

invoices=${BENCH_INVOICES:-100000}
$smoke && invoices=${BENCH_INVOICES:-2000}
small=$((invoices / 10))
provider_port=${BENCH_PROVIDER_PORT:-19400}
invoice_port=${BENCH_INVOICE_PORT:-19401}
invoice_java_opts=${INVOICE_JAVA_OPTS:--XX:+UseSerialGC -Xmx256m}
provider_java_opts=${PROVIDER_JAVA_OPTS:-}
provider_jar=payment-provider-server/target/payment-provider-server.jar
invoice_jar=invoice-app/target/invoice-app.jar

if $build; then
  # Javadoc and source jars are not needed to run the servers.
  ./mvnw -B -q -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true package \
    -pl payment-provider-server,invoice-app -am
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/invoice-bench.XXXXXX")
provider_pid=""; invoice_pid=""
stop() {
  for pid in $invoice_pid $provider_pid; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in $invoice_pid $provider_pid; do wait "$pid" 2>/dev/null || true; done
  provider_pid=""; invoice_pid=""
}
cleanup() { stop; $keep || rm -rf "$work"; }
trap cleanup EXIT

wait_ready() { # url pid log
  for _ in $(seq 1 600); do
    curl -fs -o /dev/null --max-time 2 "$1" && return 0
    kill -0 "$2" 2>/dev/null || { echo "invoice-bench: server died; log $3:" >&2; tail -n 20 "$3" >&2; exit 1; }
    sleep 0.2
  done
  echo "invoice-bench: $1 not ready; see $3" >&2; exit 1
}
field() { sed -n "s/.*\"$1\":\"\{0,1\}\([^\",}]*\)\"\{0,1\}[,}].*/\1/p" <<<"$2"; }

# measure NAME INVOICES CONCURRENCY -> prints one result line: name invoices concurrency seconds rate rss_mb paid
measure() {
  local name=$1 count=$2 concurrency=$3 dir="$work/$1"
  mkdir -p "$dir/provider" "$dir/invoice-app"
  java -jar "$provider_jar" keygen --out "$dir/keys" --kid bench >/dev/null
  # shellcheck disable=SC2086
  PORT=$provider_port BIND_ADDRESS=127.0.0.1 DATA_DIR="$dir/provider" SUCCESS_RATE=1 \
    AUTH_JWKS="$dir/keys/jwks.json" AUTH_ISSUER=invoice-app AUTH_ALLOWED_SUBJECTS=invoice-app \
    java $provider_java_opts -jar "$provider_jar" >"$dir/provider.log" 2>&1 &
  provider_pid=$!
  wait_ready "http://127.0.0.1:$provider_port/health/ready" "$provider_pid" "$dir/provider.log"
  local customers=$(( count >= 100 ? count / 100 : 1 ))
  local per_customer=$(( count / customers ))
  # shellcheck disable=SC2086
  PORT=$invoice_port BIND_ADDRESS=127.0.0.1 DATA_DIR="$dir/invoice-app" \
    PAYMENT_PROVIDER_ENDPOINT="http://127.0.0.1:$provider_port" PAY_CONCURRENCY=$concurrency \
    AUTH_PRIVATE_KEY_FILE="$dir/keys/private-key.pem" AUTH_KEY_ID=bench \
    SEED_CUSTOMERS=$customers SEED_INVOICES_PER_CUSTOMER=$per_customer \
    java $invoice_java_opts -jar "$invoice_jar" >"$dir/invoice-app.log" 2>&1 &
  invoice_pid=$!
  wait_ready "http://127.0.0.1:$invoice_port/health/ready" "$invoice_pid" "$dir/invoice-app.log"
  local start end summary
  start=$(date +%s.%N)
  summary=$(curl -fsS --max-time 3600 -X POST "http://127.0.0.1:$invoice_port/rest/v1/payment-runs?wait=true")
  end=$(date +%s.%N)
  local rss_kb
  rss_kb=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$invoice_pid/status" 2>/dev/null || echo 0)
  stop
  local paid seconds
  paid=$(field paid "$summary")
  seconds=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", e - s }')
  printf '%-12s %9d %12d %9s %12s %12s %9s\n' "$name" "$count" "$concurrency" "$seconds" \
    "$(awk -v n="$paid" -v s="$seconds" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }')" \
    "$(awk -v k="${rss_kb:-0}" 'BEGIN { printf "%.1f", k / 1024 }')" "$paid"
}

echo "# invoice-bench $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(nproc) cores; invoice-app JVM: $invoice_java_opts"
echo "# command: bench/invoice-bench.sh $*"
printf '%-12s %9s %12s %9s %12s %12s %9s\n' run invoices concurrency seconds invoices/s peak_rss_mb paid
results=$(measure engine "$invoices" 16)
echo "$results"
baseline=$(measure sequential "$invoices" 1)
echo "$baseline"
small_run=$(measure engine-small "$small" 16)
echo "$small_run"

rate=$(awk '{print $5}' <<<"$results"); base_rate=$(awk '{print $5}' <<<"$baseline")
rss_big=$(awk '{print $6}' <<<"$results"); rss_small=$(awk '{print $6}' <<<"$small_run")
echo "# engine vs one-at-a-time: $(awk -v a="$rate" -v b="$base_rate" 'BEGIN { printf "%.1fx", (b > 0 ? a / b : 0) }')"\
" ($rate vs $base_rate invoices/s; target >= 5000)"
echo "# peak RSS: $rss_big MB at $invoices invoices vs $rss_small MB at $small"\
" (difference $(awk -v a="$rss_big" -v b="$rss_small" 'BEGIN { printf "%.1f", a - b }') MB; target <= 20)"
$smoke && echo "# smoke run: numbers are not a measurement"
exit 0
