package dev.payrail.k8s;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ServicePolicyTest {

    @ParameterizedTest
    @EnumSource(Variant.class)
    void everyServiceSelectsPodsOfAWorkloadAndTargetsAPortTheyDeclare(Variant variant) {
        Manifests manifests = variant.render();

        assertThat(manifests.ofKind("Service")).hasSize(2);
        for (K8sObject service : manifests.ofKind("Service")) {
            Map<String, String> selector = J.stringMap(service.spec(), "selector");
            assertThat(selector).as("%s selector", service).isNotEmpty();
            List<PodTemplate> selected = manifests.podTemplates().stream()
                    .filter(p -> p.namespace().equals(service.namespace()))
                    .filter(p -> p.labels().entrySet().containsAll(selector.entrySet()))
                    .toList();
            assertThat(selected).as("%s selects exactly one workload's pods", service).singleElement()
                    .satisfies(p -> assertThat(p.isServer()).isTrue());
            for (JsonObject port : J.objects(service.spec(), "ports")) {
                JsonElement target = J.at(port, "targetPort");
                assertThat(selected.get(0).containers()).as("%s targetPort %s is declared", service, target)
                        .anyMatch(c -> WorkloadPolicyTest.declaredPort(c, target));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void thePaymentProviderIsOnlyAClusterIpServiceOn9000(Variant variant) {
        K8sObject provider = variant.render().get("Service", "payments", "payment-provider");

        assertThat(J.str(provider.spec(), "type")).isEqualTo("ClusterIP");
        assertThat(J.objects(provider.spec(), "ports")).singleElement().satisfies(port -> {
            assertThat(J.number(port, "port")).isEqualTo(9000L);
            assertThat(J.at(port, "nodePort")).isNull();
        });
        assertThat(J.at(provider.spec(), "externalIPs")).isNull();
        assertThat(variant.render().ofKind("Ingress")).noneMatch(i -> i.toString().contains("payment-provider"));
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void invoiceAppIsReachableFromOutsideTheCluster(Variant variant) {
        K8sObject invoiceApp = variant.render().get("Service", "invoicing", "invoice-app");
        JsonObject port = J.objects(invoiceApp.spec(), "ports").get(0);

        assertThat(J.number(port, "port")).isEqualTo(8000L);
        if (variant.production()) {
            assertThat(J.str(invoiceApp.spec(), "type")).isEqualTo("LoadBalancer");
            assertThat(J.str(invoiceApp.spec(), "externalTrafficPolicy")).isEqualTo("Local");
        } else {
            assertThat(J.str(invoiceApp.spec(), "type")).isEqualTo("NodePort");
            assertThat(J.number(port, "nodePort")).as("the port deploy.sh and test.sh use").isEqualTo(30800L);
        }
    }
}
