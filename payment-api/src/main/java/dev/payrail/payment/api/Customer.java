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
        @Schema(example = "17") String id,
        @Schema(example = "EUR") String currency,
        @Schema(example = "2026-11-21T10:15:30Z") Instant createdAt) {
    public Customer {
        Fields.required("id", id);
        Fields.required("currency", currency);
        Fields.required("createdAt", createdAt);
    }
}
