#!/usr/bin/env bash
# Validates docker-compose.yml without a Docker engine:
#  1. against the Compose file schema, with docker-compose 1.29 from Debian (`config -q` rejects unknown keys,
#     wrong types and invalid values without contacting an engine); installed from apt when missing;
#  2. against our own rules (check-compose.py): every long-running service hardened like the Kubernetes pods,
#     only invoice-app published, and only on 127.0.0.1:8000, keys wired from the keygen volume.
# A deliberately broken copy must be rejected by both, or the check itself is broken.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
compose_file="$REPO_ROOT/docker-compose.yml"

if ! command -v docker-compose >/dev/null 2>&1; then
  [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null 2>&1 || die "docker-compose is missing: apt-get install docker-compose"
  log "installing docker-compose (1.29, for its schema validation) from apt"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose >/dev/null 2>&1 ||
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose >/dev/null; }
fi

tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
resolved="$tmp/resolved.yml"
docker-compose -f "$compose_file" --project-directory "$REPO_ROOT" config >"$resolved" ||
  die "docker-compose.yml does not validate against the Compose schema"
/usr/bin/python3 "$CONTAINERS_DIR/check-compose.py" "$resolved" || die "docker-compose.yml breaks the hardening rules"

# The checks must be able to fail: an unknown key, and a published provider port.
sed '0,/^    mem_limit: 512m$/s//    mem_limt: 512m/' "$compose_file" >"$tmp/typo.yml"
if docker-compose -f "$tmp/typo.yml" --project-directory "$REPO_ROOT" config -q 2>/dev/null; then
  die "docker-compose accepted an unknown key (mem_limt): the schema check cannot fail"
fi
/usr/bin/python3 - "$resolved" "$tmp/published.yml" <<'PY'
import sys, yaml
doc = yaml.safe_load(open(sys.argv[1]))
doc["services"]["payment-provider"]["ports"] = [{"target": 9000, "published": 9000, "protocol": "tcp", "mode": "ingress"}]
yaml.safe_dump(doc, open(sys.argv[2], "w"))
PY
if /usr/bin/python3 "$CONTAINERS_DIR/check-compose.py" "$tmp/published.yml" >/dev/null 2>&1; then
  die "check-compose.py accepted a published payment-provider port: the rules cannot fail"
fi
log "docker-compose.yml: Compose schema valid (docker-compose $(docker-compose version --short)), hardening rules hold, both checks reject broken copies"
