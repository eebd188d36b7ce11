package dev.payrail.payment.client;

import java.util.Objects;

/**
 * Why a call to the payment provider failed. The family is closed: every failure of {@link PaymentClient} is one
 * of the permitted subclasses, and nothing else (no JSON, HTTP or I/O exception) escapes the client.
 *
 * <p>Each carries the HTTP {@link #status()} (0 when no response was received), the stable {@link #code()} and
 * the provider's {@link #requestId()}, and {@link #getMessage()} includes them, for example
 * {@code payment-provider unavailable after 3 attempts over 2150 ms (last: 503 unavailable, request id req_1f,
 * idempotency key inv-42-1)}.
 *
 * <p>Branch on the type (or on {@link #code()}), never on the message:
 * <pre>{@code
 * try {
 *     Charge charge = payments.charge(request, key);
 * } catch (CustomerNotFoundException | CurrencyMismatchException e) {
 *     // the invoice cannot be charged as it is: mark it for a human
 * } catch (PaymentUnavailableException e) {
 *     // the outcome is unknown: payments.findByIdempotencyKey(key) tells it later
 * }
 * }</pre>
 */
public abstract sealed class PaymentException extends RuntimeException
        permits AuthenticationException, CurrencyMismatchException, CustomerNotFoundException,
                IdempotencyConflictException, InvalidRequestException, PaymentUnavailableException,
                RateLimitedException {
    private static final long serialVersionUID = 1L;

    /** HTTP status, 0 without a response. */
    private final int status;
    /** Stable error code. */
    private final String code;
    /** Provider's request id, or null. */
    private final String requestId;

    PaymentException(String summary, int status, String code, String requestId, Diagnosis diagnosis,
            Throwable cause) {
        super(message(summary, status, code, requestId, diagnosis == null ? Diagnosis.NONE : diagnosis), cause);
        if (status != 0 && (status < 100 || status > 599)) {
            throw new IllegalArgumentException("status must be 0 (no response) or an HTTP status, was " + status);
        }
        this.status = status;
        this.code = Objects.requireNonNull(code, "code == null");
        this.requestId = requestId;
    }

    /**
     * The HTTP status of the (last) response.
     *
     * @return the status, or {@code 0} when no response was received
     */
    public int status() {
        return status;
    }

    /**
     * The stable, machine-readable code: a provider {@link dev.payrail.payment.api.ErrorCode} such as
     * {@code customer_not_found}, or, when there was no usable problem response, one of the client's own:
     * {@code timeout}, {@code connection_failed}, {@code malformed_response}, {@code interrupted},
     * {@code token_unavailable}, or {@code http_<status>} for an error response without a problem body.
     *
     * @return the code, never {@code null}
     */
    public String code() {
        return code;
    }

    /**
     * The provider's {@code Request-Id} of the (last) response, for support and logs.
     *
     * @return the request id, or {@code null} when there was none
     */
    public String requestId() {
        return requestId;
    }

    private static String message(String summary, int status, String code, String requestId, Diagnosis d) {
        StringBuilder message = new StringBuilder(Objects.requireNonNull(summary, "summary == null"));
        if (d.attempts() > 1) {
            message.append(" after ").append(d.attempts()).append(" attempts over ")
                    .append(d.elapsedMillis()).append(" ms");
        }
        message.append(" (");
        if (d.attempts() > 1) {
            message.append("last: ");
        }
        if (status != 0) {
            message.append(status).append(' ');
        }
        message.append(code);
        if (d.reason() != null) {
            message.append(": ").append(d.reason());
        }
        message.append(requestId == null ? ", no request id" : ", request id " + requestId);
        if (d.idempotencyKey() != null) {
            message.append(", idempotency key ").append(d.idempotencyKey());
        }
        return message.append(')').toString();
    }
}
