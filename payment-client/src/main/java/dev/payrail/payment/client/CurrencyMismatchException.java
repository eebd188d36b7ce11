package dev.payrail.payment.client;

/**
 * The customer is charged in another currency: a customer's currency is fixed by its registration or first charge.
 *
 * <p>Status {@code 422}, code {@code currency_mismatch}. Not retried: the same request would fail the same way.
 */
public final class CurrencyMismatchException extends PaymentException {
    private static final long serialVersionUID = 1L;

    /**
     * For tests and fakes; the client builds its own with the call's details.
     *
     * @param detail    what went wrong, for the message
     * @param requestId the provider's request id, or {@code null}
     */
    public CurrencyMismatchException(String detail, String requestId) {
        this(detail, requestId, null);
    }

    CurrencyMismatchException(String detail, String requestId, Diagnosis diagnosis) {
        super(detail, 422, "currency_mismatch", requestId, diagnosis, null);
    }
}
