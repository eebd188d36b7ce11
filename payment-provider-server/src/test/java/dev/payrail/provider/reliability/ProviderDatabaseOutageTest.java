package dev.payrail.provider.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.payrail.provider.PaymentProviderServer;
import dev.payrail.provider.support.Http;
import dev.payrail.provider.support.Http.Reply;
import dev.payrail.provider.support.Postgres;
import dev.payrail.provider.support.Providers;
import dev.payrail.server.testing.TcpProxy;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provider on a real PostgreSQL behind a {@link TcpProxy} that takes it down or makes it hang: every endpoint
 * answers {@code 503 unavailable}, never 500; the probes answer on {@code HEALTH_PORT} within a kubelet's deadline;
 * start-up waits for the database with liveness up and readiness saying why.
 */
class ProviderDatabaseOutageTest {
    private static final Duration PROBE_DEADLINE = Duration.ofSeconds(1);
    private static final String BODY = "{\"customerId\":\"17\",\"invoiceId\":\"42\",\"amount\":100,\"currency\":\"EUR\"}";

    @TempDir
    Path dataDir;

    private String realUrl;
    private TcpProxy proxy;
    private PaymentProviderServer server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void database() {
        realUrl = Postgres.newDatabase();
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
        Map<String, String> env = Providers.sqliteEnv(dataDir, "DATABASE_URL",
                proxy.proxiedUrl(),
                "DATABASE_USER", "postgres", "DATABASE_PASSWORD", "postgres", "HEALTH_PORT", "0",
                "DB_CONNECTION_TIMEOUT_MS", "500", "DB_QUERY_TIMEOUT_MS", "1000");
        env.remove("DATA_DIR");
        for (int i = 0; i < overrides.length; i += 2) {
            env.put(overrides[i], overrides[i + 1]);
        }
        return env;
    }

    @Test
    void everyEndpointAnswers503UnavailableWithRetryAfterWhileTheDatabaseIsDown() {
        server = Providers.start(environment());
        Http http = new Http(server.baseUri());
        assertThat(http.postCharge("before", BODY).status()).isEqualTo(201);

        proxy.refuse();
        List<String> answers = new ArrayList<>();
        for (Reply reply : List.of(http.postCharge("during", BODY), http.get("/v1/charges/ch_0123456789abcdef"),
                http.get("/v1/charges?idempotencyKey=before"), http.put("/v1/customers/c1", "{\"currency\":\"EUR\"}"),
                http.get("/v1/customers/c1"))) {
            answers.add(reply.status() + " " + reply.header("Content-Type") + " retry-after="
                    + reply.header("Retry-After") + " code=" + reply.json().path("code").asText());
        }
        assertThat(answers).allSatisfy(line -> assertThat(line)
                .startsWith("503 application/problem+json").contains("code=unavailable")
                .doesNotContain("retry-after=null"));
    }

    @Test
    void probesAnswerWithinTheirDeadlineWhileTheDatabaseHangs() throws Exception {
        server = Providers.start(environment());
        URI health = server.healthUri();
        assertThat(health.getPort()).isNotEqualTo(server.baseUri().getPort());
        assertThat(warmUp(health)).isEqualTo(200);
        assertThat(probe(health, "/health/ready").statusCode()).isEqualTo(200);

        proxy.blackHole();
        Http http = new Http(server.baseUri());
        List<CompletableFuture<Reply>> stuck = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            stuck.add(CompletableFuture.supplyAsync(() -> http.get("/v1/customers/c1")));
        }
        long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (System.nanoTime() < until) {
            assertThat(probe(health, "/health/live").statusCode()).isEqualTo(200);
            Thread.sleep(100);
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(probe(health, "/health/ready").statusCode()).isEqualTo(503));
        for (CompletableFuture<Reply> request : stuck) {
            assertThat(request.get(45, TimeUnit.SECONDS).status()).isEqualTo(503);
        }
    }

    @Test
    void startUpWaitsForTheDatabaseWithLivenessUpThenServes() throws Exception {
        proxy.refuse();
        int healthPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            healthPort = socket.getLocalPort();
        }
        CompletableFuture<PaymentProviderServer> starting = CompletableFuture.supplyAsync(() ->
                Providers.start(environment("HEALTH_PORT", Integer.toString(healthPort))));
        URI health = URI.create("http://127.0.0.1:" + healthPort + "/");
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> warmUp(health) == 200);
        if (starting.isDone()) {
            starting.get(); // throws what stopped start-up
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            HttpResponse<String> ready = probe(health, "/health/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("waiting for the database");
        });

        proxy.forward();
        server = starting.get(30, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> probe(health, "/health/ready").statusCode() == 200);
        assertThat(new Http(server.baseUri()).postCharge("after-wait", BODY).status()).isEqualTo(201);
    }

    /** The first request of a cold client loads its classes: not what a probe's deadline is about. */
    private int warmUp(URI health) throws Exception {
        return client.send(HttpRequest.newBuilder(health.resolve("/health/live")).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /**
     * A new connection per probe, as a kubelet makes: a {@code 503} closes its connection, and a pooled one can be
     * picked up by the next call just as the server closes it.
     */
    private HttpResponse<String> probe(URI health, String path) throws Exception {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                    HttpRequest.newBuilder(health.resolve(path)).timeout(PROBE_DEADLINE).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
