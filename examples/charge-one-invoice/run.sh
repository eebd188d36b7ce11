#!/usr/bin/env bash
# Builds this example against the installed payment-client, starts a real payment provider on a free loopback
# port (JWT authentication on, with a key made for this run), runs the example against it, checks what it printed
# and stops the provider.
#
#   ./mvnw -B -q install -DskipTests -pl payment-api,payment-client -am      # the SDK, by coordinates
#   ./mvnw -B -q package -DskipTests -pl payment-provider-server -am         # the provider's jar
#   examples/charge-one-invoice/run.sh [payment-provider-server/target/payment-provider-server.jar]
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
jar="${1:-$root/payment-provider-server/target/payment-provider-server.jar}"
[[ -f "$jar" ]] || { echo "run.sh: provider jar $jar not found; build it with ./mvnw -B -q package -DskipTests -pl payment-provider-server -am" >&2; exit 2; }
jar="$(cd "$(dirname "$jar")" && pwd)/$(basename "$jar")"

work="$(mktemp -d)"
provider_pid=""
cleanup() {
  if [[ -n "$provider_pid" ]] && kill -0 "$provider_pid" 2>/dev/null; then
    kill "$provider_pid" 2>/dev/null || true
    wait "$provider_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "== building the example against dev.payrail:payment-client:0.1.0-SNAPSHOT"
"$root/mvnw" -B -q -f "$here/pom.xml" package

echo "== starting the provider ($jar)"
java -jar "$jar" keygen --out "$work/keys" --kid example >/dev/null
PORT=0 BIND_ADDRESS=127.0.0.1 DATA_DIR="$work/data" SUCCESS_RATE=1.0 SHUTDOWN_TIMEOUT_MS=2000 \
  AUTH_JWKS="$work/keys/jwks.json" AUTH_ISSUER=invoice-app AUTH_ALLOWED_SUBJECTS=invoice-app \
  java -jar "$jar" >"$work/provider.log" 2>&1 &
provider_pid=$!

port=""
for _ in $(seq 1 240); do
  port="$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9][0-9]*\).*/\1/p' "$work/provider.log" | head -n 1)"
  [[ -n "$port" ]] && break
  kill -0 "$provider_pid" 2>/dev/null || { echo "run.sh: the provider exited:" >&2; cat "$work/provider.log" >&2; exit 1; }
  sleep 0.5
done
[[ -n "$port" ]] || { echo "run.sh: the provider did not start within 120 s:" >&2; cat "$work/provider.log" >&2; exit 1; }
echo "   listening on 127.0.0.1:$port"

java -jar "$jar" mint-token --private-key "$work/keys/private-key.pem" --kid example \
  --issuer invoice-app --subject invoice-app > "$work/token"

echo "== running the example"
output="$(java -cp "$here/target/classes:$here/target/dependency/*" example.ChargeOneInvoice \
  "http://127.0.0.1:$port" "$work/token")"
echo "$output" | sed 's/^/   /'

fail() { echo "run.sh: FAILED: $1" >&2; exit 1; }
grep -Eq '^charged invoice 42: SUCCEEDED ch_[0-9a-f]+ \(18404 USD\)$' <<<"$output" || fail "no successful charge of invoice 42"
grep -q '^lookup by idempotency key example-inv-42-1: same charge$' <<<"$output" || fail "lookup by key did not find the charge"
grep -q '^charging again with the same key: same charge, nothing charged twice$' <<<"$output" || fail "replay was not idempotent"
echo "== OK: the example charged once through the installed SDK"
