package dev.payrail.invoice.api;

import dev.payrail.invoice.core.Money;
import java.math.BigDecimal;

/**
 * Antaeus' money: {@code {"value":184.04,"currency":"USD"}}, the value a JSON number with the currency's decimals.
 *
 * @param value    in major units
 * @param currency ISO 4217 code
 */
public record AmountJson(BigDecimal value, String currency) {
    public static AmountJson of(Money money) {
        return new AmountJson(money.value(), money.currency());
    }
}
