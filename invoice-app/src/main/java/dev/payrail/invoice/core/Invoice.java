package dev.payrail.invoice.core;

import java.util.Objects;

/**
 * An invoice.
 *
 * @param id          positive
 * @param customerId  the customer it bills
 * @param amount      what it bills
 * @param status      where it is in its life
 * @param failureCode for {@link InvoiceStatus#FAILED}: the provider's code ({@code customer_not_found}, ...), else null
 * @param attempts    how many charge attempts were made for it
 */
public record Invoice(long id, long customerId, Money amount, InvoiceStatus status, String failureCode, int attempts) {
    public Invoice {
        if (id <= 0) {
            throw new IllegalArgumentException("invoice id must be positive, was " + id);
        }
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(status, "status");
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must not be negative, was " + attempts);
        }
    }

    /** A new, payable invoice. */
    public static Invoice pending(long id, long customerId, Money amount) {
        return new Invoice(id, customerId, amount, InvoiceStatus.PENDING, null, 0);
    }
}
