package dev.payrail.payment.client;

import dev.payrail.payment.api.ErrorCode;
import java.time.Duration;

/** What one attempt produced: a value, or a failure described well enough to decide on a retry. */
sealed interface Outcome<T> {

    /** The attempt produced the answer. */
    record Success<T>(T value) implements Outcome<T> {
    }

    /**
     * The attempt failed.
     *
     * @param kind       where it failed
     * @param status     HTTP status, or 0 without a response
     * @param code       the problem's code, or the client's own ({@code timeout}, {@code connection_failed}, ...)
     * @param requestId  the response's {@code Request-Id}, or {@code null}
     * @param detail     for the message: the problem's detail, or what was wrong with the response
     * @param field      the problem's field, or {@code null}
     * @param retryAfter the response's {@code Retry-After}, or {@code null}
     * @param cause      the underlying exception, or {@code null}
     */
    record Failure<T>(Kind kind, int status, String code, String requestId, String detail, String field,
            Duration retryAfter, Throwable cause) implements Outcome<T> {

        /** Where an attempt failed. */
        enum Kind {
            /** No response: connection refused or reset, timeout. */
            TRANSPORT,
            /** An error response (status outside 2xx, or a 404 a lookup does not turn into empty). */
            RESPONSE,
            /** A response whose body could not be read or is not what the contract promises. */
            UNREADABLE,
            /** The token provider failed; nothing was sent. */
            TOKEN
        }

        boolean is(ErrorCode errorCode) {
            return status == errorCode.status() && errorCode.code().equals(code);
        }

        @SuppressWarnings("unchecked")
        <U> Failure<U> retype() {
            return (Failure<U>) this;
        }
    }
}
