# shellcheck shell=bash
# What crash-test.sh, soak.sh and the invoice benchmarks (bench/pair.sh) share: tools, the two jars, free ports,
# start-up waits, stopping, reading the run's JSON, the JWT key and token.
# Source it after `cd` to the repository root and after setting lib_name (the prefix of error messages); it
# defines functions only.
lib_name=${lib_name:-reliability}

# require_tools tool...: exits 2 naming the first tool missing from the PATH.
require_tools() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || { echo "$lib_name: $tool is not on the PATH" >&2; exit 2; }
  done
}

# ensure_jars: sets provider_jar and invoice_jar (PROVIDER_JAR, INVOICE_APP_JAR or the ones under target/) and
# builds them when either is missing.
ensure_jars() {
  provider_jar=${PROVIDER_JAR:-payment-provider-server/target/payment-provider-server.jar}
  invoice_jar=${INVOICE_APP_JAR:-invoice-app/target/invoice-app.jar}
  if [[ ! -f $provider_jar || ! -f $invoice_jar ]]; then
    echo "== building the jars (./mvnw -B -q -DskipTests package)"
    ./mvnw -B -q -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true package \
      -pl payment-provider-server,invoice-app -am
  fi
}

# free_port: prints a loopback port nothing listens on (random, so parallel runs rarely collide).
free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  echo "$lib_name: no free port found" >&2
  exit 1
}

# wait_ready name url log pid: waits up to 180 s for url to answer 2xx; exits 1 with the end of log when the
# process dies first or the time runs out.
wait_ready() {
  local deadline=$((SECONDS + 180))
  while ((SECONDS < deadline)); do
    if curl -fs -o /dev/null --max-time 2 "$2"; then
      return 0
    fi
    if ! kill -0 "$4" 2>/dev/null; then
      echo "$lib_name: $1 exited during start-up; the end of its log ($3):" >&2
      tail -n 20 "$3" >&2
      exit 1
    fi
    sleep 0.2
  done
  echo "$lib_name: $1 was not ready after 180 s; see $3" >&2
  exit 1
}

# stop_pid pid signal: signals pid (if any) and reaps it.
stop_pid() {
  [[ -n "$1" ]] || return 0
  kill "-$2" "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

# json_field field json: a number or string member of a flat, one-line JSON object (no jq on a bare machine).
json_field() {
  sed -n "s/.*\"$1\":\"\{0,1\}\([^\",}]*\)\"\{0,1\}[,}].*/\1/p" <<<"$2" | head -n 1
}

# make_auth dir kid: auth stays on. Writes an EC key pair (dir/private-key.pem, dir/jwks.json, for the provider's
# AUTH_JWKS) and dir/token, an ES256 JWT valid for an hour (iss and sub invoice-app) for invoice-app's
# AUTH_TOKEN_FILE. Needs provider_jar (ensure_jars).
make_auth() {
  java -jar "$provider_jar" keygen --out "$1" --kid "$2" >/dev/null
  java -jar "$provider_jar" mint-token --private-key "$1/private-key.pem" --kid "$2" \
    --issuer invoice-app --subject invoice-app --lifetime-seconds 3600 >"$1/token"
}
