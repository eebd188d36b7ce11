package dev.payrail.k8s;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class OverlayDifferencesTest {

    /** Secrets deploy.sh creates at deploy time, with the keys the manifests read from them. */
    static final Map<String, Set<String>> DEPLOY_TIME_SECRETS = Map.of(
            "payments/payment-provider-jwks", Set.of("jwks.json"),
            "invoicing/invoice-app-jwt-key", Set.of("private-key.pem", "key-id"),
            "invoicing/invoice-app-admin-token", Set.of("token"),
            "invoicing/invoice-app-database", Set.of("url", "user", "password", "migration-user", "migration-password"),
            "payments/payment-provider-database", Set.of("url", "user", "password", "migration-user", "migration-password"));

    /** Keys deploy.sh writes only when asked to (the optional migration role): read with {@code optional: true}. */
    static final Set<String> OPTIONAL_SECRET_KEYS = Set.of("migration-user", "migration-password");

    @Test
    void localRunsOneSqliteReplicaOfEachOnLocallyLoadedImages() {
        Manifests local = Variant.LOCAL.render();

        for (K8sObject deployment : local.ofKind("Deployment")) {
            assertThat(J.number(deployment.spec(), "replicas")).as("%s replicas", deployment).isEqualTo(1L);
            assertThat(env(local.podTemplate("Deployment", deployment.namespace(), deployment.name())))
                    .as("%s uses SQLite under DATA_DIR", deployment).doesNotContainKey("DATABASE_URL");
        }
        assertThat(local.ofKind("HorizontalPodAutoscaler")).isEmpty();
    }

    @Test
    void productionRunsTwoOrMoreReplicasOfEachOnPostgresqlSpreadOverNodesAndZones() {
        Manifests production = Variant.PRODUCTION.render();

        K8sObject hpa = production.get("HorizontalPodAutoscaler", "payments", "payment-provider");
        assertThat(J.str(hpa.spec(), "scaleTargetRef", "kind")).isEqualTo("Deployment");
        assertThat(J.str(hpa.spec(), "scaleTargetRef", "name")).isEqualTo("payment-provider");
        assertThat(J.number(hpa.spec(), "minReplicas")).isGreaterThanOrEqualTo(2L);
        assertThat(J.number(hpa.spec(), "maxReplicas")).isGreaterThan(J.number(hpa.spec(), "minReplicas"));
        assertThat(J.number(production.get("Deployment", "payments", "payment-provider").spec(), "replicas"))
                .as("the HPA owns the provider's replica count").isNull();
        assertThat(J.number(production.get("Deployment", "invoicing", "invoice-app").spec(), "replicas"))
                .isGreaterThanOrEqualTo(2L);

        for (PodTemplate pod : production.podTemplates().stream().filter(PodTemplate::isServer).toList()) {
            String secret = pod.owner().name() + "-database";
            for (Map.Entry<String, String> variable : Map.of("DATABASE_URL", "url", "DATABASE_USER", "user",
                    "DATABASE_PASSWORD", "password").entrySet()) {
                assertThat(envFromSecret(pod, variable.getKey())).as("%s %s", pod, variable.getKey())
                        .isEqualTo(secret + "/" + variable.getValue());
            }
            assertThat(envFromSecret(pod, "DATABASE_MIGRATION_USER")).isEqualTo(secret + "/migration-user");
            assertThat(envFromSecret(pod, "DATABASE_MIGRATION_PASSWORD")).isEqualTo(secret + "/migration-password");
            List<JsonObject> spread = J.objects(pod.podSpec(), "topologySpreadConstraints");
            assertThat(spread).extracting(c -> J.str(c, "topologyKey"))
                    .containsExactlyInAnyOrder("kubernetes.io/hostname", "topology.kubernetes.io/zone");
            assertThat(spread).allSatisfy(c -> assertThat(pod.labels())
                    .containsAllEntriesOf(J.stringMap(c, "labelSelector", "matchLabels")));
        }
    }

    @Test
    void productionKeepsTheLastReplicaOfEachServiceThroughADrain() {
        Manifests production = Variant.PRODUCTION.render();

        assertThat(production.ofKind("PodDisruptionBudget")).hasSize(2);
        for (PodTemplate pod : production.podTemplates().stream().filter(PodTemplate::isServer).toList()) {
            K8sObject pdb = production.get("PodDisruptionBudget", pod.namespace(), pod.owner().name());
            assertThat(pod.labels()).containsAllEntriesOf(J.stringMap(pdb.spec(), "selector", "matchLabels"));
            assertThat(J.number(pdb.spec(), "minAvailable")).isEqualTo(1L);
        }
    }

    @Test
    void productionProtectsInvoiceAppPostEndpointsAndThePaymentRunWithTheAdminToken() {
        Manifests production = Variant.PRODUCTION.render();

        assertThat(envFromSecret(production.podTemplate("Deployment", "invoicing", "invoice-app"), "ADMIN_TOKEN"))
                .isEqualTo("invoice-app-admin-token/token");
        assertThat(envFromSecret(production.podTemplate("CronJob", "invoicing", "invoice-app-payment-run"), "ADMIN_TOKEN"))
                .isEqualTo("invoice-app-admin-token/token");
        assertThat(env(Variant.LOCAL.render().podTemplate("Deployment", "invoicing", "invoice-app"))).doesNotContainKey("ADMIN_TOKEN");
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void theAppsAreWiredToEachOtherAndToTheKeysAsTheBriefAgrees(Variant variant) {
        Manifests manifests = variant.render();
        Map<String, String> invoiceApp = env(manifests.podTemplate("Deployment", "invoicing", "invoice-app"));
        Map<String, String> provider = env(manifests.podTemplate("Deployment", "payments", "payment-provider"));

        assertThat(invoiceApp).containsEntry("PORT", "8000")
                .containsEntry("PAYMENT_PROVIDER_ENDPOINT", "http://payment-provider.payments.svc.cluster.local:9000");
        assertThat(provider).containsEntry("PORT", "9000").containsEntry("AUTH_AUDIENCE", "payment-provider")
                .doesNotContainKey("AUTH_DISABLED");
        if (variant.serviceAccountTokenAuth()) {
            assertThat(invoiceApp).containsEntry("AUTH_TOKEN_FILE", "/var/run/secrets/payrail/token/token")
                    .doesNotContainKeys("AUTH_PRIVATE_KEY_FILE", "AUTH_KEY_ID");
            assertThat(provider).containsEntry("AUTH_ALLOWED_SUBJECTS", "system:serviceaccount:invoicing:invoice-app")
                    .containsEntry("AUTH_JWKS", "https://kubernetes.default.svc.cluster.local/openid/v1/jwks");
            JsonObject projected = J.objects(manifests.podTemplate("Deployment", "invoicing", "invoice-app").podSpec(), "volumes")
                    .stream().filter(v -> "provider-token".equals(J.str(v, "name"))).findFirst().orElseThrow();
            assertThat(J.objects(projected, "projected", "sources")).singleElement().satisfies(s -> {
                assertThat(J.str(s, "serviceAccountToken", "audience")).isEqualTo("payment-provider");
                assertThat(J.number(s, "serviceAccountToken", "expirationSeconds")).isLessThanOrEqualTo(3600L);
            });
        } else {
            assertThat(invoiceApp).containsEntry("AUTH_PRIVATE_KEY_FILE", "/etc/payrail/auth/private-key.pem")
                    .containsEntry("AUTH_ISSUER", "invoice-app").containsEntry("AUTH_SUBJECT", "invoice-app");
            assertThat(provider).containsEntry("AUTH_JWKS", "/etc/payrail/auth/jwks.json")
                    .containsEntry("AUTH_ISSUER", "invoice-app").containsEntry("AUTH_ALLOWED_SUBJECTS", "invoice-app");
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void noSecretIsCommittedAndEverySecretReferenceIsOneDeployShCreates(Variant variant) {
        Manifests manifests = variant.render();

        assertThat(manifests.ofKind("Secret")).isEmpty();
        assertThat(manifests.ofKind("ConfigMap")).allSatisfy(c -> assertThat(c.json().toString()).doesNotContain("PRIVATE KEY"));
        for (PodTemplate pod : manifests.podTemplates()) {
            for (JsonObject volume : J.objects(pod.podSpec(), "volumes")) {
                String secret = J.str(volume, "secret", "secretName");
                if (secret != null) {
                    assertThat(DEPLOY_TIME_SECRETS).containsKey(pod.namespace() + "/" + secret);
                    assertThat(J.objects(volume, "secret", "items")).extracting(i -> J.str(i, "key"))
                            .allMatch(DEPLOY_TIME_SECRETS.get(pod.namespace() + "/" + secret)::contains);
                }
            }
            for (JsonObject container : pod.allContainers()) {
                for (JsonObject variable : J.objects(container, "env")) {
                    JsonObject ref = J.obj(variable, "valueFrom", "secretKeyRef");
                    if (ref != null) {
                        String name = pod.namespace() + "/" + J.str(ref, "name");
                        assertThat(DEPLOY_TIME_SECRETS).as("%s %s", pod, variable).containsKey(name);
                        assertThat(DEPLOY_TIME_SECRETS.get(name)).contains(J.str(ref, "key"));
                        if (OPTIONAL_SECRET_KEYS.contains(J.str(ref, "key"))) {
                            assertThat(J.bool(ref, "optional")).as("%s %s is optional", pod, variable).isTrue();
                        }
                    }
                }
            }
        }
    }

    @Test
    void noPrivateKeyOrSecretValueIsCommittedUnderK8s() throws IOException {
        try (Stream<Path> files = Files.walk(Kustomize.K8S_DIR)) {
            List<Path> offending = files.filter(Files::isRegularFile)
                    .filter(p -> !p.startsWith(Kustomize.K8S_DIR.resolve("target")))
                    .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".pem") || p.toString().endsWith(".json"))
                    .filter(p -> {
                        try {
                            String text = Files.readString(p);
                            return text.contains("PRIVATE KEY") || text.matches("(?s).*\\n\\s*kind:\\s*Secret\\b.*");
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    }).toList();
            assertThat(offending).isEmpty();
        }
    }

    static Map<String, String> env(PodTemplate pod) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        for (JsonObject container : pod.containers()) {
            J.objects(container, "env").forEach(e -> env.put(J.str(e, "name"),
                    J.str(e, "value") != null ? J.str(e, "value") : String.valueOf(J.obj(e, "valueFrom"))));
        }
        return env;
    }

    static String envFromSecret(PodTemplate pod, String variable) {
        return pod.containers().stream().flatMap(c -> J.objects(c, "env").stream())
                .filter(e -> variable.equals(J.str(e, "name")))
                .map(e -> J.str(e, "valueFrom", "secretKeyRef", "name") + "/" + J.str(e, "valueFrom", "secretKeyRef", "key"))
                .findFirst().orElse(null);
    }
}
