#!/usr/bin/env bash
# Installs podman, runc (and binutils for strip, python3-yaml for the manifest scripts) from Debian's packages when missing and checks that podman works with
# containers/containers.conf. Idempotent: a second run only checks.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

missing=()
command -v podman >/dev/null 2>&1 || missing+=(podman)
command -v runc >/dev/null 2>&1 || missing+=(runc)
command -v strip >/dev/null 2>&1 || missing+=(binutils)   # build-jre-image.sh strips libjvm.so
# kube-play-manifests.py and check-compose.py run on Debian's python3 with PyYAML.
/usr/bin/python3 -c 'import yaml' >/dev/null 2>&1 || missing+=(python3-yaml)
if ((${#missing[@]})); then
  [[ $(id -u) == 0 ]] || die "missing ${missing[*]} and not root: install them with 'sudo apt-get install -y ${missing[*]}'"
  command -v apt-get >/dev/null 2>&1 || die "missing ${missing[*]} and no apt-get: install them with your package manager"
  log "installing ${missing[*]} from apt"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # uidmap/slirp4netns/fuse-overlayfs come as podman's recommends; netavark/aardvark-dns give DNS on podman networks.
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! podman info --format '{{.Host.OCIRuntime.Name}} {{.Version.Version}}' >/tmp/payrail-podman-info.$$ 2>&1; then
  cat /tmp/payrail-podman-info.$$ >&2; rm -f /tmp/payrail-podman-info.$$
  die "podman info failed with CONTAINERS_CONF=$CONTAINERS_CONF"
fi
read -r runtime version </tmp/payrail-podman-info.$$; rm -f /tmp/payrail-podman-info.$$
[[ $runtime == runc ]] || die "podman uses OCI runtime '$runtime', expected runc (CONTAINERS_CONF=$CONTAINERS_CONF)"
log "podman $version with $runtime ready (CONTAINERS_CONF=$CONTAINERS_CONF)"
