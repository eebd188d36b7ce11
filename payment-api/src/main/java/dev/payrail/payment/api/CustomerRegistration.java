package dev.payrail.payment.api;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Registers a customer with the currency all its charges must use.
 *
 * @param currency ISO 4217 code
 */
@Schema(description = "Registers a customer with the currency all its charges must use.")
public record CustomerRegistration(@Schema(example = "EUR", pattern = "[A-Z]{3}") String currency) {
    public CustomerRegistration {
        CurrencyCode.requireValid("currency", currency);
    }
}
