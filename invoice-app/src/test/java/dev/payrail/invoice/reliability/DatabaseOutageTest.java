package dev.payrail.invoice.reliability;

import static dev.payrail.invoice.resources.Http.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payrail.invoice.InvoiceAppConfig;
import dev.payrail.invoice.InvoiceAppServer;
import dev.payrail.invoice.TestConfigs;
import dev.payrail.invoice.db.TestDatabases;
import dev.payrail.invoice.resources.Http;
import dev.payrail.payment.api.Charge;
import dev.payrail.payment.api.ChargeRequest;
import dev.payrail.payment.api.Customer;
import dev.payrail.payment.api.IdempotencyKey;
import dev.payrail.payment.client.Payments;
import dev.payrail.payment.client.testing.FakePayments;
import dev.payrail.server.StartupWait;
import dev.payrail.server.testing.TcpProxy;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * invoice-app on a real PostgreSQL behind a {@link TcpProxy} that takes the database down or makes it hang:
 * every endpoint answers {@code 503 unavailable} instead of 500, a payment run is refused or ends FAILED with a
 * reason, the probes answer while the database hangs and every request worker waits on it, and start-up waits for
 * the database instead of dying.
 */
class DatabaseOutageTest {
    /** What a kubelet gives a probe; the probes must answer well within it. */
    private static final Duration PROBE_DEADLINE = Duration.ofSeconds(1);

    @TempDir
    Path dataDir;

    private String realUrl;
    private TcpProxy proxy;
    private InvoiceAppServer server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void database() {
        realUrl = TestDatabases.newPostgresDatabase();
        proxy = TcpProxy.inFrontOf(realUrl);
    }

    @AfterEach
    void stop() {
        proxy.forward();
        if (server != null) {
            server.close();
        }
        proxy.close();
    }

    private Map<String, String> environment(String... overrides) {
        Map<String, String> env = TestConfigs.environment(dataDir, "http://127.0.0.1:1");
        env.put("DATABASE_URL", proxy.proxiedUrl());
        env.put("DATABASE_USER", "postgres");
        env.put("HEALTH_PORT", "0");
        env.put("SEED_CUSTOMERS", "5");
        env.put("SEED_INVOICES_PER_CUSTOMER", "4");
        env.put("DB_CONNECTION_TIMEOUT_MS", "500");
        env.put("DB_QUERY_TIMEOUT_MS", "1000");
        for (int i = 0; i < overrides.length; i += 2) {
            env.put(overrides[i], overrides[i + 1]);
        }
        return env;
    }

    private InvoiceAppServer start(Payments payments, String... overrides) {
        server = InvoiceAppServer.start(InvoiceAppConfig.fromEnvironment(environment(overrides)), payments);
        return server;
    }

    @Test
    void everyEndpointFamilyAnswers503UnavailableWithRetryAfterWhileTheDatabaseIsDown() throws Exception {
        Http http = new Http(start(new FakePayments()).baseUri());
        assertThat(http.get("/rest/v1/invoices").statusCode()).isEqualTo(200);

        proxy.refuse();
        List<String> answers = new ArrayList<>();
        for (String[] call : new String[][] {{"GET", "/rest/v1/invoices"}, {"GET", "/rest/v1/invoices/1"},
                {"GET", "/rest/v1/customers"}, {"GET", "/rest/v1/customers/1"},
                {"GET", "/rest/v1/payment-runs/run_0123456789abcdef"}, {"POST", "/rest/v1/invoices/pay"},
                {"POST", "/rest/v1/payment-runs"}, {"POST", "/rest/v1/payment-runs?wait=true"}}) {
            HttpResponse<String> answer = call[0].equals("GET") ? http.get(call[1]) : http.post(call[1]);
            answers.add(call[0] + " " + call[1] + " -> " + answer.statusCode() + " "
                    + answer.headers().firstValue("Content-Type").orElse("") + " retry-after="
                    + answer.headers().firstValue("Retry-After").orElse("none") + " code="
                    + json(answer).path("code").asText());
        }
        assertThat(answers).allSatisfy(line -> assertThat(line)
                .contains("-> 503 application/problem+json retry-after=1 code=unavailable"));
        // Scrapes go on through an outage: /metrics answers the last values counted in the database, and the pool
        // meters that show the outage.
        HttpResponse<String> metrics = http.get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("hikaricp_connections_pending").contains("invoice_invoices");

        proxy.forward();
        assertThat(countRuns()).as("a run refused with 503 was never stored").isZero();
    }

    @Test
    void aRunTheDatabaseDropsMidwayEndsFailedWithItsReasonVisibleThroughGet() throws Exception {
        BlockingPayments payments = new BlockingPayments();
        Http http = new Http(start(payments, "PAY_CONCURRENCY", "1").baseUri());

        HttpResponse<String> accepted = http.post("/rest/v1/payment-runs");
        assertThat(accepted.statusCode()).isEqualTo(202);
        String id = json(accepted).get("id").asText();
        assertThat(payments.entered.await(20, TimeUnit.SECONDS)).isTrue();
        proxy.refuse();
        payments.release.countDown();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode run = json(http.get("/rest/v1/payment-runs/" + id));
            assertThat(run.get("state").asText()).isEqualTo("FAILED");
            assertThat(run.get("failureReason").asText()).isNotBlank();
        });

        proxy.forward();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(storedRun(id)).startsWith("FAILED ").doesNotEndWith(" null"));
    }

    @Test
    void probesAnswerWithinTheirDeadlineWhileTheDatabaseHangsAndEveryWorkerWaitsOnIt() throws Exception {
        InvoiceAppServer app = start(new FakePayments());
        URI health = app.healthUri();
        assertThat(health.getPort()).isNotEqualTo(app.baseUri().getPort());
        warmUp(health);
        await().atMost(Duration.ofSeconds(5)).until(() -> probe(health, "/health/ready").statusCode() == 200);

        proxy.blackHole();
        List<CompletableFuture<HttpResponse<String>>> stuck = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            stuck.add(client.sendAsync(HttpRequest.newBuilder(app.baseUri().resolve("/rest/v1/invoices"))
                    .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
        int liveAnswers = 0;
        while (System.nanoTime() < until) {
            assertThat(probe(health, "/health/live").statusCode()).isEqualTo(200);
            liveAnswers++;
            Thread.sleep(100);
        }
        assertThat(liveAnswers).isGreaterThan(3);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            HttpResponse<String> ready = probe(health, "/health/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(json(ready).get("code").asText()).isEqualTo("unavailable");
            assertThat(json(ready).get("checks").get("database").asText()).isEqualTo("DOWN");
        });

        // The hung database held each request at most the documented bound, then it was told to retry.
        for (CompletableFuture<HttpResponse<String>> request : stuck) {
            assertThat(request.get(45, TimeUnit.SECONDS).statusCode()).isEqualTo(503);
        }
        proxy.forward();
        await().atMost(Duration.ofSeconds(15)).until(() -> probe(health, "/health/ready").statusCode() == 200);
    }

    @Test
    void startUpWaitsForTheDatabaseWithLivenessUpThenServes() throws Exception {
        proxy.refuse();
        int healthPort = freePort();
        CompletableFuture<InvoiceAppServer> starting = CompletableFuture.supplyAsync(() -> InvoiceAppServer.start(
                InvoiceAppConfig.fromEnvironment(environment("HEALTH_PORT", Integer.toString(healthPort))),
                new FakePayments()));
        URI health = URI.create("http://127.0.0.1:" + healthPort + "/");
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> warmUp(health) == 200);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            HttpResponse<String> ready = probe(health, "/health/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(json(ready).get("detail").asText()).contains("waiting for the database");
        });
        Thread.sleep(1_500);
        assertThat(starting).as("still waiting").isNotDone();

        proxy.forward();
        server = starting.get(30, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> probe(health, "/health/ready").statusCode() == 200);
        assertThat(new Http(server.baseUri()).get("/rest/v1/invoices").statusCode()).isEqualTo(200);
    }

    @Test
    void startUpGivesUpAfterItsBoundWithAMessageNamingTheVariable() {
        proxy.refuse();
        assertThatThrownBy(() -> start(new FakePayments(), "DB_STARTUP_TIMEOUT_SECONDS", "1"))
                .isInstanceOf(StartupWait.GaveUpException.class)
                .hasMessageContaining("the database did not become available within 1 s")
                .hasMessageContaining("DB_STARTUP_TIMEOUT_SECONDS");
    }

    /** The first request of a cold client loads its classes: not what a probe's deadline is about. */
    private int warmUp(URI health) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(health.resolve("/health/live")).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /**
     * A new connection per probe, as a kubelet makes: a {@code 503} closes its connection, and a pooled one can be
     * picked up by the next call just as the server closes it.
     */
    private HttpResponse<String> probe(URI health, String path) throws IOException, InterruptedException {
        try {
            return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                    HttpRequest.newBuilder(health.resolve(path)).timeout(PROBE_DEADLINE).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new AssertionError(path + " did not answer within " + PROBE_DEADLINE.toMillis() + " ms", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private int countRuns() throws SQLException {
        try (Connection connection = DriverManager.getConnection(realUrl);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM payment_runs")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private String storedRun(String id) throws SQLException {
        try (Connection connection = DriverManager.getConnection(realUrl);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT state, failure_reason FROM payment_runs WHERE id = '" + id + "'")) {
            return rows.next() ? rows.getString(1) + " " + rows.getString(2) : "missing";
        }
    }

    /** Charges like {@link FakePayments}, but the first charge waits until the test lets it go. */
    private static final class BlockingPayments implements Payments {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final FakePayments fake = new FakePayments();

        @Override
        public Charge charge(ChargeRequest request, IdempotencyKey key) {
            entered.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return fake.charge(request, key);
        }

        @Override
        public Optional<Charge> findByIdempotencyKey(IdempotencyKey key) {
            return fake.findByIdempotencyKey(key);
        }

        @Override
        public Optional<Charge> findCharge(String chargeId) {
            return fake.findCharge(chargeId);
        }

        @Override
        public Customer registerCustomer(String customerId, String currency) {
            return fake.registerCustomer(customerId, currency);
        }

        @Override
        public Optional<Customer> findCustomer(String customerId) {
            return fake.findCustomer(customerId);
        }
    }
}
