package dev.payrail.payment.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What goes on the wire: a real HTTP server on loopback records the trace headers of each request. */
class TraceContextTest {
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN_ID = "00f067aa0ba902b7";

    private final List<String> traceparents = new CopyOnWriteArrayList<>();
    private HttpServer provider;
    private PaymentClient client;

    @BeforeEach
    void start() throws IOException {
        provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        provider.createContext("/", exchange -> {
            traceparents.add(String.valueOf(exchange.getRequestHeaders().getFirst("traceparent")));
            byte[] body = ("{\"type\":\"about:blank\",\"title\":\"Customer not found\",\"status\":404,"
                    + "\"code\":\"customer_not_found\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
            exchange.sendResponseHeaders(404, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        provider.start();
        client = PaymentClient.builder()
                .baseUri(URI.create("http://127.0.0.1:" + provider.getAddress().getPort()))
                .tokenProvider(TokenProvider.of("token"))
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        provider.stop(0);
    }

    @Test
    void callMadeInsideASpanCarriesItsTraceparent() {
        Span caller = Span.wrap(SpanContext.create(TRACE_ID, SPAN_ID, TraceFlags.getSampled(),
                TraceState.getDefault()));
        try (Scope ignored = caller.makeCurrent()) {
            assertThat(client.findCustomer("17")).isEmpty();
        }

        assertThat(TraceContext.available()).isTrue();
        assertThat(traceparents).containsExactly("00-" + TRACE_ID + "-" + SPAN_ID + "-01");
    }

    @Test
    void callMadeOutsideAnySpanCarriesNoTraceparent() {
        assertThat(client.findCustomer("17")).isEmpty();

        assertThat(traceparents).containsExactly("null");
    }
}
