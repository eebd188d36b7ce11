package dev.payrail.k8s;

import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** deploy.sh and test.sh without a cluster: syntax, lint, dry runs, and test.sh's verdicts against fakes. */
class ScriptsTest {

    private static final Path DEPLOY = Kustomize.K8S_DIR.resolve("deploy.sh");
    private static final Path TEST = Kustomize.K8S_DIR.resolve("test.sh");

    @TempDir
    Path temp;
    private HttpServer invoiceApp;

    @AfterEach
    void stopFakeInvoiceApp() {
        if (invoiceApp != null) {
            invoiceApp.stop(0);
        }
    }

    record Result(int exitCode, String out, String err) {
    }

    private Result bash(Map<String, String> env, Path script, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(temp.toFile());
        builder.environment().putAll(env);
        builder.redirectOutput(temp.resolve("out.txt").toFile()).redirectError(temp.resolve("err.txt").toFile());
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(script + " " + String.join(" ", args) + " took more than 120 s");
        }
        return new Result(process.exitValue(), Files.readString(temp.resolve("out.txt")), Files.readString(temp.resolve("err.txt")));
    }

    private static boolean onPath(String tool) {
        return Stream.of(System.getenv("PATH").split(":")).anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"deploy.sh", "test.sh"})
    void theScriptParsesAndIsShellcheckClean(String name) throws Exception {
        Path script = Kustomize.K8S_DIR.resolve(name);
        assertThat(Files.isExecutable(script)).as("%s is executable", name).isTrue();

        Result syntax = bash(Map.of(), Path.of("-n"), script.toString());
        assertThat(syntax.exitCode()).as(syntax.err()).isZero();

        assumeTrue(onPath("shellcheck"), "shellcheck is not installed (apt-get install shellcheck)");
        Process lint = new ProcessBuilder("shellcheck", "--severity=style", script.toString()).redirectErrorStream(true).start();
        String findings = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(lint.waitFor()).as(findings).isZero();
    }

    @Test
    void deployDryRunShowsEveryStepForTheLocalOverlayWithoutACluster() throws Exception {
        Result run = bash(Map.of(), DEPLOY, "--dry-run", "--cluster", "kind", "--kind-name", "payrail");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains(
                "package -DskipTests",
                "build -t docker.io/payrail/payment-provider:0.1.0",
                "build -t docker.io/payrail/invoice-app:0.1.0",
                "kind load image-archive", "--name payrail",
                "namespaces.yaml",
                "payment-provider-server/target/payment-provider-server.jar keygen --out ", " --kid invoice-app-",
                "-n payments create secret generic payment-provider-jwks --from-file=jwks.json=",
                "-n invoicing create secret generic invoice-app-jwt-key --from-file=private-key.pem=",
                "--from-file=key-id=",
                "apply -k " + Kustomize.K8S_DIR.resolve("overlays/local"),
                "-n payments rollout status deployment/payment-provider",
                "-n invoicing rollout status deployment/invoice-app",
                "http://localhost:30800");
        assertThat(run.out().indexOf("create secret generic payment-provider-jwks"))
                .as("Secrets exist before the pods that mount them").isLessThan(run.out().indexOf("apply -k"));
    }

    @Test
    void deployRefusesProductionWithoutDatabaseSettingsInOnePlainLine() throws Exception {
        Result run = bash(Map.of(), DEPLOY, "--dry-run", "--overlay", "production");

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err().strip()).doesNotContain("\n").startsWith("deploy.sh: INVOICE_APP_DATABASE_URL is not set");
    }

    @Test
    void deployRefusesADatabaseUrlThatIsNotPostgresqlWithoutShowingItsQuery() throws Exception {
        Result run = productionRefusal("PAYMENT_PROVIDER_DATABASE_URL", "jdbc:sqlite:/data/provider.db?password=hunter2");

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("PAYMENT_PROVIDER_DATABASE_URL=jdbc:sqlite:/data/provider.db is not a PostgreSQL URL")
                .doesNotContain("hunter2");
    }

    @Test
    void deployRefusesAnotherSchemeWithoutShowingTheCredentialsInIt() throws Exception {
        Result run = productionRefusal("INVOICE_APP_DATABASE_URL", "mysql://app:hunter2@db:3306/invoices");

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err().strip()).doesNotContain("\n")
                .contains("INVOICE_APP_DATABASE_URL=mysql://…@db:3306/invoices is not a PostgreSQL URL")
                .doesNotContain("hunter2");
    }

    @Test
    void deployTakesTheUrlsManagedPostgresqlHandsOut() throws Exception {
        Result run = productionDryRun(
                "INVOICE_APP_DATABASE_URL",
                "postgresql://invoice_app:url-secret-pw@db.example.com:5432/invoices?sslmode=require",
                "PAYMENT_PROVIDER_DATABASE_URL", "postgres://db.example.com/provider");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out() + run.err()).doesNotContain("url-secret-pw");
    }

    @Test
    void deployRefusesHalfAMigrationRoleNamingTheMissingVariable() throws Exception {
        Result run = productionRefusal("PAYMENT_PROVIDER_DATABASE_MIGRATION_USER", "provider_owner");

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err().strip()).doesNotContain("\n")
                .startsWith("deploy.sh: PAYMENT_PROVIDER_DATABASE_MIGRATION_PASSWORD is not set");
    }

    @Test
    void deployPutsAMigrationRoleIntoTheServicesDatabaseSecretWithoutPrintingIt() throws Exception {
        Result run = productionDryRun("PAYMENT_PROVIDER_DATABASE_MIGRATION_USER", "provider_owner",
                "PAYMENT_PROVIDER_DATABASE_MIGRATION_PASSWORD", "owner-secret-pw");

        assertThat(run.exitCode()).as(run.err()).isZero();
        String providerSecret = run.out().lines().filter(l -> l.contains("create secret generic payment-provider-database"))
                .findFirst().orElseThrow();
        String invoiceSecret = run.out().lines().filter(l -> l.contains("create secret generic invoice-app-database"))
                .findFirst().orElseThrow();
        assertThat(providerSecret).contains("--from-file=migration-user=", "--from-file=migration-password=");
        assertThat(invoiceSecret).doesNotContain("migration-user");
        assertThat(run.out() + run.err()).doesNotContain("owner-secret-pw");
    }

    @Test
    void deployDryRunForProductionCreatesTheSecretsWithoutEverPrintingTheirValues() throws Exception {
        Result run = productionDryRun("ADMIN_TOKEN", "admin-token-value-do-not-print");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("-n invoicing create secret generic invoice-app-database",
                "-n payments create secret generic payment-provider-database",
                "-n invoicing create secret generic invoice-app-admin-token",
                "push registry.example.com/payrail/payment-provider:0.1.0",
                "newName: registry.example.com/payrail/invoice-app",
                "- ../overlays/production");
        assertThat(run.out() + run.err()).doesNotContain("invoice-secret-pw", "provider-secret-pw", "admin-token-value-do-not-print");
    }

    @Test
    void deployRenderPrintsExactlyWhatItWouldApplyAndThatValidatesStrictly() throws Exception {
        Result run = bash(Map.of(), DEPLOY, "--render", "--overlay", "production", "--demo-data",
                "--registry", "registry.example.com/payrail", "--auth", "service-account-token");

        assertThat(run.exitCode()).as(run.err()).isZero();
        Manifests rendered = Manifests.parse(run.out());
        assertThat(rendered.all()).hasSizeGreaterThan(20).flatMap(StrictValidator::validate).isEmpty();
        PodTemplate invoiceApp = rendered.podTemplate("Deployment", "invoicing", "invoice-app");
        assertThat(J.objects(invoiceApp.containers().get(0), "env")).filteredOn(e -> "SEED_DEMO_DATA".equals(J.str(e, "name")))
                .singleElement().satisfies(e -> assertThat(J.str(e, "value")).isEqualTo("true"));
        assertThat(rendered.podTemplates()).flatMap(PodTemplate::containers).extracting(c -> J.str(c, "image"))
                .allMatch(image -> image.startsWith("registry.example.com/payrail/") && image.endsWith(":0.1.0"));
        assertThat(OverlayDifferencesTest.env(invoiceApp)).containsKey("AUTH_TOKEN_FILE");
        try (Stream<Path> leftovers = Files.list(Kustomize.K8S_DIR)) {
            assertThat(leftovers).as("the temporary kustomization is removed").noneMatch(p -> p.getFileName().toString().startsWith(".render."));
        }
    }

    @Test
    void deployWithServiceAccountTokenAuthBindsIssuerDiscoveryAndNeedsNoKeys() throws Exception {
        Result run = bash(Map.of(), DEPLOY, "--dry-run", "--cluster", "minikube", "--auth", "service-account-token");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("clusterrolebinding payrail-payment-provider-issuer-discovery",
                "- ../components/service-account-token-auth", "name: payment-provider-egress-apiserver",
                "minikube image load");
        assertThat(run.out()).doesNotContain("keygen", "invoice-app-jwt-key");
    }

    @Test
    void theApiServerEgressPolicyDeployShWritesIsAValidNetworkPolicy() throws Exception {
        Result run = bash(Map.of(), DEPLOY, "--dry-run", "--cluster", "kind", "--auth", "service-account-token");
        String policy = run.out().lines().dropWhile(l -> !l.equals("    apiVersion: networking.k8s.io/v1"))
                .takeWhile(l -> l.startsWith("    ")).map(l -> l.substring(4)).collect(Collectors.joining("\n"));

        Manifests parsed = Manifests.parse(policy);

        assertThat(parsed.all()).singleElement().satisfies(o -> {
            assertThat(StrictValidator.validate(o)).isEmpty();
            assertThat(J.objects(o.spec(), "egress")).singleElement()
                    .satisfies(rule -> assertThat(J.objects(rule, "to")).allSatisfy(peer -> assertThat(J.str(peer, "ipBlock", "cidr")).endsWith("/32")));
        });
    }

    @Test
    void testShSelfTestChecksItsOwnCountingAndThresholds() throws Exception {
        Result run = bash(Map.of(), TEST, "--self-test");

        assertThat(run.exitCode()).as(run.out()).isZero();
        assertThat(run.out().lines()).noneMatch(line -> line.startsWith("FAIL")).contains("ok   507 of 1000 is roughly half");
    }

    @Test
    void testShPassesWhenHalfIsPaidThenKeepsPayingUntilAllArePaidAndTheNetworkAndAuthBehave() throws Exception {
        startFakeInvoiceApp(0.5);
        Path kubectl = fakeKubectl("outside http=000 curl_exit=28");

        Result run = bash(pathWith(kubectl), TEST, "--url", fakeUrl(), "--until-all-paid");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("PASS  roughly half PAID", "PASS  other namespace cannot reach the provider",
                "PASS  invoice-app pods reach the provider", "PASS  a call without a token gets 401", "all checks passed");
        assertThat(run.out()).containsPattern("PASS  all PAID \\(--until-all-paid\\) +400 invoices PAID after \\d+ pay calls");
        List<K8sObject> probes = applied(kubectl);
        assertThat(probes).hasSize(2).allSatisfy(pod -> {
            assertThat(StrictValidator.validate(pod)).isEmpty();
            assertThat(pod.labels()).containsEntry("app.kubernetes.io/name", "invoice-app")
                    .doesNotContainKey("app.kubernetes.io/instance");
            JsonObject container = J.objects(pod.spec(), "containers").get(0);
            assertThat(J.bool(container, "securityContext", "allowPrivilegeEscalation")).isFalse();
            assertThat(J.strings(container, "securityContext", "capabilities", "drop")).containsExactly("ALL");
            assertThat(J.str(pod.spec(), "securityContext", "seccompProfile", "type")).isEqualTo("RuntimeDefault");
            assertThat(J.strings(container, "command").get(2)).contains("curl -s -o /dev/null -m 5",
                    "http://payment-provider.payments.svc.cluster.local:9000");
        });
        assertThat(probes).extracting(K8sObject::namespace).contains("invoicing").anyMatch(ns -> ns.startsWith("payrail-netcheck-"));
    }

    @Test
    void testShFailsWhenEveryInvoiceIsPaidAtOnce() throws Exception {
        startFakeInvoiceApp(1.0);

        Result run = bash(pathWith(fakeKubectl("outside http=000 curl_exit=28")), TEST, "--url", fakeUrl());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("FAIL  roughly half PAID", "400 of 400 PENDING became PAID", "1 check(s) FAILED");
    }

    @Test
    void testShFailsWhenAPodInAnotherNamespaceReachesTheProvider() throws Exception {
        startFakeInvoiceApp(0.5);

        Result run = bash(pathWith(fakeKubectl("outside http=200 curl_exit=0")), TEST, "--url", fakeUrl());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("FAIL  other namespace cannot reach the provider", "does the CNI enforce NetworkPolicy?");
    }

    /** deploy.sh --dry-run for production, with the database settings and {@code settings} (name, value, ...) on top. */
    private Result productionDryRun(String... settings) throws IOException, InterruptedException {
        return bash(productionEnv(settings), DEPLOY, "--dry-run", "--overlay", "production", "--cluster", "other",
                "--skip-build", "--registry", "registry.example.com/payrail");
    }

    /** The same, with no other argument: for the settings deploy.sh refuses before anything else. */
    private Result productionRefusal(String... settings) throws IOException, InterruptedException {
        return bash(productionEnv(settings), DEPLOY, "--dry-run", "--overlay", "production");
    }

    private static Map<String, String> productionEnv(String... settings) {
        Map<String, String> env = new HashMap<>(databaseEnv());
        for (int i = 0; i < settings.length; i += 2) {
            env.put(settings[i], settings[i + 1]);
        }
        return env;
    }

    private static Map<String, String> databaseEnv() {
        return Map.of(
                "INVOICE_APP_DATABASE_URL", "jdbc:postgresql://db.databases:5432/invoices",
                "INVOICE_APP_DATABASE_USER", "invoice_app",
                "INVOICE_APP_DATABASE_PASSWORD", "invoice-secret-pw",
                "PAYMENT_PROVIDER_DATABASE_URL", "jdbc:postgresql://db.databases:5432/provider",
                "PAYMENT_PROVIDER_DATABASE_USER", "payment_provider",
                "PAYMENT_PROVIDER_DATABASE_PASSWORD", "provider-secret-pw");
    }

    /** A stand-in for kubectl that records applied manifests and answers the probe pods' logs. */
    private Path fakeKubectl(String outsideProbeLine) throws IOException {
        Path bin = Files.createDirectories(temp.resolve("bin"));
        Path kubectl = bin.resolve("kubectl");
        Files.writeString(kubectl, """
                #!/bin/sh
                dir="$(dirname "$0")"
                echo "$*" >> "$dir/calls"
                case "$*" in
                  *"apply -f -"*) n=$(ls "$dir" | grep -c '^applied-'); cat > "$dir/applied-$n.yaml" ;;
                  *payrail-netcheck*" logs "*) echo "%s" ;;
                  *" logs "*) echo "health http=200 curl_exit=0"; echo "no-token http=401 curl_exit=0" ;;
                esac
                exit 0
                """.formatted(outsideProbeLine));
        Files.setPosixFilePermissions(kubectl, PosixFilePermissions.fromString("rwxr-xr-x"));
        return kubectl;
    }

    private static List<K8sObject> applied(Path kubectl) throws IOException {
        try (Stream<Path> files = Files.list(kubectl.getParent())) {
            return files.filter(p -> p.getFileName().toString().startsWith("applied-")).sorted().flatMap(p -> {
                try {
                    return Manifests.parse(Files.readString(p)).all().stream();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        }
    }

    private static Map<String, String> pathWith(Path kubectl) {
        return Map.of("PATH", kubectl.getParent() + ":" + System.getenv("PATH"));
    }

    private String fakeUrl() {
        return "http://127.0.0.1:" + invoiceApp.getAddress().getPort();
    }

    /** Just enough of invoice-app's Antaeus API for test.sh: 400 invoices, each pay call charges the PENDING ones. */
    private void startFakeInvoiceApp(double successRate) throws IOException {
        String[] status = new String[400];
        java.util.Arrays.fill(status, "PENDING");
        Random random = new Random(42);
        invoiceApp = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        invoiceApp.createContext("/rest/health", exchange -> respond(exchange, "\"ok\""));
        invoiceApp.createContext("/rest/v1/invoices", exchange -> {
            if (exchange.getRequestMethod().equals("POST") && exchange.getRequestURI().getPath().equals("/rest/v1/invoices/pay")) {
                boolean allPaid = true;
                synchronized (status) {
                    for (int i = 0; i < status.length; i++) {
                        if (status[i].equals("PENDING") && random.nextDouble() < successRate) {
                            status[i] = "PAID";
                        }
                        allPaid &= status[i].equals("PAID");
                    }
                }
                respond(exchange, String.valueOf(allPaid));
                return;
            }
            StringBuilder body = new StringBuilder("[");
            synchronized (status) {
                for (int i = 0; i < status.length; i++) {
                    body.append(i == 0 ? "" : ",").append("{\"id\":").append(i + 1).append(",\"customerId\":").append(i / 10 + 1)
                            .append(",\"amount\":{\"value\":10.00,\"currency\":\"EUR\"},\"status\":\"").append(status[i]).append("\"}");
                }
            }
            respond(exchange, body.append(']').toString());
        });
        invoiceApp.start();
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
