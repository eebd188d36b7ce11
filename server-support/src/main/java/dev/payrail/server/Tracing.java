package dev.payrail.server;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.glassfish.jersey.server.ResourceConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Both servers' traces, the OpenTelemetry way: the SDK set up from the standard {@code OTEL_*} variables
 * (autoconfigure), and a server span per request that continues a W3C {@code traceparent}.
 *
 * <p>Our defaults differ from the SDK's in three ways, each overridable by its variable: traces are exported over
 * OTLP only when {@code OTEL_EXPORTER_OTLP_ENDPOINT} (or {@code ..._TRACES_ENDPOINT}) is set, otherwise not at all
 * ({@code OTEL_TRACES_EXPORTER=none}: spans still exist, so log lines carry trace ids and calls pass the trace on;
 * {@code OTEL_SDK_DISABLED=true} turns even that off);
 * metrics and logs are never exported over OTLP (Prometheus scrapes {@code /metrics}; logs go to stdout); OTLP
 * speaks {@code http/protobuf} through the JDK's HTTP client, and {@code grpc} is refused at start-up.
 *
 * <p>When the OpenTelemetry Java agent runs, it has set {@link GlobalOpenTelemetry} before {@code main}: its SDK
 * and its configuration are used as they are, and {@link #register} adds no server spans of ours (the agent makes
 * them), so nothing is instrumented twice.
 */
public final class Tracing implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Tracing.class);
    private static final String SCOPE = "dev.payrail";
    private static final AttributeKey<String> SERVICE_VERSION = AttributeKey.stringKey("service.version");
    static final String MDC_TRACE_ID = "trace.id";
    static final String MDC_SPAN_ID = "span.id";
    private static final Pattern PROPERTY = Pattern.compile("otel(\\.[a-z0-9_-]+)+");

    private final OpenTelemetry openTelemetry;
    private final boolean ownServerSpans;
    private final OpenTelemetrySdk owned;

    private Tracing(OpenTelemetry openTelemetry, boolean ownServerSpans, OpenTelemetrySdk owned) {
        this.openTelemetry = openTelemetry;
        this.ownServerSpans = ownServerSpans;
        this.owned = owned;
    }

    /**
     * The agent's OpenTelemetry when it runs, else an SDK configured from {@code env}'s {@code OTEL_*} variables
     * with our defaults.
     *
     * @throws IllegalArgumentException with one plain line naming the variable, for a value the SDK refuses
     */
    public static Tracing fromEnvironment(Map<String, String> env, ServiceIdentity service) {
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(service, "service");
        if (GlobalOpenTelemetry.isSet()) {
            log.info("tracing by the OpenTelemetry already installed (the Java agent): no server spans of ours");
            return new Tracing(GlobalOpenTelemetry.get(), false, null);
        }
        Map<String, String> fromEnv = properties(env);
        OpenTelemetrySdk sdk;
        try {
            sdk = AutoConfiguredOpenTelemetrySdk.builder()
                    .addPropertiesSupplier(() -> Map.of(
                            "otel.service.name", service.name(),
                            "otel.exporter.otlp.protocol", "http/protobuf",
                            "otel.metrics.exporter", "none",
                            "otel.logs.exporter", "none"))
                    .addPropertiesCustomizer(config -> {
                        Map<String, String> chosen = new HashMap<>(fromEnv);
                        if (first(chosen, config::getString, "otel.traces.exporter") == null) {
                            boolean endpoint = first(chosen, config::getString, "otel.exporter.otlp.traces.endpoint",
                                    "otel.exporter.otlp.endpoint") != null;
                            chosen.put("otel.traces.exporter", endpoint ? "otlp" : "none");
                        }
                        String protocol = first(chosen, config::getString, "otel.exporter.otlp.traces.protocol",
                                "otel.exporter.otlp.protocol");
                        if (protocol != null && protocol.trim().toLowerCase(Locale.ROOT).equals("grpc")) {
                            throw new ConfigurationException("otel.exporter.otlp.protocol must be http/protobuf, was "
                                    + "grpc (this build sends OTLP over the JDK's HTTP client; use the collector's"
                                    + " port 4318)");
                        }
                        return chosen;
                    })
                    .addResourceCustomizer((resource, config) -> resource.getAttribute(SERVICE_VERSION) != null
                            ? resource : resource.merge(Resource.create(Attributes.of(SERVICE_VERSION,
                                    service.version()))))
                    .addTracerProviderCustomizer((tracerProvider, config) -> tracerProvider
                            .addSpanProcessor(IdsWithoutExport.INSTANCE))
                    .disableShutdownHook()
                    .build()
                    .getOpenTelemetrySdk();
        } catch (ConfigurationException e) {
            throw new IllegalArgumentException("invalid configuration: " + variableNames(e.getMessage()), e);
        }
        return new Tracing(sdk, true, sdk);
    }

    /** Traces through {@code openTelemetry}, which the caller owns and closes (tests use an in-memory exporter). */
    public static Tracing of(OpenTelemetry openTelemetry) {
        return new Tracing(Objects.requireNonNull(openTelemetry, "openTelemetry"), true, null);
    }

    /** The OpenTelemetry in use. */
    public OpenTelemetry openTelemetry() {
        return openTelemetry;
    }

    /** Our tracer, for spans of our own (a payment run, a charge). */
    public Tracer tracer() {
        return openTelemetry.getTracer(SCOPE);
    }

    /** Adds a server span per request to {@code application}, unless the Java agent makes them. */
    public void register(ResourceConfig application) {
        if (ownServerSpans) {
            application.register(new ServerSpans(tracer()));
        }
    }

    /**
     * Makes {@code span} current on this thread in {@code context}, with its ids in the MDC ({@code trace.id},
     * {@code span.id}: the fields of an ECS log line); closing the scope restores both as they were.
     */
    public static Scope makeCurrent(Context context, Span span) {
        Scope scope = context.with(span).makeCurrent();
        SpanContext ids = span.getSpanContext();
        if (!ids.isValid()) {
            return scope;
        }
        String traceId = MDC.get(MDC_TRACE_ID);
        String spanId = MDC.get(MDC_SPAN_ID);
        MDC.put(MDC_TRACE_ID, ids.getTraceId());
        MDC.put(MDC_SPAN_ID, ids.getSpanId());
        return () -> {
            scope.close();
            restore(MDC_TRACE_ID, traceId);
            restore(MDC_SPAN_ID, spanId);
        };
    }

    private static void restore(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }

    /** Exports what is left and stops the SDK, if this set it up (at most 5 s). */
    @Override
    public void close() {
        if (owned != null) {
            owned.shutdown().join(5, TimeUnit.SECONDS);
        }
    }

    /** {@code OTEL_TRACES_SAMPLER} becomes {@code otel.traces.sampler}, as the SDK itself reads the environment. */
    static Map<String, String> properties(Map<String, String> env) {
        Map<String, String> properties = new HashMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith("OTEL_") && value != null && !value.isBlank()) {
                properties.put(name.toLowerCase(Locale.ROOT).replace('_', '.'), value.trim());
            }
        });
        return properties;
    }

    /** The SDK names properties ({@code otel.traces.sampler}); our users set variables ({@code OTEL_TRACES_SAMPLER}). */
    static String variableNames(String message) {
        Matcher property = PROPERTY.matcher(String.valueOf(message));
        StringBuilder out = new StringBuilder();
        while (property.find()) {
            property.appendReplacement(out, property.group().toUpperCase(Locale.ROOT).replace('.', '_')
                    .replace('-', '_'));
        }
        property.appendTail(out);
        return out.toString().replace('\n', ' ');
    }

    /**
     * Without any span processor (no exporter) the SDK hands out invalid spans: no trace id for the log lines, no
     * {@code traceparent} for the provider. This one does nothing, and keeps spans real.
     */
    private enum IdsWithoutExport implements SpanProcessor {
        INSTANCE;

        @Override
        public void onStart(Context parentContext, ReadWriteSpan span) {
        }

        @Override
        public boolean isStartRequired() {
            return false;
        }

        @Override
        public void onEnd(ReadableSpan span) {
        }

        @Override
        public boolean isEndRequired() {
            return false;
        }
    }

    private static String first(Map<String, String> chosen, java.util.function.Function<String, String> config,
            String... names) {
        for (String name : names) {
            String value = chosen.containsKey(name) ? chosen.get(name) : config.apply(name);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
