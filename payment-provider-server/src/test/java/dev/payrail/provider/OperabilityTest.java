package dev.payrail.provider;

import static dev.payrail.provider.BadInputTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.payrail.provider.auth.AuthenticationFailedException;
import dev.payrail.provider.support.Http;
import dev.payrail.provider.support.Http.Reply;
import dev.payrail.provider.support.Providers;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Health, metrics, fault injection, the authentication seam and graceful shutdown. */
class OperabilityTest {
    private static final String BODY = "{\"customerId\":\"17\",\"invoiceId\":\"42\",\"amount\":100,\"currency\":\"EUR\"}";

    @TempDir
    Path dataDir;

    @Test
    void healthIsLiveAndReadyAndMetricsCountRequestsByRouteAndCharges() {
        try (PaymentProviderServer server = Providers.sqlite(dataDir, "SUCCESS_RATE", "1")) {
            Http http = new Http(server.baseUri());
            http.postCharge("metrics-1", BODY);
            http.postCharge("metrics-1", BODY);
            http.get("/v1/charges/ch_0000000000000000");

            Reply live = http.get("/health/live");
            Reply ready = http.get("/health/ready");
            Reply metrics = http.get("/metrics");

            assertThat(live.status()).isEqualTo(200);
            assertThat(ready.status()).isEqualTo(200);
            assertThat(ready.json().get("status").asText()).isEqualTo("UP");
            assertThat(metrics.status()).isEqualTo(200);
            assertThat(metrics.header("Content-Type")).startsWith("text/plain");
            assertThat(metrics.body())
                    .contains("http_server_requests_seconds_count{method=\"POST\",route=\"/v1/charges\",status=\"201\"} 2")
                    .contains("route=\"/v1/charges/{id}\",status=\"404\"")
                    .contains("http_server_requests_seconds_bucket{")
                    .contains("payrail_charges_total{status=\"succeeded\"} 1")
                    .contains("payrail_idempotent_replays_total 1")
                    .contains("hikaricp_connections");
        }
    }

    @Test
    void busyClientKeepsItsConnectionFarBeyondGrizzlysDefaultOf256Requests() throws Exception {
        try (PaymentProviderServer server = Providers.sqlite(dataDir);
                Socket socket = new Socket(server.baseUri().getHost(), server.baseUri().getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            byte[] request = ("GET /health/live HTTP/1.1\r\nHost: " + server.baseUri().getAuthority() + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            int answered = 0;
            for (int i = 0; i < 600; i++) {
                out.write(request);
                out.flush();
                String head = readHead(in);
                assertThat(head).as("answer %d", i + 1).startsWith("HTTP/1.1 200").doesNotContainIgnoringCase(
                        "connection: close");
                Matcher length = Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
                assertThat(length.find()).isTrue();
                in.readNBytes(Integer.parseInt(length.group(1)));
                answered++;
            }
            assertThat(answered).isEqualTo(600);
        }
    }

    @Test
    void closeAnswersEveryChargeAlreadyWaitingForItsCommitAndRefusesTheRest() throws Exception {
        PaymentProviderServer server = Providers.sqlite(dataDir, "SHUTDOWN_TIMEOUT_MS", "5000");
        Http http = new Http(server.baseUri());
        http.get("/health/live");
        Set<String> charged = ConcurrentHashMap.newKeySet();
        Map<String, Optional<Reply>> refused = new ConcurrentHashMap<>(); // empty: no answer (refused or cut off)
        ExecutorService clients = Executors.newFixedThreadPool(32);
        AtomicBoolean go = new AtomicBoolean(true);
        for (int c = 0; c < 32; c++) {
            int client = c;
            clients.submit(() -> {
                for (int n = 0; go.get(); n++) {
                    String key = "drain-" + client + "-" + n;
                    try {
                        Reply reply = http.postCharge(key, BODY);
                        if (reply.status() == 201) {
                            charged.add(key);
                        } else {
                            refused.put(key, Optional.of(reply));
                        }
                    } catch (RuntimeException cutOff) {
                        refused.put(key, Optional.empty());
                        return;
                    }
                }
            });
        }
        Thread.sleep(1_000);

        server.close(); // charges suspended while their group commit runs are in flight here
        go.set(false);
        clients.shutdown();
        assertThat(clients.awaitTermination(20, TimeUnit.SECONDS)).isTrue();

        assertThat(charged).isNotEmpty();
        // Requests that arrive on a kept-alive connection during the grace period are refused by Grizzly itself,
        // before our code: problem+json, safe to retry.
        refused.values().stream().flatMap(Optional::stream).forEach(reply -> {
            assertProblem(reply, 503, "unavailable");
            assertThat(reply.header("Retry-After")).isEqualTo("1");
        });
        try (PaymentProviderServer restarted = Providers.sqlite(dataDir)) {
            Http after = new Http(restarted.baseUri());
            for (String key : charged) {
                assertThat(after.get("/v1/charges?idempotencyKey=" + key).status()).as(key).isEqualTo(200);
            }
            // nothing refused or cut off by the shutdown was charged: no answer was lost after a commit
            for (String key : refused.keySet()) {
                assertThat(after.get("/v1/charges?idempotencyKey=" + key).status()).as(key).isEqualTo(404);
            }
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed after: " + head);
            }
            head.append((char) b);
        }
        return head.toString();
    }

    @Test
    void injectedErrorsAnswer503WithRetryAfterAndStoreNothing() {
        try (PaymentProviderServer server = Providers.sqlite(dataDir, "FAULT_ERROR_RATE", "1")) {
            Http http = new Http(server.baseUri());

            Reply reply = http.postCharge("fault-1", BODY);

            assertProblem(reply, 503, "unavailable");
            assertThat(reply.header("Retry-After")).isEqualTo("1");
            assertThat(http.get("/health/ready").status()).isEqualTo(200);
            assertThat(http.get("/metrics").body()).doesNotContain("payrail_charges_total{status=\"succeeded\"} 1")
                    .doesNotContain("payrail_charges_total{status=\"declined\"} 1");
        }
    }

    @Test
    void injectedLatencyDelaysPaymentApiOnly() {
        try (PaymentProviderServer server = Providers.sqlite(dataDir, "FAULT_LATENCY_MS", "300")) {
            Http http = new Http(server.baseUri());
            http.get("/health/live");

            long start = System.nanoTime();
            Reply charge = http.postCharge("slow-1", BODY);
            long chargeMillis = (System.nanoTime() - start) / 1_000_000;

            assertThat(charge.status()).isEqualTo(201);
            assertThat(chargeMillis).isGreaterThanOrEqualTo(300);
        }
    }

    @Test
    void authenticatorGuardsThePaymentApiButNotHealthOrMetrics() {
        PaymentProviderServer server = PaymentProviderServer.start(
                ProviderConfig.fromEnvironment(Providers.sqliteEnv(dataDir)),
                header -> {
                    if (!"Bearer good".equals(header)) {
                        throw new AuthenticationFailedException("token " + header + " is not good");
                    }
                });
        try (server) {
            Http http = new Http(server.baseUri(), null);

            Reply refused = http.postCharge("auth-1", BODY);
            Reply admitted = http.send(http.request("/v1/charges").header("Authorization", "Bearer good")
                    .header("Idempotency-Key", "auth-2").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(BODY)).build());
            Reply customers = http.get("/v1/customers/17");

            assertProblem(refused, 401, "unauthorized");
            assertThat(refused.header("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
            assertThat(admitted.status()).isEqualTo(201);
            assertProblem(customers, 401, "unauthorized");
            assertThat(http.get("/health/ready").status()).isEqualTo(200);
            assertThat(http.get("/metrics").status()).isEqualTo(200);
            assertThat(http.send(http.request("/v1/charges?idempotencyKey=auth-1")
                    .header("Authorization", "Bearer good").GET().build()).status()).isEqualTo(404);
        }
    }

    @Test
    void closeLetsInFlightRequestsFinishAndThenRefusesConnections() throws Exception {
        PaymentProviderServer server = Providers.sqlite(dataDir, "FAULT_LATENCY_MS", "700",
                "SHUTDOWN_TIMEOUT_MS", "5000");
        Http http = new Http(server.baseUri());
        http.get("/health/live");

        CompletableFuture<Reply> inFlight = CompletableFuture.supplyAsync(() -> http.postCharge("drain-1", BODY));
        Thread.sleep(250);
        server.close();

        assertThat(inFlight.get(10, TimeUnit.SECONDS).status()).isEqualTo(201);
        assertThat(CompletableFuture.supplyAsync(() -> {
            try {
                return http.get("/health/live").status();
            } catch (RuntimeException refused) {
                return -1;
            }
        }).get(10, TimeUnit.SECONDS)).isEqualTo(-1);
        try (PaymentProviderServer restarted = Providers.sqlite(dataDir)) {
            assertThat(new Http(restarted.baseUri()).get("/v1/charges?idempotencyKey=drain-1").status())
                    .isEqualTo(200);
        }
    }
}
