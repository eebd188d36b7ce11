package dev.payrail.invoice.api;

import dev.payrail.invoice.core.Money;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;

/**
 * Antaeus' money: {@code {"value":184.04,"currency":"USD"}}, the value a JSON number with the currency's decimals.
 *
 * @param value    in major units
 * @param currency ISO 4217 code
 */
@Schema(description = "An amount as Antaeus wrote it: a JSON number in major units with exactly the currency's "
        + "decimals (184.04 USD, 1500 JPY)")
public record AmountJson(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Greater than zero, in major units",
                minimum = "0", exclusiveMinimum = true, maximum = "9223372036854775807", example = "184.04")
        BigDecimal value,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "ISO 4217 code of a currency with minor "
                + "units", pattern = "^[A-Z]{3}$", minLength = 3, maxLength = 3, example = "USD")
        String currency) {

    public static AmountJson of(Money money) {
        return new AmountJson(money.value(), money.currency());
    }
}
