#!/usr/bin/env bash
# Benchmark: invoice-app paying invoices against a local payment provider, both on loopback, SQLite for both.
#
#   bench/invoice-bench.sh            # the real measurement (several minutes; run it on a quiet machine)
#   bench/invoice-bench.sh --smoke    # a few seconds, small numbers: checks the script, measures nothing
#
# Auth is on as in production (JWTs signed by invoice-app, verified by the provider).
# Five runs, each on fresh databases (demo data seeded at start-up, SUCCESS_RATE=1 so every invoice is paid in
# one run), each one POST /rest/v1/payment-runs followed until done through GET /rest/v1/payment-runs/{id}:
#   1. N invoices with PAY_CONCURRENCY=16 (the engine as shipped)      -> invoices/s, and peak RSS at N
#   2. N invoices with PAY_CONCURRENCY=64 (more calls in flight)        -> invoices/s
#   3. N invoices with PAY_CONCURRENCY=1  (one at a time: the baseline) -> invoices/s
#   4. 3N invoices with PAY_CONCURRENCY=16, steady state read over its second half (warm JVMs)
#   5. N/10 invoices with PAY_CONCURRENCY=16                            -> peak RSS at N/10
# Each rate is given over the whole run (cold JVMs included) and in steady state (20 % to 95 % of the work, or
# 50 % to 95 % for the long run).
# N is 100,000 (BENCH_INVOICES). Peak RSS is the invoice-app process's VmHWM (Linux) with the same JVM options
# for both sizes (INVOICE_JAVA_OPTS, default -XX:+UseSerialGC -Xms96m -Xmx96m -XX:+AlwaysPreTouch: a fixed heap,
# resident from the start, so the difference is what grows outside it, while finishing 100,000 invoices inside
# 96 MB shows the heap's live data does not grow either). Targets: >= 5,000 invoices/s; RSS at 100,000 within
# 20 MB of RSS at 10,000.
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
    -h|--help) sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "invoice-bench: unknown option '$arg'" >&2; exit 2 ;;
  esac
done

invoices=${BENCH_INVOICES:-100000}
$smoke && invoices=${BENCH_INVOICES:-2000}
small=$((invoices / 10))
provider_port=${BENCH_PROVIDER_PORT:-19400}
invoice_port=${BENCH_INVOICE_PORT:-19401}
lib_name=invoice-bench
# shellcheck source=bench/pair.sh
source bench/pair.sh

if $build; then
  # Javadoc and source jars are not needed to run the servers.
  ./mvnw -B -q -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true package \
    -pl payment-provider-server,invoice-app -am
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/invoice-bench.XXXXXX")
cleanup() { pair_stop; $keep || rm -rf "$work"; }
trap cleanup EXIT

measure() {
  local name=$1 count=$2 concurrency=$3 steady_from=${4:-0.2} dir="$work/$1"
  pair_start "$dir" "$count" "$concurrency"
  local start end accepted id state="RUNNING" progress="$dir/progress.tsv" snapshot
  start=$(date +%s.%N)
  accepted=$(curl -fsS --max-time 10 -X POST "http://127.0.0.1:$invoice_port/rest/v1/payment-runs")
  id=$(json_field id "$accepted")
  # Progress every 0.25 s: the steady-state rate is read from it (between 20 % and 95 % of the work, so JIT
  # warm-up at the start and the drain at the end are left out); the whole-run rate is reported beside it.
  : >"$progress"
  while [[ "$state" == RUNNING ]]; do
    sleep 0.25
    snapshot=$(curl -fsS --max-time 10 "http://127.0.0.1:$invoice_port/rest/v1/payment-runs/$id")
    state=$(json_field state "$snapshot")
    printf '%s\t%s\t%s\n' "$(date +%s.%N)" "$(json_field "done" "$snapshot")" "$(json_field total "$snapshot")" >>"$progress"
  done
  end=$(date +%s.%N)
  local rss_kb
  rss_kb=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$invoice_pid/status" 2>/dev/null || echo 0)
  pair_stop
  local paid seconds steady
  paid=$(json_field paid "$snapshot")
  seconds=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", e - s }')
  steady=$(awk -F'\t' -v from="$steady_from" '$3 > 0 && t20 == "" && $2 >= from * $3 { t20 = $1; d20 = $2 }
                       $3 > 0 && t95 == "" && $2 >= 0.95 * $3 { t95 = $1; d95 = $2 }
                       END { if (t95 > t20) printf "%.0f", (d95 - d20) / (t95 - t20); else print "n/a" }' "$progress")
  printf '%-12s %9d %12d %9s %12s %12s %12s %9s\n' "$name" "$count" "$concurrency" "$seconds" \
    "$(awk -v n="$paid" -v s="$seconds" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }')" "$steady" \
    "$(awk -v k="${rss_kb:-0}" 'BEGIN { printf "%.1f", k / 1024 }')" "$paid"
}

echo "# invoice-bench $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(nproc) cores; invoice-app JVM: $invoice_java_opts"
echo "# command: bench/invoice-bench.sh $*"
printf '%-12s %9s %12s %9s %12s %12s %12s %9s\n' run invoices concurrency seconds invoices/s steady/s peak_rss_mb \
  paid
results=$(measure engine "$invoices" 16)
echo "$results"
wide=$(measure engine-64 "$invoices" 64)
echo "$wide"
# A long run whose second half is read as the steady state: both JVMs are still compiling hot code 30 s in.
long_run=$(measure engine-long $((invoices * 3)) 16 0.5)
echo "$long_run"
baseline=$(measure sequential "$invoices" 1)
echo "$baseline"
small_run=$(measure engine-small "$small" 16)
echo "$small_run"

rate=$(awk '{print $5}' <<<"$results"); base_rate=$(awk '{print $5}' <<<"$baseline")
rss_big=$(awk '{print $7}' <<<"$results"); rss_small=$(awk '{print $7}' <<<"$small_run")
steady=$(awk '{print $6}' <<<"$results"); steady_wide=$(awk '{print $6}' <<<"$wide")
steady_long=$(awk '{print $6}' <<<"$long_run")
ratio=$(awk -v a="$rate" -v b="$base_rate" 'BEGIN { printf "%.1fx", (b > 0 ? a / b : 0) }')
rss_diff=$(awk -v a="$rss_big" -v b="$rss_small" 'BEGIN { printf "%.1f", a - b }')
echo "# engine vs one-at-a-time: $ratio ($rate vs $base_rate invoices/s over the whole run; steady state" \
  "$steady/s at 16 calls in flight, $steady_wide/s at 64, $steady_long/s over the second half of" \
  "$((invoices * 3)) invoices; target >= 5000)"
echo "# peak RSS: $rss_big MB at $invoices invoices vs $rss_small MB at $small (difference $rss_diff MB;" \
  "target <= 20)"
$smoke && echo "# smoke run: numbers are not a measurement"
exit 0
