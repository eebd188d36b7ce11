#!/usr/bin/env bash
# Runs payrail's main job on this machine: builds the two server jars, starts the payment provider and
# invoice-app on localhost (SQLite, demo data), runs one payment run with a live progress line, prints the
# summary and stops both. Auth is on, as in production (a fresh signing key under the data directory).
# Needs only a JDK 17 and curl.
#
#   scripts/run-local.sh                    # build, run, pay once, stop
#   scripts/run-local.sh --keep-running     # ... and leave both servers up (stop them with the printed kill)
#
# Options: --keep-running, --no-build, --provider-port N (9000), --port N (8000), --data-dir DIR (default: a new
# temporary directory; pass ./data to keep the databases between runs). Environment variables such as
# SEED_CUSTOMERS, SEED_INVOICES_PER_CUSTOMER, PAY_CONCURRENCY and SUCCESS_RATE pass through to the servers.
set -euo pipefail

cd "$(dirname "$0")/.."

keep_running=false
build=true
provider_port=${PROVIDER_PORT:-9000}
invoice_port=${INVOICE_PORT:-8000}
data_dir=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --keep-running) keep_running=true ;;
    --no-build) build=false ;;
    --provider-port) provider_port="$2"; shift ;;
    --port) invoice_port="$2"; shift ;;
    --data-dir) data_dir="$2"; shift ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run-local: unknown option '$1' (try --help)" >&2; exit 2 ;;
  esac
  shift
done

command -v java >/dev/null || { echo "run-local: java (JDK 17) is not on the PATH" >&2; exit 1; }
command -v curl >/dev/null || { echo "run-local: curl is not on the PATH" >&2; exit 1; }
for port in "$provider_port" "$invoice_port"; do
  if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/"; then
    echo "run-local: port $port is in use; pick another with --provider-port / --port" >&2
    exit 1
  fi
done

if [[ -z "$data_dir" ]]; then
  data_dir=$(mktemp -d "${TMPDIR:-/tmp}/payrail-local.XXXXXX")
fi
mkdir -p "$data_dir/provider" "$data_dir/invoice-app"
data_dir=$(cd "$data_dir" && pwd)

provider_jar=payment-provider-server/target/payment-provider-server.jar
invoice_jar=invoice-app/target/invoice-app.jar
if $build; then
  echo "== building the jars (./mvnw -B -q -DskipTests package)"
  # Javadoc and source jars are not needed to run the servers.
  ./mvnw -B -q -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true package \
    -pl payment-provider-server,invoice-app -am
fi
[[ -f $provider_jar && -f $invoice_jar ]] || { echo "run-local: jars missing; run without --no-build" >&2; exit 1; }

provider_pid=""
invoice_pid=""
stop_servers() {
  # SIGTERM: both servers stop gracefully (in-flight requests and charges finish first).
  for pid in $invoice_pid $provider_pid; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in $invoice_pid $provider_pid; do
    wait "$pid" 2>/dev/null || true
  done
}
on_exit() {
  local status=$?
  if ! $keep_running || [[ $status -ne 0 ]]; then
    stop_servers
  fi
  exit $status
}
trap on_exit EXIT
trap 'exit 130' INT TERM

wait_ready() { # name url log pid
  for _ in $(seq 1 240); do
    if curl -fs -o /dev/null --max-time 2 "$2"; then
      return 0
    fi
    if ! kill -0 "$4" 2>/dev/null; then
      echo "run-local: $1 exited during start-up; its log ($3):" >&2
      tail -n 20 "$3" >&2
      exit 1
    fi
    sleep 0.25
  done
  echo "run-local: $1 was not ready after 60 s; see $3" >&2
  exit 1
}

# Auth as in production: invoice-app signs short-lived JWTs with its own key; the provider trusts the public key.
key_id=local-1
if [[ ! -f "$data_dir/keys/private-key.pem" ]]; then
  java -jar "$provider_jar" keygen --out "$data_dir/keys" --kid "$key_id" >/dev/null
fi

echo "== starting payment-provider on http://127.0.0.1:$provider_port (log: $data_dir/provider.log)"
PORT=$provider_port BIND_ADDRESS=127.0.0.1 DATA_DIR="$data_dir/provider" \
  AUTH_JWKS="$data_dir/keys/jwks.json" AUTH_ISSUER=invoice-app AUTH_ALLOWED_SUBJECTS=invoice-app \
  java -jar "$provider_jar" >"$data_dir/provider.log" 2>&1 &
provider_pid=$!
wait_ready payment-provider "http://127.0.0.1:$provider_port/health/ready" "$data_dir/provider.log" "$provider_pid"

echo "== starting invoice-app on http://127.0.0.1:$invoice_port (log: $data_dir/invoice-app.log)"
PORT=$invoice_port BIND_ADDRESS=127.0.0.1 DATA_DIR="$data_dir/invoice-app" \
  PAYMENT_PROVIDER_ENDPOINT="http://127.0.0.1:$provider_port" \
  AUTH_PRIVATE_KEY_FILE="$data_dir/keys/private-key.pem" AUTH_KEY_ID="$key_id" \
  java -jar "$invoice_jar" >"$data_dir/invoice-app.log" 2>&1 &
invoice_pid=$!
wait_ready invoice-app "http://127.0.0.1:$invoice_port/health/ready" "$data_dir/invoice-app.log" "$invoice_pid"

base="http://127.0.0.1:$invoice_port"
json_field() { # field json: a number or string field of a flat JSON object
  sed -n "s/.*\"$1\":\"\{0,1\}\([^\",}]*\)\"\{0,1\}[,}].*/\1/p" <<<"$2"
}
count_status() {
  curl -fsS "$base/metrics" | sed -n "s/^invoice_invoices{status=\"$1\"} \([0-9]*\).*/\1/p"
}

echo "== starting a payment run"
run=$(curl -fsS -X POST "$base/rest/v1/payment-runs")
run_id=$(json_field id "$run")
[[ -n "$run_id" ]] || { echo "run-local: unexpected answer: $run" >&2; exit 1; }
while :; do
  run=$(curl -fsS "$base/rest/v1/payment-runs/$run_id")
  state=$(json_field state "$run")
  printf '\r%s %-9s %s/%s done, %s/s   ' "$run_id" "$state" "$(json_field done "$run")" \
    "$(json_field total "$run")" "$(json_field rate "$run")"
  [[ "$state" == "RUNNING" ]] || break
  sleep 0.2
done
echo
echo "   paid $(json_field paid "$run"), declined $(json_field declined "$run"), failed $(json_field failed "$run"),"\
" unknown $(json_field unknown "$run") (run $run_id, $state)"

paid=$(count_status paid); pending=$(count_status pending); failed=$(count_status failed)
processing=$(count_status processing)
total=$((paid + pending + failed + processing))
summary="$total invoices: $paid PAID, $pending PENDING"
[[ $failed -eq 0 ]] || summary="$summary, $failed FAILED"
[[ $processing -eq 0 ]] || summary="$summary, $processing PROCESSING"
echo "== $summary"

if $keep_running; then
  echo "== still running: invoice-app $base (pid $invoice_pid), payment-provider http://127.0.0.1:$provider_port"\
" (pid $provider_pid); data in $data_dir"
  echo "   stop them with: kill $invoice_pid $provider_pid"
else
  echo "== stopping both"
fi
