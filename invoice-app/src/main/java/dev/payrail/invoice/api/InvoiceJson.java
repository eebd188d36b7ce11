package dev.payrail.invoice.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.payrail.invoice.core.Invoice;

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
@JsonPropertyOrder({"id", "customerId", "amount", "status", "failureCode"})
public record InvoiceJson(
        long id,
        long customerId,
        AmountJson amount,
        String status,
        @JsonInclude(JsonInclude.Include.NON_NULL) String failureCode) {

    public static InvoiceJson of(Invoice invoice) {
        return new InvoiceJson(invoice.id(), invoice.customerId(), AmountJson.of(invoice.amount()),
                invoice.status().name(), invoice.failureCode());
    }
}
