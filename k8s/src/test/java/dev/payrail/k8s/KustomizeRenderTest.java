package dev.payrail.k8s;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KustomizeRenderTest {

    @ParameterizedTest
    @EnumSource(Variant.class)
    void everyOverlayAndComponentCombinationRendersWithKubectlKustomize(Variant variant) {
        Manifests manifests = variant.render();

        assertThat(manifests.all()).extracting(K8sObject::kind).contains("Namespace", "ServiceAccount", "Deployment",
                "Service", "CronJob", "NetworkPolicy", "Role", "RoleBinding");
        if (variant.production()) {
            assertThat(manifests.all()).extracting(K8sObject::kind).contains("HorizontalPodAutoscaler", "PodDisruptionBudget");
        }
    }

    @Test
    void theBaseRendersOnItsOwnWithoutEnvironmentSpecificObjects() {
        Manifests base = Manifests.parse(Kustomize.run(Kustomize.K8S_DIR.resolve("base")));

        assertThat(base.all()).flatMap(StrictValidator::validate).isEmpty();
        assertThat(base.all()).extracting(K8sObject::kind).doesNotContain("HorizontalPodAutoscaler", "PodDisruptionBudget");
        assertThat(J.str(base.get("Service", "invoicing", "invoice-app").spec(), "type")).isEqualTo("ClusterIP");
    }

    @Test
    void aMissingKubectlFailsWithASentenceSayingHowToInstallIt() {
        assertThatThrownBy(() -> Kustomize.locateKubectl(Map.of("PATH", "/nonexistent/bin"), null))
                .hasMessageStartingWith("kubectl not found on PATH (searched [/nonexistent/bin]); install kubectl")
                .hasMessageContaining("https://kubernetes.io/docs/tasks/tools/");
        assertThatThrownBy(() -> Kustomize.locateKubectl(Map.of(), "/nonexistent/kubectl"))
                .hasMessageStartingWith("-Dkubectl=/nonexistent/kubectl is not an executable file; install kubectl");
    }

    @Test
    void aKustomizationThatDoesNotBuildFailsWithKubectlsReason() {
        assertThatThrownBy(() -> Kustomize.run(Kustomize.K8S_DIR.resolve("src/test/resources/broken")))
                .hasMessageContaining("kubectl kustomize").hasMessageContaining("failed (exit 1)");
    }
}
