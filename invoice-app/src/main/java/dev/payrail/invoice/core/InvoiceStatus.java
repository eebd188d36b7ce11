package dev.payrail.invoice.core;

/** Where an invoice is in its life. */
public enum InvoiceStatus {
    /** Payable: the next payment run attempts it (again, after a decline). */
    PENDING,
    /**
     * Claimed by a payment run: its latest attempt is in flight, or its outcome is unknown and the next run
     * resolves it with the provider before anything else happens to the invoice.
     */
    PROCESSING,
    /** Charged successfully, exactly once. */
    PAID,
    /** The provider refused it for a reason a retry cannot fix (customer_not_found, currency_mismatch). */
    FAILED;

    /** The status named by {@code value}, case-sensitive as on the wire. */
    public static java.util.Optional<InvoiceStatus> parse(String value) {
        for (InvoiceStatus status : values()) {
            if (status.name().equals(value)) {
                return java.util.Optional.of(status);
            }
        }
        return java.util.Optional.empty();
    }
}
