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
@Schema(description = "A request to charge a customer for an invoice.")
public record ChargeRequest(
        @Schema(example = "17", pattern = "[A-Za-z0-9._:-]{1,64}") String customerId,
        @Schema(example = "42", pattern = "[A-Za-z0-9._:-]{1,64}") String invoiceId,
        @Schema(example = "18404", minimum = "1", maximum = "99999999999",
                description = "Amount in the currency's minor units") long amount,
        @Schema(example = "USD", pattern = "[A-Z]{3}") String currency) {

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
