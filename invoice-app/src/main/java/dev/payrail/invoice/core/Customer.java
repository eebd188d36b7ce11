package dev.payrail.invoice.core;

import dev.payrail.payment.api.CurrencyCode;

/**
 * A customer, charged in one currency.
 *
 * @param id       positive
 * @param currency ISO 4217 code
 */
public record Customer(long id, String currency) {
    public Customer {
        if (id <= 0) {
            throw new IllegalArgumentException("customer id must be positive, was " + id);
        }
        CurrencyCode.requireValid("currency", currency);
    }
}
