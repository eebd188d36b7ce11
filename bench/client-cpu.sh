#!/usr/bin/env bash
# Benchmark: the CPU one PaymentClient.charge costs the calling JVM, against a real provider on loopback.
#
#   bench/client-cpu.sh              # warm-up, then 3 measured rounds in one client JVM
#   bench/client-cpu.sh --smoke      # a few hundred calls: checks the script, measures nothing
#   bench/client-cpu.sh --jfr        # also records the measured rounds with JFR, sampling every 1 ms
#
# The provider is the fat jar with SQLite and JWT auth on, as in invoice-bench (keys from its keygen); the client
# JVM (ClientCpuBench, payment-client's test classes) signs its own JWTs as invoice-app does and calls charge from
# CLIENT_THREADS (16) threads: CLIENT_WARMUP (15,000) calls, then CLIENT_ROUNDS (3) rounds of CLIENT_CALLS (5,000).
# Each round prints calls/s (depends on the machine and the provider: not the measure), process CPU µs per call
# (every thread of the client JVM, JIT and GC included: the measure), the caller threads' own CPU µs per call and
# bytes they allocated per call. Both JVMs run under nice -n 19. CLIENT_JAVA_OPTS (default -XX:+UseSerialGC -Xmx96m,
# invoice-app's bench settings) and PROVIDER_JAVA_OPTS pass JVM options. Port: BENCH_PROVIDER_PORT (19410).
# Options: --smoke, --no-build, --jfr, --no-auth (AUTH_DISABLED=true on the provider, a constant token).
set -euo pipefail
cd "$(dirname "$0")/.."

smoke=false; build=true; jfr=false; auth=true
for arg in "$@"; do
  case "$arg" in
    --smoke) smoke=true ;;
    --no-build) build=false ;;
    --jfr) jfr=true ;;
    --no-auth) auth=false ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "client-cpu: unknown option '$arg'" >&2; exit 2 ;;
  esac
done

threads=${CLIENT_THREADS:-16}
warmup=${CLIENT_WARMUP:-15000}
calls=${CLIENT_CALLS:-5000}
rounds=${CLIENT_ROUNDS:-3}
if $smoke; then warmup=${CLIENT_WARMUP:-300}; calls=${CLIENT_CALLS:-200}; rounds=${CLIENT_ROUNDS:-1}; fi
port=${BENCH_PROVIDER_PORT:-19410}
client_java_opts=${CLIENT_JAVA_OPTS:--XX:+UseSerialGC -Xmx96m}
provider_java_opts=${PROVIDER_JAVA_OPTS:-}
provider_jar=payment-provider-server/target/payment-provider-server.jar

if $build; then
  nice -n 19 ./mvnw -B -q -o -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true package \
    -pl payment-provider-server,payment-client -am
  nice -n 19 ./mvnw -B -q -o -DskipTests test-compile -pl payment-client
fi
cp_file=payment-client/target/bench-classpath.txt
if [[ ! -s "$cp_file" || payment-client/pom.xml -nt "$cp_file" ]]; then
  nice -n 19 ./mvnw -B -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/$cp_file" \
    -pl payment-client >/dev/null
fi
# payment-api from this checkout, never a snapshot that happens to be in ~/.m2.
classpath="payment-client/target/test-classes:payment-client/target/classes:payment-api/target/classes:$(
  tr ':' '\n' <"$cp_file" | grep -v '/dev/payrail/payment-api/' | paste -sd:)"

work=$(mktemp -d "${TMPDIR:-/tmp}/client-cpu.XXXXXX")
provider_pid=""
cleanup() {
  [[ -n "$provider_pid" ]] && { kill -TERM "$provider_pid" 2>/dev/null || true; wait "$provider_pid" 2>/dev/null || true; }
  rm -rf "$work"
}
trap cleanup EXIT

auth_env=(AUTH_DISABLED=true); key_args=()
if $auth; then
  nice -n 19 java -jar "$provider_jar" keygen --out "$work/keys" --kid bench >/dev/null
  auth_env=(AUTH_JWKS="$work/keys/jwks.json" AUTH_ISSUER=invoice-app AUTH_ALLOWED_SUBJECTS=invoice-app)
  key_args=("$work/keys/private-key.pem" bench)
fi
# shellcheck disable=SC2086
env PORT="$port" BIND_ADDRESS=127.0.0.1 DATA_DIR="$work/provider" SUCCESS_RATE=1 "${auth_env[@]}" \
  nice -n 19 java $provider_java_opts -jar "$provider_jar" >"$work/provider.log" 2>&1 &
provider_pid=$!
for _ in $(seq 1 300); do
  curl -fs -o /dev/null --max-time 2 "http://127.0.0.1:$port/health/ready" && break
  kill -0 "$provider_pid" 2>/dev/null || { echo "client-cpu: provider died:" >&2; tail -n 20 "$work/provider.log" >&2; exit 1; }
  sleep 0.2
done

jfr_opts=()
jfr_file=""
if $jfr; then
  jfr_file="${TMPDIR:-/tmp}/client-cpu-$(date +%s).jfr"
  jfr_opts=("-Dbench.jfr=$jfr_file" "-XX:FlightRecorderOptions=stackdepth=96")
fi
echo "# client-cpu $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(nproc) cores; client JVM: $client_java_opts; auth: $auth"
# shellcheck disable=SC2086
nice -n 19 java $client_java_opts "${jfr_opts[@]}" -cp "$classpath" dev.payrail.payment.client.ClientCpuBench \
  "http://127.0.0.1:$port" "$threads" "$warmup" "$calls" "$rounds" "${key_args[@]}"
$jfr && echo "# JFR recording of the measured rounds: $jfr_file (jfr print --events jdk.ExecutionSample)"
$smoke && echo "# smoke run: numbers are not a measurement"
exit 0
