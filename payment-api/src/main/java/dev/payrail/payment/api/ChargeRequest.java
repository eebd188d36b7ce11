package dev.payrail.payment.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A request to charge a customer for an invoice.
 *
 * @param customerId the customer's id at the provider
 * @param invoiceId  the invoice being paid, stored on the charge
 * @param amount     in the currency's minor units (cents for USD), 1 to {@link #MAX_AMOUNT}
 * @param currency   ISO 4217 code; a customer is charged in one currency only
 */
@Schema(description = "A request to charge a customer for an invoice. Unknown fields are refused.",
        additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
public record ChargeRequest(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "cust-17", pattern = Fields.IDENTIFIER_PATTERN,
                minLength = 1, maxLength = 64, description = "The customer's id at the provider") String customerId,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "inv-42", pattern = Fields.IDENTIFIER_PATTERN,
                minLength = 1, maxLength = 64, description = "The invoice being paid, stored on the charge")
        String invoiceId,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "18404", minimum = "1",
                maximum = "99999999999", format = "int64",
                description = "Amount in the currency's minor units (cents for USD), 1 to 99,999,999,999") long amount,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "USD", pattern = CurrencyCode.PATTERN,
                minLength = 3, maxLength = 3,
                description = "ISO 4217 code of a currency with minor units; a customer is charged in one only")
        String currency) {

    /** The largest amount one charge may carry, in minor units. */
    public static final long MAX_AMOUNT = 99_999_999_999L;

    public ChargeRequest {
        Fields.identifier("customerId", customerId);
        Fields.identifier("invoiceId", invoiceId);
        if (amount < 1 || amount > MAX_AMOUNT) {
            throw new InvalidFieldException("amount",
                    "amount must be between 1 and " + MAX_AMOUNT + " minor units, was " + amount);
        }
        CurrencyCode.requireValid("currency", currency);
    }

    /**
     * The JSON creator: a missing {@code amount} is refused by name instead of read as zero.
     */
    @JsonCreator
    static ChargeRequest fromJson(
            @JsonProperty("customerId") String customerId,
            @JsonProperty("invoiceId") String invoiceId,
            @JsonProperty("amount") Long amount,
            @JsonProperty("currency") String currency) {
        return new ChargeRequest(customerId, invoiceId, Fields.required("amount", amount), currency);
    }
}
