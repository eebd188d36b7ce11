package dev.payrail.invoice.core;

/** What became of one charge attempt. */
public enum AttemptOutcome {
    /** Recorded before the provider was called; no answer yet. */
    IN_FLIGHT,
    /** The provider charged the customer. */
    SUCCEEDED,
    /** The provider declined the charge; the invoice stays payable. */
    DECLINED,
    /** The provider refused it for good (customer_not_found, currency_mismatch); the invoice is FAILED. */
    FAILED,
    /** No answer was received (timeout, transport error after retries): the next run asks the provider. */
    UNKNOWN,
    /** The provider refused the request before charging, or has no charge for its key. */
    NOT_CHARGED;

    /** Whether the outcome is settled; IN_FLIGHT and UNKNOWN are not. */
    public boolean settled() {
        return this != IN_FLIGHT && this != UNKNOWN;
    }
}
