package dev.payrail.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.payrail.payment.api.ErrorCode;
import dev.payrail.payment.api.PaymentHeaders;
import dev.payrail.payment.api.Problem;
import java.util.Objects;
import org.glassfish.grizzly.http.server.ErrorPageGenerator;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.Request;

/**
 * The answers Grizzly gives itself, before a request reaches Jersey, as problem+json instead of its HTML pages:
 * above all the {@code 503} to a request that arrives on a kept-alive connection while the server shuts down
 * gracefully. That request was not processed, so it says so and carries {@code Retry-After}: a client retries it
 * (on another replica), as it would any {@code unavailable}.
 */
public final class ProblemErrorPages implements ErrorPageGenerator {
    private static final String RETRY_AFTER_SECONDS = "1";

    private final ObjectMapper mapper;
    private final String service;

    private ProblemErrorPages(ObjectMapper mapper, String service) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.service = Objects.requireNonNull(service, "service");
    }

    /**
     * Makes {@code http} (not started yet) answer its own errors with problem+json; {@code service} names it in
     * the detail ("the provider is shutting down ...").
     */
    public static void install(HttpServer http, ObjectMapper mapper, String service) {
        http.getServerConfiguration().setDefaultErrorPageGenerator(new ProblemErrorPages(mapper, service));
    }

    @Override
    public String generate(Request request, int status, String reasonPhrase, String description, Throwable exception) {
        ErrorCode code = codeFor(status);
        String requestId = RequestIds.newId();
        String detail = status == ErrorCode.UNAVAILABLE.status()
                ? service + " is shutting down and did not process this request; retry it"
                : "the request was refused before it was processed (" + status + " " + reasonPhrase + ")";
        request.getResponse().setContentType(PaymentHeaders.PROBLEM_JSON);
        request.getResponse().setCharacterEncoding("UTF-8");
        request.getResponse().setHeader(PaymentHeaders.REQUEST_ID, requestId);
        if (code == ErrorCode.UNAVAILABLE) {
            request.getResponse().setHeader(PaymentHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        try {
            return mapper.writeValueAsString(new Problem(code.type(), code.title(), status, detail, code.code(),
                    null, requestId));
        } catch (JsonProcessingException e) {
            return null; // Grizzly then sends the status with no body
        }
    }

    private static ErrorCode codeFor(int status) {
        return switch (status) {
            case 503 -> ErrorCode.UNAVAILABLE;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            default -> status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.INVALID_REQUEST;
        };
    }
}
