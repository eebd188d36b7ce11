#!/usr/bin/env bash
# Crash test: SIGKILLs invoice-app (and once the payment provider) at random points of payment runs over the REAL
# jars, restarts them, runs again until nothing is payable, then compares the provider's ledger with the invoice
# table. Exits non-zero on any violation of:
#   - at most one SUCCEEDED charge per invoice (no double charge);
#   - every PAID invoice has exactly one SUCCEEDED charge, and it is the one its attempt recorded;
#   - every SUCCEEDED charge belongs to a PAID invoice with the same amount and currency (nothing lost);
#   - every charge was made with an idempotency key invoice-app stored before the call;
#   - nothing left payable, in flight or unknown; every seeded invoice still there.
#
#   reliability/crash-test.sh                     # 10,000 invoices, 4 invoice-app kills, 1 provider kill
#   SEED_CUSTOMERS=100 reliability/crash-test.sh  # a quick smoke run (1,000 invoices)
#
# Variables: SEED_CUSTOMERS (1000), SEED_INVOICES_PER_CUSTOMER (10), APP_KILLS (4), PROVIDER_KILLS (1),
# CRASH_SEED (random; fixes the kill points), PAY_CONCURRENCY (16), SUCCESS_RATE (1.0: declines would need many
# runs to converge), MAX_RUNS (30), KEEP_WORK_DIR (false), JAVA_OPTS (-Xmx512m), PROVIDER_JAR and INVOICE_APP_JAR
# (the jars under target/).
# Needs java 17, curl and sqlite3 (installed with apt-get when missing and running as root). Builds the jars only when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
lib_name=crash-test
# shellcheck source=reliability/lib.sh
source reliability/lib.sh

seed_customers=${SEED_CUSTOMERS:-1000}
invoices_per_customer=${SEED_INVOICES_PER_CUSTOMER:-10}
app_kills=${APP_KILLS:-4}
provider_kills=${PROVIDER_KILLS:-1}
crash_seed=${CRASH_SEED:-$(( (RANDOM << 15) | RANDOM ))}
pay_concurrency=${PAY_CONCURRENCY:-16}
success_rate=${SUCCESS_RATE:-1.0}
max_runs=${MAX_RUNS:-30}
keep_work_dir=${KEEP_WORK_DIR:-false}
java_opts=${JAVA_OPTS:--Xmx512m}
expected_invoices=$((seed_customers * invoices_per_customer))
RANDOM=$crash_seed

if ! command -v sqlite3 >/dev/null && command -v apt-get >/dev/null && [[ $(id -u) == 0 ]]; then
  echo "== installing sqlite3 (apt-get)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq sqlite3 >/dev/null
fi
require_tools java curl sqlite3
ensure_jars

work=$(mktemp -d "${TMPDIR:-/tmp}/payrail-crash.XXXXXX")
mkdir -p "$work/provider" "$work/invoice-app" "$work/keys"
provider_pid=""
invoice_pid=""
started=$SECONDS

on_exit() {
  local status=$?
  stop_pid "$invoice_pid" TERM
  stop_pid "$provider_pid" TERM
  if [[ $status -eq 0 && $keep_work_dir != true ]]; then
    rm -rf "$work"
  else
    echo "crash-test: logs and databases kept in $work" >&2
  fi
  exit $status
}
trap on_exit EXIT
trap 'exit 130' INT TERM

provider_port=$(free_port)
invoice_port=$(free_port)
provider_url="http://127.0.0.1:$provider_port"
invoice_url="http://127.0.0.1:$invoice_port"

# Auth stays on: the provider verifies an ES256 JWT from a key generated here; invoice-app presents it from a file.
make_auth "$work/keys" crash-test

start_provider() {
  # shellcheck disable=SC2086 # JAVA_OPTS holds several options
  PORT=$provider_port BIND_ADDRESS=127.0.0.1 DATA_DIR="$work/provider" SUCCESS_RATE=$success_rate \
    AUTH_JWKS="$work/keys/jwks.json" AUTH_ISSUER=invoice-app AUTH_ALLOWED_SUBJECTS=invoice-app \
    java $java_opts -jar "$provider_jar" >>"$work/provider.log" 2>&1 &
  provider_pid=$!
  wait_ready payment-provider "$provider_url/health/ready" "$work/provider.log" "$provider_pid"
}
start_invoice_app() {
  # A lease of 0: attempts left IN_FLIGHT belong to a killed process (there is only one), so the next run
  # resolves them with the provider at once.
  # shellcheck disable=SC2086 # JAVA_OPTS holds several options
  PORT=$invoice_port BIND_ADDRESS=127.0.0.1 DATA_DIR="$work/invoice-app" PAYMENT_PROVIDER_ENDPOINT="$provider_url" \
    SEED_DEMO_DATA=true SEED_CUSTOMERS=$seed_customers SEED_INVOICES_PER_CUSTOMER=$invoices_per_customer \
    PAY_CONCURRENCY=$pay_concurrency PAYMENT_ATTEMPT_LEASE_SECONDS=0 AUTH_TOKEN_FILE="$work/keys/token" \
    PAYMENT_PROVIDER_READ_TIMEOUT_MS=5000 \
    java $java_opts -jar "$invoice_jar" >>"$work/invoice-app.log" 2>&1 &
  invoice_pid=$!
  wait_ready invoice-app "$invoice_url/health/ready" "$work/invoice-app.log" "$invoice_pid"
}

count_status() { # status (lower case), from invoice-app's metrics
  local value
  value=$(curl -fsS --max-time 10 "$invoice_url/metrics" | sed -n "s/^invoice_invoices{status=\"$1\"} \([0-9]*\).*/\1/p")
  echo "${value:-0}"
}

# The kill schedule: each entry kills one process in one run, at a random share of that run's work.
schedule=()
for _ in $(seq 1 "$app_kills"); do schedule+=(app); done
for _ in $(seq 1 "$provider_kills"); do
  # The provider's kill goes somewhere in the middle of the invoice-app kills.
  position=$((${#schedule[@]} == 0 ? 0 : RANDOM % (${#schedule[@]} + 1)))
  schedule=("${schedule[@]:0:$position}" provider "${schedule[@]:$position}")
done

echo "== crash test: $expected_invoices invoices, kills: ${schedule[*]:-none}, seed $crash_seed, work dir $work"
start_provider
start_invoice_app
echo "   provider $provider_url (pid $provider_pid), invoice-app $invoice_url (pid $invoice_pid)"

kill_points=()
app_kills_done=0
provider_kills_done=0
skipped_kills=0
runs=0
for ((step = 0; runs < max_runs; step++)); do
  victim=${schedule[$step]:-}
  percent=$((5 + RANDOM % 86))
  run=$(curl -fsS --max-time 30 -X POST "$invoice_url/rest/v1/payment-runs") \
    || { echo "crash-test: could not start a payment run" >&2; exit 1; }
  runs=$((runs + 1))
  run_id=$(json_field id "$run")
  [[ -n $run_id ]] || { echo "crash-test: unexpected answer to POST payment-runs: $run" >&2; exit 1; }
  killed=false
  deadline=$((SECONDS + 600))
  while ((SECONDS < deadline)); do
    run=$(curl -fsS --max-time 10 "$invoice_url/rest/v1/payment-runs/$run_id")
    state=$(json_field state "$run")
    done_count=$(json_field "done" "$run")
    total=$(json_field total "$run")
    if [[ $state != RUNNING ]]; then
      break
    fi
    if [[ -n $victim && $killed == false ]] && ((total > 0 && done_count * 100 >= total * percent)); then
      if [[ $victim == app ]]; then
        kill -KILL "$invoice_pid"
        wait "$invoice_pid" 2>/dev/null || true
        app_kills_done=$((app_kills_done + 1))
        kill_points+=("| $runs | invoice-app | $done_count / $total | $percent % |")
        echo "   run $runs ($run_id): SIGKILL invoice-app at $done_count/$total done (target $percent %)"
        start_invoice_app
        state=KILLED
        break
      fi
      kill -KILL "$provider_pid"
      wait "$provider_pid" 2>/dev/null || true
      provider_kills_done=$((provider_kills_done + 1))
      kill_points+=("| $runs | payment-provider | $done_count / $total | $percent % |")
      echo "   run $runs ($run_id): SIGKILL payment-provider at $done_count/$total done (target $percent %)"
      start_provider
      killed=true
    fi
    sleep 0.05
  done
  if [[ $state == RUNNING ]]; then
    echo "crash-test: run $run_id still running after 600 s" >&2
    exit 1
  fi
  if [[ $state != KILLED ]]; then
    printf '   run %s (%s): %s, total %s, paid %s, unknown %s, not charged %s, reconciled %s\n' "$runs" "$run_id" \
      "$state" "$total" "$(json_field paid "$run")" "$(json_field unknown "$run")" "$(json_field notCharged "$run")" \
      "$(json_field reconciled "$run")"
    if [[ -n $victim && $killed == false && $total == 0 ]]; then
      # Nothing left to pay: no later run can be killed mid-way either.
      skipped_kills=$(( ${#schedule[@]} - step ))
      echo "   (run $runs had nothing to do: the $skipped_kills remaining kill(s) cannot happen)"
      schedule=("${schedule[@]:0:$step}")
    elif [[ -n $victim && $killed == false ]]; then
      echo "   (run $runs ended before its kill point of $percent %; the kill moves to the next run)"
      schedule=("${schedule[@]:0:$((step + 1))}" "$victim" "${schedule[@]:$((step + 1))}")
    fi
  fi
  if ((step + 1 >= ${#schedule[@]})) && [[ $state == COMPLETED ]]; then
    pending=$(count_status pending)
    processing=$(count_status processing)
    if ((pending == 0 && processing == 0)) && [[ $(json_field unknown "$run") == 0 ]]; then
      break
    fi
  fi
done

echo "== stopping both (SIGTERM) and comparing the provider's ledger with the invoice table"
stop_pid "$invoice_pid" TERM
invoice_pid=""
stop_pid "$provider_pid" TERM
provider_pid=""

query() {
  sqlite3 -batch -noheader "$work/invoice-app/invoice-app.db" \
    "ATTACH '$work/provider/payment-provider.db' AS p;
     CREATE TEMP TABLE ch AS SELECT id, idempotency_key, invoice_id AS invoice_text,
       CAST(invoice_id AS INTEGER) AS invoice_id, amount, currency, status FROM p.charges;
     CREATE INDEX temp.ch_invoice ON ch (invoice_id);
     CREATE TEMP TABLE succeeded AS SELECT invoice_id, COUNT(*) AS n, MIN(id) AS charge_id
       FROM ch WHERE status = 'SUCCEEDED' GROUP BY invoice_id;
     $1"
}
figure() { # name sql: prints the value and remembers it
  local value
  value=$(query "$2")
  printf -v "fig_$1" '%s' "$value"
}
figure invoices "SELECT COUNT(*) FROM invoices;"
figure paid "SELECT COUNT(*) FROM invoices WHERE status = 'PAID';"
figure failed "SELECT COUNT(*) FROM invoices WHERE status = 'FAILED';"
figure unsettled "SELECT COUNT(*) FROM invoices WHERE status NOT IN ('PAID', 'FAILED');"
figure charges "SELECT COUNT(*) FROM ch;"
figure charges_succeeded "SELECT COUNT(*) FROM ch WHERE status = 'SUCCEEDED';"
figure attempts "SELECT COUNT(*) FROM payment_attempts;"
figure reconciled "SELECT COALESCE(SUM(reconciled), 0) FROM payment_runs;"
figure unknown_seen "SELECT COALESCE(SUM(unknown), 0) FROM payment_runs;"
figure open_attempts "SELECT COUNT(*) FROM payment_attempts WHERE outcome IN ('IN_FLIGHT', 'UNKNOWN');"
figure double_charged "SELECT COUNT(*) FROM succeeded WHERE n > 1;"
figure paid_without_charge "SELECT COUNT(*) FROM invoices i LEFT JOIN succeeded s ON s.invoice_id = i.id
  WHERE i.status = 'PAID' AND s.invoice_id IS NULL;"
figure paid_wrong_charge "SELECT COUNT(*) FROM invoices i JOIN succeeded s ON s.invoice_id = i.id
  WHERE i.status = 'PAID' AND NOT EXISTS (SELECT 1 FROM payment_attempts a WHERE a.invoice_id = i.id
    AND a.outcome = 'SUCCEEDED' AND a.charge_id = s.charge_id);"
figure charged_not_paid "SELECT COUNT(*) FROM succeeded s LEFT JOIN invoices i ON i.id = s.invoice_id
  WHERE i.id IS NULL OR i.status <> 'PAID';"
figure wrong_amount "SELECT COUNT(*) FROM ch JOIN invoices i ON i.id = ch.invoice_id
  WHERE ch.amount <> i.amount_minor OR ch.currency <> i.currency;"
figure orphan_charges "SELECT COUNT(*) FROM ch LEFT JOIN invoices i ON i.id = ch.invoice_id
  WHERE i.id IS NULL OR CAST(i.id AS TEXT) <> ch.invoice_text;"
figure unknown_keys "SELECT COUNT(*) FROM ch WHERE NOT EXISTS (SELECT 1 FROM payment_attempts a
  WHERE a.idempotency_key = ch.idempotency_key AND a.invoice_id = ch.invoice_id);"
figure multi_succeeded_attempts "SELECT COUNT(*) FROM (SELECT invoice_id FROM payment_attempts
  WHERE outcome = 'SUCCEEDED' GROUP BY invoice_id HAVING COUNT(*) > 1);"

violations=()
check() { # figure expected description
  local actual="fig_$1"
  if [[ ${!actual} != "$2" ]]; then
    violations+=("$3: ${!actual} (expected $2)")
  fi
}
check invoices "$expected_invoices" "invoices in the table"
check double_charged 0 "invoices with more than one SUCCEEDED charge at the provider"
check paid_without_charge 0 "PAID invoices without a SUCCEEDED charge"
check paid_wrong_charge 0 "PAID invoices whose SUCCEEDED attempt names another charge"
check charged_not_paid 0 "SUCCEEDED charges whose invoice is not PAID"
check wrong_amount 0 "charges whose amount or currency differs from the invoice"
check orphan_charges 0 "charges for no known invoice"
check unknown_keys 0 "charges made with an idempotency key invoice-app never stored"
check multi_succeeded_attempts 0 "invoices with more than one SUCCEEDED attempt"
check open_attempts 0 "attempts still IN_FLIGHT or UNKNOWN"
check unsettled 0 "invoices still PENDING or PROCESSING"
((app_kills_done + provider_kills_done + skipped_kills == app_kills + provider_kills)) \
  || violations+=("kills done: $app_kills_done of $app_kills (invoice-app), $provider_kills_done of $provider_kills (provider)")

# shellcheck disable=SC2154 # the fig_* variables are set by figure() through printf -v
cat <<EOF

### Crash test ($(date -u +%Y-%m-%dT%H:%MZ), seed $crash_seed, $((SECONDS - started)) s)

| Kill | Process | Progress of the run at the kill | Target |
|---:|---|---:|---:|
$(printf '%s\n' "${kill_points[@]}")

| Figure | Value |
|---|---:|
| Invoices seeded / in the table | $expected_invoices / $fig_invoices |
| Payment runs (incl. killed ones) | $runs |
| SIGKILLs of invoice-app / of the provider / skipped (nothing left to pay) | $app_kills_done / $provider_kills_done / $skipped_kills |
| PAID / FAILED / still payable | $fig_paid / $fig_failed / $fig_unsettled |
| Charges at the provider (SUCCEEDED) | $fig_charges ($fig_charges_succeeded) |
| Attempts stored by invoice-app | $fig_attempts |
| Outcomes unknown at some point / reconciled with the provider | $fig_unknown_seen / $fig_reconciled |
| Invoices charged twice | $fig_double_charged |
| PAID without a SUCCEEDED charge / with another charge | $fig_paid_without_charge / $fig_paid_wrong_charge |
| SUCCEEDED charges lost (invoice not PAID) | $fig_charged_not_paid |
| Charges with wrong amount / unknown invoice / unknown key | $fig_wrong_amount / $fig_orphan_charges / $fig_unknown_keys |
| Attempts left IN_FLIGHT or UNKNOWN | $fig_open_attempts |

Command: \`SEED_CUSTOMERS=$seed_customers SEED_INVOICES_PER_CUSTOMER=$invoices_per_customer APP_KILLS=$app_kills \
PROVIDER_KILLS=$provider_kills CRASH_SEED=$crash_seed reliability/crash-test.sh\`
EOF

if ((${#violations[@]} > 0)); then
  echo
  echo "crash-test: FAILED, ${#violations[@]} violation(s):" >&2
  printf '  - %s\n' "${violations[@]}" >&2
  exit 1
fi
echo
echo "crash-test: OK"
