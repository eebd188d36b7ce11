package dev.payrail.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.trace.Span;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SDK as the servers set it up from the environment, exporting to a real OTLP/HTTP endpoint on loopback. */
class TracingTest {
    private static final ServiceIdentity SERVICE = new ServiceIdentity("payment-provider", "7.7.7-test");

    private final List<String> received = new CopyOnWriteArrayList<>();
    private HttpServer collector;
    private String endpoint;

    @BeforeEach
    void startCollector() throws IOException {
        collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/", exchange -> {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            exchange.getRequestBody().transferTo(body);
            received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                    + exchange.getRequestHeaders().getFirst("Content-Type") + " "
                    + body.toString(StandardCharsets.ISO_8859_1));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
        endpoint = "http://127.0.0.1:" + collector.getAddress().getPort();
    }

    @AfterEach
    void stopCollector() {
        collector.stop(0);
    }

    @Test
    void spansGoToTheOtlpEndpointOverHttpProtobufWhenOneIsSet() {
        try (Tracing tracing = Tracing.fromEnvironment(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint), SERVICE)) {
            tracing.tracer().spanBuilder("payment run").startSpan().end();
        }

        assertThat(received).singleElement().satisfies(request -> assertThat(request)
                .startsWith("POST /v1/traces application/x-protobuf ")
                .contains("payment-provider").contains("7.7.7-test").contains("payment run"));
    }

    @Test
    void nothingIsExportedUnlessAnEndpointIsSetButSpansStillCarryIds() {
        try (Tracing tracing = Tracing.fromEnvironment(Map.of(), SERVICE)) {
            Span span = tracing.tracer().spanBuilder("payment run").startSpan();
            assertThat(span.getSpanContext().isValid()).isTrue();
            span.end();
        }
        try (Tracing tracing = Tracing.fromEnvironment(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint,
                "OTEL_TRACES_EXPORTER", "none"), SERVICE)) {
            tracing.tracer().spanBuilder("payment run").startSpan().end();
        }

        assertThat(received).isEmpty();
    }

    @Test
    void otelServiceNameAndSamplerAreTheStandardVariables() {
        try (Tracing tracing = Tracing.fromEnvironment(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint,
                "OTEL_SERVICE_NAME", "provider-eu-1", "OTEL_TRACES_SAMPLER", "always_off"), SERVICE)) {
            Span span = tracing.tracer().spanBuilder("dropped").startSpan();
            assertThat(span.getSpanContext().isSampled()).isFalse();
            span.end();
        }
        try (Tracing tracing = Tracing.fromEnvironment(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint,
                "OTEL_SERVICE_NAME", "provider-eu-1"), SERVICE)) {
            tracing.tracer().spanBuilder("kept").startSpan().end();
        }

        assertThat(received).singleElement().satisfies(request -> assertThat(request)
                .contains("provider-eu-1").contains("kept").doesNotContain("dropped"));
    }

    @Test
    void grpcIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> Tracing.fromEnvironment(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint,
                "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"), SERVICE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid configuration: OTEL_EXPORTER_OTLP_PROTOCOL must be http/protobuf");
    }

    @Test
    void anUnknownSamplerIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> Tracing.fromEnvironment(Map.of("OTEL_TRACES_SAMPLER", "sometimes"), SERVICE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("OTEL_TRACES_SAMPLER").hasMessageContaining("sometimes")
                .hasMessageNotContaining("otel.");
    }

    @Test
    void consoleExporterWritesEachSpanAsALogLine() {
        java.util.logging.Logger exporterLog = java.util.logging.Logger.getLogger(
                "io.opentelemetry.exporter.logging.LoggingSpanExporter");
        List<String> lines = new CopyOnWriteArrayList<>();
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                lines.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        exporterLog.addHandler(handler);
        try (Tracing tracing = Tracing.fromEnvironment(Map.of("OTEL_TRACES_EXPORTER", "console"), SERVICE)) {
            tracing.tracer().spanBuilder("payment run").startSpan().end();
        } finally {
            exporterLog.removeHandler(handler);
        }

        assertThat(lines).singleElement().satisfies(line -> assertThat(line).startsWith("'payment run' : "));
        assertThat(received).isEmpty();
    }
}
