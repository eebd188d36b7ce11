package dev.payrail.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitoring component as the production overlay renders it: the rules pass {@code promtool check rules} and
 * the unit tests in {@code src/test/promtool} ({@code promtool test rules}, one test at least per alert), every alert
 * says how bad it is and links a runbook section that exists, the ServiceMonitors find the Services, and the dashboard
 * is JSON Grafana's sidecar picks up. promtool comes with Debian's {@code prometheus} package, which .ci/run installs;
 * only its absence skips the promtool checks.
 */
class MonitoringTest {
    private static final Path PROMTOOL_TESTS = Kustomize.K8S_DIR.resolve("src/test/promtool");
    private static final Path RUNBOOKS = Kustomize.K8S_DIR.resolve("../docs/runbooks.md").normalize();
    private static final String RUNBOOK_URL = "https://github.com/payrail/payrail/blob/main/docs/runbooks.md#";

    private final Manifests production = Variant.PRODUCTION.render();

    @Test
    void renderedRulesPassPromtoolsCheckAndTheirUnitTests(@TempDir Path dir) throws Exception {
        String promtool = promtool();
        Path rules = dir.resolve("rules.yaml");
        Files.writeString(rules, rulesFile());
        List<Path> tests;
        try (Stream<Path> files = Files.list(PROMTOOL_TESTS)) {
            tests = files.filter(f -> f.toString().endsWith(".test.yaml")).sorted().toList();
        }
        for (Path test : tests) {
            Files.copy(test, dir.resolve(test.getFileName()));
        }

        assertThat(run(dir, promtool, "check", "rules", "rules.yaml")).contains("SUCCESS: " + alerts().size() + " rules found");
        List<String> testRules = new ArrayList<>(List.of(promtool, "test", "rules"));
        tests.forEach(t -> testRules.add(t.getFileName().toString()));
        assertThat(run(dir, testRules.toArray(String[]::new))).doesNotContain("FAILED");
    }

    @Test
    void everyAlertHasAUnitTestThatExpectsItToFire() throws IOException {
        String tests;
        try (Stream<Path> files = Files.list(PROMTOOL_TESTS)) {
            tests = files.filter(f -> f.toString().endsWith(".test.yaml")).map(MonitoringTest::read)
                    .collect(Collectors.joining("\n"));
        }
        for (JsonObject alert : alerts()) {
            String name = J.str(alert, "alert");
            assertThat(Pattern.compile("alertname: " + name + "\\s+exp_alerts:\\s+- exp_labels").matcher(tests).find())
                    .as("a promtool test in %s expects %s to fire", PROMTOOL_TESTS, name).isTrue();
        }
    }

    @Test
    void everyAlertHasASeverityAndARunbookSectionThatExists() throws IOException {
        Set<String> anchors = Files.readAllLines(RUNBOOKS).stream().filter(l -> l.startsWith("## "))
                .map(l -> l.substring(3).strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 -]", "").replace(' ', '-'))
                .collect(Collectors.toSet());
        assertThat(alerts()).hasSizeGreaterThanOrEqualTo(7).allSatisfy(alert -> {
            String name = J.str(alert, "alert");
            assertThat(J.str(alert, "labels", "severity")).as(name).isIn("critical", "warning");
            String url = J.str(alert, "annotations", "runbook_url");
            assertThat(url).as(name).startsWith(RUNBOOK_URL);
            assertThat(anchors).as("section of docs/runbooks.md for " + name).contains(url.substring(RUNBOOK_URL.length()));
        });
    }

    @Test
    void serviceMonitorsSelectTheServicesAndScrapeTheirNamedPort() {
        List<K8sObject> monitors = production.ofKind("ServiceMonitor");
        assertThat(monitors).extracting(K8sObject::name).containsExactlyInAnyOrder("payment-provider", "invoice-app");
        for (K8sObject monitor : monitors) {
            K8sObject service = production.find("Service", monitor.namespace(), monitor.name()).orElseThrow();
            assertThat(service.labels()).containsAllEntriesOf(J.stringMap(monitor.json(), "spec", "selector", "matchLabels"));
            JsonObject endpoint = J.obj(monitor.json(), "spec").getAsJsonArray("endpoints").get(0).getAsJsonObject();
            assertThat(J.str(endpoint, "path")).isEqualTo("/metrics");
            assertThat(J.obj(service.json(), "spec").getAsJsonArray("ports")).extracting(p -> J.str(p.getAsJsonObject(), "name"))
                    .contains(J.str(endpoint, "port"));
        }
    }

    @Test
    void theDashboardIsAGrafanaDashboardTheSidecarLoads() {
        K8sObject configMap = production.find("ConfigMap", "monitoring", "payrail-dashboard").orElseThrow();
        assertThat(configMap.labels()).containsEntry("grafana_dashboard", "1");
        JsonObject dashboard = JsonParser.parseString(J.str(configMap.json(), "data", "payrail-dashboard.json"))
                .getAsJsonObject();
        assertThat(J.str(dashboard, "uid")).isNotBlank();
        List<String> titles = new ArrayList<>();
        for (JsonElement panel : dashboard.getAsJsonArray("panels")) {
            titles.add(J.str(panel.getAsJsonObject(), "title"));
            if (!"row".equals(J.str(panel.getAsJsonObject(), "type"))) {
                assertThat(panel.getAsJsonObject().getAsJsonArray("targets")).as(J.str(panel.getAsJsonObject(), "title"))
                        .isNotEmpty();
            }
        }
        assertThat(String.join("|", titles).toLowerCase(Locale.ROOT))
                .contains("request rate", "error", "latency", "charges", "payment run", "connection pool");
    }

    @Test
    void prometheusInTheMonitoringNamespaceMayScrapeTheProvider() {
        K8sObject policy = production.find("NetworkPolicy", "payments", "payment-provider-ingress-monitoring").orElseThrow();
        String rendered = policy.json().toString();
        assertThat(rendered).contains("\"kubernetes.io/metadata.name\":\"monitoring\"", "\"port\":9000");
    }

    /** The rendered PrometheusRules' groups, as one Prometheus rule file (JSON is YAML). */
    private String rulesFile() {
        JsonObject file = new JsonObject();
        com.google.gson.JsonArray groups = new com.google.gson.JsonArray();
        production.ofKind("PrometheusRule").forEach(rule -> J.obj(rule.json(), "spec").getAsJsonArray("groups")
                .forEach(groups::add));
        file.add("groups", groups);
        return file.toString();
    }

    private List<JsonObject> alerts() {
        List<JsonObject> alerts = new ArrayList<>();
        production.ofKind("PrometheusRule").forEach(rule -> J.obj(rule.json(), "spec").getAsJsonArray("groups")
                .forEach(group -> group.getAsJsonObject().getAsJsonArray("rules").forEach(r -> {
                    if (r.getAsJsonObject().has("alert")) {
                        alerts.add(r.getAsJsonObject());
                    }
                })));
        return alerts;
    }

    private static String promtool() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "promtool");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        assumeTrue(false, "promtool is not on the PATH: apt-get install prometheus (.ci/run does)");
        return null;
    }

    private static String run(Path dir, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("%s finished within 120 s", List.of(command)).isTrue();
        assertThat(process.exitValue()).as("exit code of %s; output:%n%s", List.of(command), out).isZero();
        return out;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
