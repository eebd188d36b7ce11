#!/usr/bin/env bash
# Proves the container images on this machine, without a registry or a cluster:
#  1. installs podman (setup-podman.sh), builds the jlink JRE base image and both images from their Dockerfiles;
#  2. validates docker-compose.yml (compose schema and our hardening rules: check-compose.sh);
#  3. runs both images as the Kubernetes manifests do: the Deployments of the rendered `k8s/overlays/local` with
#     `podman kube play` (env, uid/gid 10001, read-only root filesystem, dropped capabilities kept; see
#     kube-play-manifests.py for what podman 4.3 cannot do), or `podman run` with the same hardening when the
#     overlay or kubectl is missing;
#  4. from the host: waits for /health/ready, runs a payment run on invoice-app and asserts roughly half PAID,
#     asserts that the provider answers 401 to a charge without a token;
#  5. prints image sizes and container start-to-ready times as markdown (the kube play start above, then
#     measure-startup.sh: three starts of each image under `podman run --cpus 1`), and tears everything down.
#
#   containers/test-images.sh                 # exits non-zero on any failure
#   KEEP=1 containers/test-images.sh          # leave the pods running for a look (remove: podman pod rm -f ...)
#   MEASURE_CDS=1 containers/test-images.sh   # also build the Dockerfiles' `cds` target (AppCDS archive, over
#                                             # 100 MB) and measure its start-up beside the default images
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

PREFIX=payrail-test
NETWORK="$PREFIX"
READY_TIMEOUT_S="${READY_TIMEOUT_S:-300}"
KEY_ID="$PREFIX-key-1"
PROVIDER_JAR=payment-provider-server/target/payment-provider-server.jar
INVOICE_JAR=invoice-app/target/invoice-app.jar
PAID_MIN_PERCENT=30
PAID_MAX_PERCENT=70

failures=0
fail() { printf 'FAIL: %s\n' "$*" >&2; failures=$((failures + 1)); }
pass() { printf 'ok: %s\n' "$*" >&2; }

"$CONTAINERS_DIR/setup-podman.sh"

# -- jars -------------------------------------------------------------------------------------------------------
# Normally built already by `./mvnw verify`; a module without a Main yet has no jar to build.
missing=()
[[ -f $PROVIDER_JAR ]] || missing+=(payment-provider-server)
[[ -f $INVOICE_JAR || ! -f invoice-app/src/main/java/dev/payrail/invoice/Main.java ]] || missing+=(invoice-app)
if ((${#missing[@]})); then
  modules="$(IFS=,; echo "${missing[*]}")"
  log "building the fat jars: ./mvnw -B -q -DskipTests package -pl $modules -am"
  ./mvnw -B -q -DskipTests package -pl "$modules" -am
fi
[[ -f $PROVIDER_JAR ]] || die "$PROVIDER_JAR was not built"
has_invoice=0; [[ -f $INVOICE_JAR ]] && has_invoice=1
jar_has() { "${JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}/bin/jar" tf "$1" | grep -qx "$2"; }
has_auth=0; jar_has "$PROVIDER_JAR" dev/payrail/provider/auth/jwt/KeyGen.class && has_auth=1

# -- images -----------------------------------------------------------------------------------------------------
"$CONTAINERS_DIR/build-jre-image.sh"
build_image() { # IMAGE DOCKERFILE [podman build args...]
  log "podman build $1"
  local started=$SECONDS image=$1 dockerfile=$2; shift 2
  podman build --pull=never --quiet --build-arg "JRE_IMAGE=$JRE_IMAGE" "$@" -f "$dockerfile" -t "$image" . >/dev/null
  log "built $image in $((SECONDS - started)) s"
}
build_image "$PROVIDER_IMAGE" payment-provider-server/Dockerfile
((has_invoice)) && build_image "$INVOICE_IMAGE" invoice-app/Dockerfile

"$CONTAINERS_DIR/check-compose.sh" || fail "docker-compose.yml does not validate (see above)"

# -- run as the manifests do ------------------------------------------------------------------------------------
work="$(mktemp -d "${TMPDIR:-/tmp}/$PREFIX.XXXXXX")"
cleanup() {
  local status=$?
  if [[ ${KEEP:-0} == 1 ]]; then
    log "KEEP=1: left running; remove with: podman pod rm -f $PREFIX-payment-provider $PREFIX-invoice-app (or the *-pod-0 pods), podman network rm $NETWORK"
    return $status
  fi
  for f in "$work"/*.play.yaml; do
    [[ -f $f ]] && podman kube down "$f" >/dev/null 2>&1
  done
  for c in "$PREFIX-payment-provider" "$PREFIX-invoice-app"; do
    podman rm -f -t 5 "$c" >/dev/null 2>&1
  done
  for s in payment-provider-jwks invoice-app-jwt-key; do
    podman secret inspect "$s" >/dev/null 2>&1 && podman secret rm "$s" >/dev/null 2>&1
    podman volume rm -f "$s" >/dev/null 2>&1
  done
  podman volume ls --quiet --filter "name=^$PREFIX-" | xargs -r podman volume rm -f >/dev/null 2>&1
  podman network rm -f "$NETWORK" >/dev/null 2>&1
  rm -rf "$work"
  return $status
}
trap cleanup EXIT

podman network exists "$NETWORK" && podman network rm -f "$NETWORK" >/dev/null
podman network create "$NETWORK" >/dev/null

# Keys as the deploy script makes them: the provider image's own keygen, run hardened, into a host directory.
mkdir -p "$work/keys"
if ((has_auth)); then
  podman run --rm --network none --read-only --cap-drop ALL --security-opt no-new-privileges --user 10001:10001 \
    -v "$work/keys:/keys:U" "$PROVIDER_IMAGE" keygen --out /keys --kid "$KEY_ID" >/dev/null ||
    die "keygen in $PROVIDER_IMAGE failed"
  [[ -s $work/keys/jwks.json && -s $work/keys/private-key.pem ]] || die "keygen wrote no jwks.json/private-key.pem"
  pass "keygen in the provider image wrote jwks.json and private-key.pem"
else
  log "the provider jar has no keygen (JWT auth not merged yet): running without auth, 401 NOT CHECKED"
  echo '{"keys":[]}' >"$work/keys/jwks.json"
  : >"$work/keys/private-key.pem"
fi

mode=run
if [[ -f k8s/overlays/local/kustomization.yaml ]] && command -v kubectl >/dev/null 2>&1; then
  kubectl kustomize k8s/overlays/local >"$work/rendered.yaml"
  mode=kube
else
  log "no k8s/overlays/local or no kubectl: falling back to podman run with the same hardening flags"
fi
log "mode: $mode"

now_ms() { date +%s%3N; }
iso_to_ms() { date -d "$(sed -E 's/ \+0000 UTC$/Z/; s/ [A-Z]+$//' <<<"$1")" +%s%3N; }
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
to_bytes() { case $1 in *Mi) echo $((${1%Mi} * 1048576)) ;; *Gi) echo $((${1%Gi} * 1073741824)) ;; *) echo "$1" ;; esac; }

# start_app NAME PORT [kube-play-manifests args...]: starts the Deployment NAME (or its podman run equivalent);
# sets CONTAINER.
start_app() {
  local name=$1 port=$2; shift 2
  if [[ $mode == kube ]]; then
    /usr/bin/python3 "$CONTAINERS_DIR/kube-play-manifests.py" "$work/rendered.yaml" "$name" \
      --image "payrail/$name:0.1.0=localhost/payrail/$name:0.1.0" \
      --secret-dir "$work/secrets" --volume-prefix "$PREFIX" --volumes-out "$work/$name.volumes" "$@" \
      >"$work/$name.play.yaml"
    local volume size gid
    while read -r volume size gid; do
      # like an emptyDir: a fresh directory, mode 0777, group fsGroup (tmpfs: podman 4.3 has no size option for it)
      podman volume create --opt type=tmpfs --opt device=tmpfs --opt "o=mode=0777,gid=$gid" "$volume" >/dev/null
    done <"$work/$name.volumes"
    podman kube play --build=false --network "$NETWORK" "$work/$name.play.yaml" >/dev/null
    CONTAINER="$name-pod-0-$name"
  else
    CONTAINER="$PREFIX-$name"
    podman run -d --name "$CONTAINER" --network "$NETWORK" --network-alias "$name" \
      --read-only --tmpfs /tmp:rw,mode=1777 --cap-drop ALL --security-opt no-new-privileges \
      --user 10001:10001 --memory 512m --cpus 1 -v "$PREFIX-$name-data:/data:U" "${RUN_ARGS[@]}" \
      "localhost/payrail/$name:0.1.0" >/dev/null
  fi
}
container_ip() { podman inspect --format '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$1"; }
pod_ip() { # the pod's address lives on its infra container
  if [[ $mode == kube ]]; then container_ip "$(podman inspect --format '{{.InfraContainerID}}' "$1-pod-0")"; else container_ip "$PREFIX-$1"; fi
}

# wait_ready NAME URL: polls every 50 ms until 200; records the milliseconds from the container's start to the first 200 and
# the CPU time the JVM had used by then (less sensitive to a busy machine than wall time).
declare -A ready_ms=() cpu_ms=()
wait_ready() {
  local name=$1 url=$2 deadline=$(($(now_ms) + READY_TIMEOUT_S * 1000)) code
  while :; do
    code="$(curl -s -m 5 -o /dev/null -w '%{http_code}' "$url" || true)"
    [[ $code == 200 ]] && break
    if [[ $(podman inspect --format '{{.State.Running}}' "$CONTAINER") != true ]]; then
      podman logs --tail 20 "$CONTAINER" >&2 || true
      die "$name exited before it was ready"
    fi
    (($(now_ms) < deadline)) || { podman logs --tail 20 "$CONTAINER" >&2; die "$name not ready after $READY_TIMEOUT_S s ($url answered $code)"; }
    sleep 0.05
  done
  local ready_at started pid ticks
  ready_at=$(now_ms)
  started=$(iso_to_ms "$(podman inspect --format '{{.State.StartedAt}}' "$CONTAINER")")
  pid=$(podman inspect --format '{{.State.Pid}}' "$CONTAINER")
  ticks=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  ready_ms[$name]=$((ready_at - started))
  cpu_ms[$name]=$((ticks * 1000 / $(getconf CLK_TCK)))
  pass "$name ready ${ready_ms[$name]} ms after its container started (JVM CPU time ${cpu_ms[$name]} ms)"
}

check_hardening() { # what the runtime actually applied to the running container
  local c=$1 user ro caps nnp
  user=$(podman inspect --format '{{.Config.User}}' "$c")
  ro=$(podman inspect --format '{{.HostConfig.ReadonlyRootfs}}' "$c")
  caps=$(podman inspect --format '{{.EffectiveCaps}}' "$c")
  nnp=$(podman inspect --format '{{.HostConfig.SecurityOpt}}' "$c")
  local status; status=$(awk '/^(Uid|Gid|CapEff|NoNewPrivs):/{printf "%s %s ", $1, $2}' "/proc/$(podman inspect --format '{{.State.Pid}}' "$c")/status")
  if [[ $status == *"Uid: 10001"* && $status == *"Gid: 10001"* && $status == *"CapEff: 0000000000000000"* && $status == *"NoNewPrivs: 1"* && $ro == true ]]; then
    pass "$c runs as 10001:10001, no capabilities, no-new-privileges, read-only root filesystem"
  else
    fail "$c hardening: user=$user readOnlyRootfs=$ro caps=$caps securityOpt=$nnp process: $status"
  fi
}

# -- payment-provider -------------------------------------------------------------------------------------------
if ((has_auth)); then
  RUN_ARGS=(-e PORT=9000 -e DATA_DIR=/data -e AUTH_JWKS=/etc/payrail/auth/jwks.json -e AUTH_ISSUER=invoice-app
            -e AUTH_AUDIENCE=payment-provider -e AUTH_ALLOWED_SUBJECTS=invoice-app
            -v "$work/keys/jwks.json:/etc/payrail/auth/jwks.json:ro")
else
  RUN_ARGS=(-e PORT=9000 -e DATA_DIR=/data -e AUTH_DISABLED=true)
fi
start_app payment-provider 9000 --secret-file "payment-provider-jwks/jwks.json=$work/keys/jwks.json"
provider_container=$CONTAINER
provider_ip=$(pod_ip payment-provider)
wait_ready payment-provider "http://$provider_ip:9000/health/ready"
check_hardening "$provider_container"
[[ $(podman port "$provider_container" 2>/dev/null) == "" ]] && pass "payment-provider publishes no port on the host" ||
  fail "payment-provider publishes ports: $(podman port "$provider_container")"

if ((has_auth)); then
  body="$(curl -s -m 5 -o "$work/401.json" -w '%{http_code}' -X POST "http://$provider_ip:9000/v1/charges" \
    -H 'Content-Type: application/json' -H 'Idempotency-Key: payrail-test-no-token' \
    -d '{"customerId":"1","invoiceId":"1","amount":100,"currency":"EUR"}')"
  if [[ $body == 401 ]] && grep -q '"unauthorized"' "$work/401.json"; then
    pass "POST /v1/charges without a token: 401 unauthorized"
  else
    fail "POST /v1/charges without a token answered $body: $(head -c 300 "$work/401.json")"
  fi
fi

# -- invoice-app ------------------------------------------------------------------------------------------------
if ((has_invoice)); then
  invoice_port=$(free_port)
  if ((has_auth)); then
    RUN_ARGS=(-e PORT=8000 -e DATA_DIR=/data -e PAYMENT_PROVIDER_ENDPOINT=http://payment-provider:9000
              -e AUTH_PRIVATE_KEY_FILE=/etc/payrail/auth/private-key.pem -e "AUTH_KEY_ID=$KEY_ID"
              -e AUTH_ISSUER=invoice-app -e AUTH_SUBJECT=invoice-app
              -v "$work/keys/private-key.pem:/etc/payrail/auth/private-key.pem:ro" -p "127.0.0.1:$invoice_port:8000")
  else
    RUN_ARGS=(-e PORT=8000 -e DATA_DIR=/data -e PAYMENT_PROVIDER_ENDPOINT=http://payment-provider:9000
              -p "127.0.0.1:$invoice_port:8000")
  fi
  # The in-cluster name of the provider's Service, resolved to its pod (podman has no Services).
  start_app invoice-app 8000 --host-port "8000:$invoice_port" \
    --host-alias "payment-provider.payments.svc.cluster.local=$provider_ip" \
    --secret-file "invoice-app-jwt-key/private-key.pem=$work/keys/private-key.pem" \
    --secret-literal "invoice-app-jwt-key/key-id=$KEY_ID"
  invoice_container=$CONTAINER
  base="http://127.0.0.1:$invoice_port"
  wait_ready invoice-app "$base/health/ready"
  check_hardening "$invoice_container"
  "$CONTAINERS_DIR/payment-run-check.sh" "$base" "$PAID_MIN_PERCENT" "$PAID_MAX_PERCENT" || fail "payment run (see above)"
else
  log "invoice-app is not built yet (no $INVOICE_JAR): payment run NOT CHECKED"
fi

# -- numbers ----------------------------------------------------------------------------------------------------
mb() { awk -v s="$1" 'BEGIN{printf "%.1f MB", s/1e6}'; }
{
  echo
  echo "### Container images (measured by containers/test-images.sh, $(date -u +%Y-%m-%d), load average $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs)"
  echo
  echo "| image | size | container start → first 200 from /health/ready | JVM CPU time until then |"
  echo "|---|---|---|---|"
  echo "| \`$JRE_IMAGE\` (base) | $(mb "$(podman image inspect --format '{{.Size}}' "$JRE_IMAGE")") | | |"
  echo "| \`$PROVIDER_IMAGE\` | $(mb "$(podman image inspect --format '{{.Size}}' "$PROVIDER_IMAGE")") | ${ready_ms[payment-provider]} ms | ${cpu_ms[payment-provider]} ms |"
  if ((has_invoice)); then
    echo "| \`$INVOICE_IMAGE\` | $(mb "$(podman image inspect --format '{{.Size}}' "$INVOICE_IMAGE")") | ${ready_ms[invoice-app]} ms | ${cpu_ms[invoice-app]} ms |"
  fi
  echo
  echo "Run as: $mode (podman $(podman version --format '{{.Client.Version}}'), limits 1 CPU / 512 MiB from the manifests)."
  echo
} | tee "$work/snippet.md"
for image in "$PROVIDER_IMAGE" $( ((has_invoice)) && echo "$INVOICE_IMAGE"); do
  size=$(podman image inspect --format '{{.Size}}' "$image")
  ((size < 100000000)) && pass "$image is $(mb "$size") (< 100 MB)" || fail "$image is $(mb "$size"), over 100 MB"
done

# Start-up alone, several times per image, each container by itself on the machine's side (the pods above are
# still running but idle): the figures for docs/performance.md.
startup_images=("$PROVIDER_IMAGE")
((has_invoice)) && startup_images+=("$INVOICE_IMAGE")
if [[ ${MEASURE_CDS:-0} == 1 ]]; then
  build_image "${PROVIDER_IMAGE%:*}:0.1.0-cds" payment-provider-server/Dockerfile --target cds
  startup_images+=("${PROVIDER_IMAGE%:*}:0.1.0-cds")
  if ((has_invoice)); then
    build_image "${INVOICE_IMAGE%:*}:0.1.0-cds" invoice-app/Dockerfile --target cds
    startup_images+=("${INVOICE_IMAGE%:*}:0.1.0-cds")
  fi
fi
if ((has_auth)); then
  echo "### Start to ready (containers/measure-startup.sh)"
  echo
  "$CONTAINERS_DIR/measure-startup.sh" "$work/keys" "$KEY_ID" "${startup_images[@]}" | tee -a "$work/snippet.md" ||
    fail "measure-startup.sh failed (see above)"
else
  log "the provider jar has no keygen: measure-startup.sh NOT RUN"
fi

((failures == 0)) || die "$failures check(s) failed"
log "all container checks passed"
