package dev.payrail.server.health;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.payrail.payment.api.ErrorCode;
import dev.payrail.payment.api.PaymentHeaders;
import dev.payrail.server.ProblemErrorPages;
import dev.payrail.server.RequestIds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.HttpHandlerRegistration;
import org.glassfish.grizzly.http.server.ServerConfiguration;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.RequestExecutorProvider;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.strategies.SameThreadIOStrategy;

/**
 * {@code GET /health/live} and {@code GET /health/ready} for both servers, answered by Grizzly itself without
 * Jersey and without touching any dependency: liveness says the process answers HTTP, readiness reads the last
 * {@link Readiness} result. Served on the application's port (for people and scripts) and, with
 * {@link #listen}, on a port of their own for the Kubernetes probes: there a selector thread answers at once,
 * never queued behind request workers that a hung database holds.
 */
public final class HealthEndpoints extends HttpHandler {
    public static final String LIVE = "/health/live";
    public static final String READY = "/health/ready";
    private static final String JSON = "application/json";
    private static final String RETRY_AFTER_SECONDS = "1";

    private final Readiness readiness;
    private final ObjectMapper mapper;

    private HealthEndpoints(Readiness readiness, ObjectMapper mapper) {
        super("health");
        this.readiness = Objects.requireNonNull(readiness, "readiness");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /**
     * Serves both endpoints on {@code http} (not started yet), ahead of its handlers. They are wrapped under their
     * own mappings rather than joined by two more: with a single handler Grizzly does not map (decode) the request
     * path itself, which it would fail on a hostile one ({@code %zz}) with a bare 500 before the application's own
     * guard could answer 400.
     */
    public static void install(HttpServer http, Readiness readiness, ObjectMapper mapper) {
        HealthEndpoints health = new HealthEndpoints(readiness, mapper);
        ServerConfiguration configuration = http.getServerConfiguration();
        Map<HttpHandler, HttpHandlerRegistration[]> handlers = Map.copyOf(configuration.getHttpHandlersWithMapping());
        if (handlers.isEmpty()) {
            configuration.addHttpHandler(health, LIVE, READY);
            return;
        }
        handlers.forEach((handler, registrations) -> {
            configuration.removeHttpHandler(handler);
            configuration.addHttpHandler(new HttpHandler(handler.getName()) {
                @Override
                public void service(Request request, Response response) throws Exception {
                    String path = request.getRequestURI();
                    if (LIVE.equals(path) || READY.equals(path)) {
                        health.service(request, response);
                    } else {
                        handler.service(request, response);
                    }
                }
            }, registrations);
        });
    }

    /**
     * Starts a listener for the probes alone on {@code bindAddress:port} ({@code 0}: a free port, see
     * {@code getListeners()}): one selector thread that answers on itself, no worker pool.
     *
     * @throws IOException when the port cannot be bound
     */
    public static HttpServer listen(String bindAddress, int port, Readiness readiness, ObjectMapper mapper)
            throws IOException {
        HttpServer server = new HttpServer();
        NetworkListener listener = new NetworkListener("health", bindAddress, port);
        listener.getTransport().setIOStrategy(SameThreadIOStrategy.getInstance());
        listener.getTransport().setSelectorRunnersCount(1);
        listener.getTransport().setWorkerThreadPoolConfig(null);
        server.addListener(listener);
        server.getServerConfiguration().setJmxEnabled(false);
        install(server, readiness, mapper);
        ProblemErrorPages.install(server, mapper, "the health listener");
        try {
            server.start();
        } catch (IOException e) {
            server.shutdownNow();
            throw new IOException("cannot listen for health probes on " + bindAddress + ":" + port + ": "
                    + e.getMessage(), e);
        }
        return server;
    }

    private static final RequestExecutorProvider SAME_THREAD = new RequestExecutorProvider.SameThreadProvider();

    /** Answers on the thread that read the request (on the probes' listener, the selector): nothing here blocks. */
    @Override
    public RequestExecutorProvider getRequestExecutorProvider() {
        return SAME_THREAD;
    }

    @Override
    public void service(Request request, Response response) throws IOException {
        response.setHeader(PaymentHeaders.REQUEST_ID, RequestIds.newId());
        String method = request.getMethod().getMethodString();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            response.setHeader("Allow", "GET, HEAD");
            problem(response, ErrorCode.METHOD_NOT_ALLOWED, "health endpoints answer GET and HEAD only", Map.of());
            return;
        }
        if (LIVE.equals(request.getRequestURI())) {
            write(response, 200, JSON, Map.of("status", "UP"));
            return;
        }
        Readiness.Status status = readiness.status();
        if (status.ready()) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", "UP");
            body.putAll(status.checks());
            write(response, 200, JSON, body);
        } else {
            response.setHeader(PaymentHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
            problem(response, ErrorCode.UNAVAILABLE, "not ready: " + status.reason(), status.checks());
        }
    }

    private void problem(Response response, ErrorCode code, String detail, Map<String, String> checks)
            throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", code.type());
        body.put("title", code.title());
        body.put("status", code.status());
        body.put("detail", detail);
        body.put("code", code.code());
        body.put("requestId", response.getHeader(PaymentHeaders.REQUEST_ID));
        if (!checks.isEmpty()) {
            body.put("checks", checks);
        }
        write(response, code.status(), PaymentHeaders.PROBLEM_JSON, body);
    }

    private void write(Response response, int status, String type, Object body) throws IOException {
        byte[] bytes = mapper.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType(type);
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(bytes.length);
        response.setHeader("Cache-Control", "no-store");
        response.getOutputStream().write(bytes);
    }
}
