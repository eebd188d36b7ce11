package dev.payrail.payment.api;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Registers a customer with the currency all its charges must use.
 *
 * @param currency ISO 4217 code
 */
@Schema(description = "Registers a customer with the currency all its charges must use. Unknown fields are refused.",
        additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
public record CustomerRegistration(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "EUR", pattern = CurrencyCode.PATTERN,
                minLength = 3, maxLength = 3, description = "ISO 4217 code of a currency with minor units")
        String currency) {
    public CustomerRegistration {
        CurrencyCode.requireValid("currency", currency);
    }
}
