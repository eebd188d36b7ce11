package dev.payrail.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.payrail.provider.support.Http;
import dev.payrail.provider.support.Http.Reply;
import dev.payrail.provider.support.Providers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad input gets 400/413/415/... problem+json naming the field, never a 500 and never a stored charge. */
class BadInputTest {
    private static final String BODY = "{\"customerId\":\"17\",\"invoiceId\":\"42\",\"amount\":18404,\"currency\":\"USD\"}";
    private static final AtomicInteger KEYS = new AtomicInteger();

    @TempDir
    static Path dataDir;
    static PaymentProviderServer server;
    static Http http;

    @BeforeAll
    static void start() {
        server = Providers.sqlite(dataDir);
        // Every request here breaks the contract on purpose; each response is still judged against the document.
        http = new Http(server.baseUri()).sendingInvalidRequests();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<Arguments> badChargeRequests() throws IOException {
        try (InputStream fixture = BadInputTest.class.getResourceAsStream("/fixtures/bad-charge-requests.json")) {
            List<Arguments> cases = new ArrayList<>();
            for (JsonNode c : new ObjectMapper().readTree(fixture)) {
                cases.add(Arguments.of(c.get("name").asText(), c.get("body").asText(), c.get("status").asInt(),
                        c.get("code").asText(), c.get("field").isNull() ? null : c.get("field").asText()));
            }
            return cases.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badChargeRequests")
    void badChargeRequestIsRefusedWithProblemAndStoresNothing(String name, String body, int status, String code,
            String field) {
        String key = "bad-" + KEYS.incrementAndGet();

        Reply reply = http.postCharge(key, body);

        assertProblem(reply, status, code);
        if (field != null) {
            assertThat(reply.json().get("field").asText()).as(reply.toString()).isEqualTo(field);
        }
        assertNothingStoredFor(key);
    }

    @Test
    void missingIdempotencyKeyIsRefusedNamingTheHeader() {
        Reply reply = http.postCharge(null, BODY);

        assertProblem(reply, 400, "invalid_request");
        assertThat(reply.json().get("field").asText()).isEqualTo("Idempotency-Key");
    }

    @Test
    void overLongIdempotencyKeyIsRefused() {
        Reply reply = http.postCharge("k".repeat(256), BODY);

        assertProblem(reply, 400, "invalid_request");
        assertThat(reply.json().get("field").asText()).isEqualTo("Idempotency-Key");
    }

    @Test
    void emptyBodyIsRefused() {
        Reply reply = http.postCharge("empty-body", "");

        assertProblem(reply, 400, "invalid_request");
        assertNothingStoredFor("empty-body");
    }

    @Test
    void bodyOtherThanJsonIsUnsupportedMediaType() {
        Reply reply = http.send(http.request("/v1/charges").header("Idempotency-Key", "form-1")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("amount=1")).build());

        assertProblem(reply, 415, "unsupported_media_type");
    }

    @Test
    void wrongMethodIsMethodNotAllowed() {
        Reply reply = http.send(http.request("/v1/charges/ch_1").DELETE().build());

        assertProblem(reply, 405, "method_not_allowed");
        assertThat(reply.header("Allow")).contains("GET");
    }

    @Test
    void unacceptableMediaTypeIsNotAcceptable() {
        Reply reply = http.send(http.request("/v1/charges/ch_1").header("Accept", "text/html").GET().build());

        assertThat(reply.status()).isEqualTo(406);
        assertThat(reply.header("Request-Id")).startsWith("req_");
    }

    @Test
    void bodyOverLimitByContentLengthIsPayloadTooLarge() {
        String body = "{\"customerId\":\"" + "x".repeat(70_000) + "\"}";

        Reply reply = http.postCharge("too-large-1", body);

        assertProblem(reply, 413, "payload_too_large");
        assertNothingStoredFor("too-large-1");
    }

    @Test
    void chunkedBodyOverLimitIsPayloadTooLarge() {
        byte[] body = ("{\"customerId\":\"" + "x".repeat(200_000) + "\"}").getBytes(StandardCharsets.US_ASCII);
        HttpRequest request = http.request("/v1/charges").header("Idempotency-Key", "too-large-2")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();

        Reply reply = http.send(request);

        assertProblem(reply, 413, "payload_too_large");
        assertNothingStoredFor("too-large-2");
    }

    @Test
    void bodyJustUnderLimitIsReadAndJudgedOnItsContent() {
        String padding = " ".repeat(60_000);
        Reply reply = http.postCharge("padded-1", padding + BODY + padding.substring(0, 4_000));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    }

    static void assertProblem(Reply reply, int status, String code) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).as(reply.toString()).startsWith("application/problem+json");
        JsonNode problem = reply.json();
        assertThat(problem.get("code").asText()).as(reply.toString()).isEqualTo(code);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("type").asText()).isEqualTo("https://payrail.dev/problems/" + code);
        assertThat(problem.get("title").asText()).isNotBlank();
        assertThat(problem.get("detail").asText()).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(problem.get("requestId").asText()).isEqualTo(reply.header("Request-Id"));
    }

    private static void assertNothingStoredFor(String key) {
        Reply lookup = http.get("/v1/charges?idempotencyKey=" + key);
        assertThat(lookup.status()).as(lookup.toString()).isEqualTo(404);
    }
}
