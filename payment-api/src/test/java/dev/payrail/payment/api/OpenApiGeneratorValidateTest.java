package dev.payrail.payment.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * openapi-generator's validator, recommendations included, finds nothing in the document payment-api ships, the one
 * clients are generated from; and it is not a check that cannot fail: an error and a lone recommendation are
 * each refused.
 */
class OpenApiGeneratorValidateTest {
    private static final Path DOCUMENTS = Path.of("target", "classes", "META-INF", "openapi");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shippedJsonAndYamlHaveNoErrorAndNoRecommendation() {
        OpenApiGeneratorValidation.requireClean(DOCUMENTS.resolve("openapi.json"));
        OpenApiGeneratorValidation.requireClean(DOCUMENTS.resolve("openapi.yaml"));
    }

    @Test
    void responseWithoutDescriptionIsAnError(@TempDir Path dir) throws IOException {
        ObjectNode document = shipped();
        ((ObjectNode) document.at("/paths/~1v1~1charges~1{id}/get/responses/200")).remove("description");
        Path broken = dir.resolve("no-description.json");
        JSON.writeValue(broken.toFile(), document);

        OpenApiGeneratorValidation.Result result = OpenApiGeneratorValidation.validate(broken);

        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.output()).contains("responses.200.description is missing", "Spec has 1 errors");
        assertThat(result.clean()).isFalse();
        assertThatThrownBy(() -> OpenApiGeneratorValidation.requireClean(broken)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("Spec has 1 errors");
    }

    @Test
    void unusedSchemaIsARecommendationAndRefusedAlthoughTheCliExitsZero(@TempDir Path dir) throws IOException {
        ObjectNode document = shipped();
        ((ObjectNode) document.at("/components/schemas")).putObject("Unused").put("type", "object")
                .put("description", "referred to by nothing");
        Path unused = dir.resolve("unused-schema.json");
        JSON.writeValue(unused.toFile(), document);

        OpenApiGeneratorValidation.Result result = OpenApiGeneratorValidation.validate(unused);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("Unused model: Unused", "Spec has 1 recommendation(s)")
                .doesNotContain(OpenApiGeneratorValidation.CLEAN);
        assertThat(result.clean()).isFalse();
        assertThatThrownBy(() -> OpenApiGeneratorValidation.requireClean(unused)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("1 recommendation(s)");
    }

    private static ObjectNode shipped() throws IOException {
        return (ObjectNode) JSON.readTree(DOCUMENTS.resolve("openapi.json").toFile());
    }
}
