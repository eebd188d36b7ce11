package dev.payrail.provider.core;

import dev.payrail.payment.api.ErrorCode;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A request the provider answers with a problem of a known {@link ErrorCode}: thrown by the core, turned into
 * {@code application/problem+json} by one exception mapper. Expected outcomes, so no stack trace is captured.
 */
public final class ProblemException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final String field;
    private final Integer retryAfterSeconds;

    private ProblemException(ErrorCode code, String detail, String field, Integer retryAfterSeconds, Throwable cause) {
        super(detail, cause, false, false);
        this.code = Objects.requireNonNull(code, "code");
        this.field = field;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ProblemException of(ErrorCode code, String detail) {
        return new ProblemException(code, detail, null, null, null);
    }

    public static ProblemException unavailable(String detail, int retryAfterSeconds, Throwable cause) {
        return new ProblemException(ErrorCode.UNAVAILABLE, detail, null, retryAfterSeconds, cause);
    }

    public ErrorCode code() {
        return code;
    }

    /** The offending field for {@code invalid_request}, else {@code null}. */
    public String field() {
        return field;
    }

    /** Seconds for the {@code Retry-After} header, when the client should come back later. */
    public OptionalInt retryAfterSeconds() {
        return retryAfterSeconds == null ? OptionalInt.empty() : OptionalInt.of(retryAfterSeconds);
    }
}
