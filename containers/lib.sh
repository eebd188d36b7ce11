# Sourced by the scripts in containers/: common paths and the podman configuration.
CONTAINERS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$CONTAINERS_DIR/.." && pwd)"
export CONTAINERS_CONF="$CONTAINERS_DIR/containers.conf"

JRE_IMAGE="${JRE_IMAGE:-localhost/payrail/jre:17-jlink}"
PROVIDER_IMAGE="${PROVIDER_IMAGE:-localhost/payrail/payment-provider:0.1.0}"
INVOICE_IMAGE="${INVOICE_IMAGE:-localhost/payrail/invoice-app:0.1.0}"

log() { printf '== %s\n' "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }
