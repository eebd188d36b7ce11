#!/usr/bin/env bash
# One payment run on a running invoice-app, checked from outside:
#   GET  BASE/rest/v1/invoices        count PENDING (the invoices the run should attempt)
#   POST BASE/rest/v1/invoices/pay    the Antaeus pay endpoint: one run over every PENDING invoice
#   GET  BASE/rest/v1/invoices        (until none is PROCESSING) newly PAID / previously PENDING within MIN-MAX %
# With the provider's success rate of 0.5 and the 1,000 demo invoices, 500 ± 16 is expected; 30-70 % is far
# outside chance and still catches "all" and "none".
#
#   payment-run-check.sh BASE_URL [MIN_PERCENT] [MAX_PERCENT]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
base=${1:?usage: payment-run-check.sh BASE_URL [MIN_PERCENT] [MAX_PERCENT]}
min=${2:-30} max=${3:-70}
PAY_TIMEOUT_S=${PAY_TIMEOUT_S:-300}
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT

counts() { # prints "TOTAL PENDING PROCESSING PAID FAILED"
  local code
  code=$(curl -s -m 30 -o "$tmp/invoices.json" -w '%{http_code}' "$base/rest/v1/invoices") || code=000
  [[ $code == 200 ]] || die "GET $base/rest/v1/invoices answered $code: $(head -c 300 "$tmp/invoices.json" 2>/dev/null)"
  /usr/bin/python3 - "$tmp/invoices.json" <<'PY'
import collections, json, sys
invoices = json.load(open(sys.argv[1]))
if isinstance(invoices, dict):  # tolerate a wrapped list
    invoices = next(v for v in invoices.values() if isinstance(v, list))
c = collections.Counter(i["status"] for i in invoices)
print(len(invoices), c["PENDING"], c["PROCESSING"], c["PAID"], c["FAILED"])
PY
}

read -r total pending processing paid failed < <(counts)
log "before: $total invoices, $pending PENDING, $paid PAID, $failed FAILED"
((pending > 0)) || die "no PENDING invoice to pay (is SEED_DEMO_DATA off?)"

started=$SECONDS
code=$(curl -s -m "$PAY_TIMEOUT_S" -o "$tmp/pay.json" -w '%{http_code}' -X POST "$base/rest/v1/invoices/pay") || code=000
[[ $code == 200 || $code == 202 ]] || die "POST $base/rest/v1/invoices/pay answered $code: $(head -c 300 "$tmp/pay.json")"
log "POST /rest/v1/invoices/pay: $code $(head -c 200 "$tmp/pay.json") after $((SECONDS - started)) s"

deadline=$((SECONDS + PAY_TIMEOUT_S))
while :; do
  read -r total2 pending2 processing2 paid2 failed2 < <(counts)
  ((processing2 == 0 && pending2 + paid2 + failed2 == total2 && paid2 > paid)) && break
  ((SECONDS < deadline)) || die "after ${PAY_TIMEOUT_S} s: $pending2 PENDING, $processing2 PROCESSING, $paid2 PAID"
  sleep 1
done
newly_paid=$((paid2 - paid))
percent=$((newly_paid * 100 / pending))
log "after: $total2 invoices, $pending2 PENDING, $paid2 PAID, $failed2 FAILED in $((SECONDS - started)) s"
if ((percent >= min && percent <= max)); then
  printf 'ok: payment run paid %d of %d PENDING invoices (%d %%, expected %d-%d %%)\n' "$newly_paid" "$pending" "$percent" "$min" "$max" >&2
else
  die "payment run paid $newly_paid of $pending PENDING invoices ($percent %), expected $min-$max %"
fi
