package dev.payrail.server;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.net.URI;
import java.util.List;
import org.glassfish.jersey.server.ContainerRequest;
import org.glassfish.jersey.server.ContainerResponse;
import org.glassfish.jersey.server.ExtendedUriInfo;
import org.glassfish.jersey.server.monitoring.ApplicationEvent;
import org.glassfish.jersey.server.monitoring.ApplicationEventListener;
import org.glassfish.jersey.server.monitoring.RequestEvent;
import org.glassfish.jersey.server.monitoring.RequestEventListener;
import org.glassfish.jersey.uri.UriTemplate;

/**
 * A server span per Jersey request, named {@code METHOD /route-template}, child of the caller's W3C
 * {@code traceparent} when it sent one, with the HTTP semantic-convention attributes and an error status for 5xx.
 *
 * <p>A Jersey event listener rather than a pair of filters: it sees the end of every request (also one whose
 * exception no mapper handled) and the moments a request changes threads. A charge's answer is written by the
 * thread that commits it, not the one that read the request, so the span is made current (with {@code trace.id}
 * and {@code span.id} in the MDC, for the log lines) on each thread while it works on the request, and on no
 * thread after.
 */
final class ServerSpans implements ApplicationEventListener {
    static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
    static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
    static final AttributeKey<String> PATH = AttributeKey.stringKey("url.path");
    static final AttributeKey<String> SCHEME = AttributeKey.stringKey("url.scheme");
    static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    static final AttributeKey<String> USER_AGENT = AttributeKey.stringKey("user_agent.original");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    private static final TextMapGetter<ContainerRequest> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(ContainerRequest request) {
            return request.getHeaders().keySet();
        }

        @Override
        public String get(ContainerRequest request, String name) {
            return request == null ? null : request.getHeaderString(name);
        }
    };

    private final Tracer tracer;

    ServerSpans(Tracer tracer) {
        this.tracer = tracer;
    }

    @Override
    public void onEvent(ApplicationEvent event) {
        // nothing to do for the application's life cycle
    }

    @Override
    public RequestEventListener onRequest(RequestEvent start) {
        return new RequestSpan(start.getContainerRequest());
    }

    private final class RequestSpan implements RequestEventListener {
        private final Span span;
        private final Context parent;
        private final String method;
        /** The scope open on {@link #scopeThread}; events of one request never run concurrently. */
        private volatile Scope scope;
        private volatile Thread scopeThread;
        private volatile Throwable failure;

        RequestSpan(ContainerRequest request) {
            method = request.getMethod();
            Context parent = W3CTraceContextPropagator.getInstance().extract(Context.root(), request, HEADERS);
            URI uri = request.getRequestUri();
            var builder = tracer.spanBuilder(method).setParent(parent).setSpanKind(SpanKind.SERVER)
                    .setAttribute(METHOD, method)
                    .setAttribute(PATH, uri.getRawPath())
                    .setAttribute(SCHEME, uri.getScheme())
                    .setAttribute(SERVER_ADDRESS, uri.getHost());
            if (uri.getPort() > 0) {
                builder.setAttribute(SERVER_PORT, (long) uri.getPort());
            }
            String agent = request.getHeaderString("User-Agent");
            if (agent != null) {
                builder.setAttribute(USER_AGENT, agent);
            }
            span = builder.startSpan();
            this.parent = parent;
            enter();
        }

        @Override
        public void onEvent(RequestEvent event) {
            switch (event.getType()) {
                case REQUEST_MATCHED -> {
                    String route = route(event.getUriInfo());
                    if (route != null) {
                        span.updateName(method + " " + route);
                        span.setAttribute(ROUTE, route);
                    }
                }
                // The request thread leaves here when the resource answered with a stage (a charge waiting for
                // its commit); whichever thread carries on enters again below.
                case RESOURCE_METHOD_FINISHED -> leave();
                case ON_EXCEPTION -> {
                    failure = event.getException();
                    enter();
                }
                case FINISHED -> {
                    finish(event.getContainerResponse());
                    leave();
                }
                default -> enter();
            }
        }

        /** Makes the span current on this thread, unless it already is. */
        private void enter() {
            if (scope != null && scopeThread == Thread.currentThread()) {
                return;
            }
            scope = Tracing.makeCurrent(parent, span);
            scopeThread = Thread.currentThread();
        }

        private void leave() {
            if (scope == null || scopeThread != Thread.currentThread()) {
                return;
            }
            scope.close();
            scope = null;
            scopeThread = null;
        }

        private void finish(ContainerResponse response) {
            if (response != null) {
                int status = response.getStatus();
                span.setAttribute(STATUS, (long) status);
                if (status >= 500) {
                    span.setStatus(StatusCode.ERROR);
                    span.setAttribute(ERROR_TYPE, Integer.toString(status));
                    if (failure != null) {
                        span.recordException(failure);
                    }
                }
            } else {
                span.setStatus(StatusCode.ERROR);
                span.setAttribute(ERROR_TYPE, failure == null ? "no_response" : failure.getClass().getName());
                if (failure != null) {
                    span.recordException(failure);
                }
            }
            span.end();
        }
    }

    /** {@code /v1/charges/{id}}: the matched templates joined, outermost first; {@code null} when none matched. */
    static String route(ExtendedUriInfo info) {
        if (info == null) {
            return null;
        }
        List<UriTemplate> templates = info.getMatchedTemplates();
        if (templates.isEmpty()) {
            return null;
        }
        StringBuilder route = new StringBuilder();
        for (int i = templates.size() - 1; i >= 0; i--) {
            String part = templates.get(i).getTemplate();
            if (part.isEmpty() || part.equals("/")) {
                continue;
            }
            if (part.charAt(0) != '/') {
                route.append('/');
            }
            route.append(part.endsWith("/") ? part.substring(0, part.length() - 1) : part);
        }
        return route.length() == 0 ? "/" : route.toString();
    }
}
