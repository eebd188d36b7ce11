package dev.payrail.invoice.core;

import dev.payrail.payment.api.CurrencyCode;
import java.math.BigDecimal;

/**
 * An amount in a currency, held in the currency's minor units so that arithmetic and storage are exact.
 *
 * @param minorUnits the amount in minor units (cents for USD), greater than zero
 * @param currency   an ISO 4217 code with minor units
 */
public record Money(long minorUnits, String currency) {
    public Money {
        CurrencyCode.requireValid("currency", currency);
        if (minorUnits <= 0) {
            throw new IllegalArgumentException("amount must be positive, was " + minorUnits + " minor units");
        }
    }

    /** The amount in major units with exactly the currency's decimals: 18404 USD is 184.04. */
    public BigDecimal value() {
        return BigDecimal.valueOf(minorUnits, CurrencyCode.minorUnitDigits(currency));
    }

    @Override
    public String toString() {
        return value().toPlainString() + " " + currency;
    }
}
