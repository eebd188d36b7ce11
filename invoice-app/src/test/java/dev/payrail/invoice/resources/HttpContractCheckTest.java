package dev.payrail.invoice.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Http} fails a test whose exchange the document does not describe. Shown against a loopback server that
 * answers whatever each test tells it to, so the drift is made on purpose.
 */
class HttpContractCheckTest {
    private static final String INVOICE = "{\"id\":42,\"customerId\":17,\"amount\":{\"value\":184.04,\"currency\":"
            + "\"USD\"},\"status\":\"PAID\"}";
    private static final String INVALID_ID = "{\"type\":\"https://payrail.dev/problems/invalid_request\",\"title\":"
            + "\"The request is invalid\",\"status\":400,\"detail\":\"id must be a positive integer, was 'abc'\","
            + "\"code\":\"invalid_request\",\"field\":\"id\",\"requestId\":\"req_8d0f5a1c2b3e4f60\"}";

    private record Answer(int status, String contentType, String body, Map<String, String> headers) {
    }

    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private HttpServer server;
    private Http http;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            Answer answer = answers.get(exchange.getRequestURI().getPath());
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", answer.contentType());
            answer.headers().forEach(exchange.getResponseHeaders()::set);
            exchange.sendResponseHeaders(answer.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        http = new Http(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(String path, int status, String contentType, String body, Map<String, String> headers) {
        answers.put(path, new Answer(status, contentType, body, headers));
    }

    @Test
    void anExchangeTheDocumentDescribesPasses() {
        answer("/rest/v1/invoices/42", 200, "application/json", INVOICE, Map.of("Request-Id", "req_8d0f5a1c2b3e4f60"));

        assertThat(http.get("/rest/v1/invoices/42").statusCode()).isEqualTo(200);
    }

    @Test
    void aResponseWithoutItsRequestIdFails() {
        answer("/rest/v1/invoices/42", 200, "application/json", INVOICE, Map.of());

        assertThatThrownBy(() -> http.get("/rest/v1/invoices/42")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("validation.response.header.missing").hasMessageContaining("Request-Id");
    }

    @Test
    void aFieldOfTheWrongShapeFails() {
        answer("/rest/v1/invoices/42", 200, "application/json", INVOICE.replace("\"USD\"", "\"usd\""),
                Map.of("Request-Id", "req_8d0f5a1c2b3e4f60"));

        assertThatThrownBy(() -> http.get("/rest/v1/invoices/42")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("validation.response.body.schema.pattern");
    }

    @Test
    void aBodyOfAnotherTypeOrAFieldTheDocumentDoesNotKnowFails() {
        answer("/rest/v1/invoices/42", 200, "application/json", "[]", Map.of("Request-Id", "req_8d0f5a1c2b3e4f60"));
        String withANote = INVOICE.substring(0, INVOICE.length() - 1) + ",\"note\":\"x\"}";
        answer("/rest/v1/invoices/43", 200, "application/json", withANote,
                Map.of("Request-Id", "req_8d0f5a1c2b3e4f60"));

        assertThatThrownBy(() -> http.get("/rest/v1/invoices/42")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("validation.response.body.schema.type");
        assertThatThrownBy(() -> http.get("/rest/v1/invoices/43")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("validation.response.body.schema.additionalProperties");
    }

    @Test
    void aStatusTheOperationDoesNotListFallsToItsDefaultAndMustBeAProblem() {
        answer("/rest/v1/payment-runs", 201, "application/json", "{}", Map.of("Request-Id", "req_8d0f5a1c2b3e4f60"));

        assertThatThrownBy(() -> http.post("/rest/v1/payment-runs")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("validation.response.contentType.notAllowed");
    }

    @Test
    void aRequestTheDocumentForbidsFailsUnlessTheTestBreaksTheContractOnPurpose() {
        answer("/rest/v1/invoices/abc", 400, "application/problem+json", INVALID_ID,
                Map.of("Request-Id", "req_8d0f5a1c2b3e4f60"));

        assertThatThrownBy(() -> http.get("/rest/v1/invoices/abc")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("validation.request.parameter");
        assertThat(http.breakingTheContract().get("/rest/v1/invoices/abc").statusCode()).isEqualTo(400);
    }

    @Test
    void breakingTheContractOnPurposeStillHoldsTheAnswerToTheDocument() {
        answer("/rest/v1/invoices/abc", 400, "application/json", "{\"error\":\"bad id\"}",
                Map.of("Request-Id", "req_8d0f5a1c2b3e4f60"));

        assertThatThrownBy(() -> http.breakingTheContract().get("/rest/v1/invoices/abc"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("response checked only")
                .hasMessageContaining("validation.response.contentType.notAllowed");
    }
}
