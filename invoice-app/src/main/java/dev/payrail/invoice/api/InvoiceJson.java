package dev.payrail.invoice.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.payrail.invoice.core.Invoice;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * An invoice as Antaeus served it: {@code {"id":1,"customerId":1,"amount":{...},"status":"PAID"}}, plus
 * {@code failureCode} on FAILED invoices only.
 *
 * @param id          the invoice id
 * @param customerId  the customer it bills
 * @param amount      what it bills
 * @param status      PENDING, PROCESSING, PAID or FAILED
 * @param failureCode why a FAILED invoice failed; absent otherwise
 */
@Schema(description = "An invoice, in Antaeus' shape; `failureCode` only on FAILED invoices")
@JsonPropertyOrder({"id", "customerId", "amount", "status", "failureCode"})
public record InvoiceJson(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The invoice id", minimum = "1",
                example = "42")
        long id,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The customer it bills", minimum = "1",
                example = "17")
        long customerId,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "What it bills, in the customer's currency")
        AmountJson amount,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "PENDING: payable by the next run; "
                + "PROCESSING: claimed by a run, its latest attempt in flight or of unknown outcome; PAID: charged "
                + "exactly once; FAILED: refused for a reason a retry cannot fix",
                allowableValues = {"PENDING", "PROCESSING", "PAID", "FAILED"}, example = "PAID")
        String status,
        @Schema(description = "Why a FAILED invoice failed: the provider's code (customer_not_found, "
                + "currency_mismatch, idempotency_key_reused)", minLength = 1, maxLength = 64,
                example = "currency_mismatch")
        @JsonInclude(JsonInclude.Include.NON_NULL) String failureCode) {

    public static InvoiceJson of(Invoice invoice) {
        return new InvoiceJson(invoice.id(), invoice.customerId(), AmountJson.of(invoice.amount()),
                invoice.status().name(), invoice.failureCode());
    }
}
