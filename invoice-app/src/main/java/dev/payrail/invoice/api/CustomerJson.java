package dev.payrail.invoice.api;

import dev.payrail.invoice.core.Customer;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A customer as Antaeus served it: {@code {"id":1,"currency":"USD"}}.
 *
 * @param id       the customer id
 * @param currency the currency it is billed in
 */
@Schema(description = "A customer, in Antaeus' shape")
public record CustomerJson(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The customer id", minimum = "1",
                example = "17")
        long id,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "ISO 4217 code of the currency it is "
                + "billed in", pattern = "^[A-Z]{3}$", minLength = 3, maxLength = 3, example = "USD")
        String currency) {

    public static CustomerJson of(Customer customer) {
        return new CustomerJson(customer.id(), customer.currency());
    }
}
