package dev.payrail.payment.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document is generated from the annotations (and ContractConventions) at build time and shipped in
 * the jar. It must be valid and exactly as strict as the provider: what the provider refuses, the document refuses.
 */
class OpenApiDocumentTest {
    private static final String CHARGES = "/paths/~1v1~1charges";
    private static final String CHARGE = "/paths/~1v1~1charges~1{id}";
    private static final String CUSTOMER = "/paths/~1v1~1customers~1{id}";
    private static final JsonNode DOC = document();

    @Test
    void documentsChargesWithTheirErrorResponses() {
        JsonNode create = DOC.at(CHARGES + "/post");
        assertThat(create.path("operationId").asText()).isEqualTo("createCharge");
        assertThat(create.at("/responses/409/content/application~1problem+json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/Problem");
        assertThat(DOC.at(CHARGES + "/get/operationId").asText()).isEqualTo("findChargeByIdempotencyKey");
        assertThat(DOC.at(CHARGE + "/get/operationId").asText()).isEqualTo("getCharge");
        assertThat(DOC.at("/components/schemas/ChargeRequest/properties").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("customerId", "invoiceId", "amount", "currency");
        assertThat(DOC.at("/components/securitySchemes/bearer/bearerFormat").asText()).isEqualTo("JWT");
    }

    @Test
    void swaggerParserFindsNothingToReport() throws IOException {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        for (String name : List.of("openapi.json", "openapi.yaml")) {
            SwaggerParseResult result = new OpenAPIV3Parser().readContents(text(name), null, options);

            assertThat(result.getMessages()).as(name).isEmpty();
            assertThat(result.getOpenAPI().getPaths()).as(name).hasSize(3);
        }
    }

    @Test
    void everyOperationAnswersEachStatusItCanWithAProblemOtherwise() {
        Map<String, List<String>> expected = Map.of(
                CHARGES + "/post", List.of("201", "400", "401", "404", "406", "409", "413", "415", "422", "429", "503"),
                CHARGES + "/get", List.of("200", "400", "401", "404", "406", "409", "503"),
                CHARGE + "/get", List.of("200", "400", "401", "404", "406", "503"),
                CUSTOMER + "/put", List.of("200", "201", "400", "401", "406", "413", "415", "422", "503"),
                CUSTOMER + "/get", List.of("200", "400", "401", "404", "406", "503"));
        expected.forEach((operation, statuses) -> {
            JsonNode responses = DOC.at(operation + "/responses");
            List<String> all = new ArrayList<>(statuses);
            all.add("default");
            assertThat(responses.fieldNames()).toIterable().as(operation).containsExactlyInAnyOrderElementsOf(all);
            responses.fields().forEachRemaining(response -> {
                String where = operation + " " + response.getKey();
                assertThat(response.getValue().path("description").asText()).as(where).isNotBlank();
                if (!response.getKey().startsWith("2")) {
                    assertThat(response.getValue().at("/content/application~1problem+json/schema/$ref").asText())
                            .as(where).isEqualTo("#/components/schemas/Problem");
                }
            });
        });
        assertThat(DOC.path("paths").size()).isEqualTo(3);
    }

    @Test
    void everyResponseDocumentsItsHeaders() {
        forEachResponse((where, response) -> {
            JsonNode headers = response.path("headers");
            assertThat(headers.at("/Request-Id/$ref").asText()).as(where).isEqualTo("#/components/headers/Request-Id");
            boolean retry = where.endsWith(" 429") || where.endsWith(" 503");
            assertThat(headers.has("Retry-After")).as(where).isEqualTo(retry);
            assertThat(headers.has("WWW-Authenticate")).as(where).isEqualTo(where.endsWith(" 401"));
        });
        assertThat(DOC.at(CHARGES + "/post/responses/201/headers/Idempotent-Replayed/$ref").asText())
                .isEqualTo("#/components/headers/Idempotent-Replayed");
        assertThat(DOC.at("/components/headers/Retry-After/schema/type").asText()).isEqualTo("integer");
        assertThat(DOC.at("/components/headers/Request-Id/schema/pattern").asText()).isEqualTo("^req_[0-9a-f]{16}$");
    }

    @Test
    void requestsNeedTheirBodiesAndEveryField() {
        assertThat(DOC.at(CHARGES + "/post/requestBody/required").asBoolean()).isTrue();
        assertThat(DOC.at(CUSTOMER + "/put/requestBody/required").asBoolean()).isTrue();
        assertThat(required("ChargeRequest")).containsExactlyInAnyOrder("customerId", "invoiceId", "amount", "currency");
        assertThat(required("CustomerRegistration")).containsExactly("currency");
        assertThat(required("Charge")).containsExactlyInAnyOrder("id", "status", "customerId", "invoiceId", "amount",
                "currency", "declineCode", "createdAt");
        assertThat(required("Customer")).containsExactlyInAnyOrder("id", "currency", "createdAt");
        assertThat(required("Problem")).containsExactlyInAnyOrder("type", "title", "status", "code");
        assertThat(DOC.at("/components/schemas/Charge/properties/declineCode/nullable").asBoolean()).isTrue();
    }

    @Test
    void requestBodiesRefuseUnknownFieldsAsTheProviderDoes() {
        assertThat(DOC.at("/components/schemas/ChargeRequest/additionalProperties").isBoolean()).isTrue();
        assertThat(DOC.at("/components/schemas/ChargeRequest/additionalProperties").asBoolean()).isFalse();
        assertThat(DOC.at("/components/schemas/CustomerRegistration/additionalProperties").asBoolean(true)).isFalse();
    }

    @Test
    void everyPatternIsAnchored() {
        List<String> patterns = new ArrayList<>();
        collectPatterns(DOC, patterns);

        assertThat(patterns).hasSizeGreaterThan(10)
                .allSatisfy(p -> assertThat(p).startsWith("^").endsWith("$"));
    }

    @Test
    void patternsAndBoundsRefuseWhatTheProviderRefuses() {
        // OpenAPI patterns are ECMA 262 and unanchored: a value passes if the pattern is found anywhere in it.
        JsonNode request = DOC.at("/components/schemas/ChargeRequest/properties");
        assertThat(found(request.at("/currency/pattern"), "USD")).isTrue();
        assertThat(found(request.at("/currency/pattern"), "USDX")).isFalse();
        assertThat(found(DOC.at("/components/schemas/CustomerRegistration/properties/currency/pattern"), "EURO"))
                .isFalse();
        assertThat(found(request.at("/customerId/pattern"), "bad id!")).isFalse();
        assertThat(found(request.at("/invoiceId/pattern"), "x".repeat(65))).isFalse();
        assertThat(request.at("/amount/minimum").asLong()).isEqualTo(1);
        assertThat(request.at("/amount/maximum").asLong()).isEqualTo(ChargeRequest.MAX_AMOUNT);
        assertThat(request.at("/amount/format").asText()).isEqualTo("int64");

        JsonNode key = parameter(CHARGES + "/post", "header", "Idempotency-Key");
        JsonNode queryKey = parameter(CHARGES + "/get", "query", "idempotencyKey");
        for (JsonNode k : List.of(key, queryKey)) {
            assertThat(k.path("required").asBoolean()).isTrue();
            assertThat(k.at("/schema/minLength").asInt()).isEqualTo(1);
            assertThat(k.at("/schema/maxLength").asInt()).isEqualTo(IdempotencyKey.MAX_LENGTH);
            JsonNode pattern = k.at("/schema/pattern");
            assertThat(found(pattern, "inv-42-1")).isTrue();
            assertThat(found(pattern, "k")).isTrue();
            assertThat(found(pattern, "~".repeat(255))).isTrue();
            assertThat(found(pattern, "~".repeat(256))).isFalse();
            assertThat(found(pattern, " leading")).isFalse();
            assertThat(found(pattern, "trailing ")).isFalse();
            assertThat(found(pattern, "tab\tkey")).isFalse();
            assertThat(found(pattern, "clé")).isFalse();
        }

        JsonNode chargeId = parameter(CHARGE + "/get", "path", "id").at("/schema/pattern");
        assertThat(found(chargeId, "ch_018f2c3d4e5f3f9c1d2e8a7b4c5d")).isTrue();
        assertThat(found(chargeId, "bad id!")).isFalse();
        for (String method : List.of("/get", "/put")) {
            JsonNode customerId = parameter(CUSTOMER + method, "path", "id").at("/schema/pattern");
            assertThat(found(customerId, "cust-17")).isTrue();
            assertThat(found(customerId, "bad id!")).isFalse();
        }
    }

    @Test
    void namesWhereTheContractIsServedAndDescribesEverything() {
        assertThat(DOC.at("/servers/0/url").asText()).startsWith("http://");
        DOC.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            String where = op.getKey() + " " + path.getKey();
            assertThat(op.getValue().path("summary").asText()).as(where).isNotBlank();
            assertThat(op.getValue().path("description").asText()).as(where).isNotBlank();
            op.getValue().path("parameters").forEach(p -> {
                assertThat(p.path("description").asText()).as(where + " " + p.path("name")).isNotBlank();
                assertThat(p.has("example")).as(where + " " + p.path("name")).isTrue();
            });
        }));
        DOC.at("/components/schemas").fields().forEachRemaining(schema -> {
            assertThat(schema.getValue().path("description").asText()).as(schema.getKey()).isNotBlank();
            schema.getValue().path("properties").fields().forEachRemaining(property -> {
                String where = schema.getKey() + "." + property.getKey();
                assertThat(property.getValue().path("description").asText()).as(where).isNotBlank();
                if (!property.getKey().equals("status")) {
                    assertThat(property.getValue().has("example")).as(where).isTrue();
                }
            });
        });
    }

    private static void forEachResponse(BiConsumer<String, JsonNode> check) {
        DOC.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op ->
                op.getValue().path("responses").fields().forEachRemaining(response -> check.accept(
                        op.getKey() + " " + path.getKey() + " " + response.getKey(), response.getValue()))));
    }

    private static List<String> required(String schema) {
        List<String> names = new ArrayList<>();
        DOC.at("/components/schemas/" + schema + "/required").forEach(n -> names.add(n.asText()));
        return names;
    }

    private static JsonNode parameter(String operation, String in, String name) {
        for (JsonNode p : DOC.at(operation + "/parameters")) {
            if (p.path("in").asText().equals(in) && p.path("name").asText().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no " + in + " parameter " + name + " on " + operation);
    }

    private static boolean found(JsonNode pattern, String value) {
        assertThat(pattern.isTextual()).as("a pattern").isTrue();
        return Pattern.compile(pattern.asText()).matcher(value).find();
    }

    private static void collectPatterns(JsonNode node, List<String> into) {
        node.fields().forEachRemaining(field -> {
            if (field.getKey().equals("pattern") && field.getValue().isTextual()) {
                into.add(field.getValue().asText());
            } else {
                collectPatterns(field.getValue(), into);
            }
        });
        if (node.isArray()) {
            node.forEach(element -> collectPatterns(element, into));
        }
    }

    private static String text(String name) throws IOException {
        try (InputStream in = ChargesApi.class.getResourceAsStream("/META-INF/openapi/" + name)) {
            assertThat(in).as(name + " on the classpath").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static JsonNode document() {
        try {
            return new ObjectMapper().readTree(text("openapi.json"));
        } catch (IOException e) {
            throw new AssertionError("openapi.json unreadable", e);
        }
    }
}
