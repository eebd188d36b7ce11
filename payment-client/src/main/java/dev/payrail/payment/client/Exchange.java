package dev.payrail.payment.client;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.payrail.payment.api.ErrorCode;
import dev.payrail.payment.api.PaymentHeaders;
import dev.payrail.payment.api.Problem;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * One HTTP exchange: adds the bearer token to a request an {@link Endpoint} built from payment-api, sends it, reads
 * the whole body as bytes, and answers an {@link Outcome}. Everything a library can throw is caught here and
 * described, so no httpclient, Jackson or I/O exception reaches a caller.
 */
final class Exchange {
    static final String HTTP_CODE_PREFIX = "http_";
    private static final int MAX_DETAIL = 200;
    private static final byte[] NO_BODY = new byte[0];

    private final Transport transport;
    private final TokenProvider tokens;
    private final ObjectMapper json;
    /** The last token the provider gave, checked, with its header value: providers hand out one until it rotates. */
    private volatile Authorization authorization;

    private record Authorization(String token, String header) {
    }

    Exchange(Transport transport, TokenProvider tokens, ObjectMapper json) {
        this.transport = transport;
        this.tokens = tokens;
        this.json = json;
    }

    /** The JSON mapping of the wire types: ISO-8601 instants, and unknown members ignored (tolerant reader). */
    static ObjectMapper objectMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                // Registered after JavaTimeModule, so it takes precedence for Instant.
                .registerModule(new SimpleModule("payrail-instants")
                        .addDeserializer(Instant.class, new UtcInstantDeserializer()))
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    }

    /** A call whose 2xx body is a {@code T}. */
    <T> Outcome<T> send(Supplier<ClassicHttpRequest> request, Class<T> type) {
        return exchange(request, type, null);
    }

    /** A lookup: a 2xx body is the {@code T}, a 404 with the code {@code absent} is empty. */
    <T> Outcome<Optional<T>> find(Supplier<ClassicHttpRequest> request, Class<T> type, ErrorCode absent) {
        return exchange(request, type, absent);
    }

    @SuppressWarnings("unchecked")
    private <T, R> Outcome<R> exchange(Supplier<ClassicHttpRequest> prepare, Class<T> type, ErrorCode absent) {
        Authorization auth;
        try {
            auth = authorization();
        } catch (RuntimeException e) {
            return new Outcome.Failure<>(Outcome.Failure.Kind.TOKEN, 0, "token_unavailable", null,
                    "token provider failed", null, null, e);
        }
        ClassicHttpResponse response;
        try {
            ClassicHttpRequest request = prepare.get();
            request.setHeader(HttpHeaders.AUTHORIZATION, auth.header());
            response = transport.open(request);
        } catch (IOException | RuntimeException e) {
            return (Outcome<R>) noResponse(e);
        }
        try {
            int status = response.getCode();
            String requestId = header(response, PaymentHeaders.REQUEST_ID);
            byte[] body;
            try {
                HttpEntity entity = response.getEntity();
                body = entity == null ? NO_BODY : EntityUtils.toByteArray(entity);
            } catch (IOException | RuntimeException e) {
                return unreadable(status, requestId, "body could not be read: " + describe(rootCause(e)), e);
            }
            if (status >= 200 && status < 300) {
                Optional<T> value;
                try {
                    value = Optional.of(parse(body, type));
                } catch (IOException | RuntimeException e) {
                    return unreadable(status, requestId,
                            describeBody(response, body) + " is not a " + type.getSimpleName() + ": "
                                    + describe(rootCause(e)), e);
                }
                return new Outcome.Success<>((R) (absent == null ? value.get() : value));
            }
            Outcome.Failure<R> failure = errorResponse(response, status, requestId, body);
            if (absent != null && failure.is(absent)) {
                return new Outcome.Success<>((R) Optional.empty());
            }
            return failure;
        } finally {
            try {
                // A fully read body has already given the connection back to the pool; otherwise it is discarded.
                response.close();
            } catch (IOException | RuntimeException ignored) {
                // The body has been read or abandoned; a failure to release the connection changes no answer.
            }
        }
    }

    /** Asks the token provider on every attempt, so a rotated token is picked up by the next request. */
    private Authorization authorization() {
        String token = tokens.token();
        Authorization last = authorization;
        if (last != null && last.token().equals(token)) {
            return last;
        }
        Authorization fresh = new Authorization(Tokens.requireUsable(token, "token"), "Bearer " + token);
        authorization = fresh;
        return fresh;
    }

    private static String header(ClassicHttpResponse response, String name) {
        Header header = response.getFirstHeader(name);
        return header == null ? null : header.getValue();
    }

    private <T> T parse(byte[] body, Class<T> type) throws IOException {
        if (body.length == 0) {
            throw new IOException("the body is empty");
        }
        T value = json.readValue(body, type);
        if (value == null) {
            throw new IOException("the body is null");
        }
        return value;
    }

    private <R> Outcome.Failure<R> errorResponse(ClassicHttpResponse response, int status, String requestId, byte[] body) {
        Duration retryAfter = retryAfter(header(response, PaymentHeaders.RETRY_AFTER));
        Problem problem = problem(body);
        if (problem == null || problem.code() == null) {
            return new Outcome.Failure<>(Outcome.Failure.Kind.RESPONSE, status, HTTP_CODE_PREFIX + status, requestId,
                    describeBody(response, body) + ", not problem+json",
                    null, retryAfter, null);
        }
        String detail = firstPresent(problem.detail(), problem.title(), problem.code());
        return new Outcome.Failure<>(Outcome.Failure.Kind.RESPONSE, status, problem.code(),
                requestId != null ? requestId : problem.requestId(), truncate(detail), problem.field(), retryAfter,
                null);
    }

    private Problem problem(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            return json.readValue(body, Problem.class);
        } catch (IOException | RuntimeException notAProblem) {
            return null;
        }
    }

    private static <R> Outcome.Failure<R> unreadable(int status, String requestId, String detail, Throwable cause) {
        return new Outcome.Failure<>(Outcome.Failure.Kind.UNREADABLE, status, "malformed_response", requestId,
                truncate(detail), null, null, rootCause(cause));
    }

    private static Outcome.Failure<Object> noResponse(Exception e) {
        Throwable root = rootCause(e);
        // Socket and connect timeouts are both InterruptedIOExceptions (httpclient's ConnectTimeoutException too).
        String code = root instanceof InterruptedIOException ? "timeout" : "connection_failed";
        return new Outcome.Failure<>(Outcome.Failure.Kind.TRANSPORT, 0, code, null, truncate(describe(root)), null,
                null, root);
    }

    /** {@code Retry-After} in delta-seconds, the form the contract uses; anything else is ignored. */
    static Duration retryAfter(String header) {
        if (header == null) {
            return null;
        }
        String value = header.strip();
        if (value.isEmpty() || value.length() > 9 || !value.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return Duration.ofSeconds(Long.parseLong(value));
    }

    private static String describeBody(ClassicHttpResponse response, byte[] body) {
        if (body.length == 0) {
            return "an empty body";
        }
        return "a " + body.length + "-byte " + mediaType(header(response, HttpHeaders.CONTENT_TYPE)) + " body";
    }

    /** {@code type/subtype} of a {@code Content-Type}, without parameters. */
    private static String mediaType(String contentType) {
        if (contentType == null) {
            return "untyped";
        }
        int parameters = contentType.indexOf(';');
        String type = (parameters < 0 ? contentType : contentType.substring(0, parameters)).strip();
        return type.isEmpty() ? "untyped" : type.toLowerCase(Locale.ROOT);
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : " " + firstLine(message));
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static String truncate(String text) {
        return text.length() <= MAX_DETAIL ? text : text.substring(0, MAX_DETAIL) + "...";
    }

    private static String firstPresent(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return "";
    }

    static Throwable rootCause(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}
