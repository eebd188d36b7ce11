package dev.payrail.payment.client;

import java.util.Optional;

/**
 * The provider refused the request as malformed ({@code 400 invalid_request}, {@code 413 payload_too_large}) or
 * answered another 4xx the client has no better type for ({@code 404 not_found} when the base URI points
 * elsewhere, {@code 415}, ...). A bug on the calling side: never retried.
 */
public final class InvalidRequestException extends PaymentException {
    private static final long serialVersionUID = 1L;

    /** The offending field, or null. */
    private final String field;

    /**
     * For tests and fakes; the client builds its own with the call's details.
     *
     * @param status    the HTTP status, 4xx
     * @param code      the problem's code, for example {@code invalid_request}
     * @param field     the offending field or header, or {@code null}
     * @param detail    what went wrong, for the message
     * @param requestId the provider's request id, or {@code null}
     */
    public InvalidRequestException(int status, String code, String field, String detail, String requestId) {
        this(status, code, field, detail, requestId, null);
    }

    InvalidRequestException(int status, String code, String field, String detail, String requestId,
            Diagnosis diagnosis) {
        super(detail, requireClientError(status), code, requestId, diagnosis, null);
        this.field = field;
    }

    /**
     * The offending field or header as named on the wire ({@code amount}, {@code Idempotency-Key}).
     *
     * @return the field, if the provider named one
     */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }

    private static int requireClientError(int status) {
        if (status < 400 || status > 499) {
            throw new IllegalArgumentException("status must be 4xx, was " + status);
        }
        return status;
    }
}
