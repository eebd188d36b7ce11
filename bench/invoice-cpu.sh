#!/usr/bin/env bash
# Benchmark: invoice-app's CPU per paid invoice, end to end (engine, SQLite, payment-client), in steady state.
#
#   bench/invoice-cpu.sh              # one payment run of 30,000 invoices (~10 s of load)
#   bench/invoice-cpu.sh --smoke      # 2,000 invoices: checks the script, measures nothing
#
# Starts the provider and invoice-app as invoice-bench does (JWT auth on, SQLite, SUCCESS_RATE=1, both under
# nice -n 19), starts one payment run and reads invoice-app's CPU (utime + stime of /proc/<pid>/stat, every
# thread) when the run has paid 50 % and 95 % of its invoices: CPU per invoice over that stretch (warm JVM) is the
# measure; the provider's is printed beside it. CPU per invoice hardly depends on how busy the machine is, unlike
# invoices/s. INVOICES (30000), INVOICE_JAVA_OPTS (-XX:+UseSerialGC -Xms96m -Xmx96m -XX:+AlwaysPreTouch, as
# invoice-bench), PROVIDER_JAVA_OPTS. Ports: BENCH_PROVIDER_PORT (19420), BENCH_INVOICE_PORT (19421).
# Options: --smoke, --build (package both jars first).
set -euo pipefail
cd "$(dirname "$0")/.."

smoke=false; build=false
for arg in "$@"; do
  case "$arg" in
    --smoke) smoke=true ;;
    --build) build=true ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "invoice-cpu: unknown option '$arg'" >&2; exit 2 ;;
  esac
done
invoices=${INVOICES:-30000}
$smoke && invoices=${INVOICES:-2000}
provider_port=${BENCH_PROVIDER_PORT:-19420}
invoice_port=${BENCH_INVOICE_PORT:-19421}
lib_name=invoice-cpu
run_prefix="nice -n 19"
# shellcheck source=bench/pair.sh
source bench/pair.sh
if $build; then
  nice -n 19 ./mvnw -B -q -o -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true package \
    -pl payment-provider-server,invoice-app -am
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/invoice-cpu.XXXXXX")
cleanup() { pair_stop; rm -rf "$work"; }
trap cleanup EXIT
# CPU of a process in clock ticks (utime + stime; fields 14 and 15 after the command name).
ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }

pair_start "$work" "$invoices" 16

hz=$(getconf CLK_TCK)
accepted=$(curl -fsS --max-time 10 -X POST "http://127.0.0.1:$invoice_port/rest/v1/payment-runs")
id=$(json_field id "$accepted")
state=RUNNING; t50=""; t95=""
while [[ "$state" == RUNNING ]]; do
  sleep 0.1
  snapshot=$(curl -fsS --max-time 10 "http://127.0.0.1:$invoice_port/rest/v1/payment-runs/$id")
  state=$(json_field state "$snapshot"); done_count=$(json_field "done" "$snapshot"); total=$(json_field total "$snapshot")
  now=$(date +%s.%N)
  if [[ -z "$t50" && "$total" -gt 0 && $(( done_count * 100 )) -ge $(( total * 50 )) ]]; then
    t50=$now; d50=$done_count; i50=$(ticks "$invoice_pid"); p50=$(ticks "$provider_pid")
  fi
  if [[ -n "$t50" && -z "$t95" && $(( done_count * 100 )) -ge $(( total * 95 )) ]]; then
    t95=$now; d95=$done_count; i95=$(ticks "$invoice_pid"); p95=$(ticks "$provider_pid")
  fi
done
echo "# invoice-cpu $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(nproc) cores; $invoices invoices, PAY_CONCURRENCY=16;" \
  "paid $(json_field paid "$snapshot"), state $state"
if [[ -z "$t95" || "$d95" -le "$d50" ]]; then
  echo "invoice-cpu: the run ended before 50 % and 95 % could both be read; use more INVOICES" >&2; exit 1
fi
awk -v n=$(( d95 - d50 )) -v i=$(( i95 - i50 )) -v p=$(( p95 - p50 )) -v hz="$hz" -v t0="$t50" -v t1="$t95" 'BEGIN {
  printf "invoices 50%%..95%%: %d in %.2f s (%.0f/s)\n", n, t1 - t0, n / (t1 - t0)
  printf "invoice-app CPU: %.0f us/invoice\nprovider CPU:    %.0f us/invoice\n", i * 1e6 / hz / n, p * 1e6 / hz / n }'
$smoke && echo "# smoke run: numbers are not a measurement"
exit 0
