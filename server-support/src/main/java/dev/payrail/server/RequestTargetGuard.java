package dev.payrail.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.payrail.payment.api.ErrorCode;
import dev.payrail.payment.api.PaymentHeaders;
import dev.payrail.payment.api.Problem;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Objects;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.HttpHandlerRegistration;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.http.server.ServerConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands in front of Jersey's Grizzly container and answers {@code 400 invalid_request} (problem+json, with a
 * {@code Request-Id}) to a request target that is not a URI: a raw {@code <}, {@code |}, {@code "}, {@code {}, a
 * malformed {@code %} escape. Jersey builds {@code java.net.URI}s from the target before any filter or mapper
 * runs, and its failure would otherwise reach Grizzly as an HTML 500 page with a stack trace.
 */
public final class RequestTargetGuard extends HttpHandler {
    private static final Logger log = LoggerFactory.getLogger(RequestTargetGuard.class);
    private static final int MAX_ECHOED = 200;

    private final HttpHandler jersey;
    private final ObjectMapper mapper;

    private RequestTargetGuard(HttpHandler jersey, ObjectMapper mapper) {
        super(jersey.getName());
        this.jersey = jersey;
        this.mapper = mapper;
    }

    /** Puts a guard in front of every handler of {@code http} (before it starts), under the same mappings. */
    public static void install(HttpServer http, ObjectMapper mapper) {
        Objects.requireNonNull(mapper, "mapper");
        ServerConfiguration configuration = http.getServerConfiguration();
        Map<HttpHandler, HttpHandlerRegistration[]> handlers = Map.copyOf(configuration.getHttpHandlersWithMapping());
        handlers.forEach((handler, registrations) -> {
            configuration.removeHttpHandler(handler);
            configuration.addHttpHandler(new RequestTargetGuard(handler, mapper), registrations);
        });
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        try {
            jersey.service(request, response);
        } catch (IllegalArgumentException e) {
            // Jersey maps every failure inside the application itself; what escapes wrapping a URISyntaxException
            // is its own conversion of the request line (or Host) into URIs, before anything was written.
            if (!(e.getCause() instanceof URISyntaxException syntax) || response.isCommitted()) {
                throw e;
            }
            refuse(request, response, syntax);
        }
    }

    @Override
    public void start() {
        jersey.start();
    }

    @Override
    public void destroy() {
        jersey.destroy();
    }

    private void refuse(Request request, Response response, URISyntaxException syntax) throws java.io.IOException {
        String target = abbreviate(request.getRequestURI()
                + (request.getQueryString() == null ? "" : "?" + request.getQueryString()));
        String requestId = RequestIds.newId();
        log.info("refused {} {}: the request target is not a URI ({}) [{}]", request.getMethod(), target,
                syntax.getReason(), requestId);
        byte[] body = mapper.writeValueAsBytes(Problem.of(ErrorCode.INVALID_REQUEST,
                "the request target must be a URI (RFC 3986; percent-encode other characters): "
                        + syntax.getReason() + " in " + target, null, requestId));
        response.reset();
        response.setStatus(ErrorCode.INVALID_REQUEST.status());
        response.setContentType(PaymentHeaders.PROBLEM_JSON);
        response.setHeader(PaymentHeaders.REQUEST_ID, requestId);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** At most {@value #MAX_ECHOED} characters, each printable ASCII or escaped, so logs and bodies stay sane. */
    static String abbreviate(String text) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        for (; i < text.length() && out.length() < MAX_ECHOED; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            } else {
                out.append(String.format("\\u%04X", (int) c));
            }
        }
        return i < text.length() ? out + "…(" + text.length() + " characters)" : out.toString();
    }
}
