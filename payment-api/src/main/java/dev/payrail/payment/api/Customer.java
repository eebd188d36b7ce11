package dev.payrail.payment.api;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/**
 * A customer account at the provider. Its currency is fixed by registration or by its first charge.
 *
 * @param id        the customer's id
 * @param currency  the only currency it can be charged in
 * @param createdAt when the account was created
 */
@Schema(description = "A customer account; its currency is fixed by registration or by its first charge.")
public record Customer(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "cust-17", pattern = Fields.IDENTIFIER_PATTERN,
                description = "The customer's id") String id,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "EUR", pattern = CurrencyCode.PATTERN,
                description = "The only currency it can be charged in") String currency,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "2026-11-21T10:15:30Z",
                description = "When the account was created (UTC)") Instant createdAt) {
    public Customer {
        Fields.required("id", id);
        Fields.required("currency", currency);
        Fields.required("createdAt", createdAt);
    }
}
