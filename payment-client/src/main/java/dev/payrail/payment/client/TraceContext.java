package dev.payrail.payment.client;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapSetter;
import org.apache.hc.core5.http.ClassicHttpRequest;

/**
 * Puts the caller's trace on every request as W3C {@code traceparent} (and {@code tracestate}), so the provider's
 * span for the call joins the caller's trace. Only when the OpenTelemetry API is on the caller's class path: the
 * SDK declares it optional, and users who do not trace get neither the dependency nor any work. The provider
 * reads W3C trace context only, hence this propagator whatever else the application configured.
 */
final class TraceContext {
    private static final boolean AVAILABLE = isPresent("io.opentelemetry.context.Context")
            && isPresent("io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator");

    private TraceContext() {
    }

    /** Adds the current trace context to {@code request}; nothing without the API or a current span. */
    static void inject(ClassicHttpRequest request) {
        if (AVAILABLE) {
            Otel.inject(request);
        }
    }

    static boolean available() {
        return AVAILABLE;
    }

    private static boolean isPresent(String className) {
        try {
            Class.forName(className, false, TraceContext.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Loaded only when {@link #AVAILABLE}: the one class that refers to the OpenTelemetry API. */
    private static final class Otel {
        private static final TextMapSetter<ClassicHttpRequest> HEADERS = (request, name, value) -> {
            if (request != null) {
                request.setHeader(name, value);
            }
        };

        static void inject(ClassicHttpRequest request) {
            W3CTraceContextPropagator.getInstance().inject(Context.current(), request, HEADERS);
        }
    }
}
