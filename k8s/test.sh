#!/usr/bin/env bash
# Tests a deployed payrail from outside the cluster:
#   1. invoice-app answers on its external address (NodePort, load balancer, or a port-forward as last resort);
#   2. one call of the pay endpoint charges every PENDING invoice once and roughly half end PAID
#      (--until-all-paid: keeps calling it until none is PENDING and asserts all are PAID);
#   3. a pod in another namespace — even one labelled as invoice-app — cannot reach payment-provider;
#   4. a pod that the NetworkPolicies do let through (labelled invoice-app, in invoicing) reaches the provider
#      but gets 401 without a token.
# Prints a summary and exits non-zero when any check fails.
#
#   k8s/test.sh [--url http://HOST:PORT] [--until-all-paid] [--context NAME] [--probe-image IMAGE]
#   k8s/test.sh --dry-run     # print the plan, touch nothing
#   k8s/test.sh --self-test   # check this script's own JSON counting and thresholds, no cluster needed
#
# POST endpoints use ADMIN_TOKEN from the environment, else the invoice-app-admin-token Secret when it exists.
set -euo pipefail

url=""
until_all_paid=false
max_rounds=40
context=""
dry_run=false
self_test=false
# The throwaway pods need curl; pinned, and overridable for clusters that mirror images.
probe_image="curlimages/curl:8.11.1"
readonly PROVIDER_URL="http://payment-provider.payments.svc.cluster.local:9000"
# 1,000 charges at a 0.5 success rate: 500 ± 16 PAID; 35–65 % is far outside chance yet catches "all" or "none".
readonly HALF_MIN_PERCENT=35 HALF_MAX_PERCENT=65

usage() {
  sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

die() {
  echo "test.sh: $*" >&2
  exit 2
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --url) url="${2:?--url needs a value}"; url="${url%/}"; shift 2 ;;
    --until-all-paid) until_all_paid=true; shift ;;
    --max-rounds) max_rounds="${2:?--max-rounds needs a value}"; shift 2 ;;
    --context) context="${2:?--context needs a value}"; shift 2 ;;
    --probe-image) probe_image="${2:?--probe-image needs a value}"; shift 2 ;;
    --dry-run) dry_run=true; shift ;;
    --self-test) self_test=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
done

kubectl_cmd=(kubectl)
if [[ -n "${context}" ]]; then
  kubectl_cmd+=(--context "${context}")
fi

# --- Pure helpers (exercised by --self-test) ----------------------------------------------------------------------
# invoice-app answers bare JSON arrays of {"id":…,"customerId":…,"amount":{…},"status":"PAID"}.
count_status() { # STATUS < invoices.json
  { grep -o "\"status\"[[:space:]]*:[[:space:]]*\"$1\"" || true; } | wc -l | tr -d ' '
}

count_invoices() { # < invoices.json
  { grep -o '"status"[[:space:]]*:' || true; } | wc -l | tr -d ' '
}

roughly_half() { # PAID ATTEMPTED
  local paid="$1" attempted="$2"
  ((attempted > 0)) && ((paid * 100 >= HALF_MIN_PERCENT * attempted)) && ((paid * 100 <= HALF_MAX_PERCENT * attempted))
}

# Interprets the line a probe pod prints: "http=CODE curl_exit=N".
probe_blocked() { # LINE: the connection never got an HTTP answer
  [[ "$1" == *"http=000"* && "$1" != *"curl_exit=0"* ]]
}

probe_status() { # LINE
  local line="$1"
  line="${line#*http=}"
  echo "${line%% *}"
}

if [[ "${self_test}" == true ]]; then
  failed=0
  expect() { # description actual expected
    if [[ "$2" == "$3" ]]; then echo "ok   $1"; else echo "FAIL $1: got '$2', expected '$3'"; failed=1; fi
  }
  sample='[{"id":1,"customerId":1,"amount":{"value":184.04,"currency":"USD"},"status":"PAID"},
{"id":2,"customerId":1,"amount":{"value":12.00,"currency":"USD"},"status":"PENDING"},
{"id":3, "customerId":2, "amount":{"value":9.99,"currency":"EUR"}, "status" : "PAID"},
{"id":4,"customerId":3,"amount":{"value":1.00,"currency":"DKK"},"status":"FAILED"}]'
  expect "counts PAID with and without spaces" "$(count_status PAID <<<"${sample}")" 2
  expect "counts PENDING" "$(count_status PENDING <<<"${sample}")" 1
  expect "counts FAILED" "$(count_status FAILED <<<"${sample}")" 1
  expect "counts all invoices" "$(count_invoices <<<"${sample}")" 4
  expect "counts nothing in an empty list" "$(count_status PAID <<<"[]")" 0
  expect "507 of 1000 is roughly half" "$(roughly_half 507 1000 && echo yes || echo no)" yes
  expect "350 of 1000 is roughly half" "$(roughly_half 350 1000 && echo yes || echo no)" yes
  expect "1000 of 1000 is not" "$(roughly_half 1000 1000 && echo yes || echo no)" no
  expect "0 of 1000 is not" "$(roughly_half 0 1000 && echo yes || echo no)" no
  expect "nothing attempted is not" "$(roughly_half 0 0 && echo yes || echo no)" no
  expect "a timed-out probe is blocked" "$(probe_blocked 'http=000 curl_exit=28' && echo yes || echo no)" yes
  expect "a refused probe is blocked" "$(probe_blocked 'http=000 curl_exit=7' && echo yes || echo no)" yes
  expect "an answered probe is not blocked" "$(probe_blocked 'http=401 curl_exit=0' && echo yes || echo no)" no
  expect "reads the probe's status" "$(probe_status 'http=401 curl_exit=0')" 401
  exit "${failed}"
fi

if [[ "${dry_run}" == true ]]; then
  cat <<EOF
test.sh plan (dry run: nothing is called)
  url:            ${url:-discovered: minikube ip:30800 | kind localhost:30800 | LoadBalancer IP:8000 | kubectl port-forward}
  admin token:    \$ADMIN_TOKEN, else Secret invoicing/invoice-app-admin-token when present
  1. GET  <url>/rest/health                       expect 200
  2. GET  <url>/rest/v1/invoices                  count PENDING and PAID
  3. POST <url>/rest/v1/invoices/pay              expect 200 (true|false)
  4. GET  <url>/rest/v1/invoices                  newly PAID / previously PENDING within ${HALF_MIN_PERCENT}-${HALF_MAX_PERCENT} %
$( if [[ "${until_all_paid}" == true ]]; then echo "  5. POST pay again (at most ${max_rounds} rounds) until no invoice is PENDING; expect all PAID"; fi )
  6. namespace payrail-netcheck-<n> (PSA restricted), pod labelled app.kubernetes.io/name=invoice-app, image ${probe_image}:
     curl ${PROVIDER_URL}/health/live            expect no connection (NetworkPolicy)
  7. pod in invoicing labelled app.kubernetes.io/name=invoice-app:
     curl ${PROVIDER_URL}/health/live            expect 200 (the allowed path works)
     curl ${PROVIDER_URL}/v1/customers/probe     expect 401 without a token
  8. delete the throwaway pods and namespace; print the summary; exit 1 on any FAIL
EOF
  exit 0
fi

command -v curl >/dev/null 2>&1 || die "curl is required"
command -v kubectl >/dev/null 2>&1 || die "kubectl is required (https://kubernetes.io/docs/tasks/tools/)"

work_dir="$(mktemp -d "${TMPDIR:-/tmp}/payrail-test.XXXXXX")"
port_forward_pid=""
probe_namespace="payrail-netcheck-$$"
probe_pod_in_invoicing="payrail-probe-$$"
cleanup() {
  if [[ -n "${port_forward_pid}" ]]; then kill "${port_forward_pid}" 2>/dev/null || true; fi
  "${kubectl_cmd[@]}" delete namespace "${probe_namespace}" --ignore-not-found --wait=false >/dev/null 2>&1 || true
  "${kubectl_cmd[@]}" -n invoicing delete pod "${probe_pod_in_invoicing}" --ignore-not-found --wait=false >/dev/null 2>&1 || true
  rm -rf "${work_dir}"
}
trap cleanup EXIT

results=()
failures=0
record() { # PASS|FAIL|SKIP name detail
  results+=("$(printf '%-4s  %-44s %s' "$1" "$2" "$3")")
  printf '%-4s  %-44s %s\n' "$1" "$2" "$3"
  if [[ "$1" == FAIL ]]; then failures=$((failures + 1)); fi
}

admin_token="${ADMIN_TOKEN:-}"
if [[ -z "${admin_token}" ]]; then
  admin_token="$("${kubectl_cmd[@]}" -n invoicing get secret invoice-app-admin-token -o jsonpath='{.data.token}' 2>/dev/null \
    | base64 -d 2>/dev/null || true)"
fi

http_status=""
http() { # METHOD PATH [MAX_SECONDS]; body in ${work_dir}/body
  local auth=()
  if [[ "$1" == POST && -n "${admin_token}" ]]; then auth=(-H "Authorization: Bearer ${admin_token}"); fi
  http_status="$(curl -sS -o "${work_dir}/body" -w '%{http_code}' -X "$1" "${auth[@]}" --max-time "${3:-30}" \
    "${url}$2" 2>"${work_dir}/curl.err" || true)"
}

healthy() {
  curl -fsS --max-time 3 "$1/rest/health" >/dev/null 2>&1
}

# --- 1. Reach invoice-app from outside ------------------------------------------------------------------------------
if [[ -z "${url}" ]]; then
  current_context="$("${kubectl_cmd[@]}" config current-context 2>/dev/null || true)"
  candidates=()
  case "${current_context}" in
    minikube*) if command -v minikube >/dev/null 2>&1; then candidates+=("http://$(minikube ip):30800"); fi ;;
    kind-*) candidates+=("http://localhost:30800") ;;
  esac
  lb="$("${kubectl_cmd[@]}" -n invoicing get service invoice-app \
    -o jsonpath='{.status.loadBalancer.ingress[0].ip}{.status.loadBalancer.ingress[0].hostname}' 2>/dev/null || true)"
  if [[ -n "${lb}" ]]; then candidates+=("http://${lb}:8000"); fi
  for candidate in "${candidates[@]}"; do
    if healthy "${candidate}"; then url="${candidate}"; break; fi
  done
  if [[ -z "${url}" ]]; then
    local_port=$((30000 + RANDOM % 20000))
    "${kubectl_cmd[@]}" -n invoicing port-forward service/invoice-app "${local_port}:8000" >"${work_dir}/port-forward.log" 2>&1 &
    port_forward_pid=$!
    url="http://127.0.0.1:${local_port}"
    echo "no external address answered; using kubectl port-forward on ${url}"
  fi
fi
echo "invoice-app: ${url}"

for _ in $(seq 1 60); do
  if healthy "${url}"; then break; fi
  sleep 1
done
http GET /rest/health 10
if [[ "${http_status}" == 200 ]]; then
  record PASS "invoice-app answers from outside" "${url}/rest/health"
else
  record FAIL "invoice-app answers from outside" "GET ${url}/rest/health -> ${http_status} $(cat "${work_dir}/curl.err")"
fi

# --- 2. Pay: roughly half PAID ----------------------------------------------------------------------------------------
fetch_invoices() { # sets total pending paid failed
  http GET /rest/v1/invoices 60
  if [[ "${http_status}" != 200 ]]; then
    return 1
  fi
  total="$(count_invoices <"${work_dir}/body")"
  pending="$(count_status PENDING <"${work_dir}/body")"
  paid="$(count_status PAID <"${work_dir}/body")"
  failed="$(count_status FAILED <"${work_dir}/body")"
}

if fetch_invoices; then
  pending_before="${pending}" paid_before="${paid}"
  echo "before: ${total} invoices, ${paid} PAID, ${pending} PENDING, ${failed} FAILED"
  http POST /rest/v1/invoices/pay 900
  if [[ "${http_status}" == 200 ]]; then
    record PASS "pay endpoint" "POST /rest/v1/invoices/pay -> $(head -c 20 "${work_dir}/body")"
  else
    record FAIL "pay endpoint" "POST /rest/v1/invoices/pay -> ${http_status} $(head -c 200 "${work_dir}/body")"
  fi
  if fetch_invoices; then
    newly_paid=$((paid - paid_before))
    summary="${newly_paid} of ${pending_before} PENDING became PAID; now ${paid}/${total} PAID"
    if ((pending_before == 0)); then
      record SKIP "roughly half PAID" "no PENDING invoice to pay (redeploy the local overlay to reseed)"
    elif roughly_half "${newly_paid}" "${pending_before}"; then
      record PASS "roughly half PAID" "${summary}"
    else
      record FAIL "roughly half PAID" "${summary} (expected ${HALF_MIN_PERCENT}-${HALF_MAX_PERCENT} %)"
    fi
  else
    record FAIL "roughly half PAID" "GET /rest/v1/invoices -> ${http_status}"
  fi
  if [[ "${until_all_paid}" == true ]]; then
    round=1
    while ((pending > 0 && round < max_rounds)); do
      round=$((round + 1))
      http POST /rest/v1/invoices/pay 900
      fetch_invoices || break
      echo "round ${round}: ${paid} PAID, ${pending} PENDING, ${failed} FAILED"
    done
    if ((pending == 0 && failed == 0 && paid == total && total > 0)); then
      record PASS "all PAID (--until-all-paid)" "${total} invoices PAID after ${round} pay calls"
    else
      record FAIL "all PAID (--until-all-paid)" "after ${round} pay calls: ${paid} PAID, ${pending} PENDING, ${failed} FAILED of ${total}"
    fi
  fi
else
  record FAIL "fetch invoices" "GET /rest/v1/invoices -> ${http_status} $(cat "${work_dir}/curl.err")"
fi

# --- 3./4. Probe pods -----------------------------------------------------------------------------------------------
# A restricted-PSA-compliant pod that runs curl against the provider and prints one line per call.
run_probe() { # NAMESPACE NAME SCRIPT -> logs on stdout
  local namespace="$1" name="$2" script="$3"
  "${kubectl_cmd[@]}" apply -f - >/dev/null <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: ${namespace}
  labels:
    app.kubernetes.io/name: invoice-app
    app.kubernetes.io/component: test-probe
spec:
  restartPolicy: Never
  automountServiceAccountToken: false
  securityContext:
    runAsNonRoot: true
    runAsUser: 10001
    runAsGroup: 10001
    seccompProfile:
      type: RuntimeDefault
  containers:
    - name: probe
      image: ${probe_image}
      command: ["sh", "-c", $(printf '%s' "${script}" | sed 's/\\/\\\\/g; s/"/\\"/g; s/^/"/; s/$/"/')]
      resources:
        requests: {cpu: 10m, memory: 16Mi}
        limits: {cpu: 100m, memory: 32Mi}
      securityContext:
        allowPrivilegeEscalation: false
        readOnlyRootFilesystem: true
        capabilities:
          drop: ["ALL"]
EOF
  if ! "${kubectl_cmd[@]}" -n "${namespace}" wait --for=jsonpath='{.status.phase}'=Succeeded "pod/${name}" --timeout=120s >/dev/null; then
    echo "probe pod ${namespace}/${name} did not finish:" >&2
    "${kubectl_cmd[@]}" -n "${namespace}" describe pod "${name}" | tail -n 15 >&2 || true
    return 1
  fi
  "${kubectl_cmd[@]}" -n "${namespace}" logs "${name}"
}

curl_line() { # LABEL URL: prints "LABEL http=CODE curl_exit=N"; never fails
  # shellcheck disable=SC2016 # expanded by the probe pod's shell, not here
  printf 'code=$(curl -s -o /dev/null -m 5 -w "%%{http_code}" %s); echo "%s http=$code curl_exit=$?"' "$2" "$1"
}

"${kubectl_cmd[@]}" create namespace "${probe_namespace}" >/dev/null
"${kubectl_cmd[@]}" label namespace "${probe_namespace}" pod-security.kubernetes.io/enforce=restricted >/dev/null
if outside="$(run_probe "${probe_namespace}" probe "$(curl_line outside "${PROVIDER_URL}/health/live")")"; then
  if probe_blocked "${outside}"; then
    record PASS "other namespace cannot reach the provider" "${outside}"
  else
    record FAIL "other namespace cannot reach the provider" "${outside} (does the CNI enforce NetworkPolicy?)"
  fi
else
  record FAIL "other namespace cannot reach the provider" "probe pod did not run (image ${probe_image})"
fi

inside_script="$(curl_line health "${PROVIDER_URL}/health/live"); $(curl_line no-token "${PROVIDER_URL}/v1/customers/probe")"
if inside="$(run_probe invoicing "${probe_pod_in_invoicing}" "${inside_script}")"; then
  health_line="$(grep '^health ' <<<"${inside}" || true)"
  token_line="$(grep '^no-token ' <<<"${inside}" || true)"
  if [[ "$(probe_status "${health_line}")" == 200 ]]; then
    record PASS "invoice-app pods reach the provider" "${health_line}"
  else
    record FAIL "invoice-app pods reach the provider" "${health_line}"
  fi
  if [[ "$(probe_status "${token_line}")" == 401 ]]; then
    record PASS "a call without a token gets 401" "${token_line}"
  else
    record FAIL "a call without a token gets 401" "${token_line}"
  fi
else
  record FAIL "a call without a token gets 401" "probe pod did not run (image ${probe_image})"
fi

# --- Summary -----------------------------------------------------------------------------------------------------
echo
echo "== payrail test summary (${url})"
printf '%s\n' "${results[@]}"
if ((failures > 0)); then
  echo "${failures} check(s) FAILED"
  exit 1
fi
echo "all checks passed"
