# shellcheck shell=bash
# Sourced by the invoice benchmarks: starts and stops the provider and invoice-app as they are measured together
# (SQLite, JWT auth on, SUCCESS_RATE=1, on loopback), from the repository's root. The caller sets provider_port,
# invoice_port and bench_name (for messages), and may set run_prefix (e.g. "nice -n 19") to start both JVMs
# through it. INVOICE_JAVA_OPTS and PROVIDER_JAVA_OPTS override the JVM options.

provider_jar=payment-provider-server/target/payment-provider-server.jar
invoice_jar=invoice-app/target/invoice-app.jar
# A fixed, pre-touched heap: the RSS difference between run sizes is then what grows outside the heap.
invoice_java_opts=${INVOICE_JAVA_OPTS:--XX:+UseSerialGC -Xms96m -Xmx96m -XX:+AlwaysPreTouch}
provider_java_opts=${PROVIDER_JAVA_OPTS:-}
provider_pid=""; invoice_pid=""

wait_ready() { # url pid log
  for _ in $(seq 1 600); do
    curl -fs -o /dev/null --max-time 2 "$1" && return 0
    kill -0 "$2" 2>/dev/null || { echo "$bench_name: server died; log $3:" >&2; tail -n 20 "$3" >&2; exit 1; }
    sleep 0.2
  done
  echo "$bench_name: $1 not ready; see $3" >&2; exit 1
}

# The value of a JSON member in a one-line body (enough for the run's summary; no jq on a bare machine).
field() { sed -n "s/.*\"$1\":\"\{0,1\}\([^\",}]*\)\"\{0,1\}[,}].*/\1/p" <<<"$2"; }

pair_start() { # dir invoices concurrency: both servers ready, invoice-app seeded with the invoices
  local dir=$1 count=$2 concurrency=$3
  mkdir -p "$dir/provider" "$dir/invoice-app"
  ${run_prefix:-} java -jar "$provider_jar" keygen --out "$dir/keys" --kid bench >/dev/null
  # shellcheck disable=SC2086
  PORT=$provider_port BIND_ADDRESS=127.0.0.1 DATA_DIR="$dir/provider" SUCCESS_RATE=1 \
    AUTH_JWKS="$dir/keys/jwks.json" AUTH_ISSUER=invoice-app AUTH_ALLOWED_SUBJECTS=invoice-app \
    ${run_prefix:-} java $provider_java_opts -jar "$provider_jar" >"$dir/provider.log" 2>&1 &
  provider_pid=$!
  wait_ready "http://127.0.0.1:$provider_port/health/ready" "$provider_pid" "$dir/provider.log"
  local customers=$(( count >= 100 ? count / 100 : 1 ))
  # shellcheck disable=SC2086
  PORT=$invoice_port BIND_ADDRESS=127.0.0.1 DATA_DIR="$dir/invoice-app" \
    PAYMENT_PROVIDER_ENDPOINT="http://127.0.0.1:$provider_port" PAY_CONCURRENCY=$concurrency \
    AUTH_PRIVATE_KEY_FILE="$dir/keys/private-key.pem" AUTH_KEY_ID=bench \
    SEED_CUSTOMERS=$customers SEED_INVOICES_PER_CUSTOMER=$(( count / customers )) \
    ${run_prefix:-} java $invoice_java_opts -jar "$invoice_jar" >"$dir/invoice-app.log" 2>&1 &
  invoice_pid=$!
  wait_ready "http://127.0.0.1:$invoice_port/health/ready" "$invoice_pid" "$dir/invoice-app.log"
}

pair_stop() { # waits for both processes to exit, so the next pair never meets the last one's ports or files
  for pid in $invoice_pid $provider_pid; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in $invoice_pid $provider_pid; do wait "$pid" 2>/dev/null || true; done
  provider_pid=""; invoice_pid=""
}
