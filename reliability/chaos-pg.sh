#!/usr/bin/env bash
# Chaos test on a REAL PostgreSQL server (Debian's postgresql package, installed when missing): a cluster of its own
# in a temporary directory on a free loopback port, 2 payment providers and 3 invoice-apps (the shaded jars) sharing
# it, payment runs going on in every invoice-app, while the database is restarted, crashed, stopped for 10 s and
# 15 s, has every connection terminated and is frozen (SIGSTOP) for 30 s, and replicas of both services are
# SIGKILLed and restarted. Then, from both databases: no double charge, every PAID invoice has exactly one SUCCEEDED
# charge with its amount, currency and customer, no SUCCEEDED charge for an unpaid invoice, no charge under a key
# invoice-app never stored, nothing unknown or in flight, no run left RUNNING. From the outside (one poller per
# process and kind): no 5xx other than 503, liveness never failed, readiness back within 5 s of the database.
# Every check is reported; exit 1 if any fails. A markdown table of faults, recovery times and counts is printed.
#
#   reliability/chaos-pg.sh
#
# Variables: SEED_CUSTOMERS (400) x SEED_INVOICES_PER_CUSTOMER (10), SUCCESS_RATE (0.8), FAULT_LATENCY_MS (100,
# provider latency: keeps payments going through all phases), PAY_CONCURRENCY (4), GAP_SECONDS (6, between faults),
# READY_WITHIN_SECONDS (5), START_TIMEOUT_SECONDS (300), KEEP_WORK_DIR (false), JAVA_OPTS (-Xmx256m
# -XX:+UseSerialGC -XX:TieredStopAtLevel=1: five JVMs share the machine), PROVIDER_JAR and INVOICE_APP_JAR (the jars
# under target/).
set -euo pipefail
cd "$(dirname "$0")/.."
lib_name=chaos-pg
# shellcheck source=reliability/lib.sh
source reliability/lib.sh

seed_customers=${SEED_CUSTOMERS:-400}
invoices_per_customer=${SEED_INVOICES_PER_CUSTOMER:-10}
success_rate=${SUCCESS_RATE:-0.8}
fault_latency=${FAULT_LATENCY_MS:-100}
pay_concurrency=${PAY_CONCURRENCY:-4}
gap=${GAP_SECONDS:-6}
ready_within=${READY_WITHIN_SECONDS:-5}
keep_work_dir=${KEEP_WORK_DIR:-false}
java_opts=${JAVA_OPTS:--Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1}
expected_invoices=$((seed_customers * invoices_per_customer))

newest_pg_bin() { find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin 2>/dev/null | sort -V | tail -n 1; }
pg_bin=$(newest_pg_bin || true)
if [[ -z $pg_bin || ! -x $pg_bin/pg_ctl ]]; then
  if command -v apt-get >/dev/null && [[ $(id -u) == 0 ]]; then
    echo "== installing postgresql (apt-get)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    pg_bin=$(newest_pg_bin)
  else
    echo "chaos-pg: PostgreSQL server binaries not found (apt-get install postgresql)" >&2
    exit 2
  fi
fi
require_tools java curl
ensure_jars

work=$(mktemp -d "${TMPDIR:-/tmp}/payrail-chaos.XXXXXX")
chmod 755 "$work"
mkdir -p "$work/pg" "$work/keys" "$work/poll"
pg_port=$(free_port)
pg_data=$work/pg/data
started=$SECONDS
declare -A pids=() ports=()
driver_pids=()
poller_pids=()

as_postgres() { # command...: runs as the postgres user when we are root (initdb and postgres refuse root)
  if [[ $(id -u) == 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}
pg_ctl() { as_postgres "$pg_bin/pg_ctl" -D "$pg_data" -w -t 60 "$@" >>"$work/pg/ctl.log" 2>&1; }
sql() { # database sql: as the superuser over the socket, unaligned, no header
  as_postgres "$pg_bin/psql" -X -q -h "$work/pg" -p "$pg_port" -U postgres -d "$1" -v ON_ERROR_STOP=1 -At -c "$2"
}

on_exit() {
  local status=$?
  touch "$work/stop"
  local pid
  for pid in "${driver_pids[@]}" "${poller_pids[@]}"; do stop_pid "$pid" TERM; done
  for name in "${!pids[@]}"; do stop_pid "${pids[$name]}" TERM; done
  if [[ -f $pg_data/postmaster.pid ]]; then
    # shellcheck disable=SC2046 # one pid per word
    kill -CONT $(pg_pids) 2>/dev/null || true
    pg_ctl stop -m immediate || true
  fi
  if [[ $status -eq 0 && $keep_work_dir != true ]]; then
    rm -rf "$work"
  else
    echo "chaos-pg: logs kept in $work" >&2
  fi
  exit $status
}
trap on_exit EXIT
trap 'exit 130' INT TERM

pg_pids() { # the postmaster and its children
  local main
  main=$(head -n 1 "$pg_data/postmaster.pid" 2>/dev/null) || return 0
  echo "$main" "$(pgrep -P "$main" | tr '\n' ' ')"
}

echo "== PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$pg_port, work dir $work"
chown -R postgres "$work/pg" 2>/dev/null || true
as_postgres "$pg_bin/initdb" -D "$pg_data" -U postgres --auth-local=trust --auth-host=scram-sha-256 -E UTF8 \
  >"$work/pg/initdb.log" 2>&1
pg_ctl start -l "$work/pg/server.log" -o "-p $pg_port -k $work/pg -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off"
# One owner role for both databases, with a password: the services connect with postgresql:// URLs over TCP.
sql postgres "CREATE ROLE payrail LOGIN PASSWORD 'chaos-Pa55'"
sql postgres "CREATE DATABASE payments OWNER payrail"
sql postgres "CREATE DATABASE invoices OWNER payrail"

make_auth "$work/keys" chaos-pg

start_provider() { # name
  local name=$1
  ports[$name]=${ports[$name]:-$(free_port)}
  # shellcheck disable=SC2086 # JAVA_OPTS holds several options
  PORT=${ports[$name]} BIND_ADDRESS=127.0.0.1 SUCCESS_RATE=$success_rate FAULT_LATENCY_MS=$fault_latency \
    DATABASE_URL="postgres://payrail:chaos-Pa55@127.0.0.1:$pg_port/payments?ApplicationName=$name" \
    AUTH_JWKS="$work/keys/jwks.json" AUTH_ISSUER=invoice-app AUTH_ALLOWED_SUBJECTS=invoice-app \
    java $java_opts -jar "$provider_jar" >>"$work/$name.log" 2>&1 &
  pids[$name]=$!
}
start_app() { # name provider
  local name=$1
  ports[$name]=${ports[$name]:-$(free_port)}
  # shellcheck disable=SC2086 # JAVA_OPTS holds several options
  PORT=${ports[$name]} BIND_ADDRESS=127.0.0.1 PAYMENT_PROVIDER_ENDPOINT="http://127.0.0.1:${ports[$2]}" \
    DATABASE_URL="postgresql://payrail:chaos-Pa55@127.0.0.1:$pg_port/invoices?ApplicationName=$name" \
    SEED_DEMO_DATA=true SEED_CUSTOMERS=$seed_customers SEED_INVOICES_PER_CUSTOMER=$invoices_per_customer \
    PAY_CONCURRENCY=$pay_concurrency AUTH_TOKEN_FILE="$work/keys/token" PAYMENT_PROVIDER_READ_TIMEOUT_MS=5000 \
    java $java_opts -jar "$invoice_jar" >>"$work/$name.log" 2>&1 &
  pids[$name]=$!
}
declare -A provider_of=([app1]=provider1 [app2]=provider2 [app3]=provider1)
wait_up() { # name: like lib.sh's wait_ready, with up to START_TIMEOUT_SECONDS (300): five JVMs start at once here
  local deadline=$((SECONDS + ${START_TIMEOUT_SECONDS:-300}))
  until curl -fs -o /dev/null --max-time 2 "http://127.0.0.1:${ports[$1]}/health/ready"; do
    if ! kill -0 "${pids[$1]}" 2>/dev/null || ((SECONDS >= deadline)); then
      echo "chaos-pg: $1 did not become ready (exited, or not within ${START_TIMEOUT_SECONDS:-300} s); the end of its log:" >&2
      tail -n 20 "$work/$1.log" >&2
      exit 1
    fi
    sleep 0.3
  done
}

start_provider provider1
start_provider provider2
wait_up provider1
wait_up provider2
# The three invoice-apps start together: they race to seed the shared database (one must seed, once).
for app in app1 app2 app3; do start_app "$app" "${provider_of[$app]}"; done
for app in app1 app2 app3; do wait_up "$app"; done
echo "   providers :${ports[provider1]} :${ports[provider2]}, invoice-apps :${ports[app1]} :${ports[app2]} :${ports[app3]}"

now_ms() { date +%s%3N; }

# One poller per process and kind, every 0.25 s: liveness, readiness and (invoice-app) a read of the API, so a read
# held up by the outage never delays the next readiness sample. Each request is made by bash itself over
# /dev/tcp and timed with $EPOCHREALTIME: with curl and date forked four times a second by 13 pollers, a loaded
# 2-core machine spaced the samples 2-3 s apart. Lines (appended to one file per process): epoch_ms kind status
# (000: no answer within the bound). Skipped while the process is deliberately down (its flag file exists).
poll() { # name kind
  local name=$1 kind=$2 port=${ports[$1]} out="$work/poll/$1" path max fd status
  case $kind in
    live) path=/health/live max=3 ;;
    ready) path=/health/ready max=3 ;;
    api) path="/rest/v1/invoices?status=PENDING&limit=5" max=10 ;;
  esac
  while [[ ! -f $work/stop ]]; do
    if [[ ! -f $work/poll/$name.down ]]; then
      status=000
      if exec {fd}<>"/dev/tcp/127.0.0.1/$port"; then
        printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' "$path" >&"$fd" || true
        IFS=' ' read -r -t "$max" -u "$fd" _ status _ || status=000
        [[ $status =~ ^[0-9]{3}$ ]] || status=000
        # Read the rest (the server closes after it) so that no answer is cut off mid-write.
        while IFS= read -r -t "$max" -u "$fd" _; do :; done
        exec {fd}>&-
      fi 2>/dev/null
      local now=${EPOCHREALTIME//[.,]/}
      [[ -f $work/poll/$name.down ]] || echo "$((now / 1000)) $kind $status" >>"$out"
    fi
    sleep 0.25
  done
}
# Payment runs going on in every invoice-app, back to back.
drive() { # app
  local base="http://127.0.0.1:${ports[$1]}"
  while [[ ! -f $work/stop ]]; do
    curl -s -o /dev/null --max-time 120 -X POST "$base/rest/v1/payment-runs?wait=true" || true
    sleep 0.5
  done
}
for name in provider1 provider2 app1 app2 app3; do
  for kind in live ready; do poll "$name" "$kind" & poller_pids+=($!); done
done
for app in app1 app2 app3; do poll "$app" api & poller_pids+=($!); done
for app in app1 app2 app3; do drive "$app" & driver_pids+=($!); done

faults=()
db_back=()   # epoch ms at which the database was back after each database fault
fault() { # description seconds_db_away
  faults+=("| $(( $(date +%s) - start_epoch )) s | $1 | $2 |")
  echo "   $(date -u +%H:%M:%S) $1 (database away $2)"
}
start_epoch=$(date +%s)
pending() { sql invoices "SELECT COUNT(*) FROM invoices WHERE status IN ('PENDING', 'PROCESSING')"; }

echo "== faults (payment runs going on; $(pending) invoices payable)"
sleep "$gap"
t0=$(now_ms); pg_ctl restart -m fast; db_back+=("$(now_ms)")
fault "PostgreSQL fast restart (pg_ctl restart -m fast)" "$(( $(now_ms) - t0 )) ms"
sleep "$gap"
t0=$(now_ms); pg_ctl stop -m immediate; pg_ctl start -l "$work/pg/server.log" \
  -o "-p $pg_port -k $work/pg -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off"; db_back+=("$(now_ms)")
fault "PostgreSQL crash (pg_ctl stop -m immediate, then start: crash recovery)" "$(( $(now_ms) - t0 )) ms"
for away in 10 15; do
  sleep "$gap"
  t0=$(now_ms); pg_ctl stop -m fast; sleep "$away"; pg_ctl start -l "$work/pg/server.log" \
    -o "-p $pg_port -k $work/pg -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off"
  db_back+=("$(now_ms)")
  fault "PostgreSQL stopped for $away s" "$(( $(now_ms) - t0 )) ms"
done
sleep "$gap"
terminated=$(sql postgres "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity
  WHERE datname IN ('payments', 'invoices') AND pid <> pg_backend_pid()")
db_back+=("$(now_ms)")
fault "pg_terminate_backend on every connection ($terminated terminated)" "0 ms"
sleep "$gap"
t0=$(now_ms)
# shellcheck disable=SC2046 # one pid per word
kill -STOP $(pg_pids)
sleep 30
# shellcheck disable=SC2046
kill -CONT $(pg_pids)
db_back+=("$(now_ms)")
fault "PostgreSQL frozen (SIGSTOP of every PostgreSQL process) for 30 s" "$(( $(now_ms) - t0 )) ms"
# The kills start once all five have answered ready after the last database fault (at most 60 s): a process
# killed before that would show its restart as its recovery.
for _ in $(seq 1 240); do
  all_ready=true
  for name in provider1 provider2 app1 app2 app3; do
    awk -v t="${db_back[-1]}" '$2 == "ready" && $1 >= t && $3 == "200" {found = 1} END {exit !found}' \
      "$work/poll/$name" 2>/dev/null || all_ready=false
  done
  $all_ready && break
  sleep 0.25
done
for victim in app2 provider1 app3 provider2 app1; do
  sleep "$gap"
  touch "$work/poll/$victim.down"
  kill -KILL "${pids[$victim]}"; wait "${pids[$victim]}" 2>/dev/null || true
  t0=$(now_ms)
  if [[ $victim == provider* ]]; then start_provider "$victim"; else start_app "$victim" "${provider_of[$victim]}"; fi
  wait_up "$victim"
  rm -f "$work/poll/$victim.down"
  fault "SIGKILL $victim, restarted" "0 ms ($victim back after $(( $(now_ms) - t0 )) ms)"
done
echo "   $(pending) invoices payable; stopping the payment-run drivers"
touch "$work/stop"
for pid in "${driver_pids[@]}" "${poller_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
driver_pids=(); poller_pids=()

echo "== settling: payment runs on app1 until nothing is payable, in flight or unknown"
settling_runs=0
lease_wait=$((SECONDS + 12)) # in-flight attempts of killed runs become resolvable after the 10 s lease
open_work() {
  sql invoices "SELECT (SELECT COUNT(*) FROM invoices WHERE status IN ('PENDING', 'PROCESSING'))
    + (SELECT COUNT(*) FROM payment_attempts WHERE outcome IN ('IN_FLIGHT', 'UNKNOWN'))"
}
while ((settling_runs < 40)); do
  curl -s -o /dev/null --max-time 300 -X POST "http://127.0.0.1:${ports[app1]}/rest/v1/payment-runs?wait=true" || true
  settling_runs=$((settling_runs + 1))
  if [[ $(open_work) == 0 ]] && ((SECONDS >= lease_wait)); then
    break
  fi
  sleep 1
done
# One last run after the lease: it marks any run still RUNNING in the table (a killed process's) ABANDONED.
curl -s -o /dev/null --max-time 300 -X POST "http://127.0.0.1:${ports[app1]}/rest/v1/payment-runs?wait=true" || true

echo "== stopping the services (SIGTERM) and comparing the provider's ledger with the invoice table"
for name in app1 app2 app3 provider1 provider2; do stop_pid "${pids[$name]}" TERM; unset "pids[$name]"; done

# The two databases are separate: the provider's charges are copied into a scratch table of the invoice database.
sql payments "COPY (SELECT id, idempotency_key, customer_id, invoice_id, amount, currency, status FROM charges)
  TO STDOUT" >"$work/charges.tsv"
sql invoices "CREATE TABLE chaos_charges (id TEXT, idempotency_key TEXT, customer_id TEXT, invoice_text TEXT,
  amount BIGINT, currency TEXT, status TEXT)"
as_postgres "$pg_bin/psql" -X -q -h "$work/pg" -p "$pg_port" -U postgres -d invoices \
  -c "\\copy chaos_charges FROM STDIN" <"$work/charges.tsv"
figure() { # name sql
  printf -v "fig_$1" '%s' "$(sql invoices "WITH ch AS (SELECT *, CASE WHEN invoice_text ~ '^[0-9]{1,18}$'
    THEN invoice_text::BIGINT END AS invoice_id FROM chaos_charges),
    succeeded AS (SELECT invoice_id, COUNT(*) AS n, MIN(id) AS charge_id FROM ch WHERE status = 'SUCCEEDED'
    GROUP BY invoice_id) $2")"
}
figure invoices "SELECT COUNT(*) FROM invoices"
figure customers "SELECT COUNT(*) FROM customers"
figure paid "SELECT COUNT(*) FROM invoices WHERE status = 'PAID'"
figure unsettled "SELECT COUNT(*) FROM invoices WHERE status NOT IN ('PAID', 'FAILED')"
figure charges "SELECT COUNT(*) FROM ch"
figure charges_succeeded "SELECT COUNT(*) FROM ch WHERE status = 'SUCCEEDED'"
figure attempts "SELECT COUNT(*) FROM payment_attempts"
figure runs "SELECT COUNT(*) FROM payment_runs"
figure runs_by_state "SELECT string_agg(state || ' ' || n, ', ' ORDER BY state) FROM (SELECT state, COUNT(*) AS n
  FROM payment_runs GROUP BY state) s"
figure reconciled "SELECT COALESCE(SUM(reconciled), 0) FROM payment_runs"
figure over_total "SELECT COUNT(*) FROM payment_runs WHERE attempted > total
  OR paid + declined + failed + unknown + not_charged > total"
figure double_charged "SELECT COUNT(*) FROM succeeded WHERE n > 1"
figure paid_without_charge "SELECT COUNT(*) FROM invoices i LEFT JOIN succeeded s ON s.invoice_id = i.id
  WHERE i.status = 'PAID' AND (s.invoice_id IS NULL OR s.n <> 1)"
figure paid_mismatch "SELECT COUNT(*) FROM invoices i JOIN ch ON ch.invoice_id = i.id AND ch.status = 'SUCCEEDED'
  WHERE ch.amount <> i.amount_minor OR ch.currency <> i.currency OR ch.customer_id <> i.customer_id::TEXT"
figure charged_not_paid "SELECT COUNT(*) FROM succeeded s LEFT JOIN invoices i ON i.id = s.invoice_id
  WHERE i.id IS NULL OR i.status <> 'PAID'"
figure unknown_keys "SELECT COUNT(*) FROM ch WHERE NOT EXISTS (SELECT 1 FROM payment_attempts a
  WHERE a.idempotency_key = ch.idempotency_key AND a.invoice_id = ch.invoice_id)"
figure open_attempts "SELECT COUNT(*) FROM payment_attempts WHERE outcome IN ('IN_FLIGHT', 'UNKNOWN')"
figure running_runs "SELECT COUNT(*) FROM payment_runs WHERE state = 'RUNNING'"
figure seeds "SELECT COUNT(*) FROM seed_state"

# From the outside: every poller line, per process and kind.
bad_5xx=0 live_failed=0 polls=0 status_counts=""
for name in provider1 provider2 app1 app2 app3; do
  file=$work/poll/$name
  [[ -f $file ]] || continue
  polls=$((polls + $(wc -l <"$file")))
  bad_5xx=$((bad_5xx + $(awk '$3 ~ /^5/ && $3 != "503"' "$file" | wc -l)))
  live_failed=$((live_failed + $(awk '$2 == "live" && $3 != "200"' "$file" | wc -l)))
  status_counts+="$name: $(awk '{print $2 " " $3}' "$file" | sort | uniq -c | awk '{printf "%s %s ×%s, ", $2, $3, $1}')"$'\n'
done
# Readiness after each database fault: for every process, the first ready=200 at or after the database was back.
recovery_rows=() worst_recovery=0
for back in "${db_back[@]}"; do
  worst=0
  for name in provider1 provider2 app1 app2 app3; do
    first=$(awk -v t="$back" '$2 == "ready" && $1 >= t && $3 == "200" {print $1; exit}' "$work/poll/$name" 2>/dev/null)
    [[ -n $first ]] || first=$((back + 999999))
    ((first - back > worst)) && worst=$((first - back))
  done
  recovery_rows+=("$worst")
  ((worst > worst_recovery)) && worst_recovery=$worst
done

violations=()
check() { # figure expected description
  local actual="fig_$1"
  if [[ ${!actual} != "$2" ]]; then violations+=("$3: ${!actual} (expected $2)"); fi
}
check invoices "$expected_invoices" "invoices in the table (seeded once by three replicas at once)"
check customers "$seed_customers" "customers in the table"
check seeds 1 "seeds recorded"
check double_charged 0 "invoices with two SUCCEEDED charges"
check paid_without_charge 0 "PAID invoices without exactly one SUCCEEDED charge"
check paid_mismatch 0 "SUCCEEDED charges whose amount, currency or customer differs from the invoice"
check charged_not_paid 0 "SUCCEEDED charges for an unpaid invoice"
check unknown_keys 0 "charges under a key invoice-app never stored"
check open_attempts 0 "attempts left IN_FLIGHT or UNKNOWN"
check unsettled 0 "invoices left PENDING or PROCESSING"
check running_runs 0 "runs left RUNNING"
check over_total 0 "runs whose progress passed their total"
((bad_5xx == 0)) || violations+=("5xx answers other than 503: $bad_5xx")
((live_failed == 0)) || violations+=("liveness answers other than 200 (incl. timeouts): $live_failed")
((worst_recovery <= ready_within * 1000)) \
  || violations+=("readiness back $worst_recovery ms after the database (at most $((ready_within * 1000)) ms)")

i=0
fault_rows=""
for row in "${faults[@]}"; do
  if ((i < ${#recovery_rows[@]})); then
    fault_rows+="${row} ${recovery_rows[$i]} ms |"$'\n'
  else
    fault_rows+="${row} — |"$'\n'
  fi
  i=$((i + 1))
done

# shellcheck disable=SC2154 # the fig_* variables are set by figure() through printf -v
cat <<EOF

### Chaos test on PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') ($(date -u +%Y-%m-%dT%H:%MZ), $((SECONDS - started)) s)

2 providers, 3 invoice-apps, $expected_invoices invoices, SUCCESS_RATE=$success_rate, FAULT_LATENCY_MS=$fault_latency,
PAY_CONCURRENCY=$pay_concurrency, payment runs back to back on every invoice-app.

| At | Fault | Database away | Readiness of all 5 back after the database |
|---:|---|---:|---:|
${fault_rows}
| Figure | Value |
|---|---:|
| Invoices seeded / in the table / seeds recorded | $expected_invoices / $fig_invoices / $fig_seeds |
| PAID / still payable | $fig_paid / $fig_unsettled |
| Charges at the providers (SUCCEEDED) | $fig_charges ($fig_charges_succeeded) |
| Attempts / runs ($fig_runs_by_state) / settling runs | $fig_attempts / $fig_runs / $settling_runs |
| Attempts reconciled with the provider | $fig_reconciled |
| Invoices with two SUCCEEDED charges | $fig_double_charged |
| PAID without exactly one SUCCEEDED charge / charge with other amount, currency or customer | $fig_paid_without_charge / $fig_paid_mismatch |
| SUCCEEDED charges for an unpaid invoice / charges under an unknown key | $fig_charged_not_paid / $fig_unknown_keys |
| Attempts left IN_FLIGHT or UNKNOWN / runs left RUNNING / runs past their total | $fig_open_attempts / $fig_running_runs / $fig_over_total |
| Poller answers / 5xx other than 503 / liveness failures | $polls / $bad_5xx / $live_failed |
| Slowest readiness recovery after the database was back | $worst_recovery ms (limit $((ready_within * 1000))) |

Answers seen by the pollers:
\`\`\`
${status_counts}\`\`\`
EOF

if ((${#violations[@]} > 0)); then
  echo
  echo "chaos-pg: FAILED, ${#violations[@]} check(s):" >&2
  printf '  - %s\n' "${violations[@]}" >&2
  exit 1
fi
echo
echo "chaos-pg: OK"
