package dev.payrail.invoice.core;

import java.util.Objects;

/**
 * An invoice claimed by a payment run, with the attempt recorded for it before the provider is called.
 *
 * @param invoiceId  the invoice, now PROCESSING
 * @param customerId who is charged
 * @param amount     what is charged
 * @param attemptNo  the number of this attempt
 */
public record Claim(long invoiceId, long customerId, Money amount, int attemptNo) {
    public Claim {
        Objects.requireNonNull(amount, "amount");
        if (attemptNo < 1) {
            throw new IllegalArgumentException("attemptNo must be at least 1, was " + attemptNo);
        }
    }

    /** The idempotency key sent with this attempt. */
    public String idempotencyKey() {
        return Attempt.keyFor(invoiceId, attemptNo);
    }
}
