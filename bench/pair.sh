# shellcheck shell=bash
# Sourced by the invoice benchmarks: starts and stops the provider and invoice-app as they are measured together
# (SQLite, JWT auth on, SUCCESS_RATE=1, on loopback), from the repository's root, with reliability/lib.sh's
# start-up wait, stop and JSON reading. The caller sets provider_port, invoice_port and lib_name (for messages),
# and may set run_prefix (e.g. "nice -n 19") to start both JVMs through it. INVOICE_JAVA_OPTS and
# PROVIDER_JAVA_OPTS override the JVM options.

# shellcheck source=reliability/lib.sh
source reliability/lib.sh

provider_jar=payment-provider-server/target/payment-provider-server.jar
invoice_jar=invoice-app/target/invoice-app.jar
# A fixed, pre-touched heap: the RSS difference between run sizes is then what grows outside the heap.
invoice_java_opts=${INVOICE_JAVA_OPTS:--XX:+UseSerialGC -Xms96m -Xmx96m -XX:+AlwaysPreTouch}
provider_java_opts=${PROVIDER_JAVA_OPTS:-}
provider_pid=""; invoice_pid=""

pair_start() { # dir invoices concurrency: both servers ready, invoice-app seeded with the invoices
  local dir=$1 count=$2 concurrency=$3
  mkdir -p "$dir/provider" "$dir/invoice-app"
  ${run_prefix:-} java -jar "$provider_jar" keygen --out "$dir/keys" --kid bench >/dev/null
  # shellcheck disable=SC2086
  PORT=$provider_port BIND_ADDRESS=127.0.0.1 DATA_DIR="$dir/provider" SUCCESS_RATE=1 \
    AUTH_JWKS="$dir/keys/jwks.json" AUTH_ISSUER=invoice-app AUTH_ALLOWED_SUBJECTS=invoice-app \
    ${run_prefix:-} java $provider_java_opts -jar "$provider_jar" >"$dir/provider.log" 2>&1 &
  provider_pid=$!
  wait_ready payment-provider "http://127.0.0.1:$provider_port/health/ready" "$dir/provider.log" "$provider_pid"
  local customers=$(( count >= 100 ? count / 100 : 1 ))
  # shellcheck disable=SC2086
  PORT=$invoice_port BIND_ADDRESS=127.0.0.1 DATA_DIR="$dir/invoice-app" \
    PAYMENT_PROVIDER_ENDPOINT="http://127.0.0.1:$provider_port" PAY_CONCURRENCY=$concurrency \
    AUTH_PRIVATE_KEY_FILE="$dir/keys/private-key.pem" AUTH_KEY_ID=bench \
    SEED_CUSTOMERS=$customers SEED_INVOICES_PER_CUSTOMER=$(( count / customers )) \
    ${run_prefix:-} java $invoice_java_opts -jar "$invoice_jar" >"$dir/invoice-app.log" 2>&1 &
  invoice_pid=$!
  wait_ready invoice-app "http://127.0.0.1:$invoice_port/health/ready" "$dir/invoice-app.log" "$invoice_pid"
}

pair_stop() { # SIGTERM, invoice-app first, and waits for both to exit: the next pair never meets these
  stop_pid "$invoice_pid" TERM
  stop_pid "$provider_pid" TERM
  provider_pid=""; invoice_pid=""
}
