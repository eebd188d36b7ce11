package dev.payrail.payment.api;

import java.util.Currency;
import java.util.regex.Pattern;

/**
 * ISO 4217 currency codes as the contract accepts them: three upper-case letters naming a currency
 * with minor units (EUR, USD, DKK, SEK, GBP, JPY, ...). Funds and precious metals (XAU, XXX, ...) are refused.
 */
public final class CurrencyCode {
    /** The shape of a code on the wire (anchored, as the OpenAPI document carries it). */
    public static final String PATTERN = "^[A-Z]{3}$";
    private static final Pattern CODE = Pattern.compile(PATTERN);

    private CurrencyCode() {
    }

    /**
     * Returns {@code code} if it is an accepted ISO 4217 code.
     *
     * @throws InvalidFieldException naming {@code field} otherwise
     */
    public static String requireValid(String field, String code) {
        Fields.required(field, code);
        if (!CODE.matcher(code).matches()) {
            throw new InvalidFieldException(field, field + " must be an ISO 4217 code of three upper-case letters");
        }
        try {
            if (Currency.getInstance(code).getDefaultFractionDigits() < 0) {
                throw new InvalidFieldException(field, field + " " + code + " is not a currency with minor units");
            }
        } catch (IllegalArgumentException unknown) {
            if (unknown instanceof InvalidFieldException invalid) {
                throw invalid;
            }
            throw new InvalidFieldException(field, field + " " + code + " is not an ISO 4217 currency code");
        }
        return code;
    }

    /** The number of minor units in one major unit, as an exponent of ten: 2 for EUR, 0 for JPY. */
    public static int minorUnitDigits(String code) {
        return Currency.getInstance(requireValid("currency", code)).getDefaultFractionDigits();
    }
}
