package dev.payrail.payment.client;

/**
 * The provider does not know the customer (with {@code REQUIRE_KNOWN_CUSTOMERS}, a customer must be registered before it is charged).
 *
 * <p>Status {@code 404}, code {@code customer_not_found}. Not retried: the same request would fail the same way.
 */
public final class CustomerNotFoundException extends PaymentException {
    private static final long serialVersionUID = 1L;

    /**
     * For tests and fakes; the client builds its own with the call's details.
     *
     * @param detail    what went wrong, for the message
     * @param requestId the provider's request id, or {@code null}
     */
    public CustomerNotFoundException(String detail, String requestId) {
        this(detail, requestId, null);
    }

    CustomerNotFoundException(String detail, String requestId, Diagnosis diagnosis) {
        super(detail, 404, "customer_not_found", requestId, diagnosis, null);
    }
}
