package dev.payrail.payment.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** The OpenAPI document is generated from the annotations at build time and shipped in the jar. */
class OpenApiDocumentTest {

    @Test
    void documentsChargesWithTheirErrorResponses() throws IOException {
        JsonNode doc = document();

        JsonNode create = doc.at("/paths/~1v1~1charges/post");
        assertThat(create.path("operationId").asText()).isEqualTo("createCharge");
        assertThat(create.path("responses").fieldNames()).toIterable()
                .contains("201", "400", "401", "404", "409", "413", "422", "429", "503");
        assertThat(create.at("/responses/409/content/application~1problem+json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/Problem");
        assertThat(doc.at("/paths/~1v1~1charges/get/operationId").asText()).isEqualTo("findChargeByIdempotencyKey");
        assertThat(doc.at("/paths/~1v1~1charges~1{id}/get/operationId").asText()).isEqualTo("getCharge");
        assertThat(doc.at("/components/schemas/ChargeRequest/properties").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("customerId", "invoiceId", "amount", "currency");
        assertThat(doc.at("/components/securitySchemes/bearer/bearerFormat").asText()).isEqualTo("JWT");
    }

    private static JsonNode document() throws IOException {
        try (InputStream in = ChargesApi.class.getResourceAsStream("/META-INF/openapi/openapi.json")) {
            assertThat(in).as("openapi.json on the classpath").isNotNull();
            return new ObjectMapper().readTree(in);
        }
    }
}
