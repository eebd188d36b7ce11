package dev.payrail.invoice.payments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payrail.invoice.InvoiceAppConfig;
import dev.payrail.invoice.InvoiceAppServer;
import dev.payrail.invoice.TestConfigs;
import dev.payrail.provider.PaymentProviderServer;
import dev.payrail.provider.ProviderConfig;
import dev.payrail.provider.auth.jwt.Authenticators;
import dev.payrail.server.Tracing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One trace across both services: the real provider and the real invoice-app on loopback, each with the real
 * OpenTelemetry SDK exporting to its own in-memory exporter, joined only by what payment-client puts on the wire.
 */
class TracedPaymentTest {
    private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    private static final String CALLER_SPAN = "b7ad6b7169203331";
    private static final AttributeKey<String> SERVICE = AttributeKey.stringKey("service.name");

    @TempDir
    Path providerDir;
    @TempDir
    Path invoiceDir;

    private final InMemorySpanExporter providerSpans = InMemorySpanExporter.create();
    private final InMemorySpanExporter invoiceSpans = InMemorySpanExporter.create();
    private final OpenTelemetrySdk providerSdk = sdk("payment-provider", providerSpans);
    private final OpenTelemetrySdk invoiceSdk = sdk("invoice-app", invoiceSpans);
    private PaymentProviderServer provider;
    private InvoiceAppServer invoiceApp;

    private static OpenTelemetrySdk sdk(String service, InMemorySpanExporter exporter) {
        return OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .setResource(Resource.create(Attributes.of(SERVICE, service)))
                .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()).build();
    }

    @AfterEach
    void stop() {
        if (invoiceApp != null) {
            invoiceApp.close();
        }
        if (provider != null) {
            provider.close();
        }
        invoiceSdk.close();
        providerSdk.close();
    }

    @Test
    void paymentRunStartedWithATraceparentIsOneTraceThroughTheProvider() throws Exception {
        ProviderConfig providerConfig = ProviderConfig.fromEnvironment(Map.of("PORT", "0", "BIND_ADDRESS",
                "127.0.0.1", "DATA_DIR", providerDir.toString(), "AUTH_DISABLED", "true", "SHUTDOWN_TIMEOUT_MS",
                "2000"));
        provider = PaymentProviderServer.start(providerConfig,
                Authenticators.fromConfig(providerConfig.auth(), Clock.systemUTC()), Tracing.of(providerSdk));
        Map<String, String> env = TestConfigs.environment(invoiceDir, provider.baseUri().toString());
        env.put("SEED_CUSTOMERS", "2");
        env.put("SEED_INVOICES_PER_CUSTOMER", "2");
        invoiceApp = InvoiceAppServer.start(InvoiceAppConfig.fromEnvironment(env), Tracing.of(invoiceSdk));

        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        invoiceApp.baseUri().resolve("/rest/v1/payment-runs?wait=true"))
                .header("traceparent", "00-" + TRACE_ID + "-" + CALLER_SPAN + "-01")
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

        List<SpanData> invoice = await(invoiceSpans, 1 + 1 + 4);
        List<SpanData> charges = await(providerSpans, 4);

        SpanData request = one(invoice, span -> span.getName().equals("POST /rest/v1/payment-runs"));
        assertThat(request.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(request.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(request.getParentSpanId()).isEqualTo(CALLER_SPAN);

        SpanData run = one(invoice, span -> span.getName().equals("payment run"));
        assertThat(run.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(run.getParentSpanId()).isEqualTo(request.getSpanId());
        assertThat(run.getAttributes().get(AttributeKey.longKey("payrail.run.total"))).isEqualTo(4L);

        List<SpanData> calls = invoice.stream().filter(span -> span.getName().equals("charge")).toList();
        assertThat(calls).hasSize(4).allSatisfy(call -> {
            assertThat(call.getKind()).isEqualTo(SpanKind.CLIENT);
            assertThat(call.getTraceId()).isEqualTo(TRACE_ID);
            assertThat(call.getParentSpanId()).isEqualTo(run.getSpanId());
            assertThat(call.getAttributes().get(AttributeKey.stringKey("payrail.outcome")))
                    .isIn("SUCCEEDED", "DECLINED");
        });

        // Each charge call's server span at the provider is that call's child, in the same trace.
        assertThat(charges).allSatisfy(span -> {
            assertThat(span.getName()).isEqualTo("POST /v1/charges");
            assertThat(span.getKind()).isEqualTo(SpanKind.SERVER);
            assertThat(span.getTraceId()).isEqualTo(TRACE_ID);
            assertThat(span.getParentSpanContext().isRemote()).isTrue();
            assertThat(span.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(201L);
            assertThat(span.getResource().getAttribute(SERVICE)).isEqualTo("payment-provider");
        });
        assertThat(charges).extracting(SpanData::getParentSpanId)
                .containsExactlyInAnyOrderElementsOf(calls.stream().map(SpanData::getSpanId).toList());
    }

    private static SpanData one(List<SpanData> spans, Predicate<SpanData> which) {
        List<SpanData> matching = spans.stream().filter(which).toList();
        assertThat(matching).as("in %s", spans).hasSize(1);
        return matching.get(0);
    }

    /** A server span ends just after its answer is written: the caller can be a moment ahead of it. */
    private static List<SpanData> await(InMemorySpanExporter exporter, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (exporter.getFinishedSpanItems().size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(exporter.getFinishedSpanItems()).hasSize(count);
        return exporter.getFinishedSpanItems();
    }
}
