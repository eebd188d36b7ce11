package dev.payrail.provider.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.payrail.provider.PaymentProviderServer;
import dev.payrail.provider.ProviderConfig;
import dev.payrail.provider.support.LedgerRows;
import dev.payrail.provider.support.Providers;
import dev.payrail.provider.support.TestAuth;
import dev.payrail.testing.RawHttp;
import dev.payrail.testing.RawHttp.Answer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * What only a raw socket can send, against the real provider: request targets with characters RFC 3986 forbids,
 * bodies cut short by the client, a repeated {@code Idempotency-Key}. Each is the client's mistake: a problem+json
 * answer with a stable code (or silence when nobody is left to read it), nothing stored, nothing logged as ERROR.
 */
class HostileTransportTest {
    private static final String VALID = "{\"customerId\":\"17\",\"invoiceId\":\"42\",\"amount\":18404,\"currency\":\"USD\"}";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger KEYS = new AtomicInteger();

    @TempDir
    static Path dataDir;
    static PaymentProviderServer server;
    static RawHttp http;
    static Connection ledger;

    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeAll
    static void start() throws SQLException {
        server = Providers.sqlite(dataDir, "SUCCESS_RATE", "1.0");
        http = new RawHttp(server.baseUri());
        ledger = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve(ProviderConfig.SQLITE_FILE));
    }

    @AfterAll
    static void stop() throws SQLException {
        ledger.close();
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
    @ValueSource(strings = {"/v1/charges/a<b", "/v1/charges/a>b", "/v1/charges/a|b", "/v1/charges/{id}",
        "/v1/charges/a\"b", "/v1/charges/a\\b", "/v1/charges/a^b", "/v1/charges/a`b", "/v1/charges/a[b]",
        "/v1/charges/%zz", "/health/live|", "/metrics<"})
    void illegalCharacterInRequestTargetIsInvalidRequestProblem(String target) throws IOException {
        Answer answer = http.send(RawHttp.head("GET", target, "Host: localhost", "Connection: close",
                "Authorization: " + TestAuth.authorizationHeader()), new byte[0]);

        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.header("content-type")).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(answer.body());
        assertThat(problem.get("code").asText()).isEqualTo("invalid_request");
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("detail").asText()).contains(target);
        assertThat(answer.header("request-id")).startsWith("req_");
        assertThat(problem.get("requestId").asText()).isEqualTo(answer.header("request-id"));
        assertThat(errors()).isEmpty();
    }

    @ParameterizedTest(name = "Host: {0}")
    @ValueSource(strings = {"a<b", "a b", "[zz", "{x}:80"})
    void hostThatIsNotAHostIsNeverAServerFailure(String host) {
        Answer answer = http.send(RawHttp.head("GET", "/health/live", "Host: " + host, "Connection: close"),
                new byte[0]);

        assertThat(answer.status()).as(answer.body()).isLessThan(500);
        if (answer.status() >= 400) {
            assertThat(answer.header("content-type")).as(answer.body()).startsWith("application/problem+json");
        }
        assertThat(errors()).isEmpty();
    }

    @Test
    void chargeToAnIllegalTargetStoresNothing() {
        long[] before = ledger();
        byte[] body = VALID.getBytes(StandardCharsets.UTF_8);

        Answer answer = http.send(chargeHead("/v1/charges?x=<script>|", key(), body.length), body);

        assertThat(answer.status()).as(answer.body()).isLessThan(500);
        assertThat(ledger()).containsExactly(before);
    }

    @Test
    void bodyEndingBeforeItsContentLengthIsNeitherAnErrorNorAServerFailure() throws InterruptedException {
        long[] before = ledger();
        long chargesBefore = chargesHandled();

        // RawHttp half-closes after the bytes: the body ends early while the client waits for an answer. Grizzly
        // closes the connection when its read meets the end, so there is no one to answer (or a 4xx, if it can).
        Answer answer = http.send(chargeHead("/v1/charges", key(), 1000),
                VALID.substring(0, 10).getBytes(StandardCharsets.UTF_8));

        assertThat(answer.status()).as(answer.body()).isLessThan(500);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> chargesHandled() > chargesBefore);
        Thread.sleep(300);
        assertThat(errors()).isEmpty();
        assertThat(metrics()).doesNotContain("status=\"500\"");
        assertThat(ledger()).containsExactly(before);
    }

    @ParameterizedTest(name = "after {0} body bytes")
    @ValueSource(ints = {0, 10})
    void clientGoneMidBodyIsNeitherAnErrorNorAServerFailure(int sent) throws IOException, InterruptedException {
        long[] before = ledger();
        long chargesBefore = chargesHandled();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(server.baseUri().getHost(), server.baseUri().getPort()), 5_000);
            OutputStream out = socket.getOutputStream();
            out.write(chargeHead("/v1/charges", key(), 1000));
            out.write(VALID.substring(0, sent).getBytes(StandardCharsets.UTF_8));
            out.flush();
            Thread.sleep(100); // let the provider start reading the body
            socket.setSoLinger(true, 0); // a reset, like a killed client
        }

        // The provider notices the loss asynchronously: wait until it has finished the request it was reading, then
        // give a failed write of its answer time to be logged.
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> chargesHandled() > chargesBefore);
        Thread.sleep(300);
        assertThat(errors()).isEmpty();
        assertThat(ledger()).containsExactly(before);
        assertThat(metrics()).doesNotContain("status=\"500\"");
        Answer charge = http.send(chargeHead("/v1/charges", key(), VALID.length()),
                VALID.getBytes(StandardCharsets.UTF_8));
        assertThat(charge.status()).as("still serving: " + charge.body()).isEqualTo(201);
    }

    @Test
    void twoIdempotencyKeyHeadersAreRefusedAndStoreNothing() throws IOException {
        long[] before = ledger();
        byte[] body = VALID.getBytes(StandardCharsets.UTF_8);

        Answer answer = http.send(chargeHead("/v1/charges", key(), body.length, "Idempotency-Key: " + key()), body);

        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.header("content-type")).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(answer.body());
        assertThat(problem.get("code").asText()).isEqualTo("invalid_request");
        assertThat(problem.get("field").asText()).isEqualTo("Idempotency-Key");
        assertThat(problem.get("detail").asText()).contains("once");
        assertThat(ledger()).containsExactly(before);
    }

    @Test
    void sameIdempotencyKeyTwiceIsStillTwoHeadersAndRefused() {
        byte[] body = VALID.getBytes(StandardCharsets.UTF_8);
        String key = key();

        Answer answer = http.send(chargeHead("/v1/charges", key, body.length, "Idempotency-Key: " + key), body);

        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
    }

    @Test
    void idempotencyKeyQueryParameterTwiceIsRefused() throws IOException {
        Answer answer = http.send(RawHttp.head("GET", "/v1/charges?idempotencyKey=a&idempotencyKey=b",
                "Host: localhost", "Connection: close", "Authorization: " + TestAuth.authorizationHeader()),
                new byte[0]);

        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        JsonNode problem = JSON.readTree(answer.body());
        assertThat(problem.get("code").asText()).isEqualTo("invalid_request");
        assertThat(problem.get("field").asText()).isEqualTo("idempotencyKey");
    }

    @Test
    void commaInsideOneIdempotencyKeyHeaderIsPartOfTheKey() throws IOException {
        byte[] body = VALID.getBytes(StandardCharsets.UTF_8);
        String key = key() + ",b";

        Answer created = http.send(chargeHead("/v1/charges", key, body.length), body);
        Answer found = http.send(RawHttp.head("GET", "/v1/charges?idempotencyKey=" + key.replace(",", "%2C"),
                "Host: localhost", "Connection: close", "Authorization: " + TestAuth.authorizationHeader()),
                new byte[0]);

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(found.status()).as(found.body()).isEqualTo(200);
        assertThat(JSON.readTree(found.body()).get("id").asText())
                .isEqualTo(JSON.readTree(created.body()).get("id").asText());
    }

    /**
     * {@code POST} requests the provider has answered (or tried to), from its own metrics: any route, since one lost
     * before its first body byte fails before routing ({@code UNMATCHED}).
     */
    private static long chargesHandled() {
        return metrics().lines()
                .filter(line -> line.startsWith("http_server_requests_seconds_count{")
                        && line.contains("method=\"POST\""))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static String metrics() {
        return http.send(RawHttp.head("GET", "/metrics", "Host: localhost", "Connection: close"), new byte[0]).body();
    }

    private List<String> errors() {
        return logged.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR))
                .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage()).toList();
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    private static String key() {
        return "hostile-" + KEYS.incrementAndGet();
    }

    private static byte[] chargeHead(String target, String key, int length, String... extra) {
        List<String> headers = new java.util.ArrayList<>(List.of("Host: localhost", "Connection: close",
                "Authorization: " + TestAuth.authorizationHeader(), "Content-Type: application/json",
                "Idempotency-Key: " + key, "Content-Length: " + length));
        headers.addAll(List.of(extra));
        return RawHttp.head("POST", target, headers.toArray(String[]::new));
    }

    /** Rows in the provider's three tables, read from its SQLite file by a separate connection. */
    private static long[] ledger() {
        try {
            return LedgerRows.count(ledger);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the ledger", e);
        }
    }
}
