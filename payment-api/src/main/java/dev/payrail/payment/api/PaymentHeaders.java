package dev.payrail.payment.api;

/** The HTTP headers of the contract. */
public final class PaymentHeaders {
    /** Request header that makes {@code POST /v1/charges} safe to retry. */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** Response header, {@code true} when the response is a stored one replayed for a repeated key. */
    public static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";
    /** Response header on every response: the provider's id of the request, for support and logs. */
    public static final String REQUEST_ID = "Request-Id";
    /** Response header on 429 and 503: seconds to wait before retrying. */
    public static final String RETRY_AFTER = "Retry-After";
    /** The media type of error bodies (RFC 9457). */
    public static final String PROBLEM_JSON = "application/problem+json";

    private PaymentHeaders() {
    }
}
