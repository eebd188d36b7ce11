package dev.payrail.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** In a cluster both services log ECS JSON, one object per line, whichever overlay renders them. */
class StructuredLogsTest {

    @ParameterizedTest
    @EnumSource(Variant.class)
    void bothServicesLogJsonInEveryOverlay(Variant variant) {
        Manifests manifests = variant.render();

        assertThat(OverlayDifferencesTest.env(manifests.podTemplate("Deployment", "invoicing", "invoice-app")))
                .containsEntry("LOG_FORMAT", "json");
        assertThat(OverlayDifferencesTest.env(manifests.podTemplate("Deployment", "payments", "payment-provider")))
                .containsEntry("LOG_FORMAT", "json");
    }
}
