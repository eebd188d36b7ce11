#!/usr/bin/env bash
# Soak: a bounded run at a steady request rate against both services (the real jars, SQLite, auth on), sampling
# the resident memory of both JVMs. Fails on any transport error, 5xx or unexpected status, on falling behind the
# rate, and when RSS grows more than SOAK_MAX_RSS_GROWTH_MB after warm-up.
#
#   reliability/soak.sh                                   # 3 minutes at 200 requests/s
#   SOAK_SECONDS=30 SOAK_RATE=100 reliability/soak.sh     # a smoke run
#
# Variables: SOAK_SECONDS (180), SOAK_RATE (200 requests/s in total), SOAK_WARMUP_SECONDS (a third of the run),
# SOAK_SAMPLE_SECONDS (5), SOAK_MAX_RSS_GROWTH_MB (64), SEED_CUSTOMERS (200), SEED_INVOICES_PER_CUSTOMER (10),
# SOAK_PAYMENT_RUN_EVERY_SECONDS (15), JAVA_OPTS (-Xms256m -Xmx256m -XX:+AlwaysPreTouch), KEEP_WORK_DIR (false), PROVIDER_JAR and INVOICE_APP_JAR.
# Needs java 17 and curl. Builds the jars only when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
lib_name=soak
# shellcheck source=reliability/lib.sh
source reliability/lib.sh

soak_seconds=${SOAK_SECONDS:-180}
rate=${SOAK_RATE:-200}
warmup=${SOAK_WARMUP_SECONDS:-$((soak_seconds / 3))}
sample_every=${SOAK_SAMPLE_SECONDS:-5}
max_growth_mb=${SOAK_MAX_RSS_GROWTH_MB:-64}
seed_customers=${SEED_CUSTOMERS:-200}
invoices_per_customer=${SEED_INVOICES_PER_CUSTOMER:-10}
run_every=${SOAK_PAYMENT_RUN_EVERY_SECONDS:-15}
# A fixed, pre-touched heap: RSS growth after warm-up then shows what the heap cannot (metaspace, threads, native).
java_opts=${JAVA_OPTS:--Xms256m -Xmx256m -XX:+AlwaysPreTouch}
keep_work_dir=${KEEP_WORK_DIR:-false}

require_tools java curl
ensure_jars

work=$(mktemp -d "${TMPDIR:-/tmp}/payrail-soak.XXXXXX")
mkdir -p "$work/provider" "$work/invoice-app" "$work/keys"
provider_pid=""
invoice_pid=""
sampler_pid=""
on_exit() {
  local status=$?
  for pid in $sampler_pid $invoice_pid $provider_pid; do
    stop_pid "$pid" TERM
  done
  if [[ $status -eq 0 && $keep_work_dir != true ]]; then
    rm -rf "$work"
  else
    echo "soak: logs kept in $work" >&2
  fi
  exit $status
}
trap on_exit EXIT
trap 'exit 130' INT TERM

provider_port=$(free_port)
invoice_port=$(free_port)
make_auth "$work/keys" soak

# shellcheck disable=SC2086 # JAVA_OPTS holds several options
PORT=$provider_port BIND_ADDRESS=127.0.0.1 DATA_DIR="$work/provider" \
  AUTH_JWKS="$work/keys/jwks.json" AUTH_ISSUER=invoice-app AUTH_ALLOWED_SUBJECTS=invoice-app \
  java $java_opts -jar "$provider_jar" >"$work/provider.log" 2>&1 &
provider_pid=$!
wait_ready payment-provider "http://127.0.0.1:$provider_port/health/ready" "$work/provider.log" "$provider_pid"
# shellcheck disable=SC2086 # JAVA_OPTS holds several options
PORT=$invoice_port BIND_ADDRESS=127.0.0.1 DATA_DIR="$work/invoice-app" \
  PAYMENT_PROVIDER_ENDPOINT="http://127.0.0.1:$provider_port" AUTH_TOKEN_FILE="$work/keys/token" \
  SEED_CUSTOMERS=$seed_customers SEED_INVOICES_PER_CUSTOMER=$invoices_per_customer \
  java $java_opts -jar "$invoice_jar" >"$work/invoice-app.log" 2>&1 &
invoice_pid=$!
wait_ready invoice-app "http://127.0.0.1:$invoice_port/health/ready" "$work/invoice-app.log" "$invoice_pid"

echo "== soak: ${soak_seconds} s at ${rate} requests/s (warm-up ${warmup} s), RSS sampled every ${sample_every} s"
rss_kb() { ps -o rss= -p "$1" 2>/dev/null | tr -d ' '; }
(
  t=0
  while :; do
    echo "$t $(rss_kb "$provider_pid") $(rss_kb "$invoice_pid")"
    sleep "$sample_every"
    t=$((t + sample_every))
  done
) >"$work/rss.txt" &
sampler_pid=$!

status=0
load_started=$(date -u +%Y-%m-%dT%H:%M:%S)
java reliability/LoadGen.java --provider "http://127.0.0.1:$provider_port" --invoice "http://127.0.0.1:$invoice_port" \
  --token-file "$work/keys/token" --invoices $((seed_customers * invoices_per_customer)) --rate "$rate" \
  --duration-seconds "$soak_seconds" --payment-run-every-seconds "$run_every" >"$work/loadgen.md" || status=$?
kill -TERM "$sampler_pid" 2>/dev/null || true
wait "$sampler_pid" 2>/dev/null || true
sampler_pid=""

# ERROR lines while the load ran fail the soak; those of start-up are reported apart (a slow start on a busy
# machine can make invoice-app's provider probe give up mid-request, which the provider logs as an error).
for name in provider invoice-app; do
  awk -v from="$load_started" '/^[0-9]{4}-[0-9]{2}-[0-9]{2}T/ && / ERROR / { if (substr($1, 1, 19) >= from) print > "/dev/stdout";
    else print > "/dev/stderr" }' "$work/$name.log" >"$work/$name.errors" 2>"$work/$name.startup-errors" || true
done
# RSS: the largest sample during warm-up versus the largest after it, per JVM.
read -r p_warm p_max p_last i_warm i_max i_last samples < <(awk -v w="$warmup" '
  $2 != "" && $3 != "" { n++; if ($1 <= w) { if ($2 > pw) pw = $2; if ($3 > iw) iw = $3 }
    else { if ($2 > pm) pm = $2; if ($3 > im) im = $3 }; pl = $2; il = $3 }
  END { printf "%d %d %d %d %d %d %d\n", pw/1024, pm/1024, pl/1024, iw/1024, im/1024, il/1024, n }' "$work/rss.txt")

cat <<EOF

### Soak ($(date -u +%Y-%m-%dT%H:%MZ): ${soak_seconds} s at ${rate} requests/s, warm-up ${warmup} s, JAVA_OPTS=$java_opts)

$(cat "$work/loadgen.md")

| JVM | RSS max during warm-up (MB) | RSS max after warm-up (MB) | RSS at the end (MB) | ERROR lines under load / at start-up |
|---|---:|---:|---:|---:|
| payment-provider | $p_warm | $p_max | $p_last | $(wc -l <"$work/provider.errors") / $(wc -l <"$work/provider.startup-errors") |
| invoice-app | $i_warm | $i_max | $i_last | $(wc -l <"$work/invoice-app.errors") / $(wc -l <"$work/invoice-app.startup-errors") |

RSS samples: $samples (every ${sample_every} s). Command: \`SOAK_SECONDS=$soak_seconds SOAK_RATE=$rate reliability/soak.sh\`
EOF

failures=()
((status == 0)) || failures+=("the load generator saw errors, 5xx or unexpected statuses, or fell behind (exit $status)")
((p_max - p_warm <= max_growth_mb)) || failures+=("provider RSS grew $((p_max - p_warm)) MB after warm-up")
((i_max - i_warm <= max_growth_mb)) || failures+=("invoice-app RSS grew $((i_max - i_warm)) MB after warm-up")
[[ -s $work/provider.errors ]] && failures+=("ERROR lines in the provider's log")
[[ -s $work/invoice-app.errors ]] && failures+=("ERROR lines in invoice-app's log")
if ((${#failures[@]} > 0)); then
  echo
  echo "soak: FAILED:" >&2
  printf '  - %s\n' "${failures[@]}" >&2
  exit 1
fi
echo
echo "soak: OK"
