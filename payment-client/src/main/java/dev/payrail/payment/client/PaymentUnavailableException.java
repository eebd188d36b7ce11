package dev.payrail.payment.client;

/**
 * The provider could not be reached or did not answer usably: connection failures, timeouts, 5xx responses
 * (each retried, with the same idempotency key, until the retries are exhausted), and responses whose body
 * could not be read (not retried), and a charge's refusal ({@code 429}, {@code 401}, another {@code 4xx}) that
 * followed an attempt of the same call whose outcome was unknown. {@link #status()} is {@code 0} when no response
 * was received.
 *
 * <p><b>The outcome is unknown</b>: a charge may have been made. Resolve it with
 * {@link Payments#findByIdempotencyKey} (or simply retry later with the same key, which can never charge twice).
 */
public final class PaymentUnavailableException extends PaymentException {
    private static final long serialVersionUID = 1L;

    /**
     * For tests and fakes; the client builds its own with the call's details.
     *
     * @param status    the HTTP status of the last response, or {@code 0} when none was received
     * @param code      for example {@code unavailable}, {@code timeout} or {@code connection_failed}
     * @param detail    what went wrong, for the message
     * @param requestId the provider's request id, or {@code null}
     * @param cause     the underlying failure, or {@code null}
     */
    public PaymentUnavailableException(int status, String code, String detail, String requestId, Throwable cause) {
        this(status, code, detail, requestId, null, cause);
    }

    PaymentUnavailableException(int status, String code, String detail, String requestId, Diagnosis diagnosis,
            Throwable cause) {
        super(detail, status, code, requestId, diagnosis, cause);
    }
}
