#!/usr/bin/env bash
# The monitoring component against a real Prometheus (Debian's prometheus package), without a cluster:
# starts the provider and invoice-app from their jars on free loopback ports, a Prometheus that scrapes both the
# way the ServiceMonitors say (path from the rendered ServiceMonitors, interval scaled down to 1 s) and loads
# the rules rendered from the production overlay (every "for" scaled down to 5 s), then
#   1. after some traffic and a payment run, checks that every metric name the rules and the dashboard use is
#      exported by the running services;
#   2. stops the provider and waits for PaymentProviderDown to fire (GET /api/v1/alerts), starts it again and
#      waits for the alert to resolve.
# Usage: k8s/prometheus-test.sh   (from anywhere; needs java, kubectl, curl, prometheus; run by .ci/run)
set -euo pipefail
cd "$(dirname "$0")/.."
lib_name=prometheus-test
# shellcheck source=reliability/lib.sh
source reliability/lib.sh
require_tools java kubectl curl prometheus promtool
ensure_jars

work=$(mktemp -d)
provider_pid='' invoice_pid='' prometheus_pid=''
cleanup() {
  stop_pid "$prometheus_pid" TERM
  stop_pid "$invoice_pid" TERM
  stop_pid "$provider_pid" TERM
  rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "prometheus-test: $*" >&2
  exit 1
}

# ---- the rules and scrape settings, from the rendered production overlay ----------------------------------
kubectl kustomize k8s/overlays/production >"$work/production.yaml"
# The PrometheusRules' spec.groups, merged into one rule file: kustomize prints lists at their key's indentation,
# so dropping the two spaces of "spec:" leaves valid YAML.
awk '
  /^---$/ { kind = ""; in_groups = 0; next }
  /^kind: / { kind = $2 }
  /^[a-z]/ && !/^kind: / { in_groups = 0 }
  kind == "PrometheusRule" && /^  groups:$/ { in_groups = 1; next }
  kind == "PrometheusRule" && in_groups && /^  [^ ]/ && !/^  - / { in_groups = 0 }
  in_groups { print substr($0, 3) }
' "$work/production.yaml" | sed 's/^\( *for: \).*/\15s/' | { echo "groups:"; cat; } >"$work/rules.yaml"
promtool check rules "$work/rules.yaml" >/dev/null || fail "the extracted rules do not pass promtool check rules"
grep -q 'alert: PaymentProviderDown' "$work/rules.yaml" || fail "PaymentProviderDown is not among the rendered rules"
metrics_path=$(awk '/^kind: ServiceMonitor$/ { sm = 1 } /^---$/ { sm = 0 } sm && /path: / { print $NF; exit }' \
  "$work/production.yaml")
[[ $metrics_path == /* ]] || fail "no path found in the rendered ServiceMonitors"

# ---- the services --------------------------------------------------------------------------------------------
make_auth "$work/keys" prometheus-test
provider_port=$(free_port)
invoice_port=$(free_port)
prometheus_port=$(free_port)
provider_url=http://127.0.0.1:$provider_port
invoice_url=http://127.0.0.1:$invoice_port
prometheus_url=http://127.0.0.1:$prometheus_port

start_provider() {
  PORT=$provider_port BIND_ADDRESS=127.0.0.1 DATA_DIR="$work/provider" RANDOM_SEED=7 \
    AUTH_JWKS="$work/keys/jwks.json" AUTH_ISSUER=invoice-app AUTH_ALLOWED_SUBJECTS=invoice-app \
    java -jar "$provider_jar" >>"$work/provider.log" 2>&1 &
  provider_pid=$!
  wait_ready provider "$provider_url/health/ready" "$work/provider.log" "$provider_pid"
}
start_provider
PORT=$invoice_port BIND_ADDRESS=127.0.0.1 DATA_DIR="$work/invoice-app" PAYMENT_PROVIDER_ENDPOINT=$provider_url \
  SEED_CUSTOMERS=10 SEED_INVOICES_PER_CUSTOMER=5 AUTH_TOKEN_FILE="$work/keys/token" \
  java -jar "$invoice_jar" >"$work/invoice-app.log" 2>&1 &
invoice_pid=$!
wait_ready invoice-app "$invoice_url/health/ready" "$work/invoice-app.log" "$invoice_pid"

# ---- Prometheus ----------------------------------------------------------------------------------------------
cat >"$work/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
rule_files:
  - $work/rules.yaml
scrape_configs:
  - job_name: payment-provider
    metrics_path: $metrics_path
    static_configs:
      - targets: ["127.0.0.1:$provider_port"]
  - job_name: invoice-app
    metrics_path: $metrics_path
    static_configs:
      - targets: ["127.0.0.1:$invoice_port"]
EOF
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" \
  --web.listen-address="127.0.0.1:$prometheus_port" >"$work/prometheus.log" 2>&1 &
prometheus_pid=$!
wait_ready prometheus "$prometheus_url/-/ready" "$work/prometheus.log" "$prometheus_pid"

# alert_state name: "firing", "pending" or nothing, from Prometheus's /api/v1/alerts (each alert is printed as
# labels, annotations, state; neither object holds a brace once its templates are rendered).
alert_state() {
  curl -fsS --max-time 2 "$prometheus_url/api/v1/alerts" \
    | grep -o '"labels":{[^}]*},"annotations":{[^}]*},"state":"[a-z]*"' | grep "\"alertname\":\"$1\"" \
    | grep -o '"state":"[a-z]*"' | head -n 1 | sed 's/"state":"\([a-z]*\)"/\1/'
}
# wait_for description seconds command...: polls the command every second until it succeeds.
wait_for() {
  local what=$1 deadline=$((SECONDS + $2))
  shift 2
  until "$@"; do
    ((SECONDS < deadline)) || fail "$what did not happen within the time allowed; Prometheus log: $work/prometheus.log"
    sleep 1
  done
}
both_up() {
  curl -fsS --max-time 2 "$prometheus_url/api/v1/query?query=sum(up)" | grep -q '"value":\[[0-9.]*,"2"\]'
}
fires() { [[ $(alert_state "$1") == firing ]]; }
quiet() { [[ -z $(alert_state "$1") ]]; }

wait_for "both targets up" 60 both_up

# ---- 1. every metric name in the rules and the dashboard is exported ----------------------------------------
curl -fsS --max-time 600 -X POST "$invoice_url/rest/v1/payment-runs?wait=true" >"$work/run.json"
grep -q '"state":"COMPLETED"' "$work/run.json" || fail "the payment run did not complete: $(cat "$work/run.json")"
curl -fsS -o /dev/null "$invoice_url/rest/v1/invoices"
{ curl -fsS "$provider_url$metrics_path"; curl -fsS "$invoice_url$metrics_path"; } >"$work/exported.txt"
used=$(cat "$work/rules.yaml" k8s/components/monitoring/payrail-dashboard.json \
  | grep -oE '\b(payrail|invoice|hikaricp|http_server)_[a-z0-9_]+' | sort -u)
[[ $(wc -l <<<"$used") -ge 20 ]] || fail "fewer metric names than expected found in the rules and dashboard: $used"
missing=()
for name in $used; do
  grep -qE "^$name(\{| )" "$work/exported.txt" || missing+=("$name")
done
((${#missing[@]} == 0)) || fail "used by the rules or the dashboard but not exported: ${missing[*]}"
echo "prometheus-test: all $(wc -l <<<"$used") metric names used by the rules and the dashboard are exported"

# ---- 2. PaymentProviderDown fires when the provider stops and resolves when it is back ----------------------
quiet PaymentProviderDown || fail "PaymentProviderDown is $(alert_state PaymentProviderDown) while the provider runs"
stop_pid "$provider_pid" TERM
provider_pid=
wait_for "PaymentProviderDown firing after the provider stopped" 60 fires PaymentProviderDown
echo "prometheus-test: PaymentProviderDown fired after the provider stopped"
start_provider
wait_for "PaymentProviderDown resolving after the provider restarted" 60 quiet PaymentProviderDown
echo "prometheus-test: PaymentProviderDown resolved after the provider came back"
echo "prometheus-test: OK"
