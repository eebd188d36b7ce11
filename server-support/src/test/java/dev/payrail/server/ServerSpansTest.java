package dev.payrail.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import co.elastic.logging.logback.EcsEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** A real Jersey application on Grizzly (loopback, a free port) with the real SDK exporting to memory. */
class ServerSpansTest {
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PARENT_ID = "00f067aa0ba902b7";
    private static final String TRACEPARENT = "00-" + TRACE_ID + "-" + PARENT_ID + "-01";
    private static final ExecutorService COMMITTER = Executors.newSingleThreadExecutor(r -> new Thread(r, "committer"));

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private OpenTelemetrySdk sdk;
    private HttpServer server;
    private URI base;

    @Path("/things")
    public static final class Things {
        private static final org.slf4j.Logger log = LoggerFactory.getLogger(Things.class);

        @GET
        @Path("{id}")
        public String find(@PathParam("id") String id) {
            log.info("looking up thing {}", id);
            return MDC.get("trace.id") + " " + MDC.get("span.id");
        }

        @GET
        @Path("{id}/later")
        public CompletionStage<String> later(@PathParam("id") String id) {
            return CompletableFuture.supplyAsync(() -> "committed " + id, COMMITTER);
        }

        @GET
        @Path("broken")
        public String broken() {
            throw new IllegalStateException("ledger unreachable");
        }

        @GET
        @Path("missing")
        public Response missing() {
            return Response.status(404).build();
        }
    }

    @BeforeEach
    void start() {
        sdk = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(spans)).build()).build();
        ResourceConfig app = new ResourceConfig().register(new Things());
        Tracing.of(sdk).register(app);
        server = GrizzlyHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:0/"), app, true);
        base = URI.create("http://127.0.0.1:" + server.getListener("grizzly").getPort());
        Logger logger = (Logger) LoggerFactory.getLogger(Things.class);
        logs.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(Things.class)).detachAppender(logs);
        server.shutdownNow();
        sdk.close();
    }

    @Test
    void requestWithTraceparentContinuesTheCallersTrace() throws Exception {
        HttpResponse<String> response = get("/things/42", TRACEPARENT);

        SpanData span = onlySpan();
        assertThat(span.getName()).isEqualTo("GET /things/{id}");
        assertThat(span.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(span.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(span.getParentSpanId()).isEqualTo(PARENT_ID);
        assertThat(span.getParentSpanContext().isRemote()).isTrue();
        assertThat(span.getAttributes().get(ServerSpans.METHOD)).isEqualTo("GET");
        assertThat(span.getAttributes().get(ServerSpans.ROUTE)).isEqualTo("/things/{id}");
        assertThat(span.getAttributes().get(ServerSpans.PATH)).isEqualTo("/things/42");
        assertThat(span.getAttributes().get(ServerSpans.STATUS)).isEqualTo(200L);
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        // The resource ran with the span current, and so did its log line.
        assertThat(response.body()).isEqualTo(TRACE_ID + " " + span.getSpanId());
    }

    @Test
    void requestWithoutTraceparentStartsATrace() throws Exception {
        get("/things/42", null);

        SpanData span = onlySpan();
        assertThat(span.getTraceId()).isNotEqualTo(TRACE_ID).hasSize(32);
        assertThat(span.getParentSpanContext().isValid()).isFalse();
    }

    @Test
    void logLineWrittenInsideATracedRequestCarriesItsTraceIdAsJson() throws Exception {
        get("/things/42", TRACEPARENT);

        SpanData span = onlySpan();
        EcsEncoder encoder = new EcsEncoder();
        encoder.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
        encoder.setServiceName("test");
        encoder.start();
        assertThat(logs.list).hasSize(1);
        JsonNode line = new ObjectMapper().readTree(new String(encoder.encode(logs.list.get(0)),
                StandardCharsets.UTF_8));
        assertThat(line.path("message").asText()).isEqualTo("looking up thing 42");
        assertThat(line.path("trace.id").asText()).isEqualTo(TRACE_ID);
        assertThat(line.path("span.id").asText()).isEqualTo(span.getSpanId());
    }

    @Test
    void answerWrittenByAnotherThreadEndsTheSpanWithItsStatus() throws Exception {
        HttpResponse<String> response = get("/things/7/later", TRACEPARENT);

        assertThat(response.body()).isEqualTo("committed 7");
        SpanData span = onlySpan();
        assertThat(span.getName()).isEqualTo("GET /things/{id}/later");
        assertThat(span.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(span.getAttributes().get(ServerSpans.STATUS)).isEqualTo(200L);
    }

    @Test
    void unhandledExceptionMarksTheSpanAsAnError() throws Exception {
        HttpResponse<String> response = get("/things/broken", TRACEPARENT);

        assertThat(response.statusCode()).isEqualTo(500);
        SpanData span = onlySpan();
        assertThat(span.getName()).isEqualTo("GET /things/broken");
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(span.getAttributes().get(ServerSpans.STATUS)).isEqualTo(500L);
        assertThat(span.getEvents()).anySatisfy(event -> assertThat(event.getName()).isEqualTo("exception"));
    }

    @Test
    void clientErrorsAndUnmatchedPathsAreNotSpanErrors() throws Exception {
        get("/things/missing", null);
        get("/nowhere", null);

        List<SpanData> finished = awaitSpans(2);
        assertThat(finished).extracting(SpanData::getName).containsExactlyInAnyOrder("GET /things/missing", "GET");
        assertThat(finished).allSatisfy(span -> {
            assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
            assertThat(span.getAttributes().get(ServerSpans.STATUS)).isEqualTo(404L);
        });
    }

    @Test
    void requestThreadsKeepNoTraceAfterTheirRequest() throws Exception {
        for (int i = 0; i < 20; i++) {
            get("/things/" + i + "/later", TRACEPARENT);
        }
        // Another request without a traceparent, on whichever worker thread: it must start a fresh trace.
        get("/things/1", null);

        assertThat(awaitSpans(21).get(20).getTraceId()).isNotEqualTo(TRACE_ID);
    }

    private HttpResponse<String> get(String path, String traceparent) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10));
        if (traceparent != null) {
            request.header("traceparent", traceparent);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private SpanData onlySpan() throws InterruptedException {
        return awaitSpans(1).get(0);
    }

    /** The span ends after the answer is written, so the client can be a moment ahead of it. */
    private List<SpanData> awaitSpans(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (spans.getFinishedSpanItems().size() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(spans.getFinishedSpanItems()).hasSize(count);
        return spans.getFinishedSpanItems();
    }
}
