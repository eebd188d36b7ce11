# shellcheck shell=bash
# Shared by bench/provider-bench.sh and bench/graceful-stop.sh (sourced, not run). Needs JAR set to the provider's
# fat jar before mint_bench_token is called.

ensure_wrk() { # installs wrk from Debian apt when missing
  if ! command -v wrk >/dev/null 2>&1; then
    echo "== installing wrk from Debian apt" >&2
    local sudo=""
    [[ "$(id -u)" -ne 0 ]] && sudo="sudo"
    $sudo apt-get update -qq && $sudo apt-get install -y -qq wrk >/dev/null
  fi
}

wait_for_line() { # file pattern -> prints the port (the pattern's trailing number), or fails after 60 s
  for _ in $(seq 1 600); do
    if grep -qE "$2" "$1" 2>/dev/null; then
      grep -oE "$2" "$1" | head -1 | grep -oE '[0-9]+$'
      return 0
    fi
    sleep 0.1
  done
  echo "timed out waiting for '$2' in $1:" >&2; cat "$1" >&2; return 1
}

mint_bench_token() { # keys_dir -> an ES256 key pair there (kid bench-key) and one token for all requests, printed
  java -jar "$JAR" keygen --out "$1" --kid bench-key >/dev/null &&
    java -jar "$JAR" mint-token --private-key "$1/private-key.pem" --kid bench-key \
      --issuer invoice-app --subject invoice-app --lifetime-seconds 3600
}
