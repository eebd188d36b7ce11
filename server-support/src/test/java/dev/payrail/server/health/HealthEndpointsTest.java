package dev.payrail.server.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.HttpHandlerRegistration;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.threadpool.ThreadPoolConfig;
import org.junit.jupiter.api.Test;

class HealthEndpointsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PROBE_DEADLINE = Duration.ofSeconds(1);
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void theProbesListenerAnswersWhileEveryApplicationWorkerIsStuck() throws Exception {
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch workersTaken = new CountDownLatch(2);
        HttpServer app = server();
        NetworkListener listener = app.getListeners().iterator().next();
        listener.getTransport().setWorkerThreadPoolConfig(ThreadPoolConfig.defaultConfig()
                .setCorePoolSize(2).setMaxPoolSize(2));
        app.getServerConfiguration().addHttpHandler(new HttpHandler() {
            @Override
            public void service(Request request, Response response) throws Exception {
                workersTaken.countDown();
                stuck.await(); // a request thread waiting on a hung database
            }
        }, HttpHandlerRegistration.ROOT);
        Readiness readiness = new Readiness(Duration.ofMillis(100), Duration.ofMillis(200));
        HealthEndpoints.install(app, readiness, JSON);
        app.start();
        HttpServer probes = HealthEndpoints.listen("127.0.0.1", 0, readiness, JSON);
        try {
            URI appUri = URI.create("http://127.0.0.1:" + listener.getPort());
            List<CompletableFuture<HttpResponse<String>>> blocked = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                blocked.add(client.sendAsync(HttpRequest.newBuilder(appUri.resolve("/work")).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            assertThat(workersTaken.await(10, TimeUnit.SECONDS)).as("both application workers are stuck").isTrue();
            URI probeUri = URI.create("http://127.0.0.1:" + probes.getListeners().iterator().next().getPort());

            warmUp(probeUri.resolve("/health/live"));
            for (int i = 0; i < 20; i++) {
                HttpResponse<String> live = probe(probeUri.resolve("/health/live"));
                assertThat(live.statusCode()).isEqualTo(200);
                assertThat(JSON.readTree(live.body()).get("status").asText()).isEqualTo("UP");
            }
            HttpResponse<String> ready = probe(probeUri.resolve("/health/ready"));
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.headers().firstValue("Content-Type")).hasValue("application/problem+json;charset=UTF-8");
            assertThat(ready.headers().firstValue("Retry-After")).hasValue("1");
            JsonNode problem = JSON.readTree(ready.body());
            assertThat(problem.get("code").asText()).isEqualTo("unavailable");
            assertThat(problem.get("detail").asText()).isEqualTo("not ready: starting");
            assertThat(probe(probeUri.resolve("/elsewhere")).statusCode()).isEqualTo(404);
            assertThat(blocked).noneMatch(CompletableFuture::isDone);
        } finally {
            stuck.countDown();
            probes.shutdownNow();
            app.shutdownNow();
            readiness.close();
        }
    }

    @Test
    void readinessAnswersItsChecksOnTheApplicationsPortAheadOfTheApplication() throws Exception {
        HttpServer app = server();
        app.getServerConfiguration().addHttpHandler(new HttpHandler() {
            @Override
            public void service(Request request, Response response) throws Exception {
                response.setStatus(202);
                response.getWriter().write("application");
            }
        }, HttpHandlerRegistration.ROOT);
        try (Readiness readiness = new Readiness(Duration.ofMillis(100), Duration.ofMillis(200))) {
            HealthEndpoints.install(app, readiness, JSON);
            app.start();
            readiness.start(List.of(new Readiness.Check("database", true, () -> { }),
                    new Readiness.Check("paymentProvider", false, () -> {
                        throw new IllegalStateException("down");
                    })));
            URI base = URI.create("http://127.0.0.1:" + app.getListeners().iterator().next().getPort());

            warmUp(base.resolve("/health/ready"));
            HttpResponse<String> ready = probe(base.resolve("/health/ready"));
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.headers().firstValue("Request-Id")).hasValueSatisfying(id -> assertThat(id)
                    .startsWith("req_"));
            JsonNode body = JSON.readTree(ready.body());
            assertThat(body.get("status").asText()).isEqualTo("UP");
            assertThat(body.get("database").asText()).isEqualTo("UP");
            assertThat(body.get("paymentProvider").asText()).isEqualTo("DOWN");
            assertThat(client.send(HttpRequest.newBuilder(base.resolve("/other")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).as("the application keeps the rest").isEqualTo("application");
            HttpResponse<String> post = client.send(HttpRequest.newBuilder(base.resolve("/health/live"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
        } finally {
            app.shutdownNow();
        }
    }

    private static HttpServer server() {
        HttpServer server = new HttpServer();
        server.addListener(new NetworkListener("app", "127.0.0.1", 0));
        return server;
    }

    /** The first request of a cold JVM loads the HTTP client and Jackson: not what a probe's deadline is about. */
    private void warmUp(URI uri) throws Exception {
        client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> probe(URI uri) throws Exception {
        return client.sendAsync(HttpRequest.newBuilder(uri).timeout(PROBE_DEADLINE).build(),
                HttpResponse.BodyHandlers.ofString()).get(PROBE_DEADLINE.toMillis() + 500, TimeUnit.MILLISECONDS);
    }
}
