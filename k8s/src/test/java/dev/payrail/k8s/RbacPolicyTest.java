package dev.payrail.k8s;

import com.google.gson.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RbacPolicyTest {

    private static final Map<String, String> TEAM_OF_NAMESPACE = Map.of("invoicing", "team-invoicing", "payments", "team-payments");
    private static final Map<String, Set<String>> OWN_WORKLOADS = Map.of(
            "invoicing", Set.of("invoice-app", "invoice-app-payment-run"), "payments", Set.of("payment-provider"));
    private static final Set<String> READ = Set.of("get", "list", "watch");
    private static final Set<String> ROLL_OUT = Set.of("update", "patch");

    @ParameterizedTest
    @EnumSource(Variant.class)
    void nothingClusterWideIsGrantedByTheManifests(Variant variant) {
        assertThat(variant.render().all()).extracting(K8sObject::kind)
                .doesNotContain("ClusterRole", "ClusterRoleBinding");
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void eachTeamIsBoundToOneRoleInItsOwnNamespace(Variant variant) {
        Manifests manifests = variant.render();

        assertThat(manifests.ofKind("RoleBinding")).hasSize(2);
        for (K8sObject binding : manifests.ofKind("RoleBinding")) {
            String team = TEAM_OF_NAMESPACE.get(binding.namespace());
            assertThat(J.objects(binding.json(), "subjects")).as("%s subjects", binding).singleElement().satisfies(s -> {
                assertThat(J.str(s, "kind")).isEqualTo("Group");
                assertThat(J.str(s, "name")).isEqualTo(team);
                assertThat(J.str(s, "apiGroup")).isEqualTo("rbac.authorization.k8s.io");
            });
            assertThat(J.str(binding.json(), "roleRef", "kind")).isEqualTo("Role");
            manifests.get("Role", binding.namespace(), J.str(binding.json(), "roleRef", "name"));
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void rolesHaveNoWildcardsSecretsExecOrEscalation(Variant variant) {
        List<K8sObject> roles = variant.render().ofKind("Role");

        assertThat(roles).hasSize(2);
        for (K8sObject role : roles) {
            for (JsonObject rule : J.objects(role.json(), "rules")) {
                String where = role + " rule " + rule;
                assertThat(J.strings(rule, "apiGroups")).as(where).doesNotContain("*").isNotEmpty();
                assertThat(J.strings(rule, "resources")).as(where).isNotEmpty().noneMatch(r -> r.contains("*"))
                        .doesNotContain("secrets", "pods/exec", "pods/attach", "pods/portforward", "pods/proxy",
                                "services/proxy", "nodes/proxy", "serviceaccounts/token", "roles", "rolebindings",
                                "networkpolicies", "namespaces");
                assertThat(J.strings(rule, "verbs")).as(where).isNotEmpty().doesNotContain("*", "escalate", "bind",
                        "impersonate", "create", "delete", "deletecollection");
                assertThat(J.at(rule, "nonResourceURLs")).as(where).isNull();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void teamsMayReadTheirPodsAndLogsAndRollOutOnlyTheirOwnWorkloads(Variant variant) {
        for (K8sObject role : variant.render().ofKind("Role")) {
            List<JsonObject> rules = J.objects(role.json(), "rules");
            assertThat(allows(rules, "", "pods", "get")).as("%s reads pods", role).isTrue();
            assertThat(allows(rules, "", "pods/log", "get")).as("%s reads logs", role).isTrue();
            assertThat(allows(rules, "apps", "replicasets", "list")).as("%s follows rollouts", role).isTrue();
            assertThat(allows(rules, "", "events", "list")).as("%s reads events", role).isTrue();
            for (JsonObject rule : rules) {
                List<String> verbs = J.strings(rule, "verbs");
                if (verbs.stream().anyMatch(v -> !READ.contains(v))) {
                    assertThat(verbs).as("%s writes only by update/patch", role).allMatch(ROLL_OUT::contains);
                    assertThat(J.strings(rule, "apiGroups")).containsAnyOf("apps", "batch");
                    assertThat(J.strings(rule, "resourceNames")).as("%s writes only named objects", role).isNotEmpty()
                            .allMatch(OWN_WORKLOADS.get(role.namespace())::contains);
                }
            }
            String ownDeployment = role.namespace().equals("payments") ? "payment-provider" : "invoice-app";
            assertThat(rules).as("%s rolls out %s", role, ownDeployment).anySatisfy(rule -> {
                assertThat(J.strings(rule, "resources")).contains("deployments");
                assertThat(J.strings(rule, "verbs")).contains("patch", "update");
                assertThat(J.strings(rule, "resourceNames")).containsExactly(ownDeployment);
            });
        }
    }

    private static boolean allows(List<JsonObject> rules, String group, String resource, String verb) {
        return rules.stream().anyMatch(r -> J.strings(r, "apiGroups").contains(group) && J.strings(r, "resources").contains(resource)
                && J.strings(r, "verbs").contains(verb) && J.strings(r, "resourceNames").isEmpty());
    }
}
