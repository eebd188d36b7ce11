package dev.payrail.k8s;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.kubernetes.client.custom.Quantity;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Every pod template in every overlay — the Deployments and the CronJob alike. */
class WorkloadPolicyTest {

    /** GET paths each app serves (the cross-module agreements in the brief); probes may only use these. */
    static final Map<String, Set<String>> SERVED_PATHS = Map.of(
            "payment-provider", Set.of("/health/live", "/health/ready", "/metrics", "/v1/charges", "/v1/customers"),
            "invoice-app", Set.of("/health/live", "/health/ready", "/metrics", "/rest/health", "/rest/v1/invoices",
                    "/rest/v1/customers", "/rest/v1/payment-runs"));

    private static final Pattern PINNED_IMAGE = Pattern.compile("^[a-z0-9./-]+(:\\d+\\.\\d+\\.\\d+[A-Za-z0-9.-]*)?(@sha256:[0-9a-f]{64})?$");

    @ParameterizedTest
    @EnumSource(Variant.class)
    void everyPodRunsAsUser10001WithRuntimeDefaultSeccompAndNoHostAccess(Variant variant) {
        List<PodTemplate> templates = variant.render().podTemplates();

        assertThat(templates).extracting(PodTemplate::toString)
                .contains("Deployment payments/payment-provider", "Deployment invoicing/invoice-app",
                        "CronJob invoicing/invoice-app-payment-run");
        for (PodTemplate pod : templates) {
            JsonObject sc = J.obj(pod.podSpec(), "securityContext");
            assertThat(J.bool(sc, "runAsNonRoot")).as("%s runAsNonRoot", pod).isTrue();
            assertThat(J.number(sc, "runAsUser")).as("%s runAsUser", pod).isEqualTo(10001L);
            assertThat(J.number(sc, "runAsGroup")).as("%s runAsGroup", pod).isEqualTo(10001L);
            assertThat(J.number(sc, "fsGroup")).as("%s fsGroup", pod).isEqualTo(10001L);
            assertThat(J.str(sc, "seccompProfile", "type")).as("%s seccomp", pod).isEqualTo("RuntimeDefault");
            for (String hostAccess : List.of("hostNetwork", "hostPID", "hostIPC", "hostUsers")) {
                assertThat(J.bool(pod.podSpec(), hostAccess)).as("%s %s", pod, hostAccess).isNotEqualTo(Boolean.TRUE);
            }
            // Pod Security "restricted" admits only these volume types.
            assertThat(J.objects(pod.podSpec(), "volumes")).as("%s volumes", pod).allSatisfy(v -> assertThat(v.keySet())
                    .containsExactlyInAnyOrder("name", v.keySet().stream().filter(k -> !k.equals("name")).findFirst().orElseThrow())
                    .containsAnyOf("emptyDir", "secret", "projected", "configMap", "persistentVolumeClaim", "downwardAPI",
                            "ephemeral", "csi"));
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void everyContainerIncludingTheCronJobsIsHardened(Variant variant) {
        for (PodTemplate pod : variant.render().podTemplates()) {
            assertThat(pod.allContainers()).isNotEmpty();
            for (JsonObject container : pod.allContainers()) {
                String where = pod + " container " + J.str(container, "name");
                JsonObject sc = J.obj(container, "securityContext");
                assertThat(J.bool(sc, "allowPrivilegeEscalation")).as(where).isFalse();
                assertThat(J.bool(sc, "readOnlyRootFilesystem")).as(where).isTrue();
                assertThat(J.bool(sc, "runAsNonRoot")).as(where).isTrue();
                assertThat(J.bool(sc, "privileged")).as(where).isNotEqualTo(Boolean.TRUE);
                assertThat(J.strings(sc, "capabilities", "drop")).as(where).containsExactly("ALL");
                assertThat(J.strings(sc, "capabilities", "add")).as(where).isEmpty();
                assertThat(J.str(sc, "seccompProfile", "type")).as(where).isIn(null, "RuntimeDefault");
                assertThat(J.number(sc, "runAsUser")).as(where).isIn(null, 10001L);
                assertThat(J.objects(container, "ports")).as(where).noneMatch(p -> p.has("hostPort"));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void aReadOnlyRootFilesystemGetsAnEmptyDirTmpAndServersADataVolume(Variant variant) {
        for (PodTemplate pod : variant.render().podTemplates()) {
            for (JsonObject container : pod.containers()) {
                String where = pod + " container " + J.str(container, "name");
                assertThat(volumeAt(pod, container, "/tmp")).as("%s /tmp", where).isNotNull()
                        .satisfies(v -> assertThat(v.has("emptyDir")).as("%s /tmp is an emptyDir", where).isTrue());
                if (pod.isServer()) {
                    JsonObject data = volumeAt(pod, container, "/data");
                    assertThat(data).as("%s /data", where).isNotNull();
                    assertThat(data.has("emptyDir") || data.has("persistentVolumeClaim")).as("%s /data", where).isTrue();
                    assertThat(J.objects(container, "env")).as(where)
                            .anySatisfy(e -> assertThat(e.toString()).isEqualTo("{\"name\":\"DATA_DIR\",\"value\":\"/data\"}"));
                }
            }
        }
    }

    private static JsonObject volumeAt(PodTemplate pod, JsonObject container, String mountPath) {
        String volumeName = J.objects(container, "volumeMounts").stream()
                .filter(m -> mountPath.equals(J.str(m, "mountPath"))).map(m -> J.str(m, "name")).findFirst().orElse(null);
        return J.objects(pod.podSpec(), "volumes").stream().filter(v -> J.str(v, "name").equals(volumeName))
                .findFirst().orElse(null);
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void everyContainerRequestsAndLimitsCpuAndMemoryWithRequestsWithinLimits(Variant variant) {
        for (PodTemplate pod : variant.render().podTemplates()) {
            for (JsonObject container : pod.allContainers()) {
                String where = pod + " container " + J.str(container, "name");
                for (String resource : List.of("cpu", "memory")) {
                    String request = J.str(container, "resources", "requests", resource);
                    String limit = J.str(container, "resources", "limits", resource);
                    assertThat(request).as("%s requests.%s", where, resource).isNotNull();
                    assertThat(limit).as("%s limits.%s", where, resource).isNotNull();
                    assertThat(new Quantity(request).getNumber()).as("%s %s request <= limit", where, resource)
                            .isLessThanOrEqualTo(new Quantity(limit).getNumber());
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void imagesArePinnedToAReleaseVersionNeverLatest(Variant variant) {
        for (PodTemplate pod : variant.render().podTemplates()) {
            for (JsonObject container : pod.allContainers()) {
                String image = J.str(container, "image");
                assertThat(image).as("%s image", pod).doesNotEndWith(":latest").matches(PINNED_IMAGE)
                        .satisfies(i -> assertThat(i.contains(":") || i.contains("@sha256:")).as("%s has a tag or digest", i).isTrue());
                assertThat(image).isIn("payrail/payment-provider:0.1.0", "payrail/invoice-app:0.1.0");
                assertThat(J.str(container, "imagePullPolicy")).as("%s pull policy", pod)
                        .isEqualTo(variant.production() ? "IfNotPresent" : "Never");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void eachWorkloadRunsAsItsOwnServiceAccountWithoutAnApiTokenUnlessItUsesOne(Variant variant) {
        Manifests manifests = variant.render();
        List<PodTemplate> pods = manifests.podTemplates();

        assertThat(pods).extracting(p -> J.str(p.podSpec(), "serviceAccountName")).doesNotContain("default")
                .doesNotContainNull().doesNotHaveDuplicates();
        for (PodTemplate pod : pods) {
            String account = J.str(pod.podSpec(), "serviceAccountName");
            K8sObject serviceAccount = manifests.get("ServiceAccount", pod.namespace(), account);
            boolean usesItsToken = variant.serviceAccountTokenAuth() && account.equals("payment-provider");
            assertThat(J.bool(pod.podSpec(), "automountServiceAccountToken")).as("%s automount", pod).isEqualTo(usesItsToken);
            assertThat(J.bool(serviceAccount.json(), "automountServiceAccountToken")).as("%s automount", serviceAccount)
                    .isEqualTo(usesItsToken);
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void serversProbeTheirRealHealthEndpointsOnADeclaredPort(Variant variant) {
        for (PodTemplate pod : variant.render().podTemplates()) {
            if (!pod.isServer()) {
                continue;
            }
            for (JsonObject container : pod.containers()) {
                String app = appOf(J.str(container, "image"));
                String where = pod + " container " + J.str(container, "name");
                for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
                    JsonObject httpGet = J.obj(container, probe, "httpGet");
                    assertThat(httpGet).as("%s %s is an HTTP GET", where, probe).isNotNull();
                    assertThat(declaredPort(container, J.at(httpGet, "port"))).as("%s %s port %s is declared", where, probe,
                            J.at(httpGet, "port")).isTrue();
                    assertThat(SERVED_PATHS.get(app)).as("%s %s path", where, probe).contains(J.str(httpGet, "path"));
                }
                assertThat(J.str(container, "livenessProbe", "httpGet", "path")).as(where).isEqualTo("/health/live");
                assertThat(J.str(container, "readinessProbe", "httpGet", "path")).as(where).isEqualTo("/health/ready");
                assertThat(J.str(container, "startupProbe", "httpGet", "path")).as(where).isEqualTo("/health/live");
                // The probes have a listener of their own (HEALTH_PORT): busy request workers cannot delay them.
                long healthPort = J.objects(container, "ports").stream().filter(p -> "health".equals(J.str(p, "name")))
                        .mapToLong(p -> J.number(p, "containerPort")).findFirst().orElse(-1);
                assertThat(J.objects(container, "env").stream().filter(e -> "HEALTH_PORT".equals(J.str(e, "name")))
                        .map(e -> J.str(e, "value")).findFirst()).as(where).hasValue(Long.toString(healthPort));
                for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
                    assertThat(J.str(container, probe, "httpGet", "port")).as("%s %s", where, probe).isEqualTo("health");
                }
                assertThat(J.obj(container, "livenessProbe")).as("%s liveness differs from readiness", where)
                        .isNotEqualTo(J.obj(container, "readinessProbe"));
                // The startup probe gives the JVM time; liveness must not kill a pod that is merely starting.
                assertThat(J.number(container, "startupProbe", "failureThreshold") * J.number(container, "startupProbe",
                        "periodSeconds")).as(where).isGreaterThanOrEqualTo(30L);
            }
        }
    }

    static String appOf(String image) {
        String repository = image.replaceFirst("[:@].*$", "");
        return repository.substring(repository.lastIndexOf('/') + 1);
    }

    static boolean declaredPort(JsonObject container, JsonElement port) {
        if (port == null || !port.isJsonPrimitive()) {
            return false;
        }
        return J.objects(container, "ports").stream().anyMatch(p -> port.getAsJsonPrimitive().isNumber()
                ? J.number(p, "containerPort") == port.getAsLong()
                : port.getAsString().equals(J.str(p, "name")));
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void deploymentsSelectTheirOwnPodsCarryRecommendedLabelsAndRollOutWithoutLosingCapacity(Variant variant) {
        Manifests manifests = variant.render();
        for (K8sObject deployment : manifests.ofKind("Deployment")) {
            Map<String, String> selector = J.stringMap(deployment.spec(), "selector", "matchLabels");
            Map<String, String> podLabels = J.stringMap(deployment.spec(), "template", "metadata", "labels");
            assertThat(selector).as("%s selector", deployment).isNotEmpty();
            assertThat(podLabels).as("%s template labels include the selector", deployment).containsAllEntriesOf(selector);
            assertThat(J.at(deployment.spec(), "selector", "matchExpressions")).isNull();
            assertThat(J.str(deployment.spec(), "strategy", "type")).as("%s strategy", deployment).isEqualTo("RollingUpdate");
            assertThat(J.at(deployment.spec(), "strategy", "rollingUpdate", "maxUnavailable").getAsString())
                    .as("%s maxUnavailable", deployment).isEqualTo("0");
            // No other Deployment in the namespace may claim these pods.
            assertThat(manifests.ofKind("Deployment")).filteredOn(o -> !o.equals(deployment)
                            && o.namespace().equals(deployment.namespace()))
                    .noneMatch(o -> podLabels.entrySet().containsAll(J.stringMap(o.spec(), "selector", "matchLabels").entrySet()));
        }
        for (PodTemplate pod : manifests.podTemplates()) {
            assertThat(pod.labels()).as("%s pod labels", pod).containsKeys("app.kubernetes.io/name", "app.kubernetes.io/instance",
                    "app.kubernetes.io/component", "app.kubernetes.io/part-of", "app.kubernetes.io/version");
            assertThat(pod.labels().get("app.kubernetes.io/version")).isEqualTo("0.1.0");
        }
        for (K8sObject object : manifests.all()) {
            assertThat(object.labels()).as("%s labels", object).containsEntry("app.kubernetes.io/part-of", "payrail")
                    .containsEntry("app.kubernetes.io/managed-by", "kustomize");
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void namespacesEnforceAuditAndWarnPodSecurityRestricted(Variant variant) {
        Manifests manifests = variant.render();

        assertThat(manifests.ofKind("Namespace")).extracting(K8sObject::name).containsExactlyInAnyOrder("invoicing", "payments");
        for (K8sObject namespace : manifests.ofKind("Namespace")) {
            for (String mode : List.of("enforce", "audit", "warn")) {
                assertThat(namespace.labels()).as("%s", namespace)
                        .containsEntry("pod-security.kubernetes.io/" + mode, "restricted")
                        .containsKey("pod-security.kubernetes.io/" + mode + "-version");
            }
        }
        // Except the Grafana dashboard, which lives beside Grafana (components/monitoring, production only).
        assertThat(manifests.all()).filteredOn(o -> !o.kind().equals("Namespace"))
                .filteredOn(o -> !(o.kind().equals("ConfigMap") && "1".equals(o.labels().get("grafana_dashboard"))))
                .extracting(K8sObject::namespace).containsOnly("invoicing", "payments");
    }
}
