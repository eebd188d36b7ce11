#!/usr/bin/env bash
# Deploys payrail to a Kubernetes cluster: builds the jars and images, loads the images into minikube or kind,
# creates the namespaces and the deploy-time Secrets (JWT keys, and in production the database credentials and
# admin token), applies an overlay, waits for both rollouts and prints how to reach invoice-app.
#
#   k8s/deploy.sh                                   # local overlay, cluster detected from the kubectl context
#   k8s/deploy.sh --cluster kind --kind-name payrail
#   k8s/deploy.sh --auth service-account-token      # Kubernetes-native identity instead of the self-signed key
#   k8s/deploy.sh --overlay production --registry registry.example.com/payrail --skip-build
#   k8s/deploy.sh --dry-run                         # print every step, touch nothing (no cluster needed)
#
# Production reads the database settings from the environment (never from arguments, which `ps` shows):
#   INVOICE_APP_DATABASE_URL, INVOICE_APP_DATABASE_USER, INVOICE_APP_DATABASE_PASSWORD,
#   PAYMENT_PROVIDER_DATABASE_URL, PAYMENT_PROVIDER_DATABASE_USER, PAYMENT_PROVIDER_DATABASE_PASSWORD,
#   optionally a migration role per service (both or neither): INVOICE_APP_DATABASE_MIGRATION_USER and
#   INVOICE_APP_DATABASE_MIGRATION_PASSWORD, PAYMENT_PROVIDER_DATABASE_MIGRATION_USER and
#   PAYMENT_PROVIDER_DATABASE_MIGRATION_PASSWORD (docs/database.md), and optionally ADMIN_TOKEN (generated when absent).
set -euo pipefail

readonly VERSION="0.1.0"
readonly PROVIDER_IMAGE="payrail/payment-provider:${VERSION}"
readonly INVOICE_IMAGE="payrail/invoice-app:${VERSION}"

K8S_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT_DIR="$(cd "${K8S_DIR}/.." && pwd)"
readonly K8S_DIR ROOT_DIR

overlay="local"
cluster=""
kind_name="kind"
auth="self-signed"
registry=""
context=""
skip_build=false
rotate_keys=false
demo_data=false
render_only=false
dry_run=false
rollout_timeout="300s"

usage() {
  sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  cat <<'EOF'
Options:
  --overlay local|production        which overlay to apply (default local)
  --cluster minikube|kind|other     how to load images (default: from the kubectl context)
  --kind-name NAME                  kind cluster name (default kind)
  --auth self-signed|service-account-token
  --registry PREFIX                 push images to PREFIX/<name>:0.1.0 and deploy those (production)
  --context NAME                    kubectl context to use (default: the current one)
  --skip-build                      use jars and images already built
  --rotate-keys                     replace existing JWT keys and restart both services
  --demo-data                       production: seed the demo customers and invoices into an empty database
  --timeout DURATION                rollout wait (default 300s)
  --dry-run                         print the steps without running anything
  --render                          print the manifests that would be applied (with the options above) and exit
EOF
}

die() {
  echo "deploy.sh: $*" >&2
  exit 1
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --overlay) overlay="${2:?--overlay needs a value}"; shift 2 ;;
    --cluster) cluster="${2:?--cluster needs a value}"; shift 2 ;;
    --kind-name) kind_name="${2:?--kind-name needs a value}"; shift 2 ;;
    --auth) auth="${2:?--auth needs a value}"; shift 2 ;;
    --registry) registry="${2:?--registry needs a value}"; shift 2 ;;
    --context) context="${2:?--context needs a value}"; shift 2 ;;
    --skip-build) skip_build=true; shift ;;
    --rotate-keys) rotate_keys=true; shift ;;
    --demo-data) demo_data=true; shift ;;
    --timeout) rollout_timeout="${2:?--timeout needs a value}"; shift 2 ;;
    --dry-run) dry_run=true; shift ;;
    --render) render_only=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
done

case "${overlay}" in local|production) ;; *) die "--overlay must be local or production, not '${overlay}'" ;; esac
case "${auth}" in self-signed|service-account-token) ;; *) die "--auth must be self-signed or service-account-token, not '${auth}'" ;; esac

kubectl_cmd=(kubectl)
if [[ -n "${context}" ]]; then
  kubectl_cmd+=(--context "${context}")
fi

# Prints a command; runs it unless --dry-run.
run() {
  printf '+ %s\n' "$*"
  if [[ "${dry_run}" == false ]]; then
    "$@"
  fi
}

k() {
  run "${kubectl_cmd[@]}" "$@"
}

need() {
  if [[ "${dry_run}" == false ]] && ! command -v "$1" >/dev/null 2>&1; then
    die "$1 is required but not on PATH: $2"
  fi
}

step() {
  printf '\n== %s\n' "$*"
}

work_dir="$(mktemp -d "${TMPDIR:-/tmp}/payrail-deploy.XXXXXX")"
chmod 700 "${work_dir}"
render_dir=""
cleanup() {
  rm -rf "${work_dir}"
  if [[ -n "${render_dir}" ]]; then rm -rf "${render_dir}"; fi
}
trap cleanup EXIT

# The overlay, or a kustomization inside k8s/ that combines it with the chosen options (kustomize only
# accepts relative paths). Sets ${target}.
prepare_target() {
  target="${K8S_DIR}/overlays/${overlay}"
  if [[ "${auth}" == service-account-token || -n "${registry}" || "${demo_data}" == true ]]; then
    # kustomize only accepts relative paths: the combination lives inside k8s/ for the duration of the run.
    render_dir="$(mktemp -d "${K8S_DIR}/.render.XXXXXX")"
    {
      printf 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ../overlays/%s\n' "${overlay}"
      if [[ "${auth}" == service-account-token ]]; then
        printf 'components:\n  - ../components/service-account-token-auth\n'
      fi
      if [[ -n "${registry}" ]]; then
        printf 'images:\n  - name: payrail/payment-provider\n    newName: %s/payment-provider\n' "${registry}"
        printf '  - name: payrail/invoice-app\n    newName: %s/invoice-app\n' "${registry}"
      fi
      if [[ "${demo_data}" == true ]]; then
        # The local overlay seeds by default; production only when asked (an empty database, first start).
        printf 'patches:\n  - patch: |-\n      apiVersion: apps/v1\n      kind: Deployment\n'
        printf '      metadata: {name: invoice-app, namespace: invoicing}\n'
        printf '      spec: {template: {spec: {containers: [{name: invoice-app, env: [{name: SEED_DEMO_DATA, value: "true"}]}]}}}\n'
      fi
    } > "${render_dir}/kustomization.yaml"
    target="${render_dir}"
  fi
}

if [[ "${render_only}" == true ]]; then
  prepare_target
  "${kubectl_cmd[@]}" kustomize "${target}"
  exit 0
fi

# --- Preflight -------------------------------------------------------------------------------------------------
need kubectl "https://kubernetes.io/docs/tasks/tools/"
if [[ -z "${cluster}" ]]; then
  current_context="$(if [[ "${dry_run}" == false ]]; then "${kubectl_cmd[@]}" config current-context 2>/dev/null || true; fi)"
  case "${current_context}" in
    kind-*) cluster="kind"; kind_name="${current_context#kind-}" ;;
    minikube*) cluster="minikube" ;;
    *) if [[ "${overlay}" == local ]]; then cluster="minikube"; else cluster="other"; fi ;;
  esac
fi
case "${cluster}" in minikube|kind|other) ;; *) die "--cluster must be minikube, kind or other, not '${cluster}'" ;; esac
if [[ "${overlay}" == local && "${cluster}" == other ]]; then
  die "the local overlay runs images loaded into minikube or kind (imagePullPolicy: Never); use --cluster minikube|kind"
fi

if [[ "${overlay}" == production ]]; then
  for variable in INVOICE_APP_DATABASE_URL INVOICE_APP_DATABASE_USER INVOICE_APP_DATABASE_PASSWORD \
                  PAYMENT_PROVIDER_DATABASE_URL PAYMENT_PROVIDER_DATABASE_USER PAYMENT_PROVIDER_DATABASE_PASSWORD; do
    if [[ -z "${!variable:-}" ]]; then
      die "${variable} is not set: the production overlay reads PostgreSQL settings from it (see docs/kubernetes.md)"
    fi
  done
  for variable in INVOICE_APP_DATABASE_URL PAYMENT_PROVIDER_DATABASE_URL; do
    case "${!variable}" in
      jdbc:postgresql://*|postgresql://*|postgres://*) ;;
      # Shown without its query string and without credentials, where a password may sit.
      *) url="${!variable%%\?*}"; die "${variable}=${url/\/\/*@/\/\/…@} is not a PostgreSQL URL (jdbc:postgresql://host:5432/db, postgresql://host:5432/db or postgres://…)" ;;
    esac
  done
  for prefix in INVOICE_APP PAYMENT_PROVIDER; do
    user_var="${prefix}_DATABASE_MIGRATION_USER" password_var="${prefix}_DATABASE_MIGRATION_PASSWORD"
    if [[ -n "${!user_var:-}" && -z "${!password_var:-}" ]]; then
      die "${password_var} is not set: a migration role needs both ${user_var} and ${password_var}"
    fi
    if [[ -z "${!user_var:-}" && -n "${!password_var:-}" ]]; then
      die "${user_var} is not set: a migration role needs both ${user_var} and ${password_var}"
    fi
  done
fi

engine=""
if [[ "${skip_build}" == false || -n "${registry}" || "${cluster}" != other ]]; then
  if command -v docker >/dev/null 2>&1; then engine="docker"
  elif command -v podman >/dev/null 2>&1; then engine="podman"
  elif [[ "${dry_run}" == true ]]; then engine="docker"
  else die "docker or podman is required to build and load the images"
  fi
fi
echo "deploy.sh: overlay=${overlay} cluster=${cluster} auth=${auth} engine=${engine:-none} dry-run=${dry_run}"

# --- Build jars and images --------------------------------------------------------------------------------------
# Images are named with docker.io/ so that podman, docker, kind's containerd and minikube agree on the name.
if [[ "${skip_build}" == false ]]; then
  step "Building the jars"
  need java "install a JDK 17"
  run "${ROOT_DIR}/mvnw" -B -q -f "${ROOT_DIR}/pom.xml" -pl payment-provider-server,invoice-app -am package -DskipTests
  step "Building the images"
  for module in payment-provider-server invoice-app; do
    if [[ "${dry_run}" == false && ! -f "${ROOT_DIR}/${module}/Dockerfile" ]]; then
      die "${ROOT_DIR}/${module}/Dockerfile is missing: the images are built from each server module's Dockerfile"
    fi
  done
  run "${engine}" build -t "docker.io/${PROVIDER_IMAGE}" "${ROOT_DIR}/payment-provider-server"
  run "${engine}" build -t "docker.io/${INVOICE_IMAGE}" "${ROOT_DIR}/invoice-app"
fi

# --- Put the images where the cluster finds them ---------------------------------------------------------------------
if [[ -n "${registry}" ]]; then
  step "Pushing the images to ${registry}"
  for image in "${PROVIDER_IMAGE}" "${INVOICE_IMAGE}"; do
    run "${engine}" tag "docker.io/${image}" "${registry}/${image#payrail/}"
    run "${engine}" push "${registry}/${image#payrail/}"
  done
elif [[ "${cluster}" != other ]]; then
  step "Loading the images into ${cluster}"
  for image in "${PROVIDER_IMAGE}" "${INVOICE_IMAGE}"; do
    archive="${work_dir}/$(basename "${image%%:*}").tar"
    run "${engine}" save -o "${archive}" "docker.io/${image}"
    if [[ "${cluster}" == minikube ]]; then
      need minikube "https://minikube.sigs.k8s.io/docs/start/"
      run minikube image load "${archive}"
    else
      need kind "https://kind.sigs.k8s.io/docs/user/quick-start/"
      run kind load image-archive "${archive}" --name "${kind_name}"
    fi
  done
fi

# --- Namespaces and Secrets -------------------------------------------------------------------------------------------
step "Namespaces"
k apply -f "${K8S_DIR}/base/namespaces/namespaces.yaml"

secret_exists() { # namespace name
  [[ "${dry_run}" == false ]] && "${kubectl_cmd[@]}" -n "$1" get secret "$2" >/dev/null 2>&1
}

# Secrets are applied from files, so no value ever appears on a command line or in this script's output.
apply_secret() { # namespace name key=file...
  local namespace="$1" name="$2"
  shift 2
  local args=()
  local pair
  for pair in "$@"; do args+=("--from-file=${pair}"); done
  printf '+ kubectl -n %s create secret generic %s %s --dry-run=client -o yaml | kubectl apply -f -\n' \
    "${namespace}" "${name}" "${args[*]}"
  if [[ "${dry_run}" == false ]]; then
    "${kubectl_cmd[@]}" -n "${namespace}" create secret generic "${name}" "${args[@]}" --dry-run=client -o yaml \
      | "${kubectl_cmd[@]}" apply -f -
  fi
}

random_token() {
  od -An -tx1 -N32 /dev/urandom | tr -d ' \n'
}

keys_rotated=false
if [[ "${auth}" == self-signed ]]; then
  step "JWT keys (generated here, kept only in the cluster)"
  if [[ "${rotate_keys}" == false ]] && secret_exists payments payment-provider-jwks && secret_exists invoicing invoice-app-jwt-key; then
    echo "keys exist; keeping them (--rotate-keys replaces them)"
  else
    kid="invoice-app-$(date -u +%Y%m%dT%H%M%SZ)"
    keys="${work_dir}/keys"
    mkdir -p "${keys}"
    run java -jar "${ROOT_DIR}/payment-provider-server/target/payment-provider-server.jar" keygen --out "${keys}" --kid "${kid}"
    if [[ "${dry_run}" == false ]]; then printf '%s' "${kid}" > "${keys}/key-id"; fi
    apply_secret payments payment-provider-jwks "jwks.json=${keys}/jwks.json"
    apply_secret invoicing invoice-app-jwt-key "private-key.pem=${keys}/private-key.pem" "key-id=${keys}/key-id"
    keys_rotated=true
  fi
fi

if [[ "${overlay}" == production ]]; then
  step "Database credentials and admin token"
  secrets="${work_dir}/secrets"
  mkdir -p "${secrets}"
  for app in invoice-app payment-provider; do
    prefix="$(echo "${app}" | tr 'a-z-' 'A-Z_')_DATABASE"
    url_var="${prefix}_URL" user_var="${prefix}_USER" password_var="${prefix}_PASSWORD"
    printf '%s' "${!url_var}" > "${secrets}/${app}-url"
    printf '%s' "${!user_var}" > "${secrets}/${app}-user"
    printf '%s' "${!password_var}" > "${secrets}/${app}-password"
    namespace="invoicing"
    if [[ "${app}" == payment-provider ]]; then namespace="payments"; fi
    secret_keys=("url=${secrets}/${app}-url" "user=${secrets}/${app}-user" "password=${secrets}/${app}-password")
    migration_user_var="${prefix}_MIGRATION_USER" migration_password_var="${prefix}_MIGRATION_PASSWORD"
    if [[ -n "${!migration_user_var:-}" ]]; then
      # Optional keys: the Deployments read them with optional: true, so a Secret without them runs one role.
      printf '%s' "${!migration_user_var}" > "${secrets}/${app}-migration-user"
      printf '%s' "${!migration_password_var}" > "${secrets}/${app}-migration-password"
      secret_keys+=("migration-user=${secrets}/${app}-migration-user" "migration-password=${secrets}/${app}-migration-password")
    fi
    apply_secret "${namespace}" "${app}-database" "${secret_keys[@]}"
  done
  if [[ -n "${ADMIN_TOKEN:-}" ]] || ! secret_exists invoicing invoice-app-admin-token; then
    printf '%s' "${ADMIN_TOKEN:-$(random_token)}" > "${secrets}/admin-token"
    apply_secret invoicing invoice-app-admin-token "token=${secrets}/admin-token"
  else
    echo "admin token exists; keeping it"
  fi
fi

# --- Service-account-token auth: the cluster-scoped and cluster-specific parts ------------------------------------------
if [[ "${auth}" == service-account-token ]]; then
  step "Service-account-token auth: issuer discovery for the provider (cluster admin)"
  # The one cluster-scoped object: lets the provider's own token read /openid/v1/jwks and the discovery document.
  printf '+ kubectl create clusterrolebinding payrail-payment-provider-issuer-discovery ... | kubectl apply -f -\n'
  if [[ "${dry_run}" == false ]]; then
    "${kubectl_cmd[@]}" create clusterrolebinding payrail-payment-provider-issuer-discovery \
      --clusterrole=system:service-account-issuer-discovery --serviceaccount=payments:payment-provider \
      --dry-run=client -o yaml | "${kubectl_cmd[@]}" apply -f -
  fi
  # NetworkPolicies see the API server's real endpoints (after the Service's DNAT), which differ per cluster.
  apiserver_ips="203.0.113.1"
  apiserver_port="6443"
  if [[ "${dry_run}" == false ]]; then
    apiserver_ips="$("${kubectl_cmd[@]}" -n default get endpoints kubernetes -o jsonpath='{.subsets[0].addresses[*].ip}')"
    apiserver_port="$("${kubectl_cmd[@]}" -n default get endpoints kubernetes -o jsonpath='{.subsets[0].ports[0].port}')"
  fi
  policy="${work_dir}/apiserver-egress.yaml"
  {
    cat <<EOF
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: payment-provider-egress-apiserver
  namespace: payments
  labels:
    app.kubernetes.io/name: payment-provider-egress-apiserver
    app.kubernetes.io/component: network-policy
    app.kubernetes.io/part-of: payrail
spec:
  podSelector:
    matchLabels:
      app.kubernetes.io/name: payment-provider
  policyTypes: ["Egress"]
  egress:
    - to:
EOF
    for ip in ${apiserver_ips}; do
      printf '        - ipBlock:\n            cidr: %s/32\n' "${ip}"
    done
    printf '      ports:\n        - port: %s\n          protocol: TCP\n' "${apiserver_port}"
  } > "${policy}"
  if [[ "${dry_run}" == true ]]; then sed 's/^/    /' "${policy}"; fi
  k apply -f "${policy}"
fi

# --- Apply the overlay ------------------------------------------------------------------------------------------
step "Applying overlays/${overlay}"
prepare_target
if [[ "${dry_run}" == true && -n "${render_dir}" ]]; then sed 's/^/    /' "${render_dir}/kustomization.yaml"; fi
had_deployments=false
if [[ "${dry_run}" == false ]] && "${kubectl_cmd[@]}" -n invoicing get deployment invoice-app >/dev/null 2>&1; then
  had_deployments=true
fi
k apply -k "${target}"

if [[ "${keys_rotated}" == true && "${had_deployments}" == true ]]; then
  # Pods read the key id from the Secret at start: restart so both sides use the new pair.
  k -n payments rollout restart deployment/payment-provider
  k -n invoicing rollout restart deployment/invoice-app
fi

step "Waiting for the rollouts"
k -n payments rollout status deployment/payment-provider --timeout="${rollout_timeout}"
k -n invoicing rollout status deployment/invoice-app --timeout="${rollout_timeout}"

# --- Where to find it ---------------------------------------------------------------------------------------------
step "invoice-app is deployed"
case "${overlay}/${cluster}" in
  local/minikube)
    url="http://<minikube ip>:30800"
    if [[ "${dry_run}" == false ]]; then url="http://$(minikube ip):30800"; fi
    echo "invoice-app: ${url}   (or: minikube service -n invoicing invoice-app --url)"
    echo "try:         curl ${url}/rest/v1/invoices ; curl -X POST ${url}/rest/v1/invoices/pay"
    echo "test:        k8s/test.sh --url ${url}" ;;
  local/kind)
    echo "invoice-app: http://localhost:30800 when the kind cluster maps port 30800 (docs/kubernetes.md), else:"
    echo "             kubectl -n invoicing port-forward svc/invoice-app 8000:8000  ->  http://localhost:8000"
    echo "test:        k8s/test.sh" ;;
  production/*)
    echo "invoice-app: kubectl -n invoicing get service invoice-app  (EXTERNAL-IP, port 8000)"
    echo "POST endpoints need: Authorization: Bearer \$(kubectl -n invoicing get secret invoice-app-admin-token -o jsonpath='{.data.token}' | base64 -d)"
    echo "test:        k8s/test.sh --url http://<EXTERNAL-IP>:8000" ;;
esac
