#!/usr/bin/env bash
# Generates clients from the payment provider's published OpenAPI document as another team would (openapi-generator
# with default settings, validation on), builds them and runs each against a real provider (the shaded jar on a
# free port, auth on with a fresh JWKS): typescript-fetch compiled with `tsc --strict` and run on Node, and java
# with `--library native`. Each registers a customer, charges, replays, reuses the key with another body (409),
# looks the charge up by id and by key, and meets every error a client can provoke (400, 401, 404, 413, 422),
# reading the problem's code and status through the generated types. Generated code stays under
# target/generated-clients (not committed). Needs java, curl, node and npm (npm registry); called by .ci/run.
#
#   scripts/generated-clients.sh            # builds the provider jar when missing (PROVIDER_JAR overrides)
set -euo pipefail
cd "$(dirname "$0")/.."
lib_name=generated-clients
# shellcheck source=../reliability/lib.sh
source reliability/lib.sh
require_tools java curl node npm

work=target/generated-clients
rm -rf "$work"
mkdir -p "$work/tools"
generator_version=$(sed -n 's:.*<openapi-generator.version>\(.*\)</openapi-generator.version>.*:\1:p' pom.xml)
generator="$work/tools/openapi-generator-cli-$generator_version.jar"

echo "== openapi-generator-cli $generator_version (Maven Central)"
./mvnw -B -q dependency:copy -Dartifact="org.openapitools:openapi-generator-cli:$generator_version" \
  -DoutputDirectory="$work/tools"

provider_jar=${PROVIDER_JAR:-payment-provider-server/target/payment-provider-server.jar}
if [[ ! -f $provider_jar ]]; then
  echo "== building the provider jar"
  ./mvnw -B -q -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true package -pl payment-provider-server -am
fi

make_auth "$work/auth" generated-clients
port=$(free_port)
base="http://127.0.0.1:$port"
provider_pid=""
trap 'stop_pid "$provider_pid" TERM' EXIT
PORT=$port BIND_ADDRESS=127.0.0.1 DATA_DIR="$work/data" AUTH_JWKS="$work/auth/jwks.json" \
  AUTH_ISSUER=invoice-app AUTH_ALLOWED_SUBJECTS=invoice-app LOG_LEVEL=WARN \
  java -jar "$provider_jar" >"$work/provider.log" 2>&1 &
provider_pid=$!
wait_ready provider "$base/health/ready" "$work/provider.log" "$provider_pid"
token=$(cat "$work/auth/token")

echo "== the published document: $base/openapi.yaml"
curl -fsS -o "$work/openapi.yaml" "$base/openapi.yaml"
java -jar "$generator" validate -i "$work/openapi.yaml" --recommend

echo "== typescript-fetch: generate, tsc --strict, run on node $(node --version)"
ts="$work/typescript"
mkdir -p "$ts"
cp scripts/generated-clients/typescript/{main.ts,package.json,tsconfig.json} "$ts/"
java -jar "$generator" generate -g typescript-fetch -i "$work/openapi.yaml" -o "$ts/generated" >"$work/typescript-generate.log"
(cd "$ts" && npm install --no-audit --no-fund --silent && npx tsc -p . && node out/main.js "$base" "$token")

echo "== java (library native): generate, build, run"
jv="$work/java"
java -jar "$generator" generate -g java --library native -i "$work/openapi.yaml" -o "$jv/generated" >"$work/java-generate.log"
./mvnw -B -q -f "$jv/generated/pom.xml" package -Dmaven.test.skip=true -Dmaven.javadoc.skip=true \
  -Dmaven.source.skip=true
./mvnw -B -q -f "$jv/generated/pom.xml" dependency:build-classpath -Dmdep.outputFile="$PWD/$jv/classpath.txt"
classpath="$(ls "$jv"/generated/target/*.jar | head -n 1):$(cat "$jv/classpath.txt")"
java -cp "$classpath" scripts/generated-clients/java/Main.java "$base" "$token"

echo "generated clients: typescript-fetch and java (native) passed against $base"
