package dev.payrail.payment.client;

import java.time.Duration;
import java.util.Optional;

/**
 * The provider answered {@code 429 rate_limited} to every attempt. Retried (honouring {@code Retry-After} up to
 * the client's maximum backoff) and thrown only when the retries are exhausted. Nothing was charged.
 */
public final class RateLimitedException extends PaymentException {
    private static final long serialVersionUID = 1L;

    /** The last Retry-After, or null. */
    private final Duration retryAfter;

    /**
     * For tests and fakes; the client builds its own with the call's details.
     *
     * @param detail     what went wrong, for the message
     * @param requestId  the provider's request id, or {@code null}
     * @param retryAfter how long the provider asked to wait, or {@code null}
     */
    public RateLimitedException(String detail, String requestId, Duration retryAfter) {
        this(detail, requestId, retryAfter, null);
    }

    RateLimitedException(String detail, String requestId, Duration retryAfter, Diagnosis diagnosis) {
        super(detail, 429, "rate_limited", requestId, diagnosis, null);
        if (retryAfter != null && retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be negative, was " + retryAfter);
        }
        this.retryAfter = retryAfter;
    }

    /**
     * How long the provider asked to wait: its last {@code Retry-After}.
     *
     * @return the wait, if the provider said
     */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
