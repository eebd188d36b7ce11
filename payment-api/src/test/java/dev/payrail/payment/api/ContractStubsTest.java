package dev.payrail.payment.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The contract's examples (WireMock stubs under {@code contract/}, shared through the test-jar with the SDK's
 * tests and the provider's replay test) are themselves valid: every body is a wire type of this module, every
 * problem agrees with its status and {@code Request-Id}, and every error code the charge and lookup endpoints
 * answer has an example.
 */
class ContractStubsTest {
    /** Codes the charge, lookup and customer endpoints never answer to a request for a route they serve. */
    private static final Set<ErrorCode> NOT_ANSWERED_BY_THESE_ENDPOINTS = EnumSet.of(
            ErrorCode.NOT_FOUND, ErrorCode.METHOD_NOT_ALLOWED, ErrorCode.NOT_ACCEPTABLE, ErrorCode.INTERNAL_ERROR);

    private final ObjectMapper mapper = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Test
    void everyStubSaysWhatItShowsAndWhetherTheProviderReplaysIt() throws IOException {
        for (JsonNode stub : stubs()) {
            JsonNode contract = stub.path("metadata").path("contract");
            assertThat(contract.path("description").asText()).as(name(stub)).isNotBlank();
            assertThat(contract.path("replay").isBoolean()).as(name(stub) + " replay flag").isTrue();
            if (!contract.path("replay").asBoolean()) {
                assertThat(contract.path("clientOnly").asText()).as(name(stub) + " says why it is client-only")
                        .isNotBlank();
            }
        }
    }

    @Test
    void everyResponseCarriesARequestIdAndAContentType() throws IOException {
        for (JsonNode stub : stubs()) {
            JsonNode response = stub.path("response");
            if (response.has("fault")) {
                continue;
            }
            assertThat(response.path("headers").path(PaymentHeaders.REQUEST_ID).asText()).as(name(stub))
                    .startsWith("req_");
            assertThat(response.path("headers").path("Content-Type").asText()).as(name(stub)).isNotBlank();
        }
    }

    @Test
    void successBodiesAreWireTypes() throws IOException {
        for (JsonNode stub : contractStubs()) {
            int status = stub.path("response").path("status").asInt();
            if (status >= 300) {
                continue;
            }
            String url = stub.path("request").path("url").asText();
            Class<?> type = url.startsWith("/v1/customers") ? Customer.class : Charge.class;
            assertThat(mapper.readValue(body(stub), type)).as(name(stub)).isNotNull();
            assertThat(stub.path("response").path("headers").path("Content-Type").asText()).as(name(stub))
                    .isEqualTo("application/json");
        }
    }

    @Test
    void problemsAgreeWithTheirStatusCodeAndRequestId() throws IOException {
        for (JsonNode stub : contractStubs()) {
            JsonNode response = stub.path("response");
            int status = response.path("status").asInt();
            if (status < 400) {
                continue;
            }
            Problem problem = mapper.readValue(body(stub), Problem.class);
            ErrorCode code = ErrorCode.fromCode(problem.code()).orElseThrow();
            assertThat(problem.status()).as(name(stub)).isEqualTo(status).isEqualTo(code.status());
            assertThat(problem.type()).as(name(stub)).isEqualTo(code.type());
            assertThat(problem.title()).as(name(stub)).isEqualTo(code.title());
            assertThat(problem.detail()).as(name(stub)).isNotBlank();
            assertThat(problem.requestId()).as(name(stub))
                    .isEqualTo(response.path("headers").path(PaymentHeaders.REQUEST_ID).asText());
            assertThat(response.path("headers").path("Content-Type").asText()).as(name(stub))
                    .isEqualTo(PaymentHeaders.PROBLEM_JSON);
            if (status == 429 || status == 503) {
                assertThat(response.path("headers").path(PaymentHeaders.RETRY_AFTER).asText()).as(name(stub))
                        .matches("[0-9]+");
            }
        }
    }

    @Test
    void everyErrorCodeTheEndpointsAnswerHasAnExample() throws IOException {
        Set<String> shown = new TreeSet<>();
        for (JsonNode stub : contractStubs()) {
            if (stub.path("response").path("status").asInt() >= 400) {
                shown.add(mapper.readValue(body(stub), Problem.class).code());
            }
        }
        for (ErrorCode code : ErrorCode.values()) {
            if (!NOT_ANSWERED_BY_THESE_ENDPOINTS.contains(code)) {
                assertThat(shown).as("a contract stub shows " + code.code()).contains(code.code());
            }
        }
    }

    private List<JsonNode> contractStubs() throws IOException {
        return stubs().stream().filter(s -> !s.path("response").has("fault")
                && !s.path("name").asText().startsWith("fault-")).toList();
    }

    private List<JsonNode> stubs() throws IOException {
        List<JsonNode> stubs = new ArrayList<>();
        try (Stream<Path> files = Files.list(contract().resolve("mappings"))) {
            for (Path file : files.sorted().toList()) {
                stubs.add(mapper.readTree(file.toFile()));
            }
        }
        assertThat(stubs).hasSizeGreaterThan(20);
        return stubs;
    }

    private byte[] body(JsonNode stub) throws IOException {
        return Files.readAllBytes(contract().resolve("__files")
                .resolve(stub.path("response").path("bodyFileName").asText()));
    }

    private static String name(JsonNode stub) {
        return stub.path("name").asText();
    }

    private static Path contract() {
        try {
            return Path.of(ContractStubsTest.class.getResource("/contract").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
