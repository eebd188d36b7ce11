package dev.payrail.invoice.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.payrail.invoice.InvoiceAppConfig;
import dev.payrail.invoice.InvoiceAppServer;
import dev.payrail.invoice.TestConfigs;
import dev.payrail.payment.client.testing.FakePayments;
import dev.payrail.testing.RawHttp;
import dev.payrail.testing.RawHttp.Answer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * A request target with a character RFC 3986 forbids, sent raw, is the client's mistake: {@code 400
 * invalid_request} as problem+json with a {@code Request-Id}, never Grizzly's HTML 500 page with a stack trace.
 */
class HostileTargetTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dataDir;
    static InvoiceAppServer server;
    static RawHttp http;

    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeAll
    static void start() {
        Map<String, String> env = TestConfigs.environment(dataDir, "http://127.0.0.1:1");
        env.put("SEED_CUSTOMERS", "1");
        env.put("SEED_INVOICES_PER_CUSTOMER", "1");
        server = InvoiceAppServer.start(InvoiceAppConfig.fromEnvironment(env), new FakePayments());
        http = new RawHttp(server.baseUri());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void captureLogs() {
        logged.start();
        root().addAppender(logged);
    }

    @AfterEach
    void releaseLogs() {
        root().detachAppender(logged);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/rest/v1/invoices/a<b", "/rest/v1/invoices/a|b", "/rest/v1/invoices/{id}",
        "/rest/v1/invoices/a\"b", "/rest/v1/invoices/a\\b", "/rest/v1/customers/a^b", "/rest/v1/invoices/%zz",
        "/rest/v1/invoices?status=<PAID>", "/rest/health|", "/health/live`", "/metrics[0]"})
    void illegalCharacterInRequestTargetIsInvalidRequestProblem(String target) throws IOException {
        Answer answer = http.send(RawHttp.head("GET", target, "Host: localhost", "Connection: close"), new byte[0]);

        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.header("content-type")).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(answer.body());
        assertThat(problem.get("code").asText()).isEqualTo("invalid_request");
        assertThat(problem.get("detail").asText()).contains(target);
        assertThat(answer.header("request-id")).startsWith("req_");
        assertThat(problem.get("requestId").asText()).isEqualTo(answer.header("request-id"));
        assertThat(logged.list).noneMatch(event -> event.getLevel().isGreaterOrEqual(Level.ERROR));
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
